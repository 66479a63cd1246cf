"""Shared by the output tests: run the CLI in-process, read a report's HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from cleaner.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
NEWS = FIXTURES / "news.jsonl"

# A document written to break out of the report: script tags, attribute-breaking
# quotes both ways, an event handler, a closing </pre> and </script>, a JSON
# line separator, a CR LF line end. Line 5 repeats line 1, so the demo rule
# D901 quotes it in its message, and "  " gives W901 a finding.
HOSTILE_TEXT = (
    "Breaking: <script>alert(1)</script> was found on the page\n"
    "He said \" onmouseover=\"alert(2)\" x=\" and left,then ' onfocus='alert(3)' autofocus='\n"
    "<img src=x onerror=alert(4)>  and </pre></script><!-- & &amp; \u2028 end\r\n"
    "A fourth line that ends well.\n"
    "Breaking: <script>alert(1)</script> was found on the page\n"
)
HOSTILE_ID = "a\" onmouseover=\"alert(5)\" b='<script>alert(6)</script>"


def run(argv, capsys):
    """main(argv) -> (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def json_findings(paths, capsys, *extra):
    code, out, err = run(["check", *paths, "--format", "json", "--no-progress", *extra], capsys)
    assert code in (0, 1), err
    return json.loads(out)


def write_hostile(folder: Path) -> list[Path]:
    """A plain file and a JSONL file whose names, ids, titles and texts are hostile."""
    plain = folder / "x\" onmouseover=\"alert(7)\" <img src=x onerror=alert(8)>.txt"
    plain.write_bytes(HOSTILE_TEXT.encode("utf-8"))
    records = folder / "hostile.jsonl"
    rows = [
        {"id": HOSTILE_ID, "title": "<script>alert(9)</script>\" onclick=\"alert(10)", "text": HOSTILE_TEXT},
        {"id": "<b>second</b>", "text": HOSTILE_TEXT.replace("fourth", "other")},
    ]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return [plain, records]


class ReportParser(HTMLParser):
    """What a browser would build, as far as the tests care: scripts, attributes,
    every document's text, and the text under each finding's highlights."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.attributes: list[tuple[str, str, str | None]] = []  # (tag, name, value)
        self.tags: list[str] = []
        self.doc_texts: list[str] = []
        self.finding_texts: dict[int, str] = {}
        self.points: set[int] = set()
        self.title = ""
        self._script: dict | None = None
        self._script_text: list[str] = []
        self._in_pre = False
        self._pre_started = False
        self._in_title = False
        self._spans: list[list[int]] = []  # open spans inside the pre: their finding ids

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs_d = dict(attrs)
        for name, value in attrs:
            self.attributes.append((tag, name, value))
        if tag == "script":
            self._script, self._script_text = attrs_d, []
        elif tag == "title":
            self._in_title = True
        elif tag == "pre" and "doc-text" in (attrs_d.get("class") or ""):
            self._in_pre = True
            self._pre_started = True
            self.doc_texts.append("")
        elif self._in_pre and tag == "span":
            self._pre_started = False
            ids = [int(x) for x in (attrs_d.get("data-f") or "").split()] if "hl" in attrs_d.get("class", "") else []
            if "point" in (attrs_d.get("class") or ""):
                self.points.update(ids)
            for fid in ids:
                self.finding_texts.setdefault(fid, "")
            self._spans.append(ids)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        elif tag == "title":
            self._in_title = False
        elif tag == "pre" and self._in_pre:
            self._in_pre = False
        elif tag == "span" and self._in_pre and self._spans:
            self._spans.pop()

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        elif self._in_title:
            self.title += data
        elif self._in_pre:
            if self._pre_started and data.startswith("\n"):
                data = data[1:]  # as a browser does: one newline after <pre> is dropped
            self._pre_started = False
            self.doc_texts[-1] += data
            for ids in self._spans:
                for fid in ids:
                    self.finding_texts[fid] += data


def parse_report(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    parser.close()
    return parser
