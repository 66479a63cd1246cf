"""The plain datasketch way of finding near-duplicate documents, for comparison.

    python bench/neardup_baseline.py IN.jsonl OUT.jsonl [--threshold 0.5]
    python ../shared/data/score_neardup.py OUT.jsonl ../shared/data/neardup_hard.truth.json --focus html_text

One ``MinHash(num_perm=128)`` per document over its word 5-gram shingles
(``re.findall(r"\\w+")`` on the lower-cased text), a ``MinHashLSH`` at the given
threshold, and ``duplicate_of`` = the earliest indexed document the LSH returns.
Writes only ``id`` and ``duplicate_of``, which is all the scorer reads.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 5) -> list[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < n:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args(argv)
    lsh = MinHashLSH(threshold=args.threshold, num_perm=128)
    order: dict[str, int] = {}
    with open(args.input, encoding="utf-8") as src, open(args.output, "w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            m = MinHash(num_perm=128)
            m.update_batch(shingles(record["text"]))
            found = lsh.query(m)
            duplicate_of = min(found, key=order.__getitem__) if found else None
            order[record["id"]] = len(order)
            lsh.insert(record["id"], m)
            out.write(json.dumps({"id": record["id"], "duplicate_of": duplicate_of}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
