"""Two Cleaners in two threads of one process: each must get the answers it gets alone."""

from __future__ import annotations

import json
import lzma
import threading
from pathlib import Path

from cleaner import Cleaner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _records(n: int) -> list[dict]:
    with lzma.open(FIXTURES / "neardup_hard.jsonl.xz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for _, line in zip(range(n), handle)]


def _summary(results) -> list[tuple]:
    return [(r.doc.id, r.text, [(f.code, f.start, f.end) for f in r.findings], r.duplicate_of) for r in results]


def test_a_cleaner_per_thread_gets_the_answers_it_gets_alone():
    records = _records(300)
    alone = _summary(Cleaner().stream(records))
    texts = [r["text"] for r in records[300 - 40:]]
    stop = threading.Event()

    def meddle() -> None:
        # New Cleaners and single checks in another thread, all the while.
        while not stop.is_set():
            for text in texts:
                Cleaner().check(text)  # a new Cleaner empties its thread's caches
                if stop.is_set():
                    return

    for _ in range(2):
        other = threading.Thread(target=meddle)
        other.start()
        try:
            together = _summary(Cleaner().stream(records))
        finally:
            stop.set()
            other.join()
        stop.clear()
        assert together == alone
