"""Placeholder publication dates (Go's zero time, 9999-12-31) are no dates."""

import datetime as dt

import pytest

from cleaner import Cleaner, Config


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00Z", "9999-12-31"])
def test_a_placeholder_publication_date_is_no_date(published):
    text = ("He resigned yesterday, officials said, and a successor will be named next year. "
            "The election was held on March 3, 2019, a week after the debate.\n")
    findings = Cleaner(Config(select=("F",))).check(text, published=published)
    assert findings == []


def test_relative_dates_past_the_last_representable_year_are_unknown():
    from cleaner.facts.dates import find_dates

    mentions = find_dates("The law takes effect next year.", dt.date(9999, 12, 31))
    assert [(m.first, m.last, m.direction) for m in mentions if m.cue == "relative"] == [(None, None, "future")]
