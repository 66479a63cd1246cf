"""F301 figure-disagrees-across-documents: two documents of one batch report the same
measure for the same subject at about the same date with figures that cannot both
be right.

Each document's claims go into a `FigureLedger` kept in the corpus state, keyed by
measure (event plus counted noun: "killed civilians" and "killed soldiers" are
different measures). A new claim is compared with earlier documents' claims under
the same key that share subject names (two, or the only one a sentence has) and a date (periods that overlap or lie
within ``same_date_days``, both no longer than a month, or the same year for
yearly figures), unless something tells their events apart (`_different_events`).
They disagree when their ranges do not meet even after widening each by the
tolerance: "over 12,000" and "9,000" disagree; "over 12,000" and "16,000" do not.

Figures of money, percentages and durations, vague amounts ("hundreds") and bare
"people" counts are left out: "2.5%" and "16%" in two articles about one company,
or "hundreds of people" and "964,000 people" that share only "U.S.", are usually
about different things.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..findings import Finding, Severity
from ..rules import define_rule
from .claims import Claim

FIGURE_DISAGREES = define_rule(
    "F301",
    "figure-disagrees-across-documents",
    "Another document of the batch gives a different figure for the same measure, subject and date",
    textwrap.dedent("""\
    When two sources in one ingestion batch report "1,200 workers laid off at Acme as of
    March 2024" and "3,000 workers laid off at Acme as of March 2024", at least one is
    wrong or outdated: a RAG pipeline that retrieves both will contradict itself.
    The finding names the other document and its figure; decide which source to trust.
    Compared: claims with the same measure (event and counted noun), a shared capitalised
    name in their sentences, and dates within `same-date-days` ([tool.cleaner.claims]);
    their ranges must differ by more than `tolerance` (default 0.15). Not compared: counts
    whose own clauses name different places or actors ("jobs cut in Germany" / "in
    France"), that sit beside events of different kinds ("killed in the attack" / "in the
    war") or that count from different starts ("since 2014" / "since 2022"). False
    positives: two different counts that share a measure word and names and say nothing
    that tells their events apart.
    """),
    examples=[
        "As of March 2024, Acme Corp had laid off 1,200 workers at its Ohio plants.",
        "As of March 2024, Acme Corp had laid off 3,000 workers at its Ohio plants.",
    ],
    counter_examples=["As of March 2024, Acme Corp had laid off 1,200 workers at its Ohio plants."],
    severity=Severity.WARNING,
)

# Measures too generic to compare across documents: time, money, shares, and "people"
# with no event ("964,000 people" and "800 people" in two stories count different crowds).
_GENERIC_MEASURES = frozenset(
    """percent dollar euro pound yen yuan rupee rouble franc peso hryvnia naira won rand year month week day
    hour minute second time point one other way thing item part people person""".split()
)
_MAX_PERIOD_DAYS = 31


@dataclass(frozen=True, slots=True)
class Entry:
    """What the ledger remembers of one claim."""

    serial: int  # the document's position in the batch (ids may be missing or repeated)
    doc_id: str
    path: str | None
    lineno: int
    text: str
    low: float
    high: float
    first: dt.date
    last: dt.date
    subjects: frozenset[str]
    clause_names: frozenset[str] = frozenset()
    event_kinds: frozenset[str] = frozenset()
    since: tuple[dt.date, dt.date] | None = None


class FigureLedger:
    """Claims of earlier documents, by measure; bounded per measure."""

    def __init__(self, max_per_measure: int) -> None:
        self._by_measure: dict[tuple[str, str | None], _Bucket] = {}
        self._max = max_per_measure
        self._documents = 0

    def compare(self, claims: Iterable[Claim], doc_id: str, path: str | None, tolerance: float,
                same_date_days: int) -> Iterator[tuple[Claim, Entry]]:
        """Yield (claim, earlier entry) pairs that disagree, then remember ``claims``.

        A document that also gives a figure compatible with the claim does not
        disagree with it: "an order of 30 jets ... and one of 50 jets" in two
        versions of the same story compares 30 with 30 and 50 with 50.
        """
        self._documents += 1
        serial = self._documents
        fresh: list[tuple[tuple[str, str | None], Entry, Claim]] = []
        for claim in claims:
            key = measure_key(claim)
            if key is None or claim.date_first is None or not claim.subjects:
                continue
            entry = Entry(serial, doc_id, path, claim.lineno, claim.text, claim.low, claim.high, claim.date_first,
                          claim.date_last or claim.date_first, frozenset(claim.subjects),
                          frozenset(claim.clause_names), frozenset(claim.event_kinds), claim.since)
            fresh.append((key, entry, claim))
        for key, entry, claim in fresh:
            bucket = self._by_measure.get(key)
            if bucket is None:
                continue
            named = bucket.naming(entry.subjects)
            # Only a document with a figure outside this one's range can disagree with it;
            # in a corpus of repeated stories most give the same figure, and the range test
            # is far cheaper than the subject and date tests.
            suspects = {e.serial for e in named if e.serial != serial and _disagree(entry, e, tolerance)}
            if not suspects:
                continue
            comparable: dict[int, list[Entry]] = {}
            for earlier in named:
                if earlier.serial in suspects and _comparable(entry, earlier, same_date_days):
                    comparable.setdefault(earlier.serial, []).append(earlier)
            for entries in comparable.values():
                if any(not _disagree(entry, e, tolerance) for e in entries):
                    continue  # that document also gives a compatible figure
                other = entries[0]
                mine = [f for k, f, _ in fresh if k == key and _comparable(f, other, same_date_days)]
                if any(not _disagree(f, other, tolerance) for f in mine):
                    continue  # this document also gives the other's figure
                yield claim, other
                break
        for key, entry, _ in fresh:
            bucket = self._by_measure.get(key)
            if bucket is None:
                bucket = self._by_measure[key] = _Bucket(self._max)
            bucket.add(entry)


class _Bucket:
    """The last ``size`` entries of one measure, and which of them name each subject.

    Only entries that share a subject can be comparable (`_same_subject`), so a new
    claim looks at those, not at the whole bucket: the main process compares every
    claim of the corpus, in input order.
    """

    __slots__ = ("_entries", "_by_subject", "_size", "_added")

    def __init__(self, size: int) -> None:
        self._entries: deque[tuple[int, Entry]] = deque()  # (insertion number, entry), oldest first
        self._by_subject: dict[str, deque[tuple[int, Entry]]] = {}  # the same, per subject named
        self._size = size
        self._added = 0

    def add(self, entry: Entry) -> None:
        if len(self._entries) == self._size:
            _, old = self._entries.popleft()
            for subject in old.subjects:  # the oldest entry naming each of its subjects
                named = self._by_subject[subject]
                named.popleft()
                if not named:
                    del self._by_subject[subject]
        item = (self._added, entry)
        self._added += 1
        self._entries.append(item)
        for subject in entry.subjects:
            named = self._by_subject.get(subject)
            if named is None:
                named = self._by_subject[subject] = deque()
            named.append(item)

    def naming(self, subjects: frozenset[str]) -> list[Entry]:
        """The entries that name one of ``subjects``, oldest first."""
        found: dict[int, Entry] = {}
        for subject in subjects:
            for number, entry in self._by_subject.get(subject, ()):
                found[number] = entry
        return [found[number] for number in sorted(found)]


def measure_key(claim: Claim) -> tuple[str, str | None] | None:
    """What a claim counts, for comparison; None for claims too vague or too generic
    to compare ("hundreds", "964,000 people", "$2 billion", "3.5 percent")."""
    if claim.measure is None or claim.unit is not None or claim.vague or claim.measure in _GENERIC_MEASURES:
        return None
    noun = claim.noun if claim.noun != claim.measure else None
    return claim.measure, noun


def _comparable(a: Entry, b: Entry, days: int) -> bool:
    return _same_subject(a, b) and _same_time(a, b, days) and not _different_events(a, b, days)


def _different_events(a: Entry, b: Entry, days: int) -> bool:
    """Signs that two counts sharing a measure and a name are about different events:
    each figure's own clause names something the other sentence never does ("jobs cut
    in Germany" / "in France"), the events named beside them are of different kinds
    ("killed in the attack" / "in the war"), or they count from different starts
    ("since 2014" / "since 2022")."""
    if a.clause_names - b.subjects and b.clause_names - a.subjects:
        return True
    if a.event_kinds and b.event_kinds and not a.event_kinds & b.event_kinds:
        return True
    if a.since is not None and b.since is not None:
        gap = max((a.since[0] - b.since[1]).days, (b.since[0] - a.since[1]).days, 0)
        return gap > days
    return False


def _same_subject(a: Entry, b: Entry) -> bool:
    """Names shared by the two sentences: all of them when one sentence names only one
    thing, else at least two. One common name ("U.S.", a team) says little about
    whether two figures count the same thing."""
    shared = len(a.subjects & b.subjects)
    return shared >= min(2, len(a.subjects), len(b.subjects)) and shared > 0


def _same_time(a: Entry, b: Entry, days: int) -> bool:
    a_len, b_len = (a.last - a.first).days, (b.last - b.first).days
    if a_len > _MAX_PERIOD_DAYS or b_len > _MAX_PERIOD_DAYS:
        # Long periods compare only with the very same period ("in 2015" and "in 2015").
        return a.first == b.first and a.last == b.last
    gap = max((a.first - b.last).days, (b.first - a.last).days, 0)
    return gap <= days


def _disagree(a: Entry, b: Entry, tolerance: float) -> bool:
    a_low, a_high = a.low * (1 - tolerance), a.high * (1 + tolerance)
    b_low, b_high = b.low * (1 - tolerance), b.high * (1 + tolerance)
    return a_high < b_low or b_high < a_low


def disagreement_finding(claim: Claim, earlier: Entry) -> Finding:
    name = earlier.doc_id or earlier.path or f"#{earlier.serial} of the batch"
    what = claim.measure_text or claim.measure
    message = (f"figure {claim.text} ({what}) disagrees with {earlier.text} in document {name} "
               f"(line {earlier.lineno}) for the same measure, subject and date")
    data = {"other_doc": earlier.doc_id, "other_path": earlier.path, "other_line": earlier.lineno,
            "other_figure": earlier.text, "figure": claim.text, "measure": claim.measure,
            "shared_subjects": sorted(set(claim.subjects) & earlier.subjects)}
    return Finding("F301", message, claim.start, claim.end, Severity.WARNING, None, data)
