"""Invariants of the normalizer stages on generated text (hypothesis).

Fixing twice equals fixing once; every finding and fix stays inside the text;
a finding's fix replaces exactly the span it reports (or inserts inside it).
The generator mixes the things the stages react to: glued punctuation,
spaces, entities, mojibake, invisible characters, markdown, lower-case
names and months in English-looking sentences.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config
from cleaner.document import Document

PIECES = [
    "the", "and", "of", "to", "that", "with", "for", "from", "this", "which", "have", "were",
    "Trump", "trump", "Putin", "vladimir", "Vladimir", "United", "united", "Nations", "july", "may", "2025",
    "helsinki", "kerch", "strait", "Finland", "14,000", "U.S.", "e.g.", "p.m.", "Node.js",
    ".", ",", ";", ":", "!", "?", "...", "\"", "“", "”", "’", "(", ")", "-", "—",
    " ", " ", " ", "  ", "\n", "\n\n", "\t", " \n",
    "&amp;", "&#8217;", "&lt;b&gt;", "â€™", "Ã©", "\u200b", "\u00ad", "\x07",
    "**", "## ", "<br>", "[link](https://x.io/a)", "https://example.com/a.b", "a@b.com",
]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=120).map("".join)
SELECT = Config(select=("E", "W", "C"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_fixing_twice_equals_fixing_once(text: str) -> None:
    cleaner = Cleaner(SELECT)
    once = cleaner.fix(Document(text=text)).text
    twice = Cleaner(SELECT).fix(Document(text=once)).text
    assert twice == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_findings_stay_in_range(text: str) -> None:
    for f in Cleaner(SELECT).check(text):
        assert 0 <= f.start <= f.end <= len(text)
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(text)
            assert f.start <= f.fix.start and f.fix.end <= f.end


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["The talks ended.", "Officials met in Helsinki on Monday.",
                                 "Over 14,000 people, the U.S. said, were killed.", "He left at 5 p.m. on July 3."]),
                min_size=1, max_size=12).map(" ".join))
def test_clean_text_passes_unchanged(text: str) -> None:
    result = Cleaner(SELECT).clean(text)
    assert result.findings == [] and result.text == text
