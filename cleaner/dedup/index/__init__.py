"""Where documents already seen are remembered: one module per back end.

- no location: `memory.MemoryIndex`, for one run (duplicates within the batch);
- a file path: `sqlite.SqliteIndex`, persistent, safe for several processes;
- ``redis://host:port/db``: `redis.RedisIndex`, shared by workers on many machines.

Every back end offers the same operations (`DuplicateIndex`) over the same
records (`IndexedDocument`), so `corpus.py` does not know which one it talks to.
"""

from __future__ import annotations

from .base import DuplicateIndex, DuplicateIndexError, IndexedDocument, IndexParameters, IndexStats, NewDocument


def open_index(location: str | None, params: IndexParameters) -> DuplicateIndex:
    """The index at ``location`` (None: in memory), created if it does not exist."""
    if location is None or location == ":memory:":
        from .memory import MemoryIndex

        return MemoryIndex(params)
    if location.startswith(("redis://", "rediss://", "unix://")):
        from .redis import RedisIndex

        return RedisIndex(location, params)
    from .sqlite import SqliteIndex

    return SqliteIndex(location, params)


def index_stats(location: str, params: IndexParameters) -> IndexStats:
    index = open_index(location, params)
    try:
        return index.stats()
    finally:
        index.close()


def prune_index(location: str, params: IndexParameters, older_than_days: float) -> int:
    """Forget documents added more than ``older_than_days`` days ago; returns how many."""
    import time

    if older_than_days < 0:
        raise DuplicateIndexError(f"--older-than must be a number of days >= 0, not {older_than_days}")
    index = open_index(location, params)
    try:
        return index.prune(time.time() - older_than_days * 86400.0)
    finally:
        index.close()


__all__ = ["index_stats", "prune_index", "DuplicateIndex", "DuplicateIndexError", "IndexParameters", "IndexStats", "IndexedDocument", "NewDocument",
           "open_index"]
