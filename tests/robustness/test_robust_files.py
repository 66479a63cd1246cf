"""`cleaner check --fix` never corrupts a file.

- killed with SIGKILL at any point of a large run (a real subprocess), every file
  is wholly old or wholly new;
- read-only files, symbolic links, files changed between read and write, files
  that are not UTF-8, and writes that fail are reported, not rewritten;
- what is rewritten keeps everything --fix did not mean to change: other JSONL
  lines byte for byte (even with U+2028 inside them), the BOM, CRLF, permissions,
  gzip compression.

The toy stages (see `hostile.py`) supply the fixes, so these tests do not depend
on which rule families exist.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import cli, files

try:
    from . import hostile
except ImportError:
    import hostile

HERE = Path(__file__).resolve().parent
DIRTY = "The  talks,as planned, resumed on Monday in the capital.\u200b\n"


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr("cleaner.stages.build_stages", lambda config: hostile.toy_stages())


def _dirty_text(seed: int, size: int = 20_000) -> str:
    rng = random.Random(seed)
    texts = hostile.fixture_texts()
    text = texts[seed % len(texts)][:size]
    lines = text.split("\n")
    for _ in range(5):  # fixable problems the toy stages know
        lines.insert(rng.randint(0, len(lines)), DIRTY.rstrip("\n"))
    return "\n".join(lines)


def _make_tree(folder: Path, count: int) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"doc{i:03d}.txt").write_text(_dirty_text(i), encoding="utf-8")
    for i in range(3):
        rows = [json.dumps({"id": f"r{i}-{k}", "text": _dirty_text(i * 10 + k, 4000)}, ensure_ascii=False)
                for k in range(5)]
        (folder / f"batch{i}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return {p.name: p.read_bytes() for p in folder.iterdir()}


DRIVER = r"""
import os, sys, time
sys.path.insert(0, {here!r})
import hostile
import cleaner.cli, cleaner.stages
cleaner.stages.build_stages = lambda config: hostile.toy_stages()
real_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(0.002)  # stretch each write so the kill can land inside it
    real_fsync(fd)
os.fsync = slow_fsync
real_write = cleaner.cli.write_atomic
def announced(*args, **kwargs):
    sys.stdout.write("W\n")
    sys.stdout.flush()
    return real_write(*args, **kwargs)
cleaner.cli.write_atomic = announced
sys.exit(cleaner.cli.main(["check", "--fix", {folder!r}]))
"""


def _run_driver(folder: Path, kill_after_writes: int | None = None, delay: float = 0.0) -> int:
    code = DRIVER.format(here=str(HERE), folder=str(folder))
    env = dict(os.environ, PYTHONPATH=str(hostile.ROOT))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if kill_after_writes is None:
        proc.communicate(timeout=120)
        return proc.returncode
    seen = 0
    while seen < kill_after_writes:
        line = proc.stdout.readline()
        if not line:
            break
        seen += 1
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    return proc.returncode


def test_fix_killed_at_any_point_leaves_every_file_old_or_new(tmp_path):
    old = _make_tree(tmp_path / "reference", 25)
    assert _run_driver(tmp_path / "reference") in (0, 1)
    new = {p.name: p.read_bytes() for p in (tmp_path / "reference").iterdir()}
    changed = [name for name in old if old[name] != new[name]]
    assert len(changed) == len(old), "every file must need a fix, or the test proves nothing"
    rng = random.Random(8)
    outcomes = {"old": 0, "new": 0}
    for trial in range(6):
        folder = tmp_path / f"trial{trial}"
        _make_tree(folder, 25)
        _run_driver(folder, kill_after_writes=rng.randint(1, len(old)), delay=rng.uniform(0, 0.006))
        for path in folder.iterdir():
            if path.name.startswith(files.TEMP_PREFIX) and path.name.endswith(".tmp"):
                continue  # a temp file the kill left behind; never a user's file
            data = path.read_bytes()
            assert data in (old[path.name], new[path.name]), f"trial {trial}: {path.name} is corrupted"
            outcomes["old" if data == old[path.name] else "new"] += 1
        assert {p.name for p in folder.iterdir() if not p.name.startswith(files.TEMP_PREFIX)} == set(old)
    assert outcomes["old"] and outcomes["new"], outcomes  # the kills did land mid-run


def _write(path: Path, text: str, mode: int | None = None) -> bytes:
    path.write_text(text, encoding="utf-8", newline="")
    if mode is not None:
        path.chmod(mode)
    return path.read_bytes()


def test_second_fix_changes_nothing(tmp_path, toy):
    target = tmp_path / "a.txt"
    _write(target, _dirty_text(1))
    assert cli.main(["check", "--fix", str(target)]) in (0, 1)
    once = target.read_bytes()
    assert once != _dirty_text(1).encode()
    assert cli.main(["check", "--fix", str(target)]) == 0
    assert target.read_bytes() == once


def test_read_only_file_is_reported_not_rewritten(tmp_path, toy, capsys):
    target = tmp_path / "ro.txt"
    before = _write(target, DIRTY, mode=0o444)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_bytes() == before
    assert "read-only" in capsys.readouterr().err


def test_symlink_is_reported_not_rewritten(tmp_path, toy, capsys):
    real = tmp_path / "real.txt"
    before = _write(real, DIRTY)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert cli.main(["check", "--fix", str(link)]) == 2
    assert link.is_symlink() and real.read_bytes() == before
    assert "symbolic link" in capsys.readouterr().err


def test_file_changed_between_read_and_write_is_not_overwritten(tmp_path, toy, monkeypatch, capsys):
    target = tmp_path / "busy.txt"
    _write(target, DIRTY)
    real_check = cli._check_group

    def check_while_someone_edits(*args, **kwargs):
        errors = real_check(*args, **kwargs)
        target.write_text("Someone else's edit.\n", encoding="utf-8")
        return errors

    monkeypatch.setattr(cli, "_check_group", check_while_someone_edits)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "Someone else's edit.\n"
    assert "changed since it was read" in capsys.readouterr().err


def test_file_replaced_just_before_the_rename_is_not_overwritten(tmp_path, toy, monkeypatch, capsys):
    """The second check, after the temp file is written, sees a swap made meanwhile."""
    target = tmp_path / "swap.txt"
    _write(target, DIRTY)
    real_chmod = os.chmod

    def chmod_then_someone_swaps(path, mode, *a, **k):
        real_chmod(path, mode, *a, **k)
        if ".cleaner-" in str(path):
            other = tmp_path / "other.txt"
            other.write_text(DIRTY, encoding="utf-8")  # same bytes, another file
            os.replace(other, target)

    monkeypatch.setattr(files.os, "chmod", chmod_then_someone_swaps)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == DIRTY
    assert "replaced since it was read" in capsys.readouterr().err
    assert not list(tmp_path.glob(".cleaner-*"))


@pytest.mark.parametrize("data, message", [
    ("Caf\u00e9 au lait,as usual  here.\n".encode("latin-1"), "not valid UTF-8"),
    (b"Some text\x00\x01\x02 binary,like  this\n", "binary"),
])
def test_undecodable_file_is_reported_not_rewritten(tmp_path, toy, capsys, data, message):
    target = tmp_path / "bad.txt"
    target.write_bytes(data)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_bytes() == data
    assert message in capsys.readouterr().err


def test_failed_write_leaves_the_file_and_no_temp(tmp_path, toy, monkeypatch, capsys):
    target = tmp_path / "full.txt"
    before = _write(target, DIRTY)

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_bytes() == before
    assert "No space left" in capsys.readouterr().err
    assert not list(tmp_path.glob(".cleaner-*"))


def test_unwritable_folder_is_reported(tmp_path, toy, monkeypatch, capsys):
    target = tmp_path / "locked.txt"
    before = _write(target, DIRTY)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_bytes() == before
    assert "Permission denied" in capsys.readouterr().err


def test_missing_path_does_not_stop_the_others(tmp_path, toy, capsys):
    good = tmp_path / "good.txt"
    _write(good, DIRTY)
    assert cli.main(["check", "--fix", str(tmp_path / "nope.txt"), str(good)]) == 2
    assert good.read_text(encoding="utf-8") != DIRTY  # still fixed
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_same_file_twice_is_fixed_once(tmp_path, toy, capsys):
    target = tmp_path / "twice.txt"
    _write(target, DIRTY)
    assert cli.main(["check", "--fix", str(target), str(target)]) in (0, 1)
    assert "changed since" not in capsys.readouterr().err


def test_permissions_bom_and_crlf_are_kept(tmp_path, toy):
    target = tmp_path / "win.txt"
    target.write_bytes(b"\xef\xbb\xbfFirst line stays.\r\n" + DIRTY.replace("\n", "\r\n").encode() + b"Last.\r\n")
    target.chmod(0o640)
    assert cli.main(["check", "--fix", str(target)]) in (0, 1)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfFirst line stays.\r\n") and data.endswith(b"Last.\r\n")
    assert b"talks, as planned" in data and b"\xe2\x80\x8b" not in data
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_jsonl_fix_rewrites_only_changed_records(tmp_path, toy):
    """Raw U+2028, U+0085, \\x1c inside a record must not shift which line is rewritten."""
    target = tmp_path / "recs.jsonl"
    clean_line = json.dumps({"id": "a", "text": "Line one\u2028still one\x85and\x1cmore, untouched.",
                             "extra": {"keep": [1, 2.50]}}, ensure_ascii=False)
    clean_line = clean_line.replace('"extra": {"keep": [1, 2.5]}', '"extra":{"keep":[1,2.50]}')
    dirty_line = json.dumps({"id": "b", "text": DIRTY}, ensure_ascii=False)
    target.write_bytes((clean_line + "\n" + dirty_line + "\n" + clean_line + "\r\n").encode("utf-8"))
    assert cli.main(["check", "--fix", str(target)]) in (0, 1)
    lines = target.read_bytes().split(b"\n")
    assert lines[0] == clean_line.encode("utf-8")
    assert lines[2] == (clean_line + "\r").encode("utf-8")
    fixed = json.loads(lines[1])
    assert fixed["id"] == "b" and fixed["text"] == "The talks, as planned, resumed on Monday in the capital.\n"
    assert len(lines) == 4 and lines[3] == b""


def test_jsonl_fix_keeps_the_other_fields_of_a_changed_record_byte_for_byte(tmp_path, toy):
    """Only the value of `text` is re-encoded: number spellings, escapes, spacing and
    key order of the rest of the record stay as they were, the "\\r" too."""
    target = tmp_path / "recs.jsonl"
    head = '{ "id" : "b", "score": 1.10, "name": "caf\\u00e9", "nested": {"text": "inner"}, "text" : '
    tail = ' ,"after":[1e5, -0.0] }'
    target.write_bytes((head + json.dumps(DIRTY) + tail + "\r\n").encode("utf-8"))
    assert cli.main(["check", "--fix", str(target)]) in (0, 1)
    line = target.read_bytes().decode("utf-8")
    fixed = json.dumps("The talks, as planned, resumed on Monday in the capital.\n", ensure_ascii=False)
    assert line == head + fixed + tail + "\r\n"


def test_records_holding_nan_infinity_or_overflowing_numbers_are_rejected(tmp_path, capsys):
    """Python reads them, but they are not JSON: written back they would break other readers."""
    source = tmp_path / "in.jsonl"
    good = json.dumps({"id": "ok", "text": "The talks resumed on Monday in the capital."})
    source.write_text("\n".join([
        good,
        '{"id": "nan", "text": "The talks resumed.", "r": NaN}',
        '{"id": "inf", "text": "The talks resumed.", "r": -Infinity}',
        '{"id": "big", "text": "The talks resumed.", "r": 1e400}',
    ]) + "\n")
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    cli.main(["clean", str(source), "-o", str(out), "--rejects", str(rejects), "--no-progress"])
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["ok"]
    reasons = [json.loads(line)["reason"] for line in rejects.read_text().splitlines()]
    assert len(reasons) == 3
    assert "NaN is not a JSON value" in reasons[0] and "-Infinity is not a JSON value" in reasons[1]
    assert "1e400 is too large" in reasons[2]
    for line in out.read_text().splitlines():
        assert "NaN" not in line and "Infinity" not in line


def test_gzipped_jsonl_is_fixed_and_stays_gzipped(tmp_path, toy):
    target = tmp_path / "recs.jsonl.gz"
    target.write_bytes(gzip.compress((json.dumps({"id": "b", "text": DIRTY}) + "\n").encode()))
    assert cli.main(["check", "--fix", str(target)]) in (0, 1)
    record = json.loads(gzip.decompress(target.read_bytes()))
    assert record["text"] == "The talks, as planned, resumed on Monday in the capital.\n"


def test_jsonl_with_a_bad_line_is_reported_not_rewritten(tmp_path, toy, capsys):
    target = tmp_path / "mixed.jsonl"
    data = (json.dumps({"id": "b", "text": DIRTY}) + "\n{not json\n").encode()
    target.write_bytes(data)
    assert cli.main(["check", "--fix", str(target)]) == 2
    assert target.read_bytes() == data
    assert ":2:1: error: malformed JSON" in capsys.readouterr().err


def test_internal_error_in_a_rule_is_reported_and_the_file_left_alone(tmp_path, monkeypatch, capsys):
    class Broken:
        name, codes, transforms = "broken", ("Q991",), False

        def check(self, view, doc, ctx):
            raise ZeroDivisionError("a bug")

    monkeypatch.setattr("cleaner.stages.build_stages", lambda config: hostile.toy_stages() + [Broken()])
    target = tmp_path / "x.txt"
    before = _write(target, DIRTY)
    other = tmp_path / "y.txt"
    _write(other, "Fine.\n")
    assert cli.main(["check", "--fix", str(target), str(other)]) == 2
    assert target.read_bytes() == before
    err = capsys.readouterr().err
    assert "internal error" in err and "ZeroDivisionError" in err and "Traceback" not in err


def test_diff_keeps_lines_with_unicode_separators_whole(tmp_path, toy, capsys):
    target = tmp_path / "recs.jsonl"
    quiet = json.dumps({"id": "a", "text": "one\u2028two\x85three"}, ensure_ascii=False)
    dirty = json.dumps({"id": "b", "text": DIRTY}, ensure_ascii=False)
    target.write_text(quiet + "\n" + dirty + "\n", encoding="utf-8")
    before = target.read_bytes()
    assert cli.main(["check", "--diff", str(target)]) == 1
    out = capsys.readouterr().out
    assert target.read_bytes() == before  # --diff writes nothing
    assert f" {quiet}\n" in out  # the untouched record is one context line, not three
    assert out.count("\n-") == 1 and out.count("\n+{") == 1


def _fix_folder_twice(folder: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    assert cli.main(["check", "--fix", str(folder)]) in (0, 1)
    once = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli.main(["check", "--fix", str(folder)]) in (0, 1)
    return once, {p.name: p.read_bytes() for p in folder.iterdir()}


def test_fix_twice_over_a_folder_changes_nothing(tmp_path, capsys):
    """The registered rules, corpus state included: a second run over the same files is a no-op."""
    for path in list(hostile.FIXTURES.glob("*.txt")) + [hostile.FIXTURES / "news.jsonl",
                                                        hostile.FIXTURES / "robust" / "pages.jsonl"]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    once, twice = _fix_folder_twice(tmp_path)
    assert once == twice


def test_fix_twice_over_pages_sharing_a_line_changes_nothing(tmp_path, capsys):
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.txt").write_text("a\n" * 200, encoding="utf-8")
    once, twice = _fix_folder_twice(tmp_path)
    assert once == twice


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "html"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(tmp_path, fmt):
    folder = tmp_path / "names"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w") as handle:
            handle.write("the talks resumed on monday.\n")
    except OSError:
        pytest.skip("this file system refuses non-UTF-8 names")
    out = tmp_path / f"out.{fmt}"
    assert cli.main(["check", "--format", fmt, "--output", str(out), str(folder)]) == 1
    shown = out.read_bytes().decode("utf-8")  # valid UTF-8, whatever the file name
    assert ("caf%E9.txt" if fmt == "sarif" else "caf\\xe9.txt") in shown.replace("\\\\", "\\")
