"""Who had a paragraph first, as the indexes answer it for a batch's lines
(`paragraph_owner_array`), and the batch's own answer (`batch.earlier_holders`)."""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Config
from cleaner.dedup.batch import earlier_holders
from cleaner.dedup.corpus import index_parameters
from cleaner.dedup.index import IndexedDocument, NewDocument, open_index
from cleaner.dedup.index.memory import MemoryIndex

PARAMS = index_parameters(Config().dedup)
BIG = (1 << 64) - 5  # above 2**63: SQLite stores it signed


def new_doc(doc_id: str, paragraphs: list[int]) -> NewDocument:
    entry = IndexedDocument(doc_id, hash(doc_id) & 0xFFFF, doc_id, 10, np.zeros(PARAMS.num_perm, np.uint32),
                            np.empty(0, np.uint64), 0.0)
    return NewDocument(entry, np.empty(0, np.uint64), np.array(paragraphs, dtype=np.uint64), False)


def check_owners(index) -> None:
    first, second = index.add_many([new_doc("a", [10, BIG]), new_doc("b", [30])])
    (third,) = index.add_many([new_doc("c", [10])])  # a later owner of a line: the first one still answers
    asked = [np.array([BIG, 99, 30], np.uint64), np.empty(0, np.uint64), np.array([10], np.uint64)]
    assert index.paragraph_owner_array(np.concatenate(asked)).tolist() == [first, -1, second, min(first, third)]
    assert index.paragraph_owner_array([]).tolist() == []
    assert index.paragraph_owner_array(np.empty(0, np.uint64)).tolist() == []


def test_memory_index_names_the_first_owner_of_each_line():
    check_owners(MemoryIndex(PARAMS))


def test_sqlite_index_names_the_owner_of_each_line(tmp_path, tools):
    tools.paragraphs_find_their_owner(open_index(str(tmp_path / "index.db"), PARAMS))


@pytest.mark.parametrize("hashes, docs, expected", [
    ([5, 6, 5, 7, 6, 5], [0, 0, 1, 1, 2, 2], [-1, -1, 0, -1, 0, 0]),  # the earliest holder, not the last
    ([5, 5], [0, 0], [-1, -1]),  # a document does not hold a line before itself
    ([], [], []),
])
def test_earlier_holders_in_a_batch(hashes, docs, expected):
    got = earlier_holders(np.array(hashes, dtype=np.uint64), np.array(docs, dtype=np.int64))
    assert got.tolist() == expected
