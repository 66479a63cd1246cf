"""MinHash signatures computed in bulk, bit-for-bit those of datasketch.

datasketch (>= 2.0, scheme "affine32") turns a 32-bit input hash ``h`` into
``a_k * fmix32(h) + b_k (mod 2**32)`` for each of its ``num_perm`` permutations
``(a_k, b_k)``, drawn from ``numpy.random.RandomState(seed)``, and keeps the
minimum per permutation. We do exactly that, but for every shingle of every
paragraph of a document in a few numpy operations, where datasketch needs one
``MinHash`` object per set and a Python hash call per shingle. Creating a
``MinHash()`` per paragraph is slower still: each one rebuilds its permutations.

The result converts to `datasketch.LeanMinHash` (for `MinHashLSH`) with `lean`;
`tests/dedup/test_signatures.py` checks equality with ``MinHash.update_batch``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

# datasketch itself is imported only where its objects are wanted: importing it pulls
# in scipy and redis (0.6-2 s), which a `cleaner check` of one file should not pay.

SCHEME = "affine32"
SEED = 1
EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for "no element seen"

# Shingles permuted at once: 128 x 4096 uint32 is 2 MB, which bounds memory on
# huge texts and measured fastest (bench/dedup_bench.py) among 512...16384.
CHUNK_COLUMNS = 4096


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutation parameters for the "affine32" scheme, drawn as
    `MinHash._init_permutations` draws them (tests/dedup/test_signatures.py checks
    them against a `MinHash`): an odd multiplier and an offset per permutation."""
    if num_perm < 2:
        raise ValueError(f"num_perm must be at least 2, not {num_perm}")
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def to_hash32(shingle_hashes: np.ndarray) -> np.ndarray:
    """The 32-bit MinHash input of 64-bit shingle hashes (their high half).

    The low bits are left to `fingerprints`, so sampling and MinHash stay independent.
    """
    return (shingle_hashes >> np.uint64(32)).astype(np.uint32)


def minhash(h32: np.ndarray, num_perm: int) -> np.ndarray:
    """One signature (uint32[num_perm]) of a set given by its 32-bit hashes."""
    return grouped_minhash(h32, np.zeros(len(h32), dtype=np.int64), 1, num_perm)[0]


def grouped_minhash(h32: np.ndarray, groups: np.ndarray, n_groups: int, num_perm: int) -> np.ndarray:
    """One signature per group: ``out[g]`` is the MinHash of ``h32[groups == g]``.

    ``groups`` must be sorted (shingles of paragraph 0, then 1...). Groups with no
    element get the all-EMPTY signature, as an empty datasketch MinHash has.
    The work is laid out permutation-major (one row of shingles per
    permutation), which lets the per-group minimum run over contiguous memory.
    """
    a, b = permutations(num_perm)
    out = np.full((num_perm, n_groups), EMPTY, dtype=np.uint32)
    if len(h32) == 0:
        return out.T.copy()
    mixed = fmix32(h32)
    a_col = a[:, None]
    b_rows = _offset_rows(num_perm)
    single = n_groups == 1
    # One buffer for every chunk: a fresh 2 MB array per chunk costs its page faults again.
    buffer = np.empty((num_perm, min(CHUNK_COLUMNS, len(mixed))), dtype=np.uint32)
    for lo in range(0, len(mixed), CHUNK_COLUMNS):
        hi = min(len(mixed), lo + CHUNK_COLUMNS)
        block = buffer[:, : hi - lo]
        np.multiply(a_col, mixed[None, lo:hi], out=block)
        np.add(block, b_rows[:, : hi - lo], out=block)
        if single:
            np.minimum(out[:, 0], block.min(axis=1), out=out[:, 0])
            continue
        g = groups[lo:hi]
        starts = np.flatnonzero(np.diff(g, prepend=g[0] - 1))
        mins = np.minimum.reduceat(block, starts, axis=1)
        ids = g[starts]
        # A group cut by a chunk boundary shows up in two chunks: merge with min.
        np.minimum(out[:, ids], mins, out=mins)
        out[:, ids] = mins
    return out.T.copy()


@lru_cache(maxsize=4)
def _offset_rows(num_perm: int) -> np.ndarray:
    """Each permutation's offset repeated over a chunk's columns: numpy adds two
    arrays of a shape nearly twice as fast as it adds a broadcast column."""
    _, b = permutations(num_perm)
    return np.repeat(b[:, None], CHUNK_COLUMNS, axis=1)


def stacked(signatures: Sequence[np.ndarray]) -> np.ndarray:
    """Signatures of one length as the rows of one array: `np.stack`'s result at a
    third of its cost (it checks and reshapes every row in Python; a batch stacks
    its signatures several times)."""
    if len(signatures) == 0:
        return np.empty((0, 0), dtype=np.uint32)
    return np.concatenate(signatures).reshape(len(signatures), -1)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minima agree."""
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


def lean(signature: np.ndarray, seed: int = SEED) -> LeanMinHash:
    """A datasketch `LeanMinHash` holding ``signature`` (for `MinHashLSH`)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=seed, hashvalues=signature, scheme=SCHEME)


def fingerprints(shingle_hashes: np.ndarray, sample_bits: int) -> np.ndarray:
    """The shingles whose low ``sample_bits`` bits are zero, sorted and unique.

    Every document keeps the same 1-in-2**bits share of the shingles it has, so
    a shingle two documents share is kept by both or by neither: the overlap of
    two samples is a sample of the overlap, which makes containment measurable
    ("is this article inside that page?") where MinHash only measures Jaccard.
    """
    mask = np.uint64((1 << sample_bits) - 1)
    kept = np.sort(shingle_hashes[(shingle_hashes & mask) == 0])
    if len(kept) > 1:
        fresh = np.empty(len(kept), dtype=bool)
        fresh[0] = True
        np.not_equal(kept[1:], kept[:-1], out=fresh[1:])
        kept = kept[fresh]
    return kept
