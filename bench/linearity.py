"""`cleaner check` / `cleaner clean` on huge hostile inputs: does the time grow linearly?

    python bench/linearity.py [--max-mb 100] [--json build/linearity.json]

For each kind of input (one repeated character; ",.,.,." ...) a single-line file
of max/4, max/2 and max MB is checked with the installed command in a fresh
process, and the CPU time of that process is measured (os.wait4), so the other
jobs on a shared machine do not count. Reported: time per size and the ratio of
each doubling (linear: about 2.0). The same for `cleaner clean` on a JSONL file
holding one record of max/2 MB (a 50 MB record by default).

Exit status 1 if a run fails or a doubling costs more than 3x.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATIO_LIMIT = 3.0
MB = 1_000_000

KINDS = {
    "one repeated character": "a",
    ",.,.,.": ",.",
    "spaces": " ",
    "nested brackets": None,  # ((((...)))) — built separately
}


def write_input(path: Path, kind: str, size: int) -> None:
    if path.exists() and path.stat().st_size == size:
        return
    unit = KINDS[kind]
    with open(path, "wb") as handle:
        if unit is None:
            handle.write(b"(" * (size // 2))
            handle.write(b")" * (size - size // 2))
        else:
            block = (unit * (MB // len(unit))).encode()
            for _ in range(size // len(block)):
                handle.write(block)
            handle.write(unit.encode() * ((size % len(block)) // len(unit.encode())))


def write_record(path: Path, size: int) -> None:
    if path.exists() and path.stat().st_size >= size:
        return
    paragraph = "The minister said on Monday that the talks would resume in July,as planned.  "
    with open(path, "w", encoding="utf-8") as handle:
        text = (paragraph * (size // len(paragraph)))
        handle.write(json.dumps({"id": "big", "text": text}) + "\n")


def run(argv: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"exit": proc.returncode, "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "wall_s": round(time.monotonic() - started, 2), "max_rss_mb": round(usage.ru_maxrss / 1024),
            "stderr": stderr.decode("utf-8", "replace")[-400:]}


def series(label: str, sizes: list[int], make, argv_for) -> dict:
    rows = []
    for size in sizes:
        path = make(size)
        result = run(argv_for(path))
        result["mb"] = size / MB
        rows.append(result)
        print(f"  {label:<28} {size / MB:>6.1f} MB  cpu {result['cpu_s']:>7.2f}s  wall {result['wall_s']:>7.2f}s  "
              f"rss {result['max_rss_mb']:>5} MB  exit {result['exit']}", flush=True)
    ratios = [round(b["cpu_s"] / a["cpu_s"], 2) if a["cpu_s"] > 0 else None for a, b in zip(rows, rows[1:])]
    ok = all(r["exit"] in (0, 1) for r in rows) and all(r is None or r <= RATIO_LIMIT for r in ratios)
    print(f"  {label:<28} doubling ratios {ratios}  {'OK' if ok else 'FAIL'}", flush=True)
    return {"label": label, "runs": rows, "ratios": ratios, "ok": ok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-mb", type=float, default=100)
    parser.add_argument("--kinds", default="one repeated character,\",.,.,.\"",
                        help=f"comma-separated, from: {', '.join(KINDS)}")
    parser.add_argument("--work", default=str(ROOT / "build" / "linearity"), help="folder for the generated inputs")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    top = int(args.max_mb * MB)
    sizes = [top // 4, top // 2, top]
    kinds = [k.strip().strip('"') for k in _split_kinds(args.kinds)]
    results = []
    print(f"cleaner linearity, sizes {[s / MB for s in sizes]} MB (CPU time of a fresh process each)")
    for kind in kinds:
        def make(size, kind=kind):
            path = work / f"{abs(hash(kind)) % 10**6}-{size}.txt"
            write_input(path, kind, size)
            return path
        results.append(series(f"check: {kind}", sizes, make, lambda p: ["check", str(p)]))

    def make_record(size):
        path = work / f"record-{size}.jsonl"
        write_record(path, size)
        return path
    results.append(series("clean: one huge record", [top // 8, top // 4, top // 2], make_record,
                          lambda p: ["clean", str(p), "-o", str(work / "out.jsonl")]))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.keep:
        for path in work.iterdir():
            path.unlink()
    return 0 if all(r["ok"] for r in results) else 1


def _split_kinds(value: str) -> list[str]:
    out, current, quoted = [], "", False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [k for k in out if k.strip()]


if __name__ == "__main__":
    sys.exit(main())
