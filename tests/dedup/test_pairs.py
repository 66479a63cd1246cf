"""The batch-wide shortcuts decide exactly as the one-at-a-time code: cached line
tokens equal fresh ones, and the array sieve and per-group choice pick what
`compare` + `best_match` pick."""

from __future__ import annotations

import random

import numpy as np

from cleaner.config import DedupConfig
from cleaner.dedup.index import IndexedDocument
from cleaner.dedup.index.base import entry_columns_of
from cleaner.dedup.linetokens import LineTokens
from cleaner.dedup.matching import Comparison, best_match, compare
from cleaner.dedup.pairs import best_per_group, lookup_counts, shared_counts, sieve
from cleaner.dedup.shingles import tokenize

CONFIG = DedupConfig()


def test_cached_line_tokens_equal_fresh_ones(site_records, seeds):
    texts = [r["text"] for r in site_records] + list(seeds.values())
    texts += ["", "\n\n", "Zeile eins\r\nZeile zwei\r\n", "東京で会議が開かれた。\n同じ行", "a\u0301b c\U0001F600d"]
    cache = LineTokens()
    cache.MAX_LINES = 50  # clear often, too
    rng = random.Random(3)
    for _ in range(30):
        batch = rng.sample(texts, 5)
        big = "\n".join(batch)
        lines = big.split("\n")
        starts = np.concatenate([[0], np.cumsum([len(line) + 1 for line in lines])[:-1]]).astype(np.int64)
        want, got = tokenize(big, starts), cache.tokenize(big, lines, starts)
        assert np.array_equal(want.hashes, got.hashes) and np.array_equal(want.lines, got.lines)


def _families(rng: np.random.Generator) -> tuple[list[np.ndarray], list[np.ndarray]]:
    bases = [np.sort(rng.choice(1 << 20, 400, replace=False)).astype(np.uint64) << np.uint64(2) for _ in range(3)]
    return bases, [rng.integers(0, 1 << 32, 128, dtype=np.uint64).astype(np.uint32) for _ in range(3)]


def _random_docs(rng: np.random.Generator, families, n: int, start_seq: int) -> list[IndexedDocument]:
    """Documents drawn from a few families, so that many pairs are near-duplicates."""
    bases, signatures = families
    docs = []
    for k in range(n):
        base = bases[k % 3]
        keep = base[rng.random(len(base)) < rng.choice([0.3, 0.95, 1.0])]
        extra = rng.choice(1 << 20, rng.integers(0, 60)).astype(np.uint64) << np.uint64(2)
        fps = np.unique(np.concatenate([keep, extra])) if rng.random() > 0.1 else keep[: rng.integers(0, 9)]
        sig = signatures[k % 3].copy()
        changed = rng.random(128) < rng.choice([0.1, 0.45, 0.55, 0.9])
        sig[changed] = rng.integers(0, 1 << 32, int(changed.sum()), dtype=np.uint64).astype(np.uint32)
        docs.append(IndexedDocument(f"d{k}", k, f"root{k % 5}", int(rng.choice([0, 10, 30, 400])), sig, fps, 0.0,
                                    start_seq + k))
    return docs


def _check(rng: np.random.Generator, crowd: bool = False) -> int:
    """How many documents found a near-duplicate; asserts the sieve decides as `compare`.

    ``crowd``: as a capped index does, some of each document's look-up fingerprints
    are crowded, their shared count unknown to the sieve (worst case: none listed)."""
    families = _families(rng)
    others = _random_docs(rng, families, 40, 1)
    mine = _random_docs(rng, families, 30, 100)
    columns = entry_columns_of(others, CONFIG.fingerprint_bits)
    bits = np.uint64(CONFIG.fingerprint_bits)
    lookup = [d.fingerprints[((d.fingerprints >> bits) & np.uint64(1)) == 0] for d in mine + others]
    labels = np.repeat(np.arange(len(mine)), len(others))
    rows = np.tile(np.arange(len(others)), len(mine))
    ok = (np.array([d.shingles for d in mine])[labels] > 0) & (columns.shingles[rows] > 0)
    labels, rows = labels[ok], rows[ok]
    seqs = np.array([others[r].seq for r in rows])
    crowded = np.zeros(len(mine), dtype=np.int64)
    listed = lookup[: len(mine)]
    if crowd:
        full = [rng.random(len(x)) < rng.choice([0.0, 0.3, 0.9]) for x in listed]
        crowded = np.array([int(f.sum()) for f in full], dtype=np.int64)
        listed = [x[~f] for x, f in zip(listed, full)]
    hits = np.array([len(np.intersect1d(listed[i], lookup[len(mine) + r])) for i, r in zip(labels, rows)])
    hit_l, hit_s, hit_c = labels[hits > 0], seqs[hits > 0], hits[hits > 0]
    maybe, jaccard, measure = sieve(
        labels, rows, columns, np.stack([d.signature for d in mine]), np.array([d.shingles for d in mine]),
        np.array([len(d.fingerprints) for d in mine]), np.array([len(x) for x in lookup[: len(mine)]]),
        lookup_counts(labels, seqs, hit_l, hit_s, hit_c), crowded, CONFIG)
    containment = np.full(len(labels), np.nan)
    at = np.flatnonzero(measure)
    shared = shared_counts(labels[at], [d.fingerprints for d in mine], [columns.fingerprints_of(r) for r in rows[at]])
    smaller = np.minimum([len(mine[i].fingerprints) for i in labels[at]], columns.fingerprint_counts[rows[at]])
    containment[at] = shared / smaller
    at = np.flatnonzero(maybe)
    roots = np.array([int(d.root_id[4:]) for d in others])
    best = at[best_per_group(labels[at], roots[rows[at]], seqs[at], jaccard[at], containment[at],
                             np.array([d.shingles for d in mine])[labels[at]], columns.shingles[rows[at]], CONFIG)]
    sizes = {f"root{k}": k for k in range(5)}
    chosen = 0
    for i, doc in enumerate(mine):
        candidates = [others[r] for r in rows[labels == i]]
        want = best_match(compare(doc.signature, doc.fingerprints, doc.shingles, candidates, CONFIG), CONFIG, sizes)
        picked = [Comparison(others[rows[p]], float(jaccard[p]),
                             None if np.isnan(containment[p]) else float(containment[p]), doc.shingles)
                  for p in best if labels[p] == i]
        got = best_match(picked, CONFIG, sizes)
        assert (want is None) == (got is None), i
        if want is not None:
            chosen += 1
            assert (want.other.seq, want.jaccard, want.containment) == (got.other.seq, got.jaccard, got.containment)
    return chosen


def test_sieve_and_best_per_group_choose_as_best_match():
    chosen = sum(_check(np.random.default_rng(seed)) for seed in range(6))
    assert chosen >= 10  # the test does exercise matches


def test_sieve_bound_stays_safe_when_keys_are_crowded():
    chosen = sum(_check(np.random.default_rng(seed), crowd=True) for seed in range(10, 16))
    assert chosen >= 10


def test_count_pairs_equals_sorting_them():
    from cleaner.dedup.counting import count_pairs
    from cleaner.dedup.pairs import unique_pairs

    rng = np.random.default_rng(7)
    # dense seqs (the table path), sparse seqs (the sort path), one pair, many repeats
    for n, labels, top in [(5000, 64, 20000), (3000, 64, 10**12), (1, 1, 0), (20000, 3, 40), (200, 64, 1 << 40)]:
        l = rng.integers(0, labels, n)
        s = rng.integers(0, top + 1, n)
        expected, counts = np.unique(np.stack([l, s], axis=1), axis=0, return_counts=True)
        got_l, got_s, got_c = count_pairs(l, s)
        assert got_l.tolist() == expected[:, 0].tolist() and got_s.tolist() == expected[:, 1].tolist()
        assert got_c.tolist() == counts.tolist()
        u_l, u_s = unique_pairs(l, s)
        assert u_l.tolist() == got_l.tolist() and u_s.tolist() == got_s.tolist()
    empty = count_pairs(np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert all(len(a) == 0 for a in empty)


def test_shared_counts_is_the_size_of_each_intersection():
    rng = np.random.default_rng(5)
    mine = [np.unique(rng.integers(0, 300, n)).astype(np.uint64) for n in (0, 1, 40, 200)]
    others = [np.unique(rng.integers(0, 300, n)).astype(np.uint64) for n in (0, 1, 3, 90, 250, 400)]
    others.append(np.array([299, 1000, 5000], dtype=np.uint64))  # values above all of some of ours
    labels = np.repeat(np.arange(len(mine)), len(others))
    paired = others * len(mine)
    got = shared_counts(labels, mine, paired)
    assert got.tolist() == [len(np.intersect1d(mine[i], b)) for i, b in zip(labels, paired)]
    assert got.max() > 10  # the sets overlap: the test sees counts, not only zeros


def test_the_memory_store_gives_the_columns_the_documents_give():
    from cleaner.dedup.index.store import DocumentStore

    rng = np.random.default_rng(11)
    docs = _random_docs(rng, _families(rng), 25, 1)
    store = DocumentStore(128, CONFIG.fingerprint_bits)
    store.append(docs[:10])
    store.append(docs[10:])  # two chunks of fingerprints
    seqs = [20, 3, 11, 7, 25, 1]
    got = store.columns(np.array(seqs))
    want = entry_columns_of([docs[s - 1] for s in seqs], CONFIG.fingerprint_bits)
    assert got.doc_ids == want.doc_ids
    for name in ("content_hashes", "signatures", "shingles", "fingerprint_counts", "lookup_counts"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
    for r in range(len(seqs)):
        assert np.array_equal(got.fingerprints_of(r), want.fingerprints_of(r))
    # Group codes: equal exactly where the root ids are.
    roots = [docs[s - 1].root_id for s in seqs]
    assert len(set(roots)) < len(roots)  # some rows share a group
    for codes in (got.group_codes, want.group_codes):
        assert [[a == b for b in codes] for a in codes] == [[a == b for b in roots] for a in roots]
    assert [store.root_id(s) for s in seqs] == roots == [store.get(s).root_id for s in seqs]
