"""Candidate pairs (batch document, indexed document), gathered and sifted as arrays.

A batch's documents meet hundreds of indexed documents through LSH bands and
shared fingerprints. The pairs are kept as arrays and decided with a few numpy
operations per batch, exactly as `matching.compare`, `is_near_duplicate` and
`best_match` would decide them one `Comparison` at a time:

- `sieve` drops the pairs that provably fail both tests. Resemblance: the
  signature agreement (one count for all pairs) is below ``document_jaccard``.
  Containment: shared fingerprints split into the look-up half (counted by the
  index already: ``hits``) and the other half (at most the smaller of the two
  documents' other halves), so ``(hits + smaller other half) / smaller sample``
  bounds it from above; below ``document_similarity`` it cannot pass, and
  only the pairs above the bound have their samples intersected;
- `best_per_group` keeps, per batch document and near-duplicate group, the one
  pair `best_match` could choose.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..config import DedupConfig
from .counting import count_pairs
from .index.base import EntryColumns
from .matching import MIN_FINGERPRINTS, SHORT_TEXT_JACCARD, SHORT_TEXT_SHINGLES


def top_hits(labels: np.ndarray, seqs: np.ndarray, counts: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(label, seq) of the ``limit`` best hits of every label: most hits first, then the smallest seq."""
    if len(labels) == 0:
        return labels, seqs
    order = np.lexsort((seqs, -counts, labels))
    labels, seqs = labels[order], seqs[order]
    first = np.searchsorted(labels, labels, "left")
    keep = np.arange(len(labels)) - first < limit
    return labels[keep], seqs[keep]


def unique_pairs(labels: np.ndarray, seqs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (label, seq) pairs, sorted by label then seq."""
    labels, seqs, _ = count_pairs(labels, seqs)
    return labels, seqs


def lookup_counts(labels: np.ndarray, seqs: np.ndarray, hit_labels: np.ndarray, hit_seqs: np.ndarray,
                  hit_counts: np.ndarray) -> np.ndarray:
    """The hit count of every (label, seq) pair, or -1 where the index reported none."""
    out = np.full(len(labels), -1, dtype=np.int64)
    if len(hit_labels) == 0 or len(labels) == 0:
        return out
    # One sortable key per (label, seq): labels are batch positions, seqs far below 2**62 / batch size.
    span = max(int(hit_seqs.max()), int(seqs.max())) + 1
    if (max(int(hit_labels.max()), int(labels.max())) + 1) * span >= 1 << 62:
        table = {(a, b): c for a, b, c in zip(hit_labels.tolist(), hit_seqs.tolist(), hit_counts.tolist())}
        return np.array([table.get(k, -1) for k in zip(labels.tolist(), seqs.tolist())], dtype=np.int64)
    keys = hit_labels.astype(np.int64) * span + hit_seqs
    order = np.argsort(keys)
    keys, counts = keys[order], hit_counts[order]
    wanted = labels.astype(np.int64) * span + seqs
    pos = np.searchsorted(keys, wanted)
    pos[pos == len(keys)] = 0
    found = keys[pos] == wanted
    out[found] = counts[pos[found]]
    return out


def sieve(labels: np.ndarray, rows: np.ndarray, entries: EntryColumns, doc_sigs: np.ndarray, doc_shingles: np.ndarray,
          doc_fps: np.ndarray, doc_lookup: np.ndarray, hits: np.ndarray, crowded: np.ndarray,
          config: DedupConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For pairs (batch document ``labels[p]``, indexed document ``rows[p]``, both with
    running text): (may they be near-duplicates, their Jaccard estimate, must their
    containment be measured). Pairs that may not are near-duplicates of neither kind.

    Containment is measured where `matching.compare` measures it (resemblance below
    the threshold, enough text on both sides) and where its bound reaches the
    threshold. ``doc_fps`` and ``doc_lookup`` are the sizes of each batch document's
    fingerprint sample and of its look-up half; ``hits`` the index's count of shared
    look-up fingerprints per pair (-1: not reported), and ``crowded`` (per batch
    document) how many of its look-up fingerprints the index lists only the first
    holders of: any of those may be shared with a document it did not list.
    """
    if len(labels) == 0:
        return np.zeros(0, dtype=bool), np.zeros(0), np.zeros(0, dtype=bool)
    agree = np.count_nonzero(entries.signatures[rows] == doc_sigs[labels], axis=1)
    jaccard = agree / doc_sigs.shape[1]
    resembles = jaccard >= config.document_jaccard
    mine_fps, other_fps = doc_fps[labels], entries.fingerprint_counts[rows]
    smaller = np.minimum(mine_fps, other_fps)
    measure = ((doc_shingles[labels] >= config.min_document_shingles)
               & (entries.shingles[rows] >= config.min_document_shingles)
               & (smaller >= MIN_FINGERPRINTS) & ~resembles)
    at = np.flatnonzero(measure)
    if len(at):
        mine_lookup, other_lookup = doc_lookup[labels[at]], entries.lookup_counts[rows[at]]
        known = hits[at]
        smaller_lookup = np.minimum(mine_lookup, other_lookup)
        lookup_bound = np.where(known >= 0, np.minimum(known + crowded[labels[at]], smaller_lookup), smaller_lookup)
        rest_bound = np.minimum(mine_fps[at] - mine_lookup, other_fps[at] - other_lookup)
        measure[at] = (lookup_bound + rest_bound) / smaller[at] >= config.document_similarity
    return resembles | measure, jaccard, measure


def shared_counts(labels: np.ndarray, mine: Sequence[np.ndarray], others: Sequence[np.ndarray]) -> np.ndarray:
    """For every pair p: how many values ``mine[labels[p]]`` and ``others[p]`` share
    (each array sorted, of unique values).

    One binary search of the smaller array in the larger per pair. (All pairs of
    a batch at once, by ranking the values, searched every value of the others:
    three times slower, because the others are the larger side.)
    """
    out = np.zeros(len(labels), dtype=np.int64)
    count = np.count_nonzero
    for p, (i, b) in enumerate(zip(np.asarray(labels).tolist(), others)):
        a = mine[i]
        if len(a) > len(b):
            a, b = b, a
        if len(a):
            # A value above all of b's finds position len(b), clipped to b's last, smaller value.
            out[p] = count(b.take(b.searchsorted(a), mode="clip") == a)
    return out


def best_per_group(labels: np.ndarray, groups: np.ndarray, seqs: np.ndarray, jaccard: np.ndarray,
                   containment: np.ndarray, shingles: np.ndarray, other_shingles: np.ndarray,
                   config: DedupConfig) -> np.ndarray:
    """Positions of the pairs `matching.best_match` could choose: for every batch
    document and near-duplicate group, its best near-duplicate pair of that group.

    `best_match` ranks by group size, then rounded score, then Jaccard, then seq;
    inside one group the size is the same, so only each group's best can win and
    the rest need no `Comparison`. ``containment`` is NaN where not measured.
    This is `matching.is_near_duplicate` and that ranking, as arrays.
    """
    near = (((jaccard >= config.document_jaccard)
             & ((np.minimum(other_shingles, shingles) >= SHORT_TEXT_SHINGLES) | (jaccard >= SHORT_TEXT_JACCARD)))
            | (containment >= config.document_similarity))
    at = np.flatnonzero(near)
    if len(at) == 0:
        return at
    score = np.fmax(jaccard[at], np.nan_to_num(containment[at], nan=0.0))
    # Python's round (correctly rounded), once per distinct score.
    distinct, inverse = np.unique(score, return_inverse=True)
    rounded = np.array([round(x, 6) for x in distinct.tolist()])[inverse]
    order = np.lexsort((seqs[at], -jaccard[at], -rounded, groups[at], labels[at]))
    ranked = at[order]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = (labels[ranked][1:] != labels[ranked][:-1]) | (groups[ranked][1:] != groups[ranked][:-1])
    return ranked[first]
