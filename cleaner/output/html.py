"""One self-contained HTML report: summary, documents with findings marked, filters.

No network: the stylesheet and script are inlined, and a Content-Security-Policy
allows only those two (by hash), so a browser opening the file fetches nothing
and runs nothing else. All document text is escaped (`html_text.escape`); the
finding details the script shows on hover travel as JSON data and are put on the
page with ``textContent``, never as markup.

The page is generic over the registry: families and their colours come from
`cleaner.rules.FAMILIES`, rule names and summaries from the registered rules.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any, Sequence

from .. import __version__
from ..findings import Finding
from ..rules import FAMILIES, Rule, get_rule
from .common import Checked
from .describe import describe_fix
from .html_text import escape, highlight, json_for_script

# Light backgrounds that keep black text readable; one per family letter.
FAMILY_COLOURS = {
    "E": "#f7b2b2", "W": "#ffe08a", "C": "#d4c2f7", "D": "#a9d8f8", "B": "#bfe8b4",
    "T": "#f5c3e2", "F": "#ffbf80", "L": "#a9e8e1", "Q": "#dedea4",
}
# How many documents start unfolded; the rest open on a click, so a report of a
# big batch stays quick to scroll.
OPEN_DOCUMENTS = 100
# How many documents a report shows in full. A batch of 20 MB of news made a 69 MB
# page, which a browser opens slowly if at all; past this many documents the
# page shows the first ones with findings, and its counts still cover them all.
MAX_DOCUMENTS = 500
MAX_CLUSTER_LINKS = 5000  # documents named in the duplicate clusters, at most

_SAFE_FAMILY = re.compile(r"[A-Z]")


def render(checked: Sequence[Checked], max_documents: int = MAX_DOCUMENTS) -> str:
    return Report(checked, max_documents).page()


def family_order(letters) -> list[str]:
    """Families in the registry's order (the order stages run), unknown ones last."""
    known = list(FAMILIES)
    return sorted(set(letters), key=lambda x: (known.index(x) if x in known else len(known), x))


def family_of(code: str) -> str:
    """The family letter, or "X" for a code no family claims (kept out of class names)."""
    letter = code[:1]
    return letter if _SAFE_FAMILY.fullmatch(letter) else "X"


def family_colour(letter: str) -> str:
    if letter in FAMILY_COLOURS:
        return FAMILY_COLOURS[letter]
    hue = (ord(letter) * 47) % 360  # a family added later still gets a stable colour
    return f"hsl({hue}, 70%, 82%)"


def _rule(code: str) -> Rule | None:
    try:
        return get_rule(code)
    except ValueError:
        return None


@dataclass
class _Doc:
    index: int
    item: Checked
    first_id: int  # id of its first finding in the report-wide numbering

    @property
    def findings(self) -> list[Finding]:
        return self.item.result.findings


class Report:
    def __init__(self, checked: Sequence[Checked], max_documents: int = MAX_DOCUMENTS) -> None:
        if max_documents < 1:
            raise ValueError(f"a report shows at least one document, not {max_documents}")
        self.docs: list[_Doc] = []
        self.shown: list[_Doc] = []  # the documents shown in full; the counts cover them all
        next_id = 0  # findings are numbered over the shown documents (the script's data)
        everything = len(checked) <= max_documents
        for index, item in enumerate(checked):
            doc = _Doc(index, item, next_id)
            self.docs.append(doc)
            if len(self.shown) < max_documents and (everything or item.result.findings):
                self.shown.append(doc)
                next_id += len(item.result.findings)
        self.is_shown = {doc.index for doc in self.shown}
        self.by_doc_id: dict[str, int] = {}
        for doc in self.docs:
            self.by_doc_id.setdefault(doc.item.result.doc.id, doc.index)
        self.codes = Counter(f.code for d in self.docs for f in d.findings)
        self.families = Counter(family_of(f.code) for d in self.docs for f in d.findings)
        self.total = sum(self.codes.values())

    # -- the page ---------------------------------------------------------------------
    def page(self) -> str:
        css = _asset("report.css") + self._family_css()
        js = _asset("report.js")
        csp = ("default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
               f"style-src '{_sha256(css)}'; script-src '{_sha256(js)}'")
        title = f"cleaner report: {len(self.docs)} documents, {self.total} findings"
        return "".join([
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<link rel="icon" href="data:,">\n',
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n",
            self._header(),
            '<div class="layout">\n',
            self._filters(),
            '<main>\n', self._summary(), self._documents(), '</main>\n',
            '<aside id="panel" aria-live="polite"><p class="hint">Hover over or click a highlight, '
            'or click a finding, to see its message and fix here.</p><div id="panel-body"></div></aside>\n',
            '</div>\n',
            f'<script type="application/json" id="report-data">{json_for_script(self._data())}</script>\n',
            f"<script>{js}</script>\n</body>\n</html>\n",
        ])

    def _family_css(self) -> str:
        letters = family_order(set(FAMILIES) | set(self.families))
        return "".join(f".fam-{x}{{--fam:{family_colour(x)}}}\n" for x in letters)

    def _header(self) -> str:
        fixable = sum(1 for d in self.docs for f in d.findings if f.fix and f.fix.safe)
        with_findings = sum(1 for d in self.docs if d.findings)
        stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
        return (f'<header><h1>cleaner report</h1><p class="totals"><b>{len(self.docs)}</b> documents, '
                f'<b>{with_findings}</b> with findings; <b>{self.total}</b> findings, <b>{fixable}</b> fixable '
                f'with <code>--fix</code>. <span class="stamp">cleaner {escape(__version__)}, {stamp}</span></p>'
                '</header>\n')

    def _filters(self) -> str:
        rows = ['<nav id="filters" aria-label="Filters"><h2>Show</h2>']
        rows.append('<fieldset><legend>Families</legend>')
        for letter in family_order(self.families):
            name = FAMILIES.get(letter, "other")
            rows.append(f'<label class="fam-{letter}"><input type="checkbox" data-family="{letter}" checked> '
                        f'<span class="swatch"></span><b>{letter}</b> {escape(name)} '
                        f'<span class="count">{self.families[letter]}</span></label>')
        rows.append('</fieldset><fieldset><legend>Codes</legend>')
        order = family_order(self.families)
        for code in sorted(self.codes, key=lambda c: (order.index(family_of(c)), c)):
            rule = _rule(code)
            name = rule.name if rule else ""
            rows.append(f'<label class="fam-{family_of(code)} code" title="{escape(rule.summary if rule else code)}">'
                        f'<input type="checkbox" data-code="{escape(code)}" checked> <span class="swatch"></span>'
                        f'<b>{escape(code)}</b> <span class="count">{self.codes[code]}</span>'
                        f'<span class="rule-name">{escape(name)}</span></label>')
        rows.append('</fieldset><fieldset><legend>Documents</legend><label><input type="checkbox" '
                    'id="only-visible"> only those with shown findings</label></fieldset>')
        rows.append('<p class="filter-status" id="filter-status"></p></nav>\n')
        return "".join(rows)

    # -- summary ----------------------------------------------------------------------
    def _summary(self) -> str:
        parts = ['<section id="summary"><h2>Summary</h2><div class="cards">']
        parts.append('<table class="families"><caption>Findings per family</caption>'
                     '<thead><tr><th>family</th><th>what</th><th class="num">findings</th></tr></thead><tbody>')
        for letter in family_order(set(FAMILIES) | set(self.families)):
            count = self.families.get(letter, 0)
            parts.append(f'<tr class="{"" if count else "zero"}"><td><span class="badge fam-{letter}">{letter}'
                         f'</span></td><td>{escape(FAMILIES.get(letter, "other"))}</td>'
                         f'<td class="num">{count}</td></tr>')
        parts.append('</tbody></table>')
        parts.append('<table class="codes"><caption>Findings per code</caption><thead><tr><th>code</th>'
                     '<th>rule</th><th class="num">findings</th></tr></thead><tbody>')
        for code, count in sorted(self.codes.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = _rule(code)
            summary = f' <span class="summary">{escape(rule.summary)}</span>' if rule else ""
            parts.append(f'<tr><td><span class="badge fam-{family_of(code)}">{escape(code)}</span></td>'
                         f'<td>{escape(rule.name if rule else "")}{summary}</td><td class="num">{count}</td></tr>')
        if not self.codes:
            parts.append('<tr><td colspan="3">No findings.</td></tr>')
        parts.append('</tbody></table></div>')
        parts.append(self._per_document())
        parts.append(self._clusters())
        parts.append('</section>\n')
        return "".join(parts)

    def _per_document(self) -> str:
        letters = family_order(self.families)
        head = "".join(f'<th class="num"><span class="badge fam-{x}">{x}</span></th>' for x in letters)
        rows = [f'<h3>Findings per document</h3><div class="scroll"><table class="per-doc"><thead><tr><th>#</th>'
                f'<th>document</th>{head}<th class="num">total</th></tr></thead><tbody>']
        for doc in self.shown:
            counts = Counter(family_of(f.code) for f in doc.findings)
            cells = "".join(f'<td class="num">{counts.get(x, 0) or ""}</td>' for x in letters)
            rows.append(f'<tr><td>{doc.index + 1}</td><td><a href="#doc-{doc.index}">{escape(self._label(doc))}</a>'
                        f'</td>{cells}<td class="num">{len(doc.findings)}</td></tr>')
        rows.append('</tbody></table></div>')
        rows.append(self._not_shown_note())
        return "".join(rows)

    def _not_shown_note(self) -> str:
        """Say plainly what the page leaves out, and how to see it."""
        hidden = len(self.docs) - len(self.shown)
        if not hidden:
            return ""
        with_findings = sum(1 for d in self.docs if d.findings) - sum(1 for d in self.shown if d.findings)
        return (f'<p class="not-shown">The text of {hidden} more document{"s" if hidden != 1 else ""} '
                f'({with_findings} with findings) is not shown: this page shows the first {len(self.shown)} '
                'documents with findings, and every count on it covers all documents. Raise '
                '<code>--max-documents</code>, or narrow the run with <code>--select</code>, to see more.</p>')

    def _label(self, doc: _Doc) -> str:
        d = doc.item.result.doc
        if doc.item.is_record:
            return f"{d.id} ({doc.item.shown_path}:{d.record_line})"
        return doc.item.shown_path

    def _duplicate_of(self) -> dict[int, str]:
        """Document index -> id of the document it duplicates (annotation, else D data)."""
        edges: dict[int, str] = {}
        for doc in self.docs:
            own = doc.item.result.doc.id
            targets = [doc.item.result.annotations.get("duplicate_of")]
            targets += [f.data.get("duplicate_of") for f in doc.findings if f.data]
            for target in targets:
                if isinstance(target, str) and target and target != own:
                    edges[doc.index] = target
                    break
        return edges

    def _clusters(self) -> str:
        """Documents grouped under the first document of their duplicate chain."""
        edges = self._duplicate_of()
        clusters: dict[str, list[int]] = {}
        for index, target in edges.items():
            root, seen = target, {index}
            while root in self.by_doc_id and self.by_doc_id[root] in edges and self.by_doc_id[root] not in seen:
                seen.add(self.by_doc_id[root])
                root = edges[self.by_doc_id[root]]
            clusters.setdefault(root, []).append(index)
        if not clusters:
            return ""
        rows = ['<div class="clusters"><h3>Duplicate clusters</h3><ul class="scroll">']
        listed = 0  # documents named so far: a batch of copies can make a huge list
        for number, (root, members) in enumerate(clusters.items()):
            if listed >= MAX_CLUSTER_LINKS:
                rows.append(f'<li class="muted">… and {len(clusters) - number} more clusters</li>')
                break
            if root in self.by_doc_id:
                first = self._link(self.by_doc_id[root], escape(root))
            else:
                first = f'{escape(root)} <span class="muted">(not in this report)</span>'
            dups = ", ".join(self._link(i, escape(self._label(self.docs[i]))) for i in members)
            rows.append(f'<li>{first} ← {dups}</li>')
            listed += 1 + len(members)
        rows.append('</ul></div>')
        return "".join(rows)

    def _link(self, index: int, label: str) -> str:
        """A link to a document shown on the page; a plain label for one that is not."""
        return f'<a href="#doc-{index}">{label}</a>' if index in self.is_shown else label

    # -- documents --------------------------------------------------------------------
    def _documents(self) -> str:
        parts = ['<section id="documents"><h2>Documents</h2>', self._not_shown_note()]
        for doc in self.shown:
            parts.append(self._document(doc))
        parts.append('</section>\n')
        return "".join(parts)

    def _document(self, doc: _Doc) -> str:
        result = doc.item.result
        d = result.doc
        meta = [f'<span class="path">{escape(self._label(doc))}</span>']
        if d.title:
            meta.append(f'<span class="title">{escape(d.title)}</span>')
        if d.published:
            meta.append(f'published {d.published.isoformat()}')
        if result.annotations.get("language"):
            meta.append(f'language {escape(result.annotations["language"])}')
        dup = result.annotations.get("duplicate_of")
        if isinstance(dup, str) and dup:
            meta.append("duplicate of " + self._doc_link(dup))
        badges = "".join(f'<span class="badge fam-{x}">{x} {n}</span>'
                         for x, n in self._family_counts(doc))
        spans = [(f.start, f.end, doc.first_id + i, family_of(f.code)) for i, f in enumerate(doc.findings)]
        is_open = " open" if doc.index < OPEN_DOCUMENTS else ""
        return "".join([
            f'<details class="doc" id="doc-{doc.index}" data-doc="{doc.index}"{is_open}>',
            f'<summary><span class="doc-no">#{doc.index + 1}</span> <span class="doc-id">{escape(d.id)}</span> '
            f'{badges} <span class="shown-count" data-total="{len(doc.findings)}">{len(doc.findings)} findings</span>'
            '</summary>',
            f'<p class="meta">{" · ".join(meta)}</p>',
            # The parser drops one newline right after <pre>: give it this one, not the text's.
            f'<pre class="doc-text">\n{highlight(d.text, spans)}</pre>',
            self._finding_list(doc),
            '</details>\n',
        ])

    def _family_counts(self, doc: _Doc) -> list[tuple[str, int]]:
        counts = Counter(family_of(f.code) for f in doc.findings)
        return [(x, counts[x]) for x in family_order(counts)]

    def _doc_link(self, doc_id: str) -> str:
        if doc_id in self.by_doc_id:
            return self._link(self.by_doc_id[doc_id], escape(doc_id))
        return escape(doc_id)

    def _finding_list(self, doc: _Doc) -> str:
        if not doc.findings:
            return '<p class="no-findings">No findings.</p>'
        rows = ['<ol class="findings">']
        text = doc.item.result.doc.text
        for i, f in enumerate(doc.findings):
            fid = doc.first_id + i
            line, column = doc.item.line_index.position(f.start)
            extra = []
            if f.fix is not None:
                extra.append(f'<div class="fix">fix: {escape(describe_fix(text, f.fix))}</div>')
            data = f.data or {}
            if isinstance(data.get("duplicate_of"), str):
                extra.append(f'<div class="dup">duplicate of {self._doc_link(data["duplicate_of"])}</div>')
            if data.get("source") or data.get("note"):
                quote = "".join(f'<p class="{k}">{escape(data[k])}</p>' for k in ("source", "note") if data.get(k))
                extra.append(f'<blockquote class="fact">{quote}</blockquote>')
            rows.append(
                f'<li class="finding fam-{family_of(f.code)}" data-f="{fid}" data-code="{escape(f.code)}">'
                f'<button type="button" class="goto" data-f="{fid}">{line}:{column}</button> '
                f'<span class="badge fam-{family_of(f.code)}">{escape(f.code)}</span> '
                f'<span class="message">{escape(f.message)}</span>{"".join(extra)}</li>')
        rows.append('</ol>')
        return "".join(rows)

    # -- data for the script ----------------------------------------------------------
    def _data(self) -> dict[str, Any]:
        findings = []
        for doc in self.shown:
            text = doc.item.result.doc.text
            for f in doc.findings:
                rule = _rule(f.code)
                line, column = doc.item.line_index.position(f.start)
                data = dict(f.data) if f.data else {}
                dup = data.get("duplicate_of")
                findings.append({
                    "doc": doc.index,
                    "code": f.code,
                    "family": family_of(f.code),
                    "rule": rule.name if rule else "",
                    "summary": rule.summary if rule else "",
                    "message": f.message,
                    "severity": f.severity.value,
                    "line": line,
                    "column": column,
                    "width": f.end - f.start,
                    "fix": describe_fix(text, f.fix) if f.fix else None,
                    "data": data,
                    "duplicate_doc": self._shown_index(dup),
                })
        return {
            "families": {x: FAMILIES.get(x, "other") for x in family_order(set(FAMILIES) | set(self.families))},
            "findings": findings,
            "documents": {d.index: {"id": d.item.result.doc.id, "label": self._label(d)} for d in self.shown},
        }

    def _shown_index(self, doc_id: Any) -> int | None:
        index = self.by_doc_id.get(doc_id) if isinstance(doc_id, str) else None
        return index if index in self.is_shown else None


def _asset(name: str) -> str:
    return resources.files("cleaner.output").joinpath("assets", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
