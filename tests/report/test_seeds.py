"""Acceptance on the five seed documents (fixtures/, copied from shared/seeds)."""

from __future__ import annotations

import pytest

from cleaner import Cleaner


def lines_with(read_fixture, name: str, family: str) -> dict[int, set[str]]:
    text = read_fixture(name)
    out: dict[int, set[str]] = {}
    for f in Cleaner().check(text):
        if f.code.startswith(family):
            first = text.count("\n", 0, f.start) + 1
            last = text.count("\n", 0, f.end) + 1
            for n in range(first, last + 1):
                out.setdefault(n, set()).add(f.code)
    return out


def test_000_promo_attribution(read_fixture):
    assert set(lines_with(read_fixture, "000_05e63a923c49b29b.txt", "B")) == {12}


def test_002_callouts_and_toc(read_fixture):
    assert set(lines_with(read_fixture, "002_4d4bf8466975bca8.txt", "B")) == {21, 29}
    assert set(lines_with(read_fixture, "002_4d4bf8466975bca8.txt", "T")) == set(range(1, 15))
    assert 66 in lines_with(read_fixture, "002_4d4bf8466975bca8.txt", "Q")


def test_003_byline_and_tail(read_fixture):
    found = lines_with(read_fixture, "003_c80f3200713fcf0d.txt", "B")
    assert {7, 78, 80, 82, 84} <= set(found)
    assert 5 in found or 6 in found
    assert set(found) <= {5, 6, 7, 78, 80, 82, 84}  # headings, lists and titles survive
    assert lines_with(read_fixture, "003_c80f3200713fcf0d.txt", "T") == {}


@pytest.mark.parametrize("family", ["B", "T", "Q"])
def test_001_is_clean(read_fixture, family):
    assert lines_with(read_fixture, "001_95c8228699a40873.txt", family) == {}
