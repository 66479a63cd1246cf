"""What every index stores and answers, independent of the back end.

Every question is asked for a whole batch of documents at once: one pass over a
sorted array in memory, one query per table in SQLite, one pipelined round trip
to Redis, instead of several per document.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, NamedTuple, Protocol, Sequence

import numpy as np

from ...errors import CleanerError
from ..shingles import mix64

if TYPE_CHECKING:
    from datasketch import MinHashLSH

FORMAT_VERSION = 1

# A look-up key (an LSH band, a fingerprint) remembers at most this many documents:
# the first ones that had it. A wire story syndicated 500 times, or a sentence of
# site furniture, would otherwise answer every look-up with hundreds of holders,
# all but the first few of one near-duplicate group already represented. Later
# holders are still found through their other keys; `FingerprintHits.crowded`
# keeps the containment bound of `pairs.sieve` exact.
MAX_KEY_HOLDERS = 8


class DuplicateIndexError(CleanerError):
    """The index cannot be opened or used (other parameters, server down...)."""


# (threshold, num_perm) -> (bands, rows) as datasketch's `_optimal_param` picks them
# (equal weights); tests/dedup/test_index_sqlite.py checks every entry against it.
# Other settings ask datasketch, whose import pulls in scipy (0.6-2 s).
KNOWN_BANDS = {(0.3, 128): (37, 3), (0.4, 128): (32, 4), (0.5, 128): (25, 5), (0.6, 128): (18, 7),
               (0.7, 128): (14, 9), (0.8, 128): (9, 13), (0.9, 128): (5, 25)}


@lru_cache(maxsize=8)
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    known = KNOWN_BANDS.get((threshold, num_perm))
    if known is not None:
        return known
    from datasketch.lsh import _optimal_param

    # It integrates the false positive and negative rates numerically: once per setting.
    return _optimal_param(threshold, num_perm, 0.5, 0.5)


@dataclass(frozen=True, slots=True)
class IndexParameters:
    """Settings an index is built with; documents are only comparable under equal ones."""

    num_perm: int = 128
    shingle_words: int = 5
    fingerprint_bits: int = 2
    lsh_threshold: float = 0.5  # candidates for the Jaccard test come from LSH at this threshold

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows) of the LSH, as datasketch's MinHashLSH picks them."""
        return _lsh_bands(self.lsh_threshold, self.num_perm)

    def describe(self) -> str:
        return (f"v{FORMAT_VERSION} num_perm={self.num_perm} shingle_words={self.shingle_words} "
                f"fingerprint_bits={self.fingerprint_bits} lsh_threshold={self.lsh_threshold}")


@dataclass(slots=True)
class IndexedDocument:
    """One document as the index remembers it (no text: sketches only)."""

    doc_id: str
    content_hash: int  # of the document's text: same id and hash = the same document
    root_id: str  # the earliest document of its near-duplicate group (itself if none)
    shingles: int  # shingles of its running text
    signature: np.ndarray  # uint32[num_perm]
    fingerprints: np.ndarray  # uint64, sorted
    added_at: float  # unix time, for pruning
    seq: int = 0  # insertion order, set by the index when added; earlier is smaller

    def pack(self) -> bytes:
        """The sketches as bytes (the other fields are stored as they are)."""
        sig = self.signature.astype("<u4").tobytes()
        fps = self.fingerprints.astype("<u8").tobytes()
        return struct.pack("<II", len(self.signature), len(self.fingerprints)) + sig + fps

    @staticmethod
    def unpack(data: bytes) -> tuple[np.ndarray, np.ndarray]:
        n_sig, n_fp = struct.unpack_from("<II", data)
        sig = np.frombuffer(data, dtype="<u4", count=n_sig, offset=8).astype(np.uint32)
        fps = np.frombuffer(data, dtype="<u8", count=n_fp, offset=8 + 4 * n_sig).astype(np.uint64)
        return sig, fps


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document to add, with what is looked up by value."""

    entry: IndexedDocument
    lookup_fingerprints: np.ndarray  # uint64 (empty: not looked up by fingerprint)
    paragraph_hashes: np.ndarray  # uint64: lines no document of the index had yet
    in_lsh: bool  # False for documents without running text (their signature is empty)
    # A new text under an id the index may hold already (an edited article): a persistent
    # index forgets the earlier versions. False for made-up ids ("line-3"), which name nothing.
    replaces: bool = False


class FingerprintHits(NamedTuple):
    """A batch's shared look-up fingerprints: one row per (document, indexed document) pair."""

    labels: np.ndarray  # int64: position of the document in the batch
    seqs: np.ndarray  # int64: the indexed document
    counts: np.ndarray  # int64: look-up fingerprints they share, among those listed
    crowded: np.ndarray  # int64 per batch document: its keys at `MAX_KEY_HOLDERS` (more holders may exist)


@dataclass(frozen=True, slots=True)
class IndexStats:
    location: str
    documents: int
    groups: int  # near-duplicate groups (a document without copies is a group of one)
    fingerprints: int
    paragraphs: int
    oldest: float | None
    newest: float | None
    parameters: str


class DuplicateIndex(Protocol):
    """Documents seen before, asked about a batch at a time. Seqs grow with insertion."""

    params: IndexParameters
    location: str

    def find_identities(self, keys: Sequence[tuple[str, int]]) -> list[int | None]:
        """For each (id, content hash): the seq of that very document, if it was indexed."""

    def find_contents(self, content_hashes: Sequence[int]) -> list[int | None]:
        """For each content hash: the earliest seq of a document with exactly that text."""

    def similar_many(self, signatures: Sequence[np.ndarray]) -> list[set[int]]:
        """For each signature: seqs of documents that share an LSH band with it."""

    def similar_arrays(self, signatures: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """`similar_many` as arrays: (position in ``signatures``, seq), one row a pair (repeats allowed)."""

    def fingerprint_hits_many(self, fingerprints: Sequence[np.ndarray]) -> list[dict[int, int]]:
        """For each array of look-up fingerprints: seq -> how many of them that document has."""

    def fingerprint_hit_arrays(self, fingerprints: Sequence[np.ndarray]) -> FingerprintHits:
        """`fingerprint_hits_many` as arrays, with how many keys of each document are crowded."""

    def paragraph_owner_array(self, hashes: np.ndarray) -> np.ndarray:
        """For every paragraph hash of ``hashes`` (uint64): the seq of the first document
        that had that paragraph, or -1 (int64, one value per hash)."""

    def entries(self, seqs: Iterable[int]) -> Mapping[int, IndexedDocument]: ...

    def entry_columns(self, entries: Mapping[int, IndexedDocument]) -> EntryColumns:
        """``entries`` (as `entries` returned them) as columns, in their order."""

    def group_sizes(self, roots: Iterable[str]) -> dict[str, int]:
        """Root id -> how many indexed documents belong to its group."""

    def add_many(self, docs: Sequence[NewDocument]) -> list[int]:
        """Remember the documents, in order; returns their seqs."""

    def stats(self) -> IndexStats: ...

    def prune(self, older_than: float) -> int:
        """Forget documents added before unix time ``older_than``; returns how many."""

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class EntryColumns:
    """Indexed documents as columns (row r = the r-th document), for comparing a batch with them."""

    doc_ids: list[str]
    group_codes: np.ndarray  # int64: equal for rows of one near-duplicate group (same root id)
    content_hashes: np.ndarray  # int64
    signatures: np.ndarray  # uint32 [documents, num_perm]
    shingles: np.ndarray  # int64
    fingerprint_counts: np.ndarray  # int64: size of each fingerprint sample
    lookup_counts: np.ndarray  # int64: size of its look-up half
    fingerprints_of: Callable[[int], np.ndarray]  # row -> its fingerprint sample (sorted, unique)


def entry_columns_of(docs: Iterable[IndexedDocument], fingerprint_bits: int) -> EntryColumns:
    """`DuplicateIndex.entry_columns` from the documents themselves."""
    docs = list(docs)
    n = len(docs)
    signatures = np.stack([d.signature for d in docs]) if n else np.empty((0, 0), dtype=np.uint32)
    sizes = np.fromiter((len(d.fingerprints) for d in docs), dtype=np.int64, count=n)
    lookup = np.zeros(n, dtype=np.int64)
    if n and sizes.sum():
        flat = np.concatenate([d.fingerprints for d in docs])
        looked_up = np.concatenate([[0], np.cumsum(((flat >> np.uint64(fingerprint_bits)) & np.uint64(1)) == 0)])
        ends = np.cumsum(sizes)
        lookup = looked_up[ends] - looked_up[ends - sizes]
    codes: dict[str, int] = {}
    groups = np.fromiter((codes.setdefault(d.root_id, len(codes)) for d in docs), dtype=np.int64, count=n)
    return EntryColumns([d.doc_id for d in docs], groups,
                        np.fromiter((d.content_hash for d in docs), dtype=np.int64, count=n), signatures,
                        np.fromiter((d.shingles for d in docs), dtype=np.int64, count=n), sizes, lookup,
                        lambda row: docs[row].fingerprints)


def set_arrays(sets: Sequence[set[int]]) -> tuple[np.ndarray, np.ndarray]:
    """`similar_many`'s sets as `similar_arrays`' arrays."""
    sizes = [len(s) for s in sets]
    labels = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
    return labels, np.fromiter((seq for s in sets for seq in s), dtype=np.int64, count=sum(sizes))


def hit_arrays(hits: Sequence[dict[int, int]], crowded: Sequence[int]) -> FingerprintHits:
    """`fingerprint_hits_many`'s dicts as `fingerprint_hit_arrays`' arrays."""
    sizes = [len(h) for h in hits]
    total = sum(sizes)
    labels = np.repeat(np.arange(len(hits), dtype=np.int64), sizes)
    seqs = np.fromiter((s for h in hits for s in h), dtype=np.int64, count=total)
    counts = np.fromiter((c for h in hits for c in h.values()), dtype=np.int64, count=total)
    return FingerprintHits(labels, seqs, counts, np.asarray(crowded, dtype=np.int64).reshape(len(hits)))


class ArraysFromMaps:
    """The array forms of the index protocol for back ends that answer with sets and dicts
    (SQLite, Redis): `entry_columns`, `similar_arrays` and the fingerprint hits."""

    params: IndexParameters

    def entry_columns(self, entries: Mapping[int, IndexedDocument]) -> EntryColumns:
        return entry_columns_of(entries.values(), self.params.fingerprint_bits)

    def similar_arrays(self, signatures: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return set_arrays(self.similar_many(signatures))  # type: ignore[attr-defined]

    def fingerprint_hits_many(self, fingerprints: Sequence[np.ndarray]) -> list[dict[int, int]]:
        return self._fingerprint_hits(fingerprints)[0]

    def fingerprint_hit_arrays(self, fingerprints: Sequence[np.ndarray]) -> FingerprintHits:
        return hit_arrays(*self._fingerprint_hits(fingerprints))

    def _fingerprint_hits(self, fingerprints: Sequence[np.ndarray]) -> tuple[list[dict[int, int]], list[int]]:
        """Per array: seq -> shared look-up fingerprints, and how many of its keys are crowded."""
        raise NotImplementedError


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """[documents, bands] 63-bit keys, one per LSH band (back ends that store bands themselves).

    The band number is mixed in, so equal values in different bands do not meet.
    """
    view = signatures[:, : bands * rows].astype(np.uint64).reshape(len(signatures), bands, rows)
    acc = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15),
                          (len(signatures), bands)).copy()
    for j in range(rows):
        acc = mix64(acc ^ view[:, :, j])
    return (acc >> np.uint64(1)).astype(np.int64)  # SQLite integers are signed


class BandedLSH:
    """A datasketch `MinHashLSH` (dict storage) fed whole signatures at once.

    `MinHashLSH.insert` and `.query` slice, byte-swap and copy each band of a
    `LeanMinHash` separately; here all band keys of a signature come from one
    byte-swap and plain bytes slicing. The keys and tables are exactly those
    `MinHashLSH` builds itself (tests/dedup/test_index.py checks that
    `MinHashLSH.query` finds what was inserted here), so the index stays a
    datasketch index.
    """

    def __init__(self, lsh: "MinHashLSH") -> None:
        if lsh.prepickle or lsh.hashfunc is not None:
            raise ValueError("BandedLSH needs a MinHashLSH without prepickle or hashfunc")
        self.lsh = lsh
        self._ranges = [(4 * lo, 4 * hi) for lo, hi in lsh.hashranges]

    def band_keys(self, signature: np.ndarray) -> list[bytes]:
        raw = signature.astype(np.uint32, copy=False).byteswap().tobytes()
        return [raw[lo:hi] for lo, hi in self._ranges]

    def query(self, signature: np.ndarray) -> set:
        found: set = set()
        for key, table in zip(self.band_keys(signature), self.lsh.hashtables):
            found.update(table.get(key))
        return found

    def insert(self, key, signature: np.ndarray) -> None:
        keys = self.band_keys(signature)
        self.lsh.keys.insert(key, *keys)
        for band_key, table in zip(keys, self.lsh.hashtables):
            table.insert(band_key, key)

    def remove(self, key) -> None:
        self.lsh.remove(key)
