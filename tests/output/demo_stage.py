"""Test-only rules for the output formats (conftest.py's `demo_rules` fixture installs them).

The rule families live in other modules; these tests must not depend on what
they find. So a small demo stage stands in: it flags a handful of simple,
generic patterns, one rule per family it exercises (E, W with a
zero-width finding, C, D with ``duplicate_of``, F with a quoted source, Q), and registers its rules only for
the duration of a test (monkeypatch), so the registry-wide rule tests never see
them.
"""

from __future__ import annotations

import re

from cleaner.document import line_removal_fix
from cleaner.findings import Finding, Fix, Severity
from cleaner.pipeline import Annotation
from cleaner.rules import Rule

DEMO_RULES = [
    Rule("E901", "demo-curly-quote", "Typographic quote (test rule).", "Test only.", ("it’s",), fix="unsafe"),
    Rule("W901", "demo-run-of-spaces", "Two or more spaces in a row (test rule).", "Test only.", ("a  b",),
         fix="safe"),
    Rule("W902", "demo-missing-space-after-comma", "No space after a comma (test rule).", "Test only.",
         ("one,two",), fix="safe"),
    Rule("C901", "demo-lower-case-sentence-start", "Sentence starts in lower case (test rule).", "Test only.",
         ("One. two",), fix="safe"),
    Rule("D901", "demo-repeated-line", "A line repeats an earlier line (test rule).", "Test only.", ("a\na",),
         fix="safe"),
    Rule("D902", "demo-duplicate-document", "Document starts like an earlier one (test rule).", "Test only.",
         ("a",)),
    Rule("F901", "demo-large-figure", "A figure of thousands to check against a source (test rule).",
         "Test only.", ("14,000",), severity=Severity.INFO),
    Rule("Q901", "demo-no-final-stop", "The last line does not end a sentence (test rule).", "Test only.",
         ("cut off",)),
]

DEMO_SOURCE = "Demo reference: a figure <b>quoted</b> from a source, with \"quotes\" & ampersands"
DEMO_NOTE = "Check whether the figure is still current."

_CURLY = re.compile(r"[‘’“”]")
_COMMA = re.compile(r"(?<=[a-z]),(?=[A-Za-z])")
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_LOWER_START = re.compile(r"(?<=[a-z][.!?] )[a-z]")
_FIGURE = re.compile(r"\b[0-9]{1,3}(?:,[0-9]{3}){1,4}\b")
_ENDS_SENTENCE = re.compile(r"[.!?\"”’)\]]\s*$")


class DemoStage:
    name = "demo"
    codes = tuple(r.code for r in DEMO_RULES)
    transforms = False

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def check(self, view, doc, ctx):
        text = view.text
        for m in _CURLY.finditer(text):
            straight = "'" if m.group() in "‘’" else '"'
            yield Finding("E901", f"typographic quote {m.group()}", m.start(), m.end(),
                          fix=Fix(straight, m.start(), m.end(), safe=False))
        for m in _COMMA.finditer(text):  # a zero-width finding: the fix inserts a space
            yield Finding("W902", "missing space after ','", m.end(), m.end(), fix=Fix(" ", m.end(), m.end()))
        for m in _SPACES.finditer(text):
            yield Finding("W901", f"{len(m.group())} spaces in a row", m.start(), m.end(), fix=Fix(" ", m.start(), m.end()))
        for m in _LOWER_START.finditer(text):
            yield Finding("C901", f"sentence starts in lower case: {m.group()!r}", m.start(), m.end(),
                          fix=Fix(m.group().upper(), m.start(), m.end()))
        first_seen: dict[str, int] = {}
        paragraphs = list(view.paragraphs())
        for para in paragraphs:
            key = para.text.strip()
            if key in first_seen:
                yield Finding("D901", f"repeated line: “{key[:60]}” is the same as line {first_seen[key]}",
                              para.start, para.end, fix=line_removal_fix(text, para),
                              data={"first_line": first_seen[key]})
            else:
                first_seen[key] = para.lineno
        for m in _FIGURE.finditer(text):
            yield Finding("F901", f"figure {m.group()} should be checked against its source", m.start(), m.end(),
                          severity=Severity.INFO, data={"source": DEMO_SOURCE, "note": DEMO_NOTE})
        if paragraphs and not _ENDS_SENTENCE.search(paragraphs[-1].text):
            last = paragraphs[-1]
            yield Finding("Q901", "document ends mid-sentence", max(last.start, last.end - 30), last.end)
        if paragraphs:
            key = " ".join(paragraphs[0].text.split()).lower()
            if key in self.seen and self.seen[key] != doc.id:
                yield Finding("D902", f"starts like document {self.seen[key]}", paragraphs[0].start,
                              paragraphs[0].end, data={"duplicate_of": self.seen[key]})
                yield Annotation("duplicate_of", self.seen[key])
            else:
                self.seen.setdefault(key, doc.id)
