"""Does a figure in a document speak about a reference fact?

A figure matches a fact when (SPEC "Reference facts"):
- its number is within the fact's tolerance of the fact's value (vague amounts such
  as "thousands" never match: they are not the figure a fact is about);
- one of the fact's ``measure`` phrases stands in the figure's clause (the text
  between its neighbouring figures, so "3,000 jobs cut ... and millions of users lost"
  does not lend "cut" to "millions"), compared by lemma: killed = kill;
- one of the fact's ``subject`` phrases stands *near* the figure: in its sentence,
  the sentence before it in the same paragraph, or the heading line just above
  the paragraph. News names the place once and then says "the conflict"; a
  subject further away is not trusted. Names are compared case-insensitively,
  word by word, with a small fuzzy margin for spelling variants (Zelenskyy /
  Zelensky) on words of six letters or more.

Only the fact file's words are used here, never a built-in topic vocabulary.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from rapidfuzz.distance import Levenshtein

from .claims import Claim
from .reference import Fact, FactBook
from .text import iter_words, lemma, name_words

_FUZZY_MIN_LEN = 6  # shorter names must match exactly ("Iran" is not "Iraq")


def matching_facts(claim: Claim, text: str, book: FactBook,
                   near_by_span: dict[tuple, _Near] | None = None) -> Iterator[Fact]:
    """Facts of ``book`` the figure ``claim`` (offsets into ``text``) speaks about.

    ``near_by_span``, kept by the caller for the claims of one text, lets the figures
    of one sentence share the reading of its names: a sentence that never ends (a
    page on one line, a hard-wrapped page joined up) is then read once, not once
    per figure."""
    if claim.vague or not book:
        return
    candidates = [f for f in book.facts if f.within_tolerance(claim.value)]
    if not candidates:
        return
    window = _lemmas(text[claim.window_start:claim.window_end])
    span = (claim.near_start, claim.sentence_end, claim.heading_start, claim.heading_end)
    near = near_by_span.get(span) if near_by_span is not None else None
    if near is None:
        near = _Near(text, *span)
        if near_by_span is not None:
            near_by_span[span] = near
    for fact in candidates:
        if any(_contains(window, phrase, fuzzy=False) for phrase in fact.measure_keys) and \
                any(near.holds(phrase) for phrase in fact.subject_keys):
            yield fact


class _Near:
    """The names near a figure (its sentence, the one before, a heading above), and
    which subject phrases stand among them."""

    __slots__ = ("_names", "_found")

    def __init__(self, text: str, start: int, end: int, heading_start: int | None,
                 heading_end: int | None) -> None:
        names = _names(text[start:end])
        if heading_start is not None and heading_end is not None:
            names = names + ("\n",) + _names(text[heading_start:heading_end])
        self._names = names
        self._found: dict[tuple[str, ...], bool] = {}

    def holds(self, phrase: tuple[str, ...]) -> bool:
        found = self._found.get(phrase)
        if found is None:
            found = self._found[phrase] = _contains(self._names, phrase, fuzzy=True)
        return found


@lru_cache(maxsize=512)
def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(lemma(w.text) for w in iter_words(text))


@lru_cache(maxsize=512)
def _names(text: str) -> tuple[str, ...]:
    return name_words(text)


def _contains(words: tuple[str, ...], phrase: tuple[str, ...], fuzzy: bool) -> bool:
    n = len(phrase)
    if n == 0 or n > len(words):
        return False
    for i in range(len(words) - n + 1):
        if all(_same(words[i + j], phrase[j], fuzzy) for j in range(n)):
            return True
    return False


def _same(word: str, wanted: str, fuzzy: bool) -> bool:
    if word == wanted:
        return True
    if not fuzzy or len(wanted) < _FUZZY_MIN_LEN or abs(len(word) - len(wanted)) > 1:
        return False
    return Levenshtein.distance(word, wanted, score_cutoff=1) <= 1
