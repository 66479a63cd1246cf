"""`cleaner check` in worker processes: the same report and the same fixes as one process."""

import json
import shutil
from pathlib import Path

import pytest

from cleaner import cli
from cleaner.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def corpus(tmp_path):
    """The seeds, a folder of sites' pages and a JSONL of news: one batch of several files."""
    for seed in sorted(FIXTURES.glob("00*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    shutil.copy(FIXTURES / "news.jsonl", tmp_path / "news.jsonl")
    shutil.copy(FIXTURES / "dedup" / "sites.jsonl", tmp_path / "sites.jsonl")
    return tmp_path


def _report(capsys, *argv):
    code = main(["check", "--format", "json", "--no-progress", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_workers_report_what_one_process_reports(corpus, capsys):
    one = _report(capsys, "--workers", "1", str(corpus))
    two = _report(capsys, "--workers", "2", str(corpus))
    assert one[0] == 1 and len(one[1]) > 50
    assert two == one
    # Cross-document findings too: the files are one batch in either case.
    assert any(row["code"].startswith("D2") or row["code"] == "D301" for row in one[1])


def test_workers_fix_what_one_process_fixes(corpus, tmp_path_factory, capsys):
    other = tmp_path_factory.mktemp("other")
    shutil.copytree(corpus, other, dirs_exist_ok=True)
    main(["check", "--fix", "--no-progress", "--workers", "1", str(corpus)])
    main(["check", "--fix", "--no-progress", "--workers", "2", str(other)])
    capsys.readouterr()
    names = sorted(p.name for p in corpus.iterdir())
    assert [(corpus / n).read_bytes() for n in names] == [(other / n).read_bytes() for n in names]
    assert (corpus / "news.jsonl").read_bytes() != (FIXTURES / "news.jsonl").read_bytes()


def test_small_inputs_and_single_batches_stay_in_one_process_and_large_ones_use_every_core(corpus, monkeypatch, capsys):
    asked = []
    real = cli.Cleaner.stream

    def stream(self, records, workers=1):
        asked.append(workers)
        return real(self, records, workers)

    monkeypatch.setattr(cli.Cleaner, "stream", stream)
    monkeypatch.setattr(cli, "default_workers", lambda: 3)
    main(["check", "--no-progress", str(corpus / "001_95c8228699a40873.txt")])
    monkeypatch.setattr(cli, "CHECK_WORKERS_MIN_BYTES", 10)
    main(["check", "--no-progress", str(corpus / "001_95c8228699a40873.txt")])
    main(["check", "--no-progress", str(corpus)])
    main(["check", "--no-progress", "--workers", "2", str(corpus / "001_95c8228699a40873.txt")])
    capsys.readouterr()
    # One document is one batch: workers would only pass its results between processes.
    assert asked == [1, 1, 3, 2]


def test_workers_must_be_at_least_one(corpus, capsys):
    assert main(["check", "--workers", "0", str(corpus)]) == 2
    assert "--workers: must be at least 1" in capsys.readouterr().err
