"""Writing users' files safely: temp file in the same folder, fsync, rename.

A file is either wholly old or wholly new, whatever happens in between (a crash or
`kill -9` leaves at most a stray `.cleaner-*.tmp` beside it); its permissions are
kept; a file that changed since it was read is not overwritten; read-only files
and symbolic links are reported, not rewritten.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from typing import Iterable

from .errors import InputError

TEMP_PREFIX = ".cleaner-"


def fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def is_special_output(path: str) -> bool:
    """A device, FIFO, socket or a file descriptor's name (``/dev/null``, ``/dev/stdout``,
    ``-o >(gzip ...)``): an output to write through, never to replace with a file.
    ``/dev/stdout`` may name a regular file (a shell redirect); replacing that file
    would lose what was written to it before."""
    if path.startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomic(path: str, content: str | bytes | Iterable[str], expected_fingerprint: str | None = None) -> None:
    """Replace ``path`` with ``content`` (str is written as UTF-8) atomically.

    ``content`` may also be pieces of text, written as they come: a report of a
    million findings need not be held whole in memory (nor its UTF-8 copy).

    ``expected_fingerprint`` is the fingerprint of the bytes that were read; if the
    file no longer has them, somebody else changed it and we refuse to clobber it.
    It is checked twice: before any work, and again just before the rename, so the
    window in which another writer's change could be lost is as short as the
    rename itself (POSIX offers no compare-and-swap for files). Symlinks are
    refused rather than replaced by a regular file.
    """
    pieces = (content,) if isinstance(content, (str, bytes)) else content
    if os.path.islink(path):
        raise InputError(f"{path}: is a symbolic link; not rewritten (fix its target instead)")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot stat ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: is not a regular file; not rewritten")
    # The mode bits as well as access(): root may write anything, but a file its owner
    # made read-only (chmod a-w) is one the user does not want rewritten.
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise InputError(f"{path}: is read-only; not rewritten")
    if expected_fingerprint is not None:
        _check_unchanged(path, expected_fingerprint)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp_path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write beside it in {folder} ({exc.strerror or exc}); not rewritten") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_path, stat.S_IMODE(info.st_mode))
        try:
            os.chown(tmp_path, info.st_uid, info.st_gid)
        except (PermissionError, AttributeError):
            pass  # not ours to give away; the mode is what matters for the user
        if expected_fingerprint is not None:
            _check_unchanged(path, expected_fingerprint, info)
        os.replace(tmp_path, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_path)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):  # disk full, quota, I/O error: the old file is intact
            raise InputError(f"{path}: could not be written ({exc.strerror or exc}); left unchanged") from None
        raise
    fsync_folder(folder)


def _check_unchanged(path: str, expected_fingerprint: str, before: os.stat_result | None = None) -> None:
    try:
        if before is not None:
            now = os.stat(path)
            if (now.st_ino, now.st_dev) != (before.st_ino, before.st_dev):
                raise InputError(f"{path}: was replaced since it was read; not rewritten (run again)")
        with open(path, "rb") as handle:
            current = handle.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it again before writing ({exc.strerror or exc}); not rewritten") from None
    if fingerprint(current) != expected_fingerprint:
        raise InputError(f"{path}: changed since it was read; not rewritten (run again)")


def fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
