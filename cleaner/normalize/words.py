"""Words of a document in context, and how the document spells them.

The casing rules ask a few questions about a word: is it capitalised, does it
open a sentence, is it part of a URL, how does the rest of the document write
it? Asking them of every word costs a Python loop over the whole text, so
`DocumentWords` answers them on demand: the rules find their few candidates
with regular expressions and word counts (C speed), and only candidates are
looked at in context. Per-word statistics are computed once per word form and
cached.

"Mid-sentence" is what makes capitalisation evidence: "Trump" after "argued"
says the writer treats it as a name; "The" after a period says nothing.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from ..document import Paragraph
from .headings import is_heading

TITLED_LINE_FRAC = 0.7  # prose capitalises a quarter of its longer words at most; titles nearly all
WORD_RE = re.compile(r"[^\W\d_]{1,60}")
_LONG_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]{4,60}")
# The word start is checked by a lookbehind over the capital, so that the engine
# can skip from capital to capital.
_LONG_CAPITALISED_RE = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![^\W\d_].)[^\W\d_]{3,59}")
# URLs, e-mail addresses, handles, hashtags, paths, code spans, and URL slugs
# ("browns-player-on-mason-rudolphs-role").
_URLISH_RE = re.compile(r"://|^www\.|^#\w|@|\.(?:com|org|net|gov|edu|io|co)\b|/\w|`|(?:[^\W\d_]{1,30}-){3}")
# What may stand between a sentence end and the next word: spaces, quotes, brackets.
_OPENERS = " \t\"'“‘(["
_SENTENCE_ENDS = ".!?:;…|•"
_SENTENCE_END_RE = re.compile(r"[.!?:;…|•][\"'”’)\]]{0,2}[ \t]")
_CONTEXT_CHARS = 100  # how far to look for the word before or after
_TOKEN_CHARS = 200  # how far to look for the ends of the whitespace-delimited token holding a word
_SPACE_RE = re.compile(r"[ \t]")
_TOKEN_RE = re.compile(r"[^ \t]+")
_SENTENCE_CHARS = 400  # sentence lengths are counted within this many characters: enough to tell 2 from 3 words


@dataclass(slots=True)
class Word:
    start: int
    end: int
    text: str
    lower: str
    line: int  # index into DocumentWords.line_texts
    first_in_line: bool
    opens_sentence: bool  # first word of its line, or after . ! ? : ; (abbreviations included)
    gap: str  # the characters between the previous word of the line and this one
    urlish: bool  # part of a URL, e-mail address, handle, code span, or glued to digits ("my6sense")
    is_lower: bool
    is_capitalised: bool  # "Trump", "McDonald": upper case first, not all capitals


@dataclass(slots=True)
class WordStats:
    """How a document writes one word (outside URLs and Title Case lines).

    ``capitalised_mid``: capitalised, not opening a sentence; ``standalone_mid``:
    those with no capitalised word right before or after ("Trump said", not
    "Star Wars Series" or "State Department") — the best sign of a one-word
    name; ``lowercase``: in lower case anywhere.
    """

    capitalised_mid: int = 0
    standalone_mid: int = 0
    lowercase: int = 0


@dataclass(slots=True)
class PairStats:
    """How a document writes two adjacent words (outside URLs and Title Case lines).

    ``capitalised``: both capitalised ("United Nations"), wherever they
    stand; ``closed``: those not followed by a third capitalised word
    ("Lankan President" in "Lankan President Gotabaya" is a title, not a
    name); ``mid``: those whose first word does not open a sentence;
    ``mixed``: one of the two in lower case, by the position (0, 1) of the
    lower-case one.
    """

    capitalised: int = 0
    closed: int = 0
    mid: int = 0
    mixed: tuple[int, int] = (0, 0)


class DocumentWords:
    """A text's lines and word counts, with words in context on demand."""

    def __init__(self, text: str, counts: Counter[str] | None = None) -> None:
        self.text = text
        # The lines as `iter_lines` cuts them, kept as plain strings and offsets:
        # most are never looked at, so building a Paragraph for each is waste.
        self.line_texts, self._line_starts = split_lines(text)
        self.counts: Counter[str] = counts if counts is not None else count_words(text)  # exact spellings
        self._heading_lines: set[int] | None = None
        self._titled: dict[int, bool] = {}
        self._words: dict[tuple[int, int], Word] = {}  # by (start, end): a place name spans words
        self._stats: dict[str, WordStats] = {}
        self._occurrences: dict[str, list[Word]] = {}
        self._pairs: dict[tuple[str, str], PairStats] = {}
        self._labels: dict[int, bool] = {}
        self._word_counts: dict[int, int] = {}

    # -- lines ----------------------------------------------------------------------
    @functools.cached_property
    def lines(self) -> list[Paragraph]:
        """Every line as a `Paragraph` (built on first use; the rules use `line_texts`)."""
        return [Paragraph(i + 1, start, start + len(line), line)
                for i, (start, line) in enumerate(zip(self._line_starts, self.line_texts))]

    @property
    def heading_lines(self) -> set[int]:
        if self._heading_lines is None:
            # A comma or a bar rules a heading out (`is_heading`); a substring test is cheaper.
            self._heading_lines = {i for i, line in enumerate(self.line_texts) if _may_be_heading(line)
                                   and "," not in line and "|" not in line and is_heading(line)}
        return self._heading_lines

    def is_heading(self, line: int) -> bool:
        if self._heading_lines is not None:
            return line in self._heading_lines
        text = self.line_texts[line]
        return _may_be_heading(text) and is_heading(text)

    def is_titled(self, line: int) -> bool:
        """A heading, or another line in Title Case ("16-Inch MacBook Pro: Magic Keyboard,
        Physical Esc Key, and More"): its capitals say nothing about names."""
        titled = self._titled.get(line)
        if titled is None:
            text = self.line_texts[line]
            titled = self.is_heading(line)
            if not titled:
                # Every long capitalised word is a long word: with fewer than three of
                # them, the line cannot have three long words, 70 % of them capitalised.
                capitalised = len(_LONG_CAPITALISED_RE.findall(text))
                if capitalised >= 3:
                    long_words = len(_LONG_WORD_RE.findall(text))
                    titled = long_words >= 3 and capitalised >= TITLED_LINE_FRAC * long_words
            self._titled[line] = titled
        return titled

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def word_count(self, line: int) -> int:
        if line not in self._word_counts:
            self._word_counts[line] = len(WORD_RE.findall(self.line_texts[line]))
        return self._word_counts[line]

    def has_words(self, line: int, n: int) -> bool:
        """Has the line ``n`` words or more? (Counts no further than ``n``.)"""
        count = self._word_counts.get(line)
        if count is not None:
            return count >= n
        return sum(1 for _ in itertools.islice(WORD_RE.finditer(self.line_texts[line]), n)) >= n

    def is_label(self, line: int) -> bool:
        """A line of lower-case words without sentence punctuation: tags, a menu item.

        "Tags: 2020 nissan sentra v-motion", "sunday review": lower case is the
        style there, not a slip, so names and dates in it are left alone.
        """
        if line not in self._labels:
            text = self.line_texts[line].rstrip()
            words = WORD_RE.findall(text)
            self._labels[line] = not text.endswith((".", "!", "?", '."', ".”")) and \
                not any(w[0].isupper() and not w.isupper() for w in words[1:])
        return self._labels[line]

    # -- words in context -------------------------------------------------------------
    def word_at(self, start: int, end: int) -> Word:
        """The word at ``text[start:end]`` with its context (cached)."""
        word = self._words.get((start, end))
        if word is not None:
            return word
        index = self.line_of(start)
        text, line_start = self.line_texts[index], self._line_starts[index]
        s, e = start - line_start, end - line_start
        window_start = max(0, s - _CONTEXT_CHARS)
        prev_end = _previous_word_end(text, window_start, s)
        if prev_end is not None:
            gap, first = text[prev_end:s], False
        else:
            gap, first = text[window_start:s], window_start == 0
        before = text[max(0, s - _TOKEN_CHARS):s]
        token_start = s - len(before) + max(before.rfind(" "), before.rfind("\t")) + 1
        space_after = _SPACE_RE.search(text, e, e + _TOKEN_CHARS)
        token_end = space_after.start() if space_after else min(len(text), e + _TOKEN_CHARS)
        glued = (s > 0 and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit())
        value = text[s:e]
        word = Word(
            start=start, end=end, text=value, lower=value.lower(), line=index, first_in_line=first,
            opens_sentence=first or _ends_sentence(gap), gap=gap[-20:],
            urlish=glued or bool(_URLISH_RE.search(text[token_start:token_end])),
            is_lower=value.islower(), is_capitalised=value[0].isupper() and not value.isupper(),
        )
        self._words[start, end] = word
        return word

    def previous(self, word: Word) -> Word | None:
        """The word before ``word`` on its line."""
        if word.first_in_line:
            return None
        line_start = self._line_starts[word.line]
        s = word.start - line_start
        last = None
        for match in WORD_RE.finditer(self.line_texts[word.line], max(0, s - _CONTEXT_CHARS), s):
            last = match
        return self.word_at(line_start + last.start(), line_start + last.end()) if last else None

    def following(self, word: Word) -> Word | None:
        """The word after ``word`` on its line."""
        line_start = self._line_starts[word.line]
        e = word.end - line_start
        match = WORD_RE.search(self.line_texts[word.line], e, e + _CONTEXT_CHARS)
        return self.word_at(line_start + match.start(), line_start + match.end()) if match else None

    def words_of(self, line: int) -> list[Word]:
        """The words of one line, in one pass over it."""
        text, offset = self.line_texts[line], self._line_starts[line]
        urlish_spans = [m.span() for m in _TOKEN_RE.finditer(text) if _URLISH_RE.search(m.group(0))]
        words = []
        prev_end = None
        for match in WORD_RE.finditer(text):
            s, e = match.span()
            cached = self._words.get((offset + s, offset + e))
            if cached is None:
                value = match.group(0)
                gap = text[prev_end:s] if prev_end is not None else text[:s]
                glued = (s > 0 and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit())
                cached = Word(
                    start=offset + s, end=offset + e, text=value, lower=value.lower(), line=line,
                    first_in_line=prev_end is None, opens_sentence=prev_end is None or _ends_sentence(gap),
                    gap=gap[-20:], urlish=glued or any(a <= s < b for a, b in urlish_spans),
                    is_lower=value.islower(), is_capitalised=value[0].isupper() and not value.isupper(),
                )
                self._words[offset + s, offset + e] = cached
            words.append(cached)
            prev_end = e
        return words

    def word_shapes(self, line: int) -> list[tuple[str, str]]:
        """(text, gap) of each word of `words_of(line)`, without building the words."""
        text, offset = self.line_texts[line], self._line_starts[line]
        shapes = []
        prev_end = None
        for match in WORD_RE.finditer(text):
            s, e = match.span()
            cached = self._words.get((offset + s, offset + e))
            if cached is not None:
                shapes.append((cached.text, cached.gap))
            else:
                gap = text[prev_end:s] if prev_end is not None else text[:s]
                shapes.append((match.group(0), gap[-20:]))
            prev_end = e
        return shapes

    def find(self, pattern: re.Pattern[str]) -> Iterator[Word]:
        """Words where ``pattern`` matches (group 1 if it has one, else the match)."""
        for match in pattern.finditer(self.text):
            span = match.span(1) if pattern.groups else match.span()
            yield self.word_at(*span)

    def occurrences(self, lower: str) -> list[Word]:
        """Every occurrence of a word, in any case (cached)."""
        if lower not in self._occurrences:
            self.prepare((lower,))
        return self._occurrences[lower]

    def prepare(self, lowers) -> None:
        """Find the occurrences of several words in one pass over the text."""
        missing = sorted({w for w in lowers if w not in self._occurrences}, key=len, reverse=True)
        if not missing:
            return
        for lower in missing:
            self._occurrences[lower] = []
        # The word start is checked after each word's first character: the engine
        # then tries the words' first letters at each position before any lookbehind.
        pattern = re.compile("(?:" + "|".join(re.escape(w[0]) + r"(?<![^\W\d_].)" + re.escape(w[1:])
                                              for w in missing) + r")(?![^\W\d_])", re.IGNORECASE)
        for word in self.find(pattern):
            bucket = self._occurrences.get(word.lower)
            if bucket is not None:
                bucket.append(word)

    def sentence_words_before(self, word: Word) -> int:
        """Words of the sentence that ends just before ``word`` (on its line, within a window)."""
        s = word.start - self._line_starts[word.line]
        before = self.line_texts[word.line][max(0, s - _SENTENCE_CHARS):s]
        body = before.rstrip(" \t\"'“‘([.!?")
        ends = list(_SENTENCE_END_RE.finditer(body))
        return len(WORD_RE.findall(body, ends[-1].end() if ends else 0))

    def sentence_words_from(self, word: Word) -> int:
        """Words of the sentence that ``word`` starts (on its line, within a window)."""
        s = word.start - self._line_starts[word.line]
        rest = self.line_texts[word.line][s:s + _SENTENCE_CHARS]
        end = _SENTENCE_END_RE.search(rest)
        return len(WORD_RE.findall(rest, 0, end.start() + 1 if end else len(rest)))

    # -- spelling statistics ---------------------------------------------------------
    def stats(self, lower: str) -> WordStats:
        """How the document writes ``lower`` (cached)."""
        if lower in self._stats:
            return self._stats[lower]
        stats = WordStats()
        if self.counts[lower] or any(self.counts[form] for form in _spellings(lower)):
            for word in self.occurrences(lower):
                if word.urlish or self.is_titled(word.line):
                    continue
                if word.is_lower:
                    stats.lowercase += 1
                elif word.is_capitalised and not word.opens_sentence:
                    stats.capitalised_mid += 1
                    if not _capitalised_neighbours(self.previous(word), word) and \
                            not _capitalised_neighbours(word, self.following(word)):
                        stats.standalone_mid += 1
        self._stats[lower] = stats
        return stats

    def pair_stats(self, first: str, second: str) -> PairStats:
        """How the document writes the two words ``first second`` (cached)."""
        key = (first, second)
        if key in self._pairs:
            return self._pairs[key]
        stats = PairStats()
        mixed = [0, 0]
        for word in self.occurrences(first):
            if word.urlish or self.is_titled(word.line):
                continue
            nxt = self.following(word)
            if nxt is None or nxt.lower != second or nxt.gap != " " or nxt.urlish:
                continue
            if word.is_capitalised and nxt.is_capitalised:
                stats.capitalised += 1
                stats.mid += not word.opens_sentence
                after = self.following(nxt)
                stats.closed += after is None or after.gap != " " or not after.is_capitalised
            elif word.is_lower and nxt.is_capitalised:
                mixed[0] += 1
            elif word.is_capitalised and nxt.is_lower:
                mixed[1] += 1
        stats.mixed = (mixed[0], mixed[1])
        self._pairs[key] = stats
        return stats

    def is_proper_noun(self, lower: str) -> bool:
        """Capitalised mid-sentence somewhere and never written in lower case."""
        stats = self.stats(lower)
        return stats.capitalised_mid > 0 and stats.lowercase == 0


def _spellings(lower: str) -> tuple[str, ...]:
    return (lower[:1].upper() + lower[1:],)


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` and their start offsets, cut as `iter_lines` cuts them
    (without the line break, one trailing CR dropped), in a few C-speed passes."""
    parts = text.split("\n")
    starts = [0]
    starts.extend(itertools.accumulate(len(part) + 1 for part in parts[:-1]))
    if "\r" in text:
        parts = [part[:-1] if part.endswith("\r") else part for part in parts]
    return parts, starts


def capitalise(word: str) -> str:
    """Upper-case the first letter only: "trump" -> "Trump", "kerch" -> "Kerch"."""
    return word[:1].upper() + word[1:]


def count_words(text: str) -> Counter[str]:
    """How often each exact spelling of a word occurs in ``text``."""
    # Without a letter outside ASCII (most English texts: their other non-ASCII
    # characters are quotes and dashes) WORD_RE's words are runs of [A-Za-z],
    # which the regex engine matches twice as fast as a Unicode category.
    # Those runs are then what `split` finds once every other byte of the UTF-8 text
    # is a space (one C translation), faster still than the regex.
    if _NON_ASCII_LETTER_RE.search(text):
        return Counter(WORD_RE.findall(text))
    counts = Counter(text.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).decode("ascii").split())
    if counts and max(map(len, counts)) > 60:  # WORD_RE cuts runs of more than 60 letters
        return Counter(_ASCII_WORD_RE.findall(text))
    return counts


_NON_ASCII_LETTER_RE = re.compile(r"[^\x00-\x7f\W\d_]")  # what WORD_RE matches beyond [A-Za-z]
_ASCII_WORD_RE = re.compile(r"[A-Za-z]{1,60}")
# Every byte but an ASCII letter as a space (the bytes of a non-ASCII character too).
_LETTERS_ONLY = bytes(b if chr(b).isascii() and chr(b).isalpha() else ord(" ") for b in range(256))


def _previous_word_end(text: str, start: int, end: int) -> int | None:
    """Where the last WORD_RE match in ``text[start:end]`` ends (after its last letter), or None."""
    for i in (end - 1, end - 2):  # the usual gaps first: none, or one space
        if i < start:
            return None
        if _LETTER_RE.match(text, i):
            return i + 1
    prev_end = None
    for match in WORD_RE.finditer(text, start, end - 2):  # the last two are not letters
        prev_end = match.end()
    return prev_end


_LETTER_RE = re.compile(r"[^\W\d_]")


def _may_be_heading(text: str) -> bool:
    """A cheap first look: headings are short and end without sentence punctuation."""
    return 0 < len(text) <= 200 and text.rstrip()[-1:] not in (".", ",", ";", ":")


def _capitalised_neighbours(left: Word | None, right: Word | None) -> bool:
    """Are ``left`` and ``right`` adjacent ("Star Wars", "Trump-Putin") and both capitalised?"""
    return left is not None and right is not None and right.gap in (" ", "-") \
        and left.is_capitalised and right.is_capitalised


def _ends_sentence(gap: str) -> bool:
    """Does the text between two words end a sentence (". ", "? “", ": ")?"""
    stripped = gap.rstrip(_OPENERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_ENDS
