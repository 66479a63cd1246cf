"""langdetect's detection, step for step, without its per-character method calls.

`langdetect.Detector` spends most of its time in Python method calls per
character (`NGram.add_char`, `NGram.normalize`, `unicode_block`) and in a
per-language loop for every sampled n-gram. This module does the same
computation over the same profiles in the same order — the same cleaning, the
same n-gram list, the same random draws from the same seed, the same floating
point operations — with the per-character work done by `str.translate` and
regular expressions, and the per-language loop as numpy operations on the same values. The
answers are identical (tests/report/test_fastlang.py compares the probabilities
with langdetect's own on real multilingual text); it is about 3x faster.

If a langdetect release changes its algorithm, those tests say so.
"""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np

from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.language import Language
from langdetect.utils.ngram import NGram

_SPACES_RE = re.compile(" {2,}")
_LATIN_RE = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z' (a few signs included)
# Characters at or above U+0300 outside the Latin Extended Additional block (U+1E00-U+1EFF).
_NON_LATIN_RE = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")


class _Normalized(dict):
    """ord(ch) -> `NGram.normalize(ch)`, computed on first sight; a table for `str.translate`."""

    def __missing__(self, codepoint: int) -> str:
        value = NGram.normalize(chr(codepoint))
        self[codepoint] = value
        return value


_NORMALIZED = _Normalized()


_ROWS: dict[str, np.ndarray] = {}
_MAX_ROWS = 200_000  # the profiles hold fewer n-grams than this: a bound, not a budget


def _row(word_probs: dict, ngram: str) -> np.ndarray:
    """The n-gram's probabilities as an array, converted once per process."""
    row = _ROWS.get(ngram)
    if row is None:
        if len(_ROWS) >= _MAX_ROWS:
            _ROWS.clear()
        row = _ROWS[ngram] = np.array(word_probs[ngram])
    return row


def _prepared(text: str, max_chars: int) -> str:
    """`Detector.append` followed by `Detector.cleaning_text`."""
    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES_RE.sub(" ", text[:max_chars])  # append keeps one space of a run
    if len(_LATIN_RE.findall(text)) * 2 < len(_NON_LATIN_RE.findall(text)):
        text = _LATIN_RE.sub("", text)
    return text


def _word_ngrams(word: str, trailing: bool, word_probs: dict) -> tuple[str, ...]:
    """The n-grams langdetect takes from one word (state reset by the space before it),
    including those ending in the space after it when there is one."""
    out: list[str] = []
    grams = " "
    capital = False
    for ch in word + " " if trailing else word:
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " " and ch in word_probs:
            out.append(ch)
        n = len(grams)
        if n >= 2:
            w = grams[-2:]
            if w in word_probs:
                out.append(w)
            if n >= 3 and grams in word_probs:
                out.append(grams)
    return tuple(out)


_WORDS: dict[tuple[str, bool], tuple[str, ...]] = {}
_MAX_WORDS = 500_000


def extract_ngrams(text: str, word_probs: dict) -> list[str]:
    """`Detector._extract_ngrams`: the known 1-, 2- and 3-grams, in order.

    langdetect's n-gram buffer starts afresh after every space, so what a word
    yields depends on the word alone (and on whether a space follows it): each
    distinct word is worked out once per process, and news text repeats words.
    """
    out: list[str] = []
    parts = text.translate(_NORMALIZED).split(" ")
    last = len(parts) - 1
    cache = _WORDS
    for i, word in enumerate(parts):
        if not word:
            continue
        key = (word, i < last)
        grams = cache.get(key)
        if grams is None:
            if len(cache) >= _MAX_WORDS:
                cache.clear()
            grams = cache[key] = _word_ngrams(word, i < last, word_probs)
        out.extend(grams)
    return out


def probabilities(factory: Any, text: str, max_chars: int = 10000, n_trial: int = 7) -> list[Language]:
    """What ``factory.create()`` with these settings returns from ``get_probabilities()``.

    Raises LangDetectException when the text has no known n-gram, as langdetect does.
    """
    word_probs = factory.word_lang_prob_map
    langs = factory.langlist
    ngrams = extract_ngrams(_prepared(text, max_chars), word_probs)
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    rng = random.Random()
    rng.seed(factory.seed)
    choice = rng.choice
    n_langs = len(langs)
    langprob = [0.0] * n_langs
    for _ in range(n_trial):
        prob = np.full(n_langs, 1.0 / n_langs)
        weight = (Detector.ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH) / Detector.BASE_FREQ
        i = 0
        while True:
            # Element by element the same IEEE operations as langdetect's loop.
            prob = prob * (weight + _row(word_probs, choice(ngrams)))
            if i % 5 == 0:
                total = sum(prob.tolist())  # Python's left-to-right sum, as langdetect's
                prob = prob / total
                if prob.max() > Detector.CONV_THRESHOLD or i >= Detector.ITERATION_LIMIT:
                    break
            i += 1
        langprob = [acc + p / n_trial for acc, p in zip(langprob, prob.tolist())]
    result = [Language(lang, p) for lang, p in zip(langs, langprob) if p > Detector.PROB_THRESHOLD]
    result.sort(reverse=True)
    return result
