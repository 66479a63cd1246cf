"""Progress of a long run, for the CLI: a bar on a terminal, a log line now and then elsewhere.

On a terminal (stderr is a tty) one line is redrawn in place, at most ten times
a second: records done, MB/s, and when the input size is known a bar, percent and
ETA. Anywhere else (CI logs, pipes, files) a plain line every ``log_every_s``
seconds, so a long batch job shows it is alive without flooding its log, and a
short run prints nothing at all.

The library never prints: only the CLI makes one of these and feeds it.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import time
from typing import IO, Callable


class Progress:
    def __init__(self, total_bytes: int | None = None, *, stream: IO[str] | None = None, label: str = "cleaner",
                 enabled: bool = True, interactive: bool | None = None, log_every_s: float = 10.0,
                 refresh_s: float = 0.1, position: Callable[[], int] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total_bytes = total_bytes or None
        self.label = label
        self.enabled = enabled
        self.interactive = _isatty(self.stream) if interactive is None else interactive
        self.every_s = refresh_s if self.interactive else log_every_s
        self.position = position  # bytes read so far, asked of the input file itself
        self.clock = clock
        self.records = 0
        self._bytes = 0
        self.started = clock()
        self._last_draw = self.started
        self._drawn = False
        if self.enabled and self.interactive:
            self._draw()

    @property
    def bytes_done(self) -> int:
        if self.position is not None:
            try:
                return self.position()
            except (OSError, ValueError):  # the input was closed under us; keep the last count
                self.position = None
        return self._bytes

    def advance(self, records: int = 1, nbytes: int = 0) -> None:
        self.records += records
        self._bytes += nbytes
        if not self.enabled:
            return
        now = self.clock()
        if now - self._last_draw >= self.every_s:
            self._last_draw = now
            self._draw() if self.interactive else self._log()

    def close(self) -> None:
        """Take the bar off the screen (the CLI prints its own summary after)."""
        if self.enabled and self.interactive and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what is shown ------------------------------------------------------------
    def status(self) -> dict[str, float | None]:
        elapsed = max(self.clock() - self.started, 1e-9)
        done = self.bytes_done
        rate = done / elapsed
        fraction = min(done / self.total_bytes, 1.0) if self.total_bytes else None
        eta = (self.total_bytes - done) / rate if self.total_bytes and rate > 0 and done < self.total_bytes else None
        return {"elapsed_s": elapsed, "bytes": done, "mb_per_s": rate / 1e6, "fraction": fraction, "eta_s": eta}

    def line(self) -> str:
        s = self.status()
        parts = [f"{self.records:,} records", f"{s['bytes'] / 1e6:.1f} MB"]
        if s["fraction"] is not None:
            parts[-1] += f" of {self.total_bytes / 1e6:.1f} MB ({s['fraction']:.0%})"
        parts.append(f"{s['mb_per_s']:.1f} MB/s")
        if s["eta_s"] is not None:
            parts.append(f"ETA {format_duration(s['eta_s'])}")
        return ", ".join(parts)

    def _draw(self) -> None:
        s = self.status()
        text = self.line()
        if s["fraction"] is not None:
            width = max(10, min(30, shutil.get_terminal_size((80, 20)).columns - len(text) - len(self.label) - 8))
            filled = int(width * s["fraction"])
            text = f"[{'#' * filled}{'.' * (width - filled)}] " + text
        self.stream.write(f"\r{self.label} {text}\x1b[K")
        self.stream.flush()
        self._drawn = True

    def _log(self) -> None:
        self.stream.write(f"{self.label}: {self.line()}\n")
        self.stream.flush()


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def input_size(path: str, handle: IO[str] | None = None) -> int | None:
    """Size in bytes of what will be read (the compressed size for .gz), if known."""
    try:
        if path != "-":
            return os.path.getsize(path)
        if handle is not None:
            info = os.fstat(handle.fileno())
            return info.st_size if stat.S_ISREG(info.st_mode) else None
    except (OSError, ValueError, AttributeError):
        pass
    return None


def input_position(handle: IO[str]) -> Callable[[], int] | None:
    """How far the file under a text handle has been read, in bytes of the file.

    For a gzip file that is the compressed file's position, which matches
    `input_size`; a pipe has no position, and then None.
    """
    buffered = getattr(handle, "buffer", None)
    target = getattr(buffered, "fileobj", None) or buffered
    tell = getattr(target, "tell", None)
    if tell is None:
        return None
    try:
        tell()
    except (OSError, ValueError):
        return None
    return tell
