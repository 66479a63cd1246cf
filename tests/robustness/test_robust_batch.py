"""`cleaner clean` loses nothing: every bad record is rejected with its line and
reason, every good record comes out, in == out + dropped + rejected, the exit code
says whether anything was rejected, and a run stopped half-way (SIGKILL, SIGTERM)
can be resumed without duplicating or losing output.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from cleaner import cli, sources

try:
    from . import hostile
except ImportError:
    import hostile

HERE = Path(__file__).resolve().parent
SUMMARY = re.compile(r"(\d+) records in, (\d+) out, (\d+) dropped, (\d+) rejected")


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr("cleaner.stages.build_stages", lambda config: hostile.toy_stages())


def _good(i: int, text: str | None = None, **extra) -> bytes:
    return json.dumps({"id": f"g{i}", "text": text if text is not None else f"Good record {i},fine.",
                       **extra}, ensure_ascii=False).encode("utf-8")


# (line bytes, expected reason fragment) — every way a line can be unusable.
BAD_LINES = [
    (b'{"id": "x", "text": "unterminated', "malformed JSON"),
    (b"not json at all", "malformed JSON"),
    (b"[1, 2, 3]", "JSON list, not an object"),
    (b"42", "JSON int, not an object"),
    (b'"just a string"', "JSON str, not an object"),
    (b"null", "JSON NoneType, not an object"),
    (b'{"id": "m"}', "no string field 'text'"),
    (b'{"id": "n", "text": null}', "no string field 'text'"),
    (b'{"id": "i", "text": 12}', "'text' is a int"),
    (b'{"id": "l", "text": ["a"]}', "'text' is a list"),
    (b'{"id": ["x"], "text": "ok"}', "'id' is a list"),
    (b'{"id": "nul", "text": "a\x00b"}', "NUL byte"),
    (b'{"id": "u8", "text": "caf\xe9"}', "not valid UTF-8"),
    (b'{"id": "s", "text": "lone \\ud800 surrogate"}', "surrogate"),
    (b'{"id": 1' + b"1" * 5000 + b', "text": "big id"}', "unreadable JSON value"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"id": "d", "text": "ok", "published": "yesterday"}', "not an ISO date"),
    (b'{"id": "g", "text": "ok", "published": "2025-07-31junk"}', "not an ISO date"),
    (b'{"id": "t", "text": "ok", "title": 5}', "'title' is a int"),
]


def _summary(err: str) -> tuple[int, int, int, int]:
    match = SUMMARY.search(err)
    assert match, err
    return tuple(int(x) for x in match.groups())


def _read_jsonl(path: Path) -> list[dict]:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return [json.loads(line) for line in data.split(b"\n") if line.strip()]


def test_every_bad_record_is_rejected_with_line_and_reason(tmp_path, toy, capsys):
    rng = random.Random(3)
    lines: list[bytes] = [b"\xef\xbb\xbf" + _good(0)]  # a BOM on the first line is not an error
    expected_bad: dict[int, str] = {}
    good_ids = ["g0"]
    for i, (bad, reason) in enumerate(BAD_LINES, 1):
        lines.append(_good(i, keep={"nested": [i, None]}))
        good_ids.append(f"g{i}")
        if rng.random() < 0.3:
            lines.append(b"   ")  # blank lines are not records
        lines.append(bad)
        expected_bad[len(lines)] = reason
    lines.append(_good(900, text="NUL escape \\u0000 and line sep \u2028 are text, not errors"))
    good_ids.append("g900")
    lines.append(_good(901, text="CRLF line") + b"\r")
    good_ids.append("g901")
    lines.append(_good(902, text="last line without a newline"))
    good_ids.append("g902")
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines))
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"

    code = cli.main(["clean", str(src), "-o", str(out), "--rejects", str(rej)])
    err = capsys.readouterr().err
    assert code == 1  # something was rejected
    records = _read_jsonl(out)
    assert [r["id"] for r in records] == good_ids
    assert records[1]["keep"] == {"nested": [1, None]}  # other fields pass through untouched
    assert "\u2028" in records[-3]["text"]
    rejected = {r["line"]: r for r in _read_jsonl(rej)}
    assert set(rejected) == set(expected_bad)
    for line, reason in expected_bad.items():
        assert reason in rejected[line]["reason"], (line, rejected[line]["reason"], reason)
        assert rejected[line]["path"] == str(src)
    n_in, n_out, n_dropped, n_rejected = _summary(err)
    assert n_in == n_out + n_dropped + n_rejected
    assert (n_out, n_rejected) == (len(good_ids), len(expected_bad))


def test_without_rejects_file_the_first_reasons_go_to_stderr(tmp_path, toy, capsys):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join([_good(1)] + [b"oops"] * 12))
    assert cli.main(["clean", str(src), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: rejected: malformed JSON" in err
    assert "2 more rejected records not shown" in err


def test_all_good_exits_zero_even_with_findings_and_drops(tmp_path, toy, capsys, monkeypatch):
    from cleaner import rules

    monkeypatch.setitem(rules._REGISTRY, "D991", rules.Rule("D991", "toy-duplicate", "toy", "toy", ("x",)))
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join([_good(1, "Same text,here."), _good(2, "Same text,here.")]) + b"\n")
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(src), "-o", str(out), "--drop", "D"]) == 0
    assert _summary(capsys.readouterr().err) == (2, 1, 1, 0)
    assert [r["id"] for r in _read_jsonl(out)] == ["g1"]


@pytest.mark.parametrize("args, message", [
    (["clean", "/nonexistent/in.jsonl"], "no such file"),
    (["clean", "{src}", "-o", "/nonexistent/dir/out.jsonl"], "does not exist"),
    (["clean", "{src}", "--resume"], "--resume needs"),
    (["clean", "{src}", "-o", "{tmp}/same.jsonl", "--rejects", "{tmp}/same.jsonl"], "different files"),
])
def test_usage_and_io_errors_exit_two(tmp_path, toy, capsys, args, message):
    src = tmp_path / "in.jsonl"
    src.write_bytes(_good(1) + b"\n")
    argv = [a.format(src=src, tmp=tmp_path) for a in args]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def _gzip_lines(count: int) -> tuple[bytes, list[bytes]]:
    rng = random.Random(count)
    lines = [_good(i, text=" ".join(rng.choice(hostile.WORDS) for _ in range(rng.randint(5, 400))))
             for i in range(count)]
    return gzip.compress(b"\n".join(lines) + b"\n"), lines


def _complete_lines_in(prefix: bytes) -> int:
    """How many whole lines a gzip prefix decompresses to (what must come out)."""
    data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(prefix)
    return data.count(b"\n")


@pytest.mark.parametrize("cut", [0.02, 0.5, 0.93, 0.9999])
def test_truncated_gzip_keeps_every_complete_record(tmp_path, toy, capsys, cut):
    blob, lines = _gzip_lines(400)
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(blob[:int(len(blob) * cut)])
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert cli.main(["clean", str(src), "-o", str(out), "--rejects", str(rej)]) == 1
    expected = _complete_lines_in(src.read_bytes())
    records = _read_jsonl(out)
    assert [r["id"] for r in records] == [f"g{i}" for i in range(expected)]
    rejected = _read_jsonl(rej)
    assert len(rejected) == 1 and "truncated gzip" in rejected[0]["reason"]
    assert rejected[0]["line"] == expected + 1
    n_in, n_out, n_dropped, n_rejected = _summary(capsys.readouterr().err)
    assert n_in == n_out + n_dropped + n_rejected == expected + 1


def test_corrupt_gzip_and_concatenated_members(tmp_path, toy, capsys):
    first, _ = _gzip_lines(30)
    second = gzip.compress(_good(1000) + b"\n")
    src = tmp_path / "in.jsonl"  # not called .gz: gzip is recognised by content
    src.write_bytes(first + second + b"\x00" * 10)  # two members and zero padding
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(src), "-o", str(out)]) == 0
    assert len(_read_jsonl(out)) == 31
    corrupt = bytearray(first)
    corrupt[len(corrupt) // 2: len(corrupt) // 2 + 20] = b"\xff" * 20
    src.write_bytes(bytes(corrupt))
    assert cli.main(["clean", str(src), "-o", str(out)]) == 1
    assert "gzip data is corrupt" in capsys.readouterr().err or "input ends early" in capsys.readouterr().err


def test_fifty_megabyte_record_streams_through(tmp_path, monkeypatch, capsys):
    """A 50 MB record between small ones; pure I/O (no stages), so the test stays fast."""
    monkeypatch.setattr("cleaner.stages.build_stages", lambda config: [])
    paragraph = "The minister said the talks would resume in July, officials confirmed.\n"
    big_text = paragraph * (50_000_000 // len(paragraph))
    src = tmp_path / "big.jsonl"
    with open(src, "wb") as handle:
        handle.write(_good(1) + b"\n")
        handle.write(json.dumps({"id": "big", "text": big_text}).encode() + b"\n")
        handle.write(_good(2) + b"\n")
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    assert cli.main(["clean", str(src), "-o", str(out)]) == 0
    elapsed = time.monotonic() - started
    ids, big_len = [], 0
    with open(out, "rb") as handle:
        for line in handle:
            record = json.loads(line)
            ids.append(record["id"])
            if record["id"] == "big":
                big_len = len(record["text"])
    assert ids == ["g1", "big", "g2"] and big_len == len(big_text)
    assert elapsed < 60  # generous: quadratic handling of one line would take hours


def test_record_over_the_size_limit_is_rejected_without_being_held(tmp_path, toy, monkeypatch, capsys):
    monkeypatch.setattr(sources, "MAX_RECORD_BYTES", 10_000)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 4096)
    src = tmp_path / "in.jsonl"
    src.write_bytes(_good(1) + b"\n" + _good(2, text="x" * 50_000) + b"\n" + _good(3) + b"\n")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    assert cli.main(["clean", str(src), "-o", str(out), "--rejects", str(rej)]) == 1
    assert [r["id"] for r in _read_jsonl(out)] == ["g1", "g3"]
    (rejected,) = _read_jsonl(rej)
    assert rejected["line"] == 2 and "over the 10000 byte limit" in rejected["reason"]


def test_stdin_to_stdout_with_gzip_input(tmp_path):
    blob, lines = _gzip_lines(20)
    proc = subprocess.run([sys.executable, "-m", "cleaner", "clean"], input=blob + b"garbage",
                          capture_output=True, env=dict(os.environ, PYTHONPATH=str(hostile.ROOT)), timeout=120)
    assert proc.returncode == 1, proc.stderr  # the garbage after the stream is rejected
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == [f"g{i}" for i in range(20)]
    assert b"Traceback" not in proc.stderr


# -- stopped and resumed ---------------------------------------------------------------------

DRIVER = r"""
import sys
sys.path.insert(0, {here!r})
import hostile
import cleaner.batch, cleaner.cli, cleaner.stages
cleaner.stages.build_stages = lambda config: hostile.toy_stages()
cleaner.batch.CHECKPOINT_SECONDS = 0.02
sys.exit(cleaner.cli.main({argv!r}))
"""


def _batch_input(path: Path, count: int = 2000) -> None:
    rng = random.Random(count)
    texts = hostile.fixture_texts()
    lines = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.03:
            lines.append(b'{"id": "broken", "text": ')
        elif roll < 0.1:
            lines.append(_good(i, text=texts[rng.randrange(len(texts))][:3000]))  # cross-document duplicates
        else:
            lines.append(_good(i, text=hostile.random_document(rng, 12)))
    path.write_bytes(b"\n".join(lines) + b"\n")


@pytest.fixture
def started():
    """Processes a test starts; their whole process groups are killed afterwards, whatever happened."""
    procs: list[subprocess.Popen] = []
    yield procs
    for proc in procs:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _start(argv: list[str], started: list) -> subprocess.Popen:
    # Two worker processes, as a real run on a multi-core machine has: a SIGKILL of
    # the main process must not leave them behind (they hold its pipes open).
    code = DRIVER.format(here=str(HERE), argv=argv + ["--workers", "2"])
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(hostile.ROOT)), start_new_session=True)
    started.append(proc)
    return proc


def _wait_for_checkpoint(proc: subprocess.Popen, checkpoint: Path, min_line: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if checkpoint.exists():
            try:
                if json.loads(checkpoint.read_text())["line"] >= min_line:
                    return
            except (ValueError, KeyError, OSError):
                pass
        if proc.poll() is not None:
            raise AssertionError(f"finished before the checkpoint: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.005)
    raise AssertionError("no checkpoint")


@pytest.mark.parametrize("suffix, stop", [(".jsonl", signal.SIGKILL), (".jsonl.gz", signal.SIGKILL),
                                          (".jsonl", signal.SIGTERM)])
def test_stopped_run_resumes_without_duplicates_or_losses(tmp_path, toy, capsys, suffix, stop, started):
    src = tmp_path / "in.jsonl"
    _batch_input(src)
    ref_out, ref_rej = tmp_path / f"ref{suffix}", tmp_path / "ref.rejects.jsonl"
    assert cli.main(["clean", str(src), "-o", str(ref_out), "--rejects", str(ref_rej)]) == 1
    capsys.readouterr()

    out, rej = tmp_path / f"out{suffix}", tmp_path / "rejects.jsonl"
    argv = ["clean", str(src), "-o", str(out), "--rejects", str(rej)]
    proc = _start(argv, started)
    _wait_for_checkpoint(proc, tmp_path / f".out{suffix}.resume.json", 600)
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=60)
    if stop == signal.SIGTERM:
        assert proc.returncode == 130 and b"--resume" in err, err
    assert not out.exists() and not rej.exists()  # nothing half-written under the real names

    assert cli.main(argv + ["--resume"]) == 1
    summary = capsys.readouterr().err
    assert "resumed after line" in summary
    assert _read_jsonl(out) == _read_jsonl(ref_out)  # same records, same duplicate_of, no repeats
    assert rej.read_bytes() == ref_rej.read_bytes()
    n_in, n_out, n_dropped, n_rejected = _summary(summary)
    assert n_in == n_out + n_dropped + n_rejected == 2000
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]  # partials cleaned up


def test_rerun_without_resume_is_also_safe(tmp_path, toy, capsys, started):
    src = tmp_path / "in.jsonl"
    _batch_input(src, 1500)
    out = tmp_path / "out.jsonl"
    proc = _start(["clean", str(src), "-o", str(out)], started)
    _wait_for_checkpoint(proc, tmp_path / ".out.jsonl.resume.json", 300)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert cli.main(["clean", str(src), "-o", str(out)]) == 1
    ids = [r["id"] for r in _read_jsonl(out)]
    assert len(ids) == len(set(ids)) == _summary(capsys.readouterr().err)[1]


def test_resume_refuses_a_changed_input(tmp_path, toy, capsys, started):
    src = tmp_path / "in.jsonl"
    _batch_input(src, 1500)
    out = tmp_path / "out.jsonl"
    proc = _start(["clean", str(src), "-o", str(out)], started)
    _wait_for_checkpoint(proc, tmp_path / ".out.jsonl.resume.json", 300)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with open(src, "ab") as handle:
        handle.write(_good(99999) + b"\n")
    assert cli.main(["clean", str(src), "-o", str(out), "--resume"]) == 2
    assert "changed since the interrupted run" in capsys.readouterr().err


def test_resume_with_nothing_to_resume_starts_over(tmp_path, toy, capsys):
    src = tmp_path / "in.jsonl"
    src.write_bytes(_good(1) + b"\n")
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(src), "-o", str(out), "--resume"]) == 0
    assert [r["id"] for r in _read_jsonl(out)] == ["g1"]


REAL_DRIVER = r"""
import sys
import cleaner.batch, cleaner.cli
cleaner.batch.CHECKPOINT_SECONDS = 0.02
sys.exit(cleaner.cli.main({argv!r}))
"""


def test_resumed_run_of_the_duplicate_stages_gives_the_uninterrupted_output(tmp_path, capsys, started):
    """With the real duplicate stages, whose answers depend on what was indexed before
    and on how records were batched: the records before the checkpoint are replayed in
    the batches the first run made, so the resumed output is the uninterrupted one."""
    src = tmp_path / "in.jsonl"
    _borderline_copies(src)
    argv = ["clean", str(src), "--workers", "2"]
    assert cli.main(argv + ["-o", str(tmp_path / "ref.jsonl")]) == 0
    capsys.readouterr()
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", REAL_DRIVER.format(argv=argv + ["-o", str(out)])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(hostile.ROOT)), start_new_session=True)
    started.append(proc)
    _wait_for_checkpoint(proc, tmp_path / ".out.jsonl.resume.json", 700)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert cli.main(argv + ["-o", str(out), "--resume"]) == 0
    assert "resumed after line" in capsys.readouterr().err
    assert out.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()


def _borderline_copies(path: Path, count: int = 1500) -> None:
    """Versions of a few stories with about one word in twenty changed: pairs of them
    sit around the Jaccard threshold, where whether two are compared at all (in one
    batch, or through the index's LSH bands) decides whether they match."""
    rng = random.Random(5)
    words = [w for w in hostile.WORDS if w.isalpha()]
    stories = [[rng.choice(words) for _ in range(180)] for _ in range(8)]
    lines = []
    for i in range(count):
        story = list(stories[rng.randrange(len(stories))])
        for k in rng.sample(range(len(story)), 9):
            story[k] = rng.choice(words)
        text = " ".join(story[:60]) + ".\n" + " ".join(story[60:120]) + ".\n" + " ".join(story[120:]) + ".\n"
        lines.append(json.dumps({"id": f"v{i}", "text": text}))
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("raw_id, doc_id, named", [("", "line-4", False), (None, "line-4", False),
                                                   (42, "42", True), ("a-1", "a-1", True)])
def test_record_ids_empty_null_or_integer(raw_id, doc_id, named):
    # An empty id names nothing (as a missing one); an integer id is read as its string.
    from cleaner.sources import document_from_record

    doc = document_from_record({"id": raw_id, "text": "Some text."}, 4)
    assert (doc.id, doc.named_id) == (doc_id, named)
    assert doc.fields["id"] == raw_id  # written back as given
