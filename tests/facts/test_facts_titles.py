"""F102 conflicting titles: the seed's case, and the honest uses that must stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.facts.titles import find_title_conflicts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def messages(text: str) -> list[str]:
    return [f.message for f in find_title_conflicts(text)]


def test_seed_002_line_15() -> None:
    text = (FIXTURES / "002_4d4bf8466975bca8.txt").read_text(encoding="utf-8")
    finding, = find_title_conflicts(text)
    assert text[finding.start:finding.end] == "The Former President"
    assert text.count("\n", 0, finding.start) + 1 == 15
    assert finding.data["other_title"] == "President Trump" and finding.fix is None


@pytest.mark.parametrize("text", [
    "WeWork CEO Adam Neumann quit. Former WeWork CEO Adam Neumann said he was sorry.",      # synthetic
    "Governor Kristi Noem spoke. Later, ex-Governor Noem was asked again.",                  # synthetic
    "President Volodymyr Zelensky spoke. Former President Volodymyr Zelenskyy answered.",    # spelling variant
    "Foreign Minister Heiko Maas met his counterpart. Former Foreign Minister Maas later denied it.",
    "Mayor Ana Ruiz opened the new bridge on Monday. The former mayor has promised it since 2019.",
])
def test_conflicts(text: str) -> None:
    assert len(messages(text)) == 1


@pytest.mark.parametrize("text", [
    # Courtesy titles inside quotes (benchmark record 7a664e40..., CBS News, 2019-11-19).
    '"At no time was I aware of ... an effort to urge Ukraine to investigate former Vice President Biden," '
    'Volker said. "As you know, Vice President Biden was not a topic of our discussions."',
    # The same quotation hard-wrapped by an extractor (neardup split).
    '"At no time was I aware of an effort to investigate former Vice President Biden," Volker said in his opening\n'
    'statement. "As you know from the extensive, real-time documentation I have\n'
    'provided, Vice President Biden was not a topic of our discussions."',
    "Then-President Trump met Putin in 2018. Former President Trump now says otherwise.",
    "President Obama's administration signed the deal. Former President Obama defended it.",
    "Vice President Biden and former President Obama met.",                 # different roles
    "President Trump met President Putin. The former president of the club attended.",
    "President Trump met President Putin. The former president was not mentioned by name.",  # ambiguous
    "The late Queen Elizabeth and Queen Elizabeth",                         # marked as past
    # "The former president" after another person is named: that one is meant.
    "President Trump attacked Barack Obama at a rally on Tuesday. The former president responded on Twitter.",
    "Foreign Minister Heiko Maas, a former Justice Minister, met his French counterpart.",  # two portfolios
    "Foreign Minister Heiko Maas, a former minister of state, met his French counterpart.",  # a career aside
    "Gov. Andrew Cuomo spoke on Monday. His father, former Gov. Mario Cuomo, held the office for three terms.",
])
def test_honest_uses_are_silent(text: str) -> None:
    assert messages(text) == []


def test_no_former_title_means_no_work() -> None:
    assert messages("President Trump and President Trump’s July call") == []
