"""Analyse documents in worker processes, keeping input order and bounded memory.

The per-document work (`Pipeline.analyze`: normalising, signatures, boilerplate,
claims) runs in workers; the main process reconciles each analysis with the
corpus in input order, so the duplicate index sees documents exactly as a
single-process run would, and results are identical whatever the worker count.

Memory stays bounded: at most ``max_in_flight`` batches are submitted at once
(`Pool.imap` would read the whole input ahead of the workers).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator, Sequence

from .config import Config
from .document import Document
from .errors import CleanerError
from .pipeline import Analysis, Pipeline
from .sources import Rejected, internal_error

BATCH_CHARS = 256_000  # about 50 articles: amortises pickling without hurting latency
BATCH_DOCS = 64

_worker_pipeline: Pipeline | None = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(config: Config) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(config)
    _exit_with_parent(os.getppid())


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


def _analyze_in_worker(batch: Sequence[Document | Rejected]) -> list[Analysis | Rejected]:
    assert _worker_pipeline is not None
    return analyze_batch(_worker_pipeline, batch)


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
    items: Iterable[Document | Rejected], config: Config, workers: int, max_in_flight: int | None = None
) -> Iterator[list[Analysis | Rejected]]:
    """Yield each batch analysed (Rejected items in place), in input order."""
    max_in_flight = max_in_flight or workers * 3
    # fork: workers start at once with every module (and gazetteer) already imported.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(config,)) as pool:
        for batch in document_batches(items):
            pending.append(pool.submit(_analyze_in_worker, batch))
            while len(pending) >= max_in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
