"""Indexed documents as columns of numpy arrays, for the in-memory index.

One `IndexedDocument` object per document, with two small arrays of its own,
costs about 1.3 kB beyond its sketches; here a document is a row: its
signature in one 2-D array, its fingerprints in one shared array, its numbers
in 1-D arrays, its ids in two lists. Objects are made only for the documents a
batch asks about (`entries`), and a batch's candidates can be read as columns
without them (`columns`). Row = seq - 1; a pruned document leaves a dead
row (its memory is not reused: pruning an in-memory index is rare).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

import numpy as np

from .base import EntryColumns, IndexedDocument
from ..signatures import stacked

if TYPE_CHECKING:
    from .memory import SortedMultimap


class DocumentStore:
    def __init__(self, num_perm: int, fingerprint_bits: int) -> None:
        self._bits = np.uint64(fingerprint_bits)
        self._rows = 0
        self._signatures = np.empty((0, num_perm), dtype=np.uint32)
        self._shingles = np.empty(0, dtype=np.int64)
        self._content = np.empty(0, dtype=np.int64)
        self._added = np.empty(0, dtype=np.float64)
        self._lookup = np.empty(0, dtype=np.int64)  # size of the look-up half of each sample
        self._alive = np.empty(0, dtype=bool)
        # Fingerprints of row r: _fp_chunks[_fp_chunk[r]][_fp_start[r]:][:_fp_count[r]], one chunk per
        # appended batch. (One array grown by doubling cost more in page faults and copies than
        # everything else of `append` together: a second at 300 MB.)
        self._fp_chunks: list[np.ndarray] = []
        self._fp_chunk = np.empty(0, dtype=np.int32)
        self._fp_start = np.empty(0, dtype=np.int64)
        self._fp_count = np.empty(0, dtype=np.int64)
        self._doc_ids: list[str] = []
        # Root ids as codes: a batch's candidates are grouped by comparing numbers, not strings.
        self._root_code = np.empty(0, dtype=np.int32)
        self._root_names: list[str] = []
        self._code_of_root: dict[str, int] = {}

    def __len__(self) -> int:
        return int(np.count_nonzero(self._alive[: self._rows]))

    def append(self, docs: Sequence[IndexedDocument]) -> None:
        """Store documents whose seqs follow the last stored one."""
        n = len(docs)
        if not n:
            return
        lo, hi = self._rows, self._rows + n
        self._reserve(hi)
        self._signatures[lo:hi] = stacked([d.signature for d in docs])
        self._shingles[lo:hi] = [d.shingles for d in docs]
        self._content[lo:hi] = [d.content_hash for d in docs]
        self._added[lo:hi] = [d.added_at for d in docs]
        self._alive[lo:hi] = True
        sizes = np.array([len(d.fingerprints) for d in docs], dtype=np.int64)
        total = int(sizes.sum())
        fps = (np.concatenate([d.fingerprints for d in docs]).astype(np.uint64, copy=False) if total
               else np.empty(0, dtype=np.uint64))
        ends = np.cumsum(sizes)
        self._fp_chunk[lo:hi] = len(self._fp_chunks)
        self._fp_chunks.append(fps)
        self._fp_start[lo:hi] = ends - sizes
        self._fp_count[lo:hi] = sizes
        looked_up = np.concatenate([[0], np.cumsum(((fps >> self._bits) & np.uint64(1)) == 0)])
        self._lookup[lo:hi] = looked_up[ends] - looked_up[ends - sizes]
        self._doc_ids.extend(d.doc_id for d in docs)
        self._root_code[lo:hi] = [self._code_of(d.root_id) for d in docs]
        self._rows = hi

    def _code_of(self, root_id: str) -> int:
        code = self._code_of_root.setdefault(root_id, len(self._root_names))
        if code == len(self._root_names):
            self._root_names.append(root_id)
        return code

    def has(self, seq: int) -> bool:
        return 0 < seq <= self._rows and bool(self._alive[seq - 1])

    def get(self, seq: int) -> IndexedDocument:
        r = seq - 1
        start = int(self._fp_start[r])
        fps = self._fp_chunks[self._fp_chunk[r]][start:start + int(self._fp_count[r])]
        # Views, not copies: rows are never written again (growing the store makes new arrays).
        return IndexedDocument(self._doc_ids[r], int(self._content[r]), self._root_names[self._root_code[r]],
                               int(self._shingles[r]), self._signatures[r], fps, float(self._added[r]), seq)

    def entries(self, seqs: Iterable[int]) -> Mapping[int, IndexedDocument]:
        wanted = np.fromiter(seqs, dtype=np.int64)
        live = (wanted > 0) & (wanted <= self._rows)
        live[live] = self._alive[wanted[live] - 1]
        return _Entries(self, wanted[live].tolist())

    def columns(self, seqs: np.ndarray) -> EntryColumns:
        rows = np.asarray(seqs, dtype=np.int64) - 1
        ids = self._doc_ids
        chunks, chunk, start, count = self._fp_chunks, self._fp_chunk[rows], self._fp_start[rows], self._fp_count[rows]

        def fingerprints_of(row: int) -> np.ndarray:
            at = int(start[row])
            return chunks[chunk[row]][at:at + int(count[row])]

        return EntryColumns(list(map(ids.__getitem__, rows.tolist())), self._root_code[rows].astype(np.int64),
                            self._content[rows], self._signatures[rows], self._shingles[rows], count,
                            self._lookup[rows], fingerprints_of)

    def kill(self, seq: int) -> None:
        self._alive[seq - 1] = False

    def doc_id(self, seq: int) -> str:
        return self._doc_ids[seq - 1]

    def root_id(self, seq: int) -> str:
        return self._root_names[self._root_code[seq - 1]]

    def content_hash(self, seq: int) -> int:
        return int(self._content[seq - 1])

    def live_seqs_added_before(self, when: float) -> np.ndarray:
        rows = np.flatnonzero(self._alive[: self._rows] & (self._added[: self._rows] < when))
        return rows + 1

    def added_range(self) -> tuple[float | None, float | None]:
        times = self._added[: self._rows][self._alive[: self._rows]]
        return (float(times.min()), float(times.max())) if len(times) else (None, None)

    def _reserve(self, rows: int) -> None:
        if rows <= len(self._shingles):
            return
        cap = max(rows, 2 * len(self._shingles), 1024)
        self._signatures = _grown(self._signatures, cap, self._rows)
        self._shingles = _grown(self._shingles, cap, self._rows)
        self._content = _grown(self._content, cap, self._rows)
        self._added = _grown(self._added, cap, self._rows)
        self._lookup = _grown(self._lookup, cap, self._rows)
        self._alive = _grown(self._alive, cap, self._rows)
        self._fp_chunk = _grown(self._fp_chunk, cap, self._rows)
        self._fp_start = _grown(self._fp_start, cap, self._rows)
        self._fp_count = _grown(self._fp_count, cap, self._rows)
        self._root_code = _grown(self._root_code, cap, self._rows)


class _Entries(Mapping[int, IndexedDocument]):
    """Seq -> document, each made when first asked for (a batch reads a few of many)."""

    def __init__(self, store: DocumentStore, seqs: list[int]) -> None:
        self._store = store
        self._made: dict[int, IndexedDocument | None] = dict.fromkeys(seqs)

    def __getitem__(self, seq: int) -> IndexedDocument:
        doc = self._made[seq]
        if doc is None:
            doc = self._made[seq] = self._store.get(seq)
        return doc

    def __contains__(self, seq: object) -> bool:
        return seq in self._made

    def __iter__(self) -> Iterator[int]:
        return iter(self._made)

    def __len__(self) -> int:
        return len(self._made)


def _grown(array: np.ndarray, rows: int, used: int) -> np.ndarray:
    out = np.empty((rows,) + array.shape[1:], dtype=array.dtype)
    out[:used] = array[:used]
    return out


class Identities:
    """Which stored document has this (id, text), and the first with this text, in 24
    bytes a document: two sorted tables of 64-bit keys (`SortedMultimap`, given by
    the caller) instead of dicts of tuples (about 250 bytes a document). The identity
    table is keyed by a hash of both; what it finds is checked against the store.
    """

    def __init__(self, store: DocumentStore, by_identity: "SortedMultimap", by_content: "SortedMultimap") -> None:
        self._store = store
        self._by_identity = by_identity  # identity key -> seq
        self._by_content = by_content  # content hash -> first seq with that text

    def find(self, keys: Sequence[tuple[str, int]]) -> list[int | None]:
        """The seq of each (id, content hash), if stored (the latest, as a dict would keep)."""
        out: list[int | None] = [None] * len(keys)
        if not keys:
            return out
        store = self._store
        positions, seqs = self._by_identity.lookup_positions(identity_keys(keys))
        for i, seq in zip(positions.tolist(), seqs.tolist()):
            doc_id, content = keys[i]
            if store.has(seq) and store.doc_id(seq) == doc_id and store.content_hash(seq) == content:
                if out[i] is None or seq > out[i]:
                    out[i] = seq
        return out

    def first_with(self, content_hashes: Sequence[int]) -> list[int | None]:
        out: list[int | None] = [None] * len(content_hashes)
        if not content_hashes:
            return out
        positions, seqs = self._by_content.lookup_positions(_content_keys(content_hashes))
        for i, seq in zip(positions.tolist(), seqs.tolist()):
            out[i] = seq  # one live entry per content hash at most
        return out

    def add(self, docs: Sequence[IndexedDocument]) -> None:
        """Record documents just stored (their seqs set)."""
        if not docs:
            return
        keys = identity_keys([(d.doc_id, d.content_hash) for d in docs])
        self._by_identity.add_pairs(keys, np.array([d.seq for d in docs]))
        first: dict[int, int] = {}  # content hash -> seq, for texts not stored before
        for doc, earlier in zip(docs, self.first_with([d.content_hash for d in docs])):
            if earlier is None:
                first.setdefault(doc.content_hash, doc.seq)
        if first:
            self._by_content.add_pairs(_content_keys(list(first)), np.array(list(first.values())))

    def remove(self, seqs: set[int]) -> None:
        self._by_identity.remove_values(seqs)
        self._by_content.remove_values(seqs)


_MASK64 = 0xFFFF_FFFF_FFFF_FFFF


def _content_keys(content_hashes: Sequence[int]) -> np.ndarray:
    return np.array([h & _MASK64 for h in content_hashes], dtype=np.uint64)  # signed 64-bit ones too


def identity_keys(keys: Sequence[tuple[str, int]]) -> np.ndarray:
    # hash() of a str is cached on it, and is the same throughout the process (the index's life).
    return np.array([(content ^ (hash(doc_id) * 0x9E3779B97F4A7C15)) & _MASK64 for doc_id, content in keys],
                    dtype=np.uint64)
