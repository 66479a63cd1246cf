"""Text hard-wrapped at a fixed width, and its paragraphs.

Some sources break every paragraph into lines of about 72-80 characters: whole
pages dumped by a text browser (lynx, w3m, html2text), the Markdown output of
some extractors, plain-text archives. Rules that judge a line by its shape, or
compare lines with each other, must read such text by paragraph: a physical
line is a fragment of a sentence, and two paragraphs may share a first line.
"""

from __future__ import annotations

import re

from .document import Paragraph

__all__ = ["WRAP_LONG_SHARE", "WRAP_MAX_CHARS", "is_hard_wrapped", "unwrap", "unwrapped", "unwrap_at", "wrap_width"]


# Markdown block starts: a wrapped paragraph never continues into these.
_BLOCK_START_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+>|]\s|\d{1,3}[.)]\s|```|!\[|\[\^)")
_WRAP_MIN_CHARS = 40
WRAP_MAX_CHARS = 100
WRAP_LONG_SHARE = 0.05  # lines longer than WRAP_MAX_CHARS that rule wrapping out


def _continues_sentence(prev: str, nxt: str) -> bool:
    prev = prev.rstrip()
    return (_WRAP_MIN_CHARS <= len(prev) <= WRAP_MAX_CHARS and prev[-1] not in _SENTENCE_ENDS
            and _goes_on(nxt.lstrip()[:1]))


def _continuing(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs whose sentence goes on in the next one, on the line below."""
    return [a for a, b in zip(paragraphs, paragraphs[1:])
            if b.lineno == a.lineno + 1 and _continues_sentence(a.text, b.text)]


# What a line that ends a sentence or a statement ends with.
_SENTENCE_ENDS = frozenset('.!?:"”。！？')


def _goes_on(first: str) -> bool:
    """Can a sentence go on with this character? A lower-case letter, a digit, or a
    letter of a script without case (Hangul, kana, ideographs, Arabic...), where
    nothing marks a sentence start."""
    return first.islower() or first.isdigit() or (first.isalpha() and not first.isupper())


def is_hard_wrapped(paragraphs: list[Paragraph]) -> bool:
    """Lines wrapped at a fixed width: almost none longer than 100 characters, and many
    that stop mid-sentence with the sentence going on, on the next line.

    "Many" is counted among the lines long enough to have been wrapped: a whole
    page dumped by a text browser (lynx, w3m, html2text) wraps its article at 72-80
    columns among hundreds of short menu lines, which must not hide it. (On the
    benchmark's pages and clean articles at most 1 line in 7 of that length goes on
    so; in wrapped text, from 1 in 6 to most of them.)"""
    return _short_enough(paragraphs) and _goes_on_enough(paragraphs, _continuing(paragraphs))


def wrap_width(paragraphs: list[Paragraph]) -> int | None:
    """About the width hard-wrapped ``paragraphs`` were wrapped at (`_wrap_width`);
    None if they are not hard-wrapped (`is_hard_wrapped`). With `unwrap_at`, the
    same as `is_hard_wrapped` then `unwrap`, each line's continuation judged once."""
    if not _short_enough(paragraphs):
        return None
    continuing = _continuing(paragraphs)
    if not _goes_on_enough(paragraphs, continuing):
        return None
    return _wrap_width(paragraphs, continuing)


def _short_enough(paragraphs: list[Paragraph]) -> bool:
    """Enough lines to judge, and almost none longer than 100 characters."""
    if len(paragraphs) < 4:
        return False
    enough = WRAP_LONG_SHARE * len(paragraphs)
    long = 0
    for p in paragraphs:  # counted until there are enough: most pages have long lines early
        if len(p.text) > WRAP_MAX_CHARS and len(p.text.strip()) > WRAP_MAX_CHARS:
            long += 1
            if long >= enough:
                return False
    return True


def _goes_on_enough(paragraphs: list[Paragraph], continuing: list[Paragraph]) -> bool:
    """Many lines whose sentence goes on below (see `is_hard_wrapped`)."""
    cont = len(continuing)
    if cont >= 0.15 * len(paragraphs):
        return True
    return cont >= _WRAP_MIN_CONTINUATIONS and cont >= 0.15 * sum(
        1 for p in paragraphs if len(p.text.strip()) >= _WRAP_MIN_CHARS)


_WRAP_MIN_CONTINUATIONS = 3


def _wrap_width(paragraphs: list[Paragraph], continuing: list[Paragraph]) -> int:
    """About the width the text was wrapped at: most wrapped lines come within a
    word of it, a few overshoot (a long link kept whole), so a high percentile
    rather than the longest line. Measured on the lines whose sentence goes on
    below them, the wrapped ones: a short text's longest lines are often a title
    or a menu bar longer than the width, which a percentile of all lines picks."""
    lengths = sorted(len(a.text.rstrip()) for a in continuing)
    if len(lengths) < _WRAP_MIN_CONTINUATIONS:
        lengths = sorted(len(p.text.rstrip()) for p in paragraphs if len(p.text.strip()) >= _WRAP_MIN_CHARS)
    return lengths[(len(lengths) * 9) // 10] if lengths else 0


def _wrapped_before(prev_len: int, nxt: str, width: int) -> bool:
    """Was the line before ``nxt`` broken because ``nxt``'s first word did not fit?

    A line that ends a paragraph stops short when the next paragraph's first word
    would have fitted after it; a wrapped one is full. ``width`` is about the wrap
    width (`_wrap_width`). (Without it, a heading or a menu line right
    under a paragraph's last line would be read as part of the paragraph.)
    """
    words = nxt.split(maxsplit=1)
    return not words or prev_len + 1 + len(words[0]) > width - _WRAP_SLACK


# Wrappers break before the width (a long word, a hyphenation point, a
# Markdown link that is kept whole): a line this close to the width is full.
_WRAP_SLACK = 0


# A Markdown quotation's marker: a quoted paragraph (an embedded post) is wrapped
# like any other, each of its lines opening with the marker.
_QUOTE_RE = re.compile(r"\s{0,3}>[ \t]?")


def _continues_quote(first: str, quoted: re.Match, line: str) -> bool:
    """A quoted line goes on the quotation its paragraph started, if its text goes on."""
    rest = line[quoted.end():]
    return _QUOTE_RE.match(first) is not None and rest[:1].strip() != "" and not _BLOCK_START_RE.match(rest) \
        and not rest.startswith(("—", "–", "-- "))


def unwrapped(paragraphs: list[Paragraph], text: str) -> list[Paragraph] | None:
    """``unwrap(paragraphs, text)`` if ``is_hard_wrapped(paragraphs)``, else None; each
    line's continuation judged once for both."""
    width = wrap_width(paragraphs)
    return None if width is None else unwrap_at(paragraphs, text, width)


def unwrap(paragraphs: list[Paragraph], text: str) -> list[Paragraph]:
    """Join the physical lines of each wrapped paragraph into one (offsets span them all)."""
    return unwrap_at(paragraphs, text, _wrap_width(paragraphs, _continuing(paragraphs)))


def unwrap_at(paragraphs: list[Paragraph], text: str, width: int) -> list[Paragraph]:
    """`unwrap` at a width worked out already (`wrap_width`). Lines with a blank line
    between them never join, so the lines between two blank lines unwrap on their
    own as they do among all the others."""
    out: list[Paragraph] = []
    first = last = None
    for para in paragraphs:
        if last is not None and not _joins(first, last, para, width):
            out.append(Paragraph(first.lineno, first.start, last.end, text[first.start:last.end]))
            first = None
        if first is None:
            first = para
        last = para
    if first is not None:
        out.append(Paragraph(first.lineno, first.start, last.end, text[first.start:last.end]))
    return out


def _joins(first: Paragraph, prev: Paragraph, para: Paragraph, width: int) -> bool:
    """Does ``para`` go on the paragraph that opens with ``first`` and ends, so far,
    with ``prev``? (The cheap tests first: most lines of a page are short.)"""
    if para.lineno != prev.lineno + 1 or len(prev.text.strip()) < _WRAP_MIN_CHARS \
            or prev.text.lstrip().startswith("#"):
        return False
    quoted = _QUOTE_RE.match(para.text)
    if quoted:
        return _continues_quote(first.text, quoted, para.text) and \
            _wrapped_before(len(prev.text.rstrip()), para.text[quoted.end():], width)
    return not _BLOCK_START_RE.match(para.text) and _wrapped_before(len(prev.text.rstrip()), para.text, width)
