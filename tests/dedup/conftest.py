"""Shared fixtures for the duplicate tests: the seed documents and the benchmark sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed articles, by their three-digit prefix ("003")."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("0*.txt"))}


@pytest.fixture(scope="session")
def site_records() -> list[dict]:
    """fixtures/dedup/sites.jsonl: all versions of 8 pages, four pairs of one site each."""
    with open(FIXTURES / "dedup" / "sites.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="session")
def site_truth() -> dict[str, str]:
    with open(FIXTURES / "dedup" / "sites.truth.json", encoding="utf-8") as handle:
        return json.load(handle)
