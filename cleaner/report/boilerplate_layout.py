"""Where the article is on a page, and which lines around and inside it are furniture.

The text of a whole web page is mostly furniture at the head and the tail with the
article in the middle. So:

1. Every line gets a kind from its shape and phrases (`boilerplate_kinds.py`).
2. The main block is the run of lines with the most prose in it: the maximum-sum
   run where prose counts for its length and everything else against (Finn et
   al.'s body-text extraction, on lines instead of tags). Copyright lines, cookie
   notices and comment sections are barriers it never crosses; prose below a
   comment section's head, or above the headline's second appearance (a news
   ticker), counts little; a list that starts right after the last paragraph
   belongs to it. Runs of story cards (a kicker in capitals, a headline, a
   source line, a blurb) count against it, however well their blurbs read.
3. `boilerplate_verdicts.py` then judges each line given the block.

A page whose article is a long table of figures (standings, results) has little
prose: a run of numeric rows that outweighs the best block is the block instead.

Known false positives: an article made only of other short lines (a list of
one-liners, a table of words) has little prose to anchor the block, and the
prose-richest part of the page may be a sidebar or the comments; its lines are
then kept or removed wholesale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from . import boilerplate_phrases as ph
from .boilerplate_kinds import LineEvidence, gather_evidence
from .boilerplate_verdicts import OUTSIDE, Verdict, judge_lines
from .cell_tables import CellTable
from .lines import Line, describe_text

__all__ = ["OUTSIDE", "Layout", "LayoutParams", "Verdict", "analyse", "params_for"]

# Lines the article never spans: a copyright line, a cookie notice, the head of a
# comment section. (A "Privacy Policy" link under a newsletter box inside the
# article is no barrier.)
_BARRIER_RE = re.compile(r"©|copyright|rights reserved|derechos|droits|rechte|diritti|direitos|права|무단|cookie")
# Furniture the article runs on after: a byline, an ad slot, a promo line dropped
# between two paragraphs ("CLICK HERE TO GET THE FOX NEWS APP").
_INTERRUPTIONS = frozenset({ph.BYLINE, ph.ADVERT, ph.PROMO})
_SITE_SUFFIX_RE = re.compile(r"\s(?:[|–—-]|::)\s[^|–—-]{1,60}$")


@dataclass(frozen=True, slots=True)
class LayoutParams:
    """Weights of the main-block search (see `params_for`)."""

    prose_offset: int = 10  # a prose line counts words - offset (short blurbs count little)
    heading_cost: float = 2.0
    menu_cost: float = 2.0
    furniture_cost: float = 5.0
    barrier_cost: float = 1000.0
    run_entry_cost: float = 10.0  # paid by prose right after menus or furniture (comments, teasers)
    discounted: float = 0.25  # weight of prose above the headline or below a comment section
    min_page_evidence: int = 3  # furniture lines outside the block that make the text a page
    lead_in_lines: int = 3  # headline and headings kept right before the block


def params_for(sensitivity: float) -> LayoutParams:
    """Sensitivity 0..1: higher trusts short prose less and needs less evidence of a page."""
    s = min(1.0, max(0.0, sensitivity))
    return LayoutParams(
        prose_offset=int(round(6 + 8 * s)),
        heading_cost=1.0 + 2.0 * s,
        menu_cost=1.0 + 2.0 * s,
        furniture_cost=3.0 + 4.0 * s,
        min_page_evidence=max(1, int(round(5 - 4 * s))),
    )


@dataclass(frozen=True, slots=True)
class Layout:
    lines: tuple[Line, ...]
    kinds: str  # one letter per line (see boilerplate_kinds)
    block: tuple[int, int] | None  # first and last line index of the main block
    verdicts: tuple[Verdict, ...]
    page_like: bool
    cell_tables: tuple[CellTable, ...] = ()  # tables printed one cell per line (`cell_tables.py`)


def analyse(text: str, sensitivity: float = 0.5, skip: frozenset[int] = frozenset()) -> Layout:
    """Judge every line of ``text``; ``skip`` holds line numbers another rule owns (a TOC)."""
    return _analyse(text, round(sensitivity, 3), skip)


@lru_cache(maxsize=16)
def _analyse(text: str, sensitivity: float, skip: frozenset[int]) -> Layout:
    p = params_for(sensitivity)
    ev = gather_evidence(describe_text(text))
    headline = _title_anchor(ev.lines, ev.kinds)
    block = main_block(ev, p, headline)
    verdicts, page_like = judge_lines(ev, block, p, skip, headline)
    return Layout(ev.lines, ev.kinds, block, verdicts, page_like, ev.cell_tables)


def _is_barrier(hit: ph.PhraseHit | None) -> bool:
    if hit is None:
        return False
    if hit.category == ph.COMMENTS:
        return True
    return hit.category == ph.LEGAL and _BARRIER_RE.search(hit.label) is not None


def main_block(ev: LineEvidence, p: LayoutParams, anchor: int = 0) -> tuple[int, int] | None:
    """First and last index of the maximum-sum run of lines (Kadane); ``anchor`` is
    where the headline shows again under the title bar (`_title_anchor`), if it does."""
    kinds = ev.kinds
    comments_at = _comment_section_start(ev)
    cards = _teaser_cards(ev)
    best = 0.0
    best_span: tuple[int, int] | None = None
    run = 0.0
    start = 0
    for i, kind in enumerate(kinds):
        w = -p.menu_cost if i in cards else _weight(i, ev, p)
        if kind == "P" and (i < anchor or i > comments_at):
            w *= p.discounted
        if run <= 0:
            run, start = w, i
        else:
            run += w
        if run > best:
            best, best_span = run, (start, i)
    tables = _table_runs(ev)
    table = max(tables, key=lambda run: run[2], default=None)
    if table is not None and TABLE_ROW_WEIGHT * table[2] > best and not (
            best_span is not None and _next_to(best_span, table[:2], kinds)):
        return table[0], table[1]  # a page whose article is a table, under a blurb or two
    if best_span is None:
        return None
    first, last = best_span
    while first > anchor and kinds[first - 1] == "P":
        first -= 1  # the opening paragraph after a menu paid the entry cost, but it touches the text
    # A table printed a cell per line right under or over the text (a line or two of
    # caption between) is the article's, as a list right under it is.
    for t_first, t_last, _ in tables:
        if t_first > last and _next_to((first, last), (t_first, t_last), kinds):
            last = t_last
    for t_first, t_last, _ in reversed(tables):
        if t_last < first and _next_to((first, last), (t_first, t_last), kinds):
            first = t_first
    return first, _extend_over_list(kinds, last)


_TABLE_GAP = 2  # caption lines between the text and a table of its own ("Final standings:")


def _next_to(span: tuple[int, int], table: tuple[int, int], kinds: str) -> bool:
    """Whether ``table`` starts within a caption's reach below ``span``, or ends right above it."""
    if table[0] > span[1]:
        gap = range(span[1] + 1, table[0])
    elif table[1] < span[0]:
        gap = range(table[1] + 1, span[0])
    else:
        return True
    return len(gap) <= _TABLE_GAP and all(kinds[i] != "F" for i in gap)


# A standings or results table ("1 Kyle Busch 5040 5 1 17 27", forty rows of it) is the
# article when it outweighs the prose of the page: rows of several numbers each, many
# in a row (a numbered list of headlines has one number per row and is not one). It
# is weighed against the best block, not added to it: a run of rows counted as
# prose would carry the block across the page's furniture to the next blurb.
TABLE_MIN_ROWS = 8
TABLE_ROW_WEIGHT = 2.0
_TABLE_MIN_NUMBERS = 3


def _table_runs(ev: LineEvidence) -> list[tuple[int, int, int]]:
    """(first, last, rows) of every long run of numeric table rows (lines are never blank:
    blank lines between rows do not break a run), and of every table printed a cell per line."""
    runs: list[tuple[int, int, int]] = [(t.first, t.last, t.rows) for t in ev.cell_tables]
    first = last = -1
    rows = 0
    for i, kind in enumerate(ev.kinds):
        if kind == "L" and _is_numeric_row(ev.lines[i].text):
            first = i if rows == 0 else first
            last = i
            rows += 1
        else:
            if rows >= TABLE_MIN_ROWS:
                runs.append((first, last, rows))
            rows = 0
    if rows >= TABLE_MIN_ROWS:
        runs.append((first, last, rows))
    return runs


def _is_numeric_row(text: str) -> bool:
    tokens = text.split()
    numbers = sum(1 for t in tokens if t.strip("%+-.,:()").replace(".", "").replace(",", "").isdigit())
    return numbers >= _TABLE_MIN_NUMBERS and 10 * numbers >= 3 * len(tokens)


# Story cards of an aggregator or a "more stories" rail: a kicker in capitals
# ("REINDEER GAMES"), the headline, often a source line ("aeon.co Sex"), a blurb.
# Three or more in a row are a list of other stories, however well their blurbs read.
CARD_MIN_RUN = 3
_CARD_SPAN = 6  # lines from one kicker to the next, at most


def _teaser_cards(ev: LineEvidence) -> frozenset[int]:
    """Indices of the lines of runs of story cards (kicker, headline, source line, blurb)."""
    lines, kinds = ev.lines, ev.kinds
    kickers = [i for i in range(len(lines) - 1)
               if _is_kicker(lines[i]) and kinds[i + 1] in "HM" and lines[i + 1].words >= 4
               and not _is_kicker(lines[i + 1])]
    out: list[int] = []
    run: list[int] = []
    for i in kickers + [len(lines) + _CARD_SPAN + 1]:  # (a sentinel closes the last run)
        if run and i - run[-1] > _CARD_SPAN:
            if len(run) >= CARD_MIN_RUN:
                end = min(len(lines) - 1, run[-1] + 3)  # the last card: headline, source line, blurb
                out.extend(range(run[0], end + 1))
            run = []
        run.append(i)
    return frozenset(out)


def _is_kicker(line: Line) -> bool:
    """A short label in capitals with some letters ("LOVE IS LOVE", "'A NATIONAL TRAGEDY'")."""
    text = line.text.strip()
    if not 1 <= line.words <= 6 or line.ends_sentence or text[:1] in "[(" or text.upper() != text:
        return False
    return sum(1 for c in text if c.isalpha()) >= 3


def _weight(i: int, ev: LineEvidence, p: LayoutParams) -> float:
    kind = ev.kinds[i]
    if kind == "P":
        w = max(1.0, ev.lines[i].words - p.prose_offset)
        prev = ev.kinds[i - 1] if i else "M"
        prev_hit = ev.hits[i - 1] if i else None
        if prev == "M" or (prev == "F" and (prev_hit is None or prev_hit.category not in _INTERRUPTIONS)):
            w -= p.run_entry_cost  # a lone blurb between furniture is worth less than a paragraph
        return w
    if kind == "s":
        return 1.0
    if kind == "L":
        return 0.0
    if kind == "T":
        return -1.0
    if kind in "HM":
        return -p.heading_cost if kind == "H" else -p.menu_cost
    if _is_barrier(ev.hits[i]):
        return -p.barrier_cost
    if i and ev.kinds[i - 1] == "F":
        return -p.menu_cost  # a strip of labels (ad slot, credits, share buttons) costs about one
    return -p.furniture_cost


def _comment_section_start(ev: LineEvidence) -> int:
    """Index of a comment section's head that follows some prose (else past the end)."""
    prose_words = 0
    for i, kind in enumerate(ev.kinds):
        if kind == "P":
            prose_words += ev.lines[i].words
        elif prose_words >= 80 and ev.hits[i] is not None and ev.hits[i].category == ph.COMMENTS:
            return i
    return len(ev.kinds)


def _title_anchor(lines: Sequence[Line], kinds: str) -> int:
    """Index of the headline's repeat when the page opens with its title bar, else 0.

    Whole pages start with the <title> ("Headline - Site"); the article starts
    right after the same headline shown again above it.
    """
    if not lines or kinds[0] == "P" or lines[0].words < 3:
        return 0
    title = _SITE_SUFFIX_RE.sub("", lines[0].text).strip().lower()
    if len(title) < 12:
        return 0
    for line in lines[1:]:
        if abs(len(line.text) - len(title)) <= 6 and fuzz.ratio(line.text.lower(), title) >= 90:
            return line.index
    return 0


def _extend_over_list(kinds: str, end: int) -> int:
    """A list that starts right after the last paragraph is the article's ("1) ...", "2) ...").

    Single non-item lines between items (a link under each item) come along; the
    list ends at furniture or at two non-items in a row.
    """
    i = end + 1
    last = end
    while i < len(kinds):
        if kinds[i] == "L":
            last = i
        elif kinds[i] == "F" or i + 1 >= len(kinds) or kinds[i + 1] != "L":
            break
        i += 1
    return last
