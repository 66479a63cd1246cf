"""How the documents of one batch relate to each other, computed for all pairs at once.

A batch is reconciled against the index in bulk, so a document cannot find the
earlier documents of its own batch there; this module answers for them:
which earlier documents of the batch resemble or contain it (estimated Jaccard
similarity from the signatures, containment from shared fingerprints) and which
earlier document of the batch first had each of its lines. All of it with a
handful of numpy operations per batch rather than a few per pair.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from ..config import DedupConfig
from .matching import MIN_FINGERPRINTS
from .signatures import stacked


class _Features(Protocol):
    content_hash: int
    signature: np.ndarray
    shingles: int
    fingerprints: np.ndarray
    line_hashes: np.ndarray


class BatchRelations:
    def __init__(self, feats: Sequence[_Features], doc_ids: Sequence[str], config: DedupConfig) -> None:
        n = len(feats)
        self._matches: list[list[tuple[int, float, float | None]]] = [[] for _ in range(n)]
        if n >= 2:
            self._find_matches(feats, doc_ids, config)

    def matches(self, i: int) -> list[tuple[int, float, float | None]]:
        """(j, Jaccard estimate, containment or None) for earlier documents j of the
        batch that may be near-duplicates of document i (the caller applies the
        thresholds, exactly as for documents of the index)."""
        return self._matches[i]

    def _find_matches(self, feats: Sequence[_Features], doc_ids: Sequence[str], config: DedupConfig) -> None:
        n = len(feats)
        sigs = stacked([f.signature for f in feats])
        shingles = np.array([f.shingles for f in feats])
        # Summed as bytes into int32: half the time of summing booleans into int64.
        agree = (sigs[:, None, :] == sigs[None, :, :]).view(np.uint8).sum(axis=2, dtype=np.int32)
        jaccard = agree / sigs.shape[1]
        shared = _shared_counts([f.fingerprints for f in feats], n)
        n_fps = np.array([len(f.fingerprints) for f in feats])
        smaller_fps = np.minimum.outer(n_fps, n_fps)
        eligible = ((np.minimum.outer(shingles, shingles) >= config.min_document_shingles)
                    & (smaller_fps >= MIN_FINGERPRINTS))
        containment = np.where(eligible, shared / np.maximum(smaller_fps, 1), -1.0)
        with_text = shingles > 0
        hashes = np.array([f.content_hash for f in feats], dtype=np.int64)
        identical = hashes[:, None] == hashes[None, :]
        worth = (identical | (with_text[:, None] & with_text[None, :]
                              & ((jaccard >= config.document_jaccard)
                                 | (containment >= config.document_similarity))))
        worth &= np.tri(n, k=-1, dtype=bool)  # only earlier documents: j < i
        for i, j in zip(*np.nonzero(worth)):
            i, j = int(i), int(j)
            if doc_ids[i] == doc_ids[j]:
                continue  # another version of the same document is not a copy of it
            if identical[i, j]:
                self._matches[i].append((j, 1.0, 1.0))
            else:
                # As `matching.compare` does: containment only where resemblance does not decide.
                c = float(containment[i, j])
                known = c < 0 or jaccard[i, j] >= config.document_jaccard
                self._matches[i].append((j, float(jaccard[i, j]), None if known else c))


def earlier_holders(hashes: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """For every line hash of a batch (``labels``: the document of each, in increasing
    order): the earliest document of the batch before that one with the same line, or -1."""
    if not len(hashes):
        return np.empty(0, dtype=np.int64)
    # np.unique's first index is the earliest document (labels grow along the array).
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    holder = labels[first][inverse]
    return np.where(holder < labels, holder, -1)


def _shared_counts(fingerprint_arrays: Sequence[np.ndarray], n: int) -> np.ndarray:
    """[n, n] how many fingerprints two documents share (each array sorted and unique)."""
    sizes = [len(f) for f in fingerprint_arrays]
    if not sum(sizes):
        return np.zeros((n, n), dtype=np.int64)
    values = np.concatenate(fingerprint_arrays)
    labels = np.repeat(np.arange(n), sizes)
    # Each document's fingerprints are sorted: numpy's stable sort makes use of such runs.
    order = np.argsort(values, kind="stable")
    values, labels = values[order], labels[order]
    # Only values held by two documents or more count: keep the runs of equal values.
    equal = values[1:] == values[:-1]
    in_run = np.zeros(len(values), dtype=bool)
    in_run[1:] = equal
    in_run[:-1] |= equal
    kept = np.flatnonzero(in_run)
    values, labels = values[kept], labels[kept]
    # Equal fingerprints stand together; pair every two members of a run, d apart.
    cells = []
    d = 1
    while d < len(values):
        same = np.flatnonzero(values[d:] == values[:-d])
        if len(same) == 0:
            break
        a, b = labels[same], labels[same + d]
        cells += [a * n + b, b * n + a]
        d += 1
    if not cells:
        return np.zeros((n, n), dtype=np.int64)
    return np.bincount(np.concatenate(cells), minlength=n * n).reshape(n, n)
