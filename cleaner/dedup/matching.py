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

# Fewer sampled shingles than this in the smaller document and the containment
# estimate is too noisy to trust (with 8, one miss moves it by 0.125).
MIN_FINGERPRINTS = 8


# Documents with less running text than SHORT_TEXT_SHINGLES (a 30-word brief) must be this
# alike to count as copies: they are too short for boilerplate to be a minority.
SHORT_TEXT_JACCARD = 0.8
SHORT_TEXT_SHINGLES = 25


@dataclass(frozen=True, slots=True)
class Comparison:
    other: IndexedDocument
    jaccard: float
    containment: float | None  # None: too little text to measure
    shingles: int = 1 << 30  # running-text shingles of the document being compared

    def score(self) -> float:
        return max(self.jaccard, self.containment or 0.0)


def compare(signature: np.ndarray, fingerprints: np.ndarray, shingles: int,
            others: list[IndexedDocument], config: DedupConfig) -> list[Comparison]:
    """Compare one document with several indexed ones, all at once.

    Containment is measured only where resemblance alone does not decide.
    """
    if not others:
        return []
    agree = np.count_nonzero(np.stack([o.signature for o in others]) == signature, axis=1)
    resemblance = (agree / len(signature)).tolist()
    n_fps = len(fingerprints)
    if shingles < config.min_document_shingles or n_fps < MIN_FINGERPRINTS:
        return [Comparison(o, j, None, shingles) for o, j in zip(others, resemblance)]
    out = []
    for other, j in zip(others, resemblance):
        containment = None
        smaller = min(n_fps, len(other.fingerprints))
        if (j < config.document_jaccard and other.shingles >= config.min_document_shingles
                and smaller >= MIN_FINGERPRINTS):
            containment = int(np.count_nonzero(_is_in_sorted(other.fingerprints, fingerprints))) / smaller
        out.append(Comparison(other, j, containment, shingles))
    return out


def is_near_duplicate(c: Comparison, config: DedupConfig) -> bool:
    if c.jaccard >= config.document_jaccard:
        # Two short texts (a brief and its site's newsletter line, against another
        # brief with the same line) reach 0.5 on the shared line alone.
        if min(c.other.shingles, c.shingles) >= SHORT_TEXT_SHINGLES or c.jaccard >= SHORT_TEXT_JACCARD:
            return True
    return c.containment is not None and c.containment >= config.document_similarity


def best_match(comparisons: list[Comparison], config: DedupConfig,
               group_sizes: dict[str, int] | None = None) -> Comparison | None:
    """The near-duplicate to report, or None.

    A text may match documents of two groups (two versions of a story that did
    not match each other, and now a third that matches both). A record can name
    only one earlier document, and records already written cannot change, so
    the two groups stay apart for good; what can be chosen is where this copy
    and the copies after it go. They go to the largest group (then the closest
    match, then the earliest), which every later copy will choose too.
    """
    matches = [c for c in comparisons if is_near_duplicate(c, config)]
    if not matches:
        return None
    sizes = group_sizes or {}
    return min(matches, key=lambda c: (-sizes.get(c.other.root_id, 1), -round(c.score(), 6), -c.jaccard,
                                       c.other.seq))


def _is_in_sorted(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """For each of ``values``: is it in the sorted array ``sorted_set``?"""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_set, values)
    pos[pos == len(sorted_set)] = 0
    return sorted_set[pos] == values
