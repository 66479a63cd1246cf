"""Corpus-wide near-duplicate clusters on Ray Data.

1. per block (``map_batches``): every document's features (its MinHash signature
   and whatever the duplicate stage compares) and its LSH band keys, one row per band;
2. a shuffle by band key (``groupby``): documents sharing a band are candidates;
3. per group: every candidate pair verified with the duplicate stage's own
   decision, each pair only in the first band it shares, so it is checked once;
4. connected components of the verified pairs (union-find on the driver: the
   pairs are few next to the documents), the earliest document in input order
   surviving, every other member ``duplicate_of`` it.

The decision is the single-machine one (`NearDuplicateMethod` wraps the duplicate
stage's functions), and a document is compared with every candidate sharing a
band, as the single-machine index does, so both paths find the same pairs.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Iterable, Mapping, Sequence

import numpy as np

_DTYPES = {"band": np.int64, "band_index": np.int32, "pos": np.int64, "earlier_pos": np.int64,
           "later_pos": np.int64}


def _columns(out: dict[str, list]) -> dict[str, np.ndarray]:
    # Typed even when empty, so every block has the same schema.
    return {k: np.array(v, dtype=_DTYPES.get(k, object)) for k, v in out.items()}


@dataclass(frozen=True)
class NearDuplicateMethod:
    """How documents are compared: the pieces of the single-machine duplicate stage.

    ``features(analysis)`` picks the stage's per-document features from an
    `Analysis` (None: the document takes no part, e.g. too short);
    ``band_keys(features)`` gives the LSH key of band i at index i;
    ``is_duplicate(later, earlier)`` is the stage's verification of a candidate;
    ``add_finding(record, survivor_id)`` adds the stage's finding to an output
    record (optional: ``duplicate_of`` is set in any case).
    """

    features: Callable[[Any], Any]
    band_keys: Callable[[Any], Sequence[Hashable]]
    is_duplicate: Callable[[Any, Any], bool]
    add_finding: Callable[[dict, str], None] | None = None

    def find(self, analysed: Any, num_partitions: int) -> dict[int, dict]:
        """pos -> mark, for every cluster member but its survivor (see `clean_on_ray`)."""
        clusters = near_duplicate_clusters(analysed.select_columns(["pos", "id", "features"]), self, num_partitions)
        return {pos: {"root_id": survivor_id} for pos, (_, survivor_id) in clusters.items()}

    def mark_duplicate(self, record: dict, mark: dict) -> None:
        if self.add_finding is not None:
            self.add_finding(record, mark["root_id"])
        record["duplicate_of"] = mark["root_id"]


def band_key(index: int, key: Hashable) -> int:
    """A signed 64-bit shuffle key for band ``index`` holding ``key`` (stable across processes)."""
    digest = hashlib.blake2b(repr((index, key)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def band_rows(batch: Mapping[str, Any], method: NearDuplicateMethod) -> dict[str, list]:
    """One row per (document, band): ``band``, ``band_index``, ``pos``, ``id``, ``features``."""
    out: dict[str, list] = {"band": [], "band_index": [], "pos": [], "id": [], "features": []}
    for pos, doc_id, blob in zip(batch["pos"], batch["id"], batch["features"]):
        if not blob:
            continue
        for index, key in enumerate(method.band_keys(pickle.loads(blob))):
            out["band"].append(band_key(index, key))
            out["band_index"].append(index)
            out["pos"].append(int(pos))
            out["id"].append(str(doc_id))
            out["features"].append(blob)
    return _columns(out)


def verified_pairs(group: Mapping[str, Any], method: NearDuplicateMethod) -> dict[str, list]:
    """The verified near-duplicate pairs among documents sharing one band key.

    Rows ``earlier_pos``, ``earlier_id``, ``later_pos``, ``later_id``.
    """
    out: dict[str, list] = {"earlier_pos": [], "earlier_id": [], "later_pos": [], "later_id": []}
    n = len(group["pos"])
    if n < 2:
        return _columns(out)
    band_index = int(group["band_index"][0])
    members = sorted(
        (int(p), str(i), pickle.loads(f)) for p, i, f in zip(group["pos"], group["id"], group["features"])
    )
    keys = [[band_key(b, k) for b, k in enumerate(method.band_keys(m[2]))] for m in members]
    for j in range(1, n):
        later_pos, later_id, later = members[j]
        for i in range(j):
            if _first_shared_band(keys[i], keys[j]) != band_index:
                continue  # verified in the group of the first band they share
            earlier_pos, earlier_id, earlier = members[i]
            if earlier_pos == later_pos:
                continue
            if method.is_duplicate(later, earlier):
                out["earlier_pos"].append(earlier_pos)
                out["earlier_id"].append(earlier_id)
                out["later_pos"].append(later_pos)
                out["later_id"].append(later_id)
    return _columns(out)


def _first_shared_band(a: Sequence[int], b: Sequence[int]) -> int:
    for index, (x, y) in enumerate(zip(a, b)):
        if x == y:
            return index
    return -1


def connected_components(pairs: Iterable[tuple[int, str, int, str]]) -> dict[int, tuple[int, str]]:
    """pos -> (survivor pos, survivor id) for every document in a cluster but its survivor.

    The survivor is the member earliest in input order.
    """
    parent: dict[int, int] = {}
    ids: dict[int, str] = {}

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a_pos, a_id, b_pos, b_id in pairs:
        for pos, doc_id in ((a_pos, a_id), (b_pos, b_id)):
            if pos not in parent:
                parent[pos] = pos
                ids[pos] = doc_id
        ra, rb = find(a_pos), find(b_pos)
        if ra != rb:
            # The smaller position becomes the root, so each root is its cluster's earliest member.
            parent[max(ra, rb)] = min(ra, rb)
    out = {}
    for pos in parent:
        root = find(pos)
        if root != pos:
            out[pos] = (root, ids[root])
    return out


def near_duplicate_clusters(features_ds: Any, method: NearDuplicateMethod,
                            num_partitions: int | None = None) -> dict[int, tuple[int, str]]:
    """Clusters over a Ray dataset with columns ``pos``, ``id``, ``features`` (pickled).

    Returns pos -> (survivor pos, survivor id) for every non-surviving member.
    """
    bands = features_ds.map_batches(band_rows, fn_kwargs={"method": method}, batch_format="numpy")
    pairs = bands.groupby("band", num_partitions=num_partitions).map_groups(
        verified_pairs, fn_kwargs={"method": method}, batch_format="numpy")

    def rows() -> Iterable[tuple[int, str, int, str]]:
        for batch in pairs.iter_batches(batch_format="numpy", batch_size=65536):
            yield from zip((int(x) for x in batch["earlier_pos"]), (str(x) for x in batch["earlier_id"]),
                           (int(x) for x in batch["later_pos"]), (str(x) for x in batch["later_id"]))

    return connected_components(rows())
