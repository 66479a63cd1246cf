"""Shared test helpers: fixture paths and a tiny stage for core tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = sorted(FIXTURES.glob("0*.txt"))


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


class TypoStage:
    """A test-only stage: flags the typo 'teh' with a safe fix, so the core can be
    exercised without depending on any real rule family."""

    name = "typo"
    codes = ("Q990",)
    transforms = False
    pattern = re.compile(r"\bteh\b")

    def check(self, view, doc, ctx):
        from cleaner.findings import Finding, Fix

        for m in self.pattern.finditer(view.text):
            yield Finding("Q990", "typo 'teh'", m.start(), m.end(), fix=Fix("the", m.start(), m.end()))


@pytest.fixture
def typo_rule(monkeypatch):
    """Swap the real stage table for the TypoStage, and register its rule for the test."""
    from cleaner import rules, stages

    rules.all_rules()  # load the real rules first so ours is the only addition
    rules.define_rule("Q990", "test-typo", "test-only rule", "Only for tests.", examples="teh cat")
    monkeypatch.setattr(stages, "build_stages", lambda config: [TypoStage()])
    yield
    rules._REGISTRY.pop("Q990", None)
