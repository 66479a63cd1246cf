"""`Cleaner`: the library entry point. The CLI is a thin layer over it.

    from cleaner import Cleaner
    cleaner = Cleaner()
    findings = cleaner.check("According to the united Nations,as of july 2025 ...")
    result = cleaner.clean(text, id="a1", published="2025-08-01")
    for record in cleaner.stream(records):   # dicts with id/text, e.g. from JSONL
        ...

A Cleaner keeps corpus state (duplicate index, cross-document facts) across
calls, so documents checked one after another are compared with each other.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from typing import Any, Callable, Iterable, Iterator

from .config import Config, parse_languages
from .document import Document, TextView, choose_fixes
from .errors import CleanerError
from .findings import Finding
from .linemap import OriginalLines, placed_on_original
from .parallel import analyze_batch, clean_parallel, complete_in_process, document_batches
from .pipeline import Analysis, Corpus, Pipeline, Result
from .rules import validate_selectors
from .sources import (LONE_SURROGATE, Rejected, document_from_record, has_lone_surrogate, internal_error,
                      parse_published)

MAX_FIX_PASSES = 8


class Cleaner:
    def __init__(self, config: Config | None = None, *, index: str | None = None,
                 fixed_point: bool = False) -> None:
        """``fixed_point``: every result is re-checked until nothing changes, as `fix`
        does (what `cleaner check` reports and `--fix` writes); by default a result
        takes one pass, as `cleaner clean` makes it."""
        self.config = config or Config()
        self.fixed_point = fixed_point
        if index is not None:
            self.config = self.config.replaced(index=index)
        # As the command line does: a code that names no rule is a mistake to say, not
        # a selection that silently checks nothing (UnknownRuleError).
        selection = {}
        if self.config.select is not None:
            selection["select"] = validate_selectors(self.config.select)
        if self.config.ignore:
            selection["ignore"] = validate_selectors(self.config.ignore)
        if self.config.languages:
            selection["languages"] = parse_languages(list(self.config.languages), "languages")
        if self.config.per_file_ignores:
            selection["per_file_ignores"] = {pattern: validate_selectors(codes)
                                             for pattern, codes in self.config.per_file_ignores.items()}
        if selection:
            self.config = self.config.replaced(**selection)
        self.pipeline = Pipeline(self.config)
        self.corpus = Corpus(self.config.index)
        self._calls = 0
        self._closed = False

    def _ensure_open(self) -> None:
        if self._closed:
            raise CleanerError("this Cleaner is closed (its duplicate index too): make a new Cleaner")

    # -- one document -------------------------------------------------------------
    def check(self, text: str, **meta: Any) -> list[Finding]:
        """Findings for ``text`` (offsets into ``text``); the document joins the corpus."""
        return self.clean(text, **meta).findings

    def clean(self, text: str, **meta: Any) -> Result:
        """The cleaned text (every safe fix applied) with the findings that justify it.

        Without an ``id`` the document gets ``doc-N`` (N counts calls), so texts
        checked one after another are distinct documents of one batch.
        """
        return self.process(self._document(text, meta))

    def _document(self, text: str, meta: dict[str, Any]) -> Document:
        self._calls += 1
        named = bool(meta.get("id"))
        if not named:
            meta["id"] = f"doc-{self._calls}"
        doc = make_document(text, **meta)
        return doc if named else dataclasses.replace(doc, named_id=False)

    def process(self, doc: Document) -> Result:
        self._ensure_open()
        return self._complete(self.pipeline.analyze(doc))

    def _complete(self, analysis: Analysis) -> Result:
        """Reconcile with the corpus (in input order) and build the result."""
        self.pipeline.reconcile(analysis, self.corpus)
        return self._finished(analysis)

    def process_alone(self, doc: Document) -> Result:
        """Like `process`, without the corpus: for engines (Ray) that do the
        cross-document work in a separate, corpus-wide step."""
        return self._finished(self.pipeline.analyze(doc))

    def _finished(self, analysis: Analysis) -> Result:
        result = self.pipeline.finish(analysis)
        if self.fixed_point or _has_conflicting_fixes(result):
            return self._settle(result)
        return result

    def process_many(self, docs: list[Document]) -> list[Result]:
        """`process` for several documents at once (same results, less overhead)."""
        self._ensure_open()
        results = self.pipeline.run_many(docs, self.corpus)
        return [self._settle(r) if self.fixed_point or _has_conflicting_fixes(r) else r for r in results]

    def fix(self, doc: Document | str, **meta: Any) -> Result:
        """Like `process`, then re-check the fixed text until nothing changes (for --fix).
        A plain string is taken as `clean` takes it, with the same keyword fields."""
        self._ensure_open()
        if not isinstance(doc, Document):
            doc = self._document(doc, meta)
        return self._settle(self.pipeline.run(doc, self.corpus))

    def _settle(self, first: Result) -> Result:
        """Re-check the fixed text until nothing changes.

        Later passes run without the corpus: cross-document work was done by the
        first pass, and the document must not meet its own earlier version. What a
        later pass changes (a fix that overlapped another, a problem an earlier fix
        revealed) is reported too, mapped back to the original text: nothing is
        changed without a finding that names it.
        """
        view = TextView.of(first.doc.text).edited(f.fix for f in first.findings if f.fix is not None and f.fix.safe)
        findings = list(first.findings)
        reported = _Reported(first.findings)
        for _ in range(MAX_FIX_PASSES - 1):
            again = self.pipeline.run(dataclasses.replace(first.doc, text=view.text), None)
            if again.text == view.text:
                break
            fixes = [f.fix for f in again.findings if f.fix is not None and f.fix.safe]
            lines = OriginalLines(view, first.doc.text)  # one line table per pass, not per finding
            for finding in again.findings:
                if finding.fix is None or not finding.fix.safe:
                    continue  # changes nothing: the first pass reported what there was to see
                revealed = _in_original(finding, view, lines)
                if reported.add(revealed):
                    findings.append(revealed)
            view = view.edited(fixes)
        findings.sort(key=Finding.sort_key)
        return Result(first.doc, findings, view.text, first.annotations, view.to_original)

    # -- streams --------------------------------------------------------------------
    def stream(self, records: Iterable[dict[str, Any] | Document | Rejected],
               workers: int = 1) -> Iterator[Result | Rejected]:
        """Process records in input order; a record that cannot be used comes back as Rejected.

        Records are analysed in batches (stage by stage, so the duplicate stages can
        sketch a whole batch at once); with ``workers > 1`` the batches are analysed
        in that many processes. Results are the same whatever the worker count.
        """
        for item, _ in self.stream_rendered(records, workers):
            yield item

    def stream_rendered(self, records: Iterable[dict[str, Any] | Document | Rejected], workers: int = 1,
                        render: Callable[[Result], Any] | None = None, results: bool = True,
                        ) -> Iterator[tuple[Result | Document | Rejected, Any]]:
        """Like `stream`, with ``render(result)`` beside each result (None for a Rejected).

        ``render`` (a module-level function, so it can be sent to workers) runs
        where the document is finished, which keeps serialisation of the workers'
        documents off the main process's serial part. Without ``results`` a
        finished document comes as its Document instead of its Result, so that
        with workers its findings and cleaned text need not cross processes.
        """
        self._ensure_open()
        # An input that fails part-way (a network stream cut, a file that ends in the
        # middle of a gzip block) still gets every record read before the failure
        # processed and yielded; the failure is raised after them.
        failure: list[Exception] = []
        documents = _as_documents(_until_failure(records, failure))
        if workers > 1:
            yield from clean_parallel(self, documents, workers, render, results)
        else:
            for batch in document_batches(documents):
                yield from complete_in_process(self, analyze_batch(self.pipeline, batch), render, results)
        if failure:
            raise failure[0]

    def _complete_batch(self, batch: list[Analysis | Rejected]) -> Iterator[Result | Rejected]:
        """Reconcile a batch with the corpus in input order, then finish each document."""
        reconciled = iter(self._reconciled([a for a in batch if isinstance(a, Analysis)]))
        for item in batch:
            if isinstance(item, Rejected):
                yield item
                continue
            outcome = next(reconciled)
            yield outcome if isinstance(outcome, Rejected) else self._finished_or_rejected(outcome)

    def _reconciled(self, analyses: list[Analysis]) -> list[Analysis | Rejected]:
        """Reconcile analyses with the corpus in input order; a record that breaks a
        corpus stage is rejected alone."""
        try:
            self.pipeline.reconcile_many(analyses, self.corpus)
            return analyses
        except CleanerError:
            raise  # the user's to act on (an unreachable index...), not one record's
        except Exception:  # noqa: BLE001 - find the record that breaks it; the others go on
            return [self._reconcile_alone(a) for a in analyses]

    def _finished_or_rejected(self, analysis: Analysis) -> Result | Rejected:
        try:
            return self._finished(analysis)
        except CleanerError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop an ingestion job
            return internal_error(analysis.doc, exc)

    def _reconcile_alone(self, analysis: Analysis) -> Analysis | Rejected:
        # A bug in a corpus stage: redo the batch record by record. A record already
        # reconciled before the failure may meet its own entry in the corpus state;
        # that is the price of not losing the whole batch to one bad record.
        try:
            self.pipeline.reconcile(analysis, self.corpus)
            return analysis
        except CleanerError:
            raise
        except Exception as exc:  # noqa: BLE001
            return internal_error(analysis.doc, exc)

    def close(self) -> None:
        self._closed = True
        self.corpus.close()

    def __enter__(self) -> "Cleaner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_documents(records: Iterable[Any]) -> Iterator[Document | Rejected]:
    for index, record in enumerate(records, 1):
        if isinstance(record, (Document, Rejected)):
            yield record
            continue
        try:  # a dict, or anything a JSON line can hold (None, a list...): rejected with the reason
            if has_lone_surrogate(record):
                raise ValueError(LONE_SURROGATE)  # no stage, and no UTF-8 output, can carry it
            yield document_from_record(record, index)
        except ValueError as exc:
            yield Rejected(index, str(exc), repr(record)[:1000])


def _until_failure(records: Iterable[Any], failure: list[Exception]) -> Iterator[Any]:
    """The records, until reading the next one raises: the exception goes to ``failure``."""
    try:
        yield from records
    except Exception as exc:  # noqa: BLE001 - raised again by `stream` once the records read are done
        failure.append(exc)


def make_document(text: str, *, id: str = "", path: str | None = None, title: str | None = None,
                  url: str | None = None, source: str | None = None,
                  published: str | dt.date | None = None, **fields: Any) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    for name, value in (("title", title), ("url", url), ("source", source)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")  # as `stream` rejects it
    if has_lone_surrogate(text) or has_lone_surrogate(title):
        raise ValueError(LONE_SURROGATE)
    return Document(text=text, id=id, path=path, title=title, url=url, source=source,
                    published=parse_published(published), fields=fields)


def _has_conflicting_fixes(result: Result) -> bool:
    """True when a safe fix had to wait for a second pass (a partial overlap).

    A fix swallowed by a wider chosen one (inside a removed paragraph) needs none.
    """
    fixes = [f.fix for f in result.findings if f.fix is not None and f.fix.safe]
    chosen = choose_fixes(fixes)
    if len(chosen) == len(fixes):
        return False
    starts = [c.start for c in chosen]
    chosen_ids = {id(c) for c in chosen}
    for fix in fixes:
        if id(fix) in chosen_ids:
            continue
        i = bisect.bisect_right(starts, fix.start) - 1
        if i < 0 or not (chosen[i].start <= fix.start and fix.end <= chosen[i].end):
            return True
    return False


def _in_original(finding: Finding, view: TextView, lines: OriginalLines) -> Finding:
    """A finding of a later fix pass, placed on the original text it stems from (its
    span, its fix, the line numbers it names) and marked as such."""
    placed = placed_on_original(finding, view, lines)
    return dataclasses.replace(placed, message=f"{placed.message} (after earlier fixes)")


class _Reported:
    """The (code, start, end) of the findings reported so far, to tell whether a later
    fix pass found something new. The first pass's findings are looked up where they
    are (sorted, as `Pipeline.finish` leaves them): a set of their keys cost a third
    as much again as the findings themselves on a text dense with them."""

    def __init__(self, first: list[Finding]) -> None:
        self._first = first
        self._later: set[tuple[int, int, str]] = set()

    def add(self, finding: Finding) -> bool:
        """Note ``finding``; False when one with its code and span was reported already."""
        key = finding.sort_key()
        first = self._first
        i = bisect.bisect_left(first, key, key=Finding.sort_key)
        if i < len(first) and first[i].sort_key() == key or key in self._later:
            return False
        self._later.add(key)
        return True
