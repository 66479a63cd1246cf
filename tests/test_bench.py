"""The benchmark's headline ratio: both sides measured in alternation, the best of each."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "news.jsonl"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import run  # bench/run.py

    yield run
    for name in ("run", "measure", "baselines", "corpus"):
        sys.modules.pop(name, None)


def test_duplicate_stages_alternate_with_datasketch_and_keep_each_sides_best(bench, monkeypatch):
    seen = []
    timings = {"duplicate stages (D) together": iter([3.0, 2.0, 4.0]), bench.BASELINE_DATASKETCH: iter([9.0, 7.0, 8.0])}

    def fake_time_call(name, func, docs, text_bytes, repeat=1):
        seen.append(name)
        return bench.Run(name, next(timings[name]), docs, text_bytes, cpu_seconds=1.0)

    monkeypatch.setattr(bench, "time_call", fake_time_call)
    docs = bench._documents(str(FIXTURE))
    ours, theirs = bench.measure_duplicate_stages(docs, [d.text for d in docs], 1000, repeat=3)
    d, ds = "duplicate stages (D) together", bench.BASELINE_DATASKETCH
    assert seen == [d, ds, d, ds, d, ds]
    assert (ours.name, ours.seconds, ours.extra.get("dedup")) == (d, 2.0, True)
    assert (theirs.name, theirs.seconds) == (ds, 7.0)


def test_baselines_leave_datasketch_out_when_it_ran_beside_the_stages(bench, monkeypatch):
    seen = []
    monkeypatch.setattr(bench, "time_call", lambda name, *a, **k: seen.append(name) or bench.Run(name, 1.0, 1, 1))
    texts = ["A short text of a few words for the baselines to chew on."] * 3
    bench.measure_baselines(texts, 100, datasketch=False)
    assert bench.BASELINE_DATASKETCH not in seen and len(seen) == 2
    seen.clear()
    bench.measure_baselines(texts, 100)
    assert bench.BASELINE_DATASKETCH in seen and len(seen) == 3
