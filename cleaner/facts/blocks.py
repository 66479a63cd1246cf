"""Paragraphs of hard-wrapped text, each read as one line by the F rules.

Text wrapped at a fixed width (e-mail newsletters, plain-text feeds, the Markdown of
some extractors) breaks sentences over lines: "as of July\\n2025", "killed\\nin
eastern Ukraine". The F rules read a `Block`: the lines of one paragraph joined by
single spaces, so a date, a figure and its measure meet as they would on one line,
with a map back to the text so findings point at the figure's own line and column.

A line break joins two lines when the first could be a wrapped line that stops
mid-sentence (at most `WRAP_MAX_CHARS` long, no full stop, not a heading) and the
second goes on with it (not a list item or a heading, and it starts with a
lower-case letter or a digit, or follows a word a sentence cannot end with:
"as of\\nJuly 2025"). In a text that `wrapping.is_hard_wrapped` finds wrapped, the
paragraphs `wrapping.unwrap` joins are joined too (a break before a capital: "in
eastern\\nUkraine"). Blank lines always end a block. A text with no such breaks
gives the same blocks as its lines, so unwrapped text reads as before.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from ..document import iter_paragraphs, line_around
from ..wrapping import WRAP_MAX_CHARS, unwrapped


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph: ``text`` is its lines joined by single spaces."""

    lineno: int  # 1-based line of its first line
    start: int  # offset in the whole text of its first line
    end: int  # offset in the whole text of its last line's end
    text: str
    # (offset in ``text``, offset in the whole text) where each line after the first starts
    joins: tuple[tuple[int, int], ...] = ()

    def to_text(self, offset: int) -> int:
        """The offset in the whole text of ``offset`` in ``self.text`` (the space of a
        join maps to where the line before it ends, so span ends stay on their line)."""
        if not self.joins:
            return self.start + offset
        k = bisect.bisect_right(self.joins, (offset, float("inf"))) - 1
        if k < 0:
            return self.start + offset
        here, there = self.joins[k]
        return there + offset - here

    def lineno_at(self, offset: int) -> int:
        """The line of the whole text that holds ``offset`` of ``self.text``."""
        return self.lineno + bisect.bisect_right(self.joins, (offset, float("inf")))


# Words a sentence or a heading cannot end with: a line that stops on one goes on
# below, whatever the case of the next word ("as of\nJuly 2025", "the\nUnited Nations").
_OPEN_WORDS = frozenset(
    """a an the of as at in on by to for from with into onto than over under about around nearly almost
    since until till between during after before and or nor but per its their his her our your whose
    some least most more than""".split()
)
# A line shorter than this is not a wrapped one even at 40 columns, where a long
# word pushed onto the next line still leaves 25 or more characters.
_MIN_WRAPPED_CHARS = 20
_OPEN_END_RE = re.compile(r"(?:^|[\s(])([A-Za-z]{1,7})$")
_SENTENCE_ENDS = frozenset('.!?:;"”')
# A line that opens a block of its own: a heading, a list item, a quotation, a table row, a fence.
_BLOCK_START_RE = re.compile(r"\s{0,3}(?:#{1,6}\s|[-*+•>|]\s|\d{1,3}[.)]\s|```|!\[|\[\^)")


def continues(line: str, below: str) -> bool:
    """Does the sentence of ``line`` go on at the start of ``below``, the next line,
    judged from the two lines alone?"""
    head = line.rstrip()
    rest = below.lstrip()
    if not head or not rest or len(head) > WRAP_MAX_CHARS or len(below.rstrip()) > WRAP_MAX_CHARS:
        return False  # a line longer than any wrap width is a paragraph of its own
    if head.lstrip().startswith("#") or _BLOCK_START_RE.match(below):
        return False
    if len(head.strip()) < _MIN_WRAPPED_CHARS:
        return False  # "Eli Ankou\n13\n18%": cells of a flattened table, items of a menu
    first = rest[0]
    if first.islower():
        return True  # even after a full stop: it closed an abbreviation ("the U.S.\npopulation")
    if head[-1] in _SENTENCE_ENDS:
        return False
    if first.isdigit() and (head[-1].isalpha() or head[-1] == ","):
        return True  # a digit goes on a sentence after a word ("July\n2025"), not after a figure
    last = _OPEN_END_RE.search(head)
    return head[-1] == "," or (last is not None and last.group(1).lower() in _OPEN_WORDS)


@lru_cache(maxsize=8)  # asked for each block of a text, by F101 and F103 and the batch ledger
def _unwrapped_lines(text: str) -> frozenset[int]:
    """Starts of the lines `wrapping.unwrap` joins to the line above; none when the text
    is not hard-wrapped."""
    lines = list(iter_paragraphs(text))
    paragraphs = unwrapped(lines, text)
    if paragraphs is None:
        return frozenset()
    joined: set[int] = set()
    i = 0
    for para in paragraphs:
        while i < len(lines) and lines[i].start < para.start:
            i += 1
        i += 1  # the paragraph's first line
        while i < len(lines) and lines[i].end <= para.end:
            joined.add(lines[i].start)
            i += 1
    return frozenset(joined)


def _joined(text: str, line: str, below: str, below_start: int) -> bool:
    if continues(line, below):
        return True
    # A wrapped text may break before a capital after any word: ask the whole text,
    # but only at a break that could be a wrap at all.
    return (0 < len(line.strip()) and len(line.rstrip()) <= WRAP_MAX_CHARS and bool(below.strip())
            and below_start in _unwrapped_lines(text))


def blocks_holding(text: str, offsets: Sequence[int]) -> Iterator[Block]:
    """The blocks of ``text`` that hold one of the sorted ``offsets`` (an offset must
    fall inside a non-blank line), in order; only the lines around them are read."""
    lineno, counted = 1, 0
    i = 0
    while i < len(offsets):
        offset = offsets[i]
        start, end, newline = line_around(text, offset)
        if not start <= offset < end or not text[start:end].strip():
            i = bisect.bisect_left(offsets, newline + 1, i + 1)
            continue
        lineno += text.count("\n", counted, start)
        counted = start
        lines, first_lineno, last_newline = _lines_around(text, start, end, newline, lineno)
        if len(lines) == 1 or _ends_sentence(text[lines[-1][0]:lines[-1][1]]) or \
                _stands_alone(text, lines[0][0], last_newline):
            yield _join(text, lines, first_lineno)
            i = bisect.bisect_left(offsets, last_newline + 1, i + 1)
            continue
        # Lines that run on without ever ending a sentence are a menu or a list ("13 hours
        # ago" under a headline, "iPad\niPad mini"), not a wrapped paragraph: one by one.
        for k, (line_start, line_end) in enumerate(lines):
            first = bisect.bisect_left(offsets, line_start, i)
            if first < len(offsets) and offsets[first] < line_end:
                yield Block(first_lineno + k, line_start, line_end, text[line_start:line_end])
        i = bisect.bisect_left(offsets, last_newline + 1, i + 1)


def _ends_sentence(line: str) -> bool:
    return line.rstrip()[-1:] in _PARAGRAPH_ENDS


def _stands_alone(text: str, start: int, newline: int) -> bool:
    """Blank lines (or the text's ends) above ``start`` and below ``newline``: the lines
    between are one paragraph, a title or a sentence without a full stop."""
    above = text.rfind("\n", 0, max(start - 1, 0))
    return (start == 0 or not text[above + 1:start - 1].strip()) and \
        (newline >= len(text) or not text[newline + 1:_line_end(text, newline + 1)].strip())


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


# How a paragraph of prose ends: a wrapped paragraph's last line ends so.
_PARAGRAPH_ENDS = frozenset('.!?:"”’…')


def _lines_around(text: str, start: int, end: int, newline: int, lineno: int
                  ) -> tuple[list[tuple[int, int]], int, int]:
    """The lines joined to the line ``text[start:end]`` (the ``lineno``-th), as (start,
    end) pairs; the first one's line number, and the offset of the last one's newline."""
    above: list[tuple[int, int]] = []  # nearest first
    top_start, top_end = start, end
    while top_start > 0:  # upwards
        above_start, above_end, _ = line_around(text, top_start - 1)
        if not _joined(text, text[above_start:above_end], text[top_start:top_end], top_start):
            break
        above.append((above_start, above_end))
        top_start, top_end = above_start, above_end
    lines = above[::-1] + [(start, end)]
    last_newline = newline
    while last_newline < len(text):  # downwards
        below_start, below_end, below_newline = line_around(text, last_newline + 1)
        last_start, last_end = lines[-1]
        if not _joined(text, text[last_start:last_end], text[below_start:below_end], below_start):
            break
        lines.append((below_start, below_end))
        last_newline = below_newline
    return lines, lineno - len(above), last_newline


def _join(text: str, lines: list[tuple[int, int]], lineno: int) -> Block:
    """The lines as one: the whitespace around each break becomes one space."""
    if len(lines) == 1:
        start, end = lines[0]
        return Block(lineno, start, end, text[start:end])
    parts: list[str] = []
    joins: list[tuple[int, int]] = []
    size = 0
    for k, (start, end) in enumerate(lines):
        if k:
            while start < end and text[start].isspace():
                start += 1
            parts.append(" ")
            size += 1
            joins.append((size, start))
        if k < len(lines) - 1:
            while end > start and text[end - 1].isspace():
                end -= 1
        parts.append(text[start:end])
        size += end - start
    return Block(lineno, lines[0][0], lines[-1][1], "".join(parts), tuple(joins))
