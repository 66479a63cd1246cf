"""The F stage end to end: the seed acceptance checks through the real CLI entry point,
a third-party facts file, and the rule examples (with the shipped facts file where needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, Config
from cleaner.cli import main
from cleaner.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
FACTS = str(FIXTURES / "facts.toml")
SEED_002 = str(FIXTURES / "002_4d4bf8466975bca8.txt")
OTHER_SEEDS = ["000_05e63a923c49b29b.txt", "001_95c8228699a40873.txt", "003_c80f3200713fcf0d.txt",
               "004_41692156fb69168e.txt"]


def f_findings(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    main(["check", "--format", "json", "--select", "F", *argv])
    return json.loads(capsys.readouterr().out)


def test_seed_002_with_facts(capsys: pytest.CaptureFixture[str]) -> None:
    found = f_findings(capsys, SEED_002, "--facts", FACTS)
    stale = [f for f in found if f["code"] == "F101"]
    assert [f["line"] for f in stale] == [20]
    assert "14,000" in stale[0]["message"] and "UN OHCHR" in stale[0]["message"]
    assert "Since the full-scale invasion" in stale[0]["message"]
    assert stale[0]["data"]["fact"]["id"] == "donbas-deaths-2014-2021" and stale[0]["fix"] is None
    titles = [f for f in found if f["code"] == "F102"]
    assert [f["line"] for f in titles] == [15]
    assert "The Former President" in titles[0]["message"] and "President Trump" in titles[0]["message"]


def test_seed_002_without_facts_claims_no_truth_on_line_20(capsys: pytest.CaptureFixture[str]) -> None:
    found = f_findings(capsys, SEED_002)
    assert [f for f in found if f["line"] == 20] == []


@pytest.mark.parametrize("name", OTHER_SEEDS)
def test_no_f_finding_on_other_seeds(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert f_findings(capsys, str(FIXTURES / name), "--facts", FACTS) == []


def test_batch_of_seeds_has_only_the_two_findings(capsys: pytest.CaptureFixture[str]) -> None:
    found = f_findings(capsys, str(FIXTURES / "news.jsonl"), "--facts", FACTS)
    assert sorted((f["doc_id"], f["code"], f["line"]) for f in found) == [
        ("002_4d4bf8466975bca8", "F101", 20), ("002_4d4bf8466975bca8", "F102", 15)]


def test_a_third_party_facts_file_on_another_topic_works() -> None:
    cleaner = Cleaner(Config(select=("F",), facts=(str(FIXTURES / "facts" / "third_party.toml"),)))
    # Real sentence (benchmark record 06e5123e..., published 2019-11-18): dated June 30, within validity.
    real = "The company itself had 12,500 employees on June 30, and there are others who work for affiliates."
    assert cleaner.check("WeWork is cutting costs.\n" + real, published="2019-11-18") == []
    recycled = "As of March 2021, WeWork had about 12,500 employees worldwide."
    finding, = cleaner.check(recycled)
    assert finding.code == "F101" and "wework-headcount-mid-2019" in finding.message
    assert recycled[finding.start:finding.end] == "about 12,500"


def test_publication_date_dates_the_figure_when_the_text_does_not() -> None:
    cleaner = Cleaner(Config(select=("F",), facts=(FACTS,)))
    text = "Fighting in the Donbas continues. More than 14,000 people have been killed."
    assert cleaner.check(text, published="2021-06-01") == []
    finding, = cleaner.check(text, published="2025-08-01")
    assert finding.code == "F101" and "(publication date)" in finding.message


def test_valid_from_works_the_other_side() -> None:
    finding, = Cleaner(Config(select=("F",), facts=(FACTS,))).check("In 2005, the world had about 7 billion people.")
    assert finding.code == "F101" and "valid from 2011-10-31" in finding.message


def test_ignoring_f_silences_the_stage(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json", "--ignore", "F", SEED_002, "--facts", FACTS])
    assert [f for f in json.loads(capsys.readouterr().out) if f["code"].startswith("F")] == []


def test_a_broken_facts_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", SEED_002, "--facts", str(FIXTURES / "facts" / "broken_missing_source.toml")])
    assert code == 2 and "no-source" in capsys.readouterr().err


F_RULES = [r for r in all_rules() if r.family == "F"]


@pytest.mark.parametrize("rule", F_RULES, ids=lambda r: r.code)
def test_rule_examples(rule) -> None:
    config = Config(select=("F",), facts=(FACTS,)) if rule.needs_facts else Config(select=("F",))
    cleaner = Cleaner(config)
    results = [cleaner.check(example) for example in rule.examples]
    assert any(f.code == rule.code for f in results[-1]), results
    for counter in rule.counter_examples:
        assert not any(f.code == rule.code for f in Cleaner(config).check(counter)), counter


def test_every_f_finding_is_report_only() -> None:
    cleaner = Cleaner(Config(select=("F",), facts=(FACTS,)))
    for rule in F_RULES:
        for example in rule.examples:
            assert all(f.fix is None for f in cleaner.check(example))
