"""Memory a call takes, as tracemalloc counts it (for memory regression tests)."""

import tracemalloc
from typing import Any, Callable


def traced(call: Callable[[], Any]) -> tuple[Any, int, int]:
    """(what ``call()`` returns, the bytes it left allocated, its peak), counted from
    the start of the call."""
    tracemalloc.start()
    try:
        value = call()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return value, held, peak
