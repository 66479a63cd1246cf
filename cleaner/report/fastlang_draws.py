"""The random draws of langdetect's seeded generator, worked out in bulk.

langdetect reseeds `random.Random` with the same seed before every detection,
so every detection reads the same stream of 32-bit Mersenne Twister outputs;
only how it consumes them depends on the text (how many n-grams it chooses
from, and when each trial converges). The stream is generated once per process
(`Random(seed).getrandbits` gives it word by word) and each detection's draws
are read from it with numpy, consuming words exactly as CPython does:

- `choice(seq)` of n items: `getrandbits(k)` with k = n.bit_length(), i.e. the
  next word shifted right by 32 - k, repeated while it is >= n;
- `gauss()`: two `random()` calls (two words each) give two values; the second
  is kept for the next call (`gauss_next`), which consumes nothing.

tests/report/test_fastlang.py checks the result against `random.Random` itself.
"""

from __future__ import annotations

import math
import random
import threading

import numpy as np

_LOCK = threading.Lock()
_STREAMS: dict[int, np.ndarray] = {}
_FIRST_WORDS = 1 << 12


def _words(seed: int, at_least: int, keep: bool) -> np.ndarray:
    """The first words (at least ``at_least``) the generator gives after `seed(seed)`."""
    words = _STREAMS.get(seed) if keep else None
    if words is None or len(words) < at_least:
        size = _FIRST_WORDS if words is None else len(words)
        while size < at_least:
            size *= 2
        words = _generate(seed, size)
        if keep:
            with _LOCK:
                _STREAMS[seed] = words
    return words


def _generate(seed: int, n: int) -> np.ndarray:
    # getrandbits(32 * n) packs n successive outputs, the first in the lowest bits.
    bits = random.Random(seed).getrandbits(32 * n)
    return np.frombuffer(bits.to_bytes(4 * n, "little"), dtype="<u4")


def _uniform(a: int, b: int) -> float:
    """`random()` from two words (CPython's random_random)."""
    return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0)


class Draws:
    """One detection's draws: `choice` among ``n`` items and `gauss(0, 1)`, in stream order."""

    def __init__(self, seed: int | None, n: int) -> None:
        # An unseeded detector seeds from the system: any fresh seed is as good.
        self._keep = seed is not None
        self.seed = seed if seed is not None else random.SystemRandom().getrandbits(64)
        self.n = n
        self.shift = 32 - n.bit_length()
        self.pos = 0  # words consumed so far
        self._gauss_next: float | None = None
        self._index(_FIRST_WORDS // 4)

    def _index(self, size: int) -> None:
        self._words = _words(self.seed, size, self._keep)[:size]
        candidates = self._words >> self.shift
        self._at = np.flatnonzero(candidates < self.n)  # word positions of accepted draws
        self._values = candidates[self._at].astype(np.intp)

    def _grow(self) -> None:
        self._index(len(self._words) * 2)

    def gauss(self) -> float:
        """`Random.gauss(0.0, 1.0)`."""
        z = self._gauss_next
        self._gauss_next = None
        if z is None:
            while len(self._words) < self.pos + 4:
                self._grow()
            a, b, c, d = self._words[self.pos:self.pos + 4].tolist()
            self.pos += 4
            x2pi = _uniform(a, b) * (2.0 * math.pi)
            g2rad = math.sqrt(-2.0 * math.log(1.0 - _uniform(c, d)))
            z = math.cos(x2pi) * g2rad
            self._gauss_next = math.sin(x2pi) * g2rad
        return 0.0 + z * 1.0

    def first_choice(self) -> int:
        """Number of the first accepted draw at or after the current position."""
        while True:
            j = int(np.searchsorted(self._at, self.pos))
            if j < len(self._at):
                return j
            self._grow()

    def choices(self, start: int, stop: int) -> np.ndarray:
        """Values (indexes below n) of accepted draws number ``start`` to ``stop - 1``."""
        while len(self._values) < stop:
            self._grow()
        return self._values[start:stop]

    def consume(self, stop: int) -> None:
        """Draws up to number ``stop - 1`` were taken: the stream moves past them."""
        self.pos = int(self._at[stop - 1]) + 1
