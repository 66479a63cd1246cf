"""Word tokens of a batch's lines, tokenising only lines not seen lately.

Whether a line ends like a sentence (`content.ends_like_sentence`) depends on
its text alone too, so it is kept with the tokens: the regex then runs on the
fresh lines only, rather than on every long line of every batch.

A token never spans a line break, so a line's tokens depend on its text alone
(`shingles.tokenize` cuts its segments at line breaks, and at spaces only within
a line longer than a segment: such batches go the plain way). News repeats
itself: on the benchmark corpus two thirds of the text is in lines seen in an
earlier batch (standing paragraphs, syndicated copies, site furniture).
"""

from __future__ import annotations

import threading

from itertools import repeat

import numpy as np

from .content import sentence_ends
from .shingles import SEGMENT_CHARS, Tokens, tokenize

_COUNT_BITS = 20  # a line has fewer tokens than SEGMENT_CHARS (2**18)
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_SENTENCE_BIT = 1 << _COUNT_BITS
_FIRST_SHIFT = _COUNT_BITS + 1


class LineTokens:
    """Token hashes of the lines seen lately, by line text (bounded; cleared when full).

    The hashes live in one pool array; a line maps to one int, its first token
    in the pool << _FIRST_SHIFT | _SENTENCE_BIT if it ends like a sentence | its
    token count, so a batch's tokens are one gather from the pool rather than an
    array per line.
    """

    MAX_LINES = 1 << 15
    MAX_CHARS = 1 << 22  # of line text kept as keys (a few MB with the hashes)

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._where: dict[str, int] = {}
        self._pool = np.empty(1 << 16, dtype=np.uint64)
        self._used = 0
        self._chars = 0

    def tokenize(self, text: str, lines: list[str], line_starts: np.ndarray) -> Tokens:
        """`shingles.tokenize(text, line_starts)`, where ``lines`` are the lines of ``text``."""
        return self.read(text, lines, line_starts)[0]

    def read(self, text: str, lines: list[str], line_starts: np.ndarray) -> tuple[Tokens, np.ndarray | None]:
        """The tokens of `tokenize`, and whether each line ends like a sentence
        (None when the batch was too big to keep: `content_blocks` then asks itself)."""
        if not lines or max(map(len, lines)) >= SEGMENT_CHARS:
            return tokenize(text, line_starts), None
        n = len(lines)
        where = self._where
        packed = np.fromiter(map(where.get, lines, repeat(-1, n)), dtype=np.int64, count=n)
        missing = np.flatnonzero(packed < 0)
        if len(missing):
            fresh = list(dict.fromkeys([lines[i] for i in missing.tolist()]))
            lengths = np.fromiter(map(len, fresh), dtype=np.int64, count=len(fresh))
            chars = int(lengths.sum())
            if len(where) + len(fresh) > self.MAX_LINES or self._chars + chars > self.MAX_CHARS:
                if not where:
                    return tokenize(text, line_starts), None  # one batch beyond the bounds: not kept
                self.clear()
                return self.read(text, lines, line_starts)
            fresh_starts = np.zeros(len(fresh), dtype=np.int64)
            np.cumsum(lengths[:-1] + 1, out=fresh_starts[1:])  # saves tokenize a search for line breaks
            found = tokenize("\n".join(fresh), fresh_starts)
            counts = np.bincount(found.lines, minlength=len(fresh))
            self._append(found.hashes)
            first = self._used - len(found.hashes) + np.concatenate([[0], np.cumsum(counts[:-1])])
            codes = (first << _FIRST_SHIFT) | np.where(sentence_ends(fresh), _SENTENCE_BIT, 0) | counts
            where.update(zip(fresh, codes.tolist()))
            self._chars += chars
            packed[missing] = np.fromiter(map(where.__getitem__, [lines[i] for i in missing.tolist()]),
                                          dtype=np.int64, count=len(missing))
        counts = packed & _COUNT_MASK
        firsts = packed >> _FIRST_SHIFT
        total = int(counts.sum())
        # Position in the pool of every token: each line's first, counting up.
        ends = np.cumsum(counts)
        positions = np.arange(total, dtype=np.int64) + np.repeat(firsts - (ends - counts), counts)
        return Tokens(self._pool[positions], np.repeat(np.arange(n), counts)), (packed & _SENTENCE_BIT) != 0

    def _append(self, hashes: np.ndarray) -> None:
        need = self._used + len(hashes)
        if need > len(self._pool):
            grown = np.empty(max(need, 2 * len(self._pool)), dtype=np.uint64)
            grown[:self._used] = self._pool[:self._used]
            self._pool = grown
        self._pool[self._used:need] = hashes
        self._used = need


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.cache = LineTokens()


_PER_THREAD = _PerThread()


def line_tokens() -> LineTokens:
    """This thread's cache: two Cleaners in two threads must not share, or clear, one."""
    return _PER_THREAD.cache
