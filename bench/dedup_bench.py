"""Speed of cleaner's duplicate stage against the plain datasketch way, same run, same documents.

    python bench/dedup_bench.py [RECORDS.jsonl ...] [--repeat N] [--index PATH_OR_URL]

The plain way: one ``MinHash(num_perm=128)`` per document, ``update_batch`` over
its word 5-gram shingles (``re.findall(r"\\w+")`` on the lower-cased text, joined
and UTF-8 encoded), default hash; "plain + LSH" also queries and inserts each
signature in a ``MinHashLSH(threshold=0.5)``. Cleaner's way: the whole duplicate
stage, within-document and cross-document (tokens, paragraph and document
signatures, index look-ups and insertions, findings), in batches of 64 records
as `cleaner clean` runs it; the pipeline's generic work (other families'
stages, applying fixes) is left out.

Prints MB/s (per CPU second of this process, so that other load on the machine
does not skew the ratio) for each and the ratio. Without arguments it reads the bundled
fixtures/dedup/bench/*.jsonl (88 full pages and 88 articles).
"""

from __future__ import annotations

import argparse
import glob
import gc
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from datasketch import MinHash, MinHashLSH  # noqa: E402

from cleaner.api import BATCH_DOCUMENTS  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.dedup.corpus import CorpusDuplicateStage  # noqa: E402
from cleaner.dedup.within import WithinDocumentStage  # noqa: E402
from cleaner.document import Document, TextView  # noqa: E402
from cleaner.pipeline import Context, Corpus  # noqa: E402

WORD = re.compile(r"\w+")


def plain_shingles(text: str, n: int = 5) -> list[bytes]:
    words = WORD.findall(text.lower())
    return [" ".join(words[i:i + n]).encode("utf-8") for i in range(max(1, len(words) - n + 1))]


def run_plain(texts: list[str], with_lsh: bool) -> float:
    lsh = MinHashLSH(threshold=0.5, num_perm=128) if with_lsh else None
    started = time.process_time()
    for i, text in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch(plain_shingles(text))
        if lsh is not None:
            lsh.query(m)
            lsh.insert(i, m)
    return time.process_time() - started


def run_cleaner(texts: list[str], index: str | None) -> float:
    """The duplicate stages themselves, as `Pipeline.run_many` drives them, without the
    pipeline's generic work (other stages, applying fixes), batch by batch."""
    config = Config(index=index)
    ctx = Context(config)
    within, across = WithinDocumentStage(config), CorpusDuplicateStage(config)
    corpus = Corpus(index)
    # Fresh string objects every run: sketches are remembered by text identity,
    # and a run must not find the previous run's.
    docs = [Document(text=t.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass"), id=f"bench-{i}")
            for i, t in enumerate(texts)]
    started = time.process_time()
    for lo in range(0, len(docs), BATCH_DOCUMENTS):  # as `Cleaner.stream` (cleaner clean) does
        batch = docs[lo:lo + BATCH_DOCUMENTS]
        views = [TextView.of(d.text) for d in batch]
        within.prepare(views, batch, ctx)
        for view, doc in zip(views, batch):
            list(within.check(view, doc, ctx))
        features = [across.features(view, doc, ctx) for view, doc in zip(views, batch)]
        for items in across.reconcile_many(features, views, batch, corpus, ctx):
            list(items)
    elapsed = time.process_time() - started
    corpus.close()
    return elapsed


def load(paths: list[str]) -> list[str]:
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle if line.strip())
    return texts


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=sorted(glob.glob(os.path.join(here, "..", "fixtures", "dedup", "bench", "*.jsonl"))))
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs of each")
    ap.add_argument("--index", help="run cleaner against this index (SQLite path or redis://); default in memory")
    args = ap.parse_args(argv)
    texts = load(args.paths)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} documents, {megabytes:.1f} MB")
    run_cleaner(texts[:20], None)  # warm-up: imports, permutations, numpy caches
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, run in (("plain datasketch", lambda: run_plain(texts, False)),
                          ("plain datasketch + LSH", lambda: run_plain(texts, True)),
                          ("cleaner duplicate stage", lambda: run_cleaner(texts, args.index))):
            gc.collect()
            best[name] = min(best.get(name, float("inf")), run())
    for name, seconds in best.items():
        print(f"{name:26s} {megabytes / seconds:7.2f} MB/s")
    ratio = best["plain datasketch"] / best["cleaner duplicate stage"]
    print(f"cleaner / plain datasketch: {ratio:.1f}x faster per MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
