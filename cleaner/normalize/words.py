"""The words of a document with their context, and how the document spells them.

The casing rules ask the same questions of every word: is it capitalised, does
it open a sentence, is it part of a URL, how does the rest of the document
write it? `DocumentWords` answers them from one pass over the text.

"Mid-sentence" is what makes capitalisation evidence: "Trump" after "argued"
says the writer treats it as a name; "The" after a period says nothing.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from ..document import Paragraph, iter_lines
from .headings import is_heading

TITLED_LINE_FRAC = 0.7  # prose capitalises a quarter of its longer words at most; titles nearly all
_WORD_RE = re.compile(r"[^\W\d_]{1,60}")
_TOKEN_RE = re.compile(r"\S+")
# URLs, e-mail addresses, handles, paths, code spans, and URL slugs
# ("browns-player-on-mason-rudolphs-role").
_URLISH_RE = re.compile(r"://|^www\.|@|\.(?:com|org|net|gov|edu|io|co)\b|/\w|`|(?:[^\W\d_]{1,30}-){3}")
# What may stand between a sentence end and the next word: spaces, quotes, brackets.
_OPENERS = " \t\"'“‘(["
_SENTENCE_ENDS = ".!?:;…|•"


@dataclass(slots=True)
class Word:
    start: int
    end: int
    text: str
    lower: str
    line: int  # index into DocumentWords.lines
    first_in_line: bool
    opens_sentence: bool  # first word of its line, or after . ! ? : ; (abbreviations included)
    gap: str  # the characters between the previous word of the line and this one
    urlish: bool  # part of a URL, e-mail address, handle, code span, or glued to digits ("my6sense")

    @property
    def is_lower(self) -> bool:
        return self.text.islower()

    @property
    def is_capitalised(self) -> bool:
        """"Trump", "McDonald": an upper-case letter first, not all capitals."""
        return self.text[0].isupper() and not self.text.isupper()


class DocumentWords:
    """Every word of a text, plus per-document spelling counts.

    ``capitalised_mid`` counts capitalised occurrences that do not open a
    sentence, in lines that are neither headings nor otherwise in Title Case
    (a Title Case line capitalises everything); ``standalone_mid`` those of them with no capitalised word
    right before or after ("Trump said", not "Star Wars Series" or "State
    Department"), the best sign of a one-word name; ``lowercase`` counts
    lower-case occurrences anywhere; ``capitalised_pairs`` counts two adjacent
    capitalised words ("United Nations") in body lines, wherever they stand,
    ``closed_pairs`` those not followed by a third capitalised word ("Lankan
    President" in "Lankan President Gotabaya" is a title, not a name),
    ``mid_pairs`` those whose first word does not open a sentence,
    and ``mixed_pairs`` the same two words with one of them in lower case,
    keyed by the pair and the position (0 or 1) of the lower-case one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[Paragraph] = list(iter_lines(text))
        self.heading_lines: set[int] = {i for i, line in enumerate(self.lines) if is_heading(line.text)}
        self.words: list[Word] = list(self._tokenize())
        self._line_words: Counter[int] = Counter(w.line for w in self.words)
        self._word_lines = [w.line for w in self.words]
        self._labels: dict[int, bool] = {}
        self.capitalised_mid: Counter[str] = Counter()
        self.standalone_mid: Counter[str] = Counter()
        self.lowercase: Counter[str] = Counter()
        self.capitalised_pairs: Counter[tuple[str, str]] = Counter()
        self.closed_pairs: Counter[tuple[str, str]] = Counter()
        self.mid_pairs: Counter[tuple[str, str]] = Counter()
        self.mixed_pairs: Counter[tuple[str, str, int]] = Counter()
        self.titled_lines = self.heading_lines | self._mostly_capitalised_lines()
        self._count()

    def _tokenize(self) -> Iterator[Word]:
        for index, line in enumerate(self.lines):
            if not line.text.strip():
                continue
            urlish_spans = [m.span() for m in _TOKEN_RE.finditer(line.text) if _URLISH_RE.search(m.group(0))]
            prev_end = None
            for match in _WORD_RE.finditer(line.text):
                s, e = match.span()
                gap = line.text[prev_end:s] if prev_end is not None else line.text[:s]
                first = prev_end is None
                word = match.group(0)
                glued = (s > 0 and line.text[s - 1].isdigit()) or (e < len(line.text) and line.text[e].isdigit())
                yield Word(
                    start=line.start + s, end=line.start + e, text=word, lower=word.lower(), line=index,
                    first_in_line=first, opens_sentence=first or _ends_sentence(gap), gap=gap[-20:],
                    urlish=glued or any(a <= s < b for a, b in urlish_spans),
                )
                prev_end = e

    def _count(self) -> None:
        words = self.words
        for i, word in enumerate(words):
            if word.urlish or word.line in self.titled_lines:
                continue
            if word.is_lower:
                self.lowercase[word.lower] += 1
            elif word.is_capitalised and not word.opens_sentence:
                self.capitalised_mid[word.lower] += 1
                if not _capitalised_neighbour(self.previous(i), word) and \
                        not _capitalised_neighbour(word, self.following(i)):
                    self.standalone_mid[word.lower] += 1
            nxt = self.following(i)
            if nxt is None or nxt.gap != " " or nxt.urlish:
                continue
            pair = (word.lower, nxt.lower)
            if word.is_capitalised and nxt.is_capitalised:
                self.capitalised_pairs[pair] += 1
                if not word.opens_sentence:
                    self.mid_pairs[pair] += 1
                after = self.following(i + 1)
                if after is None or after.gap != " " or not after.is_capitalised:
                    self.closed_pairs[pair] += 1
            elif word.is_lower and nxt.is_capitalised:
                self.mixed_pairs[(*pair, 0)] += 1
            elif word.is_capitalised and nxt.is_lower:
                self.mixed_pairs[(*pair, 1)] += 1

    def _mostly_capitalised_lines(self) -> set[int]:
        """Lines in Title Case even if not headings ("16-Inch MacBook Pro: Magic Keyboard, Physical
        Esc Key, Up to 64GB of RAM, and More"): their capitals say nothing about names."""
        titled = set()
        long_words: Counter[int] = Counter()
        capitalised: Counter[int] = Counter()
        for word in self.words:
            if len(word.text) >= 4:
                long_words[word.line] += 1
                capitalised[word.line] += word.is_capitalised
        for line, total in long_words.items():
            if total >= 3 and capitalised[line] >= TITLED_LINE_FRAC * total:
                titled.add(line)
        return titled

    def is_proper_noun(self, lower: str) -> bool:
        """Capitalised mid-sentence somewhere and never written in lower case."""
        return self.capitalised_mid[lower] > 0 and self.lowercase[lower] == 0

    def is_label(self, line: int) -> bool:
        """A line of lower-case words without sentence punctuation: tags, a menu item.

        "Tags: 2020 nissan sentra v-motion", "sunday review": lower case is the
        style there, not a slip, so names and dates in it are left alone.
        """
        if line not in self._labels:
            text = self.lines[line].text.rstrip()
            words = [w for w in self.words_of(line)]
            self._labels[line] = not text.endswith((".", "!", "?", ".\"", ".”")) and \
                not any(w.is_capitalised for w in words[1:])
        return self._labels[line]

    def words_of(self, line: int) -> list[Word]:
        start = bisect.bisect_left(self._word_lines, line)
        end = bisect.bisect_right(self._word_lines, line)
        return self.words[start:end]

    def word_count(self, line: int) -> int:
        return self._line_words[line]

    def previous(self, i: int) -> Word | None:
        """The word before ``words[i]`` on the same line."""
        if i > 0 and self.words[i - 1].line == self.words[i].line:
            return self.words[i - 1]
        return None

    def following(self, i: int) -> Word | None:
        """The word after ``words[i]`` on the same line."""
        if i + 1 < len(self.words) and self.words[i + 1].line == self.words[i].line:
            return self.words[i + 1]
        return None


def _capitalised_neighbour(left: Word | None, right: Word | None) -> bool:
    """Are ``left`` and ``right`` adjacent ("Star Wars", "Trump-Putin") and both capitalised?"""
    return left is not None and right is not None and right.gap in (" ", "-") \
        and left.is_capitalised and right.is_capitalised


def _ends_sentence(gap: str) -> bool:
    """Does the text between two words end a sentence (". ", "? “", ": ")?"""
    stripped = gap.rstrip(_OPENERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_ENDS
