"""The F stage: factual consistency, report only (no finding here ever has a fix).

Per document (`check`): figures outdated against reference facts (F101), conflicting
titles (F102), dates that contradict the publication date (F103, F104).
Across the batch (`features` -> `reconcile`): the same measure reported with
disagreeing figures (F301).

It reads the text as the normaliser left it (``view.text``), so "Nations,as of july
2025" arrives as "Nations, as of July 2025"; every part also copes with the raw form.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..document import Document, TextView
from ..findings import Finding
from ..pipeline import Annotation, Context, Corpus
from ..rules import is_selected
from .claims import Claim, extract_claims
from .crossdoc import FigureLedger, disagreement_finding
from .outdated import find_outdated
from .published import dateline_date, find_date_contradictions
from .reference import FactBook, load_facts
from .titles import find_title_conflicts


class FactsStage:
    name = "facts"
    codes = ("F101", "F102", "F103", "F104", "F301")
    transforms = False

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        text = view.text
        published = publication_date(doc, text)
        book: FactBook = ctx.resource("facts", lambda: load_facts(ctx.config.facts))
        findings: list[Finding] = []
        if book:
            claims = extract_claims(text, published, value_filter=book.may_match)
            findings.extend(find_outdated(claims, text, book))
        findings.extend(find_title_conflicts(text))
        if published is not None:
            findings.extend(find_date_contradictions(text, published))
        return findings

    def features(self, view: TextView, doc: Document, ctx: Context) -> tuple[Claim, ...]:
        """The document's claims with a measure, a subject and a date (picklable)."""
        if not is_selected("F301", ctx.config.select, ctx.config.ignores_for(doc.path)):
            return ()
        claims = extract_claims(view.text, publication_date(doc, view.text), measured_only=True, dated_only=True)
        return tuple(c for c in claims if c.subjects and c.date_first is not None)

    def reconcile(self, features: tuple[Claim, ...] | None, view: TextView, doc: Document, corpus: Corpus,
                  ctx: Context) -> Iterable[Finding | Annotation]:
        if not features:
            return []
        settings = ctx.config.claims
        ledger: FigureLedger = corpus.state("facts", lambda: FigureLedger(settings.max_remembered))
        return [disagreement_finding(claim, earlier)
                for claim, earlier in ledger.compare(features, doc.id, doc.path, settings.tolerance,
                                                     settings.same_date_days)]


# A year outside these is a placeholder, not a date: Go's zero time (0001-01-01) and
# "9999-12-31" stand for "unknown" in scraped records.
_PLAUSIBLE_YEARS = range(1000, 9000)


def publication_date(doc: Document, text: str) -> dt.date | None:
    """The document's own date, else a "Published: ..." line at the top of the text."""
    if doc.published is not None and doc.published.year in _PLAUSIBLE_YEARS:
        return doc.published
    return dateline_date(text)
