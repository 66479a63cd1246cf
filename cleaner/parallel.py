"""Clean documents in worker processes, keeping input order and bounded memory.

``workers`` counts the processes that clean: ``workers - 1`` worker processes,
and the main process, which cleans batches too whenever it has nothing else to
do. The main process alone does what must be done in one place, in input order:
reconciling each document with the corpus (duplicate index, lines repeated across
the batch, figures across documents), and writing. A batch a worker cleans makes
two trips to it:

1. analyse — the worker runs `Pipeline.analyze_many`, keeps the analyses, and
   sends back only what reconciling needs (`Sketch`: the features, and the
   view's text when it differs from the document's);
2. finish — the main process reconciles the sketches and sends back what that
   added (findings, in the view's offsets, and annotations); the same worker maps
   the findings to the original text, finishes each document and renders it (for
   `cleaner clean`, the output line as UTF-8 bytes).

A batch the main process cleans itself crosses no process at all. Why the main
process helps instead of one more worker: with as many busy processes as cores
(2 workers and the main process on 2 cores) they take turns on the cores, and the
workers spent a median 11 % (1-21 %) more CPU on the same batches (caches lost at
each switch) than one worker beside an idle main process.

So the results are the ones a single process computes, whatever the worker
count, and neither the findings of a document nor its cleaned text cross
processes unless the caller asks for the `Result`.

Batches are handed to the worker with the fewest unanswered ones; a worker
finishes before it analyses more (finishing is what the output waits for). The
main process takes a batch only when no worker is short of one and no reply is
waiting. Memory stays bounded: at most ``max_in_flight`` batches are between
reading and output at once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from .collector import collect_less_often
from .config import Config
from .document import Document, TextView
from .errors import CleanerError
from .pipeline import Analysis, Pipeline, Result, _to_original
from .sources import Rejected, internal_error

if TYPE_CHECKING:
    from .api import Cleaner

# About 100 articles: amortises pickling, and the main process's per-batch look-ups
# (the duplicate stages: 128-document batches took 5% less than 64-document ones),
# without hurting latency.
BATCH_CHARS = 512_000
BATCH_DOCS = 128
PER_WORKER = 2  # batches sent to a worker and not yet analysed: keeps it busy while the main process works
POLL_S = 1.0  # how often the main process checks that its workers are alive while it waits
# Workers run a little below the main process: reconciling is the one serial path, and
# when the cores are short (other load, or `MAIN_PROCESS_CLEANS` off: as many workers as
# cores) a worker that takes the main process's core stalls all of them (2 workers and
# the main process on 2 cores: about 1 s of 29 s faster, in each of five A/B rounds).
WORKER_NICENESS = 5
# The main process cleans batches too when it has nothing else to do (see above);
# False: it only reconciles and writes, and ``workers`` worker processes clean.
MAIN_PROCESS_CLEANS = True

_worker: "Cleaner | None" = None


@dataclass(slots=True)
class Sketch:
    """What the main process needs of one analysed document to reconcile it.

    Not the view's map to the original text: the main process reconciles on the
    view's text alone and the worker maps what that finds (`_finish`).
    """

    view_text: str | None  # None: the document's own text
    features: dict[str, Any]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sketch, (self.view_text, self.features))


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _prepare_for_fork(config: Config, fixed_point: bool, sample: Document | None) -> None:
    """Build the workers' Cleaner here, and warm it on one document, before forking.

    Stages load their heavy resources (language profiles, gazetteers) on first
    use; loaded once here, the forked workers share them (copy-on-write) instead
    of each loading its own copy: less CPU per worker and less memory in all.
    """
    from .api import Cleaner

    global _worker
    _worker = Cleaner(config, fixed_point=fixed_point)
    if sample is not None:
        try:
            _worker._finished(_worker.pipeline.analyze(sample))
        except CleanerError:
            raise  # the user's to act on (an unreadable facts file...)
        except Exception:  # noqa: BLE001 - a warm-up only: the record is processed (and rejected) in its turn
            pass


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


def complete_in_process(cleaner: "Cleaner", analyses: list[Analysis | Rejected], render: Callable[[Result], Any] | None,
                        results: bool) -> Iterator[tuple[Result | Document | Rejected, Any]]:
    """A batch analysed in this process, reconciled and finished here: each item
    with ``render(result)`` (None for a Rejected), as `clean_parallel` yields them."""
    for item in cleaner._complete_batch(analyses):
        if isinstance(item, Rejected):
            yield item, None
        else:
            yield (item if results else item.doc), (None if render is None else render(item))


class BatchBoundaries:
    """Where `document_batches` cuts a stream: fed the items in order, says after
    which one a batch ends. (A resumed run checkpoints only there, so that the
    records it replays are batched as the first run batched them.)"""

    def __init__(self) -> None:
        self.items = 0
        self.chars = 0

    def ends_after(self, item: Document | Rejected) -> bool:
        self.items += 1
        self.chars += len(item.text) if isinstance(item, Document) else 0
        if self.items >= BATCH_DOCS or self.chars >= BATCH_CHARS:
            self.items = self.chars = 0
            return True
        return False


def document_batches(items: Iterable[Document | Rejected]) -> Iterator[list[Document | Rejected]]:
    batch: list[Document | Rejected] = []
    cuts = BatchBoundaries()
    for item in items:
        batch.append(item)
        if cuts.ends_after(item):
            yield batch
            batch = []
    if batch:
        yield batch


# -- in a worker ----------------------------------------------------------------------

def _lower_priority(niceness: int) -> None:
    try:
        os.nice(niceness)
    except OSError:  # not allowed here (some sandboxes): the same results, only less even
        pass


def _serve(wid: int, config: Config, fixed_point: bool, render: Callable[[Result], Any] | None, results: bool,
           tasks: Any, replies: Any) -> None:
    """A worker's loop: analyse and finish batches until told to stop (None)."""
    global _worker
    if _worker is None or _worker.config != config or _worker.fixed_point != fixed_point:
        from .api import Cleaner  # spawn, or a stale one from another run

        _worker = Cleaner(config, fixed_point=fixed_point)
    collect_less_often()  # the process does nothing else (see collector.py)
    _exit_with_parent(os.getppid())
    _lower_priority(WORKER_NICENESS)
    # Not the CLI's handlers, inherited by fork: Ctrl-C reaches the whole process group
    # and the main process stops the workers; `terminate` must end a worker at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    held: dict[int, list[Analysis | Rejected | None]] = {}
    inbox: deque = deque()
    while True:
        if not inbox:
            inbox.append(tasks.get())
        while not tasks.empty():
            inbox.append(tasks.get())
        task = _next_task(inbox)
        if task is None:
            return
        kind, k, payload = task
        try:
            if kind == "analyse":
                reply = _analyse(_worker, k, payload, held)
            else:
                reply = _finish(_worker, held.pop(k), payload, render, results)
        except BaseException as exc:  # noqa: BLE001 - the main process raises it
            replies.put(("error", k, wid, _portable(exc)))
            return
        replies.put((kind, k, wid, reply))


def _next_task(inbox: deque) -> Any:
    """Finishing first: the output waits for it, and it frees what the worker holds."""
    for i, task in enumerate(inbox):
        if task is not None and task[0] == "finish":
            del inbox[i]
            return task
    return inbox.popleft()


def _analyse(cleaner: "Cleaner", k: int, batch: list[Document | Rejected],
             held: dict[int, list[Analysis | Rejected | None]]) -> list[Sketch | None]:
    analyses: list[Analysis | Rejected | None] = [
        None if isinstance(b, Rejected) else a for a, b in zip(analyze_batch(cleaner.pipeline, batch), batch)]
    held[k] = analyses
    out: list[Sketch | None] = []
    for a in analyses:
        if a is None or isinstance(a, Rejected):
            out.append(None)  # the Rejected comes with the batch's finished items
        else:
            text = a.view.text
            same = text is a.doc.text or text == a.doc.text
            out.append(Sketch(None if same else text, a.features))
    return out


def _finish(cleaner: "Cleaner", analyses: list[Analysis | Rejected | None], additions: list,
            render: Callable[[Result], Any] | None, results: bool) -> list:
    """Each analysis with what reconciling added, finished and rendered.

    An item is None where the main process has the answer already (a record
    rejected on input, or by reconciling); a Rejected; or (result, rendered),
    where the result has no document (the main process has it) and no text when
    its text is the document's, and is None unless ``results``.
    """
    out: list = []
    for analysis, added in zip(analyses, additions):
        if analysis is None or isinstance(analysis, Rejected):
            out.append(analysis if isinstance(analysis, Rejected) else None)
            continue
        if added is False:
            out.append(None)
            continue
        if added:
            findings, annotations = added  # findings in offsets of the view, as reconciled
            analysis.findings.extend(_to_original(f, analysis.view) for f in findings)
            analysis.annotations.update(annotations)
        result = cleaner._finished_or_rejected(analysis)
        if isinstance(result, Rejected):
            out.append(result)
            continue
        rendered = render(result) if render is not None else None
        if not results:
            out.append((None, rendered))
            continue
        doc = result.doc
        text = None if (result.text is doc.text or result.text == doc.text) else result.text
        out.append(((result.findings, text, result.annotations, result.text_map), rendered))
    return out


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a CleanerError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return CleanerError(f"a worker process failed: {type(exc).__name__}: {exc}")


# -- in the main process ----------------------------------------------------------------

# A batch crosses in one or two writes instead of ~20 through a 64 KiB pipe. Each
# write is a hand-over between a queue's feeder thread and its process's busy main
# thread (the GIL), during which the reader waits: on the 100 MB bench the main
# process waited 1.1 s instead of 1.8 s, the worker 0.9 s instead of 1.1 s.
PIPE_BYTES = 1 << 20


def _widen_pipe(q: Any) -> None:
    """Grow the pipe under a multiprocessing queue to `PIPE_BYTES` where Linux allows it."""
    try:
        import fcntl

        fcntl.fcntl(q._writer.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError, ValueError):  # not Linux, or a lower pipe-max-size
        pass


class _Pool:
    """Worker processes, each with its own task queue (a batch is finished where it was analysed)."""

    def __init__(self, config: Config, fixed_point: bool, workers: int, render: Callable[[Result], Any] | None,
                 results: bool, fork: bool) -> None:
        # fork: workers start at once with every module (and gazetteer) already imported.
        context = multiprocessing.get_context("fork" if fork else "spawn")
        self.replies = context.Queue()
        self.tasks = [context.Queue() for _ in range(workers)]
        for q in [self.replies, *self.tasks]:
            _widen_pipe(q)
        self.procs = [context.Process(target=_serve, args=(w, config, fixed_point, render, results, self.tasks[w], self.replies),
                                      name=f"cleaner-worker-{w}", daemon=True) for w in range(workers)]
        for proc in self.procs:
            proc.start()

    def send(self, wid: int, task: Any) -> None:
        self.tasks[wid].put(task)

    def has_reply(self) -> bool:
        return not self.replies.empty()

    def receive(self) -> tuple[str, int, int, Any]:
        while True:
            try:
                return self.replies.get(timeout=POLL_S)
            except queue.Empty:
                for proc in self.procs:
                    if proc.exitcode is not None:
                        raise CleanerError(f"a worker process ended unexpectedly (exit code {proc.exitcode})")

    def close(self, ok: bool) -> None:
        if ok:
            for q in self.tasks:
                q.put(None)
            for proc in self.procs:
                proc.join()
        else:
            for proc in self.procs:
                proc.terminate()
            for proc in self.procs:
                proc.join(5)
        for q in [*self.tasks, self.replies]:
            if not ok:
                q.cancel_join_thread()  # its pipe may be full, with no reader left
            q.close()


def clean_parallel(cleaner: "Cleaner", items: Iterable[Document | Rejected], workers: int,
                   render: Callable[[Result], Any] | None = None, results: bool = True,
                   max_in_flight: int | None = None) -> Iterator[tuple[Result | Document | Rejected, Any]]:
    """Yield (Result or Rejected, ``render(result)``) for each item, in input order.

    ``workers`` processes clean (see the module's notes: with `MAIN_PROCESS_CLEANS`
    the main process is one of them). ``render`` (a picklable function of a Result)
    runs where the document is finished. Without ``results`` a finished document
    comes as its Document instead of its Result, and its findings and text never
    cross processes.
    """
    max_in_flight = max_in_flight or workers * (PER_WORKER + 2)
    processes = max(1, workers - 1) if MAIN_PROCESS_CLEANS else workers
    batches = document_batches(items)
    first = next(batches, None)
    if first is None:
        return
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        _prepare_for_fork(cleaner.config, cleaner.fixed_point, next((d for d in first if isinstance(d, Document)), None))
        # What the workers inherit stays out of their collections: less CPU, and the
        # collector does not write to (and so copy) the pages they share with us.
        gc.freeze()
    try:
        pool = _Pool(cleaner.config, cleaner.fixed_point, processes, render, results, fork)
        ok = False
        try:
            driver = _Driver(cleaner, pool, render, results, max_in_flight, helps=MAIN_PROCESS_CLEANS)
            yield from driver.run(first, batches)
            ok = True
        finally:
            pool.close(ok)
    finally:
        if fork:
            # Only now: a full collection in the main process would write to (and so
            # copy) every page it still shares with the workers.
            gc.unfreeze()


class _Driver:
    """The main process's loop: hand out batches, reconcile them in input order,
    clean a batch itself when idle, and yield the finished documents in order.

    A batch is numbered in reading order; each number goes through: read (sent to
    a worker, or analysed here) -> analysed -> reconciled -> finished -> yielded.
    """

    def __init__(self, cleaner: "Cleaner", pool: _Pool, render: Callable[[Result], Any] | None, results: bool,
                 max_in_flight: int, helps: bool) -> None:
        self.cleaner, self.pool, self.render, self.results = cleaner, pool, render, results
        self.max_in_flight, self.helps = max_in_flight, helps
        self.read: dict[int, list[Document | Rejected]] = {}  # batches between reading and output
        self.unanswered = [0] * len(pool.procs)  # analyse tasks per worker without a reply
        self.analysed: dict[int, tuple[int, list]] = {}  # by a worker: (its id, sketches)
        self.analysed_here: dict[int, list[Analysis | Rejected]] = {}
        self.finished: dict[int, list] = {}  # by a worker: what it shipped
        self.finished_here: dict[int, list[tuple[Result | Document | Rejected, Any]]] = {}
        self.refused: dict[int, dict[int, Rejected]] = {}  # records that reconciling rejected
        self.submitted = self.reconciled = self.done = 0
        self.exhausted = False

    def run(self, first: list, batches: Iterator[list]) -> Iterator[tuple[Result | Document | Rejected, Any]]:
        pending: deque = deque([first])

        def next_batch() -> list | None:
            batch = pending.popleft() if pending else next(batches, None)
            self.exhausted = batch is None
            return batch

        while True:
            while not self.exhausted and self._room() and min(self.unanswered) < PER_WORKER:
                batch = next_batch()
                if batch is not None:
                    wid = self.unanswered.index(min(self.unanswered))
                    self.pool.send(wid, ("analyse", self.submitted, batch))
                    self.unanswered[wid] += 1
                    self._mark_read(batch)
            if self._reconcile_next():
                continue
            if self.done in self.finished or self.done in self.finished_here:
                yield from self._output_next()
                continue
            if self.exhausted and self.done == self.submitted:
                return
            if self.helps and not self.exhausted and self._room() and not self.pool.has_reply():
                batch = next_batch()  # nothing to do but wait: clean the next batch here
                if batch is not None:
                    self.analysed_here[self.submitted] = analyze_batch(self.cleaner.pipeline, batch)
                    self._mark_read(batch)
                continue
            kind, k, wid, payload = self.pool.receive()
            if kind == "error":
                raise payload
            if kind == "analyse":
                self.unanswered[wid] -= 1
                self.analysed[k] = (wid, payload)
            else:
                self.finished[k] = payload

    def _room(self) -> bool:
        return self.submitted - self.done < self.max_in_flight

    def _mark_read(self, batch: list[Document | Rejected]) -> None:
        self.read[self.submitted] = batch
        self.submitted += 1

    def _reconcile_next(self) -> bool:
        """Reconcile the next batch in order if it is analysed; False if it is not yet."""
        k = self.reconciled
        if k in self.analysed:
            wid, sketches = self.analysed.pop(k)
            additions, self.refused[k] = _reconcile(self.cleaner, self.read[k], sketches)
            self.pool.send(wid, ("finish", k, additions))
        elif k in self.analysed_here:
            analyses = self.analysed_here.pop(k)
            self.finished_here[k] = list(complete_in_process(self.cleaner, analyses, self.render, self.results))
        else:
            return False
        self.reconciled += 1
        return True

    def _output_next(self) -> Iterator[tuple[Result | Document | Rejected, Any]]:
        k = self.done
        batch = self.read.pop(k)
        self.done += 1
        if k in self.finished_here:
            yield from self.finished_here.pop(k)
        else:
            yield from _merge(batch, self.finished.pop(k), self.refused.pop(k), self.results)


def _reconcile(cleaner: "Cleaner", batch: list[Document | Rejected],
               sketches: list[Sketch | None]) -> tuple[list, dict[int, Rejected]]:
    """Reconcile a batch's sketches in input order; what that added to each document.

    An addition is None (no analysis), () (nothing added), (findings in view
    offsets, annotations), or False (reconciling rejected the record: the main
    process has the Rejected).
    """
    positions, analyses = [], []
    for i, (doc, sketch) in enumerate(zip(batch, sketches)):
        if isinstance(sketch, Sketch):
            assert isinstance(doc, Document)
            # An identity map: findings stay in view offsets, for the worker to map.
            view = TextView.of(doc.text if sketch.view_text is None else sketch.view_text)
            positions.append(i)
            analyses.append(Analysis(doc, view, [], {}, sketch.features))
    additions: list = [None] * len(batch)
    rejected: dict[int, Rejected] = {}
    for i, outcome in zip(positions, cleaner._reconciled(analyses)):
        if isinstance(outcome, Rejected):
            rejected[i] = outcome
            additions[i] = False
        elif outcome.findings or outcome.annotations:
            additions[i] = (outcome.findings, outcome.annotations)
        else:
            additions[i] = ()
    return additions, rejected


def _merge(batch: list[Document | Rejected], shipped: list, rejected: dict[int, Rejected],
           results: bool) -> Iterator[tuple[Result | Document | Rejected, Any]]:
    for i, (item, answer) in enumerate(zip(batch, shipped)):
        if isinstance(item, Rejected):
            yield item, None
        elif i in rejected:
            yield rejected[i], None
        elif isinstance(answer, Rejected):
            yield answer, None
        else:
            result, rendered = answer
            if not results:
                yield item, rendered
                continue
            findings, text, annotations, text_map = result
            yield Result(item, findings, item.text if text is None else text, annotations, text_map), rendered
