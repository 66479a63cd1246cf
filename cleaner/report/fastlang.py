"""langdetect's detection, step for step, without its per-character method calls.

`langdetect.Detector` spends most of its time in Python method calls per
character (`NGram.add_char`, `NGram.normalize`, `unicode_block`) and in a
per-language loop for every sampled n-gram. This module does the same
computation over the same profiles in the same order — the same cleaning, the
same n-gram list, the same random draws from the same seed, the same floating
point operations — with the per-character work done by `str.translate` and
regular expressions, and the per-language loop as numpy operations on the same values.
Several texts are detected together (`probabilities_many`): each is a row of one
array, and the seeded random draws are read in bulk (fastlang_draws.py). The
answers are identical (tests/report/test_fastlang.py compares the probabilities
with langdetect's own on real multilingual text).

If a langdetect release changes its algorithm, those tests say so.
"""

from __future__ import annotations

import re
import threading
from itertools import chain
from operator import itemgetter
from typing import Any, Iterable

import numpy as np

from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.language import Language
from langdetect.utils.ngram import NGram

from .fastlang_draws import Draws

_SPACES_RE = re.compile(" {2,}")
_LATIN_RE = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z' (a few signs included)
_LATIN_RUN_RE = re.compile("[A-z]+")
# Characters at or above U+0300 outside the Latin Extended Additional block (U+1E00-U+1EFF).
_NON_LATIN_RE = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")


class _Normalized(dict):
    """ord(ch) -> `NGram.normalize(ch)`, computed on first sight; a table for `str.translate`."""

    def __missing__(self, codepoint: int) -> str:
        value = NGram.normalize(chr(codepoint))
        self[codepoint] = value
        return value


_NORMALIZED = _Normalized()


def _prepared(text: str, max_chars: int) -> str:
    """`Detector.append` followed by `Detector.cleaning_text`."""
    # Each step only where it can match: MAIL_RE backtracks over every run of
    # letters looking for an '@', and Vietnamese marks are never ASCII.
    if "http" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if not text.isascii():
        text = NGram.normalize_vi(text)
    text = _SPACES_RE.sub(" ", text[:max_chars])  # append keeps one space of a run
    # (ASCII text has no non-Latin character; runs count the same characters as findall)
    if not text.isascii() and sum(map(len, _LATIN_RUN_RE.findall(text))) * 2 < len(_NON_LATIN_RE.findall(text)):
        text = _LATIN_RE.sub("", text)
    return text


def _word_ngrams(word: str, trailing: bool, word_probs: dict) -> tuple[str, ...]:
    """The n-grams langdetect takes from one word (state reset by the space before it),
    including those ending in the space after it when there is one.

    `NGram.add_char` keeps the last three characters of " " + word (+ " "), and
    takes nothing at a capital letter that follows a capital; at character k of
    the word it takes the character, the 2-gram ending there and the 3-gram
    ending there (from k = 1), in that order, when the profiles know them.
    """
    out: list[str] = []
    padded = " " + word + " " if trailing else " " + word
    upper = False
    for k, ch in enumerate(word):
        was_upper, upper = upper, ch.isupper()
        if upper and was_upper:
            continue  # an all-capitals word (an acronym) says nothing of its language
        if ch in word_probs:
            out.append(ch)
        gram = padded[k:k + 2]
        if gram in word_probs:
            out.append(gram)
        if k:
            gram = padded[k - 1:k + 2]
            if gram in word_probs:
                out.append(gram)
    if trailing:  # the space after the word: no 1-gram; its 2- and 3-gram
        n = len(word)
        for gram in (padded[n:n + 2], padded[n - 1:n + 2]):
            if gram in word_probs:
                out.append(gram)
    return tuple(out)


class _Profiles:
    """The factory's profiles as rows of one array, and each text's n-grams as row numbers.

    A row is added when its n-gram first occurs in a text (the profiles hold
    under 90,000 n-grams of 55 languages, so that is the bound).
    """

    _MAX_WORDS = 500_000

    def __init__(self, word_probs: dict, n_langs: int) -> None:
        self.word_probs = word_probs
        self.ids: dict[str, int] = {}
        self.table = np.empty((1024, n_langs))
        # Each word's row numbers, followed by a space or ending the text; "" (between
        # two spaces) yields nothing.
        self._spaced: dict[str, tuple[int, ...]] = {"": ()}
        self._final: dict[str, tuple[int, ...]] = {}

    def ngrams(self, text: str) -> list[int]:
        """`Detector._extract_ngrams` of the cleaned ``text``: the known 1-, 2- and
        3-grams, in order, as row numbers.

        langdetect's n-gram buffer starts afresh after every space, so what a word
        yields depends on the word alone (and on whether a space follows it): each
        distinct word is worked out once per process, and news text repeats words.
        """
        parts = text.translate(_NORMALIZED).split(" ")
        last = parts.pop()  # the only word without a space after it
        found = list(map(self._spaced.get, parts))  # looked up in C; None: not seen yet
        if None in found:
            found = [ids if ids is not None else self._learn(word, True) for word, ids in zip(parts, found)]
        if last:
            found.append(self._learn(last, False))
        return list(chain.from_iterable(found))

    def _learn(self, word: str, trailing: bool) -> tuple[int, ...]:
        """Row numbers of the n-grams of ``word`` (followed by a space when ``trailing``)."""
        cache = self._spaced if trailing else self._final
        ids = cache.get(word)
        if ids is None:
            if len(cache) >= self._MAX_WORDS:
                cache.clear()
                cache[""] = ()
            grams = _word_ngrams(word, trailing, self.word_probs)
            ids = tuple(map(self.ids.get, grams))
            if None in ids:  # an n-gram not seen before: give it a row
                ids = tuple(map(self._id, grams))
            cache[word] = ids
        return ids

    def _id(self, gram: str) -> int:
        i = self.ids.get(gram)
        if i is None:
            i = len(self.ids)
            if i == len(self.table):
                self.table = np.concatenate([self.table, np.empty_like(self.table)])
            self.table[i] = self.word_probs[gram]
            self.ids[gram] = i
        return i


_PROFILES: dict[int, _Profiles] = {}
_LOCK = threading.Lock()


def _profiles(factory: Any) -> _Profiles:
    word_probs = factory.word_lang_prob_map
    profiles = _PROFILES.get(id(word_probs))
    if profiles is None or profiles.word_probs is not word_probs:
        profiles = _PROFILES[id(word_probs)] = _Profiles(word_probs, len(factory.langlist))
    return profiles


# langdetect normalises with Python's `sum`, plain left to right before Python 3.12
# (compensated since): a cumulative sum in numpy is the same additions, in order.
_PLAIN_SUM = sum([1e100, 1.0, -1e100]) == 0.0


def _totals(prob: np.ndarray) -> np.ndarray:
    if _PLAIN_SUM:
        return np.add.accumulate(prob, axis=1)[:, -1:]
    return np.array([[sum(row)] for row in prob.tolist()])


def probabilities(factory: Any, text: str, max_chars: int = 10000, n_trial: int = 7) -> list[Language]:
    """What ``factory.create()`` with these settings returns from ``get_probabilities()``.

    Raises LangDetectException when the text has no known n-gram, as langdetect does.
    """
    found = probabilities_many(factory, [text], max_chars, n_trial)[0]
    if found is None:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    return found


def probabilities_many(factory: Any, texts: list[str], max_chars: int = 10000,
                       n_trial: int = 7) -> list[list[Language] | None]:
    """`probabilities` of each text (None where it has no known n-gram), computed together.

    Each text's detection is independent (the generator is reseeded for each), so
    the texts run side by side as rows of one array: numpy's cost per operation
    is paid once for all of them instead of once per text.
    """
    with _LOCK:  # the profiles' rows and word cache grow as texts come
        profiles = _profiles(factory)
        grams = [profiles.ngrams(_prepared(text, max_chars)) for text in texts]
        todo = [i for i, g in enumerate(grams) if g]
        out: list[list[Language] | None] = [None] * len(texts)
        if not todo:
            return out
        langprob = np.zeros((len(todo), len(factory.langlist)))
        draws = [Draws(factory.seed, len(grams[i])) for i in todo]
        for _ in range(n_trial):
            langprob = langprob + _trial(draws, [grams[i] for i in todo], profiles.table) / n_trial
    for i, row in zip(todo, langprob.tolist()):
        result = [Language(lang, p) for lang, p in zip(factory.langlist, row) if p > Detector.PROB_THRESHOLD]
        result.sort(reverse=True)
        out[i] = result
    return out


_FIRST_COLUMNS = 64  # draws looked up ahead per text (most trials converge within 50; >= 2 for itemgetter)


def _trial(draws: list[Draws], grams: list[list[int]], table: np.ndarray) -> np.ndarray:
    """One trial of `Detector._detect_block` for every text: the probabilities it ends with.

    Draw i multiplies the probabilities by (weight + the drawn n-gram's row);
    after draw 0 and then every fifth, they are normalised and the trial stops
    once one language exceeds CONV_THRESHOLD (or at ITERATION_LIMIT). Between
    two checks the five products are the same operations in the same order, so
    they run as one step for all texts still going.
    """
    n, n_langs = len(draws), table.shape[1]
    weight = np.array([(Detector.ALPHA_DEFAULT + d.gauss() * Detector.ALPHA_WIDTH) / Detector.BASE_FREQ
                       for d in draws])[:, None]
    first = [d.first_choice() for d in draws]
    out = np.empty((n, n_langs))
    live = np.arange(n)  # texts whose trial goes on
    ids = _drawn(draws, grams, first, range(n), 0, _FIRST_COLUMNS)
    prob = np.full((n, n_langs), 1.0 / n_langs)
    done = 0  # draws made so far by every live text
    while len(live):
        stop = 1 if done == 0 else done + 5
        if stop > ids.shape[1]:  # a trial slow to converge: look twice as far ahead
            have = ids.shape[1]
            ids = np.concatenate([ids, _drawn(draws, grams, first, live.tolist(), have, 2 * have)], axis=1)
        w = weight[live]
        for k in range(done, stop):
            prob = prob * (w + table[ids[:, k]])
        prob = prob / _totals(prob)
        done = stop
        stopped = prob.max(axis=1) > Detector.CONV_THRESHOLD
        if done - 1 >= Detector.ITERATION_LIMIT:
            stopped[:] = True
        if stopped.any():
            for t in live[stopped].tolist():
                draws[t].consume(first[t] + done)
            out[live[stopped]] = prob[stopped]
            keep = ~stopped
            live, prob, ids = live[keep], prob[keep], ids[keep]
    return out


def _drawn(draws: list[Draws], grams: list[list[int]], first: list[int], texts: Iterable[int],
           start: int, stop: int) -> np.ndarray:
    """Rows of the n-grams chosen by draws ``start`` to ``stop - 1`` of each text's trial."""
    return np.array([itemgetter(*draws[t].choices(first[t] + start, first[t] + stop).tolist())(grams[t])
                     for t in texts], dtype=np.intp).reshape(-1, stop - start)
