"""Tokens and shingles: what counts as the same words, and stable hashes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from cleaner.dedup.shingles import kgram_hashes, line_hashes, tokenize


def words(text: str) -> list[int]:
    return tokenize(text).hashes.tolist()


def test_case_spacing_and_punctuation_do_not_matter():
    # 004 spells the same sentence with straight quotes elsewhere; extractors differ like this.
    a = "( Reuters ) — The New York State Attorney General (NYAG) is “investigating” WeWork."
    b = "(Reuters) - the new york state attorney general (nyag) is \"investigating\"   WeWork"
    assert words(a) == words(b)


def test_different_words_differ():
    assert words("the summit in Alaska") != words("the summit in Anchorage")


def test_word_order_matters_for_lines():
    tokens = tokenize("a b c\nc b a\na b c")
    _, hashes = line_hashes(tokens, 3)
    assert hashes[0] == hashes[2] != hashes[1]


def test_apostrophes_split_like_regex_word_runs():
    assert len(tokenize("Trump’s don't")) == 4  # trump, s, don, t


def test_ideographs_are_one_token_each_and_kana_too():
    assert len(tokenize("日本語のテキスト")) == 8
    assert len(tokenize("中文 text")) == 3


def test_emoji_and_symbols_separate_words():
    assert words("peace😀talks") == words("peace talks")


def test_combining_marks_stay_inside_words():
    # Devanagari vowel signs are marks; \w would split "नमस्ते" into pieces.
    assert len(tokenize("नमस्ते दुनिया")) == 2


def test_token_lines():
    tokens = tokenize("one two\n\nthree\r\nfour five six")
    assert tokens.lines.tolist() == [0, 0, 2, 3, 3, 3]


def test_empty_and_blank_texts():
    assert len(tokenize("")) == 0
    counts, hashes = line_hashes(tokenize("\n \n"), 3)
    assert counts.tolist() == [0, 0, 0] and hashes.tolist() == [0, 0, 0]


def test_long_text_spans_segments_without_losing_tokens():
    text = ("word " * 70000 + "\n") * 3  # 1.05 M characters, several hash segments
    tokens = tokenize(text)
    assert len(tokens) == 210000
    assert len(set(tokens.hashes.tolist())) == 1
    assert tokens.lines[-1] == 2


def test_kgrams_are_positional():
    h = tokenize("a b c d e f").hashes
    assert len(kgram_hashes(h, 5)) == 2
    assert kgram_hashes(h, 5)[0] != kgram_hashes(tokenize("e d c b a").hashes, 5)[0]
    assert len(kgram_hashes(h[:3], 5)) == 0


def test_hashes_are_stable_across_processes():
    """Indexes outlive processes: hashes must not depend on PYTHONHASHSEED or runs."""
    code = ("from cleaner.dedup.shingles import tokenize;"
            "print(tokenize('Stable across runs, İstanbul 日本').hashes.tolist())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PYTHONPATH": "."}).stdout for seed in ("1", "2")}
    assert len(outs) == 1
    assert outs.pop().strip() == str(tokenize("Stable across runs, İstanbul 日本").hashes.tolist())


@pytest.mark.parametrize("text", ["x" * 10, "ab cd " * 1000, "a\n" * 500])
def test_line_hash_counts_match_tokens(text):
    tokens = tokenize(text)
    counts, _ = line_hashes(tokens, text.count("\n") + 1)
    assert counts.sum() == len(tokens)
    assert np.all(np.diff(tokens.lines) >= 0)
