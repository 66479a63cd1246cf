"""The persistent duplicate index survives a killed writer; an unreachable Redis is a clear error.

Both go through the command line (`--index`), so they test whatever back ends the
duplicates family registers. They skip until `cleaner.dedup.index.sqlite` /
`cleaner.dedup.index.redis` exist.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

try:
    from . import hostile
except ImportError:
    import hostile


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


needs_sqlite = pytest.mark.skipif(not _has("cleaner.dedup.index.sqlite"), reason="no SQLite index back end yet")
needs_redis = pytest.mark.skipif(not _has("cleaner.dedup.index.redis"), reason="no Redis index back end yet")
ENV = dict(os.environ, PYTHONPATH=str(hostile.ROOT))


def _records(path: Path, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    texts = hostile.fixture_texts()
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            base = texts[rng.randrange(len(texts))]
            text = hostile.edit_text(rng, base, rng.randint(0, 6)) if rng.random() < 0.7 else \
                hostile.random_document(rng, 20)
            handle.write(json.dumps({"id": f"s{seed}-{i}", "text": text}, ensure_ascii=False) + "\n")


def _clean(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", "clean", *args], capture_output=True, text=True,
                          env=ENV, timeout=timeout)


@needs_sqlite
def test_sqlite_index_survives_a_killed_writer(tmp_path):
    src = tmp_path / "in.jsonl"
    _records(src, 4000)
    index = tmp_path / "index.sqlite"
    killed = 0
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(tmp_path / "out.jsonl"),
                                 "--index", str(index)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        deadline = time.monotonic() + 120
        while not index.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3 + attempt * 0.4)  # let it write for a while
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err, err.decode()[-2000:]
        with sqlite3.connect(index) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    assert killed, "every run finished before it could be killed: make the input larger"
    # Usable afterwards: a new run on the same index completes.
    more = tmp_path / "more.jsonl"
    _records(more, 50, seed=1)
    done = _clean(str(more), "-o", str(tmp_path / "more.out.jsonl"), "--index", str(index))
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stderr


@needs_sqlite
@pytest.mark.parametrize("where", ["missing-folder", "is-a-folder", "not-sqlite"])
def test_bad_sqlite_index_path_works_or_is_a_clear_error(tmp_path, where):
    src = tmp_path / "in.jsonl"
    _records(src, 3)
    index = {"missing-folder": tmp_path / "no" / "such" / "idx.sqlite", "is-a-folder": tmp_path,
             "not-sqlite": src}[where]
    before = src.read_bytes()
    done = _clean(str(src), "-o", str(tmp_path / "o.jsonl"), "--index", str(index))
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr[-2000:]
    if where == "missing-folder" and done.returncode == 0:
        assert index.exists()  # created, like a cache folder
    else:
        assert done.returncode == 2, done.stderr[-2000:]
    assert src.read_bytes() == before  # a file that is not an index is never written to


@needs_redis
@pytest.mark.parametrize("command", ["clean", "check"])
def test_unreachable_redis_is_a_clear_error(tmp_path, command):
    src = tmp_path / "in.jsonl"
    _records(src, 3)
    url = "redis://127.0.0.1:1/0"  # port 1: nothing listens there
    args = [str(src), "-o", str(tmp_path / "o.jsonl")] if command == "clean" else [str(src)]
    done = subprocess.run([sys.executable, "-m", "cleaner", command, *args, "--index", url],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "redis" in done.stderr.lower()


RESUME_DRIVER = r"""
import sys
import cleaner.batch, cleaner.cli
cleaner.batch.CHECKPOINT_SECONDS = 0.05
sys.exit(cleaner.cli.main({argv!r}))
"""


@needs_sqlite
def test_resume_with_a_persistent_index_matches_an_uninterrupted_run(tmp_path):
    """Every registered stage, corpus state included: SIGKILL mid-run, --resume, same output."""
    src = tmp_path / "in.jsonl"
    _records(src, 300, seed=5)
    ref = _clean(str(src), "-o", str(tmp_path / "ref.jsonl"), "--index", str(tmp_path / "ref.sqlite"),
                 "--workers", "1")
    assert ref.returncode == 0, ref.stderr[-2000:]
    argv = ["clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--index", str(tmp_path / "idx.sqlite"),
            "--workers", "1"]
    proc = subprocess.Popen([sys.executable, "-c", RESUME_DRIVER.format(argv=argv)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=ENV, start_new_session=True)
    checkpoint = tmp_path / ".out.jsonl.resume.json"
    try:
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if json.loads(checkpoint.read_text())["line"] >= 40:
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.01)
        assert proc.poll() is None, "finished before it could be killed"
        time.sleep(0.5)  # past the checkpoint: these records reach the index but not the output
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    done = subprocess.run([sys.executable, "-m", "cleaner", *argv, "--resume"], capture_output=True, text=True,
                          env=ENV, timeout=600)
    assert done.returncode == 0 and "resumed after line" in done.stderr, done.stderr[-2000:]
    def read(name: str) -> list[dict]:  # split at \n only: records may hold U+2028
        return [json.loads(line) for line in (tmp_path / name).read_bytes().split(b"\n") if line.strip()]

    assert read("out.jsonl") == read("ref.jsonl")
