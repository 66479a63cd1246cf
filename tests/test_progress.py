"""Progress: a bar on a terminal, periodic log lines elsewhere, a final summary."""

from __future__ import annotations

import gzip
import io
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.progress import Progress, format_duration, input_position, input_size

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "fixtures" / "news.jsonl"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_log_lines_only_every_interval_off_a_terminal():
    clock, out = Clock(), io.StringIO()
    progress = Progress(4_000_000, stream=out, interactive=False, log_every_s=10, clock=clock)
    done = 0
    for _ in range(9):
        clock.now += 1
        done += 200_000
        progress.advance(1, 200_000)
    assert out.getvalue() == ""  # a short run prints nothing
    clock.now += 1
    progress.advance(1, 200_000)
    line = out.getvalue()
    assert line == "cleaner: 10 records, 2.0 MB of 4.0 MB (50%), 0.2 MB/s, ETA 0:10\n"
    progress.close()
    assert out.getvalue() == line  # no terminal codes in a log


def test_bar_on_a_terminal_is_redrawn_in_place_and_cleared():
    clock, out = Clock(), io.StringIO()
    progress = Progress(1_000_000, stream=out, interactive=True, refresh_s=0.1, label="cleaner clean", clock=clock)
    assert out.getvalue().startswith("\rcleaner clean [")  # drawn at once: the user sees it started
    clock.now += 0.05
    progress.advance(1, 100_000)
    frames = out.getvalue().count("\r")
    assert frames == 1  # throttled
    clock.now += 1
    progress.advance(1, 400_000)
    frame = out.getvalue().split("\r")[-1]
    assert re.fullmatch(r"cleaner clean \[#+\.+\] 2 records, 0\.5 MB of 1\.0 MB \(50%\), 0\.5 MB/s, ETA 0:01\x1b\[K",
                        frame), frame
    progress.close()
    assert out.getvalue().endswith("\r\x1b[K")
    assert "\n" not in out.getvalue()


def test_unknown_size_shows_no_percent_or_eta():
    clock, out = Clock(), io.StringIO()
    progress = Progress(None, stream=out, interactive=False, log_every_s=1, clock=clock)
    clock.now += 2
    progress.advance(3, 3_000_000)
    assert out.getvalue() == "cleaner: 3 records, 3.0 MB, 1.5 MB/s\n"


def test_disabled_prints_nothing():
    out = io.StringIO()
    progress = Progress(10, stream=out, interactive=True, enabled=False)
    progress.advance(5, 5)
    progress.close()
    assert out.getvalue() == ""


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_position_follows_the_file_read(tmp_path, suffix):
    path = tmp_path / f"big{suffix}"
    data = "".join(f'{{"id": "{i}", "text": "{os.urandom(40).hex()}"}}\n' for i in range(3000)).encode()
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    opener = gzip.open if suffix.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        position = input_position(handle)
        assert position is not None and position() == 0
        seen = []
        for i, _ in enumerate(handle):
            if i % 500 == 0:
                seen.append(position())
        assert seen == sorted(seen) and seen[-1] > seen[0]
        assert position() == input_size(str(path)) == path.stat().st_size


def test_format_duration():
    assert [format_duration(s) for s in (0, 59.6, 61, 3600 * 2 + 5)] == ["0:00", "1:00", "1:01", "2:00:05"]


def test_clean_summary_off_a_terminal(capsys, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(NEWS), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "\x1b" not in err
    assert re.fullmatch(r"cleaner clean: 5 records in, 5 out, 0 dropped, 0 rejected; findings: .+; \d+\.\ds\n", err), err


def _run_on_terminal(args: list[str], cwd: Path) -> str:
    """Run the cleaner command with stderr on a pseudo-terminal; what the terminal got."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_clean_draws_a_bar_on_a_terminal(tmp_path):
    screen = _run_on_terminal(["clean", str(NEWS), "-o", str(tmp_path / "out.jsonl")], tmp_path)
    assert "\rcleaner clean [" in screen and "records" in screen and "MB/s" in screen
    bar_end = screen.rindex("\r\x1b[K")  # the bar is wiped before the summary
    assert "cleaner clean: 5 records in, 5 out" in screen[bar_end:]


def test_multi_file_check_draws_a_bar_on_a_terminal(tmp_path):
    screen = _run_on_terminal(["check", str(ROOT / "fixtures"), "--format", "json", "--output",
                               str(tmp_path / "out.json")], tmp_path)
    assert "\rcleaner check [" in screen and screen.rstrip("\r\n").endswith("\x1b[K")
    screen_single = _run_on_terminal(["check", str(NEWS), "--output", str(tmp_path / "one.txt")], tmp_path)
    assert "cleaner check [" not in screen_single  # one file: no bar
