"""Tables printed one cell per line, as html-to-text tools print an HTML table.

A standings table comes out of many extractors as::

    1
    Kyle Busch
    5040
    5
    ...

Each line alone is a one-word "menu item", so the layout search took the whole
table for a sidebar. What gives it away is its period: the same pattern of
numeric and text cells repeats every row. A menu or a pagination strip has no
such pattern (or has no text cells), and a list of categories with counts
("Politics", "12", ...) has only two columns, which we leave alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .lines import Line

# A figure standing alone in a cell: "5040", "-3", "12.5%", "$1,200", "2:31", "3-1",
# or a dash for an empty numeric cell. One bounded character class: no backtracking.
_NUMERIC_CELL_RE = re.compile(r"[-+−]?[$€£]?\d[\d.,:/'%-]{0,15}|[-–—]")
CELL_MAX_WORDS = 25  # a "stats" column: "7 tackles, 3 assists (10 combined). 1 sack, 2 TFL, 2 QH."
MIN_PERIOD = 3  # columns; two-column "label, count" lists are menus as often as tables
MAX_PERIOD = 12
MIN_ROWS = 3
MIN_NUMERIC_PER_ROW = 2
MIN_NUMERIC_CELLS = MIN_ROWS * MIN_NUMERIC_PER_ROW


@dataclass(frozen=True, slots=True)
class CellTable:
    first: int  # index of the first cell line (header row included)
    last: int
    rows: int  # data rows, header not counted
    columns: int


def find_cell_tables(lines: Sequence[Line], kinds: Sequence[str]) -> list[CellTable]:
    """Every run of short lines whose numeric and text cells repeat with a period of
    three to twelve lines."""
    if sum(1 for line in lines if line.words <= 2 and line.digit_frac > 0) < MIN_NUMERIC_CELLS:
        return []  # most pages: not enough figures on lines of their own to make a table
    tables: list[CellTable] = []
    start = None
    for i in range(len(lines) + 1):
        is_cell = i < len(lines) and kinds[i] in "MHLsP" and lines[i].words <= CELL_MAX_WORDS
        if is_cell and start is None:
            start = i
        elif not is_cell and start is not None:
            tables.extend(_tables_in_run(lines, start, i))
            start = None
    return tables


def _tables_in_run(lines: Sequence[Line], start: int, end: int) -> list[CellTable]:
    """The best periodic stretch of the cells ``start .. end - 1``, if any."""
    if end - start < MIN_PERIOD * MIN_ROWS:
        return []
    pattern = "".join("N" if _NUMERIC_CELL_RE.fullmatch(lines[i].text) else "T" for i in range(start, end))
    if pattern.count("N") < MIN_NUMERIC_CELLS:
        return []
    best: tuple[int, int, int] | None = None  # (cells covered, -period, stretch start)
    for period in range(MIN_PERIOD, min(MAX_PERIOD, len(pattern) // MIN_ROWS) + 1):
        at, length = _longest_repeat(pattern, period)
        covered = length + period  # a stretch of k matches covers k + period cells
        row = pattern[at:at + period]
        if covered < MIN_ROWS * period or row.count("N") < MIN_NUMERIC_PER_ROW or "T" not in row \
                or _has_shorter_period(row):
            continue  # (a "TNTN" row is two rows of a two-column list)
        if best is None or covered > best[0]:
            best = (covered, -period, at)
    if best is None:
        return []
    covered, period, at = best[0], -best[1], best[2]
    first = at
    # A header row of text cells ("Pos.", "Driver", "Points") right above the first row.
    if at >= period and "N" not in pattern[at - period:at]:
        first = at - period
    rows = covered // period
    return [CellTable(start + first, start + at + covered - 1, rows, period)]


def _has_shorter_period(row: str) -> bool:
    return any(len(row) % d == 0 and row == row[:d] * (len(row) // d) for d in range(1, len(row)))


def _longest_repeat(pattern: str, period: int) -> tuple[int, int]:
    """(start, length) of the longest stretch where each cell equals the one ``period`` later."""
    best_at = best_len = 0
    run_at = run_len = 0
    for i in range(len(pattern) - period):
        if pattern[i] == pattern[i + period]:
            if run_len == 0:
                run_at = i
            run_len += 1
            if run_len > best_len:
                best_at, best_len = run_at, run_len
        else:
            run_len = 0
    return best_at, best_len
