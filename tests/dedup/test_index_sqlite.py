"""The SQLite index: persistent across processes, safe with several writers."""

from __future__ import annotations

import json
import multiprocessing
import os
import time

import numpy as np
import pytest
from datasketch import MinHashLSH

from cleaner import Cleaner, Config
from cleaner.cli import main
from cleaner.dedup.corpus import index_parameters
from cleaner.dedup.index import DuplicateIndexError, IndexedDocument, NewDocument, open_index
from cleaner.dedup.index.base import BandedLSH
from cleaner.dedup.signatures import lean, minhash


PARAMS = index_parameters(Config().dedup)


def test_second_run_in_a_new_process_finds_the_first_runs_documents(tmp_path, site_records, tools):
    index = str(tmp_path / ".cleaner" / "index.db")  # the folder is created on first use
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    tools.write_jsonl(first, site_records[:60])
    tools.write_jsonl(second, [{**r, "id": "again-" + r["id"]} for r in site_records[:60]])
    assert tools.clean_in_new_process(first, tmp_path / "out1.jsonl", index).returncode == 0
    assert tools.clean_in_new_process(second, tmp_path / "out2.jsonl", index).returncode == 0
    # Every record of the second batch is a copy of a record of the first.
    out2 = tools.read_jsonl(tmp_path / "out2.jsonl")
    assert all(r["duplicate_of"] and not r["duplicate_of"].startswith("again-") for r in out2)


def test_rerunning_a_batch_against_its_own_index_gives_the_same_answers(tmp_path, site_records, tools):
    index = str(tmp_path / "index.db")
    src = tmp_path / "batch.jsonl"
    # with records given twice: record 3 again in its batch of 64, record 5 again in the next batch
    base = site_records[:80]
    assert len(base) == 80
    records = base[:10] + [base[3]] + base[10:] + [base[5]]
    tools.write_jsonl(src, records)
    assert tools.clean_in_new_process(src, tmp_path / "a.jsonl", index).returncode == 0
    assert tools.clean_in_new_process(src, tmp_path / "b.jsonl", index).returncode == 0
    a, b = tools.read_jsonl(tmp_path / "a.jsonl"), tools.read_jsonl(tmp_path / "b.jsonl")
    assert [(r["id"], r["duplicate_of"], r["findings"]) for r in a] == \
           [(r["id"], r["duplicate_of"], r["findings"]) for r in b]
    assert sum(r["duplicate_of"] is None for r in b) > 0  # not everything is a copy of itself
    for run_output in (a, b):  # each repeated record is a copy in both runs
        for at in (10, 81):
            assert run_output[at]["duplicate_of"] is not None
            assert any("the same record as" in f["message"] for f in run_output[at]["findings"])


def story(n: int, words: int = 60) -> str:
    body = " ".join(f"w{n}x{i}" for i in range(words))
    return f"Report {n}: {body}. The council said more details would follow next week."


def _add_documents(path: str, start: int, count: int) -> None:
    with Cleaner(Config(index=path)) as cleaner:
        for n in range(start, start + count):
            cleaner.check(story(n), id=f"doc-{n}")


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.db")
    open_index(path, PARAMS).close()  # create it, so both writers start on an existing file
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_documents, args=(path, k * 1000, 150)) for k in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    index = open_index(path, PARAMS)
    try:
        assert index.stats().documents == 300
        seqs = index.find_identities([(f"doc-{n}", _hash(story(n))) for n in (0, 149, 1000, 1149)])
        assert None not in seqs
    finally:
        index.close()


def _hash(text: str) -> int:
    from cleaner.dedup.corpus import content_hash

    return content_hash(text)


def test_stats_and_prune(tmp_path, capsys):
    path = str(tmp_path / "index.db")
    _add_documents(path, 0, 5)
    assert main(["index", "stats", "--index", path]) == 0
    assert "documents:    5" in capsys.readouterr().out
    assert main(["index", "prune", "--older-than", "1", "--index", path]) == 0
    assert "pruned 0 documents" in capsys.readouterr().out
    assert main(["index", "prune", "--older-than", "0", "--index", path]) == 0
    assert "pruned 5 documents" in capsys.readouterr().out
    index = open_index(path, PARAMS)
    try:
        stats = index.stats()
        assert (stats.documents, stats.fingerprints, stats.paragraphs) == (0, 0, 0)
    finally:
        index.close()
    # Forgotten documents are not found any more.
    with Cleaner(Config(index=path)) as cleaner:
        assert cleaner.clean(story(1), id="new").duplicate_of is None


def test_index_built_with_other_settings_is_refused(tmp_path):
    path = str(tmp_path / "index.db")
    open_index(path, PARAMS).close()
    other = index_parameters(Config().dedup.__class__(num_perm=64))
    with pytest.raises(DuplicateIndexError, match="other settings"):
        open_index(path, other)


def test_not_an_index(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database" * 100)
    with pytest.raises(DuplicateIndexError, match="not a usable SQLite index"):
        open_index(str(path), PARAMS)


def test_another_applications_database_is_refused_and_left_alone(tmp_path):
    import sqlite3

    path = tmp_path / "app.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (id INTEGER)")
    with pytest.raises(DuplicateIndexError, match="another application"):
        open_index(str(path), PARAMS)
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["users"]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_redis_url_with_a_bad_port_or_database_is_an_error(tmp_path, capsys):
    # Parsed before any connection: every record was rejected as an internal error.
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Some text of a record."}\n')
    for url in ("redis://127.0.0.1:6379/abc", "redis://127.0.0.1:notaport/0"):
        assert main(["clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--index", url]) == 2
        assert "with numbers for the port and the database" in capsys.readouterr().err


def test_prune_wants_a_number_of_days(tmp_path, capsys):
    path = str(tmp_path / "index.db")
    open_index(path, PARAMS).close()
    for days in ("nan", "-1"):
        assert main(["index", "prune", "--older-than", days, "--index", path]) == 2
    assert "0 or more" in capsys.readouterr().err


def test_memory_and_sqlite_answer_alike(tmp_path, site_records):
    results = {}
    for name, index in (("memory", None), ("sqlite", str(tmp_path / "i.db"))):
        with Cleaner(Config(index=index)) as cleaner:
            results[name] = [(r.duplicate_of, [(f.code, f.start, f.message) for f in r.findings])
                             for r in cleaner.stream([dict(r) for r in site_records])]
    assert results["memory"] == results["sqlite"]


def test_banded_lsh_builds_the_tables_minhashlsh_builds():
    rng = np.random.default_rng(3)
    sigs = [minhash(rng.integers(0, 2**32, 80, dtype=np.uint64).astype(np.uint32), 128) for _ in range(5)]
    lsh = MinHashLSH(num_perm=128, params=PARAMS.bands)
    banded = BandedLSH(lsh)
    for i, sig in enumerate(sigs):
        banded.insert(i, sig)
    assert [lsh.query(lean(s)) for s in sigs] == [[i] for i in range(5)]
    assert [banded.query(s) for s in sigs] == [{i} for i in range(5)]


def test_bulk_questions_on_an_empty_index(tmp_path):
    for location in (None, str(tmp_path / "e.db")):
        index = open_index(location, PARAMS)
        try:
            assert index.find_identities([]) == [] and index.similar_many([]) == []
            assert index.fingerprint_hits_many([np.empty(0, np.uint64)]) == [{}]
            assert index.entries([]) == {}
            doc = IndexedDocument("a", 1, "a", 0, np.full(128, 0xFFFFFFFF, np.uint32), np.empty(0, np.uint64),
                                  time.time())
            assert index.add_many([NewDocument(doc, np.empty(0, np.uint64), [], False)]) == [1]
        finally:
            index.close()


def test_known_bands_are_what_datasketch_picks():
    from datasketch.lsh import _optimal_param

    from cleaner.dedup.index.base import KNOWN_BANDS

    for (threshold, num_perm), bands in KNOWN_BANDS.items():
        assert _optimal_param(threshold, num_perm, 0.5, 0.5) == bands


def test_an_edited_article_keeps_one_version_in_the_index(tmp_path, tools):
    tools.edited_article_keeps_one_version(str(tmp_path / "index.db"))


def test_stats_of_a_mistyped_index_path_is_an_error_and_creates_nothing(tmp_path, capsys):
    path = tmp_path / "typo.db"
    assert main(["index", "stats", "--index", str(path)]) == 2
    assert "no such index" in capsys.readouterr().err
    assert not path.exists()


def test_a_file_reached_by_another_path_is_the_same_document(tmp_path, monkeypatch, capsys, site_records):
    # pre-commit passes a file from the project root, an editor by its absolute path,
    # a developer from a subfolder: the project's index must know it as one document.
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nindex = ".cleaner/index.db"\n')
    (tmp_path / "sub").mkdir()
    article = tmp_path / "a.txt"
    article.write_text(site_records[0]["text"])
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--select", "D", "--format", "json", "a.txt"]) == 0
    assert main(["check", "--select", "D", "--format", "json", str(article)]) == 0
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["check", "--select", "D", "--format", "json", os.path.join("..", "a.txt")]) == 0
    assert "D301" not in capsys.readouterr().out
    # A second file with the same text is still a copy of it, named by its path in the project.
    (tmp_path / "sub" / "b.txt").write_text(site_records[0]["text"])
    assert main(["check", "--select", "D", "--format", "json", "b.txt"]) == 1
    (finding,) = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "D301"]
    assert finding["doc_id"] == "sub/b.txt" and "document a.txt" in finding["message"]
