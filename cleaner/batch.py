"""`cleaner clean` without the command line: records in, cleaned records out.

What an unattended ingestion job needs from it:

- Nothing lost: every input record is either written, dropped on request, or
  rejected with its line number and reason, so ``read == written + dropped +
  rejected`` always holds (`BatchCounts.balanced`).
- Nothing half-written: OUTPUT and the rejects file are written under hidden
  ``.NAME.partial`` names and renamed into place only when the whole input has
  been read. A killed run leaves the previous OUTPUT (if any) untouched.
- Resumable: every `CHECKPOINT_SECONDS` the partial files are flushed to disk and
  ``.NAME.resume.json`` records how far the input was read and how many bytes of
  each partial file belong to that point. ``resume=True`` truncates the partial
  files back to the checkpoint and continues after its input line, so no record
  is written twice and none is skipped. Without ``resume`` a run starts over,
  which is always safe too.

Cross-document state (the duplicate index, lines repeated across the batch,
figures across documents) is rebuilt on resume by replaying the records before
the checkpoint through the pipeline, writing nothing.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import IO, Callable, Iterable, Iterator

from .api import Cleaner
from .collector import collecting_less_often
from .document import Document
from .errors import CleanerError, InputError
from .files import fsync_folder, is_special_output
from .output.json import result_line_bytes
from .parallel import BatchBoundaries
from .pipeline import Result
from .rules import is_selected
from .sources import Rejected, iter_jsonl, open_input

CHECKPOINT_SECONDS = 2.0  # at most this much work is redone after a crash
CHECKPOINT_VERSION = 1


@dataclass
class BatchCounts:
    read: int = 0  # records read (every non-blank input line, and a cut-off tail)
    written: int = 0
    dropped: int = 0
    rejected: int = 0
    families: dict[str, int] = field(default_factory=dict)  # findings per family, written or not
    resumed_after_line: int = 0  # 0: the run started at the beginning

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.dropped + self.rejected


@dataclass(frozen=True)
class BatchOptions:
    input: str  # a path or "-" (stdin); gzip is recognised by content
    output: str  # a path or "-" (stdout); ".gz" is written compressed
    rejects: str | None = None
    drop: tuple[str, ...] = ()  # selectors: records with such findings are dropped
    resume: bool = False
    workers: int = 1  # processes analysing records (results are the same for any count)


def run_batch(cleaner: Cleaner, options: BatchOptions,
              on_reject: Callable[[Rejected], None] | None = None,
              on_record: Callable[[], None] | None = None,
              on_open: Callable[[IO[bytes]], None] | None = None) -> BatchCounts:
    """Clean every record of ``options.input``; see the module docstring for the guarantees.

    ``on_reject`` sees each rejected record, ``on_record`` is called once per record
    and ``on_open`` gets the input handle (for a progress display).
    """
    _validate(options)
    with collecting_less_often():  # see collector.py: a tenth of the CPU went to the cycle collector
        return _run_batch(cleaner, options, on_reject, on_record, on_open)


def _run_batch(cleaner: Cleaner, options: BatchOptions, on_reject: Callable[[Rejected], None] | None,
               on_record: Callable[[], None] | None, on_open: Callable[[IO[bytes]], None] | None) -> BatchCounts:
    out = _sink(options.output)
    rejects = _sink(options.rejects) if options.rejects else None
    checkpoint = _Checkpoint(options, cleaner) if "-" not in (options.input, options.output) else None
    state = checkpoint.load() if (checkpoint and options.resume) else None
    counts = BatchCounts()
    if state is not None:
        counts = BatchCounts(**state["counts"])
        counts.resumed_after_line = state["line"]
    elif checkpoint is not None:
        checkpoint.remove()  # a fresh run: an old checkpoint no longer describes the partial files
    out.open(state["output_bytes"] if state else None)
    if rejects is not None:
        rejects.open(state["rejects_bytes"] if state else None)

    handle = open_input(options.input)
    if on_open is not None:
        on_open(handle)
    completed = False
    try:
        items: Iterable[Document | Rejected] = iter_jsonl(handle, options.input)
        if state is not None:
            items = _after(items, state["line"], cleaner if _needs_replay(cleaner) else None)
        last_line = counts.resumed_after_line
        last_sync = time.monotonic()
        cuts = BatchBoundaries()
        # Records are serialised where they are finished (in the workers, with --workers):
        # the main process, the part that does not scale, only writes bytes.
        render = functools.partial(encode_output, drop=options.drop)
        for item, encoded in cleaner.stream_rendered(items, workers=options.workers, render=render, results=False):
            counts.read += 1
            if on_record is not None:
                on_record()
            if isinstance(item, Rejected):
                counts.rejected += 1
                last_line = item.line
                if rejects is not None:
                    rejects.write(json.dumps({"path": options.input, "line": item.line, "reason": item.reason,
                                              "raw": item.raw}, ensure_ascii=False) + "\n")
                if on_reject is not None:
                    on_reject(item)
            else:
                line, families, dropped = encoded
                last_line = item.record_line or last_line
                for family, n in families:
                    counts.families[family] = counts.families.get(family, 0) + n
                if dropped:
                    counts.dropped += 1
                else:
                    out.write_bytes(line)
                    counts.written += 1
            # Only where a batch ends: a resumed run replays the records before the
            # checkpoint in the same batches, and so rebuilds the same corpus state.
            batch_ended = cuts.ends_after(item)
            if checkpoint is not None and batch_ended and time.monotonic() - last_sync >= CHECKPOINT_SECONDS:
                checkpoint.save(last_line, out.sync(), rejects.sync() if rejects else 0, counts)
                last_sync = time.monotonic()
        completed = True
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
        if completed:
            out.commit()
            if rejects is not None:
                rejects.commit()
            if checkpoint is not None:
                checkpoint.remove()
        else:
            # No new checkpoint here: the failure may have come in the middle of a
            # write, so the last checkpoint is the last state known to be whole.
            out.abandon()
            if rejects is not None:
                rejects.abandon()
    return counts


def encode_output(result: Result, drop: tuple[str, ...] = ()) -> tuple[bytes, tuple[tuple[str, int], ...], bool]:
    """All `run_batch` needs of a result: the output line (UTF-8, with its newline),
    the number of findings per family, and whether ``drop`` selects one of them.

    Made where the result is finished, in a worker with --workers (module-level,
    so it can be sent to worker processes).
    """
    families: dict[str, int] = {}
    for finding in result.findings:
        families[finding.family] = families.get(finding.family, 0) + 1
    dropped = bool(drop) and any(is_selected(f.code, drop, ()) for f in result.findings)
    return result_line_bytes(result), tuple(families.items()), dropped


def _validate(options: BatchOptions) -> None:
    if options.resume and "-" in (options.input, options.output):
        raise CleanerError("--resume needs an INPUT file and an -o OUTPUT file (not stdin/stdout)")
    if options.rejects and options.rejects != "-" and options.output != "-" and \
            os.path.realpath(options.rejects) == os.path.realpath(options.output) \
            and not is_special_output(options.rejects):
        raise CleanerError("--rejects and -o must be different files")
    if options.rejects and options.rejects != "-" and options.input != "-" and \
            os.path.realpath(options.rejects) == os.path.realpath(options.input):
        raise CleanerError("--rejects must not be the INPUT file (it would be overwritten)")


def _needs_replay(cleaner: Cleaner) -> bool:
    """Records before the checkpoint must be seen again to rebuild corpus state.

    Even with a persistent ``--index``: other corpus state (lines repeated across
    the batch, figures across documents) lives in memory only. Replaying a record
    the index already holds is harmless: the index knows it by its id.
    """
    return any(hasattr(stage, "reconcile") for stage in cleaner.pipeline.stages)


def _after(items: Iterable[Document | Rejected], line: int, replay: Cleaner | None) -> Iterator[Document | Rejected]:
    """The items after input line ``line``; those up to it are replayed through
    ``replay`` first, in the batches the interrupted run made of them (its checkpoints
    fall where a batch ends), so that corpus state is rebuilt as it was."""
    items = iter(items)
    first_after: list[Document | Rejected] = []

    def before() -> Iterator[Document | Rejected]:
        for item in items:
            if (item.line if isinstance(item, Rejected) else (item.record_line or 0)) > line:
                first_after.append(item)
                return
            yield item

    if replay is None:
        for _ in before():
            pass
    else:
        for _ in replay.stream(before()):  # a record that fails comes back Rejected, as the first time
            pass
    yield from first_after
    yield from items


# -- outputs ---------------------------------------------------------------------------

def _sink(path: str) -> "_PartialFile | _StdoutSink":
    if path == "-":
        return _StdoutSink()
    if is_special_output(path):
        return _DirectFile(path)
    # A symlink stays a symlink: the file it points to is the one replaced.
    return _PartialFile(os.path.realpath(path) if os.path.islink(path) else path)


class _StdoutSink:
    _wrote_text = False  # text still buffered above the byte buffer, to flush before bytes

    def open(self, keep_bytes: int | None) -> None:
        pass

    def write(self, text: str) -> None:
        sys.stdout.write(text)
        self._wrote_text = True

    def write_bytes(self, data: bytes) -> None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream (a test's, or an embedding program's)
            self.write(data.decode("utf-8"))
            return
        if self._wrote_text:
            sys.stdout.flush()
            self._wrote_text = False
        buffer.write(data)

    def sync(self) -> int:
        sys.stdout.flush()
        return 0

    def commit(self) -> None:
        sys.stdout.flush()

    def abandon(self) -> None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass


class _PartialFile:
    """A file written under ``.NAME.partial`` and renamed to NAME when complete.

    A ``.gz`` file is written as a series of gzip members, one per checkpoint
    (concatenated members are one valid gzip stream), so a partial file can be cut
    back to the end of any checkpoint and continued.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        folder = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise CleanerError(f"{path}: is a directory")
        if not os.path.isdir(folder):
            raise CleanerError(f"{path}: folder {folder} does not exist")
        self.folder = folder
        self.partial = os.path.join(folder, f".{os.path.basename(path)}.partial")
        self.compressed = path.endswith(".gz")
        self._raw: IO[bytes] | None = None
        self._member: gzip.GzipFile | None = None
        self._members = 0

    def open(self, keep_bytes: int | None) -> None:
        try:
            if keep_bytes is None:
                self._raw = open(self.partial, "wb")
                return
            self._raw = open(self.partial, "r+b")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write {self.partial} ({exc.strerror or exc})") from None
        size = os.fstat(self._raw.fileno()).st_size
        if size < keep_bytes:
            self._raw.close()
            raise CleanerError(f"{self.partial} is shorter than its checkpoint says; "
                               "cannot resume, run again without --resume")
        self._raw.truncate(keep_bytes)
        self._raw.seek(keep_bytes)
        self._members = 1 if keep_bytes else 0

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        try:
            if self.compressed:
                if self._member is None:
                    # The header names the file written, not the partial file it is written through.
                    name = os.path.basename(self.path).removesuffix(".gz")
                    self._member = gzip.GzipFile(filename=name, fileobj=self._raw, mode="wb", mtime=0)
                    self._members += 1
                self._member.write(data)
            else:
                self._raw.write(data)
        except OSError as exc:
            raise InputError(f"{self.path}: write failed ({exc.strerror or exc})") from None

    def sync(self) -> int:
        """Flush to disk; the returned size is a point a resumed run can cut back to."""
        try:
            if self._member is not None:
                self._member.close()  # ends the member; leaves the underlying file open
                self._member = None
            self._raw.flush()
            os.fsync(self._raw.fileno())
        except OSError as exc:
            raise InputError(f"{self.path}: write failed ({exc.strerror or exc})") from None
        return self._raw.tell()

    def _finish(self) -> None:
        """Write out what is buffered and close (a `.gz` output with no record is still gzip)."""
        if self.compressed and self._members == 0 and self._member is None:
            self.write("")  # an empty but valid gzip stream
        self.sync()
        try:
            self._raw.close()
        except OSError as exc:
            raise InputError(f"{self.path}: write failed ({exc.strerror or exc})") from None

    def commit(self) -> None:
        self._finish()
        try:
            os.replace(self.partial, self.path)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot move the finished output into place "
                             f"({exc.strerror or exc}); it is in {self.partial}") from None
        fsync_folder(self.folder)

    def abandon(self) -> None:
        """Close without renaming: the partial file stays for `--resume`."""
        try:
            if self._member is not None:
                self._member.close()
            if self._raw is not None:
                self._raw.close()
        except OSError:
            pass


class _DirectFile(_PartialFile):
    """A device or pipe given as the output: written straight through (there is no
    file to replace, and replacing ``/dev/null`` with a regular file would break
    every other program that writes to it). Such an output cannot be resumed."""

    def __init__(self, path: str) -> None:
        self.path = self.partial = path
        self.folder = os.path.dirname(os.path.abspath(path))
        self.compressed = path.endswith(".gz")
        self._raw = None
        self._member = None
        self._members = 0

    def open(self, keep_bytes: int | None) -> None:
        if keep_bytes is not None:
            raise CleanerError(f"{self.path}: is not a regular file; --resume cannot continue it")
        try:
            self._raw = open(self.path, "ab")  # (a shell's /dev/stdout may be a file: not truncated)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def sync(self) -> int:
        try:
            if self._member is not None:
                self._member.close()
                self._member = None
            self._raw.flush()
        except OSError as exc:
            raise InputError(f"{self.path}: write failed ({exc.strerror or exc})") from None
        return 0

    def commit(self) -> None:
        self._finish()  # nothing to rename


class _Checkpoint:
    """``.OUTPUT.resume.json``: how far the input was read when the partial files were last synced."""

    def __init__(self, options: BatchOptions, cleaner: Cleaner) -> None:
        folder = os.path.dirname(os.path.abspath(options.output))
        self.path = os.path.join(folder, f".{os.path.basename(options.output)}.resume.json")
        self.options = options
        # Resuming with other settings would mix two kinds of output in one file.
        settings = repr((cleaner.config, options.drop, options.rejects, os.path.abspath(options.input)))
        self.settings = hashlib.blake2b(settings.encode("utf-8", "replace"), digest_size=16).hexdigest()

    def _input_identity(self) -> list[int]:
        info = os.stat(self.options.input)
        return [info.st_size, info.st_mtime_ns]

    def load(self) -> dict | None:
        try:
            with open(self.path, encoding="utf-8") as handle:
                state = json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise CleanerError(f"{self.path}: unreadable checkpoint ({exc}); run again without --resume") from None
        if state.get("version") != CHECKPOINT_VERSION or state.get("settings") != self.settings:
            raise CleanerError("the interrupted run used other settings or files; "
                               "run again with the same options, or without --resume")
        if state.get("input") != self._input_identity():
            raise CleanerError(f"{self.options.input} changed since the interrupted run; run again without --resume")
        return state

    def save(self, line: int, output_bytes: int, rejects_bytes: int, counts: BatchCounts) -> None:
        state = {"version": CHECKPOINT_VERSION, "settings": self.settings, "input": self._input_identity(),
                 "line": line, "output_bytes": output_bytes, "rejects_bytes": rejects_bytes,
                 "counts": {k: v for k, v in asdict(counts).items() if k != "resumed_after_line"}}
        tmp = self.path + ".tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(state, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write the checkpoint ({exc.strerror or exc})") from None

    def remove(self) -> None:
        for name in (self.path, self.path + ".tmp"):
            try:
                os.unlink(name)
            except FileNotFoundError:
                pass
            except OSError:
                pass

