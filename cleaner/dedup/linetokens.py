"""Word tokens of a batch's lines, tokenising only lines not seen lately.

Whether a line ends like a sentence (`content.ends_like_sentence`) and its
line hash depend on its text alone too, so they are kept with the tokens: the
regex and the hashing then run on the fresh lines only.

A token never spans a line break, so a line's tokens depend on its text alone
(`shingles.tokenize` cuts its segments at line breaks, and at spaces only within
a line longer than a segment: such batches go the plain way). News repeats
itself: on the benchmark corpus two thirds of the text is in lines seen in an
earlier batch (standing paragraphs, syndicated copies, site furniture).
"""

from __future__ import annotations

import threading

from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .content import sentence_ends
from .shingles import SEGMENT_CHARS, Tokens, line_hashes, tokenize

_COUNT_BITS = 20  # a line has fewer tokens than SEGMENT_CHARS (2**18)
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_SENTENCE_BIT = 1 << _COUNT_BITS
_FIRST_SHIFT = _COUNT_BITS + 1


@dataclass(frozen=True, slots=True)
class BatchLines:
    """What the sketch needs of a batch's lines, whatever their neighbours."""

    tokens: Tokens
    counts: np.ndarray  # tokens per line
    hashes: np.ndarray  # uint64 per line, as `shingles.line_hashes` gives it
    sentence_end: np.ndarray | None  # bool per line, or None: `content_blocks` then asks itself


def _uncached(text: str, n_lines: int, line_starts: np.ndarray) -> BatchLines:
    tokens = tokenize(text, line_starts)
    return BatchLines(tokens, *line_hashes(tokens, n_lines), None)


class LineTokens:
    """Token hashes of the lines seen lately, by line text (bounded; cleared when full).

    The hashes live in one pool array; a line maps to one int, its first token
    in the pool << _FIRST_SHIFT | _SENTENCE_BIT if it ends like a sentence | its
    token count, so a batch's tokens are one gather from the pool rather than an
    array per line. A line with tokens keeps its line hash at its first token's
    place in a second pool.
    """

    MAX_LINES = 1 << 15
    MAX_CHARS = 1 << 22  # of line text kept as keys (a few MB with the hashes)

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._where: dict[str, int] = {}
        self._pool = np.empty(1 << 16, dtype=np.uint64)
        self._line_pool = np.empty(1 << 16, dtype=np.uint64)
        self._used = 0
        self._chars = 0

    def tokenize(self, text: str, lines: list[str], line_starts: np.ndarray) -> Tokens:
        """`shingles.tokenize(text, line_starts)`, where ``lines`` are the lines of ``text``."""
        return self.read(text, lines, line_starts).tokens

    def read(self, text: str, lines: list[str], line_starts: np.ndarray) -> BatchLines:
        """The tokens of `tokenize`, line hashes and sentence ends of ``text``'s ``lines``."""
        if not lines or _longest_line(text, line_starts) >= SEGMENT_CHARS:
            return _uncached(text, len(lines), line_starts)
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
                    return _uncached(text, len(lines), line_starts)  # one batch beyond the bounds: not kept
                self.clear()
                return self.read(text, lines, line_starts)
            fresh_starts = np.zeros(len(fresh), dtype=np.int64)
            np.cumsum(lengths[:-1] + 1, out=fresh_starts[1:])  # saves tokenize a search for line breaks
            found = tokenize("\n".join(fresh), fresh_starts)
            counts, fresh_hashes = line_hashes(found, len(fresh))
            self._append(found.hashes)
            first = self._used - len(found.hashes) + np.concatenate([[0], np.cumsum(counts[:-1])])
            with_tokens = np.flatnonzero(counts)
            self._line_pool[first[with_tokens]] = fresh_hashes[with_tokens]
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
        tokens = Tokens(self._pool[positions], np.repeat(np.arange(n), counts))
        hashes = np.where(counts > 0, np.take(self._line_pool, firsts, mode="clip"), np.uint64(0))
        return BatchLines(tokens, counts, hashes, (packed & _SENTENCE_BIT) != 0)

    def _append(self, hashes: np.ndarray) -> None:
        need = self._used + len(hashes)
        if need > len(self._pool):
            size = max(need, 2 * len(self._pool))
            self._pool = _grown(self._pool, size, self._used)
            self._line_pool = _grown(self._line_pool, size, self._used)
        self._pool[self._used:need] = hashes
        self._used = need


def _longest_line(text: str, line_starts: np.ndarray) -> int:
    """Characters in the longest line (its line break aside)."""
    return int(np.diff(line_starts, append=len(text) + 1).max()) - 1


def _grown(pool: np.ndarray, size: int, used: int) -> np.ndarray:
    grown = np.empty(size, dtype=pool.dtype)
    grown[:used] = pool[:used]
    return grown


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.cache = LineTokens()


_PER_THREAD = _PerThread()


def line_tokens() -> LineTokens:
    """This thread's cache: two Cleaners in two threads must not share, or clear, one."""
    return _PER_THREAD.cache
