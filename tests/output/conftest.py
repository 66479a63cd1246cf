"""Fixtures for the output tests."""

from __future__ import annotations

import pytest

from cleaner import rules as rules_module
from cleaner import stages as stages_module
from demo_stage import DEMO_RULES, DemoStage


@pytest.fixture
def demo_rules(monkeypatch):
    """Register the demo rules and make every new Cleaner run the demo stage."""
    for rule in DEMO_RULES:
        monkeypatch.setitem(rules_module._REGISTRY, rule.code, rule)
    monkeypatch.setattr(stages_module, "build_stages", lambda config: [DemoStage()])
    return DEMO_RULES
