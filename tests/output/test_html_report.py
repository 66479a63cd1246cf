"""The HTML report without a browser: self-contained, escaped, spans that match.

The browser checks (console, filters, hover) are in test_html_browser.py; these
read the page the way an HTML parser does.
"""

from __future__ import annotations

import json
import re

import pytest

from cleaner.findings import Fix
from cleaner.output.describe import describe_fix
from cleaner.output.html_text import escape, highlight, json_for_script
from output_testkit import HOSTILE_TEXT, NEWS, json_findings, parse_report, run, write_hostile


def _report(paths, capsys, tmp_path) -> str:
    out = tmp_path / "report.html"
    code, _, err = run(["report", *paths, "-o", out, "--no-progress"], capsys)
    assert code == 0, err
    assert f"wrote {out}" in err
    return out.read_text(encoding="utf-8")


def _texts(paths) -> list[str]:
    texts = []
    for path in paths:
        if str(path).endswith(".jsonl"):
            texts += [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
        else:
            texts.append(open(path, encoding="utf-8", newline="").read())
    return texts


def test_highlights_cover_exactly_the_findings(demo_rules, capsys, tmp_path):
    html = _report([NEWS], capsys, tmp_path)
    page = parse_report(html)
    texts = _texts([NEWS])
    assert page.doc_texts == texts  # every document, verbatim
    findings = json_findings([NEWS], capsys)
    assert sorted(page.finding_texts) == list(range(len(findings)))
    doc_index = {d: i for i, d in enumerate(json.loads(line)["id"] for line in NEWS.open(encoding="utf-8"))}
    for fid, f in enumerate(findings):
        text = texts[doc_index[f["doc_id"]]]
        assert page.finding_texts[fid] == text[f["start"]:f["end"]], f
        assert (fid in page.points) == (f["start"] == f["end"])


def test_self_contained_and_locked_down(demo_rules, capsys, tmp_path):
    html = _report([NEWS], capsys, tmp_path)
    page = parse_report(html)
    for tag, name, value in page.attributes:
        assert name not in ("src", "srcset", "action", "formaction"), (tag, name, value)
        if name == "href":
            assert value.startswith("#") or value == "data:,", value
    assert "link" not in page.tags or all(v == "icon" for t, n, v in page.attributes if t == "link" and n == "rel")
    assert not re.search(r"(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", html.replace(
        "json.schemastore.org", "")), "no network address in the report"
    csp = next(v for t, n, v in page.attributes if t == "meta" and n == "content" and "default-src" in (v or ""))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    scripts = page.scripts
    assert [s[0].get("type") for s in scripts] == ["application/json", None]
    data = json.loads(scripts[0][1])
    assert len(data["findings"]) == len(json_findings([NEWS], capsys))


def test_hostile_document_renders_as_text(demo_rules, capsys, tmp_path):
    paths = write_hostile(tmp_path)
    html = _report(paths, capsys, tmp_path)
    page = parse_report(html)
    # Only our two scripts, no event handler attribute, no image: nothing from the documents became markup.
    assert len(page.scripts) == 2
    assert not [a for a in page.attributes if a[1].startswith("on")]
    assert "img" not in page.tags
    assert page.doc_texts == [HOSTILE_TEXT] + _texts(paths[1:])
    data = json.loads(page.scripts[0][1])
    messages = [f["message"] for f in data["findings"] if f["code"] == "D901"]
    assert any("<script>alert(1)</script>" in m for m in messages)
    assert "<script>alert(1)</script>" not in html  # only ever escaped
    assert 'onmouseover="alert' not in html
    assert "\u2028" not in page.scripts[0][1]
    assert "</script>alert" not in html


def test_finding_data_is_shown(demo_rules, capsys, tmp_path):
    html = _report([NEWS], capsys, tmp_path)
    # F: the quoted source and note, escaped, beside the finding
    assert escape("<b>quoted</b>") in html and "Check whether the figure is still current." in html
    assert re.search(r'<blockquote class="fact"><p class="source">Demo reference: a figure &lt;b&gt;', html)


def test_duplicate_cluster_links_documents(demo_rules, capsys, tmp_path):
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("Same opening line here.\nThe rest differs.\n", encoding="utf-8")
    second.write_text("Same opening line here.\nSomething else.\n", encoding="utf-8")
    html = _report([first, second], capsys, tmp_path)
    cluster = re.search(r'<div class="clusters">.*?</div>', html, re.S).group()
    assert f'<a href="#doc-0">{first}</a> ← <a href="#doc-1">{second}</a>' in cluster
    assert f'duplicate of <a href="#doc-0">{first}</a>' in html


@pytest.mark.parametrize("text, fix, expected", [
    ("one\ntwo\nthree", Fix("", 4, 8), "remove line 2"),
    ("one\ntwo\nthree", Fix("", 7, 13), "remove line 3"),  # the break before a last line goes with it
    ("one\ntwo\nthree\n", Fix("", 0, 8), "remove lines 1–2"),
    ("a,b", Fix(" ", 2, 2), "insert “ ”"),
    ("it’s", Fix("'", 2, 3, safe=False), "replace “’” with “'” (unsafe: shown, never applied automatically)"),
    ("a  b", Fix("", 1, 2), "remove “ ”"),
])
def test_describe_fix(text, fix, expected):
    assert describe_fix(text, fix) == expected


def test_highlight_nests_and_escapes():
    out = highlight("a <b> c", [(0, 5, 0, "E"), (2, 5, 1, "W"), (6, 6, 2, "C")])
    assert out == ('<span class="hl fam-E" data-f="0">a </span>'
                   '<span class="hl fam-W multi" data-f="0 1">&lt;b&gt;</span> '
                   '<span class="hl point fam-C" data-f="2"></span>c')


def test_json_for_script_cannot_close_the_script():
    value = {"t": "</script><!-- \u2028 & done"}
    out = json_for_script(value)
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == value


def test_report_command_writes_to_stdout(demo_rules, capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A clean line.\n", encoding="utf-8")
    code, out, _ = run(["report", path, "-o", "-", "--no-progress"], capsys)
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "No findings." in out


def test_check_format_html_exits_like_check(demo_rules, capsys, tmp_path):
    out_path = tmp_path / "r.html"
    code, out, _ = run(["check", NEWS, "--format", "html", "--output", out_path, "--no-progress"], capsys)
    assert code == 1 and out == ""
    assert out_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_of_a_missing_path_is_a_usage_error(capsys, tmp_path):
    out = tmp_path / "r.html"
    code, _, err = run(["report", tmp_path / "missing.txt", "-o", out], capsys)
    assert code == 2 and "no such file" in err
    assert not out.exists()


def _batch(tmp_path, n_docs):
    """Records where every third one has nothing for the demo rules to find, and
    every later one starts like the first (a duplicate cluster)."""
    rows = []
    for i in range(n_docs):
        clean = i % 3 == 1
        text = (f"Plain line number {i}.\nNothing here.\n" if clean else
                f"Same opening line here.\nRecord {i} has two  spaces.\n")
        rows.append({"id": f"r{i}", "text": text})
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path, [r["text"] for r in rows]


def test_a_big_batch_shows_its_first_documents_with_findings_and_counts_them_all(demo_rules, capsys, tmp_path):
    path, texts = _batch(tmp_path, 12)
    out = tmp_path / "report.html"
    code, _, err = run(["report", path, "-o", out, "--no-progress", "--max-documents", "3"], capsys)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    page = parse_report(html)
    findings = json_findings([path], capsys)
    with_findings = [i for i, t in enumerate(texts) if any(f["doc_id"] == f"r{i}" for f in findings)]
    shown = with_findings[:3]
    assert page.doc_texts == [texts[i] for i in shown]
    data = json.loads(page.scripts[0][1])
    assert len(data["findings"]) == sum(f["doc_id"] in {f"r{i}" for i in shown} for f in findings)
    assert sorted(page.finding_texts) == list(range(len(data["findings"])))
    # The totals still cover every document and finding.
    assert f"<b>{len(texts)}</b> documents" in html and f"<b>{len(findings)}</b> findings" in html
    assert f"The text of {len(texts) - 3} more documents ({len(with_findings) - 3} with findings)" in html
    # Every link on the page leads to something on the page.
    targets = {v for t, n, v in page.attributes if n == "id"}
    for tag, name, value in page.attributes:
        if name == "href" and value.startswith("#doc-"):
            assert value[1:] in targets, value


def test_a_batch_under_the_limit_shows_every_document(demo_rules, capsys, tmp_path):
    path, texts = _batch(tmp_path, 6)
    html = _report([path], capsys, tmp_path)
    assert parse_report(html).doc_texts == texts
    assert 'class="not-shown"' not in html


def test_max_documents_must_be_positive(capsys, tmp_path):
    path, _ = _batch(tmp_path, 2)
    code, _, err = run(["report", path, "--max-documents", "0", "-o", tmp_path / "r.html"], capsys)
    assert code == 2 and "--max-documents: must be at least 1" in err
