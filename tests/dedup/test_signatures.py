"""Bulk MinHash signatures are datasketch's own, value for value."""

from __future__ import annotations

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from cleaner.dedup.signatures import grouped_minhash, jaccard, lean, minhash, permutations


def test_minhash_equals_datasketch_update_batch():
    rng = np.random.default_rng(7)
    h32 = rng.integers(0, 2**32, 9000, dtype=np.uint64).astype(np.uint32)  # more than one chunk
    reference = MinHash(num_perm=128, hashfunc=lambda x: x)  # default scheme: affine32
    reference.update_batch([int(x) for x in h32])
    assert np.array_equal(minhash(h32, 128), reference.hashvalues)


def test_grouped_signatures_equal_one_signature_per_group():
    rng = np.random.default_rng(8)
    h32 = rng.integers(0, 2**32, 10000, dtype=np.uint64).astype(np.uint32)
    groups = np.sort(rng.integers(0, 9, 10000))
    groups[groups == 4] = 5  # an empty group in the middle
    sigs = grouped_minhash(h32, groups, 10, 64)
    for g in range(10):
        expected = minhash(h32[groups == g], 64) if (groups == g).any() else np.full(64, 0xFFFFFFFF)
        assert np.array_equal(sigs[g], expected)


def test_permutations_are_datasketchs():
    a, b = permutations(128)
    ref_a, ref_b = MinHash(num_perm=128).permutations
    assert np.array_equal(a, ref_a) and np.array_equal(b, ref_b)


def test_lean_minhash_works_in_minhashlsh():
    rng = np.random.default_rng(9)
    base = rng.integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32)
    near = base.copy()
    near[:30] = rng.integers(0, 2**32, 30, dtype=np.uint64).astype(np.uint32)
    far = rng.integers(0, 2**32, 300, dtype=np.uint64).astype(np.uint32)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    lsh.insert("base", lean(minhash(base, 128)))
    assert isinstance(lean(minhash(base, 128)), LeanMinHash)
    assert lsh.query(lean(minhash(near, 128))) == ["base"]
    assert lsh.query(lean(minhash(far, 128))) == []
    assert 0.7 < jaccard(minhash(base, 128), minhash(near, 128)) < 0.95
