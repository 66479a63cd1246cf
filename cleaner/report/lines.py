"""Shape of each line: the language-independent facts the report rules share.

Scraped pages put one paragraph per line, and the shape of a line says a lot about
what it is: article prose is long, made of sentences and mostly lower-case words;
menus are runs of one to three capitalised words; bylines, dates and counters are
short and full of digits. Everything here avoids word lists so that it works the
same on English, Russian or Korean pages (the word lists live in
`boilerplate_phrases.py`).

Known blind spot: scripts without spaces (Chinese, Japanese) have no "words";
their length is estimated from characters (about two characters per word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..document import Paragraph, iter_paragraphs
from ..wrapping import unwrapped
from ..parallel import BATCH_DOCS
from ..textcache import line_cache

# Characters a sentence may end with, before closing quotes or brackets.
_TERMINAL = frozenset(".!?…。！？;；")
_CLOSERS = "\"'”’»)]*_ \t"
# CJK ideographs and kana: a run of them is several words with no space between.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"\w+")
_DIGIT_RE = re.compile(r"\d")
# Leading list markers: "- ", "• ", "1. ", "2) ", "(3) ", "a. " (bounded, no nesting).
_BULLET_RE = re.compile(r"^\s{0,8}(?:[-–—•·●▪■◦*+>»✓✔➤►]\s{0,3}|\(?\d{1,3}[.)]\s{1,3}|\(?[a-zA-Z][.)]\s{1,3})")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# made building the Lines of a page a quarter of describing it. Treat it as frozen
# (`unsafe_hash` gives it the hash a frozen one has).
@dataclass(slots=True, unsafe_hash=True)
class Line:
    """One non-empty line of a document and its shape."""

    index: int  # position among the document's non-empty lines
    para: Paragraph
    text: str  # stripped
    words: int  # effective word count (CJK estimated from characters)
    chars: int
    letters: int
    lower_frac: float  # share of cased words that start lower-case (0.5 when uncased)
    ends_sentence: bool  # ends with . ! ? … (before closing quotes/brackets)
    digit_frac: float  # share of non-space characters that are digits
    blank_before: bool  # an empty line precedes it
    bullet: bool  # starts with a list marker ("- ", "• ", "3. ")

    @property
    def lineno(self) -> int:
        return self.para.lineno

    @property
    def is_prose(self) -> bool:
        """A paragraph of running text: long, sentence-shaped, mostly lower-case words."""
        return _is_prose(self.words, self.ends_sentence, self.lower_frac, self.digit_frac)

    @property
    def is_short_sentence(self) -> bool:
        """A short sentence ("Cook said the admiration is mutual.")."""
        return 4 <= self.words < 22 and self.ends_sentence and self.lower_frac >= 0.45

    @property
    def is_teaser(self) -> bool:
        """A blurb cut off with an ellipsis ("... may soon..."): a link to another story."""
        return self.words >= 8 and (self.text.endswith("...") or self.text.endswith("…")) \
            and not self.text.endswith(" ...") and not self.text.endswith(" …")

    @property
    def is_list_item(self) -> bool:
        """A bulleted or numbered item, or a row of a table ("3 Kevin Harvick 5033 4 6")."""
        if self.bullet:
            return True
        if self.text.count("|") >= 2 and (self.text.startswith("|") or self.text.endswith("|")):
            return True  # a Markdown table row
        return self.words >= 4 and self.digit_frac >= 0.25 and not self.ends_sentence

    @property
    def is_menu_like(self) -> bool:
        """One to four words, no sentence punctuation: a menu item, label or tag."""
        return self.words <= 4 and not self.ends_sentence


def strip_bullet(text: str) -> str:
    """The text of a list item without its marker ("- 1. Intro" -> "1. Intro" -> "Intro")."""
    for _ in range(2):  # "- 1. Title": a dash and a number
        m = _BULLET_RE.match(text)
        if not m:
            break
        text = text[m.end():]
    return text.strip()


def has_bullet(text: str) -> bool:
    return _BULLET_RE.match(text) is not None


def _ends_sentence(text: str) -> bool:
    tail = text.rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in _TERMINAL


def _lower_frac(words: list[str]) -> float:
    initials = [w[0] for w in words]
    lower = sum(map(str.islower, initials))  # map over C methods: no Python loop body
    return _fraction(lower, lower + sum(map(str.isupper, initials)))


def _fraction(lower: int, cased: int) -> float:
    if cased < 2:
        return 0.5  # uncased script or too little to tell
    return lower / cased


def describe_line(index: int, para: Paragraph, blank_before: bool) -> Line:
    text = " ".join(para.text.split()) if "\n" in para.text else para.text.strip()
    words, letters, lower_frac, ends_sentence, digit_frac, bullet = _shape_of(text)
    return Line(index, para, text, words, len(text), letters, lower_frac, ends_sentence, digit_frac,
                blank_before, bullet)


# Cached: scraped news repeats lines (templates, syndicated stories), on the bench
# corpus two lines in three were seen among the previous few thousand.
@line_cache(maxsize=8192)
def _shape_of(text: str) -> tuple[int, int, float, bool, float, bool]:
    """The fields of a `Line` that depend on its text alone (chars aside)."""
    plain = _as_ascii(text)
    if plain is not None:
        n_words, letters, lower_frac, digits = _count_ascii(plain)
    else:
        n_words, letters, lower_frac, digits = _count_unicode(text)
    head = text[:400]
    non_space = len(head) - head.count(" ")
    return (n_words, letters, lower_frac, _ends_sentence(text), digits / max(1, non_space),
            has_bullet(text) and n_words >= 2)


def _is_prose(words: int, ends_sentence: bool, lower_frac: float, digit_frac: float) -> bool:
    if words >= 10 and ends_sentence and lower_frac >= 0.35:
        return True
    return words >= 22 and lower_frac >= 0.45 and digit_frac < 0.2


def prose_shape(text: str) -> tuple[int, int, bool]:
    """(``\\w+`` runs, words, is prose) of one stripped line, as `describe_line` and
    `Line.is_prose` see it, without building the `Line` (quality asks for every line)."""
    words, _, lower_frac, ends_sentence, digit_frac, _ = _shape_of(text)
    # Words and \w+ runs differ only where CJK characters are counted as words.
    runs = words if text.isascii() or not _CJK_RE.search(text) else len(_WORD_RE.findall(text))
    return runs, words, _is_prose(words, ends_sentence, lower_frac, digit_frac)


# Non-ASCII punctuation common in English news; none of it is a word character (nor
# a digit, nor CJK), so a line that is ASCII once it is replaced has the same words.
_COMMON_PUNCTUATION = "’‘“”–—…\xa0"


def _as_ascii(text: str) -> str | None:
    """``text`` with common punctuation replaced by spaces if that makes it ASCII, else None."""
    if text.isascii():
        return text
    for ch in _COMMON_PUNCTUATION:
        if ch in text:
            text = text.replace(ch, " ")
    return text if text.isascii() else None


# Each ASCII byte as a class: "l"/"u" a lower/upper-case letter, "d" a digit, "_", and
# a space for everything that is not a word character (`\w` in ASCII is [A-Za-z0-9_]).
_CLASSES = bytes(
    ord("l") if chr(b).islower() else ord("u") if chr(b).isupper() else ord("d") if chr(b).isdigit()
    else b if chr(b) == "_" else ord(" ")
    for b in range(128)
) + b" " * 128


def _count_ascii(text: str) -> tuple[int, int, float, int]:
    """`_count_unicode` for ASCII text, from one translation instead of a list of words:
    a word starts at a word character after a space, e.g. " l" is a lower-case initial."""
    c = (" " + text).encode("ascii").translate(_CLASSES)
    lower = c.count(b" l")
    cased = lower + c.count(b" u")
    n_words = cased + c.count(b" d") + c.count(b" _")
    letters = len(c) - c.count(b" ")
    digits = c.count(b"d", 1, 401)  # in text[:400]
    return n_words, letters, _fraction(lower, cased), digits


def _count_unicode(text: str) -> tuple[int, int, float, int]:
    """Words (CJK estimated from characters), word characters, `lower_frac`, digits in the head."""
    words = _WORD_RE.findall(text)
    n_words = len(words)
    cjk = len(_CJK_RE.findall(text))
    if cjk:
        n_words = max(n_words, n_words - 1 + cjk // 2)
    digits = len(_DIGIT_RE.findall(text[:400]))
    return n_words, sum(map(len, words)), _lower_frac(words), digits


@lru_cache(maxsize=BATCH_DOCS)  # a batch: stages run one after the other over it
def describe_text(text: str) -> tuple[Line, ...]:
    """Shapes of the lines of ``text`` (cached: several rules read them).

    Text hard-wrapped at a fixed width (Markdown output of some extractors) is read
    by paragraph instead: its physical lines are fragments of sentences, and judging
    them one by one would take every fragment for a heading.
    """
    paragraphs = list(iter_paragraphs(text))
    return tuple(describe_lines(unwrapped(paragraphs, text) or paragraphs, text))


def describe_lines(paragraphs: Iterable[Paragraph], text: str) -> list[Line]:
    """Shapes of the lines, in order."""
    out: list[Line] = []
    prev_end = -1
    for i, para in enumerate(paragraphs):
        blank_before = prev_end >= 0 and text.count("\n", prev_end, para.start) > 1
        out.append(describe_line(i, para, blank_before))
        prev_end = para.end
    return out
