"""Memory of the duplicate index per indexed document, for each back end.

    python bench/index_memory.py CORPUS.jsonl [--docs 100000]

Runs `cleaner clean --select D3` over the first ``--docs`` records with the
index in memory (one run), in a SQLite file, and in a private Redis server
(started here on a Unix socket in a temp folder, stopped at the end), and
prints what each holds per indexed document and per million documents
(extrapolated linearly from the measured run: the index stores a fixed-size
sketch per document plus posting lists that grow with the text).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from measure import run_command  # noqa: E402


def _first_records(src: str, n: int, dst: str) -> tuple[int, int]:
    import json

    total = count = 0
    with open(src, encoding="utf-8") as handle, open(dst, "w", encoding="utf-8") as out:
        for line in itertools.islice((l for l in handle if l.strip()), n):
            out.write(line)
            total += len(json.loads(line)["text"].encode("utf-8"))
            count += 1
    return count, total


def _redis_memory(port: int) -> int:
    import redis

    return int(redis.Redis(host="127.0.0.1", port=port).info("memory")["used_memory"])


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("--docs", type=int, default=100_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--backends", nargs="*", default=["memory", "sqlite", "redis"])
    args = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="cleaner-index-")
    redis_proc = None
    try:
        corpus = os.path.join(tmp, "corpus.jsonl")
        docs, text_bytes = _first_records(args.corpus, args.docs, corpus)
        print(f"{docs} documents, {text_bytes / 1e6:.0f} MB of text; cleaner clean --select D3 --workers {args.workers}")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        small = os.path.join(tmp, "small.jsonl")
        small_docs, _ = _first_records(args.corpus, max(1, docs // 20), small)
        baseline = run_command("baseline", [sys.executable, "-m", "cleaner", "clean", small, "-o",
                                            os.path.join(tmp, "out.jsonl"), "--select", "D3", "--workers",
                                            str(args.workers), "--no-progress"], small_docs, 0, env).pss_peak_bytes
        print(f"baseline: peak PSS {baseline / 2**20:,.0f} MiB for {small_docs} documents (in memory)")
        for backend in args.backends:
            location = None
            if backend == "sqlite":
                location = os.path.join(tmp, "index.db")
            elif backend == "redis":
                port = _free_port()
                redis_proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                               "--save", "", "--appendonly", "no"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for _ in range(100):
                    try:
                        base = _redis_memory(port)
                        break
                    except Exception:
                        time.sleep(0.05)
                location = f"redis://127.0.0.1:{port}/0"
            argv = [sys.executable, "-m", "cleaner", "clean", corpus, "-o", os.path.join(tmp, "out.jsonl"),
                    "--select", "D3", "--workers", str(args.workers), "--no-progress"]
            if location:
                argv += ["--index", location]
            run = run_command(backend, argv, docs, text_bytes, env)
            held = {"memory": None, "sqlite": None, "redis": None}
            if backend == "sqlite":
                held["sqlite"] = sum(os.path.getsize(f) for f in Path(tmp).glob("index.db*"))
            if backend == "redis":
                held["redis"] = _redis_memory(port) - base
            size = held[backend]
            what = (f"index {size / 2**20:,.0f} MiB = {size / docs:,.0f} B/doc = {size / docs * 1e6 / 2**30:.2f} "
                    f"GiB per million documents" if size else "index lives in the process")
            slope = (run.pss_peak_bytes - baseline) / max(1, docs - small_docs)
            print(f"{backend:>7}: {run.seconds:.0f}s, {run.docs_per_s:.0f} docs/s; peak PSS of cleaner "
                  f"{run.pss_peak_bytes / 2**20:,.0f} MiB, growth {slope:,.0f} B/doc = {slope * 1e6 / 2**30:.2f} GiB "
                  f"per million documents; {what}", flush=True)
            if redis_proc is not None:
                redis_proc.terminate()
                redis_proc.wait()
                redis_proc = None
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
