"""The Redis index, against a real server on 127.0.0.1:6379 (.ci/run starts one).

Skipped when no server answers locally; with CI set they fail instead, so that
CI cannot pass by skipping them.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid

import pytest

from cleaner import Cleaner, Config
from cleaner.cli import main
from cleaner.dedup.corpus import content_hash, index_parameters
from cleaner.dedup.index import DuplicateIndexError, open_index

redis = pytest.importorskip("redis")

PARAMS = index_parameters(Config().dedup)
DB = 15  # a database of its own; keys are under a fresh prefix per test anyway


def _server_answers() -> bool:
    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, db=DB, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


if not _server_answers():
    if os.environ.get("CI"):
        pytest.fail("CI is set but no Redis server answers on 127.0.0.1:6379 (.ci/run starts one)",
                    pytrace=False)
    pytest.skip("no Redis server on 127.0.0.1:6379", allow_module_level=True)


@pytest.fixture
def url():
    prefix = f"cleaner-test-{uuid.uuid4().hex[:12]}"
    yield f"redis://127.0.0.1:6379/{DB}?prefix={prefix}"
    r = redis.Redis(host="127.0.0.1", port=6379, db=DB)
    for key in r.scan_iter(match=f"{prefix}:*".encode(), count=1000):
        r.delete(key)


def story(n: int, words: int = 60) -> str:
    body = " ".join(f"w{n}x{i}" for i in range(words))
    return f"Report {n}: {body}. The council said more details would follow next week."


def test_second_run_in_a_new_process_finds_the_first_runs_documents(tmp_path, site_records, tools, url):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    tools.write_jsonl(first, site_records[:50])
    tools.write_jsonl(second, [{**r, "id": "again-" + r["id"]} for r in site_records[:50]])
    run1 = tools.clean_in_new_process(first, tmp_path / "out1.jsonl", url)
    assert run1.returncode == 0, run1.stderr
    assert tools.clean_in_new_process(second, tmp_path / "out2.jsonl", url).returncode == 0
    out2 = tools.read_jsonl(tmp_path / "out2.jsonl")
    assert all(r["duplicate_of"] and not r["duplicate_of"].startswith("again-") for r in out2)


def test_rerun_and_same_answers_as_memory(tmp_path, site_records, tools, url):
    src = tmp_path / "batch.jsonl"
    tools.write_jsonl(src, site_records[:60])
    assert tools.clean_in_new_process(src, tmp_path / "a.jsonl", url).returncode == 0
    assert tools.clean_in_new_process(src, tmp_path / "b.jsonl", url).returncode == 0
    a, b = tools.read_jsonl(tmp_path / "a.jsonl"), tools.read_jsonl(tmp_path / "b.jsonl")
    with Cleaner(Config()) as cleaner:
        memory = [(r.doc.id, r.duplicate_of) for r in cleaner.stream([dict(r) for r in site_records[:60]])]
    assert [(r["id"], r["duplicate_of"]) for r in a] == memory
    assert [(r["id"], r["duplicate_of"], r["findings"]) for r in a] == \
           [(r["id"], r["duplicate_of"], r["findings"]) for r in b]


def _add_documents(url: str, start: int, count: int) -> None:
    with Cleaner(Config(index=url)) as cleaner:
        for n in range(start, start + count):
            cleaner.check(story(n), id=f"doc-{n}")


def test_two_workers_writing_at_once_lose_nothing(url):
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_documents, args=(url, k * 1000, 100)) for k in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    index = open_index(url, PARAMS)
    try:
        assert index.stats().documents == 200
        seqs = index.find_identities([(f"doc-{n}", content_hash(story(n))) for n in (0, 99, 1000, 1099)])
        assert None not in seqs and len(set(seqs)) == 4
    finally:
        index.close()


def test_stats_and_prune(url, capsys):
    _add_documents(url, 0, 4)
    assert main(["index", "stats", "--index", url]) == 0
    assert "documents:    4" in capsys.readouterr().out
    assert main(["index", "prune", "--older-than", "0", "--index", url]) == 0
    assert "pruned 4 documents" in capsys.readouterr().out
    with Cleaner(Config(index=url)) as cleaner:
        assert cleaner.clean(story(1), id="new").duplicate_of is None
        assert cleaner.clean(story(1), id="newer").duplicate_of == "new"


def test_prune_forgets_everything_of_the_pruned_and_exact_copies_match_again(url, capsys):
    # A table with no running text is matched only as an exact copy: the pruned first
    # copy must not keep its place as "the first document with this text".
    table = "\n".join(f"{n} Team {n} {40 - n} {n * 3} {n + 7}" for n in range(1, 13))
    with Cleaner(Config(index=url)) as cleaner:
        cleaner.clean(table, id="A")
        cleaner.clean(story(1), id="S")
    assert main(["index", "prune", "--older-than", "0", "--index", url]) == 0
    assert main(["index", "stats", "--index", url]) == 0
    stats = dict(line.split(":", 1) for line in capsys.readouterr().out.splitlines() if ":" in line)
    assert int(stats["documents"]) == 0 and int(stats["fingerprints"]) == 0
    with Cleaner(Config(index=url)) as cleaner:
        assert cleaner.clean(table, id="A2").duplicate_of is None
        assert cleaner.clean(table, id="B").duplicate_of == "A2"


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(DuplicateIndexError, match="cannot reach Redis"):
        open_index("redis://127.0.0.1:1/0", PARAMS)


def test_datasketch_reads_the_lsh_it_wrote(url):
    """The LSH tables are datasketch's: a MinHashLSH with the same storage finds our documents."""
    from datasketch import MinHashLSH

    from cleaner.dedup.signatures import lean

    _add_documents(url, 0, 3)
    index = open_index(url, PARAMS)
    try:
        prefix = url.split("prefix=")[1]
        lsh = MinHashLSH(num_perm=128, params=PARAMS.bands,
                         storage_config={"type": "redis", "basename": f"{prefix}:lsh".encode(),
                                         "redis": {"host": "127.0.0.1", "port": 6379, "db": DB}})
        entries = index.entries([1, 2, 3])
        assert [lsh.query(lean(entries[s].signature)) for s in (1, 2, 3)] == [[1], [2], [3]]
    finally:
        index.close()


def test_an_edited_article_keeps_one_version_in_the_index(url, tools):
    tools.edited_article_keeps_one_version(url)


def test_paragraph_owners_of_a_batchs_lines(url, tools):
    tools.paragraphs_find_their_owner(open_index(url, PARAMS))
