"""Every B, T, L and Q rule's documented examples raise it; its counter-examples do not.

Examples are checked in order by one Cleaner (the batch rule B113 needs the pages
before); the last one must carry the code. L101 judges against `languages`, so
its examples run with `languages = ["en"]`.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.config import Config
from cleaner.rules import all_rules

FAMILIES = ("B", "T", "L", "Q")
RULES = [r for r in all_rules() if r.family in FAMILIES]


def _config(code: str) -> Config:
    return Config(languages=("en",)) if code == "L101" else Config()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_examples_raise_the_rule(rule):
    cleaner = Cleaner(_config(rule.code))
    findings = []
    for text in rule.examples:
        findings = cleaner.check(text)
    assert rule.code in {f.code for f in findings}, [(f.code, f.message) for f in findings]


@pytest.mark.parametrize("rule", [r for r in RULES if r.counter_examples], ids=lambda r: r.code)
def test_counter_examples_do_not(rule):
    for text in rule.counter_examples:
        findings = Cleaner(_config(rule.code)).check(text)
        assert rule.code not in {f.code for f in findings}, [(f.code, f.message) for f in findings]
