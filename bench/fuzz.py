"""Throw generated hostile documents at `check`, `check --fix` and `clean`; count what breaks.

    python bench/fuzz.py --cases 2000 [--seed 1] [--json build/fuzz.json] [--big]

Three phases over the registered pipeline (every rule family present):

1. check: each generated document goes through `Cleaner` and the invariants of
   `tests/robustness/hostile.check_document` (offsets inside the text, line/column
   agree, --fix idempotent, no unnamed paragraph removed, UTF-8 output).
2. --fix: documents are written as .txt files and JSONL records, checked with
   `--format json`, fixed with `--fix`, fixed again. A file is corrupted if it is
   no longer UTF-8, lost a paragraph no reported finding named, changed a JSONL
   field other than `text`, changed its number of records, or changed on the
   second --fix.
3. clean: records mixed with every kind of bad line (and, in some batches, a
   truncated gzip) go through `cleaner clean --rejects`. A record is lost if a
   good one is missing from the output or a bad one from the rejects file;
   in == out + dropped + rejected must hold.

Any exception or "internal error" is a crash. A document that hangs dumps its
traceback and stops the run (faulthandler). Exit status 1 if anything broke.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import gzip
import io
import json
import random
import re
import sys
import tempfile
import time
import traceback
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "robustness"))

import hostile  # noqa: E402

from cleaner import cli  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.findings import Finding, Fix  # noqa: E402

HANG_SECONDS = 120  # one document taking this long is a hang
SUMMARY = re.compile(r"(\d+) records in, (\d+) out, (\d+) dropped, (\d+) rejected")


@dataclass
class Report:
    seed: int = 0
    cases_tried: int = 0  # documents through check + files through --fix + records through clean
    check_documents: int = 0
    fix_files: int = 0
    clean_records: int = 0
    clean_batches: int = 0
    crashes: int = 0
    invariant_violations: int = 0
    non_nfc_outputs: int = 0  # asked by the issue of the normalizer; counted on their own
    corrupted_files: int = 0
    lost_records: int = 0
    unbalanced_counts: int = 0
    wrong_exit_codes: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)  # the first few problems, for a person

    def note(self, kind: str, text: str) -> None:
        if sum(e.startswith(kind + ":") for e in self.examples) < 3:  # a few of each kind
            self.examples.append(f"{kind}: {text[:1500]}")

    @property
    def broken(self) -> int:
        return (self.crashes + self.invariant_violations + self.corrupted_files
                + self.lost_records + self.unbalanced_counts + self.wrong_exit_codes)


def generate(rng: random.Random, fixtures: list[str]) -> str:
    roll = rng.random()
    if roll < 0.35:
        return hostile.random_document(rng)
    if roll < 0.7:
        return hostile.edit_text(rng, rng.choice(fixtures), rng.randint(0, 25))
    if roll < 0.85:  # Unicode soup, any plane
        text = "".join(chr(rng.randint(1, 0x10FFFF)) for _ in range(rng.randint(0, 400)))
        return text.encode("utf-8", "replace").decode("utf-8")
    # Long hostile runs: one character, punctuation, brackets, markup.
    kinds = hostile.hostile_runs(rng.choice((1_000, 10_000, 60_000)))
    return kinds[rng.choice(sorted(kinds))]


# -- phase 1 ----------------------------------------------------------------------------------

def phase_check(report: Report, rng: random.Random, fixtures: list[str], cases: int, expect_nfc: bool) -> None:
    for _ in range(cases):
        text = generate(rng, fixtures)
        report.check_documents += 1
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
        try:
            problems = hostile.check_document(hostile.registered_cleaner, text)
            if expect_nfc and not unicodedata.is_normalized("NFC", hostile.registered_cleaner().clean(text).text):
                report.non_nfc_outputs += 1
                report.note("not NFC", f"input: {text[:200]!r}")
        except Exception:  # noqa: BLE001
            report.crashes += 1
            report.note("crash in check", f"{traceback.format_exc()}\ninput: {text[:300]!r}")
            continue
        finally:
            faulthandler.cancel_dump_traceback_later()
        if problems:
            report.invariant_violations += 1
            report.note("invariant", f"{problems[0]}\ninput: {text[:300]!r}")


# -- phase 2 ----------------------------------------------------------------------------------

def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def phase_fix(report: Report, rng: random.Random, fixtures: list[str], cases: int, keep: str | None) -> None:
    batch = 25
    for start in range(0, cases, batch):
        with tempfile.TemporaryDirectory(prefix="cleaner-fuzz-") as tmp:
            folder = Path(tmp)
            before: dict[str, bytes] = {}
            n = min(batch, cases - start)
            txt_count = max(1, n * 4 // 5)
            for i in range(txt_count):
                text = generate(rng, fixtures)
                if not text.strip():
                    text += "x"  # empty files are an error by design; not what this phase tests
                path = folder / f"doc{i:03d}.txt"
                path.write_bytes(text.encode("utf-8"))
                before[path.name] = path.read_bytes()
            rows = [json.dumps({"id": f"r{i}", "text": generate(rng, fixtures), "meta": {"n": i, "s": "x\u2028y"}},
                               ensure_ascii=False) for i in range(n - txt_count)]
            if rows:
                (folder / "records.jsonl").write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
                before["records.jsonl"] = (folder / "records.jsonl").read_bytes()
            report.fix_files += len(before)
            # Exit 2 is expected when a generated file is refused (NUL bytes: binary);
            # such files must then be left byte for byte, which _file_problem checks.
            code, report_json, err = _run_cli(["check", "--format", "json", str(folder)])
            if _crashed(code, err):
                report.crashes += 1
                report.note("crash in check (files)", err)
                continue
            findings = json.loads(report_json)
            code, _, err = _run_cli(["check", "--fix", str(folder)])
            if _crashed(code, err):
                report.crashes += 1
                report.note("crash in --fix", err)
                continue
            after = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}
            code, _, err = _run_cli(["check", "--fix", str(folder)])
            again = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}
            for name, old in before.items():
                problem = _file_problem(name, old, after.get(name), again.get(name), findings, str(folder / name))
                if problem:
                    report.corrupted_files += 1
                    report.note("corrupted file", f"{name}: {problem}")
                    if keep:  # the batch as it was, to reproduce with `cleaner check --fix`
                        saved = Path(keep) / f"fix-batch-{start}"
                        saved.mkdir(parents=True, exist_ok=True)
                        for other, data in before.items():
                            (saved / other).write_bytes(data)


def _crashed(code: int, err: str) -> bool:
    return code not in (0, 1, 2) or "internal error" in err or "Traceback" in err


def _file_problem(name: str, old: bytes, new: bytes | None, again: bytes | None, findings: list[dict],
                  path: str) -> str:
    if new is None:
        return "file disappeared"
    if again != new:
        return "a second --fix changed it again"
    try:
        new_text = new.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"no longer UTF-8: {exc}"
    mine = [f for f in findings if f["path"] == path]
    if name.endswith(".txt"):
        old_text = old.decode("utf-8")
        lost = hostile.lost_paragraphs(old_text, _named(old_text, [f for f in mine]), new_text)
        return f"lost unnamed paragraph {lost[0][:80]!r}" if lost else ""
    old_rows = [json.loads(x) for x in old.split(b"\n") if x.strip()]
    new_rows = [json.loads(x) for x in new.split(b"\n") if x.strip()]
    if len(old_rows) != len(new_rows):
        return f"{len(old_rows)} records became {len(new_rows)}"
    for line, (a, b) in enumerate(zip(old_rows, new_rows), 1):
        if {k: v for k, v in a.items() if k != "text"} != {k: v for k, v in b.items() if k != "text"}:
            return f"record {line}: a field other than text changed"
        spans = _named(a["text"], [f for f in mine if f.get("record_line") == line])
        lost = hostile.lost_paragraphs(a["text"], spans, b["text"])
        if lost:
            return f"record {line}: lost unnamed paragraph {lost[0][:80]!r}"
    return ""


def _named(text: str, reported: list[dict]) -> list:
    """Spans the reported findings name, plus those of the later passes --fix runs
    (a fix can reveal another, e.g. a line that now ends a sentence)."""
    first = [Finding(f["code"], f["message"], f["start"], f["end"],
                     fix=Fix(f["fix"]["replacement"], f["fix"]["start"], f["fix"]["end"], f["fix"]["safe"])
                     if f.get("fix") else None) for f in reported]
    _, named = hostile.later_passes(hostile.registered_cleaner(), Document(text=text, id="doc"), first)
    return named


# -- phase 3 ----------------------------------------------------------------------------------

BAD_LINES = (
    b'{"id": "x", "text": "unterminated', b"not json", b"[1, 2]", b"42", b'"str"', b"null", b'{"id": "m"}',
    b'{"id": "i", "text": 12}', b'{"id": "n", "text": null}', b'{"id": ["x"], "text": "a"}',
    b'{"id": "z", "text": "a\x00b"}', b'{"id": "u", "text": "caf\xe9"}', b'{"id": "s", "text": "\\udc00"}',
    b'{"id": 1' + b"1" * 5000 + b', "text": "a"}', b"[" * 50_000, b'{"id": "d", "text": "a", "published": "soon"}',
)


def phase_clean(report: Report, rng: random.Random, fixtures: list[str], cases: int, big: bool) -> None:
    per_batch = 100
    for start in range(0, cases, per_batch):
        n = min(per_batch, cases - start)
        lines: list[bytes] = []
        good_ids: list[str] = []
        bad_lines: list[int] = []
        for i in range(n):
            if rng.random() < 0.2:
                lines.append(rng.choice(BAD_LINES) if rng.random() < 0.8 else
                             bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))).replace(b"\n", b" "))
                bad_lines.append(len(lines))
            else:
                doc_id = f"b{start}-{i}"
                text = generate(rng, fixtures)
                if big and rng.random() < 0.02:
                    text = (text + "\n") * max(1, 5_000_000 // max(len(text), 1))
                lines.append(json.dumps({"id": doc_id, "text": text, "keep": i}, ensure_ascii=False).encode("utf-8"))
                good_ids.append(doc_id)
            if rng.random() < 0.05:
                lines.append(b"")
        data = b"\n".join(lines) + b"\n"
        truncated = rng.random() < 0.2
        with tempfile.TemporaryDirectory(prefix="cleaner-fuzz-") as tmp:
            src = Path(tmp) / ("in.jsonl.gz" if truncated else "in.jsonl")
            if truncated:
                blob = gzip.compress(data)
                blob = blob[:rng.randint(10, len(blob) - 1)]
                src.write_bytes(blob)
                complete = _complete_lines(blob)
                good_ids, bad_lines, expected_lines = _keep_complete(lines, good_ids, bad_lines, complete)
            else:
                src.write_bytes(data)
            out, rej = Path(tmp) / "out.jsonl", Path(tmp) / "rej.jsonl"
            report.clean_batches += 1
            report.clean_records += len(good_ids) + len(bad_lines)
            faulthandler.dump_traceback_later(HANG_SECONDS * 5, exit=True)
            try:
                code, _, err = _run_cli(["clean", str(src), "-o", str(out), "--rejects", str(rej)])
            finally:
                faulthandler.cancel_dump_traceback_later()
            if _crashed(code, err) or code == 2:
                report.crashes += 1
                report.note("crash in clean", err[-1500:])
                continue
            got = [json.loads(x)["id"] for x in out.read_bytes().split(b"\n") if x.strip()]
            rejected = [json.loads(x)["line"] for x in rej.read_bytes().split(b"\n") if x.strip()]
            expected_rejects = bad_lines + ([expected_lines + 1] if truncated else [])
            lost = len(set(good_ids) - set(got)) + len(set(expected_rejects) - set(rejected))
            if lost or got != good_ids:
                report.lost_records += max(lost, 1)
                report.note("lost records", f"good missing {sorted(set(good_ids) - set(got))[:5]}, "
                                            f"rejects missing {sorted(set(expected_rejects) - set(rejected))[:5]}")
            match = SUMMARY.search(err)
            if not match or int(match[1]) != int(match[2]) + int(match[3]) + int(match[4]):
                report.unbalanced_counts += 1
                report.note("counts", err[-500:])
            if code != (1 if rejected else 0):
                report.wrong_exit_codes += 1
                report.note("exit code", f"{code} with {len(rejected)} rejected")


def _complete_lines(blob: bytes) -> int:
    import zlib

    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(blob).count(b"\n")


def _keep_complete(lines, good_ids, bad_lines, complete):
    """What a truncated stream can still deliver: the first ``complete`` lines."""
    good_set = set(good_ids)
    keep_good, keep_bad = [], []
    for number, line in enumerate(lines[:complete], 1):
        if number in bad_lines:
            keep_bad.append(number)
        elif line.strip():
            doc_id = json.loads(line)["id"]
            if doc_id in good_set:
                keep_good.append(doc_id)
    return keep_good, keep_bad, complete


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000, help="documents per phase (check, --fix, clean)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big", action="store_true", help="also put ~5 MB records into the clean batches")
    parser.add_argument("--json", metavar="FILE", help="write the report here as JSON")
    parser.add_argument("--require-nfc", action="store_true",
                        help="count non-NFC output as a failure (tests/robustness has it as a known failure)")
    parser.add_argument("--keep-failures", metavar="DIR", help="save the inputs of failed --fix batches here")
    parser.add_argument("--stages", choices=("registered", "toy"), default="registered",
                        help="the registered rule families, or the toy stages of the tests (core machinery only)")
    args = parser.parse_args(argv)
    # NFC output is promised once the normalizer (a transforming stage) is registered.
    expect_nfc = args.stages == "registered" and hostile.has_transforming_stage()
    if args.stages == "toy":
        import cleaner.stages

        cleaner.stages.build_stages = lambda config: hostile.toy_stages()
    rng = random.Random(args.seed)
    fixtures = hostile.fixture_texts()
    report = Report(seed=args.seed)
    started = time.monotonic()
    phase_check(report, rng, fixtures, args.cases, expect_nfc)
    phase_fix(report, rng, fixtures, args.cases, args.keep_failures)
    phase_clean(report, rng, fixtures, args.cases, args.big)
    report.cases_tried = report.check_documents + report.fix_files + report.clean_records
    report.seconds = round(time.monotonic() - started, 1)
    print(f"fuzz ({args.stages} stages, seed {report.seed}): {report.cases_tried} cases tried "
          f"({report.check_documents} documents checked, {report.fix_files} files fixed, "
          f"{report.clean_records} records in {report.clean_batches} clean batches) in {report.seconds}s")
    print(f"  crashes {report.crashes}, invariant violations {report.invariant_violations}, "
          f"non-NFC outputs {report.non_nfc_outputs}, "
          f"corrupted files {report.corrupted_files}, lost records {report.lost_records}, "
          f"unbalanced counts {report.unbalanced_counts}, wrong exit codes {report.wrong_exit_codes}")
    for example in report.examples:
        print("  - " + example.replace("\n", "\n    "))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if report.broken or (args.require_nfc and report.non_nfc_outputs) else 0


if __name__ == "__main__":
    sys.exit(main())
