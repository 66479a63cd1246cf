"""Caches of per-line results keyed by the line's text, bounded in characters.

`line_cache` wraps a function of the text (an LRU); `TextMemo` is for results
worked out from more than the text (a `Line`'s fields), looked up by the text
before anything is built.

Scraped news repeats lines, so per-line results are worth caching by text; but
a "line" is sometimes a whole article (text extracted without line breaks): a
cache of 8,192 such lines of 20 kB would hold 160 MB in each process. Lines up
to `SHORT_CHARS` characters (nearly all of them) share the large cache; longer
ones get a few entries of their own; lines beyond `LONG_CHARS` are not kept.
Worst case: maxsize * 2,000 + 64 * 65,536 characters of keys.
"""

from __future__ import annotations

from functools import lru_cache, update_wrapper
from typing import Any, Callable, TypeVar

SHORT_CHARS = 2_000
LONG_CHARS = 1 << 16
LONG_ENTRIES = 64

F = TypeVar("F", bound=Callable[..., Any])


def line_cache(maxsize: int) -> Callable[[F], F]:
    """Like ``lru_cache(maxsize)`` for a function whose first argument is a str."""

    def decorate(func: F) -> F:
        short = lru_cache(maxsize=maxsize)(func)
        long = lru_cache(maxsize=LONG_ENTRIES)(func)

        def cached(text: str, *args: Any) -> Any:
            n = len(text)
            if n <= SHORT_CHARS:
                return short(text, *args)
            return long(text, *args) if n <= LONG_CHARS else func(text, *args)

        cached.caches = (short, long)  # type: ignore[attr-defined]  # for tests
        return update_wrapper(cached, func)  # type: ignore[return-value]

    return decorate


class TextMemo:
    """Text -> value, emptied when full in entries or in characters; texts longer
    than `LONG_CHARS` are not kept. ``memo.get`` is the dict's own (no call of ours
    on the hot path: a hit costs one C look-up)."""

    def __init__(self, max_entries: int, max_chars: int) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.chars = 0  # characters of the texts kept
        self._values: dict[str, Any] = {}
        self.get = self._values.get  # `clear` keeps the dict, so this stays valid

    def __len__(self) -> int:
        return len(self._values)

    def texts(self) -> list[str]:
        return list(self._values)

    def put(self, text: str, value: Any) -> None:
        n = len(text)
        if n > LONG_CHARS:
            return  # a whole article on one line: not worth its memory
        if len(self._values) >= self.max_entries or self.chars + n > self.max_chars:
            self.clear()
        self._values[text] = value
        self.chars += n

    def clear(self) -> None:
        self._values.clear()
        self.chars = 0
