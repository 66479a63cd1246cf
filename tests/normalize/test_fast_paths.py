"""The normalizer's fast paths give what the plain way of computing them gives.

Each helper below replaced a simpler loop for speed; the simple version is kept
here as the reference, and random texts over an alphabet of the awkward cases
(CR, line breaks at the ends, long words, non-ASCII letters) compare the two.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from cleaner.document import iter_lines
from cleaner.normalize.names import _capitalised_pairs
from cleaner.normalize.spacing import find_trailing_whitespace
from cleaner.normalize.steps import lines_with
from cleaner.normalize.words import WORD_RE, _previous_word_end, count_words, split_lines

ALPHABET = ["a", "Bc", "É", "é", "²", "1", "_", " ", " ", "  ", "\t", "\n", "\n", "\r", ".", ",", "x" * 61, "Yz"]


def _texts(seed: int, count: int = 3000, longest: int = 14):
    rnd = random.Random(seed)
    for _ in range(count):
        yield "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, longest)))


@pytest.mark.parametrize("seed", [1, 2])
def test_split_lines_cuts_like_iter_lines(seed: int) -> None:
    for text in _texts(seed):
        lines = list(iter_lines(text))
        assert split_lines(text) == ([p.text for p in lines], [p.start for p in lines])


@pytest.mark.parametrize("needle", ["  ", "a"])
def test_lines_with_finds_the_lines_holding_the_needle(needle: str) -> None:
    for text in _texts(3):
        expected = [(p.start, p.end, p.text) for p in iter_lines(text) if needle in p.text]
        assert list(lines_with(text, needle)) == expected


def test_count_words_matches_word_re() -> None:
    for text in _texts(4):
        assert count_words(text) == Counter(WORD_RE.findall(text))


def test_previous_word_end_is_the_end_of_the_last_word_match() -> None:
    rnd = random.Random(5)
    for text in _texts(5, count=1500):
        for end in range(len(text) + 1):
            start = max(0, end - rnd.randint(0, 8))
            matches = list(WORD_RE.finditer(text, start, end))
            assert _previous_word_end(text, start, end) == (matches[-1].end() if matches else None)


def test_capitalised_pairs_start_at_word_starts() -> None:
    pair_re = re.compile(r"([A-ZÀ-ÖØ-Þ][^\W\d_]{0,59}) (?=([A-ZÀ-ÖØ-Þ][^\W\d_]{0,59})(?![^\W\d_]))")
    letter = re.compile(r"[^\W\d_]")
    for text in _texts(6, longest=10):
        expected = {m.groups() for m in pair_re.finditer(text)
                    if not (m.start() and letter.match(text, m.start() - 1))}
        assert _capitalised_pairs(text) == expected


def test_trailing_whitespace_matches_a_line_by_line_scan() -> None:
    for text in _texts(7):
        if " \n" not in text and "\t\n" not in text and not text.endswith((" ", "\t")) and " \r" not in text:
            continue
        expected = [(p.start + len(p.text.rstrip(" \t")), p.end) for p in iter_lines(text)
                    if p.text.endswith((" ", "\t"))]
        assert [(f.start, f.end) for f in find_trailing_whitespace(text)] == expected


def test_count_words_takes_any_str() -> None:
    # Lone surrogates (JSON "\ud800" escapes) and letter runs longer than WORD_RE's 60.
    for text in ["a\ud800b c", "\udfff", "x" * 130 + " y", "naïve x" * 3, "Ab’cd—ef"]:
        assert count_words(text) == Counter(WORD_RE.findall(text))
