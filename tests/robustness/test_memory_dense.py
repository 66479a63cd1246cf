"""A text dense with findings must not take memory out of proportion to its size.

A scraped page can hold a finding every few characters (`&amp;nbsp;` repeated, a
glued word after every comma). Findings, their fixes, the report and its JSON
were held several times over: about 400 bytes per input character for `check
--format json` of such a page and 170 for `clean` of it as a JSONL record (traced
Python memory; more in RSS), so one 8 MB page took gigabytes. The bound is set
with headroom over what the code holds now (about 40 and 45).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from cleaner import cli

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures").glob("0*.txt"))

BYTES_PER_CHAR = 100  # before: ~400 (check --format json), ~170 (clean); now ~40 and ~45
SIZE = 150_000


def _dense_text(size: int) -> str:
    """Four E103 and a W101 ("talks,as" glued) every 66 characters."""
    unit = "&amp;nbsp; " * 4 + "the talks,as planned, "
    return (unit * (size // len(unit) + 1))[:size]


def _peak_per_char(argv: list[str], sample: Path, dense: Path) -> float:
    """Peak traced memory of ``cleaner ARGV`` per character of ``dense``, less that of
    the same command on a small ``sample`` (imports, the resources every run loads:
    language profiles, gazetteers)."""
    cli.main(argv + [str(sample)])  # imports, module caches
    peaks = []
    for path in (sample, dense):
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            cli.main(argv + [str(path)])
            peaks.append(tracemalloc.get_traced_memory()[1] - base)
        finally:
            tracemalloc.stop()
    return (peaks[1] - peaks[0]) / (len(dense.read_text(encoding="utf-8")) - len(sample.read_text(encoding="utf-8")))


@pytest.mark.parametrize("command", ["check-json", "clean"])
def test_dense_text_stays_within_bytes_per_char(tmp_path, command):
    texts = {"sample": SEEDS[0].read_text(encoding="utf-8"), "dense": _dense_text(SIZE)}
    paths = {}
    for name, text in texts.items():
        if command == "clean":
            paths[name] = tmp_path / f"{name}.jsonl"
            paths[name].write_text(json.dumps({"id": name, "text": text}) + "\n", encoding="utf-8")
        else:
            paths[name] = tmp_path / f"{name}.txt"
            paths[name].write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    if command == "clean":
        argv = ["clean", "--no-progress", "--workers", "1", "-o", str(out)]
    else:
        argv = ["check", "--no-progress", "--format", "json", "-o", str(out)]
    per_char = _peak_per_char(argv, paths["sample"], paths["dense"])
    assert out.read_text(encoding="utf-8").count('"E103"') > SIZE // 40, \
        "the text must be dense with findings, or the test proves nothing"
    assert per_char < BYTES_PER_CHAR, f"{command}: {per_char:.0f} bytes per input character"
