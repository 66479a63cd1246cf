"""A persistent index in one SQLite file, safe for several processes at once.

The LSH bands of datasketch's MinHashLSH (same bands and rows as it would pick)
become rows of a `bands` table; fingerprints and paragraph hashes are rows too,
so that a batch is answered by one join per table against a temporary table of
the batch's keys. SQLite stores 64-bit integers signed: unsigned hashes are
stored as the signed integer with the same bits.

Several processes may write at once: the file is in WAL mode (readers never
wait), and every batch is added in one `BEGIN IMMEDIATE` transaction, which
waits (up to `BUSY_TIMEOUT_S`) for another writer to finish instead of failing,
so nothing is lost. Two processes that add copies of the same story at the same
moment may not see each other's copy; the next batch will. A band or fingerprint
keeps its first `MAX_KEY_HOLDERS` documents, as in memory (the count is checked
inside the write transaction).
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Iterable, Sequence

import numpy as np

from .base import (FORMAT_VERSION, MAX_KEY_HOLDERS, ArraysFromMaps, DuplicateIndexError, IndexedDocument,
                   IndexParameters, IndexStats, NewDocument, band_keys)

BUSY_TIMEOUT_S = 120.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    content_hash INTEGER NOT NULL,
    root_id TEXT NOT NULL,
    shingles INTEGER NOT NULL,
    sketch BLOB NOT NULL,
    added_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_identity ON docs (content_hash, doc_id);
CREATE INDEX IF NOT EXISTS docs_root ON docs (root_id);
CREATE INDEX IF NOT EXISTS docs_added ON docs (added_at);
CREATE INDEX IF NOT EXISTS docs_doc_id ON docs (doc_id);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fingerprints (fp INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (fp, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fingerprints_seq ON fingerprints (seq);
CREATE INDEX IF NOT EXISTS bands_seq ON bands (seq);
CREATE TABLE IF NOT EXISTS paragraphs (hash INTEGER PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paragraphs_seq ON paragraphs (seq);
"""


# (key, seq, key): a look-up key keeps its first MAX_KEY_HOLDERS documents.
_INSERT_UNLESS_FULL = ("INSERT OR IGNORE INTO {table} SELECT ?, ? "
                       f"WHERE (SELECT COUNT(*) FROM {{table}} WHERE {{key}} = ?) < {MAX_KEY_HOLDERS}")


def _signed(values: np.ndarray) -> list[int]:
    return np.asarray(values, dtype=np.uint64).view(np.int64).tolist()


def _unsigned(value: int) -> int:
    return value & 0xFFFFFFFFFFFFFFFF


class SqliteIndex(ArraysFromMaps):
    def __init__(self, path: str, params: IndexParameters) -> None:
        self.location = path
        self.params = params
        folder = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(folder, exist_ok=True)  # e.g. .cleaner/index.db in a fresh checkout
        except OSError as exc:
            raise DuplicateIndexError(f"--index {path}: cannot create folder {folder} ({exc.strerror})") from None
        try:
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            _refuse_foreign(self._db, path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA cache_size=-65536")
            self._db.execute("PRAGMA temp_store=MEMORY")
            self._db.executescript(_SCHEMA)
            self._check_parameters()
        except sqlite3.DatabaseError as exc:
            raise DuplicateIndexError(f"--index {path}: not a usable SQLite index ({exc})") from None
        self._bands, self._rows = params.bands

    def _check_parameters(self) -> None:
        wanted = self.params.describe()
        with _immediate(self._db):
            row = self._db.execute("SELECT value FROM meta WHERE key = 'parameters'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('parameters', ?), ('format', ?)",
                                 (wanted, str(FORMAT_VERSION)))
                return
        if row[0] != wanted:
            raise DuplicateIndexError(
                f"--index {self.location} was built with other settings ({row[0]}; now {wanted}): "
                "use the [dedup] settings it was built with, or a new index file")

    # -- questions -------------------------------------------------------------------

    def find_identities(self, keys: Sequence[tuple[str, int]]) -> list[int | None]:
        rows = self._joined("SELECT q.label, MIN(d.seq) FROM q JOIN docs d ON d.content_hash = q.key "
                            "AND d.doc_id = q.text GROUP BY q.label",
                            [(i, h, doc_id) for i, (doc_id, h) in enumerate(keys)])
        out: list[int | None] = [None] * len(keys)
        for label, seq in rows:
            out[label] = seq
        return out

    def find_contents(self, content_hashes: Sequence[int]) -> list[int | None]:
        rows = self._joined("SELECT q.label, MIN(d.seq) FROM q JOIN docs d ON d.content_hash = q.key GROUP BY q.label",
                            [(i, h, None) for i, h in enumerate(content_hashes)])
        out: list[int | None] = [None] * len(content_hashes)
        for label, seq in rows:
            out[label] = seq
        return out

    def similar_many(self, signatures: Sequence[np.ndarray]) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in signatures]
        if not signatures:
            return out
        keys = band_keys(np.stack(signatures), self._bands, self._rows)
        queries = [(i, k, None) for i, row in enumerate(keys.tolist()) for k in row]
        for label, seq in self._joined("SELECT q.label, b.seq FROM q JOIN bands b ON b.key = q.key", queries):
            out[label].add(seq)
        return out

    def _fingerprint_hits(self, fingerprints: Sequence[np.ndarray]) -> tuple[list[dict[int, int]], list[int]]:
        out: list[dict[int, int]] = [{} for _ in fingerprints]
        crowded = [0] * len(fingerprints)
        queries = [(i, k, None) for i, fps in enumerate(fingerprints) for k in _signed(fps)]
        sql = ("SELECT q.label, f.seq, COUNT(*), NULL FROM q JOIN fingerprints f ON f.fp = q.key "
               "GROUP BY q.label, f.seq "
               "UNION ALL SELECT q.label, NULL, NULL, COUNT(*) FROM q "
               f"WHERE (SELECT COUNT(*) FROM fingerprints f WHERE f.fp = q.key) >= {MAX_KEY_HOLDERS} "
               "GROUP BY q.label")
        for label, seq, count, full in self._joined(sql, queries):
            if seq is None:
                crowded[label] = full
            else:
                out[label][seq] = count
        return out, crowded

    def paragraph_owner_array(self, hashes: np.ndarray) -> np.ndarray:
        keys = _signed(hashes)
        owners = np.full(len(keys), -1, dtype=np.int64)
        sql = "SELECT q.label, p.seq FROM q JOIN paragraphs p ON p.hash = q.key"
        for position, seq in self._joined(sql, [(p, k, None) for p, k in enumerate(keys)]):
            owners[position] = seq
        return owners

    def entries(self, seqs: Iterable[int]) -> dict[int, IndexedDocument]:
        rows = self._joined("SELECT d.seq, d.doc_id, d.content_hash, d.root_id, d.shingles, d.sketch, d.added_at "
                            "FROM q JOIN docs d ON d.seq = q.key", [(0, s, None) for s in set(seqs)])
        out = {}
        for seq, doc_id, content, root, shingles, sketch, added in rows:
            sig, fps = IndexedDocument.unpack(sketch)
            out[seq] = IndexedDocument(doc_id, content, root, shingles, sig, fps, added, seq)
        return out

    def group_sizes(self, roots: Iterable[str]) -> dict[str, int]:
        roots = list(set(roots))
        sizes = dict.fromkeys(roots, 0)
        for root, count in self._joined("SELECT q.text, COUNT(*) FROM q JOIN docs d ON d.root_id = q.text "
                                        "GROUP BY q.text", [(0, 0, r) for r in roots]):
            sizes[root] = count
        return sizes

    def _joined(self, sql: str, queries: list[tuple]) -> list[tuple]:
        """Run ``sql`` against a temporary table q(label, key, text) holding ``queries``."""
        if not queries:
            return []
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS q (label INTEGER, key INTEGER, text TEXT)")
        db.execute("BEGIN")
        try:
            db.execute("DELETE FROM q")
            db.executemany("INSERT INTO q VALUES (?, ?, ?)", queries)
            db.execute("CREATE INDEX IF NOT EXISTS temp.q_key ON q (key)")
            rows = db.execute(sql).fetchall()
        finally:
            db.execute("COMMIT")
        return rows

    # -- changes ---------------------------------------------------------------------

    def add_many(self, docs: Sequence[NewDocument]) -> list[int]:
        if not docs:
            return []
        seqs = []
        with _immediate(self._db) as db:
            _forget_earlier_versions(db, list({n.entry.doc_id for n in docs if n.replaces}))
            for new in docs:
                e = new.entry
                cur = db.execute("INSERT INTO docs (doc_id, content_hash, root_id, shingles, sketch, added_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 (e.doc_id, e.content_hash, e.root_id, e.shingles, e.pack(), e.added_at))
                e.seq = cur.lastrowid
                seqs.append(e.seq)
            lsh_docs = [n for n in docs if n.in_lsh]
            if lsh_docs:
                keys = band_keys(np.stack([n.entry.signature for n in lsh_docs]), self._bands, self._rows)
                db.executemany(_INSERT_UNLESS_FULL.format(table="bands", key="key"),
                               [(k, n.entry.seq, k) for n, row in zip(lsh_docs, keys.tolist()) for k in row])
            db.executemany(_INSERT_UNLESS_FULL.format(table="fingerprints", key="fp"),
                           [(k, n.entry.seq, k) for n in docs for k in _signed(n.lookup_fingerprints)])
            # A paragraph whose first owner was pruned gets a new owner.
            db.executemany("INSERT OR REPLACE INTO paragraphs VALUES (?, ?)",
                           [(k, n.entry.seq) for n in docs
                            for k in _signed(np.asarray(n.paragraph_hashes, dtype=np.uint64))])
        return seqs

    def stats(self) -> IndexStats:
        db = self._db
        documents, oldest, newest = db.execute("SELECT COUNT(*), MIN(added_at), MAX(added_at) FROM docs").fetchone()
        groups = db.execute("SELECT COUNT(DISTINCT root_id) FROM docs").fetchone()[0]
        fingerprints = db.execute("SELECT COUNT(*) FROM fingerprints").fetchone()[0]
        paragraphs = db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
        return IndexStats(self.location, documents, groups, fingerprints, paragraphs, oldest, newest,
                          self.params.describe())

    def prune(self, older_than: float) -> int:
        with _immediate(self._db) as db:
            return _delete_docs(db, "added_at < ?", (older_than,))

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass


def _refuse_foreign(db: sqlite3.Connection, path: str) -> None:
    """Another application's database given as --index is left as it is: no table of
    ours is added to it, and its journal mode is not changed."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "meta" not in tables:
        raise DuplicateIndexError(f"--index {path}: an SQLite database of another application (tables: "
                                  f"{', '.join(sorted(tables)[:5])}); give a new file for the index")


def _forget_earlier_versions(db: sqlite3.Connection, doc_ids: list[str]) -> None:
    """Remove the stored versions of documents about to be stored with new text (an
    article edited since the last run): the index keeps one version per id, or the
    old text's paragraphs would still be reported as being in that document."""
    for lo in range(0, len(doc_ids), 500):  # SQLite's limit on bound parameters
        chunk = doc_ids[lo:lo + 500]
        _delete_docs(db, f"doc_id IN ({','.join('?' * len(chunk))})", chunk)


def _delete_docs(db: sqlite3.Connection, where: str, params: Sequence) -> int:
    """Delete the documents ``where`` selects, with their bands, fingerprints and paragraphs."""
    for table in ("bands", "fingerprints", "paragraphs"):
        db.execute(f"DELETE FROM {table} WHERE seq IN (SELECT seq FROM docs WHERE {where})", params)
    return db.execute(f"DELETE FROM docs WHERE {where}", params).rowcount


class _immediate:
    """A write transaction that waits for other writers (BEGIN IMMEDIATE) and
    commits, or rolls back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return self.db
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise DuplicateIndexError(f"index is busy: {exc}") from None
                time.sleep(0.05)

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
