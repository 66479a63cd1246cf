"""F findings on sentences that date a figure to a period, announce a change, or quote."""

from pathlib import Path

import pytest

from cleaner import Cleaner, Config

FACTS = str(Path(__file__).resolve().parents[2] / "fixtures" / "facts.toml")


def f_codes(text: str, published: str) -> list[str]:
    return [f.code for f in Cleaner(Config(select=("F",), facts=(FACTS,))).check(text, published=published)]


@pytest.mark.parametrize("text", [
    "From 2014 to 2021, about 14,000 people were killed in Donbas.",
    "About 14,000 people died in eastern Ukraine from 2014 through 2021.",
    "The conflict in eastern Ukraine killed 14,000 people over 2014-2021.",
    "Before 2022, the war in Donbas had killed 14,000 people.",
    "Prior to February 2022, the conflict in eastern Ukraine had killed 14,000 people.",
])
def test_a_figure_dated_to_a_past_period_is_not_outdated(text):
    assert f_codes(text, "2025-07-01") == []


def test_a_figure_dated_now_is_still_outdated():
    assert f_codes("As of July 2025, over 14,000 people have been killed in eastern Ukraine.",
                   "2025-07-01") == ["F101"]


@pytest.mark.parametrize("text", [
    "As of January 1, 2026, the minimum wage rises to $15 an hour.",
    "As of January 1, 2026, drivers must carry the new licence.",
    "Effective as of July 1, 2026, the tax on fuel goes up by 10 percent.",
])
def test_an_as_of_date_that_announces_a_change_is_no_contradiction(text):
    assert f_codes(text, "2025-12-20") == []


def test_an_as_of_count_after_publication_is_still_a_contradiction():
    assert f_codes("As of July 2026, over 2,000 people have been killed in the region.", "2025-12-20") == ["F103"]


def titles(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.start:f.end]) for f in Cleaner(Config(select=("F102",))).check(text)]


def test_a_name_ends_at_the_end_of_its_sentence():
    text = ("Former President Trump held a rally in Florida. Across town, supporters waited for "
            "President Biden. Trump left early.")
    assert titles(text) == []
    assert titles("Former President Obama spoke first. Later, President Obama. was cheered.") == [
        ("F102", "President Obama")]  # the span stops before the full stop


def test_initials_and_suffixes_stay_in_a_name():
    text = "Martin Luther King Jr. met President John F. Kennedy, then former President Kennedy left."
    assert titles(text) == [("F102", "former President Kennedy")]


@pytest.mark.parametrize("quote", ["'We need President Obama back,'", "‘We need President Obama back,’"])
def test_a_title_inside_single_quotes_is_a_quotation(quote):
    assert titles(f"Former President Obama spoke first. {quote} one supporter shouted.") == []


@pytest.mark.parametrize("text,published", [
    ("The company was founded last year, on May 1, in Austin.", "2026-02-10"),
    ("He will be sworn in next year, on January 20, officials said.", "2024-03-01"),
])
def test_a_date_without_year_takes_the_year_said_before_it(text, published):
    # Without the phrase the nearest year to publication is taken: May 1 after February 10.
    assert f_codes(text, published) == []


def test_the_year_said_before_a_date_is_the_one_resolved():
    import datetime as dt

    from cleaner.facts.dates import find_dates

    mentions = find_dates("The company was founded last year, on May 1, in Austin.", dt.date(2026, 2, 10))
    assert [m.first for m in mentions if m.text == "May 1"] == [dt.date(2025, 5, 1)]
