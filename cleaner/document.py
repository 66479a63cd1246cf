"""Documents, line indexes and offset maps.

Stages see a `TextView`: the text as earlier stages left it, plus an `OffsetMap`
back to the original. Findings are made in view offsets and mapped back, so what
the user sees always points at their own file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from array import array
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .findings import Fix


@dataclass(frozen=True, slots=True)
class Document:
    """One article: a plain file or one JSONL record."""

    text: str
    id: str = ""
    path: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    record_line: int | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)  # the JSONL record's fields, untouched; text: None
    # False when `id` was made up ("line-3", "doc-2"): such ids name no article across runs.
    named_id: bool = True


class LineIndex:
    """Converts 0-based offsets to 1-based (line, column) and back."""

    def __init__(self, text: str) -> None:
        self._text_len = len(text)
        # Each line starts one past the end of the one before: running sums, all in C.
        lengths = map(len, text.split("\n")[:-1])
        self.line_starts = list(itertools.accumulate(map((1).__add__, lengths), initial=0))

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        offset = min(max(offset, 0), self._text_len)
        line0 = bisect.bisect_right(self.line_starts, offset) - 1
        return line0 + 1, offset - self.line_starts[line0] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1


# Not frozen, but treat it as frozen: a frozen dataclass sets each field through
# object.__setattr__, three times the cost, and stages cut every page into these.
# (`unsafe_hash` gives it the hash a frozen one has.)
@dataclass(slots=True, unsafe_hash=True)
class Paragraph:
    """A non-empty line: ``text == view[start:end]``, without its newline."""

    lineno: int  # 1-based line in the view's text
    start: int
    end: int
    text: str


def iter_lines(text: str) -> Iterator[Paragraph]:
    """Every line, empty ones included, with its offsets (no newline)."""
    start = 0
    for lineno, line in enumerate(text.split("\n"), 1):  # one C split beats a find per line
        end = start + len(line)
        if line.endswith("\r"):
            yield Paragraph(lineno, start, end - 1, line[:-1])
        else:
            yield Paragraph(lineno, start, end, line)
        start = end + 1


def line_around(text: str, offset: int) -> tuple[int, int, int]:
    """(start, end, newline) of the line of ``text`` that holds ``offset`` (or ends at
    it, when ``offset`` is its newline): ``text[start:end]`` is the line as `iter_lines`
    cuts it (one trailing CR dropped), ``newline`` where its newline is (``len(text)``
    for the last line). Two searches, for callers that visit a few lines of a long text."""
    start = text.rfind("\n", 0, offset) + 1
    newline = text.find("\n", offset)
    if newline == -1:
        newline = len(text)
    end = newline - 1 if newline > start and text[newline - 1] == "\r" else newline
    return start, end, newline


def iter_paragraphs(text: str) -> Iterator[Paragraph]:
    """Non-empty lines (scraped text puts one paragraph per line)."""
    start = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        end = start + len(line)
        if line.strip():  # blank lines never become objects
            if line.endswith("\r"):
                yield Paragraph(lineno, start, end - 1, line[:-1])
            else:
                yield Paragraph(lineno, start, end, line)
        start = end + 1


class OffsetMap:
    """Maps offsets of an edited text back to the text it was edited from.

    Built from the edits as (start, end, replacement) in source offsets. An offset
    inside a replacement maps to the start of the replaced span (``side="start"``)
    or its end (``side="end"``), so a mapped span always covers what was edited.
    """

    __slots__ = ("_new_starts", "_new_ends", "_old_starts", "_old_ends", "_parent")

    def __init__(self, edits: Iterable[tuple[int, int, str]] = (), parent: "OffsetMap | None" = None) -> None:
        # Edit i replaced old_starts[i]:old_ends[i] by new_starts[i]:new_ends[i]; sorted,
        # non-overlapping. Four machine-integer columns: 32 bytes an edit, where a tuple
        # of four ints and two lists of them took about 200 (a text dense with fixes
        # has an edit every few characters).
        self._new_starts, self._new_ends = array("q"), array("q")
        self._old_starts, self._old_ends = array("q"), array("q")
        delta = 0
        for start, end, replacement in edits:
            new_start = start + delta
            self._new_starts.append(new_start)
            self._new_ends.append(new_start + len(replacement))
            self._old_starts.append(start)
            self._old_ends.append(end)
            delta += len(replacement) - (end - start)
        self._parent = parent

    @property
    def is_identity(self) -> bool:
        return not self._new_starts and (self._parent is None or self._parent.is_identity)

    def to_source(self, offset: int, side: str = "start") -> int:
        idx = bisect.bisect_right(self._new_starts, offset) - 1
        if idx < 0:
            mapped = offset
        else:
            new_start, new_end = self._new_starts[idx], self._new_ends[idx]
            old_start, old_end = self._old_starts[idx], self._old_ends[idx]
            if side == "end" and offset == new_start and new_end > new_start:
                mapped = old_start  # a span that ends where a replacement begins does not take it in
            elif offset < new_end or (offset == new_end and side == "end" and new_end > new_start):
                mapped = old_start if side == "start" else old_end
            else:
                mapped = old_end + (offset - new_end)
        return self._parent.to_source(mapped, side) if self._parent else mapped

    def from_source(self, offset: int, side: str = "start") -> int:
        """The other way: an offset of the original text in the edited one. An offset
        inside a replaced span maps to the start (or ``side="end"``: the end) of its
        replacement."""
        mapped = self._parent.from_source(offset, side) if self._parent else offset
        idx = bisect.bisect_right(self._old_starts, mapped) - 1
        if idx < 0:
            return mapped
        new_start, new_end = self._new_starts[idx], self._new_ends[idx]
        old_start, old_end = self._old_starts[idx], self._old_ends[idx]
        if side == "end" and mapped == old_start and old_end > old_start:
            return new_start  # as in `to_source`: ending where an edit begins is ending before it
        if mapped < old_end or (mapped == old_end and side == "end" and old_end > old_start):
            return new_start if side == "start" else new_end
        return new_end + (mapped - old_end)

    def span_from_source(self, start: int, end: int) -> tuple[int, int]:
        if start == end:
            point = self.from_source(start, "start")
            return point, point
        first = self.from_source(start, "start")
        return first, max(first, self.from_source(end, "end"))

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        if start == end:  # an insertion point stays a point
            point = self.to_source(start, "start")
            return point, point
        return self.to_source(start, "start"), self.to_source(end, "end")


@dataclass(frozen=True, slots=True)
class TextView:
    """The text a stage sees, and how to get back to the original."""

    text: str
    to_original: OffsetMap

    @classmethod
    def of(cls, text: str) -> "TextView":
        return cls(text, OffsetMap())

    def paragraphs(self) -> Iterator[Paragraph]:
        return iter_paragraphs(self.text)

    def map_fix(self, fix: Fix | None) -> Fix | None:
        if fix is None:
            return None
        start, end = self.to_original.span_to_source(fix.start, fix.end)
        return Fix(fix.replacement, start, end, fix.safe)

    def edited(self, fixes: Iterable[Fix]) -> "TextView":
        """A new view with ``fixes`` (in this view's offsets) applied."""
        chosen = choose_fixes(fixes)
        if not chosen:
            return self
        text = splice(self.text, chosen)
        return TextView(text, OffsetMap(((f.start, f.end, f.replacement) for f in chosen), self.to_original))


def line_removal_fix(text: str, para: Paragraph, safe: bool = True, block_goes: bool = False) -> Fix:
    """A fix that removes one line of ``text`` together with its line break.

    The last line of a block that goes (``block_goes``: the caller removes every
    line of it), or a line that is a block of its own (the first line, or a blank
    line above it), takes the blank lines under it too: a page whose lines stand
    apart would keep a blank line for every block removed, sixty in a row above
    the article. A line of a block that stays keeps them, so the block stays apart
    from the next. The last line loses the break before it instead, so no blank
    line is left.
    """
    end = para.end
    if end < len(text) and text[end] == "\r":
        end += 1
    if end < len(text) and text[end] == "\n":
        end += 1
        if block_goes or _opens_block(text, para.start):
            end = _after_blank_lines(text, end)
        return Fix("", para.start, end, safe)
    start = para.start
    if start > 0 and text[start - 1] == "\n":
        start -= 1
        if start > 0 and text[start - 1] == "\r":
            start -= 1
    return Fix("", start, end, safe)


def _opens_block(text: str, start: int) -> bool:
    """Whether the line at ``start`` is the first line or has a blank line above it."""
    if start == 0:
        return True
    above = text.rfind("\n", 0, start - 1)  # the break before the line above
    return text[above + 1:start].strip() == ""


def _after_blank_lines(text: str, at: int) -> int:
    """Where the first line that is not blank starts, from the line start ``at`` on
    (the end of the text when only blank lines follow)."""
    end = at
    while end < len(text):
        nl = text.find("\n", end)
        if nl == -1:
            return len(text) if not text[end:].strip() else end
        if text[end:nl].strip():
            break
        end = nl + 1
    return end


def remove_line(text: str, para: Paragraph, content_end: int | None = None, block_goes: bool = False) -> Fix:
    """Remove a line and its line break; the last line keeps the break before it.

    ``content_end`` is ``len(text.rstrip("\r\n"))`` (worked out when not given).
    `line_removal_fix` takes the break before a last line instead, which overlaps the
    removal of the line above when both go: the fix then waits for a second pass, and
    two rules removing the same last line disagree on its span. Rules that remove
    lines use this one, so their removals of one line are the same fix.
    """
    if content_end is None:
        content_end = len(text.rstrip("\r\n"))
    if para.end >= content_end:
        return Fix("", para.start, len(text), True)
    return line_removal_fix(text, para, block_goes=block_goes)


def choose_fixes(fixes: Iterable[Fix]) -> list[Fix]:
    """Non-overlapping fixes to apply together, in order.

    A fix inside a larger accepted fix is dropped (removing a paragraph supersedes
    fixing its spelling); a partial overlap keeps the earlier, wider one and leaves
    the other for the next pass of the fix loop. An insertion where a fix starts
    is not inside it.
    """
    # An insertion goes before a fix that starts where it is: a space inserted after
    # "aid." and the capital of the word after it ("aid.this" -> "aid. This") are
    # made by two rules (W101 then C102), and both apply in one pass. Then the widest
    # first. Two stable sorts on plain ints, not a (start, kind, width) tuple per fix
    # (90 bytes each while sorting; a text dense with fixes has one every few characters).
    ordered = sorted(fixes, key=_width, reverse=True)
    ordered.sort(key=_start_insertions_first)
    chosen: list[Fix] = []
    last_end = -1
    last_start = -1
    for fix in ordered:
        if chosen and fix.start < last_end:
            continue
        if chosen and fix.start == fix.end == last_end and last_start == last_end:
            continue  # two insertions at one point: keep one per pass
        chosen.append(fix)
        last_start, last_end = fix.start, fix.end
    # Identical spans sort together; the first (widest at that start) wins.
    return chosen


def _width(fix: Fix) -> int:
    return fix.end - fix.start


def _start_insertions_first(fix: Fix) -> int:
    return 2 * fix.start + (fix.end != fix.start)


def splice(text: str, fixes: Sequence[Fix]) -> str:
    """Apply sorted, non-overlapping fixes to ``text``."""
    # Joined a block of pieces at a time: a piece between two fixes is a string of
    # its own (56 bytes for a few characters), and a text dense with fixes has
    # hundreds of thousands of them.
    blocks: list[str] = []
    parts: list[str] = []
    pos = 0
    for fix in fixes:
        parts.append(text[pos:fix.start])
        parts.append(fix.replacement)
        pos = fix.end
        if len(parts) >= _SPLICE_BLOCK:
            blocks.append("".join(parts))
            parts.clear()
    parts.append(text[pos:])
    if not blocks:
        return "".join(parts)
    blocks.append("".join(parts))
    return "".join(blocks)


_SPLICE_BLOCK = 4096
