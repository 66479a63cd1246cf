"""When two documents are near-duplicates: the maths, apart from any index.

Two tests, either of which suffices:

- *resemblance*: the Jaccard similarity of their running-text shingles,
  estimated from MinHash signatures, is at least ``document_jaccard`` (the same
  story with light edits or a different header and footer);
- *containment*: at least ``document_similarity`` of the smaller document's
  shingles occur in the larger one, measured on fingerprint samples (a scraped
  page that contains the clean article, a truncated copy).

Containment is what finds full pages (Jaccard between an article and the page
around it is often 0.2), and it is also what could join two articles of one site
through shared furniture; that is why it is measured on running text only
(`content.py`), why it must be near-complete, and why it needs enough text in
the smaller document to mean something (``min_document_shingles``, and
`MIN_FINGERPRINTS` sampled shingles for a stable estimate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import DedupConfig
from .index import IndexedDocument
from .signatures import jaccard

# Fewer sampled shingles than this in the smaller document and the containment
# estimate is too noisy to trust (with 8, one miss moves it by 0.125).
MIN_FINGERPRINTS = 8


@dataclass(frozen=True, slots=True)
class Comparison:
    other: IndexedDocument
    jaccard: float
    containment: float | None  # None: too little text to measure

    def score(self) -> float:
        return max(self.jaccard, self.containment or 0.0)


def compare(signature: np.ndarray, fingerprints: np.ndarray, shingles: int,
            others: list[IndexedDocument], config: DedupConfig) -> list[Comparison]:
    """Compare one document with several indexed ones, all at once."""
    if not others:
        return []
    agree = np.count_nonzero(np.stack([o.signature for o in others]) == signature, axis=1)
    resemblance = (agree / len(signature)).tolist()
    sizes = np.array([len(o.fingerprints) for o in others])
    smaller = np.minimum(sizes, len(fingerprints))
    eligible = ((np.minimum(np.array([o.shingles for o in others]), shingles) >= config.min_document_shingles)
                & (smaller >= MIN_FINGERPRINTS))
    containment: list[float | None] = [None] * len(others)
    if eligible.any():
        chosen = np.flatnonzero(eligible)
        pooled = np.concatenate([others[i].fingerprints for i in chosen.tolist()])
        found = _is_in_sorted(pooled, fingerprints)
        offsets = np.concatenate([[0], np.cumsum(sizes[chosen])[:-1]])
        shared = np.add.reduceat(found.astype(np.int64), offsets) if len(pooled) else np.zeros(len(chosen))
        for i, n, m in zip(chosen.tolist(), shared.tolist(), smaller[chosen].tolist()):
            containment[i] = n / m
    return [Comparison(o, j, c) for o, j, c in zip(others, resemblance, containment)]


def is_near_duplicate(c: Comparison, config: DedupConfig) -> bool:
    if c.jaccard >= config.document_jaccard:
        return True
    return c.containment is not None and c.containment >= config.document_similarity


def best_match(comparisons: list[Comparison], config: DedupConfig,
               group_sizes: dict[int, int] | None = None) -> Comparison | None:
    """The near-duplicate to report, or None.

    A text may match documents of two groups (two versions of a story that did
    not match each other, and now a third that matches both). A record can name
    only one earlier document, and records already written cannot change, so
    the two groups stay apart for good; what can be chosen is where this copy
    and the copies after it go. They go to the largest group (then the oldest,
    then the closest match), which every later copy will choose too.
    """
    matches = [c for c in comparisons if is_near_duplicate(c, config)]
    if not matches:
        return None
    sizes = group_sizes or {}
    return min(matches, key=lambda c: (-sizes.get(c.other.root_seq, 1), c.other.root_seq,
                                       -round(c.score(), 6), -c.jaccard, c.other.seq))


def _is_in_sorted(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """For each of ``values``: is it in the sorted array ``sorted_set``?"""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_set, values)
    pos[pos == len(sorted_set)] = 0
    return sorted_set[pos] == values
