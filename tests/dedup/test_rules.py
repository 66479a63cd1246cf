"""The D rules' own examples do what their documentation says."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.cli import main
from cleaner.rules import all_rules

D_RULES = [r for r in all_rules() if r.family == "D"]


def test_the_d_codes():
    assert [r.code for r in D_RULES] == ["D101", "D102", "D103", "D201", "D301"]


@pytest.mark.parametrize("rule", D_RULES, ids=lambda r: r.code)
def test_examples_raise_the_code(rule):
    with Cleaner(Config()) as cleaner:
        results = [cleaner.clean(text, id=f"example-{i}") for i, text in enumerate(rule.examples)]
    assert rule.code in {f.code for f in results[-1].findings}


@pytest.mark.parametrize("rule", D_RULES, ids=lambda r: r.code)
def test_counter_examples_do_not(rule):
    for text in rule.counter_examples:
        with Cleaner(Config()) as cleaner:
            assert rule.code not in {f.code for f in cleaner.check(text, id="counter")}


def test_rule_explains_itself(capsys):
    assert main(["rule", "D301"]) == 0
    out = capsys.readouterr().out
    assert "near-duplicate-document" in out and "--drop D3" in out
