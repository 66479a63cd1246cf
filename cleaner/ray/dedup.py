"""Near-duplicate documents (D301) on Ray Data, with the duplicate family's own decision.

On one machine, each document in input order asks the index for candidates
(the first earlier document with the same text, earlier documents sharing an
LSH band, the earlier documents sharing most containment fingerprints),
compares itself with them (`dedup.matching.compare`) and joins the group that
`dedup.matching.best_match` picks. Here the same happens corpus-wide:

1. per block: every document's sketch keys, one row per key (its text hash, its
   LSH band keys, its look-up fingerprints), carrying only the input position;
2. a shuffle by key: documents sharing a key are paired, earlier with later;
3. a shuffle by the later document: its candidates, chosen as the index chooses
   them (all LSH and same-text pairs, the top fingerprint sharers);
4. two shuffles to bring each candidate pair's sketches together (a join made
   of group-bys), where `compare` keeps the near-duplicate pairs;
5. on the driver, in input order, `best_match` over each document's near
   duplicates with the groups as they stand when it comes, exactly as the
   single-machine index replays them: the groups are the connected components
   the single-machine path builds, each named after its earliest document.

Steps 1-4 do all the heavy work in parallel; step 5 sees only the matched pairs.
A record given again with the same id and text is, as on one machine, marked as
the same record as its first copy, in that copy's group, and not counted in it.
Not replicated: an index kept between runs (`--index`).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np

from ..config import Config
from ..dedup.index.base import MAX_KEY_HOLDERS

FEATURES_STAGE = "dedup-corpus"
KIND_CONTENT, KIND_BAND, KIND_FINGERPRINT = 0, 1, 2


def batch_numbers(rows: Iterable[tuple[int, bool, int]]) -> dict[int, int]:
    """pos -> the batch the single-machine stream puts the document in.

    ``rows``: (pos, rejected, chars) of every input record in order; the cut is
    `parallel.document_batches`'s (rejected records count towards a batch's
    length but not its size).
    """
    from ..parallel import BATCH_CHARS, BATCH_DOCS

    out: dict[int, int] = {}
    number = length = size = 0
    for pos, rejected, chars in rows:
        length += 1
        if not rejected:
            out[pos] = number
            size += chars
        if length >= BATCH_DOCS or size >= BATCH_CHARS:
            number += 1
            length = size = 0
    return out


@dataclass(frozen=True, slots=True)
class Sketch:
    """What step 4 compares, per document (picklable, no text)."""

    doc_id: str
    content_hash: int
    shingles: int
    signature: np.ndarray
    fingerprints: np.ndarray
    lookup_fingerprints: np.ndarray
    line_hashes: np.ndarray
    span: dict  # where a D301 finding on this document points (positions as in the output)


@dataclass(slots=True)
class _Entry:
    """The parts of `IndexedDocument` that `compare` and `best_match` read."""

    doc_id: str
    content_hash: int
    shingles: int
    signature: np.ndarray
    fingerprints: np.ndarray
    seq: int
    root_seq: int
    root_id: str


def _key(kind: int, *value: Any) -> int:
    digest = hashlib.blake2b(repr((kind, value)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


_MATCH_DTYPES = {"later": np.int64, "earlier": np.int64, "jaccard": np.float64, "containment": np.float64,
                 "shingles": np.int64, "other_shingles": np.int64, "repeat": np.bool_}


def _columns(out: dict[str, list], dtypes: Mapping[str, Any]) -> dict[str, np.ndarray]:
    return {k: np.array(v, dtype=dtypes.get(k, object)) for k, v in out.items()}


class DedupMethod:
    """The duplicate family's near-duplicate decision, for `clean_on_ray`."""

    def __init__(self, config: Config) -> None:
        from ..dedup.corpus import MAX_FINGERPRINT_CANDIDATES, index_parameters

        self.config = config
        self.top_fingerprint_candidates = MAX_FINGERPRINT_CANDIDATES
        bands, rows = index_parameters(config.dedup).bands
        self.band_ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]

    # -- per document (in the analysis actors) --------------------------------------
    def features(self, analysis: Any) -> Sketch | None:
        from ..document import LineIndex

        feats = analysis.features.get(FEATURES_STAGE)
        if feats is None:
            return None
        view, text = analysis.view, analysis.doc.text
        start, end = view.to_original.span_to_source(0, len(view.text))
        lines = LineIndex(text)
        (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
        span = {"line": line, "column": column, "end_line": end_line, "end_column": end_column,
                "start": start, "end": end}
        return Sketch(analysis.doc.id, feats.content_hash, feats.shingles, feats.signature, feats.fingerprints,
                      feats.lookup_fingerprints, feats.line_hashes, span)

    # -- corpus-wide ----------------------------------------------------------------
    def key_rows(self, batch: Mapping[str, Any], batch_of: Mapping[int, int]) -> dict[str, np.ndarray]:
        out: dict[str, list] = {"key": [], "kind": [], "pos": [], "batch": []}
        for pos, blob in zip(batch["pos"], batch["features"]):
            if not blob:
                continue
            pos = int(pos)
            sketch: Sketch = pickle.loads(blob)
            keys = [(_key(KIND_CONTENT, sketch.content_hash), KIND_CONTENT)]
            if sketch.shingles > 0:
                raw = sketch.signature.astype(np.uint32, copy=False)
                keys += [(_key(KIND_BAND, i, raw[lo:hi].tobytes()), KIND_BAND)
                         for i, (lo, hi) in enumerate(self.band_ranges)]
                keys += [(_key(KIND_FINGERPRINT, int(fp)), KIND_FINGERPRINT)
                         for fp in np.unique(sketch.lookup_fingerprints).tolist()]
            for key, kind in keys:
                out["key"].append(key)
                out["kind"].append(kind)
                out["pos"].append(pos)
                out["batch"].append(batch_of[pos])
        return _columns(out, {"key": np.int64, "kind": np.int8, "pos": np.int64, "batch": np.int64})

    @staticmethod
    def pairs_in_group(group: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Earlier/later pairs of documents sharing one key (same text: the first one only;
        a band or fingerprint: its first `MAX_KEY_HOLDERS` documents only, as the index).

        Only pairs from different batches: the index holds the batches before a
        document's own, whose documents are compared with each other exhaustively
        (`local_matches`).
        """
        out: dict[str, list] = {"later": [], "earlier": [], "kind": []}
        members = sorted(set(zip((int(p) for p in group["pos"]), (int(b) for b in group["batch"]))))
        kind = int(group["kind"][0])
        if len(members) > 1:
            if kind == KIND_CONTENT:
                first, first_batch = members[0]
                for later, batch in members[1:]:
                    if batch != first_batch:
                        out["later"].append(later), out["earlier"].append(first), out["kind"].append(kind)
            else:
                # The index keeps a key's first MAX_KEY_HOLDERS documents (index/base.py).
                holders = members[:MAX_KEY_HOLDERS]
                for j, (later, batch) in enumerate(members):
                    for earlier, earlier_batch in holders[:j]:
                        if earlier_batch != batch:
                            out["later"].append(later), out["earlier"].append(earlier), out["kind"].append(kind)
        return _columns(out, {"later": np.int64, "earlier": np.int64, "kind": np.int8})

    def local_matches(self, group: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Within one batch: every earlier document compared, as `dedup.batch` does."""
        from ..dedup.batch import BatchRelations

        out: dict[str, list] = {"later": [], "earlier": [], "jaccard": [], "containment": [], "shingles": [],
                                "other_shingles": [], "repeat": []}
        members = sorted((int(p), pickle.loads(f)) for p, f in zip(group["pos"], group["features"]) if f)
        if len(members) > 1:
            sketches = [m[1] for m in members]
            relations = BatchRelations(sketches, [m.doc_id for m in sketches], self.config.dedup)
            first_copy: dict[tuple[str, int], int] = {}
            for i, (later, sketch) in enumerate(members):
                for j, jaccard, containment in relations.matches(i):
                    _add_match(out, later, members[j][0], jaccard, containment, sketch.shingles,
                               members[j][1].shingles)
                first = first_copy.setdefault((sketch.doc_id, sketch.content_hash), later)
                if first != later:  # the record given again (same id and text)
                    _add_match(out, later, first, 1.0, 1.0, sketch.shingles, sketch.shingles, repeat=True)
        return _columns(out, _MATCH_DTYPES)

    def candidates_of(self, group: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """One document's candidates, as its index query would return them."""
        later = int(group["later"][0])
        chosen: set[int] = set()
        hits: dict[int, int] = {}
        for earlier, kind in zip(group["earlier"].tolist(), group["kind"].tolist()):
            if kind == KIND_FINGERPRINT:
                hits[earlier] = hits.get(earlier, 0) + 1
            else:
                chosen.add(earlier)
        best = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:self.top_fingerprint_candidates]
        chosen.update(seq for seq, _ in best)
        ordered = sorted(chosen)
        return _columns({"pos": ordered, "later": [later] * len(ordered)}, {"pos": np.int64, "later": np.int64})

    @staticmethod
    def send_sketch(group: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Join step 1: rows keyed by a candidate; each asking document gets its sketch."""
        blob = next((f for f, r in zip(group["features"], group["role"]) if r == 0), b"")
        askers = [int(p) for p, r in zip(group["later"], group["role"]) if r == 1]
        earlier = int(group["pos"][0])
        return _columns({"pos": askers, "earlier": [earlier] * len(askers), "other": [blob] * len(askers)},
                        {"pos": np.int64, "earlier": np.int64})

    def compare_group(self, group: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Join step 2: a document with its candidates' sketches; the near-duplicate pairs."""
        from ..dedup.matching import Comparison, compare, is_near_duplicate

        out: dict[str, list] = {"later": [], "earlier": [], "jaccard": [], "containment": [], "shingles": [],
                                "other_shingles": [], "repeat": []}
        mine = next((f for f, r in zip(group["features"], group["role"]) if r == 0), b"")
        if not mine:
            return _columns(out, _MATCH_DTYPES)
        me: Sketch = pickle.loads(mine)
        later = int(group["pos"][0])
        comparisons, similar = [], []
        for earlier, blob, role in zip(group["earlier"], group["other"], group["role"]):
            if role != 2 or not blob:
                continue
            other: Sketch = pickle.loads(blob)
            entry = _Entry(other.doc_id, other.content_hash, other.shingles, other.signature,
                           other.fingerprints, int(earlier), int(earlier), other.doc_id)
            if entry.doc_id == me.doc_id:
                if entry.content_hash == me.content_hash:  # the record given again (same id and text)
                    _add_match(out, later, int(earlier), 1.0, 1.0, me.shingles, other.shingles, repeat=True)
                continue  # another version of this very document is not a copy of it
            if entry.content_hash == me.content_hash:
                comparisons.append(Comparison(entry, 1.0, 1.0))
            elif entry.shingles > 0 and me.shingles > 0:
                similar.append(entry)
        comparisons += compare(me.signature, me.fingerprints, me.shingles, similar, self.config.dedup)
        for c in comparisons:
            if is_near_duplicate(c, self.config.dedup):
                _add_match(out, later, c.other.seq, c.jaccard, c.containment, c.shingles, c.other.shingles)
        return _columns(out, _MATCH_DTYPES)

    def find(self, analysed: Any, num_partitions: int) -> dict[int, dict]:
        """pos -> what marks that document a near-duplicate (see `mark_duplicate`)."""
        rows = []
        for batch in analysed.select_columns(["pos", "rejected", "chars"]).iter_batches(batch_format="numpy",
                                                                                       batch_size=65536):
            rows.extend(zip(batch["pos"].tolist(), batch["rejected"].tolist(), batch["chars"].tolist()))
        batch_of = batch_numbers(rows)
        del rows

        sketches = analysed.select_columns(["pos", "id", "features"])
        keys = sketches.map_batches(self.key_rows, fn_kwargs={"batch_of": batch_of}, batch_format="numpy")
        pairs = keys.groupby("key", num_partitions=num_partitions).map_groups(
            self.pairs_in_group, batch_format="numpy")
        wanted = pairs.groupby("later", num_partitions=num_partitions).map_groups(
            self.candidates_of, batch_format="numpy")

        # Join by group-bys: candidate sketches travel to the documents that asked for them.
        own = sketches.map_batches(_role_rows, fn_kwargs={"role": 0}, batch_format="numpy")
        asks = wanted.map_batches(_ask_rows, batch_format="numpy")
        sent = own.union(asks).groupby("pos", num_partitions=num_partitions).map_groups(
            self.send_sketch, batch_format="numpy")
        mine = sketches.map_batches(_role_rows, fn_kwargs={"role": 0, "wide": True}, batch_format="numpy")
        received = sent.map_batches(_received_rows, batch_format="numpy")
        matched = mine.union(received).groupby("pos", num_partitions=num_partitions).map_groups(
            self.compare_group, batch_format="numpy")
        # Inside each batch, every pair, as the single-machine batch reconcile does.
        local = sketches.map_batches(_batch_rows, fn_kwargs={"batch_of": batch_of}, batch_format="numpy") \
            .groupby("batch", num_partitions=num_partitions).map_groups(self.local_matches, batch_format="numpy")

        near: dict[int, list[tuple[int, float, float | None, int, int]]] = {}
        for dataset in (matched, local):
            for batch in dataset.iter_batches(batch_format="numpy", batch_size=65536):
                for later, earlier, j, c, n, m, again in zip(
                        batch["later"].tolist(), batch["earlier"].tolist(), batch["jaccard"].tolist(),
                        batch["containment"].tolist(), batch["shingles"].tolist(), batch["other_shingles"].tolist(),
                        batch["repeat"].tolist()):
                    near.setdefault(later, []).append((earlier, j, None if c != c else c, n, m, again))
        if not near:
            return {}
        needed = set(near) | {e for pairs in near.values() for e, *_ in pairs}
        ids: dict[int, str] = {}
        spans = {}
        for batch in sketches.iter_batches(batch_format="numpy", batch_size=4096):
            for pos, doc_id, blob in zip(batch["pos"].tolist(), batch["id"], batch["features"]):
                if pos in needed:
                    ids[pos] = str(doc_id)
                    if pos in near and blob:
                        spans[pos] = pickle.loads(blob).span
        return self.replay(near, ids, spans)

    def replay(self, near: dict[int, list[tuple[int, float, float | None, int, int]]], ids: dict[int, str],
               spans: dict[int, dict]) -> dict[int, dict]:
        """`best_match` for each document in input order, with the groups as they stand then.

        Group sizes count every document by the root it joined (itself when it
        joined none), as the index does; a root not counted yet has size 1.
        """
        from ..dedup.matching import Comparison, best_match

        root_of: dict[int, str] = {}
        size: dict[str, int] = {}
        marks: dict[int, dict] = {}
        for later in sorted(near):
            repeats = [earlier for earlier, *_, again in near[later] if again]
            if repeats:
                # As one machine does: the first copy's group, and no member counted (not indexed).
                first = min(repeats)
                root = root_of.get(first, ids[first])
                root_of[later] = root
                marks[later] = {"root_id": root, "matched": ids[first], "jaccard": 1.0, "containment": 1.0,
                                "span": spans.get(later), "repeat": True}
                continue
            comparisons = []
            for earlier, j, c, shingles, other_shingles, _ in near[later]:
                root = root_of.get(earlier, ids[earlier])
                if root == ids[later]:
                    continue  # a group named after this very article is its own (as on one machine)
                entry = _Entry(ids[earlier], 0, other_shingles, None, None, earlier, 0, root)
                comparisons.append(Comparison(entry, j, c, shingles))
            match = best_match(comparisons, self.config.dedup, size)
            if match is None:
                size[ids[later]] = size.get(ids[later], 0) + 1
                continue
            root = match.other.root_id
            root_of[later] = root
            size[root] = size.get(root, 1) + 1
            marks[later] = {"root_id": root, "matched": match.other.doc_id,
                            "jaccard": match.jaccard, "containment": match.containment,
                            "span": spans.get(later)}
        return marks

    def mark_duplicate(self, record: dict, mark: dict) -> None:
        """Add the D301 finding the single-machine stage would have added."""
        from ..dedup.corpus import NEAR_DUPLICATE

        j, c = mark["jaccard"], mark["containment"]
        if mark.get("repeat"):
            how = f"the same record as {mark['matched']} given earlier: same id and text"
        elif c is not None and c > j:
            how = f"{c:.0%} of the shorter text is in the other"
        else:
            how = f"similarity {j:.2f}"
        finding = {"code": NEAR_DUPLICATE.code, "message": f"near-duplicate of document {mark['root_id']!s} ({how})",
                   "severity": NEAR_DUPLICATE.severity.value, **(mark["span"] or {}), "fix": None,
                   "data": {"duplicate_of": mark["root_id"], "matched": mark["matched"], "jaccard": round(j, 3),
                            "containment": None if c is None else round(c, 3)}}
        findings = record.setdefault("findings", [])
        findings.append(finding)
        findings.sort(key=lambda f: (f["start"], f["end"], f["code"]))
        record["duplicate_of"] = mark["root_id"]


def _add_match(out: dict[str, list], later: int, earlier: int, jaccard: float, containment: float | None,
               shingles: int, other_shingles: int, repeat: bool = False) -> None:
    out["later"].append(later)
    out["earlier"].append(earlier)
    out["jaccard"].append(jaccard)
    out["containment"].append(np.nan if containment is None else containment)
    out["shingles"].append(shingles)
    out["other_shingles"].append(other_shingles)
    out["repeat"].append(repeat)


def _role_rows(batch: Mapping[str, Any], role: int, wide: bool = False) -> dict[str, np.ndarray]:
    n = len(batch["pos"])
    out = {"pos": batch["pos"].astype(np.int64), "role": np.full(n, role, dtype=np.int8),
           "features": batch["features"], "later": np.full(n, -1, dtype=np.int64)}
    if wide:
        out = {"pos": out["pos"], "role": out["role"], "features": out["features"],
               "earlier": np.full(n, -1, dtype=np.int64), "other": np.array([b""] * n, dtype=object)}
    return out


def _batch_rows(batch: Mapping[str, Any], batch_of: Mapping[int, int]) -> dict[str, np.ndarray]:
    keep = [i for i, f in enumerate(batch["features"]) if f]
    pos = batch["pos"].astype(np.int64)[keep]
    return {"batch": np.array([batch_of[int(p)] for p in pos], dtype=np.int64), "pos": pos,
            "features": batch["features"][keep]}


def _ask_rows(batch: Mapping[str, Any]) -> dict[str, np.ndarray]:
    n = len(batch["pos"])
    return {"pos": batch["pos"].astype(np.int64), "role": np.full(n, 1, dtype=np.int8),
            "features": np.array([b""] * n, dtype=object), "later": batch["later"].astype(np.int64)}


def _received_rows(batch: Mapping[str, Any]) -> dict[str, np.ndarray]:
    n = len(batch["pos"])
    return {"pos": batch["pos"].astype(np.int64), "role": np.full(n, 2, dtype=np.int8),
            "features": np.array([b""] * n, dtype=object), "earlier": batch["earlier"].astype(np.int64),
            "other": batch["other"]}

