"""Findings made on an edited text, placed on the original: span, fix, and the
line numbers their messages and data name ("same as line 37" of a text with the
page furniture removed is line 128 of the file)."""

from __future__ import annotations

import bisect
import dataclasses
import re
from itertools import accumulate

from .document import TextView
from .findings import Finding

# "line 37", "lines 88-91": how messages name lines (of the text the rule saw).
_LINE_NUMBERS_RE = re.compile(r"\b(lines?) ([0-9]{1,9})(?:-([0-9]{1,9}))?")


class OriginalLines:
    """Line numbers of an edited text (``view``), as line numbers of the original."""

    def __init__(self, view: TextView, original: str) -> None:
        self.view, self.text = view, original
        self.starts = [0, *accumulate(len(line) + 1 for line in view.text.split("\n"))]
        self._original_starts: list[int] | None = None  # the original's line starts, made when first asked

    def original(self, lineno: int) -> int:
        if not 1 <= lineno < len(self.starts):
            return lineno
        offset, _ = self.view.to_original.span_to_source(self.starts[lineno - 1], self.starts[lineno - 1])
        if self._original_starts is None:  # (counting line breaks per finding was quadratic in them)
            self._original_starts = [0, *accumulate(len(line) + 1 for line in self.text.split("\n"))]
        return bisect.bisect_right(self._original_starts, offset)

    def in_message(self, m: re.Match) -> str:
        first = self.original(int(m.group(2)))
        if m.group(3) is None:
            return f"{m.group(1)} {first}"
        return f"{m.group(1)} {first}-{self.original(int(m.group(3)))}"


def placed_on_original(finding: Finding, view: TextView, lines: OriginalLines) -> Finding:
    """``finding`` (offsets and line numbers of ``view.text``) on the original text."""
    start, end = view.to_original.span_to_source(finding.start, finding.end)
    moved = finding.moved(start, end, view.map_fix(finding.fix))
    message = _LINE_NUMBERS_RE.sub(lines.in_message, finding.message)
    first_line = finding.data.get("first_line")
    if message == finding.message and not isinstance(first_line, int):
        return moved
    data = dict(finding.data)
    if isinstance(first_line, int):
        data["first_line"] = lines.original(first_line)
    return dataclasses.replace(moved, message=message, data=data)
