"""Every registered rule's documented examples behave as documented.

For each rule, its `examples` are checked in order by one `Cleaner(Config())`
(earlier ones form the batch the last one is compared with) and the last one
must get a finding of the rule's code; each `counter_example`, checked alone,
must get none. Rules that only fire with a facts file (`needs_facts`) get the
bundled `fixtures/facts.toml`. A rule whose examples only fire with a
non-default setting names that setting in CONFIG_FOR_RULE.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cleaner import Cleaner, Config
from cleaner.config import NormalizeConfig
from cleaner.rules import all_rules

CONFIG_FOR_RULE = {
    "E106": Config(normalize=NormalizeConfig(straighten_quotes=True)),  # off by default: curly quotes are fine
    "L101": Config(languages=("en",)),  # judged against the expected languages
}

RULES = all_rules()


def _config(rule, fixtures_dir: Path) -> Config:
    config = CONFIG_FOR_RULE.get(rule.code, Config())
    return replace(config, facts=(str(fixtures_dir / "facts.toml"),)) if rule.needs_facts else config


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_examples_raise_the_rule(rule, fixtures_dir) -> None:
    assert rule.examples, f"{rule.code} has no example"
    cleaner = Cleaner(_config(rule, fixtures_dir))
    for earlier in rule.examples[:-1]:
        cleaner.check(earlier)
    findings = cleaner.check(rule.examples[-1])
    assert any(f.code == rule.code for f in findings), \
        f"{rule.code} example raised {[f.code for f in findings]}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_counter_examples_do_not_raise_the_rule(rule, fixtures_dir) -> None:
    for example in rule.counter_examples:
        findings = Cleaner(_config(rule, fixtures_dir)).check(example)
        assert not any(f.code == rule.code for f in findings), \
            f"{rule.code} fired on its counter-example: {[f.message for f in findings if f.code == rule.code]}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule) -> None:
    assert rule.summary and rule.explanation and rule.name == rule.name.lower()
    assert " " not in rule.name
