"""Shared fixtures for the duplicate tests: the seed documents and the benchmark sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed articles, by their three-digit prefix ("003")."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("0*.txt"))}


@pytest.fixture(scope="session")
def site_records() -> list[dict]:
    """fixtures/dedup/sites.jsonl: all versions of 8 pages, four pairs of one site each."""
    with open(FIXTURES / "dedup" / "sites.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="session")
def site_truth() -> dict[str, str]:
    with open(FIXTURES / "dedup" / "sites.truth.json", encoding="utf-8") as handle:
        return json.load(handle)


# -- helpers for the index tests (a fixture, so that no test imports another module) --


def story(n: int, words: int = 60) -> str:
    """A made-up article, distinct for each n, long enough for containment tests."""
    body = " ".join(f"w{n}x{i}" for i in range(words))
    return f"Report {n}: {body}. The council said more details would follow next week."


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def clean_in_new_process(src: Path, out: Path, index: str, *extra: str) -> subprocess.CompletedProcess:
    """`python -m cleaner clean` in its own process, as an ingestion job would run it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "--index", index,
                           *extra], capture_output=True, text=True, env=env, cwd=str(ROOT))


def edited_article_keeps_one_version(index: str) -> None:
    """An article checked, edited (a paragraph dropped) and checked again, each in a
    new run: a new page with the dropped paragraph is not said to share it with the
    article; a paragraph both versions have still is. Records without an id
    ("line-1") name no article, and never replace one another."""
    from cleaner import Cleaner, Config
    from cleaner.dedup.corpus import index_parameters
    from cleaner.dedup.index import open_index

    kept = "The council said the budget vote would take place on Thursday after a long debate."
    dropped = "Residents who spoke at the hearing asked for more money for the bus lines in the north."
    for text in (f"{story(1)}\n{kept}\n{dropped}\n", f"{story(1)}\n{kept}\n"):  # then edited
        with Cleaner(Config(index=index)) as cleaner:
            cleaner.check(text, id="a.txt")
    page = f"{story(2)}\n{dropped}\n{kept}\n"
    with Cleaner(Config(index=index)) as cleaner:
        shared = [(page[f.start:f.end], f.data["other_document"]) for f in cleaner.check(page, id="c.txt")
                  if f.code == "D201"]
    assert shared == [(kept, "a.txt")]
    for n in (3, 4):
        with Cleaner(Config(index=index)) as cleaner:
            list(cleaner.stream([{"text": story(n)}]))
    # Both versions of an article in one batch (a feed that lists the URL twice): one kept,
    # and it owns its paragraphs.
    ferry = "The new ferry line will start in May and run every hour between the two harbours."
    with Cleaner(Config(index=index)) as cleaner:
        list(cleaner.stream([{"id": "e.txt", "text": f"{story(5)}\n{kept}\n{ferry}\n"},
                             {"id": "e.txt", "text": f"{story(5)}\n{ferry}\n"}]))
    with Cleaner(Config(index=index)) as cleaner:
        later = f"{story(6)}\n{ferry}\n"
        owners = {f.data["other_document"] for f in cleaner.check(later, id="f.txt") if f.code == "D201"}
    assert owners == {"e.txt"}
    store = open_index(index, index_parameters(Config().dedup))
    try:
        # a.txt (one version), c.txt, both line-1 records, e.txt (one version), f.txt
        assert store.stats().documents == 6
    finally:
        store.close()


def paragraph_owner(doc_id: str, paragraphs: list[int], num_perm: int):
    """A document to add to an index that holds only ``paragraphs`` (their hashes)."""
    import numpy as np

    from cleaner.dedup.index import IndexedDocument, NewDocument

    entry = IndexedDocument(doc_id, len(doc_id), doc_id, 10, np.zeros(num_perm, np.uint32), np.empty(0, np.uint64), 0.0)
    return NewDocument(entry, np.empty(0, np.uint64), np.array(paragraphs, dtype=np.uint64), False)


def paragraphs_find_their_owner(index) -> None:
    """An index (empty) names the owner of each of a batch's lines, -1 for none."""
    import numpy as np

    big = (1 << 64) - 5  # above 2**63: SQLite stores it signed
    try:
        n = index.params.num_perm
        first, second = index.add_many([paragraph_owner("a", [10, big], n), paragraph_owner("b", [30], n)])
        asked = [np.array([big, 99, 30], np.uint64), np.empty(0, np.uint64), np.array([10], np.uint64)]
        assert index.paragraph_owner_array(np.concatenate(asked)).tolist() == [first, -1, second, first]
        assert index.paragraph_owner_array([]).tolist() == []
        assert index.paragraph_owner_array(np.empty(0, np.uint64)).tolist() == []
    finally:
        index.close()


@pytest.fixture(scope="session")
def tools() -> SimpleNamespace:
    return SimpleNamespace(story=story, write_jsonl=write_jsonl, read_jsonl=read_jsonl,
                           clean_in_new_process=clean_in_new_process,
                           edited_article_keeps_one_version=edited_article_keeps_one_version,
                           paragraphs_find_their_owner=paragraphs_find_their_owner,
                           paragraph_owner=paragraph_owner)
