"""Analyse documents in worker processes, keeping input order and bounded memory.

The per-document work (`Pipeline.analyze`: normalising, signatures, boilerplate,
claims) runs in workers; the main process reconciles each analysis with the
corpus in input order, so the duplicate index sees documents exactly as a
single-process run would, and results are identical whatever the worker count.

The main process is the one part that does not scale with workers, so it is
kept to the corpus work. A worker also *finishes* each document speculatively
(final stages, fixes, and the caller's rendering, e.g. the output JSON line),
as if reconciling will add nothing. That is what usually happens, and then the
main process takes the worker's result as it is; when reconciling does add a
finding or annotation, the main process finishes the document itself. Either
way the result is the one a single process computes.

What crosses processes is kept small: the worker does not send back the
document (the main process still has it), nor texts equal to the document's.

Memory stays bounded: at most ``max_in_flight`` batches are submitted at once
(`Pool.imap` would read the whole input ahead of the workers).
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from .collector import collect_less_often
from .config import Config
from .document import Document, OffsetMap, TextView
from .errors import CleanerError
from .pipeline import Analysis, Pipeline, Result
from .sources import Rejected, internal_error

if TYPE_CHECKING:
    from .api import Cleaner

BATCH_CHARS = 256_000  # about 50 articles: amortises pickling without hurting latency
BATCH_DOCS = 64

_worker: "Cleaner | None" = None
_worker_render: Callable[[Result], Any] | None = None


@dataclass(slots=True)
class Analysed:
    """A worker's answer for one document."""

    analysis: Analysis  # before reconcile and finish
    speculative: Result | None  # finished as if reconciling adds nothing
    rendered: Any = None  # render(speculative), when a renderer was given


@dataclass(slots=True)
class _Shipped:
    """`Analysed` without what the main process already has (the document's text)."""

    analysis: Analysis  # .doc is None; .view is None when its text is the document's
    view_map: OffsetMap | None
    speculative: Result | None  # .doc is None; .text is None when unchanged
    rendered: Any

    @classmethod
    def pack(cls, analysed: Analysed) -> "_Shipped":
        a, spec = analysed.analysis, analysed.speculative
        doc = a.doc
        view_map = None
        if a.view.text is doc.text or a.view.text == doc.text:
            view_map, a.view = a.view.to_original, None
        a.doc = None
        if spec is not None:
            spec.doc = None
            if spec.text is doc.text or spec.text == doc.text:
                spec.text = None
        return cls(a, view_map, spec, analysed.rendered)

    def unpack(self, doc: Document) -> Analysed:
        a, spec = self.analysis, self.speculative
        a.doc = doc
        if a.view is None:
            a.view = TextView(doc.text, self.view_map)
        if spec is not None:
            spec.doc = doc
            if spec.text is None:
                spec.text = doc.text
        return Analysed(a, spec, self.rendered)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(config: Config, render: Callable[[Result], Any] | None) -> None:
    global _worker, _worker_render
    if _worker is None or _worker.config != config:  # spawn, or a stale one from another run
        from .api import Cleaner

        _worker = Cleaner(config)
    _worker_render = render
    collect_less_often()  # the process does nothing else (see collector.py)
    _exit_with_parent(os.getppid())


def _prepare_for_fork(config: Config, sample: Document | None) -> None:
    """Build the workers' Cleaner here, and warm it on one document, before forking.

    Stages load their heavy resources (language profiles, gazetteers) on first
    use; loaded once here, the forked workers share them (copy-on-write) instead
    of each loading its own copy: less CPU per worker and less memory in all.
    """
    from .api import Cleaner

    global _worker
    _worker = Cleaner(config)
    if sample is not None:
        try:
            analyse_one(_worker, sample, None)
        except RecursionError:
            pass


def analyse_one(cleaner: "Cleaner", doc: Document, render: Callable[[Result], Any] | None) -> Analysed:
    """Analyse ``doc`` and finish a copy of the analysis (the original stays unfinished)."""
    return _speculate(cleaner, cleaner.pipeline.analyze(doc), render)


def _speculate(cleaner: "Cleaner", analysis: Analysis, render: Callable[[Result], Any] | None) -> Analysed:
    copy = Analysis(analysis.doc, analysis.view, list(analysis.findings), dict(analysis.annotations),
                    analysis.features)
    speculative = cleaner._finished(copy)
    return Analysed(analysis, speculative, render(speculative) if render is not None else None)


PARENT_POLL_S = 1.0


def _exit_with_parent(parent_pid: int) -> None:
    """End this worker when the main process dies without shutting the pool down.

    After `kill -9` of the main process nothing tells a forked worker: it holds
    both ends of its task queue's pipe, so it waits for work forever (found by
    tests/robustness/test_robust_batch.py, which kills `cleaner clean` mid-run).
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="cleaner-parent-watch", daemon=True).start()


def analyze_batch(pipeline: Pipeline, batch: Sequence[Document | Rejected]) -> list[Analysis | Rejected]:
    """Analyse the documents of ``batch`` together; Rejected items stay in place.

    A record that trips a pathological recursion in a third-party library, or a
    bug in a rule, is isolated by redoing the batch one document at a time, and
    rejected alone (the reason says which).
    """
    docs = [d for d in batch if isinstance(d, Document)]
    try:
        analysed: Iterator[Analysis | Rejected] = iter(pipeline.analyze_many(docs))
    except CleanerError:
        raise  # the user's to act on, not one record's
    except Exception:  # noqa: BLE001 - RecursionError, or a bug in a rule: isolate the record
        analysed = iter([_analyze_one(pipeline, d) for d in docs])
    return [item if isinstance(item, Rejected) else next(analysed) for item in batch]


def _analyze_one(pipeline: Pipeline, doc: Document) -> Analysis | Rejected:
    try:
        return pipeline.analyze(doc)
    except RecursionError as exc:
        return Rejected(doc.record_line or 0, f"could not be processed: {exc}", doc.id)
    except CleanerError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop an ingestion job
        return internal_error(doc, exc)


def _analyze_in_worker(batch: Sequence[Document | Rejected]) -> list[_Shipped | Rejected]:
    assert _worker is not None
    out: list[_Shipped | Rejected] = []
    for item in analyze_batch(_worker.pipeline, batch):
        if isinstance(item, Rejected):
            out.append(item)
            continue
        try:
            out.append(_Shipped.pack(_speculate(_worker, item, _worker_render)))
        except RecursionError as exc:
            doc = item.doc
            out.append(Rejected(doc.record_line or 0, f"could not be processed: {exc}", doc.id))
        except CleanerError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop an ingestion job
            out.append(internal_error(item.doc, exc))
    return out


def document_batches(items: Iterable[Document | Rejected]) -> Iterator[list[Document | Rejected]]:
    batch: list[Document | Rejected] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.text) if isinstance(item, Document) else 0
        if len(batch) >= BATCH_DOCS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def analyze_parallel(
    items: Iterable[Document | Rejected], config: Config, workers: int, max_in_flight: int | None = None,
    render: Callable[[Result], Any] | None = None,
) -> Iterator[list[Analysed | Rejected]]:
    """Yield each batch analysed (Rejected items in place), in input order.

    ``render`` (a picklable function of a Result) runs in the workers on the
    speculative result.
    """
    max_in_flight = max_in_flight or workers * 3
    # fork: workers start at once with every module (and gazetteer) already imported.
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pending: deque[tuple[list[Document | Rejected], Future]] = deque()
    batches = document_batches(items)
    first = next(batches, None)
    if first is None:
        return
    if fork:
        _prepare_for_fork(config, next((d for d in first if isinstance(d, Document)), None))
        # What the workers inherit stays out of their collections: less CPU, and the
        # collector does not write to (and so copy) the pages they share with us.
        gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(config, render)) as pool:
            for batch in itertools.chain([first], batches):
                pending.append((batch, pool.submit(_analyze_in_worker, batch)))
                while len(pending) >= max_in_flight:
                    yield _merge(*pending.popleft())
            while pending:
                yield _merge(*pending.popleft())
    finally:
        if fork:
            gc.unfreeze()


def _merge(batch: list[Document | Rejected], future: Future) -> list[Analysed | Rejected]:
    out: list[Analysed | Rejected] = []
    for item, shipped in zip(batch, future.result()):
        if isinstance(shipped, Rejected):
            out.append(shipped)
        else:
            assert isinstance(item, Document)
            out.append(shipped.unpack(item))
    return out
