"""An index that lives for one run, in memory: datasketch's MinHashLSH plus two tables.

Fingerprints and paragraph hashes are kept in `SortedMultimap`s (numpy arrays
merged like a log-structured tree) rather than dicts: 12 bytes an entry instead
of about 100, which matters at tens of millions of entries.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
from datasketch import MinHashLSH

from .base import BandedLSH, IndexedDocument, IndexParameters, IndexStats


class SortedMultimap:
    """uint64 key -> int values, appended in bulk, looked up in bulk.

    Entries wait in a small dict, then move to a sorted array pair of moderate
    size, which is merged into the main sorted pair when it grows large: each
    entry is moved a bounded number of times, a look-up is a few binary searches,
    and an entry costs 16 bytes instead of the ~100 of a dict entry.
    """

    BUFFER_ENTRIES = 1 << 14
    RECENT_ENTRIES = 1 << 18

    def __init__(self) -> None:
        self._buffer: dict[int, list[int]] = {}
        self._buffered = 0
        empty = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))
        self._recent = empty
        self._main = empty

    def __len__(self) -> int:
        return self._buffered + len(self._recent[0]) + len(self._main[0])

    def add(self, keys: Iterable[int], value: int) -> None:
        buffer = self._buffer
        n = 0
        for key in keys:
            buffer.setdefault(key, []).append(value)
            n += 1
        self._buffered += n
        if self._buffered >= self.BUFFER_ENTRIES:
            self._flush()

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(keys, values) arrays: one pair per stored value of every key in ``keys``."""
        keys = np.asarray(keys, dtype=np.uint64)
        parts = [_find(run, keys) for run in (self._main, self._recent) if len(run[0])]
        if self._buffer and len(keys):
            get = self._buffer.get
            pairs = [(k, v) for k in keys.tolist() for v in get(k, ())]
            if pairs:
                parts.append((np.array([k for k, _ in pairs], dtype=np.uint64),
                              np.array([v for _, v in pairs], dtype=np.int64)))
        if not parts:
            return np.empty(0, np.uint64), np.empty(0, np.int64)
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def remove_values(self, values: set[int]) -> None:
        self._flush(everything=True)
        keys, vals = self._main
        keep = ~np.isin(vals, np.fromiter(values, dtype=np.int64, count=len(values)))
        self._main = (keys[keep], vals[keep])

    def _flush(self, everything: bool = False) -> None:
        if self._buffer:
            keys = np.fromiter((k for k, vs in self._buffer.items() for _ in vs), dtype=np.uint64,
                               count=self._buffered)
            values = np.fromiter((v for vs in self._buffer.values() for v in vs), dtype=np.int64,
                                 count=self._buffered)
            self._recent = _merge(self._recent, (keys, values))
            self._buffer.clear()
            self._buffered = 0
        if everything or len(self._recent[0]) >= self.RECENT_ENTRIES:
            self._main = _merge(self._main, self._recent)
            self._recent = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))


def _merge(run: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Insert the (unsorted) entries ``new`` into the sorted ``run`` (linear time in ``run``)."""
    order = np.argsort(new[0], kind="stable")
    keys, values = new[0][order], new[1][order]
    at = np.searchsorted(run[0], keys, "right")
    return np.insert(run[0], at, keys), np.insert(run[1], at, values)


def _find(run: tuple[np.ndarray, np.ndarray], keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    run_keys, run_values = run
    lo = np.searchsorted(run_keys, keys, "left")
    hi = np.searchsorted(run_keys, keys, "right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    # Positions lo[i] .. hi[i]-1 for every key, in one gather.
    positions = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
    return run_keys[positions], run_values[positions]


class MemoryIndex:
    location = "memory"

    def __init__(self, params: IndexParameters) -> None:
        self.params = params
        bands, rows = params.bands
        self._lsh = BandedLSH(MinHashLSH(num_perm=params.num_perm, params=(bands, rows)))
        self._docs: dict[int, IndexedDocument] = {}
        self._identity: dict[tuple[str, int], int] = {}
        self._by_content: dict[int, int] = {}  # content hash -> first seq with that text
        self._fingerprints = SortedMultimap()
        self._paragraphs = SortedMultimap()
        self._next_seq = 1
        self._in_lsh: set[int] = set()
        self._group_sizes: dict[int, int] = {}  # root seq -> documents in its group

    def find_identity(self, doc_id: str, content_hash: int) -> int | None:
        return self._identity.get((doc_id, content_hash))

    def find_content(self, content_hash: int) -> list[int]:
        seq = self._by_content.get(content_hash)
        return [seq] if seq is not None and seq in self._docs else []

    def similar(self, signature: np.ndarray) -> set[int]:
        return self._lsh.query(signature)

    def fingerprint_hits(self, lookup_fingerprints: np.ndarray) -> dict[int, int]:
        _, seqs = self._fingerprints.lookup(lookup_fingerprints)
        values, counts = np.unique(seqs, return_counts=True)
        docs = self._docs
        return {s: c for s, c in zip(values.tolist(), counts.tolist()) if s in docs}

    def paragraph_owners(self, paragraph_hashes: Iterable[int]) -> dict[int, int]:
        owners: dict[int, int] = {}
        keys, seqs = self._paragraphs.lookup(np.asarray(paragraph_hashes, dtype=np.uint64))
        docs = self._docs
        for key, seq in zip(keys.tolist(), seqs.tolist()):
            if seq in docs and (key not in owners or seq < owners[key]):
                owners[key] = seq
        return owners

    def group_sizes(self, root_seqs: Iterable[int]) -> dict[int, int]:
        return {r: self._group_sizes.get(r, 0) for r in root_seqs}

    def entries(self, seqs: Iterable[int]) -> dict[int, IndexedDocument]:
        return {s: self._docs[s] for s in seqs if s in self._docs}

    def add(self, doc: IndexedDocument, lookup_fingerprints: np.ndarray,
            paragraph_hashes: Iterable[int], in_lsh: bool = True) -> int:
        seq = self._next_seq
        self._next_seq += 1
        doc.seq = seq
        doc.root_seq = doc.root_seq or seq
        self._group_sizes[doc.root_seq] = self._group_sizes.get(doc.root_seq, 0) + 1
        self._docs[seq] = doc
        self._identity[(doc.doc_id, doc.content_hash)] = seq
        self._by_content.setdefault(doc.content_hash, seq)
        if in_lsh:
            self._lsh.insert(seq, doc.signature)
            self._in_lsh.add(seq)
        self._fingerprints.add(lookup_fingerprints.tolist(), seq)
        self._paragraphs.add(paragraph_hashes, seq)
        return seq

    def stats(self) -> IndexStats:
        times = [d.added_at for d in self._docs.values()]
        return IndexStats(
            location=self.location, documents=len(self._docs),
            clusters=sum(1 for d in self._docs.values() if d.root_id == d.doc_id),
            fingerprints=len(self._fingerprints), paragraphs=len(self._paragraphs),
            oldest=min(times, default=None), newest=max(times, default=None),
            parameters=self.params.describe(),
        )

    def prune(self, older_than: float) -> int:
        old = {s for s, d in self._docs.items() if d.added_at < older_than}
        for seq in old:
            doc = self._docs.pop(seq)
            self._group_sizes[doc.root_seq] = self._group_sizes.get(doc.root_seq, 1) - 1
            self._identity.pop((doc.doc_id, doc.content_hash), None)
            if self._by_content.get(doc.content_hash) == seq:
                del self._by_content[doc.content_hash]
            if seq in self._in_lsh:
                self._in_lsh.discard(seq)
                self._lsh.remove(seq)
        if old:
            self._fingerprints.remove_values(old)
            self._paragraphs.remove_values(old)
        return len(old)

    def close(self) -> None:
        pass
