/* cleaner report: filters, hover panel, jumping to findings.
   Everything shown from the data goes through textContent: document text and
   messages are untrusted and must never become markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var findings = data.findings;
  var hiddenFamilies = new Set();
  var hiddenCodes = new Set();
  var pinned = null;
  var highlights = Array.prototype.slice.call(document.querySelectorAll("pre.doc-text .hl"));
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("details.doc"));
  var onlyVisible = document.getElementById("only-visible");

  function idsOf(el) {
    var raw = el.getAttribute("data-f");
    return raw ? raw.split(" ").map(Number) : [];
  }
  function isShown(id) {
    var f = findings[id];
    return !hiddenFamilies.has(f.family) && !hiddenCodes.has(f.code);
  }
  function shownIds(el) { return idsOf(el).filter(isShown); }

  // The narrowest shown finding colours a piece of text, as in the page as served.
  function primary(ids) {
    var best = null;
    ids.forEach(function (id) {
      var f = findings[id];
      if (best === null || f.width < best.width || (f.width === best.width && f.family < best.family)) best = f;
    });
    return best;
  }

  function apply() {
    document.querySelectorAll("#filters input[data-family]").forEach(function (box) {
      if (box.checked) hiddenFamilies.delete(box.dataset.family); else hiddenFamilies.add(box.dataset.family);
    });
    document.querySelectorAll("#filters input[data-code]").forEach(function (box) {
      if (box.checked) hiddenCodes.delete(box.dataset.code); else hiddenCodes.add(box.dataset.code);
      box.disabled = hiddenFamilies.has(box.dataset.code.charAt(0));
    });
    highlights.forEach(function (el) {
      var ids = shownIds(el);
      var cls = "hl" + (el.classList.contains("point") ? " point" : "");
      if (ids.length) {
        cls += " fam-" + primary(ids).family + (ids.length > 1 ? " multi" : "");
      } else {
        cls += " off";
      }
      if (el.classList.contains("current")) cls += " current";
      el.className = cls;
    });
    var perDoc = {};
    var total = 0;
    items.forEach(function (li) {
      var id = Number(li.dataset.f);
      var shown = isShown(id);
      li.hidden = !shown;
      if (shown) {
        perDoc[findings[id].doc] = (perDoc[findings[id].doc] || 0) + 1;
        total += 1;
      }
    });
    docs.forEach(function (doc) {
      var n = perDoc[doc.dataset.doc] || 0;
      var counter = doc.querySelector(".shown-count");
      var all = Number(counter.dataset.total);
      counter.textContent = (n === all ? "" : n + " of ") + all + " findings";
      doc.hidden = onlyVisible.checked && n === 0;
    });
    document.getElementById("filter-status").textContent =
      "Showing " + total + " of " + findings.length + " findings.";
    if (pinned !== null && !pinned.filter(isShown).length) { unpin(); showPanel([]); }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function describe(id) {
    var f = findings[id];
    var box = el("div", "item fam-" + f.family);
    var head = el("h3");
    head.appendChild(el("span", "badge fam-" + f.family, f.code));
    head.appendChild(document.createTextNode(" " + (f.rule || "")));
    box.appendChild(head);
    box.appendChild(el("p", "message", f.message));
    box.appendChild(el("p", "where", data.documents[f.doc].label + " · line " + f.line + ", column " + f.column +
                       " · " + f.severity));
    if (f.summary) box.appendChild(el("p", "rule-summary", f.summary));
    if (f.fix) box.appendChild(el("p", "fix", "Fix: " + f.fix));
    if (f.duplicate_doc !== null && f.duplicate_doc !== undefined) {
      var p = el("p", "dup", "Duplicate of ");
      var a = el("a", null, data.documents[f.duplicate_doc].label);
      a.setAttribute("href", "#doc-" + Number(f.duplicate_doc));
      p.appendChild(a);
      box.appendChild(p);
    }
    var d = f.data || {};
    if (d.source || d.note) {
      var quote = el("blockquote", "fact");
      if (d.source) quote.appendChild(el("p", "source", d.source));
      if (d.note) quote.appendChild(el("p", "note", d.note));
      box.appendChild(quote);
    }
    var keys = Object.keys(d).filter(function (k) { return k !== "source" && k !== "note"; });
    if (keys.length) {
      var dl = el("dl");
      keys.forEach(function (k) {
        var v = d[k];
        dl.appendChild(el("dt", null, k));
        dl.appendChild(el("dd", null, typeof v === "string" ? v : JSON.stringify(v)));
      });
      box.appendChild(dl);
    }
    return box;
  }

  function showPanel(ids) {
    var body = document.getElementById("panel-body");
    body.replaceChildren.apply(body, ids.map(describe));
    document.querySelector("#panel .hint").hidden = ids.length > 0;
  }

  function unpin() {
    pinned = null;
    document.querySelectorAll(".current").forEach(function (n) { n.classList.remove("current"); });
  }

  function pin(ids, anchor) {
    unpin();
    pinned = ids;
    if (anchor) anchor.classList.add("current");
    var scrolled = false;
    items.forEach(function (li) {
      if (ids.indexOf(Number(li.dataset.f)) < 0) return;
      li.classList.add("current");
      if (!scrolled) {  // bring it into its list's view without moving the page
        li.parentElement.scrollTop = li.offsetTop - li.parentElement.offsetTop - 8;
        scrolled = true;
      }
    });
    showPanel(ids);
  }

  document.getElementById("filters").addEventListener("change", apply);

  document.addEventListener("mouseover", function (event) {
    var target = event.target.closest ? event.target.closest("pre.doc-text .hl") : null;
    if (!target || pinned !== null) return;
    var ids = shownIds(target);
    if (ids.length) showPanel(ids);
  });

  document.addEventListener("click", function (event) {
    var goto = event.target.closest("button.goto");
    if (goto) {
      var id = Number(goto.dataset.f);
      var mark = document.querySelector('pre.doc-text .hl[data-f~="' + id + '"]');
      if (mark) {
        mark.closest("details").open = true;
        mark.scrollIntoView({ block: "center" });
        mark.classList.add("flash");
        setTimeout(function () { mark.classList.remove("flash"); }, 1200);
      }
      pin([id], mark);
      return;
    }
    var target = event.target.closest("pre.doc-text .hl");
    if (!target) return;
    var ids = shownIds(target);
    if (!ids.length) return;
    if (pinned !== null && target.classList.contains("current")) { unpin(); return; }
    pin(ids, target);
  });

  apply();
}());
