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
from ..counting import count_pairs
from ..signatures import stacked
from .base import (MAX_KEY_HOLDERS, EntryColumns, FingerprintHits, IndexedDocument, IndexParameters, IndexStats,
                   NewDocument, band_keys)
from .store import DocumentStore, Identities


# Values are seqs of one run: 4 bytes each (a run of 2**31 documents would not fit in memory anyway).
VALUE = np.int32


class SortedMultimap:
    """uint64 key -> int values, appended in bulk, looked up in bulk.

    New entries go to a sorted array pair of moderate size, which is merged into
    the main sorted pair when it grows large: each entry is moved a bounded
    number of times, a look-up is a few binary searches, and an entry costs 12
    bytes instead of the ~100 of a dict entry. Values of one key stay in the
    order they were added.

    With ``cap``, a key keeps only the first ``cap`` values added for it (see
    `base.MAX_KEY_HOLDERS`); look-ups say which keys are full.
    """

    RECENT_ENTRIES = 1 << 18
    MIN_RECENT_ENTRIES = 1 << 14

    def __init__(self, cap: int | None = None) -> None:
        self.cap = cap
        empty = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=VALUE))
        self._recent = empty
        self._main = empty
        # The counts of the last look-up (sorted keys, counts), until the table changes:
        # a batch looks up the keys it then adds, and the cap needs the same counts.
        self._counted: tuple[np.ndarray, np.ndarray] | None = None
        # Per run (by its keys array): its distinct keys and where each one's entries start.
        self._directories: list[tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]] = []

    def __len__(self) -> int:
        return len(self._recent[0]) + len(self._main[0])

    def _runs(self) -> list[tuple[np.ndarray, np.ndarray]]:
        # Oldest first: the main run holds every value added before those of the recent one.
        return [run for run in (self._main, self._recent) if len(run[0])]

    def lookup_positions(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``keys``, value) for every stored value of every key."""
        positions, values, _ = self.lookup_with_counts(keys)
        return positions, values

    def lookup_with_counts(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`lookup_positions`, and how many values each key of ``keys`` has."""
        keys = np.asarray(keys, dtype=np.uint64)
        counts = np.zeros(len(keys), dtype=np.int64)
        positions: list[np.ndarray] = []
        values: list[np.ndarray] = []
        if len(keys):
            # Sorted keys make the binary searches walk forward through the run:
            # several times faster than random probes once the run outgrows the caches.
            order = np.argsort(keys)
            ordered = keys[order]
            for run in self._runs():
                pos, vals, found = _find_positions(run, self._ranges(run[0], ordered), order)
                positions.append(pos)
                values.append(vals)
                counts[order] += found
            if self.cap is not None:
                self._counted = (ordered, counts[order])
        if not positions:
            return np.empty(0, np.int64), np.empty(0, np.int64), counts
        return np.concatenate(positions), np.concatenate(values), counts

    def add_bulk(self, key_arrays: Sequence[np.ndarray], values: Sequence[int]) -> None:
        """Add ``key_arrays[i]`` with value ``values[i]``, for every i, in one merge
        (values in increasing order, as documents are added)."""
        sizes = [len(k) for k in key_arrays]
        if not sum(sizes):
            return
        keys = np.concatenate([np.asarray(k, dtype=np.uint64) for k in key_arrays])
        self.add_pairs(keys, np.repeat(np.asarray(values, dtype=VALUE), sizes))

    def add_pairs(self, keys: np.ndarray, vals: np.ndarray) -> None:
        """Add ``keys[i]`` with value ``vals[i]``, for every i (values in increasing order)."""
        if not len(keys):
            return
        keys, vals = np.asarray(keys, dtype=np.uint64), np.asarray(vals, dtype=VALUE)
        order = np.argsort(keys, kind="stable")
        keys, vals = keys[order], vals[order]
        if self.cap is not None:
            # Room left per key: the cap less what is stored, less the earlier new values of that key.
            stored = self._stored_counts(keys)
            rank = np.arange(len(keys)) - np.searchsorted(keys, keys, "left")
            keep = stored + rank < self.cap
            keys, vals = keys[keep], vals[keep]
        self._counted = None
        self._recent = _merge(self._recent, (keys, vals))
        if len(self._recent[0]) >= self._recent_limit(len(keys)):
            self._main = _merge(self._main, self._recent)
            self._recent = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=VALUE))

    def _recent_limit(self, added: int) -> int:
        """How large the recent run may grow before it is merged into the main one.

        Each addition copies the recent run (about half the limit, on average), and
        each merge copies the main run: with ``added`` entries at a time, a limit of
        sqrt(2 * main * added) balances the two and copies the least in all.
        """
        return min(self.RECENT_ENTRIES, max(self.MIN_RECENT_ENTRIES, int((2 * len(self._main[0]) * added) ** 0.5)))

    def _stored_counts(self, keys: np.ndarray) -> np.ndarray:
        """How many values each of the sorted ``keys`` has (the last look-up's counts where it had the key)."""
        stored = np.zeros(len(keys), dtype=np.int64)
        missing = np.ones(len(keys), dtype=bool)
        if self._counted is not None and len(self._counted[0]):
            known, counts = self._counted
            pos = np.minimum(np.searchsorted(known, keys), len(known) - 1)
            hit = known[pos] == keys
            stored[hit] = counts[pos[hit]]
            missing = ~hit
        if missing.any():
            rest = keys[missing]
            stored[missing] = sum((self._ranges(run[0], rest)[1] for run in self._runs()),
                                  np.zeros(len(rest), np.int64))
        return stored

    def remove_values(self, values: set[int]) -> None:
        self._counted = None
        self._main = _merge(self._main, self._recent)
        self._recent = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=VALUE))
        keys, vals = self._main
        keep = ~np.isin(vals, np.fromiter(values, dtype=np.int64, count=len(values)))
        self._main = (keys[keep], vals[keep])

    def _ranges(self, run_keys: np.ndarray, ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each of the sorted keys ``ordered`` starts in ``run_keys``, and how many entries it has.

        Where keys hold several entries each (a capped table: up to `cap`), one
        binary search among the run's distinct keys rather than two among all its
        entries: the searches were most of a look-up's time.
        """
        directory = self._directory(run_keys)
        if directory is None:
            lo = np.searchsorted(run_keys, ordered, "left")
            return lo, np.searchsorted(run_keys, ordered, "right") - lo
        distinct, starts = directory
        at = np.minimum(np.searchsorted(distinct, ordered), len(distinct) - 1)
        lo = starts[at].astype(np.int64)
        counts = np.where(distinct[at] == ordered, starts[at + 1] - lo, 0)
        return lo, counts

    def _directory(self, run_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The run's distinct keys and where each one's entries start, or None where
        most keys are distinct (it would cost as much memory as the keys, for little)."""
        for keys, directory in self._directories:
            if keys is run_keys:
                return directory
        directory = None
        if self.cap is not None and len(run_keys):  # uncapped tables hold nearly one entry a key
            first = np.flatnonzero(np.concatenate(([True], run_keys[1:] != run_keys[:-1])))
            if 2 * len(first) <= len(run_keys):
                index_type = np.int32 if len(run_keys) < 1 << 31 else np.int64
                directory = run_keys[first], np.append(first, len(run_keys)).astype(index_type)
        # Runs are replaced, never changed in place: only the current ones' directories are kept.
        self._directories = [d for d in self._directories if d[0] is self._main[0] or d[0] is self._recent[0]]
        self._directories.append((run_keys, directory))
        return directory


def _merge(run: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Insert the sorted entries ``new`` after the entries of ``run`` with equal keys (linear time)."""
    at = np.searchsorted(run[0], new[0], "right")
    return np.insert(run[0], at, new[0]), np.insert(run[1], at, new[1])


def _find_positions(run: tuple[np.ndarray, np.ndarray], ranges: tuple[np.ndarray, np.ndarray],
                    order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index into the keys, value) for every entry of ``run`` whose key is among the
    sorted keys (``order`` sorts the keys), and how many entries each sorted key has;
    ``ranges`` are `SortedMultimap._ranges` of the sorted keys."""
    run_keys, run_values = run
    lo, counts = ranges
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), counts
    # Positions lo[i] .. hi[i]-1 for every key, in one gather.
    positions = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
    return np.repeat(order, counts), run_values[positions], counts


class MemoryIndex:
    """The index of one run: sorted tables of LSH bands, fingerprints and paragraphs, all in memory."""

    location = "memory"

    def __init__(self, params: IndexParameters) -> None:
        self.params = params
        self._bands, self._rows = params.bands
        self._lsh = SortedMultimap(MAX_KEY_HOLDERS)  # band key -> seq
        self._docs = DocumentStore(params.num_perm, params.fingerprint_bits)
        self._identities = Identities(self._docs, SortedMultimap(), SortedMultimap())
        self._fingerprints = SortedMultimap(MAX_KEY_HOLDERS)
        self._paragraphs = SortedMultimap()
        self._groups: dict[str, int] = {}  # root id -> documents in its group
        self._next_seq = 1

    def find_identities(self, keys: Sequence[tuple[str, int]]) -> list[int | None]:
        return self._identities.find(keys)

    def find_contents(self, content_hashes: Sequence[int]) -> list[int | None]:
        return self._identities.first_with(content_hashes)

    def similar_many(self, signatures: Sequence[np.ndarray]) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in signatures]
        for label, seq in zip(*(a.tolist() for a in self.similar_arrays(signatures))):
            out[label].add(seq)
        return out

    def similar_arrays(self, signatures: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        if not signatures:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        keys = band_keys(stacked(signatures), self._bands, self._rows).astype(np.uint64)
        positions, seqs = self._lsh.lookup_positions(keys.ravel())
        return positions // self._bands, seqs

    def fingerprint_hits_many(self, fingerprints: Sequence[np.ndarray]) -> list[dict[int, int]]:
        out: list[dict[int, int]] = [{} for _ in fingerprints]
        hits = self.fingerprint_hit_arrays(fingerprints)
        for label, seq, count in zip(hits.labels.tolist(), hits.seqs.tolist(), hits.counts.tolist()):
            out[label][seq] = count
        return out

    def fingerprint_hit_arrays(self, fingerprints: Sequence[np.ndarray]) -> FingerprintHits:
        empty = np.empty(0, np.int64)
        keys, key_labels = _concatenated(fingerprints)
        if not len(keys):
            return FingerprintHits(empty, empty, empty, np.zeros(len(fingerprints), np.int64))
        found, seqs, holders = self._fingerprints.lookup_with_counts(keys)
        crowded = np.bincount(key_labels[holders >= MAX_KEY_HOLDERS], minlength=len(fingerprints))
        if not len(seqs):
            return FingerprintHits(empty, empty, empty, crowded)
        labels, seqs, counts = count_pairs(key_labels[found], seqs)
        return FingerprintHits(labels, seqs, counts, crowded)

    def paragraph_owner_array(self, hashes: np.ndarray) -> np.ndarray:
        keys = np.asarray(hashes, dtype=np.uint64)
        none = np.iinfo(np.int64).max
        owners = np.full(len(keys), none, dtype=np.int64)
        if len(keys):
            positions, seqs = self._paragraphs.lookup_positions(keys)
            np.minimum.at(owners, positions, seqs)  # the first owner where several had it
        owners[owners == none] = -1
        return owners

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
            self._groups[doc.root_id] = self._groups.get(doc.root_id, 0) + 1
        self._docs.append([new.entry for new in docs])
        self._identities.add([new.entry for new in docs])
        banded = [(new.entry.signature, seq) for new, seq in zip(docs, seqs) if new.in_lsh]
        if banded:
            keys = band_keys(stacked([sig for sig, _ in banded]), self._bands, self._rows).astype(np.uint64)
            self._lsh.add_pairs(keys.ravel(), np.repeat([seq for _, seq in banded], keys.shape[1]))
        self._fingerprints.add_bulk([n.lookup_fingerprints for n in docs], seqs)
        self._paragraphs.add_bulk([n.paragraph_hashes for n in docs], seqs)
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
            root = docs.root_id(seq)
            self._groups[root] = self._groups.get(root, 1) - 1
        if old:
            self._identities.remove(old)
            self._lsh.remove_values(old)
            self._fingerprints.remove_values(old)
            self._paragraphs.remove_values(old)
        return len(old)

    def close(self) -> None:
        pass


def _concatenated(key_arrays: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The key arrays as one uint64 array, and which array each key came from."""
    sizes = [len(k) for k in key_arrays]
    if not sum(sizes):
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    keys = np.concatenate([np.asarray(k, dtype=np.uint64) for k in key_arrays])
    return keys, np.repeat(np.arange(len(key_arrays)), sizes)
