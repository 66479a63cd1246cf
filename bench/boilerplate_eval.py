#!/usr/bin/env python3
"""Boilerplate removal on the article-extraction benchmark, beside the C4 line rule.

    python bench/boilerplate_eval.py [DATA_DIR] [--sensitivity S] [--per-doc N]

DATA_DIR holds boilerplate.jsonl / control.jsonl and their .truth.jsonl (default
../shared/data, the dev split) and the benchmark's own metric (shingles.py: 4-gram
shingle precision/recall macro-averaged over documents). Scores three cleaners on
the whole-page texts and on the clean control articles:

- raw input (nothing removed),
- the C4 line rule (Raffel et al. 2020): keep a line only if it has at least five
  words and ends in terminal punctuation (. ! ? or a straight double quote, as in
  datatrove's C4 filter); page-level filters are left out so that no page is
  emptied. This is the 0.813 of shared/data/README.md,
- the same rule also accepting typographic closing quotes (” ’) and ' — a fairer
  variant on modern pages,
- `cleaner` (every B and T fix, and D/E/W/C when those stages are present).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.config import BoilerplateConfig, Config  # noqa: E402

C4_TERMINAL = (".", "!", "?", '"')
C4_TERMINAL_TYPOGRAPHIC = C4_TERMINAL + ("”", "’", "'")


def c4_lines(text: str, terminal: tuple[str, ...] = C4_TERMINAL) -> str:
    """Keep lines of at least five words that end in terminal punctuation."""
    kept = [line for line in text.split("\n") if len(line.split()) >= 5 and line.strip().endswith(terminal)]
    return "\n".join(kept)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(metric, docs: list[dict], truth: dict[str, str], outputs: dict[str, str]) -> dict:
    per_doc = [metric.doc_counts(truth[d["id"]], outputs.get(d["id"], "")) for d in docs]
    return metric.aggregate(per_doc), per_doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(ROOT.parent.parent / "shared" / "data"))
    ap.add_argument("--sensitivity", type=float, default=BoilerplateConfig().sensitivity)
    ap.add_argument("--per-doc", type=int, default=0, help="show the N worst pages")
    args = ap.parse_args(argv)
    data = Path(args.data)
    sys.path.insert(0, str(data))
    import shingles as metric  # the benchmark's own scorer

    config = Config(boilerplate=BoilerplateConfig(sensitivity=args.sensitivity))
    print(f"{'set':<12} {'cleaner':<10} {'P':>6} {'R':>6} {'F1':>6} {'time':>7}")
    for name in ("boilerplate", "control"):
        docs = read_jsonl(data / f"{name}.jsonl")
        truth = {r["id"]: r["text"] for r in read_jsonl(data / f"{name}.truth.jsonl")}
        runs = {"raw": lambda d: d["text"], "c4-lines": lambda d: c4_lines(d["text"]),
                "c4-quotes": lambda d: c4_lines(d["text"], C4_TERMINAL_TYPOGRAPHIC)}
        cleaner = Cleaner(config)
        runs["cleaner"] = lambda d: cleaner.clean(d["text"], id=d["id"], url=d.get("url")).text
        for label, run in runs.items():
            start = time.perf_counter()
            outputs = {d["id"]: run(d) for d in docs}
            took = time.perf_counter() - start
            res, per_doc = score(metric, docs, truth, outputs)
            print(f"{name:<12} {label:<10} {res['precision']:6.3f} {res['recall']:6.3f} {res['f1']:6.3f} "
                  f"{took:6.2f}s")
            if label == "cleaner" and args.per_doc:
                worst = sorted(zip(docs, per_doc), key=lambda x: x[1][1] + x[1][2], reverse=True)
                for d, (tp, fp, fn) in worst[:args.per_doc]:
                    print(f"    tp={tp:.2f} fp={fp:.2f} fn={fn:.2f} {d.get('url', d['id'])[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
