"""An index in Redis, shared by workers on many machines: ``--index redis://host:port/db``.

The LSH is datasketch's MinHashLSH with its Redis storage (``storage_config``
type "redis"), and the fingerprint table is a datasketch Redis set storage, so
the index stays readable by datasketch itself. A batch is asked about with one
pipelined round trip per table (`getmany`), never one per document; additions
go through a transaction (MULTI/EXEC) per batch, and seqs are reserved with
one INCRBY, so concurrent workers never hand out the same seq. A band or
fingerprint keeps its first `MAX_KEY_HOLDERS` documents, as in memory (counted
just before the batch is written: workers writing at once may pass it by a few).

Keys live under a prefix (``?prefix=name`` in the URL, default "cleaner"), so
several indexes can share a database. Needs the `redis` package
(``pip install redis``).
"""

from __future__ import annotations

import json
import pickle
from typing import Iterable, Sequence
from urllib.parse import parse_qs, urlparse

import numpy as np

from .base import (FORMAT_VERSION, MAX_KEY_HOLDERS, ArraysFromMaps, DuplicateIndexError, IndexedDocument,
                   IndexParameters, IndexStats, NewDocument)

try:
    import redis as _redis
    from datasketch import MinHashLSH
    from datasketch.storage import unordered_storage
except ImportError:  # pragma: no cover - depends on the environment
    _redis = None


# HDEL key field, only while field still holds ARGV[2] (atomic on the server).
_HDEL_IF_EQUAL = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end"


def _connection_config(url: str) -> tuple[dict, bytes]:
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss"):
        raise DuplicateIndexError(f"--index {url}: expected redis://host:port/db")
    try:
        config: dict = {"host": parsed.hostname or "127.0.0.1", "port": parsed.port or 6379,
                        "db": int(parsed.path.strip("/") or 0)}
    except ValueError:  # a port or database that is not a number
        raise DuplicateIndexError(f"--index {url}: expected redis://host:port/db, with numbers for "
                                  "the port and the database") from None
    if parsed.password:
        config["password"] = parsed.password
    if parsed.username:
        config["username"] = parsed.username
    if parsed.scheme == "rediss":
        config["ssl"] = True
    prefix = parse_qs(parsed.query).get("prefix", ["cleaner"])[0]
    return config, prefix.encode("utf-8") + b":"


class RedisIndex(ArraysFromMaps):
    def __init__(self, url: str, params: IndexParameters) -> None:
        if _redis is None:
            raise DuplicateIndexError("--index redis://... needs the redis package: pip install redis")
        self.location = url.split("?")[0]
        self.params = params
        config, self._prefix = _connection_config(url)
        # No retries: an unreachable server is reported at once, not after backing off.
        self._r = _redis.Redis(**config, socket_connect_timeout=5, retry=None)
        try:
            self._r.ping()
        except _redis.RedisError as exc:
            raise DuplicateIndexError(f"--index {self.location}: cannot reach Redis ({exc})") from None
        storage = {"type": "redis", "redis": config, "basename": self._prefix + b"lsh"}
        bands, rows = params.bands
        self._lsh = MinHashLSH(num_perm=params.num_perm, params=(bands, rows), storage_config=storage)
        self._fps = unordered_storage({"type": "redis", "redis": config}, name=self._prefix + b"fp")
        self._check_parameters()

    def _key(self, name: str) -> bytes:
        return self._prefix + name.encode("ascii")

    def _check_parameters(self) -> None:
        wanted = self.params.describe()
        meta = self._key("meta")
        self._r.hsetnx(meta, "parameters", wanted)
        self._r.hsetnx(meta, "format", str(FORMAT_VERSION))
        found = self._r.hget(meta, "parameters").decode("utf-8")
        if found != wanted:
            raise DuplicateIndexError(
                f"--index {self.location} was built with other settings ({found}; now {wanted}): "
                "use the [dedup] settings it was built with, or another prefix (?prefix=...)")

    # -- questions -------------------------------------------------------------------

    def find_identities(self, keys: Sequence[tuple[str, int]]) -> list[int | None]:
        if not keys:
            return []
        values = self._r.hmget(self._key("identity"), [f"{h}:{doc_id}" for doc_id, h in keys])
        return [int(v) if v is not None else None for v in values]

    def find_contents(self, content_hashes: Sequence[int]) -> list[int | None]:
        if not content_hashes:
            return []
        values = self._r.hmget(self._key("content"), [str(h) for h in content_hashes])
        return [int(v) if v is not None else None for v in values]

    def similar_many(self, signatures: Sequence[np.ndarray]) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in signatures]
        if not signatures:
            return out
        lsh = self._lsh
        # One pipelined round trip for every band of every document (MinHashLSH.query
        # would make one per band and document), through the storages' own key layout.
        pipe = self._r.pipeline(transaction=False)
        labels = []
        for label, sig in enumerate(signatures):
            for (lo, hi), table in zip(lsh.hashranges, lsh.hashtables):
                table._get_items(pipe, table.redis_key(lsh._H(sig[lo:hi])))
                labels.append(label)
        for label, members in zip(labels, pipe.execute()):
            out[label].update(_unpickle(m) for m in members)
        return out

    def _fingerprint_hits(self, fingerprints: Sequence[np.ndarray]) -> tuple[list[dict[int, int]], list[int]]:
        out: list[dict[int, int]] = [{} for _ in fingerprints]
        crowded = [0] * len(fingerprints)
        keys = [(label, int(fp).to_bytes(8, "little")) for label, fps in enumerate(fingerprints) for fp in fps.tolist()]
        if not keys:
            return out, crowded
        pipe = self._r.pipeline(transaction=False)
        for _, key in keys:
            self._fps._get_items(pipe, self._fps.redis_key(key))
        for (label, _), members in zip(keys, pipe.execute()):
            hits = out[label]
            crowded[label] += len(members) >= MAX_KEY_HOLDERS
            for m in members:
                seq = int(m)
                hits[seq] = hits.get(seq, 0) + 1
        return out, crowded

    def paragraph_owner_array(self, hashes: np.ndarray) -> np.ndarray:
        keys = np.asarray(hashes, dtype=np.uint64).tolist()
        owners = np.full(len(keys), -1, dtype=np.int64)
        if keys:
            found = self._r.hmget(self._key("paragraphs"), [str(h) for h in keys])
            for position, seq in enumerate(found):
                if seq is not None:
                    owners[position] = int(seq)
        return owners

    def entries(self, seqs: Iterable[int]) -> dict[int, IndexedDocument]:
        seqs = sorted(set(seqs))
        if not seqs:
            return {}
        out = {}
        for seq, raw in zip(seqs, self._r.hmget(self._key("docs"), [str(s) for s in seqs])):
            if raw is not None:
                out[seq] = _decode(raw, seq)
        return out

    def group_sizes(self, roots: Iterable[str]) -> dict[str, int]:
        roots = list(set(roots))
        if not roots:
            return {}
        values = self._r.hmget(self._key("groups"), roots)
        return {r: int(v or 0) for r, v in zip(roots, values)}

    # -- changes ---------------------------------------------------------------------

    def add_many(self, docs: Sequence[NewDocument]) -> list[int]:
        if not docs:
            return []
        last = self._r.incrby(self._key("seq"), len(docs))
        seqs = list(range(last - len(docs) + 1, last + 1))
        # One transaction for the batch: records, LSH bands and fingerprints, the
        # latter two written through datasketch's storages (`_insert`), so that a
        # MinHashLSH with the same storage config reads them.
        lsh = self._lsh
        band_lists = [[lsh._H(new.entry.signature[lo:hi]) for lo, hi in lsh.hashranges] if new.in_lsh else []
                      for new in docs]
        fp_lists = [[int(fp).to_bytes(8, "little") for fp in new.lookup_fingerprints.tolist()] for new in docs]
        room = self._room(band_lists, fp_lists)
        self._forget_earlier_versions([new.entry.doc_id for new in docs if new.replaces])
        pipe = self._r.pipeline(transaction=True)
        for seq, new, bands, fps in zip(seqs, docs, band_lists, fp_lists):
            e = new.entry
            e.seq = seq
            pipe.hset(self._key("docs"), str(seq), _encode(e))
            pipe.hset(self._key("identity"), f"{e.content_hash}:{e.doc_id}", seq)
            pipe.hset(self._key("ids"), e.doc_id, seq)  # the latest version of each id
            pipe.hsetnx(self._key("content"), str(e.content_hash), seq)
            pipe.hincrby(self._key("groups"), e.root_id, 1)
            pipe.zadd(self._key("added"), {str(seq): e.added_at})
            if len(new.paragraph_hashes):
                # A paragraph whose first owner was pruned gets a new owner.
                pipe.hset(self._key("paragraphs"),
                          mapping={str(h): seq for h in np.asarray(new.paragraph_hashes, dtype=np.uint64).tolist()})
            if new.in_lsh:
                key = _pickle(seq)
                lsh.keys._insert(pipe, key, *bands)
                for band, table in zip(bands, lsh.hashtables):
                    if room.take(table, band):
                        table._insert(pipe, band, key)
            value = str(seq).encode()
            for fp in fps:
                if room.take(self._fps, fp):
                    self._fps._insert(pipe, fp, value)
        pipe.execute()
        return seqs

    def _room(self, band_lists: list[list[bytes]], fp_lists: list[list[bytes]]) -> _Room:
        """How many more holders each band and fingerprint of a batch may take (one round trip)."""
        wanted = {(table, band) for bands in band_lists for band, table in zip(bands, self._lsh.hashtables)}
        wanted.update((self._fps, fp) for fps in fp_lists for fp in fps)
        wanted_list = list(wanted)
        pipe = self._r.pipeline(transaction=False)
        for table, key in wanted_list:
            pipe.scard(table.redis_key(key))
        return _Room({(id(t), k): MAX_KEY_HOLDERS - n for (t, k), n in zip(wanted_list, pipe.execute())})

    def stats(self) -> IndexStats:
        r = self._r
        documents = r.hlen(self._key("docs"))
        groups = sum(1 for v in r.hvals(self._key("groups")) if int(v) > 0)
        oldest = r.zrange(self._key("added"), 0, 0, withscores=True)
        newest = r.zrange(self._key("added"), -1, -1, withscores=True)
        return IndexStats(self.location, documents, groups, self._fps.size(), r.hlen(self._key("paragraphs")),
                          oldest[0][1] if oldest else None, newest[0][1] if newest else None,
                          self.params.describe())

    def _forget_earlier_versions(self, doc_ids: list[str]) -> None:
        """Forget the stored version of documents about to be stored with new text (an
        article edited since), so that its old paragraphs are no longer said to be in it."""
        if not doc_ids:
            return
        seqs = [int(v) for v in self._r.hmget(self._key("ids"), doc_ids) if v is not None]
        if seqs:
            self._forget(seqs)

    def prune(self, older_than: float) -> int:
        old = [int(s) for s in self._r.zrangebyscore(self._key("added"), "-inf", f"({older_than}")]
        return self._forget(old) if old else 0

    def _forget(self, old: list[int]) -> int:
        entries = self.entries(old)
        old = list(entries)  # those still there (another worker may have forgotten some)
        if not old:
            return 0
        bits = np.uint64(self.params.fingerprint_bits)
        for seq in entries:
            if seq in self._lsh:
                self._lsh.remove(seq)
        # The fingerprint sets, in two round trips for the whole lot (datasketch's
        # remove_val makes two or three per fingerprint: minutes for a large prune).
        fp_keys: dict[bytes, bytes] = {}  # fingerprint -> its set's key
        pipe = self._r.pipeline(transaction=False)
        for seq, e in entries.items():
            lookup = e.fingerprints[(e.fingerprints >> bits) & np.uint64(1) == 0]
            for fp in lookup.tolist():
                raw = int(fp).to_bytes(8, "little")
                key = fp_keys.setdefault(raw, self._fps.redis_key(raw))
                pipe.srem(key, str(seq).encode())
        pipe.execute()
        if fp_keys:
            pipe = self._r.pipeline(transaction=False)
            for key in fp_keys.values():
                pipe.exists(key)
            emptied = [raw for raw, there in zip(fp_keys, pipe.execute()) if not there]
            if emptied:  # datasketch's registry of its sets, keyed by the fingerprint itself
                self._r.hdel(self._fps._name, *emptied)
        pipe = self._r.pipeline(transaction=True)
        for seq, e in entries.items():
            pipe.hdel(self._key("docs"), str(seq))
            pipe.hdel(self._key("identity"), f"{e.content_hash}:{e.doc_id}")
            pipe.hincrby(self._key("groups"), e.root_id, -1)
            # A later version's entry stays (pruning one version never hides a newer one).
            pipe.eval(_HDEL_IF_EQUAL, 1, self._key("ids"), e.doc_id, str(seq))
            # The first document with this text is gone: the next one seen takes its place.
            pipe.eval(_HDEL_IF_EQUAL, 1, self._key("content"), str(e.content_hash), str(seq))
        pipe.zrem(self._key("added"), *[str(s) for s in old])
        pipe.execute()
        # Paragraph owners that point at forgotten documents are ignored when read
        # (entries() no longer knows them) and replaced when the line is seen again.
        return len(entries)

    def close(self) -> None:
        try:
            self._r.close()
        except Exception:  # noqa: BLE001 - closing must not fail a run
            pass


class _Room:
    """Holders a key may still take, counted down as a batch is written."""

    def __init__(self, left: dict[tuple[int, bytes], int]) -> None:
        self._left = left

    def take(self, table, key: bytes) -> bool:
        slot = (id(table), key)
        if self._left.get(slot, 0) <= 0:
            return False
        self._left[slot] -= 1
        return True


def _pickle(seq: int) -> bytes:
    return pickle.dumps(seq)  # what MinHashLSH (prepickle, as for Redis) stores for a key


def _unpickle(raw: bytes) -> int:
    return int(pickle.loads(raw))


def _encode(e: IndexedDocument) -> bytes:
    head = json.dumps([e.doc_id, e.content_hash, e.root_id, e.shingles, e.added_at]).encode("utf-8")
    return len(head).to_bytes(4, "little") + head + e.pack()


def _decode(raw: bytes, seq: int) -> IndexedDocument:
    n = int.from_bytes(raw[:4], "little")
    doc_id, content_hash, root_id, shingles, added_at = json.loads(raw[4:4 + n])
    sig, fps = IndexedDocument.unpack(raw[4 + n:])
    return IndexedDocument(doc_id, content_hash, root_id, shingles, sig, fps, added_at, seq)
