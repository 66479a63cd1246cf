"""Untrusted input: no crash, spans that point at the text, and bounded time on hostile
strings (every pattern here is bounded; these tests keep it that way)."""

from __future__ import annotations

import textwrap
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config
from cleaner.facts.claims import extract_claims
from cleaner.facts.dates import find_dates
from cleaner.facts.titles import find_title_conflicts

FACTS = "fixtures/facts.toml"

ALPHABET = st.sampled_from(list("0123456789,.-–$%£ \n\"“”'’abcdefghijklmnoprstuvwyAPTMJ") + [
    " million", " thousand", " people", " killed", " as of ", " July ", " 2025", " former ", "President ",
    " next week", " on ", " hundreds of ", "Fifty-one", " per cent", " Ukraine", "Published: ",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_claims_never_crash_and_spans_match(text: str) -> None:
    for claim in extract_claims(text):
        assert text[claim.start:claim.end] == claim.text
        assert 0 <= claim.sentence_start <= claim.start < claim.sentence_end <= len(text)
        assert claim.window_start <= claim.window_end


@settings(max_examples=100, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_stage_findings_point_inside_the_text(text: str) -> None:
    cleaner = Cleaner(Config(select=("F",), facts=(FACTS,)))
    for finding in cleaner.check(text, published="2025-08-20"):
        assert 0 <= finding.start <= finding.end <= len(text) and finding.fix is None


HOSTILE = [
    "1," * 20000,
    "1." * 20000,
    "9" * 50000,
    "$" * 20000 + "5",
    "former " * 10000 + "President Smith",
    "\"" + "a " * 30000,
    "“" * 20000,
    "the end of " * 5000,
    "as of July 2025, " * 3000,
    "President " * 10000,
    "January 1, " * 5000,
    "1-2-" * 10000,
    "tens of thousands of " * 3000,
    ("-" * 50 + "\n") * 2000,
    "Mr. " * 10000,
    "A." * 20000,
    # One sentence that never ends, with a dated figure of a fact every few words: each
    # figure must not read all the dates and names of the sentence. On one line, and
    # hard-wrapped (read joined up: one block).
    "as of July 2025, over 14,000 people were killed and " * 2500,
    textwrap.fill("as of July 2025, over 14,000 people were killed and " * 2500, 72),
    "last week, on May 3 2025, over 14,000 people were killed and " * 2500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_fast(text: str) -> None:
    started = time.process_time()
    extract_claims(text, None)
    find_dates(text[:20000], None)
    list(find_title_conflicts(text))
    Cleaner(Config(select=("F",), facts=(FACTS,))).check(text, published="2025-08-20")
    assert time.process_time() - started < 3.0


@pytest.mark.parametrize("text", [
    "Costs rose by the end\tof 2019 to 300 jobs.",  # \s between the words of "end of"
    "By the end\u00a0of 2020, 12 jobs were cut.",  # a no-break space: common in scraped text
    "In ſeptember 5, 2019 and Aprıl 2020, thouſands of people and 3 mİllion jobs, 2 bıllion dollars.",
])
def test_words_matched_ignoring_case_find_their_entries(text: str) -> None:
    # re.IGNORECASE matches "ſ", "ı", "İ" for s and i and \s any space; the lookups
    # behind these matches used to raise KeyError and reject the whole record.
    find_dates(text, None)
    extract_claims(text, None)
    extract_claims(text, None, measured_only=True, dated_only=True)
    if "end" in text:
        assert any(m.label == "2019-10-01/2019-12-31" or m.label == "2020-10-01/2020-12-31"
                   for m in find_dates(text, None))


def test_relative_dates_among_many_absolute_ones_are_fast() -> None:
    # Each relative phrase is checked against the absolute dates beside it, not all of them.
    text = "last week, on May 3 2025, over 14,000 people were killed and " * 10000
    started = time.process_time()
    mentions = find_dates(text, None)
    assert time.process_time() - started < 2.0
    assert len(mentions) == 20000
