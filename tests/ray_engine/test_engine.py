"""The Ray engine against the single-machine path on real documents.

Corpus: fixtures/neardup_hard.jsonl.xz, a copy of /work/shared/data/neardup_hard.jsonl
(88 real news pages from the Zyte article-extraction benchmark, MIT licence, each
as extracted by ~22 tools plus the full page text: 2,075 documents, many of them
near-duplicates of each other).

Ray is an optional extra: without it these tests skip, except under CI=true,
where a missing Ray is a failure (CI installs `.[ray]`).
"""

from __future__ import annotations

import io
import json
import lzma
import os
import shutil

import pytest

from tests.conftest import FIXTURES

if os.environ.get("CI", "").lower() == "true":
    import ray  # noqa: F401  (CI must run these tests, not skip them)
else:
    ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_local():
    from ray import cloudpickle

    from tests.ray_engine import standin
    from cleaner.ray.job import connect

    cloudpickle.register_pickle_by_value(standin)  # workers cannot import tests/
    connect(num_cpus=2)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("ray") / "neardup_hard.jsonl"
    with lzma.open(FIXTURES / "neardup_hard.jsonl.xz", "rb") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def _components(edges, ids):
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups = {}
    for i in ids:
        groups.setdefault(find(i), set()).add(i)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


def _single_machine_standin(corpus, monkeypatch):
    from cleaner import stages
    from cleaner.api import Cleaner
    from cleaner.sources import iter_jsonl, open_jsonl
    from tests.ray_engine.standin import StandInDuplicates

    monkeypatch.setattr(stages, "build_stages", lambda config: [StandInDuplicates()])
    edges, ids = [], []
    with Cleaner() as cleaner, open_jsonl(str(corpus)) as handle:
        for result in cleaner.stream(iter_jsonl(handle, str(corpus))):
            ids.append(result.doc.id)
            edges.extend((result.doc.id, other) for other in result.annotations.get("near_duplicates", ()))
    return ids, _components(edges, ids)


def test_ray_clusters_match_single_machine_with_the_same_decision(ray_local, corpus, monkeypatch):
    """Plumbing: the same decision function gives identical clusters on both paths."""
    from cleaner.config import Config
    from cleaner.ray.job import clean_on_ray
    from tests.ray_engine import standin

    ids, local = _single_machine_standin(corpus, monkeypatch)
    monkeypatch.undo()
    out = io.StringIO()
    counts = clean_on_ray(str(corpus), out, None, Config(select=("Q",)), workers=2, method=standin.METHOD)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ids  # every record, in input order
    edges = [(r["id"], r["duplicate_of"]) for r in records if r["duplicate_of"]]
    remote = _components(edges, ids)
    assert len(local) > 50  # the corpus is full of near-duplicates: the test can fail
    assert remote == local
    assert counts.duplicates == sum(len(c) - 1 for c in local)
    # The survivor is the earliest member of its cluster, in input order.
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    for r in records:
        if r["duplicate_of"]:
            cluster = next(c for c in remote if r["id"] in c)
            assert r["duplicate_of"] == min(cluster, key=order.__getitem__)


def test_cli_engine_ray_writes_what_the_local_engine_writes(ray_local, corpus, tmp_path, monkeypatch):
    """Per-document results are the same, record for record, rejects included.

    The cross-document checks that Ray runs (near-duplicates, lines repeated across
    a site) are tested above and below, so they are left out here; the local run
    is made per-document too by switching off its reconcile step.
    """
    from cleaner.cli import main
    from cleaner.pipeline import Pipeline
    from cleaner.rules import all_rules

    ignore = ["--ignore", "D,B113"] if any(r.family == "D" for r in all_rules()) else ["--ignore", "B113"]
    monkeypatch.setattr(Pipeline, "reconcile", lambda self, analysis, corpus: analysis)
    monkeypatch.setattr(Pipeline, "reconcile_many", lambda self, analyses, corpus: analyses)
    lines = corpus.read_text(encoding="utf-8").splitlines()[:150]
    lines[3:3] = ["{broken", "", json.dumps({"text": "A record without an id.\nSecond line."})]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for engine in ("local", "ray"):
        out, rejects = tmp_path / f"{engine}.jsonl", tmp_path / f"{engine}.rejects.jsonl"
        code = main(["clean", str(src), "-o", str(out), "--rejects", str(rejects), "--engine", engine,
                     "--workers", "2", *ignore])
        assert code == 1  # one record rejected
        outputs.append((out.read_text(encoding="utf-8"), rejects.read_text(encoding="utf-8")))
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0][1])["line"] == 4
    assert len(outputs[0][0].splitlines()) == 151


def _clean_both_ways(src, tmp_path, *options: str) -> tuple[list[dict], list[dict]]:
    """The output records of `clean OPTIONS` on one machine and on Ray."""
    from cleaner.cli import main

    outputs = {}
    for engine in ("local", "ray"):
        out = tmp_path / f"{engine}.jsonl"
        assert main(["clean", str(src), "-o", str(out), "--engine", engine, "--workers", "2", *options]) == 0
        outputs[engine] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return outputs["local"], outputs["ray"]


def _duplicates_both_ways(src, tmp_path) -> tuple[list[dict], list[dict]]:
    return _clean_both_ways(src, tmp_path, "--select", "D3")


def test_ray_finds_the_same_near_duplicates_as_one_machine(ray_local, corpus, tmp_path):
    """The acceptance check: the duplicate family's clusters, both ways, on 2,075 real documents.

    Every record gets the same `duplicate_of` (so the clusters have identical
    membership and the same survivor), and the same D301 finding.
    """
    pytest.importorskip("cleaner.dedup.corpus")
    local, remote = _duplicates_both_ways(corpus, tmp_path)
    assert [r["id"] for r in remote] == [r["id"] for r in local]
    duplicates = [r for r in local if r["duplicate_of"]]
    assert len(duplicates) > 1000  # 88 pages, ~23 versions each: the test can fail
    assert [r["duplicate_of"] for r in remote] == [r["duplicate_of"] for r in local]
    assert [r["findings"] for r in remote] == [r["findings"] for r in local]
    ids = [r["id"] for r in local]
    edges = [(r["id"], r["duplicate_of"]) for r in local if r["duplicate_of"]]
    assert _components(edges, ids) == _components([(r["id"], r["duplicate_of"]) for r in remote
                                                   if r["duplicate_of"]], ids)


def test_a_record_given_again_is_marked_as_on_one_machine(ray_local, corpus, tmp_path):
    """The same id and text twice (the same URL scraped twice): a copy of its first
    record, in that record's group, with the same finding, within a batch and across."""
    lines = corpus.read_text(encoding="utf-8").splitlines()[:200]
    lines[10:10] = [lines[3]]  # again in the same batch of 64
    lines.append(lines[5])  # again, batches later
    src = tmp_path / "again.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    local, remote = _duplicates_both_ways(src, tmp_path)
    again = [local[10], local[-1]]
    assert all("the same record as" in f["message"] for r in again for f in r["findings"] if f["code"] == "D301")
    assert all(r["duplicate_of"] for r in again)
    assert [r["duplicate_of"] for r in remote] == [r["duplicate_of"] for r in local]
    assert [r["findings"] for r in remote] == [r["findings"] for r in local]


def test_a_record_that_breaks_after_its_analysis_is_rejected_and_the_job_goes_on(ray_local, tmp_path):
    """As on one machine (`Cleaner._finished_or_rejected`): a bug met by one record
    rejects that record as an internal error; the others are written."""
    from cleaner.config import Config
    from cleaner.ray.job import clean_on_ray
    from tests.ray_engine import standin

    words = "The council approved the new budget for schools and roads after a long debate"
    lines = [json.dumps({"id": str(i), "text": f"{words} number {i}."}) for i in range(30)]
    lines[7] = json.dumps({"id": "7", "text": f"{words}. CRASH-AFTER-ANALYSIS here."})
    src = tmp_path / "crash.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, rejects = io.StringIO(), io.StringIO()
    counts = clean_on_ray(str(src), out, rejects, Config(select=("Q",)), workers=2, method=standin.CRASHING_METHOD)
    written = [json.loads(line)["id"] for line in out.getvalue().splitlines()]
    assert written == [str(i) for i in range(30) if i != 7]
    rejected = [json.loads(line) for line in rejects.getvalue().splitlines()]
    assert len(rejected) == 1 and rejected[0]["line"] == 8
    assert "internal error" in rejected[0]["reason"] and "the stand-in broke" in rejected[0]["reason"]
    assert (counts.records_in, counts.records_out, counts.rejected) == (30, 29, 1)


def test_without_a_rejects_file_the_ray_engine_says_why_lines_were_rejected(ray_local, tmp_path, capsys):
    from cleaner.cli import main

    src = tmp_path / "bad.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"id": "1", "text": "A good record of one sentence."}\n{broken\n[1, 2]\n')
    assert main(["clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--engine", "ray", "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: rejected: malformed JSON" in err and f"{src}:3: rejected: record is a JSON list" in err
    assert "1 out" in err  # the record after the byte-order mark is read, as on one machine


def test_ray_writes_what_one_machine_writes_with_lines_repeated_across_a_site(ray_local, corpus, tmp_path):
    """The acceptance check for B113: every output record the same both ways, text,
    findings, quality and duplicate_of, on 2,075 real documents (88 pages of a few
    dozen sites, ~23 versions each). Left out: what Ray does not run yet (D201, F301)."""
    local, remote = _clean_both_ways(corpus, tmp_path, "--ignore", "D2,F301")
    flagged = [r for r in local if any(f["code"] == "B113" for f in r["findings"])]
    assert len(flagged) > 100  # the test can fail: B113 removes lines from these
    assert any(r["duplicate_of"] for r in flagged)
    assert [r["id"] for r in remote] == [r["id"] for r in local]
    for mine, theirs in zip(remote, local):
        assert mine == theirs, mine["id"]
