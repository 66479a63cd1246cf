"""Timing and memory measurement: wall time, and the peak memory of a process tree.

Peak memory of `cleaner clean` is sampled from /proc while it runs: the sum of
PSS (proportional set size) over the process and its workers, so pages the forked
workers share with the parent are counted once, not once per process. The largest
single-process RSS (``ru_maxrss``, from the kernel) is reported beside it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    name: str
    seconds: float
    docs: int
    text_bytes: int
    pss_peak_bytes: int | None = None  # whole process tree, shared pages counted once
    rss_max_bytes: int | None = None  # largest single process
    cpu_seconds: float | None = None  # user + system, the process and its workers
    main_cpu_seconds: float | None = None  # the main process alone (reads, reconciles, writes)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def mb_per_s(self) -> float:
        return self.text_bytes / 1e6 / self.seconds if self.seconds else float("inf")

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else float("inf")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            out.extend(int(c) for c in text.split())
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


def _memory_kb(pid: int) -> int:
    """PSS of one process in kB (RSS where smaps_rollup is not readable)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# Reading smaps_rollup walks the page tables of every process in the tree: every 50 ms
# it cost a 2-worker run on 2 cores about 7% of its wall time (and none to one worker,
# which leaves a core free), so it biased the scaling ratio. Memory here grows and
# plateaus over seconds; half a second does not miss its peak.
SAMPLE_INTERVAL_S = 0.5


class TreeSampler(threading.Thread):
    """Polls the memory of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int, interval_s: float = SAMPLE_INTERVAL_S) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval_s = pid, interval_s
        self.peak_kb = 0
        self.main_cpu_s = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = sum(_memory_kb(p) for p in _tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.main_cpu_s = max(self.main_cpu_s, _cpu_s(self.pid))
            self._done.wait(self.interval_s)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kb * 1024


def run_command(name: str, argv: list[str], docs: int, text_bytes: int, env: dict | None = None) -> Run:
    """Run ``argv`` to completion; wall time, tree PSS peak, max single RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    # wait4 gives this child's own rusage (its ru_maxrss covers the workers it reaped too).
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    pss = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(argv)} failed ({proc.returncode}):\n{stderr}")
    return Run(name, seconds, docs, text_bytes, pss, usage.ru_maxrss * 1024,
               cpu_seconds=usage.ru_utime + usage.ru_stime, main_cpu_seconds=sampler.main_cpu_s or None,
               note=stderr.strip().splitlines()[-1] if stderr.strip() else "")


def time_call(name: str, func, docs: int, text_bytes: int, repeat: int = 1) -> Run:
    """Best of ``repeat`` wall times of ``func()`` (in this process), with its CPU time."""
    best, cpu = float("inf"), 0.0
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        func()
        elapsed = time.perf_counter() - started
        if elapsed < best:
            best, cpu = elapsed, time.process_time() - cpu_started
    return Run(name, best, docs, text_bytes, cpu_seconds=cpu)


def self_max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
