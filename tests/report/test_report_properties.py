"""Property tests: any mix of real lines is handled, fixes settle and stay on line bounds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from cleaner import Cleaner
from cleaner.api import make_document

POOL = [
    "Home", "Share this:", "Facebook", "You May Also Like", "© 2019 CBS Interactive Inc. All Rights Reserved.",
    "By", "Thomas Schmidt", "4 min read", "Advertisement", "Table of Contents", "- 1. A clash of Wills",
    "A clash of Wills", "Did you Know? Russia relies on energy exports.",
    "In a move drawing intense global scrutiny, the president is preparing for a high-stakes meeting at a "
    "secure military base near Anchorage.",
    "Officials said on Monday that the budget would be presented next week after months of talks.",
    "Sonu Mehta/Hindustan Times/Getty Images", "Leave a Reply", "", "  ", "\t", "1. Freezing the Conflict",
    "Новости", "엘제이-류화영 진흙탕 싸움", "Die Regierung hat am Montag angekündigt, dass die Steuern steigen.",
    "In november 2018, Russian forces seized three Ukrainian", "frequently enough strained",
    "x" * 300, "...", "| a | b |", "### Heading", "\r",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=40), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_any_mix_of_lines(lines, newline):
    text = newline.join(lines)
    cleaner = Cleaner()
    findings = cleaner.check(text)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(text)
    once = Cleaner().fix(make_document(text)).text
    assert Cleaner().fix(make_document(once)).text == once
