"""`make bench`: how fast is cleaner, against what a user would otherwise write?

    python bench/run.py                       # ~20 MB corpus from fixtures/ (+ --data)
    python bench/run.py --data ../shared/data --mb 100 --check

Builds (or reads, with --corpus) a JSONL corpus of real news text and measures, in
the same run and on the same documents:

- `cleaner clean` as a user runs it (a subprocess, all families on, default
  config) with 1 worker and with N workers: MB/s, docs/s, peak memory;
- each stage alone (in this process: `Pipeline(config, stages=[stage])`, with the
  corpus-level reconcile step), and the duplicate stages together;
- the baselines: `ftfy.fix_text` over every document, and the plain datasketch way
  (see baselines.py).

Ratios are the headline (they survive a slower or faster machine); seconds are
printed so the ratios can be checked. MB means 10^6 bytes of UTF-8 document text.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import baselines  # noqa: E402
from corpus import build_corpus, load_texts, text_size  # noqa: E402
from measure import Run, run_command, self_max_rss_bytes, time_call  # noqa: E402

SECTIONS = ("clean", "stages", "baselines")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", nargs="*", default=[], metavar="PATH",
                   help="JSONL (id/text records) or .txt files, or folders of them, to add to fixtures/")
    p.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of text (default 20)")
    p.add_argument("--corpus", metavar="FILE.jsonl", help="use this corpus as it is instead of building one")
    p.add_argument("--workers", type=int, default=None, help="N for the N-worker run (default: all cores)")
    p.add_argument("--worker-counts", nargs="*", type=int, default=None, metavar="N",
                   help="worker counts for the cleaner clean runs (default: 1 and N)")
    p.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="run each cleaner clean measurement N times, interleaved, and keep the median; "
                        "the duplicate stages and their datasketch baseline N times each, keeping the best "
                        "(a shared machine's load comes and goes)")
    p.add_argument("--clean-args", default="", metavar="ARGS",
                   help="extra arguments for cleaner clean, e.g. '--select D,B,F' (quote them)")
    p.add_argument("--only", nargs="*", choices=SECTIONS, default=list(SECTIONS), help="what to measure")
    p.add_argument("--tmp", default=None, help="folder for the corpus and outputs (default: system temp)")
    p.add_argument("--keep", action="store_true", help="keep the built corpus (its path is printed)")
    p.add_argument("--json", metavar="FILE", help="also write every figure as JSON here")
    p.add_argument("--check", action="store_true", help="exit 1 unless the performance targets are met")
    return p.parse_args(argv)


# -- measurements -------------------------------------------------------------------

def measure_clean(corpus: str, docs: int, text_bytes: int, workers: int, tmp: str, extra: str = "") -> Run:
    out = os.path.join(tmp, f"out-{workers}.jsonl")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    argv = [sys.executable, "-m", "cleaner", "clean", corpus, "-o", out, "--workers", str(workers), "--no-progress",
            *extra.split()]
    label = f"cleaner clean, {workers} worker{'s' if workers > 1 else ''}" + (f" ({extra})" if extra else "")
    run = run_command(label, argv, docs, text_bytes, env)
    os.unlink(out)
    return run


def _documents(corpus: str):
    from cleaner.sources import iter_jsonl, open_jsonl

    with open_jsonl(corpus) as handle:
        return [d for d in iter_jsonl(handle, corpus) if not hasattr(d, "reason")]


def _run_pipeline(stages, docs, config) -> None:
    from cleaner.collector import collecting_less_often

    # With the collector setting `cleaner clean` runs with (collector.py); the
    # baselines run as a user's script would, with Python's default.
    with collecting_less_often():
        _run_stages(stages, docs, config)


def _run_stages(stages, docs, config) -> None:
    from cleaner.pipeline import Corpus, Pipeline

    pipeline = Pipeline(config, stages=stages)
    corpus = Corpus(None)
    if hasattr(pipeline, "analyze_many"):
        # As `Cleaner.stream` does: batches cut where it cuts them, analysed stage by
        # stage, reconciled in bulk.
        from cleaner.parallel import document_batches

        for batch in document_batches(docs):
            analyses = pipeline.analyze_many(batch)
            pipeline.reconcile_many(analyses, corpus)
            for analysis in analyses:
                pipeline.finish(analysis)
    else:
        for doc in docs:
            analysis = pipeline.analyze(doc)
            pipeline.reconcile(analysis, corpus)
            pipeline.finish(analysis)
    corpus.close()


def measure_stages(docs, text_bytes: int, repeat: int = 1, together: bool = True) -> list[Run]:
    """Each stage alone, and (with ``together``) the duplicate stages together."""
    from cleaner.config import Config
    from cleaner.stages import build_stages

    config = Config()
    runs = []
    warm = docs[:20]
    for stage in build_stages(config):
        _run_pipeline([stage], warm, config)  # loads models / gazetteers once, outside the timing
        label = f"stage {stage.name} alone ({type(stage).__module__.removeprefix('cleaner.')})"
        runs.append(time_call(label, lambda: _run_pipeline([stage], docs, config), len(docs), text_bytes))
    if together:
        runs.extend(measure_duplicate_stages(docs, None, text_bytes, repeat))
    return runs


def measure_duplicate_stages(docs, texts: list[str] | None, text_bytes: int, repeat: int = 1) -> list[Run]:
    """The duplicate stages together, the best of ``repeat`` runs; with ``texts``, the
    plain datasketch way too, run for run in alternation with them.

    A headline ratio: taking each side's best run from the same stretch of time
    keeps a shared machine's changing load out of it. Each run of the stages is on
    new stages (which empty the per-process caches), so none starts warm.
    """
    from cleaner.config import Config
    from cleaner.stages import build_stages

    config = Config()

    def dedup_stages():
        return [s for s in build_stages(config) if type(s).__module__.startswith("cleaner.dedup")]

    if texts is not None:
        baselines.datasketch_minhash(texts[:20])  # datasketch's permutations, outside the timing
    ours, theirs = [], []
    for _ in range(max(1, repeat)):
        stages = dedup_stages()
        _run_pipeline(stages, docs[:20], config)
        ours.append(time_call("duplicate stages (D) together", lambda: _run_pipeline(stages, docs, config),
                              len(docs), text_bytes))
        if texts is not None:
            theirs.append(time_call(BASELINE_DATASKETCH, lambda: baselines.datasketch_minhash(texts),
                                    len(texts), text_bytes))
    runs = [min(ours, key=lambda r: r.seconds)]
    runs[0].extra["dedup"] = True
    if theirs:
        runs.append(min(theirs, key=lambda r: r.seconds))
    return runs


BASELINE_DATASKETCH = "baseline: datasketch MinHash per document"


def measure_baselines(texts: list[str], text_bytes: int, repeat: int = 1, datasketch: bool = True) -> list[Run]:
    """ftfy over every document, the plain datasketch way (unless ``datasketch`` is
    False: `measure_duplicate_stages` runs it) and datasketch with MinHashLSH."""
    from cleaner.config import Config

    threshold = Config().dedup.document_similarity
    # Warm-up outside the timing: imports, ftfy's tables, datasketch's permutations.
    baselines.ftfy_fix_text(texts[:20])
    baselines.datasketch_minhash(texts[:20])
    baselines.datasketch_minhash_lsh(texts[:20], threshold)
    n = len(texts)
    runs = [time_call("baseline: ftfy.fix_text per document", lambda: baselines.ftfy_fix_text(texts), n, text_bytes)]
    if datasketch:
        runs.append(time_call(BASELINE_DATASKETCH, lambda: baselines.datasketch_minhash(texts),
                              n, text_bytes, repeat=max(1, repeat)))
    runs.append(time_call(f"baseline: datasketch MinHash + MinHashLSH({threshold}) query/insert",
                          lambda: baselines.datasketch_minhash_lsh(texts, threshold), n, text_bytes))
    return runs


# -- report -------------------------------------------------------------------------

def _mib(n: int | None) -> str:
    return "" if n is None else f"{n / 2**20:,.0f} MiB"


def print_table(runs: list[Run]) -> None:
    print(f"\n{'what':<62} {'MB/s':>8} {'docs/s':>9} {'seconds':>8} {'CPU s':>7} {'main CPU':>8} "
          f"{'peak PSS':>10} {'max RSS':>10}")
    for r in runs:
        cpu = "" if r.cpu_seconds is None else f"{r.cpu_seconds:.1f}"
        main = "" if r.main_cpu_seconds is None else f"{r.main_cpu_seconds:.1f}"
        print(f"{r.name:<62} {r.mb_per_s:>8.2f} {r.docs_per_s:>9.0f} {r.seconds:>8.1f} {cpu:>7} {main:>8} "
              f"{_mib(r.pss_peak_bytes):>10} {_mib(r.rss_max_bytes):>10}")
    print("(MB/s and docs/s from wall time; CPU s: user+system of the process and its workers; "
          "main CPU: the main process alone)")


def ratios(runs: list[Run], workers: int, text_bytes: int) -> list[tuple[str, float | None, float | None]]:
    """(label, ratio, target) — the headline figures and the targets they must reach."""
    by = {r.name: r for r in runs}
    one = next((r for r in runs if r.name.startswith("cleaner clean, 1 worker")), None)
    many = next((r for r in runs if r.name.startswith(f"cleaner clean, {workers} workers")), None)
    ftfy_run = by.get("baseline: ftfy.fix_text per document")
    ds = by.get(BASELINE_DATASKETCH)
    ds_lsh = next((r for r in runs if r.name.startswith("baseline: datasketch MinHash + ")), None)
    dedup = next((r for r in runs if r.extra.get("dedup")), None)

    def speedup(fast: Run | None, slow: Run | None) -> float | None:
        return slow.seconds / fast.seconds if fast and slow else None

    def cpu_speedup(fast: Run | None, slow: Run | None) -> float | None:
        if not (fast and slow and fast.cpu_seconds and slow.cpu_seconds):
            return None
        return slow.cpu_seconds / fast.cpu_seconds

    def projected_scaling() -> float | None:
        # What N workers give on N idle cores: the work spread over the cores, but never
        # faster than the main process (which reads, reconciles and writes alone).
        if not (one and many and one.cpu_seconds and many.cpu_seconds and many.main_cpu_seconds):
            return None
        return one.cpu_seconds / max(many.main_cpu_seconds, many.cpu_seconds / workers)

    out = [
        ("full pipeline, 1 worker / ftfy.fix_text alone (throughput)", speedup(one, ftfy_run), None),
        ("  the same in CPU time (unaffected by other load on the machine)", cpu_speedup(one, ftfy_run), None),
        (f"full pipeline, {workers} workers / ftfy.fix_text alone (throughput)", speedup(many, ftfy_run), 1.0),
        (f"{workers} workers / 1 worker (throughput)", speedup(many, one), 1.7 if workers == 2 else None),
        (f"  projected from CPU times on {workers} idle cores", projected_scaling(), None),
        ("duplicate stages / datasketch MinHash per doc (per MB)", speedup(dedup, ds), 3.0),
        ("  the same in CPU time", cpu_speedup(dedup, ds), None),
        ("duplicate stages / datasketch MinHash + LSH (per MB)", speedup(dedup, ds_lsh), None),
    ]
    peak = max((r.pss_peak_bytes or 0 for r in runs if r.name.startswith("cleaner clean")), default=0)
    if peak:
        # Memory is streaming-bounded, so it is not proportional to the input; the
        # target (< 1 GB for a 1 GB input) is checked on the run's own input size.
        out.append(("peak PSS of cleaner clean / input size", peak / text_bytes, 1.0 if text_bytes >= 1e9 else None))
    return out


def print_ratios(rows) -> bool:
    ok = True
    print("\nheadline ratios")
    for label, value, target in rows:
        if value is None:
            print(f"  {label:<66} {'n/a':>7}")
            continue
        verdict = ""
        if target is not None:
            # memory/input must stay under its target; the others must reach theirs
            good = value < target if label.startswith("peak") else value >= target
            ok &= good
            verdict = f"  target {'<' if label.startswith('peak') else '>='} {target:g}: {'PASS' if good else 'FAIL'}"
        print(f"  {label:<66} {value:>7.2f}x{verdict}")
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from cleaner.parallel import default_workers

    workers = args.workers or default_workers()
    tmp = tempfile.mkdtemp(prefix="cleaner-bench-", dir=args.tmp)
    try:
        if args.corpus:
            corpus_path = args.corpus
            texts = None  # read only when an in-process measurement needs them
            text_bytes, n = text_size(corpus_path)
            print(f"corpus: {corpus_path}: {n} documents, {text_bytes / 1e6:.1f} MB of text")
        else:
            corpus = build_corpus(args.data, int(args.mb * 1e6), os.path.join(tmp, "corpus.jsonl"))
            corpus_path = corpus.path
            text_bytes = corpus.text_bytes
            texts = None
            print(f"corpus: {corpus.docs} documents, {corpus.text_bytes / 1e6:.1f} MB of text, built from "
                  f"{corpus.distinct_docs} real documents ({corpus.distinct_bytes / 1e6:.1f} MB); repeats have "
                  f"their paragraphs reordered, so the duplicate stage sees them as near-duplicates")
        doc_count = sum(1 for _ in open(corpus_path, encoding="utf-8"))
        print(f"machine: {os.cpu_count()} CPUs, N = {workers} workers; python {sys.version.split()[0]}; "
              f"load average before the run {os.getloadavg()[0]:.2f} (other work on the machine skews wall times)")
        runs: list[Run] = []
        if "clean" in args.only:
            counts = args.worker_counts or ([1, workers] if workers > 1 else [1])
            rounds = [[measure_clean(corpus_path, doc_count, text_bytes, n, tmp, args.clean_args) for n in counts]
                      for _ in range(max(1, args.repeat))]
            for tries in zip(*rounds):  # the same worker count, once per round
                runs.append(sorted(tries, key=lambda r: r.seconds)[len(tries) // 2])
        both = "stages" in args.only and "baselines" in args.only
        if "stages" in args.only:
            docs = _documents(corpus_path)
            runs.extend(measure_stages(docs, text_bytes, args.repeat, together=not both))
            if both:  # the headline ratio's two sides, in alternation
                runs.extend(measure_duplicate_stages(docs, [d.text for d in docs], text_bytes, args.repeat))
            del docs
        if "baselines" in args.only:
            if texts is None:
                texts = load_texts(corpus_path)
            runs.extend(measure_baselines([t for _, t in texts], text_bytes, args.repeat, datasketch=not both))
        print(f"load average after the run {os.getloadavg()[0]:.2f}")
        print_table(runs)
        ok = print_ratios(ratios(runs, workers, text_bytes))
        print(f"\n(bench process itself peaked at {_mib(self_max_rss_bytes())}; it holds the corpus in memory "
              f"for the in-process measurements)")
        if args.json:
            Path(args.json).write_text(json.dumps({
                "when": time.strftime("%Y-%m-%d %H:%M:%S"), "corpus_bytes": text_bytes, "docs": doc_count,
                "workers": workers,
                "runs": [dict(name=r.name, seconds=r.seconds, mb_per_s=r.mb_per_s, docs_per_s=r.docs_per_s,
                              cpu_seconds=r.cpu_seconds, main_cpu_seconds=r.main_cpu_seconds,
                              pss_peak_bytes=r.pss_peak_bytes, rss_max_bytes=r.rss_max_bytes) for r in runs],
                "ratios": [dict(label=l, value=v, target=t) for l, v, t in ratios(runs, workers, text_bytes)],
            }, indent=2) + "\n")
        if args.keep and not args.corpus:
            kept = os.path.join(args.tmp or tempfile.gettempdir(), "cleaner-bench-corpus.jsonl")
            shutil.move(corpus_path, kept)
            print(f"corpus kept: {kept}")
        return 0 if ok or not args.check else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
