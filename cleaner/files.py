"""Writing users' files safely: temp file in the same folder, fsync, rename.

A file is either wholly old or wholly new, whatever happens in between; its
permissions are kept; a file that changed since it was read is not overwritten.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile

from .errors import InputError


def fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_atomic(path: str, text: str, expected_fingerprint: str | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically.

    ``expected_fingerprint`` is the fingerprint of the bytes that were read; if the
    file no longer has them, somebody else changed it and we refuse to clobber it.
    Symlinks are refused rather than replaced by a regular file.
    """
    if os.path.islink(path):
        raise InputError(f"{path}: is a symbolic link; not rewritten (fix its target instead)")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot stat ({exc.strerror or exc})") from None
    if not os.access(path, os.W_OK):
        raise InputError(f"{path}: is read-only; not rewritten")
    if expected_fingerprint is not None:
        with open(path, "rb") as handle:
            if fingerprint(handle.read()) != expected_fingerprint:
                raise InputError(f"{path}: changed since it was read; not rewritten (run again)")
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp_path = tempfile.mkstemp(prefix=".cleaner-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_path, stat.S_IMODE(info.st_mode))
        try:
            os.chown(tmp_path, info.st_uid, info.st_gid)
        except (PermissionError, AttributeError):
            pass  # not ours to give away; the mode is what matters for the user
        os.replace(tmp_path, path)
    except BaseException:
        try:
            os.unlink(tmp_path)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
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
