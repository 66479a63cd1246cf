"""Numeric claims: a figure, what it counts, who it is about and when it holds.

    >>> [c.describe() for c in extract_claims(
    ...     "According to the central bank,as of june 2024,over 3,000 people have been evacuated.")]
    ['over 3,000 (evacuate) dated 2024-06']

A `Claim` is made for every figure (see `numbers.py`); it *is a claim* when its
measure is known: the event that happened to the people counted ("killed",
"displaced"), else the counted noun ("jobs", "users"), else the unit ("percent",
"dollar"). Its date is the nearest date in the same sentence that says when the
figure holds ("as of July 2025", "in 2015", "by 2023", "so far this year"), else
the publication date, else unknown. "since 2014" and "the 2016 election" never
date a figure: one is a start, the other a name.

Known misses, kept honest in tests/facts/claims_cases.json: a measure named only
before the figure by a noun ("a population of 20 million") is not found; the
measure of a figure whose noun is more than three words away is not found.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Callable, Iterator

from ..document import Paragraph
from .blocks import Block, blocks_holding
from .dates import AS_OF_CUES, BEFORE_CUES, DateMention, find_dates, may_date_without_publication, period_label
from .lexicon import AUX_BRIDGE, COMMON_CAPITALISED, EVENT_NOUN_KINDS, EVENTS, NOUN_STOPS, PERSON_NOUNS, PRE_BRIDGE
from .numbers import Figure, figure_starts, find_figures
from .text import Span, lemma, paragraph_before, split_sentences, strip_possessive, words_of

_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "police", "staff", "personnel", "cattle",
                                "feet", "teeth", "dead", "wounded", "injured", "displaced", "missing"})
_MAX_MODIFIERS = 3  # "400,000 [state] residents", "1.4 million [Syrian] refugees"
_CLAUSE_END_RE = re.compile(r"[,;:()\[\]{}!?|/\"“”]|\.(?!\d)|\s[—–-]\s")
_MONTH_AND_DAY_NAMES = frozenset(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday""".split()
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure in a document, with what it counts and when. Offsets are into the text
    given to `extract_claims`."""

    start: int
    end: int
    text: str  # the figure as written, qualifier and unit included: "over 3,000"
    value: float
    low: float
    high: float
    qualifier: str | None
    unit: str | None
    vague: bool
    measure: str | None  # lemma: "kill", "job", "percent"; None: not a claim
    measure_text: str | None  # as written: "killed"
    noun: str | None  # the counted noun's lemma ("people", "civilian"), if any
    date_first: dt.date | None
    date_last: dt.date | None
    date_source: str | None  # "text", "published" or None
    date_text: str | None  # "july 2025" as written, when from the text
    date_cue: str | None  # "as of", "by", "in"...
    lineno: int  # 1-based line of the text
    sentence_start: int
    sentence_end: int
    window_start: int  # the figure's clause: between its neighbouring figures
    window_end: int
    near_start: int  # the sentence before, in the same paragraph
    heading_start: int | None  # a heading line just above the paragraph, if any
    heading_end: int | None
    subjects: tuple[str, ...]  # capitalised names in the sentence, lower-cased
    # What tells two counts of different events apart (F301), for claims with a measure:
    clause_names: tuple[str, ...] = ()  # names in the figure's own clause (between commas...)
    event_kinds: tuple[str, ...] = ()  # kinds of the events named beside it: "war", "attack"
    since: tuple[dt.date, dt.date] | None = None  # the start of a count "since 2014"

    @property
    def is_claim(self) -> bool:
        return self.measure is not None

    @property
    def date_label(self) -> str | None:
        if self.date_first is None:
            return None
        return period_label(self.date_first, self.date_last)

    def describe(self) -> str:
        when = f" dated {self.date_label}" if self.date_first else ""
        return f"{self.text} ({self.measure or '?'}){when}"


def extract_claims(text: str, published: dt.date | None = None, *,
                   value_filter: Callable[[float], bool] | None = None,
                   measured_only: bool = False, dated_only: bool = False) -> list[Claim]:
    """Every figure of ``text`` as a `Claim` (check ``is_claim`` for the ones with a measure).

    ``value_filter`` keeps only figures whose value it accepts, ``measured_only`` only
    figures with a measure, ``dated_only`` only figures with a date: each lets whole
    paragraphs skip the dear steps (finding figures, measures, dates) when they cannot
    yield what the caller wants. The claims kept are those a full extraction returns.
    """
    undated = dated_only and published is None
    if undated:
        # Only a resolved date in its paragraph can date a figure then, and every date
        # resolved without a publication date holds a year ("2019", "the 1990s") or a
        # century: other paragraphs cannot yield a claim, so they are never read.
        offsets = [m.start() for m in _YEAR_OR_CENTURY_RE.finditer(text)]
    else:
        offsets = figure_starts(text)
    claims: list[Claim] = []
    for block in blocks_holding(text, offsets):
        if undated:
            if block.joins:  # its lines joined: the years' offsets in the joined text
                years = [m.start() for m in _YEAR_OR_CENTURY_RE.finditer(block.text)]
            else:
                first, last = bisect.bisect_left(offsets, block.start), bisect.bisect_left(offsets, block.end)
                years = [o - block.start for o in offsets[first:last]]
            if not may_date_without_publication(block.text, years):
                continue
        claims.extend(_paragraph_claims(block, published, partial(_heading, text, block), value_filter,
                                        measured_only, dated_only))
    return claims


# Where every date `find_dates` can resolve without a publication date holds its
# year or century (see `dates._absolute`): "2019", "the 1990s", "the 5th century".
# It starts at a digit, as every match of the pattern does, so matches that run
# over a line break ("5th\ncentury") never hide one of a later line. The spaces
# around a line break count as one: blocks read "5th \n  century" joined.
_YEAR_OR_CENTURY_RE = re.compile(r"\d(?:(?<=1)[6-9]\d\d|(?<=2)0\d\d|(?i:st|nd|rd|th)(?:\s{1,40}|-)(?i:century))")


@lru_cache(maxsize=1024)
def _paragraph_figures(para: str) -> tuple[Figure, ...]:
    # The stage reads each paragraph twice (against facts, then for the batch ledger):
    # the second read comes from here.
    return tuple(find_figures(para))


def _heading(text: str, block: Block) -> Paragraph | None:
    """The line just above ``block`` when it is a heading."""
    previous = paragraph_before(text, block)
    return previous if previous is not None and _is_heading(previous.text) else None


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped.split()) <= 12 and stripped[-1:] not in ".,;!?\"”"


@dataclass(slots=True)
class _Row:
    figure: Figure
    sentence: int  # index into the paragraph's sentences
    window_start: int  # the figure's clause: from the previous figure...
    window_end: int  # ...to the next one, inside the sentence
    measure: tuple[str | None, str | None, str | None] = (None, None, None)


def _paragraph_claims(block: Block, published: dt.date | None,
                      heading_of: Callable[[], Paragraph | None],
                      value_filter: Callable[[float], bool] | None,
                      measured_only: bool, dated_only: bool) -> Iterator[Claim]:
    para, at = block.text, block.to_text  # offsets into the joined lines; `at` maps them to the text
    figures = _paragraph_figures(para)
    if not figures:
        return
    if value_filter is not None and not any(value_filter(f.value) for f in figures if not f.vague):
        return
    sentences = split_sentences(para)
    sentence_ends = [s.end for s in sentences]
    rows: list[_Row] = []
    for index, figure in enumerate(figures):
        s_index = min(bisect.bisect_right(sentence_ends, figure.start), len(sentences) - 1)
        sentence = sentences[s_index]
        prev_end = figures[index - 1].end if index and figures[index - 1].end > sentence.start else sentence.start
        next_start = figures[index + 1].start if index + 1 < len(figures) and \
            figures[index + 1].start < sentence.end else sentence.end
        row = _Row(figure, s_index, prev_end, next_start)
        row.measure = _measure(para, figure, prev_end, next_start)
        rows.append(row)
    if measured_only and not any(r.measure[0] is not None for r in rows):
        return
    # Dates last: reading them is the dearest step. Figures inside a date ("November 20") go.
    dates = find_dates(para, published)
    if dated_only and published is None and not any(d.resolved and d.is_time_of_claim for d in dates):
        return  # without a publication date only a date in the text can date a figure
    index_of_dates = _Dates(dates)
    if dates:
        rows = [r for r in rows if not index_of_dates.overlaps(r.figure.number_start, r.figure.end)]
    heading = heading_of() if rows else None
    # Dates scope up to the next figure that counts something (a bare "age 12" is no barrier).
    date_ends = _next_measured_starts(rows, len(para))
    for index, row in enumerate(rows):
        figure = row.figure
        measure, measure_text, noun = row.measure
        if measured_only and measure is None:
            continue
        if value_filter is not None and (figure.vague or not value_filter(figure.value)):
            continue
        sentence = sentences[row.sentence]
        when = index_of_dates.claim_date(figure, sentence, min(date_ends[index], sentence.end))
        if when is not None:
            first, last, source, date_text, cue = when.first, when.last, "text", when.text, when.cue
            if cue in BEFORE_CUES:  # "before 2022": any time up to the day before it
                first, last = dt.date.min, when.first - dt.timedelta(days=1)
        elif published is not None and not index_of_dates.unresolved_in(sentence):
            first, last, source, date_text, cue = published, published, "published", None, None
        else:
            first = last = source = date_text = cue = None
        near = sentences[row.sentence - 1].start if row.sentence else sentence.start
        yield Claim(
            start=at(figure.start), end=at(figure.end), text=figure.text, value=figure.value,
            low=figure.low, high=figure.high, qualifier=figure.qualifier, unit=figure.unit, vague=figure.vague,
            measure=measure, measure_text=measure_text, noun=noun,
            date_first=first, date_last=last, date_source=source, date_text=date_text, date_cue=cue,
            lineno=block.lineno_at(figure.start), sentence_start=at(sentence.start), sentence_end=at(sentence.end),
            window_start=at(row.window_start), window_end=at(row.window_end), near_start=at(near),
            heading_start=heading.start if heading else None, heading_end=heading.end if heading else None,
            subjects=_subjects(sentence.text) if measure is not None else (),
            **(_event_context(para, figure, sentence, row, index_of_dates) if measure is not None else {}),
        )


# How far from a figure its clause and its event are looked for (bounded: a sentence may never end).
_CONTEXT_CHARS = 200


def _event_context(para: str, figure: Figure, sentence: Span, row: _Row, dates: _Dates) -> dict:
    """The names of the figure's clause, the kinds of events and the "since" date in its
    stretch of the sentence (up to its neighbouring figures)."""
    start = max(row.window_start, sentence.start, figure.start - _CONTEXT_CHARS)
    end = min(row.window_end, sentence.end, figure.end + _CONTEXT_CHARS)
    last_cut = None
    for last_cut in _CLAUSE_END_RE.finditer(para, start, figure.start):
        pass
    cut = _CLAUSE_END_RE.search(para, figure.end, end)
    clause = para[last_cut.end() if last_cut else start:cut.start() if cut else end]
    kinds = {EVENT_NOUN_KINDS[w] for w in (lemma(w.lower()) for w in words_of(para, start, end))
             if w in EVENT_NOUN_KINDS}
    since = dates.since_in(start, end)
    return {"clause_names": subjects_of(clause), "event_kinds": tuple(sorted(kinds)),
            "since": (since.first, since.last) if since is not None else None}


def _next_measured_starts(rows: list[_Row], default: int) -> list[int]:
    """For each row, where the next row with a measure starts (``default`` for none)."""
    found = [default] * len(rows)
    nearest = default
    for index in range(len(rows) - 1, -1, -1):
        found[index] = nearest
        if rows[index].measure[0] is not None:
            nearest = rows[index].figure.start
    return found


def _measure(para: str, figure: Figure, window_start: int, window_end: int) -> tuple[str | None, str | None,
                                                                                      str | None]:
    """(measure lemma, measure as written, counted noun lemma) of one figure."""
    # The noun and the event sit within a few words; longer windows only cost time.
    # Punctuation ends the search both ways: in "[2](https://...)" or "(45 DVD), the
    # jets" the words beyond a bracket or comma do not belong to the figure.
    after_end = min(window_end, figure.end + 120)
    cut = _CLAUSE_END_RE.search(para, figure.end, after_end)
    after = words_of(para, figure.end, cut.start() if cut else after_end)[:_MAX_MODIFIERS + 10]
    before_start = max(window_start, figure.start - 80)
    last_cut = None
    for last_cut in _CLAUSE_END_RE.finditer(para, before_start, figure.start):
        pass
    before = words_of(para, last_cut.end() if last_cut else before_start, figure.start)
    noun, noun_index = _counted_noun(after)
    noun_lemma = lemma(noun) if noun is not None else None
    if figure.unit is not None:  # "$3 billion buyout": the money is what is counted
        return figure.unit, figure.unit, noun_lemma
    if noun_lemma is not None and noun_lemma not in PERSON_NOUNS and noun_lemma not in EVENTS:
        return noun_lemma, noun, noun_lemma
    event = _event_after(after[noun_index + 1 if noun is not None else 0:]) or _event_before(before)
    if event is not None:
        return lemma(event), event, noun_lemma
    if noun is not None:
        return noun_lemma, noun, noun_lemma
    return None, None, None


def _counted_noun(words: list[str]) -> tuple[str | None, int]:
    """The noun a figure counts: the first plural within a few modifiers after it."""
    modifiers = 0
    for i, w in enumerate(words[: _MAX_MODIFIERS + 3]):
        low = w.lower()
        if i == 0 and low == "of":
            continue  # "2.5 million of these deaths", "hundreds of songs"
        if i <= 2 and low in ("the", "these", "those", "them", "its", "their", "whom", "which") \
                and words[0].lower() == "of":
            continue
        if low in NOUN_STOPS:
            return None, -1
        if _is_plural(w):
            return w, i
        modifiers += 1
        if modifiers > _MAX_MODIFIERS:
            break
    return None, -1


def _is_plural(word: str) -> bool:
    low = strip_possessive(word.lower())
    if low in _IRREGULAR_PLURALS:
        return True
    if not word[0].islower() or len(low) < 3 or not low.replace("-", "").isalpha():
        return False
    if low.endswith(("ss", "us", "is", "ous")) or low in ("was", "has", "does", "this", "thus", "its", "his",
                                                           "yes", "less", "always", "perhaps", "whereas"):
        return False
    return low.endswith("s")


def _event_after(words: list[str]) -> str | None:
    for word in words[:6]:
        low = word.lower()
        if lemma(low) in EVENTS:
            return word
        if low not in AUX_BRIDGE:
            return None
    return None


def _event_before(words: list[str]) -> str | None:
    bridged = 0
    for i in range(len(words) - 1, -1, -1):
        low = words[i].lower()
        if lemma(low) in EVENTS:
            return words[i]
        if low == "toll":  # "the death toll rose to 1,200"
            return words[i - 1] if i and lemma(words[i - 1]) in EVENTS else None
        if low not in PRE_BRIDGE or bridged >= 5:
            return None
        bridged += 1
    return None


class _Dates:
    """The date mentions of one paragraph (in order, without overlaps, as `find_dates`
    gives them), searched by bisection: a long paragraph (a hard-wrapped page joined
    up, a page on one line) has many figures and many dates, and reading every date
    for every figure would be quadratic."""

    def __init__(self, dates: list[DateMention]) -> None:
        self._dates = dates
        self._starts = [d.start for d in dates]
        self._ends = [d.end for d in dates]
        self._timed = [d for d in dates if d.is_time_of_claim]
        self._timed_starts = [d.start for d in self._timed]
        self._unresolved_starts = [d.start for d in self._timed if not d.resolved]

    def overlaps(self, start: int, end: int) -> bool:
        """Does a date overlap ``start``..``end``? Only the last one starting before
        ``end`` can: the ends rise with the starts."""
        last = bisect.bisect_left(self._starts, end) - 1
        return last >= 0 and self._ends[last] > start

    def since_in(self, start: int, end: int) -> DateMention | None:
        """The first resolved "since" date starting in ``start``..``end``."""
        for i in range(bisect.bisect_left(self._starts, start), len(self._starts)):
            mention = self._dates[i]
            if mention.start >= end:
                break
            if mention.cue == "since" and mention.resolved:
                return mention
        return None

    def unresolved_in(self, sentence: Span) -> bool:
        """Does an unresolved date of a claim's time ("in October", no year known) start in ``sentence``?"""
        i = bisect.bisect_left(self._unresolved_starts, sentence.start)
        return i < len(self._unresolved_starts) and self._unresolved_starts[i] < sentence.end

    def claim_date(self, figure: Figure, sentence: Span, window_end: int) -> DateMention | None:
        """The date in the figure's sentence that says when it holds: the nearest one, and
        an "as of" date before any other at the same distance.

        A date reaches forward over later figures ("fiscal year 2019 growth of 1.8 percent
        and 3.5 percent") but not back over one: in "worth $8 billion, ... which it
        acquired for $200 million in 2017", 2017 dates the $200 million only. So only
        two dates can be nearest: the last starting before the figure ends, the first after.
        """
        limit = min(sentence.end, window_end)
        after = bisect.bisect_left(self._timed_starts, figure.end)
        candidates = []
        if after and self._timed[after - 1].end > sentence.start and self._timed_starts[after - 1] < limit:
            before = self._timed[after - 1]
            candidates.append(((figure.start - before.end, before.cue not in AS_OF_CUES), before))
        if after < len(self._timed) and self._timed_starts[after] < limit:
            mention = self._timed[after]
            candidates.append(((mention.start - figure.end, mention.cue not in AS_OF_CUES), mention))
        if not candidates:
            return None
        best = min(candidates, key=lambda c: c[0])  # the first of equals: the earlier date, as before
        return best[1] if best[1].resolved else None  # unresolved ("in October", no year known): unknown


_CAPITALISED_RE = re.compile(r"(?<![\w’'-])[A-Z\u00C0-\u00DE][\w’'.\-]{0,40}")


@lru_cache(maxsize=256)
def _subjects(sentence: str) -> tuple[str, ...]:
    return subjects_of(sentence)


def subjects_of(sentence: str) -> tuple[str, ...]:
    """Capitalised names in a sentence, lower-cased, without months, weekdays and
    common sentence starters ("According", "The")."""
    names: list[str] = []
    for match in _CAPITALISED_RE.finditer(sentence):
        w = strip_possessive(match.group(0).rstrip(".-’'"))
        low = w.lower().rstrip(".")
        if low in COMMON_CAPITALISED or low in _MONTH_AND_DAY_NAMES or len(low) < 2:
            continue
        if low not in names:
            names.append(low)
    return tuple(names)
