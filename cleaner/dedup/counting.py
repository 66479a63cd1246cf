"""Counting (label, seq) pairs without sorting them.

A batch's look-ups produce tens of thousands of (batch document, indexed
document) pairs, most of them repeats (every LSH band and fingerprint of a
syndicated story names the same few earlier copies). Sorting them costs a
sort per batch; but labels are batch positions (a few dozen) and seqs are
small integers, so ranking the distinct seqs through a table and counting
packed (label, rank) keys with `bincount` gives the same sorted answer in
linear time. `np.unique` remains the fallback when the numbers are too sparse
for tables.
"""

from __future__ import annotations

import numpy as np

# A table (or a bincount) may be this many times larger than the input it serves.
_DENSE_FACTOR = 8
_DENSE_FLOOR = 1 << 19


def count_pairs(labels: np.ndarray, seqs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (label, seq) pairs, sorted by label then seq, and how many times each occurs.

    Both arrays hold non-negative integers of the same length.
    """
    labels = np.asarray(labels, dtype=np.int64)
    seqs = np.asarray(seqs, dtype=np.int64)
    n = len(labels)
    if n == 0:
        return labels, seqs, np.zeros(0, dtype=np.int64)
    distinct, rank = _dense_rank(seqs)
    width = len(distinct)
    keys = labels * width + rank
    size = (int(labels.max()) + 1) * width
    if size <= max(_DENSE_FACTOR * n, _DENSE_FLOOR):
        counts = np.bincount(keys, minlength=size)
        pairs = np.flatnonzero(counts)
        counts = counts[pairs]
    else:
        pairs, counts = np.unique(keys, return_counts=True)
    return pairs // width, distinct[pairs % width], counts


def _dense_rank(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and the rank of each value among them."""
    top = int(values.max()) + 1
    if top <= max(_DENSE_FACTOR * len(values), _DENSE_FLOOR):
        present = np.zeros(top, dtype=bool)
        present[values] = True
        distinct = np.flatnonzero(present)
        rank_of = np.cumsum(present, dtype=np.int64) - 1
        return distinct, rank_of[values]
    distinct, rank = np.unique(values, return_inverse=True)
    return distinct, rank.astype(np.int64, copy=False)
