"""F103/F104: dates against the publication date; the in-text dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from cleaner import Cleaner, Config
from cleaner.facts.published import dateline_date, find_date_contradictions

PUBLISHED = dt.date(2025, 8, 20)


def codes(text: str, published: dt.date = PUBLISHED) -> list[str]:
    return [f.code for f in find_date_contradictions(text, published)]


@pytest.mark.parametrize("text, expected", [
    ("As of September 2025, 3,000 people had been evacuated.", ["F103"]),
    ("as of 2026, the agency employs 300 people.", ["F103"]),
    ("As of 2025, the agency employs 300 people.", []),         # the year includes the publication date
    ("As of July 2025, 3,000 people had been evacuated.", []),
    ("By September 2025 the plant will hire 300 workers.", []),  # "by" is a target, not a report
    # A change announced from that date on, not a figure counted then:
    ("As of 1 September 2025, thirty artworks will light up the city centre.", []),
    ("The new fares apply as of September 1, 2025, the transport authority said.", []),
    ("As of September 2025, the agency employs 300 people. It will hire more next year.", ["F103"]),
])
def test_as_of_after_publication(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The ministers will meet next week, on August 15, to sign the accord.", ["F104"]),
    ("The ministers will meet tomorrow (August 15) in Geneva.", ["F104"]),
    ("The ministers met last week, on August 25, in Geneva.", ["F104"]),
    ("The ministers will meet next week, on August 27, to sign the accord.", []),
    ("The ministers met last week, on August 14, in Geneva.", []),
    ("Talks resume next week; the last round ended on August 2.", []),  # not side by side
])
def test_relative_date_beside_an_explicit_date(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_finding_spans_both_dates() -> None:
    text = "They will meet next week, on August 15, to sign."
    finding, = find_date_contradictions(text, PUBLISHED)
    assert text[finding.start:finding.end] == "next week, on August 15"


@pytest.mark.parametrize("text, expected", [
    ("Published: 3 March 2024\nAs of June 2024 ...", dt.date(2024, 3, 3)),
    ("Headline\nPosted on November 19, 2019 at 10:00\nText", dt.date(2019, 11, 19)),
    ("Updated: 3 March 2024\nText", None),   # an update date is not the publication date
    ("Text about a book published in 2019", None),
])
def test_dateline(text: str, expected: dt.date | None) -> None:
    assert dateline_date(text) == expected


def test_no_publication_date_no_check() -> None:
    assert Cleaner(Config(select=("F",))).check("As of September 2031, 3,000 people had been evacuated.") == []


def test_metadata_wins_over_the_dateline() -> None:
    text = "Published: 3 March 2024\nAs of June 2024, 1,200 inspectors were hired."
    assert [f.code for f in Cleaner(Config(select=("F",))).check(text)] == ["F103"]
    assert Cleaner(Config(select=("F",))).check(text, published="2024-07-01") == []
