"""The in-memory index's identity tables (`store.Identities`): the same answers as the
dicts they replaced, even when two identities share a table key."""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Config
from cleaner.dedup.corpus import index_parameters
from cleaner.dedup.index import IndexedDocument, NewDocument
from cleaner.dedup.index import store
from cleaner.dedup.index.memory import MemoryIndex

PARAMS = index_parameters(Config().dedup)


def _doc(doc_id: str, content: int, added: float = 0.0) -> NewDocument:
    sig = np.full(PARAMS.num_perm, abs(content), dtype=np.uint32)
    entry = IndexedDocument(doc_id, content, doc_id, 10, sig, np.empty(0, np.uint64), added)
    return NewDocument(entry, np.empty(0, np.uint64), [], False)


@pytest.fixture(params=["hashed", "colliding"])
def index(request, monkeypatch):
    if request.param == "colliding":  # every identity on one key: only the check against the store tells them apart
        monkeypatch.setattr(store, "identity_keys", lambda keys: np.zeros(len(keys), dtype=np.uint64))
    return MemoryIndex(PARAMS)


def test_identities_and_first_copies(index):
    index.add_many([_doc("a", 7), _doc("b", 7), _doc("a", 8)])  # seqs 1, 2, 3
    index.add_many([_doc("c", 9), _doc("d", 9), _doc("e", 7)])  # 4, 5, 6
    assert index.find_identities([("a", 7), ("b", 7), ("a", 8), ("e", 7), ("b", 8), ("z", 7)]) == \
        [1, 2, 3, 6, None, None]
    assert index.find_contents([7, 8, 9, 10]) == [1, 3, 4, None]
    assert index.find_identities([]) == [] and index.find_contents([]) == []


def test_pruned_documents_are_forgotten(index):
    index.add_many([_doc("a", 7, added=1.0), _doc("b", 8, added=1.0)])
    index.add_many([_doc("c", 7, added=5.0)])  # same text as "a": not its first copy
    assert index.prune(older_than=2.0) == 2
    assert index.find_identities([("a", 7), ("b", 8), ("c", 7)]) == [None, None, 3]
    assert index.find_contents([7, 8]) == [None, None]  # as the dict did: the first copy is gone
    index.add_many([_doc("d", 7)])
    assert index.find_contents([7]) == [4]


def test_signed_content_hashes():
    index = MemoryIndex(PARAMS)
    index.add_many([_doc("a", -5)])
    assert index.find_identities([("a", -5)]) == [1] and index.find_contents([-5]) == [1]
