"""Word tokens of a batch's lines, tokenising only lines not seen lately.

A token never spans a line break, so a line's tokens depend on its text alone
(`shingles.tokenize` cuts its segments at line breaks, and at spaces only within
a line longer than a segment: such batches go the plain way). News repeats
itself: on the benchmark corpus two thirds of the text is in lines seen in an
earlier batch (standing paragraphs, syndicated copies, site furniture).
"""

from __future__ import annotations

import numpy as np

from .shingles import SEGMENT_CHARS, Tokens, tokenize


class LineTokens:
    """Token hashes of the lines seen lately, by line text (bounded; cleared when full)."""

    MAX_LINES = 1 << 15
    MAX_CHARS = 1 << 22  # of line text kept as keys (a few MB with the hashes)

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._tokens: dict[str, np.ndarray] = {}
        self._chars = 0

    def tokenize(self, text: str, lines: list[str], line_starts: np.ndarray) -> Tokens:
        """`shingles.tokenize(text, line_starts)`, where ``lines`` are the lines of ``text``."""
        if not lines or max(map(len, lines)) >= SEGMENT_CHARS:
            return tokenize(text, line_starts)
        known = self._tokens
        fresh = list(dict.fromkeys(line for line in lines if line not in known))
        batch: dict[str, np.ndarray] = {}
        if fresh:
            found = tokenize("\n".join(fresh))
            counts = np.bincount(found.lines, minlength=len(fresh))
            batch = dict(zip(fresh, np.split(found.hashes, np.cumsum(counts)[:-1])))
        per_line = [known[line] if line in known else batch[line] for line in lines]
        chars = sum(map(len, fresh))
        if len(known) + len(fresh) > self.MAX_LINES or self._chars + chars > self.MAX_CHARS:
            known.clear()
            self._chars = 0
        known.update(batch)
        self._chars += chars
        counts = np.fromiter(map(len, per_line), dtype=np.int64, count=len(lines))
        return Tokens(np.concatenate(per_line), np.repeat(np.arange(len(lines)), counts))

LINE_TOKENS = LineTokens()  # per process
