"""Reading documents: plain files, JSONL records (optionally gzipped), dates.

Nothing here raises on one bad record: a record that cannot be used becomes a
`Rejected` value with its line number and reason, and reading goes on. JSONL is
read as bytes and split on b"\\n" only, so a record's line number is the same
whatever Unicode line separators (U+2028, U+0085...) its strings hold, and memory
stays bounded by the longest record, not the file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .document import Document
from .jsonrecord import loads as loads_record
from .errors import InputError

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
MAX_FILE_BYTES = 512 * 1024 * 1024  # a plain file larger than this is refused, not loaded
# A JSONL line longer than this is rejected without being held in memory: news
# articles are kilobytes; a 256 MB "record" is a broken file or a decompression bomb.
MAX_RECORD_BYTES = 256 * 1024 * 1024
CHUNK_BYTES = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be processed, and why."""

    line: int
    reason: str
    raw: str  # the line as read (cut to a sane length)


def internal_error(doc: Document, exc: BaseException) -> Rejected:
    """A record a rule crashed on: rejected with a reason that says it is a bug, not bad input."""
    return Rejected(doc.record_line or 0, f"internal error (a bug in cleaner): {type(exc).__name__}: {exc}"[:500],
                    doc.id)


def is_jsonl(path: str | os.PathLike[str]) -> bool:
    return str(path).endswith(JSONL_SUFFIXES)


# Folders of installed packages and build output: never a project's articles.
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


def _files_below(folder: str) -> list[str]:
    """The .txt/.md/.jsonl files below ``folder``, sorted: those git does not ignore when
    the folder is in a git work tree (as ruff honours .gitignore), else every one, hidden
    folders and folders of installed packages left out either way."""
    wanted = TEXT_SUFFIXES + JSONL_SUFFIXES
    listed = _git_files(folder)
    if listed is not None:
        # In the order a walk visits them: a folder's files, then its subfolders.
        kept = [name for name in listed if name.endswith(wanted)
                and not any(part.startswith(".") or part in _SKIPPED_FOLDERS for part in name.split("/")[:-1])]
        kept.sort(key=lambda name: [(1, part) for part in name.split("/")[:-1]] + [(0, name.rsplit("/", 1)[-1])])
        out = [name for name in (os.path.join(folder, n) for n in kept) if os.path.isfile(name)]
        if out or not _git_ignores(folder):
            return out  # (a folder whose every file .gitignore excludes has none to check)
        # A folder ignored as a whole, named on purpose: its files are checked.
    out = []
    for here, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in _SKIPPED_FOLDERS)
        out += [os.path.join(here, name) for name in sorted(files) if name.endswith(wanted)]
    return out


def _git_ignores(folder: str) -> bool:
    """Whether .gitignore excludes the folder itself (not only the files in it)."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", folder, "check-ignore", "-q", "."], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return True
    return done.returncode == 0


def _git_files(folder: str) -> list[str] | None:
    """Paths (relative to ``folder``) git tracks or would track there; None outside a
    work tree or without git."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return sorted({os.fsdecode(name) for name in done.stdout.split(b"\0") if name})


def discover(paths: list[str], missing: list[str] | None = None) -> list[str]:
    """Expand folders into the .txt/.md/.jsonl files below them, sorted, each once.

    A path that does not exist raises InputError, or, when a ``missing`` list is
    given, is appended to it so the other paths can still be checked. In a git work
    tree, what .gitignore excludes is skipped; hidden folders, and folders of
    installed packages (node_modules, venv...), always are.
    """
    found: list[str] = []
    seen: dict[str, int] = {}

    def add(name: str) -> None:
        # By the file it is: `check a.txt a.txt --fix`, or a symlink beside its target,
        # must not check (and rewrite) one file twice, nor make it a duplicate of itself.
        # The file's own name wins over a symlink's: that is the one `--fix` rewrites.
        key = os.path.normcase(os.path.realpath(name))
        if key not in seen:
            seen[key] = len(found)
            found.append(name)
        elif os.path.islink(found[seen[key]]) and not os.path.islink(name):
            found[seen[key]] = name

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for name in _files_below(str(path)):
                add(os.path.normpath(name))  # "./k/a.txt" from walking "." is "k/a.txt", as ruff shows it
        elif path.exists() or path.is_symlink():
            add(str(path))
        elif missing is not None:
            missing.append(raw)
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
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()  # the whole of it: "2025-07-31junk" is not a date
    except ValueError:
        raise ValueError(f"published {value[:60]!r} is not an ISO date (YYYY-MM-DD) or datetime") from None


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
    if raw_id == "":
        raw_id = None  # names nothing: the record is known by its line, as with no id
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
        # "text" keeps its place among the fields (no value: the output writes the cleaned text there).
        fields={k: (None if k == "text" else v) for k, v in obj.items()},
        named_id=raw_id is not None,
    )



# -- JSONL ---------------------------------------------------------------------------

class _BrokenInput(Exception):
    """The byte stream ended early or is corrupt; what came before it is still good."""


def open_jsonl(path: str, mode: str = "rt") -> IO[str]:
    """Open a .jsonl or .jsonl.gz file for writing (or text reading), or stdout/stdin for '-'.

    Writing is strict UTF-8: records with unpaired surrogates were rejected on input.
    """
    if path == "-":
        if "r" in mode:
            return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape", newline="\n")
        return sys.stdout
    if path.endswith(".gz"):
        return gzip.open(path, mode, encoding="utf-8", newline="\n")
    return open(path, mode, encoding="utf-8", newline="\n")


def open_input(path: str) -> IO[bytes]:
    """A JSONL input as bytes (stdin for '-'); gzip is recognised by content in `iter_jsonl`."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def iter_jsonl(handle: IO[bytes] | IO[str], path: str | None = None) -> Iterator[Document | Rejected]:
    """Yield a Document or a Rejected for every non-blank line; never raises on content.

    ``handle`` is best binary (gzip is then recognised by its magic bytes, whatever
    the file is called). A stream that ends early (truncated gzip) or breaks (corrupt
    gzip, read error) yields everything before the break, then one Rejected for the
    cut-off tail.
    """
    lineno = 0
    try:
        for lineno, line in enumerate(_lines(_chunks(handle)), 1):
            if isinstance(line, _TooLong):
                yield Rejected(lineno, f"record is {line.size} bytes, over the {MAX_RECORD_BYTES} byte limit",
                               line.head.decode("utf-8", "replace"))
                continue
            if lineno == 1 and line.startswith(UTF8_BOM):
                line = line[len(UTF8_BOM):]
            if not line.strip():
                continue
            yield _parse_line(line, lineno, path)
    except _BrokenInput as exc:
        partial = exc.args[1] if len(exc.args) > 1 else b""
        yield Rejected(lineno + 1, f"input ends early: {exc.args[0]}", partial[:1000].decode("utf-8", "replace"))


def _chunks(handle: IO[bytes] | IO[str]) -> Iterator[bytes]:
    """Raw bytes of the stream in bounded chunks, gunzipped when it starts with the gzip magic."""
    read = _byte_reader(handle)
    try:
        first = read(CHUNK_BYTES)
    except OSError as exc:
        raise _BrokenInput(f"read error ({exc.strerror or exc})") from None
    if not first:
        return
    if first.startswith(GZIP_MAGIC):
        yield from _gunzip(first, read)
        return
    yield first
    while True:
        try:
            chunk = read(CHUNK_BYTES)
        except OSError as exc:
            raise _BrokenInput(f"read error ({exc.strerror or exc})") from None
        if not chunk:
            return
        yield chunk


def _byte_reader(handle: IO[bytes] | IO[str]):
    if isinstance(handle, io.TextIOBase):
        buffer = getattr(handle, "buffer", None)
        if buffer is not None:
            return buffer.read
        # A pure text stream (StringIO): re-encode; surrogateescape restores raw bytes.
        return lambda n: handle.read(n).encode("utf-8", "surrogateescape")
    return handle.read


def _gunzip(first: bytes, read) -> Iterator[bytes]:
    """Decompress gzip (several members allowed) with bounded output per step.

    Bounded steps keep a decompression bomb from filling memory: output is split
    into lines as it comes, and over-long lines are dropped (see `_lines`).
    """
    decomp = None  # None between members
    data = first
    while True:
        if not data:
            try:
                data = read(CHUNK_BYTES)
            except OSError as exc:
                raise _BrokenInput(f"read error ({exc.strerror or exc})") from None
            if not data:
                break
        if decomp is None:
            if not data.strip(b"\x00"):  # zero padding after the last member, as gzip allows
                data = b""
                continue
            decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while True:
            try:
                out = decomp.decompress(data, CHUNK_BYTES)
            except zlib.error as exc:
                raise _BrokenInput(f"gzip data is corrupt ({exc})") from None
            if out:
                yield out
            if decomp.eof:  # end of a member; another may follow
                data = decomp.unused_data
                decomp = None
                break
            data = decomp.unconsumed_tail
            if not data and len(out) < CHUNK_BYTES:
                break  # everything fed was used: read more
    if decomp is not None:
        raise _BrokenInput("compressed data is cut off (truncated gzip)")


@dataclass(frozen=True, slots=True)
class _TooLong:
    size: int
    head: bytes


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes | _TooLong]:
    """Split a byte stream on b"\\n" only (keeping it), in linear time.

    A line over MAX_RECORD_BYTES is not accumulated: it comes out as `_TooLong`.
    If the stream breaks, the unfinished line travels with the exception.
    """
    pending = bytearray()
    too_long = 0  # bytes of an over-long line seen so far (0: not in one)
    head = b""
    try:
        for chunk in chunks:
            start = 0
            while True:
                nl = chunk.find(b"\n", start)
                if nl == -1:
                    break
                if too_long:
                    yield _TooLong(too_long + nl + 1 - start, head)
                    too_long = 0
                elif pending:
                    pending += chunk[start:nl + 1]
                    yield bytes(pending)
                    pending.clear()
                else:
                    yield chunk[start:nl + 1]
                start = nl + 1
            rest = len(chunk) - start
            if too_long:
                too_long += rest
            elif len(pending) + rest > MAX_RECORD_BYTES:
                head = bytes(pending[:1000]) if pending else chunk[start:start + 1000]
                too_long = len(pending) + rest
                pending.clear()
            else:
                pending += chunk[start:]
    except _BrokenInput as exc:
        raise _BrokenInput(exc.args[0], bytes(pending[:1000]) if not too_long else head) from None
    if too_long:
        yield _TooLong(too_long, head)
    elif pending:
        yield bytes(pending)


# A JSON escape of a UTF-16 surrogate; only lines holding one can decode to an
# unpaired surrogate, which no UTF-8 output can carry.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _parse_line(line: bytes, lineno: int, path: str | None) -> Document | Rejected:
    if b"\x00" in line:
        return Rejected(lineno, "line holds a NUL byte (binary data, not JSON text)",
                        _raw(line).replace("\x00", "\\x00"))
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(lineno, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at byte {exc.start + 1} of the line)",
                        _raw(line))
    try:
        obj = loads_record(text)
    except json.JSONDecodeError as exc:
        return Rejected(lineno, f"malformed JSON: {exc.msg} at column {exc.colno}", _raw(line))
    except RecursionError:
        return Rejected(lineno, "malformed JSON: nested too deeply", _raw(line))
    except ValueError as exc:  # NaN, 1e400, an integer with more digits than Python converts
        return Rejected(lineno, f"unreadable JSON value: {exc}", _raw(line))
    if _SURROGATE_ESCAPE.search(line) and has_lone_surrogate(obj):
        return Rejected(lineno, LONE_SURROGATE,
                        _raw(line))
    try:
        return document_from_record(obj, lineno, path)
    except ValueError as exc:
        return Rejected(lineno, str(exc), _raw(line))


def _raw(line: bytes) -> str:
    """The start of a rejected line, for the rejects file (made only for those)."""
    return line[:1000].decode("utf-8", "replace")


LONE_SURROGATE = "a string holds an unpaired UTF-16 surrogate (e.g. \\ud800): not valid Unicode"


def has_lone_surrogate(obj: Any) -> bool:
    stack = [obj]  # iterative: the value may be nested as deep as json allows
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
