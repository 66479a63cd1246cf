"""`line_cache`: an LRU cache for functions of one line's text, bounded in characters.

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
