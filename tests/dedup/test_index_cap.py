"""A look-up key keeps its first `MAX_KEY_HOLDERS` documents, in every back end alike,
and says when it is full, so that later copies of a much-copied story are still
found through the first holders and the containment bound stays safe."""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from cleaner import Cleaner, Config
from cleaner.dedup.corpus import index_parameters
from cleaner.dedup.index import IndexedDocument, NewDocument, open_index
from cleaner.dedup.index.base import MAX_KEY_HOLDERS
from cleaner.dedup.index.memory import SortedMultimap

PARAMS = index_parameters(Config().dedup)
COPIES = MAX_KEY_HOLDERS + 8


def _redis_url() -> str | None:
    try:
        import redis

        if redis.Redis(host="127.0.0.1", port=6379, db=15, socket_connect_timeout=1).ping():
            return f"redis://127.0.0.1:6379/15?prefix=cleaner-test-{uuid.uuid4().hex[:12]}"
    except Exception:  # no package or no server: tests/dedup/test_index_redis.py fails CI for that
        pass
    return None


@pytest.fixture(params=["memory", "sqlite", "redis"])
def location(request, tmp_path):
    if request.param == "memory":
        yield None
        return
    if request.param == "sqlite":
        yield str(tmp_path / "cap.db")
        return
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    yield url
    import redis

    r = redis.Redis(host="127.0.0.1", port=6379, db=15)
    prefix = url.rsplit("prefix=", 1)[1]
    for key in r.scan_iter(match=f"{prefix}:*".encode(), count=1000):
        r.delete(key)


def _doc(n: int, signature: np.ndarray, shared: np.ndarray) -> NewDocument:
    own = np.array([(1000 + n) << 3], dtype=np.uint64)  # a fingerprint no other document has
    fps = np.union1d(shared, own)
    entry = IndexedDocument(f"d{n}", n, "d0", 100, signature, fps, 0.0)
    return NewDocument(entry, fps, [], True)


def test_keys_keep_their_first_holders_and_say_they_are_full(location):
    rng = np.random.default_rng(1)
    signature = rng.integers(0, 1 << 32, PARAMS.num_perm, dtype=np.uint64).astype(np.uint32)
    shared = np.arange(1, 11, dtype=np.uint64) << np.uint64(3)
    index = open_index(location, PARAMS)
    try:
        docs = [_doc(n, signature, shared) for n in range(COPIES)]
        seqs = index.add_many(docs[:20]) + index.add_many(docs[20:])  # full inside a batch and across batches
        first = set(seqs[:MAX_KEY_HOLDERS])
        labels, similar = index.similar_arrays([signature])
        assert set(similar.tolist()) == first
        hits = index.fingerprint_hit_arrays([shared, docs[-1].lookup_fingerprints])
        assert hits.crowded.tolist() == [len(shared), len(shared)]
        listed = {(int(l), int(s)): int(c) for l, s, c in zip(hits.labels, hits.seqs, hits.counts)}
        assert {s for l, s in listed if l == 0} == first
        assert listed[(1, seqs[-1])] == 1  # the last copy is still found by its own fingerprint
        assert all(c == len(shared) for (l, s), c in listed.items() if l == 0)
    finally:
        index.close()


def test_a_much_copied_story_is_still_found(location):
    story = " ".join(f"word{i} of the story number {i % 7}." for i in range(120))
    with Cleaner(Config(index=location)) as cleaner:
        for n in range(COPIES):
            cleaner.check(f"Site {n} header line\n{story}\nFooter {n}", id=f"copy-{n}")
        result = cleaner.check(f"{story}\nOne more line at the end of this copy.", id="late")
    near = [f for f in result if f.code == "D301"]
    assert near and near[0].data["duplicate_of"] == "copy-0"


def test_sorted_multimap_cap_counts_and_order():
    table = SortedMultimap(cap=3)
    table.add_bulk([np.array([5, 9], dtype=np.uint64), np.array([5], dtype=np.uint64)], [1, 2])
    table.add_bulk([np.array([5, 5, 7], dtype=np.uint64)] * 2, [3, 4])
    positions, values, counts = table.lookup_with_counts(np.array([7, 5, 8], dtype=np.uint64))
    assert counts.tolist() == [2, 3, 0]
    assert sorted(zip(positions.tolist(), values.tolist())) == [(0, 3), (0, 4), (1, 1), (1, 2), (1, 3)]
    uncapped = SortedMultimap()
    uncapped.add_bulk([np.array([5, 5], dtype=np.uint64)] * 3, [1, 2, 3])
    assert uncapped.lookup_with_counts(np.array([5], dtype=np.uint64))[2].tolist() == [6]


@pytest.mark.parametrize("cap", [None, 3])
def test_sorted_multimap_matches_a_dict_of_lists_over_many_merges(cap, monkeypatch) -> None:
    """Hundreds of small additions (a small recent run, so many merges into the main
    one): the same values, in the order added, as a plain dict of lists keeping the
    first ``cap`` per key."""
    monkeypatch.setattr(SortedMultimap, "RECENT_ENTRIES", 64)
    rng = np.random.default_rng(7)
    table = SortedMultimap(cap=cap)
    reference: dict[int, list[int]] = {}
    value = 0
    for _ in range(300):
        arrays, values = [], []
        for _ in range(int(rng.integers(1, 6))):
            value += 1
            keys = rng.integers(0, 400, size=int(rng.integers(0, 12))).astype(np.uint64)
            arrays.append(keys)
            values.append(value)
            for k in keys.tolist():
                held = reference.setdefault(k, [])
                if cap is None or len(held) < cap:
                    held.append(value)
        if rng.random() < 0.5:  # as a batch does: look up (some of) the keys it then adds
            asked = np.concatenate([*arrays, rng.integers(0, 400, size=5).astype(np.uint64)])
            table.lookup_with_counts(asked[rng.random(len(asked)) < 0.7])
        table.add_bulk(arrays, values)
    assert len(table._main[0]) >= 64  # entries went through merges into the main run
    wanted = np.arange(0, 420, dtype=np.uint64)[::-1].copy()
    positions, values, counts = table.lookup_with_counts(wanted)
    found: dict[int, list[int]] = {}
    for p, v in zip(positions.tolist(), values.tolist()):
        found.setdefault(int(wanted[p]), []).append(v)
    assert found == {k: v for k, v in reference.items() if v}
    assert counts.tolist() == [len(reference.get(int(k), [])) for k in wanted]
    assert len(table) == sum(map(len, reference.values()))
    gone = set(range(1, value + 1, 3))
    table.remove_values(gone)
    positions, values = table.lookup_positions(wanted)
    after: dict[int, list[int]] = {}
    for p, v in zip(positions.tolist(), values.tolist()):
        after.setdefault(int(wanted[p]), []).append(v)
    assert after == {k: kept for k, v in reference.items() if (kept := [x for x in v if x not in gone])}
