"""Figures: what is an amount and what is a year, a label, a time or a score.

Snippets are from the seeds and the benchmark dev split unless marked synthetic.
"""

from __future__ import annotations

import math

import pytest

from cleaner.facts.numbers import find_figures


def texts(sentence: str) -> list[str]:
    return [f.text for f in find_figures(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("over 14,000 people have been killed", [("over 14,000", 14000, "over")]),
    ("nearly $400 million in military aid", [("nearly $400 million", 4e8, "nearly")]),
    ("an estimated 25 million people", [("an estimated 25 million", 2.5e7, "an estimated")]),
    ("Fifty-one percent say", [("Fifty-one percent", 51, None)]),
    ("the $40-50 billion in annual purchases", [("$40-50 billion", 4e10, None)]),
    ("40 to 80 percent of the region", [("40 to 80 percent", 40, None)]),
    ("hitting 16.057% on Monday", [("16.057%", 16.057, None)]),
    ("pay Rs 300 for fresh air", [("Rs 300", 300, None)]),
    ("paid the £71.6million fee", [("£71.6million", 7.16e7, None)]),
    ("raise up to $12.9bn (£10bn)", [("up to $12.9bn", 1.29e10, "up to"), ("£10bn", 1e10, None)]),
    ("ada 70.000 Muslim yang tewas", [("70.000", 70000, None)]),
    ("hundreds of thousands of people", [("hundreds of thousands", 200000, None)]),
    ("half a million dollars", [("half a million dollars", 5e5, None)]),
])
def test_amounts(sentence: str, expected: list[tuple[str, float, str | None]]) -> None:
    got = [(f.text, f.value, f.qualifier) for f in find_figures(sentence)]
    assert [(t, pytest.approx(v), q) for t, v, q in expected] == got


@pytest.mark.parametrize("sentence", [
    "Once Russian territory before its sale to the United States in 1867",   # a year
    "the Apple Watch Series 5 and the Series 3",                            # labels
    "a 16-inch MacBook Pro with an i9 processor",                           # compound, attached letters
    "left about 4:30 a.m.",                                                 # a time
    "in the 14th Century",                                                  # an ordinal
    "the Wild’s 4-1 win over the Sabres",                                   # a score
    "- 13. Case Study: The kerch strait Incident",                          # list numbering
    "Qualcomm says 5G rollout will be faster than 4G",                      # attached letters
    "Virgin Islands and home of five time NBA champion",                   # small spelled number
    "eight out of ten companies are writing custom iOS apps",              # a denominator
    "More info: www.clymer.co.uk/page/2019/123456",                        # a URL
])
def test_not_amounts(sentence: str) -> None:
    assert texts(sentence) == []


def test_a_year_followed_by_a_plural_is_a_count() -> None:  # synthetic
    assert texts("Some 2000 people marched.") == ["Some 2000"]


def test_qualifiers_bound_the_amount() -> None:
    over, nearly, about = find_figures("over 100 and nearly 100 and about 100")
    assert (over.low, over.high) == (100, math.inf)
    assert (nearly.low, nearly.high) == (0, 100)
    assert about.low == pytest.approx(90) and about.high == pytest.approx(110)


def test_vague_amounts_are_marked() -> None:
    figure, = find_figures("millions have been displaced")
    assert figure.vague and figure.value == 2e6 and figure.high > figure.low
