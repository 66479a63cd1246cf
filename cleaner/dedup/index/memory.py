"""An index that lives for one run, in memory: LSH bands, fingerprints and paragraph hashes.

All three are kept in `SortedMultimap`s (numpy arrays merged like a
log-structured tree) rather than dicts: 12 bytes an entry instead of about 100,
which matters at tens of millions of entries, and a whole batch is looked up
with a few binary searches. The LSH bands are those of datasketch's MinHashLSH
(same bands and rows), keyed as the SQLite index keys them (`base.band_keys`).
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
from .base import EntryColumns, IndexedDocument, IndexParameters, IndexStats, NewDocument, band_keys
from .store import DocumentStore


# Values are seqs of one run: 4 bytes each (a run of 2**31 documents would not fit in memory anyway).
VALUE = np.int32


class SortedMultimap:
    """uint64 key -> int values, appended in bulk, looked up in bulk.

    Entries wait in a small dict, then move to a sorted array pair of moderate
    size, which is merged into the main sorted pair when it grows large: each
    entry is moved a bounded number of times, a look-up is a few binary searches,
    and an entry costs 12 bytes instead of the ~100 of a dict entry.
    """

    BUFFER_ENTRIES = 1 << 14
    RECENT_ENTRIES = 1 << 18

    def __init__(self) -> None:
        self._buffer: dict[int, list[int]] = {}
        self._buffered = 0
        empty = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=VALUE))
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

    def lookup_positions(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``keys``, value) for every stored value of every key."""
        keys = np.asarray(keys, dtype=np.uint64)
        positions: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for run in (self._main, self._recent):
            if len(run[0]) and len(keys):
                pos, vals = _find_positions(run, keys)
                positions.append(pos)
                values.append(vals)
        if self._buffer and len(keys):
            get = self._buffer.get
            pairs = [(i, v) for i, k in enumerate(keys.tolist()) for v in get(k, ())]
            if pairs:
                positions.append(np.array([i for i, _ in pairs], dtype=np.int64))
                values.append(np.array([v for _, v in pairs], dtype=np.int64))
        if not positions:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return np.concatenate(positions), np.concatenate(values)

    def add_bulk(self, key_arrays: Sequence[np.ndarray], values: Sequence[int]) -> None:
        """Add ``key_arrays[i]`` with value ``values[i]``, for every i, in one merge."""
        sizes = [len(k) for k in key_arrays]
        if not sum(sizes):
            return
        self._flush()
        keys = np.concatenate([np.asarray(k, dtype=np.uint64) for k in key_arrays])
        vals = np.repeat(np.asarray(values, dtype=VALUE), sizes)
        self._recent = _merge(self._recent, (keys, vals))
        if len(self._recent[0]) >= self.RECENT_ENTRIES:
            self._main = _merge(self._main, self._recent)
            self._recent = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=VALUE))

    def remove_values(self, values: set[int]) -> None:
        self._flush(everything=True)
        keys, vals = self._main
        keep = ~np.isin(vals, np.fromiter(values, dtype=np.int64, count=len(values)))
        self._main = (keys[keep], vals[keep])

    def _flush(self, everything: bool = False) -> None:
        if self._buffer:
            keys = np.fromiter((k for k, vs in self._buffer.items() for _ in vs), dtype=np.uint64,
                               count=self._buffered)
            values = np.fromiter((v for vs in self._buffer.values() for v in vs), dtype=VALUE,
                                 count=self._buffered)
            self._recent = _merge(self._recent, (keys, values))
            self._buffer.clear()
            self._buffered = 0
        if everything or len(self._recent[0]) >= self.RECENT_ENTRIES:
            self._main = _merge(self._main, self._recent)
            self._recent = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=VALUE))


def _merge(run: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Insert the (unsorted) entries ``new`` into the sorted ``run`` (linear time in ``run``)."""
    order = np.argsort(new[0], kind="stable")
    keys, values = new[0][order], new[1][order]
    at = np.searchsorted(run[0], keys, "right")
    return np.insert(run[0], at, keys), np.insert(run[1], at, values)


def _find(run: tuple[np.ndarray, np.ndarray], keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos, values = _find_positions(run, keys)
    return keys[pos], values


def _find_positions(run: tuple[np.ndarray, np.ndarray], keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index into ``keys``, value) for every entry of ``run`` whose key is in ``keys`` (in no set order)."""
    run_keys, run_values = run
    # Sorted keys make the binary searches walk forward through the run: several
    # times faster than random probes once the run outgrows the caches.
    order = np.argsort(keys)
    ordered = keys[order]
    lo = np.searchsorted(run_keys, ordered, "left")
    hi = np.searchsorted(run_keys, ordered, "right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # Positions lo[i] .. hi[i]-1 for every key, in one gather.
    positions = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
    return np.repeat(order, counts), run_values[positions]


class MemoryIndex:
    """The index of one run: sorted tables of LSH bands, fingerprints and paragraphs, all in memory."""

    location = "memory"

    def __init__(self, params: IndexParameters) -> None:
        self.params = params
        self._bands, self._rows = params.bands
        self._lsh = SortedMultimap()  # band key -> seq
        self._docs = DocumentStore(params.num_perm, params.fingerprint_bits)
        self._identity: dict[tuple[str, int], int] = {}
        self._by_content: dict[int, int] = {}  # content hash -> first seq with that text
        self._fingerprints = SortedMultimap()
        self._paragraphs = SortedMultimap()
        self._groups: dict[str, int] = {}  # root id -> documents in its group
        self._next_seq = 1

    def find_identities(self, keys: Sequence[tuple[str, int]]) -> list[int | None]:
        get = self._identity.get
        return [get(key) for key in keys]

    def find_contents(self, content_hashes: Sequence[int]) -> list[int | None]:
        get = self._by_content.get
        return [get(h) for h in content_hashes]

    def similar_many(self, signatures: Sequence[np.ndarray]) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in signatures]
        for label, seq in zip(*(a.tolist() for a in self.similar_arrays(signatures))):
            out[label].add(seq)
        return out

    def similar_arrays(self, signatures: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        if not signatures:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        keys = band_keys(np.stack(signatures), self._bands, self._rows).astype(np.uint64)
        positions, seqs = self._lsh.lookup_positions(keys.ravel())
        return positions // self._bands, seqs

    def fingerprint_hits_many(self, fingerprints: Sequence[np.ndarray]) -> list[dict[int, int]]:
        out: list[dict[int, int]] = [{} for _ in fingerprints]
        for label, seq, count in zip(*(a.tolist() for a in self.fingerprint_hit_arrays(fingerprints))):
            out[label][seq] = count
        return out

    def fingerprint_hit_arrays(self, fingerprints: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        labels, seqs = _labelled_lookup(self._fingerprints, fingerprints)
        if not len(seqs):
            return labels, seqs, np.empty(0, np.int64)
        # Count (document, seq) pairs: one bincount when the pair space is not much
        # larger than the hits, else one sort (the same pairs, in the same order).
        span = np.int64(self._next_seq + 1)
        keys = labels * span + seqs
        size = int(len(fingerprints) * span)
        if size <= 8 * len(keys):
            counts = np.bincount(keys, minlength=size)
            pairs = np.flatnonzero(counts)
            counts = counts[pairs]
        else:
            pairs, counts = np.unique(keys, return_counts=True)
        return pairs // span, pairs % span, counts

    def paragraph_owners_many(self, hashes: Sequence[np.ndarray]) -> list[dict[int, int]]:
        out: list[dict[int, int]] = [{} for _ in hashes]
        keys, labels, seqs = _labelled_lookup(self._paragraphs, hashes, with_keys=True)
        for key, label, seq in zip(keys.tolist(), labels.tolist(), seqs.tolist()):
            owners = out[label]
            if key not in owners or seq < owners[key]:
                owners[key] = seq
        return out

    def entries(self, seqs: Iterable[int]) -> Mapping[int, IndexedDocument]:
        return self._docs.entries(seqs)

    def entry_columns(self, entries: Mapping[int, IndexedDocument]) -> EntryColumns:
        return self._docs.columns(np.fromiter(entries, dtype=np.int64, count=len(entries)))

    def group_sizes(self, roots: Iterable[str]) -> dict[str, int]:
        return {r: self._groups.get(r, 0) for r in roots}

    def add_many(self, docs: Sequence[NewDocument]) -> list[int]:
        seqs = []
        for new in docs:
            doc = new.entry
            seq = doc.seq = self._next_seq
            self._next_seq += 1
            seqs.append(seq)
            self._identity[(doc.doc_id, doc.content_hash)] = seq
            self._by_content.setdefault(doc.content_hash, seq)
            self._groups[doc.root_id] = self._groups.get(doc.root_id, 0) + 1
        self._docs.append([new.entry for new in docs])
        banded = [(new.entry.signature, seq) for new, seq in zip(docs, seqs) if new.in_lsh]
        if banded:
            keys = band_keys(np.stack([sig for sig, _ in banded]), self._bands, self._rows).astype(np.uint64)
            self._lsh.add_bulk(list(keys), [seq for _, seq in banded])
        self._fingerprints.add_bulk([n.lookup_fingerprints for n in docs], seqs)
        self._paragraphs.add_bulk([np.asarray(n.paragraph_hashes, dtype=np.uint64) for n in docs], seqs)
        return seqs

    def stats(self) -> IndexStats:
        oldest, newest = self._docs.added_range()
        return IndexStats(
            location=self.location, documents=len(self._docs), groups=sum(1 for n in self._groups.values() if n),
            fingerprints=len(self._fingerprints), paragraphs=len(self._paragraphs),
            oldest=oldest, newest=newest, parameters=self.params.describe(),
        )

    def prune(self, older_than: float) -> int:
        docs = self._docs
        old = set(docs.live_seqs_added_before(older_than).tolist())
        for seq in old:
            docs.kill(seq)
            content, root = docs.content_hash(seq), docs.root_id(seq)
            self._identity.pop((docs.doc_id(seq), content), None)
            if self._by_content.get(content) == seq:
                del self._by_content[content]
            self._groups[root] = self._groups.get(root, 1) - 1
        if old:
            self._lsh.remove_values(old)
            self._fingerprints.remove_values(old)
            self._paragraphs.remove_values(old)
        return len(old)

    def close(self) -> None:
        pass


def _labelled_lookup(table: SortedMultimap, key_arrays: Sequence[np.ndarray], with_keys: bool = False):
    """Look up several key arrays at once: (keys,) labels (which array), values."""
    sizes = [len(k) for k in key_arrays]
    if not sum(sizes):
        empty = np.empty(0, np.int64)
        return (np.empty(0, np.uint64), empty, empty) if with_keys else (empty, empty)
    keys = np.concatenate([np.asarray(k, dtype=np.uint64) for k in key_arrays])
    labels = np.repeat(np.arange(len(key_arrays)), sizes)
    found_pos, values = table.lookup_positions(keys)
    if with_keys:
        return keys[found_pos], labels[found_pos], values
    return labels[found_pos], values
