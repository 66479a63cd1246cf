"""The mojibake gate must match wherever ftfy's badness heuristic matches."""

from __future__ import annotations

import random
import re

import pytest
from ftfy.badness import BADNESS_RE, is_bad

from cleaner.normalize.mojibake_gate import _FALLBACK, GATE_RE, derive_gate


def test_gate_is_derived_not_the_fallback() -> None:
    assert GATE_RE.pattern != _FALLBACK


@pytest.mark.parametrize("text", [
    "donâ€™t", "â€œquotedâ€\x9d", "voilÃ  le travail", "cafÃ©", "Ã", "sÃ³", "×²", "вЂ”", "âˆ’",
    "Ã\xa0 la", "a Ã ", "Â ", "√±", "ГўВЂВ” x", "â€", "Î³", "Ð¼Ð¸Ñ€",
])
def test_gate_matches_mojibake(text: str) -> None:
    if is_bad(text):
        assert GATE_RE.search(text)


@pytest.mark.parametrize("text", [
    "The minister said he didn’t know about the café’s decision – yet.",
    "“Quoted,” she said — and left…",
    "Президент заявил, что переговоры продолжатся.",
])
def test_gate_skips_clean_text(text: str) -> None:
    assert not GATE_RE.search(text)


def test_gate_is_necessary_for_badness_on_random_strings() -> None:
    # Every non-ASCII character BADNESS_RE names, with ASCII letters, spaces and marks.
    pool = sorted(set(re.findall(r"[^\x00-\x7f]", BADNESS_RE.pattern))) + list("aZz .,!?\n\t") + ["\x85"]
    rnd = random.Random(7)
    bad = 0
    for _ in range(100_000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 5)))
        if BADNESS_RE.search(text):
            bad += 1
            assert GATE_RE.search(text), repr(text)
    assert bad > 1000  # the sample does exercise the heuristic


def test_unknown_shapes_fall_back_to_any_non_ascii() -> None:
    assert derive_gate(re.compile("a+b|c")) == _FALLBACK
    assert derive_gate(re.compile("ab|cd")) == _FALLBACK  # no position free of ASCII
    assert derive_gate(re.compile("é", re.IGNORECASE)) == _FALLBACK
