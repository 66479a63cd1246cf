"""Reading JSONL inputs on a Ray cluster, each record tagged with its input position.

The driver only cuts each file into byte ranges (a seek per range, no scan);
the ranges become a small Ray dataset and workers read them. Every record
carries ``pos``, a 64-bit key that orders records as the input does
(``file index << 40 | byte offset of the line``), so "the earliest document"
means the same thing as on one machine, without counting lines across workers.

A gzip file (known by its magic bytes, whatever its name) cannot be cut, so it is
one range read by one worker; one that ends early (truncated, corrupt) gives its
records up to the break and then a row saying so, which becomes a reject, as on
one machine. A UTF-8 byte-order mark before the first line is dropped, as on one
machine. Paths must be readable from every worker (a shared file system on a real
cluster), as with Ray's own readers.
"""

from __future__ import annotations

import gzip
import os
import zlib
from typing import Any, Iterator

from ..sources import GZIP_MAGIC, UTF8_BOM

SPLIT_BYTES = 16 * 2**20  # about 3,000 articles per read task
OFFSET_BITS = 40  # 1 TiB per file; the file index takes the remaining bits


def position(file_index: int, offset: int) -> int:
    return (file_index << OFFSET_BITS) | offset


def splits(paths: list[str], split_bytes: int = SPLIT_BYTES) -> list[dict]:
    """Byte ranges [start, end) covering each file; a range owns the lines that START in it."""
    out = []
    for index, path in enumerate(paths):
        size = os.path.getsize(path)
        if size <= split_bytes or is_gzip(path):
            out.append({"path": path, "file": index, "start": 0, "end": -1})
            continue
        for start in range(0, size, split_bytes):
            out.append({"path": path, "file": index, "start": start, "end": min(start + split_bytes, size)})
    return out


def is_gzip(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(GZIP_MAGIC)) == GZIP_MAGIC


class BrokenTail:
    """Not a line: the input ended early here, for this reason (the row's ``broken``)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _open_at(path: str, start: int):
    """The file positioned at the first line that starts at or after ``start``."""
    if start == 0 and is_gzip(path):
        return gzip.open(path, "rb")
    handle = open(path, "rb")
    if start > 0:
        # The line that straddles `start` belongs to the previous range.
        handle.seek(start - 1)
        if handle.read(1) != b"\n":
            handle.readline()
    return handle


def _raw_lines(split: dict) -> Iterator[tuple[int, bytes | BrokenTail]]:
    """(byte offset, raw line) of every line that starts in the split."""
    end = split["end"]
    with _open_at(split["path"], split["start"]) as handle:
        offset = handle.tell()
        while end < 0 or offset < end:
            try:
                raw = handle.readline()
            except EOFError:  # worded as `sources.iter_jsonl` words it on one machine
                yield offset, BrokenTail("compressed data is cut off (truncated gzip)")
                return
            except (OSError, zlib.error) as exc:
                yield offset, BrokenTail(f"gzip data is corrupt ({exc})")
                return
            if not raw:
                break
            yield offset, (raw[len(UTF8_BOM):] if offset == 0 and raw.startswith(UTF8_BOM) else raw)
            offset += len(raw)


def count_lines(split: dict) -> dict:
    """The split with the number of lines starting in it (for 1-based line numbers)."""
    return dict(split, lines=sum(1 for _ in _raw_lines(split)))


def number_splits(counted: list[dict]) -> list[dict]:
    """Give each split the line number of its first line, in input order."""
    out, lineno, current_file = [], 1, None
    for split in sorted(counted, key=lambda s: (s["file"], s["start"])):
        if split["file"] != current_file:
            current_file, lineno = split["file"], 1
        out.append(dict(split, first_line=lineno))
        lineno += split["lines"]
    return out


def read_split(split: dict) -> Iterator[dict]:
    """Rows ``pos``, ``lineno``, ``line`` (bytes: Arrow strings must be valid UTF-8,
    and a bad line must reach the reader's own check to be rejected with its reason)."""
    for lineno, (offset, raw) in enumerate(_raw_lines(split), split["first_line"]):
        if isinstance(raw, BrokenTail):
            yield {"pos": position(split["file"], offset), "lineno": lineno, "line": b"", "broken": raw.reason}
        elif raw.strip():
            yield {"pos": position(split["file"], offset), "lineno": lineno,
                   "line": raw}


class LineReader:
    """The line at an input position, for a later step that goes back to some records.

    A plain file is read with a seek. A gzip file cannot seek: it is read forward
    from where this reader last stopped, and reopened only when asked for an earlier
    line, so a reader asked in input order decompresses each file once.
    """

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self._open: dict[int, tuple[Any, int]] = {}  # file index -> (handle, offset it stands at)

    def line_at(self, pos: int) -> bytes:
        index, offset = pos >> OFFSET_BITS, pos & ((1 << OFFSET_BITS) - 1)
        handle, at = self._open.get(index, (None, 0))
        if handle is None or (offset < at and isinstance(handle, gzip.GzipFile)):
            if handle is not None:
                handle.close()
            handle, at = _open_at(self.paths[index], 0), 0
        if isinstance(handle, gzip.GzipFile):
            while at < offset:
                skipped = handle.readline()
                if not skipped:
                    raise ValueError(f"{self.paths[index]}: no line at offset {offset}")
                at += len(skipped)
        else:
            handle.seek(offset)
        raw = handle.readline()
        self._open[index] = (handle, offset + len(raw))
        return raw[len(UTF8_BOM):] if offset == 0 and raw.startswith(UTF8_BOM) else raw

    def close(self) -> None:
        for handle, _ in self._open.values():
            handle.close()
        self._open.clear()
