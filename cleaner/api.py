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
from typing import Any, Iterable, Iterator

from .config import Config
from .document import Document, choose_fixes
from .findings import Finding
from .pipeline import Corpus, Pipeline, Result
from .sources import Rejected, document_from_record, parse_published

MAX_FIX_PASSES = 8


class Cleaner:
    def __init__(self, config: Config | None = None, *, index: str | None = None) -> None:
        self.config = config or Config()
        if index is not None:
            self.config = self.config.replaced(index=index)
        self.pipeline = Pipeline(self.config)
        self.corpus = Corpus(self.config.index)

    # -- one document -------------------------------------------------------------
    def check(self, text: str, **meta: Any) -> list[Finding]:
        """Findings for ``text`` (offsets into ``text``); the document joins the corpus."""
        return self.process(make_document(text, **meta)).findings

    def clean(self, text: str, **meta: Any) -> Result:
        """The cleaned text (every safe fix applied) with the findings that justify it."""
        return self.process(make_document(text, **meta))

    def process(self, doc: Document) -> Result:
        result = self.pipeline.run(doc, self.corpus)
        if _has_conflicting_fixes(result):
            return self._settle(result)
        return result

    def fix(self, doc: Document) -> Result:
        """Like `process`, then re-check the fixed text until nothing changes (for --fix)."""
        return self._settle(self.pipeline.run(doc, self.corpus))

    def _settle(self, first: Result) -> Result:
        # Later passes run without the corpus: cross-document work was done by the
        # first pass, and the document must not meet its own earlier version.
        text = first.text
        for _ in range(MAX_FIX_PASSES - 1):
            again = self.pipeline.run(dataclasses.replace(first.doc, text=text), None)
            if again.text == text:
                break
            text = again.text
        return Result(first.doc, first.findings, text, first.annotations)

    # -- streams --------------------------------------------------------------------
    def stream(self, records: Iterable[dict[str, Any] | Document | Rejected]) -> Iterator[Result | Rejected]:
        """Process records in order; a record that cannot be used comes back as Rejected."""
        for index, record in enumerate(records, 1):
            if isinstance(record, Rejected):
                yield record
                continue
            if isinstance(record, dict):
                try:
                    record = document_from_record(record, index)
                except ValueError as exc:
                    yield Rejected(index, str(exc), repr(record)[:1000])
                    continue
            try:
                result = self.process(record)
            except RecursionError as exc:  # pathological nesting in a third-party library
                result = Rejected(record.record_line or index, f"could not be processed: {exc}", record.id)
            except Exception as exc:  # noqa: BLE001 - one bad record must not stop an ingestion job
                # A bug, not bad input; the reason says so, and `cleaner clean` exits 1.
                result = Rejected(record.record_line or index,
                                  f"internal error (a bug in cleaner): {type(exc).__name__}: {exc}"[:500], record.id)
            yield result

    def close(self) -> None:
        self.corpus.close()

    def __enter__(self) -> "Cleaner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_document(text: str, *, id: str = "", path: str | None = None, title: str | None = None,
                  url: str | None = None, source: str | None = None,
                  published: str | dt.date | None = None, **fields: Any) -> Document:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
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
