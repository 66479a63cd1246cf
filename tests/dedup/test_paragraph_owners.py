"""Who had a paragraph first, as the indexes answer it for a batch's lines
(`paragraph_owner_array`), and the batch's own answer (`batch.earlier_holders`)."""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Config
from cleaner.dedup.batch import earlier_holders
from cleaner.dedup.corpus import index_parameters
from cleaner.dedup.index import open_index
from cleaner.dedup.index.memory import MemoryIndex

PARAMS = index_parameters(Config().dedup)


def test_memory_index_names_the_owner_of_each_line(tools):
    tools.paragraphs_find_their_owner(MemoryIndex(PARAMS))


def test_memory_index_keeps_the_first_owner_of_a_line(tools):
    """An index of one run keeps every version of an article: a line's first owner stays."""
    index = MemoryIndex(PARAMS)
    (first,) = index.add_many([tools.paragraph_owner("a", [10], PARAMS.num_perm)])
    index.add_many([tools.paragraph_owner("c", [10], PARAMS.num_perm)])
    assert index.paragraph_owner_array(np.array([10], np.uint64)).tolist() == [first]


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
