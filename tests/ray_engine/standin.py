"""A stand-in near-duplicate stage: MinHash over word 5-grams, LSH bands, a Jaccard
estimate as the decision. Used only to test the Ray plumbing against the
single-machine path with the same decision, independently of the real D family.
"""

from __future__ import annotations

import zlib

import numpy as np

from cleaner.pipeline import Annotation
from cleaner.ray.neardup import NearDuplicateMethod

NUM_PERM, BANDS, ROWS = 64, 16, 4
THRESHOLD = 0.5
_rng = np.random.RandomState(1)
_A = _rng.randint(1, 2**31 - 1, NUM_PERM).astype(np.uint64)
_B = _rng.randint(0, 2**31 - 1, NUM_PERM).astype(np.uint64)
_PRIME = np.uint64(2**31 - 1)


def signature(text: str) -> np.ndarray | None:
    words = text.lower().split()
    if len(words) < 5:
        return None
    hashes = np.fromiter((zlib.crc32(" ".join(words[i:i + 5]).encode()) for i in range(len(words) - 4)),
                         dtype=np.uint64)
    return ((np.outer(hashes, _A) + _B) % _PRIME).min(axis=0).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[bytes]:
    return [sig[b * ROWS:(b + 1) * ROWS].tobytes() for b in range(BANDS)]


def is_duplicate(later: np.ndarray, earlier: np.ndarray) -> bool:
    return float(np.mean(later == earlier)) >= THRESHOLD


def features(analysis):
    # From the original text, so it needs no stage in the Ray workers' pipeline.
    return signature(analysis.doc.text)


METHOD = NearDuplicateMethod(features, band_keys, is_duplicate)


class StandInDuplicates:
    """Single-machine side: an in-memory LSH index queried in input order."""

    name = "standin-dup"
    codes = ("D990",)
    transforms = False

    def check(self, view, doc, ctx):
        return ()

    def features(self, view, doc, ctx):
        return signature(doc.text)

    def reconcile(self, sig, view, doc, corpus, ctx):
        index = corpus.state("standin-lsh", dict)
        if sig is None:
            return
        keys = band_keys(sig)
        candidates = {}
        for b, key in enumerate(keys):
            for other_id, other_sig, order in index.get((b, key), ()):
                candidates[order] = (other_id, other_sig)
        matches = [candidates[o][0] for o in sorted(candidates) if is_duplicate(sig, candidates[o][1])]
        order = len(corpus.state("standin-order", list))
        corpus.state("standin-order", list).append(doc.id)
        for b, key in enumerate(keys):
            index.setdefault((b, key), []).append((doc.id, sig, order))
        if matches:
            yield Annotation("duplicate_of", matches[0])
            yield Annotation("near_duplicates", matches)


def _features_or_crash(analysis):
    # A bug that only some records meet, after they were analysed.
    if "CRASH-AFTER-ANALYSIS" in analysis.doc.text:
        raise ValueError("the stand-in broke on this record")
    return features(analysis)


CRASHING_METHOD = NearDuplicateMethod(_features_or_crash, band_keys, is_duplicate)
