"""Shared helpers for the normalizer tests: fixture loading and finding checks."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from cleaner import Cleaner, Config
from cleaner.findings import Finding

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
NORMALIZE_FAMILIES = ("E", "W", "C")


def seed(name: str) -> str:
    """A seed document from fixtures/, by its number ("002")."""
    return next(FIXTURES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def snippet_cases() -> list[dict]:
    return json.loads((FIXTURES / "normalize" / "snippets.json").read_text(encoding="utf-8"))["cases"]


def control_sample() -> list[dict]:
    return json.loads((FIXTURES / "normalize" / "control_sample.json").read_text(encoding="utf-8"))["documents"]


def normalize_findings(text: str, config: Config | None = None) -> list[Finding]:
    return [f for f in Cleaner(config or Config()).check(text) if f.family in NORMALIZE_FAMILIES]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_finding_points_at_its_subject(text: str, f: Finding) -> None:
    """The span is what the message talks about, and the fix stays at that span."""
    span = text[f.start:f.end]
    assert 0 <= f.start <= f.end <= len(text)
    assert span, f"{f.code} has an empty span: {f.message}"
    code = f.code
    if code == "E101":
        shown = "".join(c if unicodedata.category(c) != "Cc" else f"\\x{ord(c):02x}" for c in span)
        assert f"'{shown[:39]}" in f.message
    elif code == "E102":
        assert all(f"U+{ord(c):04X}" in f.message for c in span), (span, f.message)
    elif code == "E103":
        assert span.startswith("&") and span.endswith(";") and f"'{span}'" in f.message
    elif code == "E104":
        assert span[:1] in "*_#[" and f.fix is not None and f.fix.replacement in span
    elif code == "E105":
        assert span.startswith("<") and span.endswith(">")
    elif code == "E106":
        assert f"'{span}'" in f.message and span in "‘’‚‛“”„‟"
    elif code == "W101":
        assert f"'{span}'" in f.message and re.search(r"[.,;:!?]", span)
        assert f.start < f.fix.start < f.end and f.fix.replacement == " "
    elif code == "W102":
        assert set(span) == {" "} and f.message.startswith(f"{len(span)} spaces")
    elif code == "W103":
        assert not span.strip() and (f.end == len(text) or text[f.end] in "\r\n")
    elif code.startswith("C"):
        assert f.message.startswith(f"'{span}'"), (span, f.message)
        assert f.fix.replacement.lower() == span.lower() and f.fix.replacement != span
        assert all(w[:1].isupper() for w in f.fix.replacement.split())
    else:
        raise AssertionError(f"unexpected code {code}")
    if f.fix is not None and code != "W101":
        assert (f.fix.start, f.fix.end) == (f.start, f.end)
