"""Reading documents: plain files, JSONL records (optionally gzipped), dates.

Nothing here raises on one bad record: a record that cannot be used becomes a
`Rejected` value with its line number and reason, and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from .document import Document
from .errors import InputError

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
MAX_FILE_BYTES = 512 * 1024 * 1024  # a plain file larger than this is refused, not loaded


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be processed, and why."""

    line: int
    reason: str
    raw: str  # the line as read (cut to a sane length)


def is_jsonl(path: str | os.PathLike[str]) -> bool:
    return str(path).endswith(JSONL_SUFFIXES)


def discover(paths: list[str]) -> list[str]:
    """Expand folders into the .txt/.md/.jsonl files below them, sorted.

    Raises InputError for a path that does not exist; hidden folders are skipped.
    """
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, subdirs, files in os.walk(path):
                subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES):
                        found.append(os.path.join(folder, name))
        elif path.exists() or path.is_symlink():
            found.append(str(path))
        else:
            raise InputError(f"{raw}: no such file or directory")
    return found


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text or a clear InputError (binary files and other encodings are refused)."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); not checked")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text_file(path: str) -> str:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {size} bytes is larger than the {MAX_FILE_BYTES} byte limit for one document")
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_text(data, path)


def parse_published(value: Any) -> dt.date | None:
    """An ISO date or datetime (``2025-07-31``, ``2025-07-31T10:00:00Z``) -> date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {type(value).__name__}")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None


KNOWN_FIELDS = ("id", "text", "title", "url", "published", "source")


def document_from_record(obj: Any, line: int, path: str | None = None) -> Document:
    """Validate one parsed JSONL value; ValueError says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError(f"record is a JSON {type(obj).__name__}, not an object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("record has no string field 'text'" if text is None else
                         f"field 'text' is a {type(text).__name__}, not a string")
    raw_id = obj.get("id")
    if raw_id is None:
        doc_id = f"line-{line}"
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        raise ValueError(f"field 'id' is a {type(raw_id).__name__}, not a string")
    for key in ("title", "url", "source"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise ValueError(f"field {key!r} is a {type(obj[key]).__name__}, not a string")
    return Document(
        text=text,
        id=doc_id,
        path=path,
        title=obj.get("title"),
        url=obj.get("url"),
        source=obj.get("source"),
        published=parse_published(obj.get("published")),
        record_line=line,
        fields={k: v for k, v in obj.items() if k != "text"},
    )


def open_jsonl(path: str, mode: str = "rt") -> IO[str]:
    """Open a .jsonl or .jsonl.gz file, or stdin/stdout for '-'."""
    import sys

    if path == "-":
        stream = sys.stdin if "r" in mode else sys.stdout
        return io.TextIOWrapper(stream.buffer, encoding="utf-8", errors="surrogateescape", newline="\n") \
            if "r" in mode else stream
    if path.endswith(".gz"):
        return gzip.open(path, mode, encoding="utf-8", errors="surrogateescape", newline="\n")
    return open(path, mode, encoding="utf-8", errors="surrogateescape", newline="\n")


def iter_jsonl(handle: IO[str], path: str | None = None) -> Iterator[Document | Rejected]:
    """Yield a Document or a Rejected for every non-blank line; never raises on content.

    A truncated gzip stream ends the iteration with one Rejected for the cut-off tail.
    """
    lineno = 0
    try:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            yield _parse_line(line, lineno, path)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        yield Rejected(lineno + 1, f"input ends early: {exc}", "")


def _parse_line(line: str, lineno: int, path: str | None) -> Document | Rejected:
    raw = line[:1000]
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return Rejected(lineno, "line is not valid UTF-8", raw.encode("utf-8", "replace").decode("utf-8"))
    if "\x00" in line:
        return Rejected(lineno, "line holds a NUL byte", raw.replace("\x00", "\\x00"))
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejected(lineno, f"malformed JSON: {exc.msg} at column {exc.colno}", raw)
    try:
        return document_from_record(obj, lineno, path)
    except ValueError as exc:
        return Rejected(lineno, str(exc), raw)
