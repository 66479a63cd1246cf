"""Docstring examples of the facts modules run as tests, so the docs cannot drift."""

from __future__ import annotations

import doctest

import pytest

from cleaner.facts import claims


@pytest.mark.parametrize("module", [claims], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0
