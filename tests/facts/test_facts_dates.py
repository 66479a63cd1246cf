"""Dates: absolute forms in any case, cues, relative phrases anchored on publication."""

from __future__ import annotations

import datetime as dt

import pytest

from cleaner.facts.dates import find_dates, period_label

PUBLISHED = dt.date(2019, 11, 19)  # a Tuesday


def one(text: str, published: dt.date | None = PUBLISHED) -> tuple[str, str, str | None]:
    mention, = find_dates(text, published)
    return mention.text, mention.label, mention.cue


@pytest.mark.parametrize("text, expected", [
    ("as of july 2025,over 14,000", ("july 2025", "2025-07", "as of")),          # seed 002, lower case, glued
    ("In november 2018, Russian forces", ("november 2018", "2018-11", "in")),      # seed 002
    ("In NOVEMBER 2018, forces", ("NOVEMBER 2018", "2018-11", "in")),
    ("on 2022-02-24 the invasion", ("2022-02-24", "2022-02-24", "on")),
    ("the September 11, 2001 attacks", ("September 11, 2001", "2001-09-11", None)),
    ("the full-scale invasion of 24 February 2022", ("24 February 2022", "2022-02-24", "of")),
    ("had 12,500 employees on June 30, and", ("June 30", "2019-06-30", "on")),    # year from publication
    ("by the end of 2025.", ("the end of 2025", "2025-10-01/2025-12-31", "by")),
    ("completed between 2008 to 2016.", ("2008 to 2016", "2008-01-01/2016-12-31", "between")),
    ("his presidency (2017-2021) was", ("2017-2021", "2017-01-01/2021-12-31", "between")),  # a period
    ("in the 14th Century.", ("the 14th Century", "1301-01-01/1400-12-31", "in")),
    ("since 2014, fighting", ("2014", "2014", "since")),
    ("deliveries from spring 2020", ("spring 2020", "2020-03-01/2020-05-31", "from")),
])
def test_absolute_dates(text: str, expected: tuple[str, str, str | None]) -> None:
    assert one(text) == expected


@pytest.mark.parametrize("text, label, direction", [
    ("so far this year", "2019-01-01/2019-11-19", "present"),
    ("last Tuesday", "2019-11-12", "past"),
    ("next week", "2019-11-25/2019-12-01", "future"),
    ("three days ago", "2019-11-16", "past"),
    ("yesterday", "2019-11-18", "past"),
    ("in the past decade", "2009-11-18/2019-11-19", "past"),
])
def test_relative_dates_need_the_publication_date(text: str, label: str, direction: str) -> None:
    mention, = find_dates(text, PUBLISHED)
    assert (mention.label, mention.direction, mention.cue) == (label, direction, "relative")
    unanchored, = find_dates(text, None)
    assert not unanchored.resolved


@pytest.mark.parametrize("text", [
    "they may 15 march",        # verbs, not months
    "2000 people marched",      # a count
    "on 31 February 2020",      # no such day
])
def test_not_dates(text: str) -> None:
    assert [m for m in find_dates(text, PUBLISHED) if m.resolved] == []


def test_a_month_without_a_year_is_unresolved_without_publication() -> None:
    mention, = find_dates("in October, the plan", None)
    assert not mention.resolved and mention.label == "?"


def test_period_label() -> None:
    assert period_label(dt.date(2025, 7, 1), dt.date(2025, 7, 31)) == "2025-07"
    assert period_label(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == "2025"
    assert period_label(dt.date(2025, 1, 1), dt.date(2025, 1, 1)) == "2025-01-01"
