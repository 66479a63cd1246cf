"""Which lines of a page are furniture: phrase, shape, position and context together.

The text of a whole web page is mostly furniture at the head and the tail with the
article in the middle. So:

1. Every line gets a kind from its shape and phrases (`lines.py`,
   `boilerplate_phrases.py`): prose ``P``, short sentence ``s``, heading-like ``H``,
   menu-like ``M``, or furniture ``F`` (a phrase that names what it is).
2. The main content block is the run of lines with the most prose in it: the
   maximum-sum run where prose counts for its length and everything else against
   (Finn et al.'s body-text extraction, on lines instead of tags).
3. Inside the block we are conservative: only lines that name themselves
   (``F``), and the short lines their context ties to them (a caption before a
   photo credit, the links under a "Related" heading), are furniture.
4. Outside it, a page that shows furniture (menus, share strips, legal lines) loses
   its lines, except the headline and the headings that lead into the article and
   a short sentence that ends it. A text that shows none (an already-extracted
   article) only loses the lines that name themselves.

Known false positives: a photo caption that is a full sentence is only caught
when a credit line follows it; an article whose paragraphs are all short (a list
of one-line items) has no main block and only loses self-named lines; a sidebar
of long prose far from the article is removed even when it belongs to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from . import boilerplate_phrases as ph
from .lines import Line, describe_text

OUTSIDE = "outside"  # pseudo-category: prose or headings away from the main block

# Categories that show a text is a whole page, not an extracted article.
_PAGE_EVIDENCE = frozenset({ph.NAVIGATION, ph.SHARE, ph.RELATED, ph.LEGAL, ph.NEWSLETTER, ph.COMMENTS, ph.ADVERT})
# Categories whose lines introduce a block of links or blurbs below them.
_HEADS_A_BLOCK = frozenset({ph.RELATED, ph.NEWSLETTER, ph.COMMENTS, ph.SHARE})
# Lines that never sit inside an article: the main block does not cross a copyright
# line, a cookie notice or the head of a comment section. (A "Privacy Policy" link
# under a newsletter box inside the article is no barrier.)
_BARRIER_RE = re.compile(r"©|copyright|rights reserved|derechos|droits|rechte|diritti|direitos|права|무단|cookie")


def _continues(context: ph.PhraseHit, kind: str, line: Line) -> bool:
    """Whether a line with no label of its own belongs to the block headed by ``context``."""
    if context.category == ph.SHARE:
        return kind == "M" and line.words <= 2  # one more button of the strip
    if context.category == ph.NEWSLETTER:
        return kind in "HMLs"
    return True  # the links under "Related", the comments under "Comments"


def _is_barrier(hit: ph.PhraseHit | None) -> bool:
    if hit is None:
        return False
    if hit.category == ph.COMMENTS:
        return True
    return hit.category == ph.LEGAL and _BARRIER_RE.search(hit.label) is not None
# Categories a line keeps even between two paragraphs of the article.
_EDGE_ONLY = frozenset({ph.BYLINE, ph.NAVIGATION})


@dataclass(frozen=True, slots=True)
class Verdict:
    """A line judged to be furniture, why, and what told us."""

    line: Line
    category: str
    evidence: str  # short phrase for the message: the label matched, or the context


@dataclass(frozen=True, slots=True)
class Layout:
    lines: tuple[Line, ...]
    kinds: str  # one letter per line: P s H M F
    block: tuple[int, int] | None  # first and last line index of the main block
    verdicts: tuple[Verdict, ...]
    page_like: bool


@dataclass(frozen=True, slots=True)
class LayoutParams:
    """Weights of the main-block search and context windows (see `params_for`)."""

    prose_offset: int = 10  # a prose line counts words - offset (short blurbs count little)
    heading_cost: float = 2.0
    menu_cost: float = 2.0
    furniture_cost: float = 5.0
    min_page_evidence: int = 3  # furniture lines outside the block that make it a page
    lead_in_lines: int = 3  # headline + headings kept right before the block
    caption_max_words: int = 35
    barrier_cost: float = 1000.0  # comment sections and legal lines: the article never spans them
    run_entry_cost: float = 10.0  # paid by prose that follows furniture (comments, teasers)


def params_for(sensitivity: float) -> LayoutParams:
    """Sensitivity 0..1: higher trusts less prose as article and needs less evidence."""
    s = min(1.0, max(0.0, sensitivity))
    return LayoutParams(
        prose_offset=int(round(6 + 8 * s)),
        heading_cost=1.0 + 2.0 * s,
        menu_cost=1.0 + 2.0 * s,
        furniture_cost=3.0 + 4.0 * s,
        min_page_evidence=max(1, int(round(5 - 4 * s))),
    )


def _phrase(line: Line) -> ph.PhraseHit | None:
    text = line.text
    if line.words <= 8:
        hit = ph.match_label(text)
        if hit is not None:
            return hit
        if ph.is_share_strip(text):
            return ph.PhraseHit(ph.SHARE, "share buttons", True)
        if ph.is_date_line(text, line.words):
            return ph.PhraseHit(ph.BYLINE, "date line", True)
    hit = ph.match_patterns(text, line.words)
    if hit is None:
        if line.words >= 9 and text.isupper() and not line.ends_sentence and line.digit_frac < 0.1:
            # "CO-FOUNDER 'PROUD' OF HOME DEPOT EMPLOYEES ...": a shouted link to another story
            return ph.PhraseHit(ph.RELATED, "link in capitals", True)
        return None
    if line.is_prose and hit.category in (ph.NEWSLETTER, ph.SHARE, ph.RELATED, ph.BYLINE, ph.COMMENTS):
        # Inside a real paragraph these words are usually the story's own ("voters
        # were asked to register by email"): only a prompt that opens the line counts.
        if not hit.opens_sentence:
            return None
    return hit


def _kind(line: Line, hit: ph.PhraseHit | None) -> str:
    if hit is not None:
        return "F"
    if line.is_teaser:
        return "T"
    if line.is_prose:
        return "P"
    if line.is_short_sentence:
        return "s"
    if line.is_list_item:
        return "L"
    if line.is_menu_like:
        return "M"
    return "H"


def _main_block(lines: Sequence[Line], kinds: str, barriers: Sequence[bool], comment_heads: Sequence[bool],
                bylines: Sequence[bool],
                p: LayoutParams, anchor: int = 0) -> tuple[int, int] | None:
    """Maximum-sum run of lines (Kadane): prose for, everything else against.

    Prose before ``anchor`` (the headline's second appearance) counts a quarter:
    a news ticker or teaser column above the headline is not the story. So does
    prose below the head of a comment section that follows some prose: readers'
    comments can outweigh a short story.
    """
    comments_at = len(lines)
    prose_words = 0
    for i, kind in enumerate(kinds):
        if kind == "P":
            prose_words += lines[i].words
        elif comment_heads[i] and prose_words >= 80:
            comments_at = i
            break
    best = 0.0
    best_span: tuple[int, int] | None = None
    run = 0.0
    start = 0
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        if kind == "P":
            w = max(1.0, line.words - p.prose_offset)
            if i == 0 or kinds[i - 1] == "M" or (kinds[i - 1] == "F" and not bylines[i - 1]):
                w -= p.run_entry_cost  # a lone blurb between furniture is worth less
            if i < anchor or i > comments_at:
                w *= 0.25
        elif kind == "s":
            w = 1.0
        elif kind == "L":
            w = 0.0
        elif kind == "T":
            w = -1.0
        elif kind == "H":
            w = -p.heading_cost
        elif kind == "M":
            w = -p.menu_cost
        elif barriers[i]:
            w = -p.barrier_cost
        elif i > 0 and kinds[i - 1] == "F":
            w = -p.menu_cost  # a strip of labels (ad, credits, share buttons) costs about one
        else:
            w = -p.furniture_cost
        if run <= 0:
            run = w
            start = i
        else:
            run += w
        if run > best:
            best = run
            best_span = (start, i)
    return best_span


_SITE_SUFFIX_RE = re.compile(r"\s(?:[|–—-]|::)\s[^|–—-]{1,60}$")


def _title_anchor(lines: Sequence[Line], kinds: Sequence[str]) -> int:
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


def _mark_echoes(lines: Sequence[Line], kinds: list[str]) -> None:
    """A headline repeated on the next lines (image alt text and link) is a teaser link."""
    for i in range(1, len(lines)):
        if kinds[i] in "FP" or lines[i].words > 25:
            continue
        text = lines[i].text
        if any(lines[j].text == text for j in range(max(0, i - 3), i)):
            kinds[i] = "M"
            for j in range(max(0, i - 3), i):
                if lines[j].text == text and kinds[j] != "F":
                    kinds[j] = "M"


def _extend_over_list(kinds: Sequence[str], end: int) -> int:
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


def _byline_context(lines: Sequence[Line], hits: list[ph.PhraseHit | None]) -> None:
    """A name on the line after "By" (or after "Author:") belongs to the byline."""
    for i, hit in enumerate(hits[:-1]):
        if hit is None or hit.category != ph.BYLINE or hits[i + 1] is not None:
            continue
        text = lines[i].text.rstrip()
        if hit.label in ("by", "by:") or (text.endswith(":") and lines[i].words <= 3):
            nxt = lines[i + 1]
            if nxt.words <= 6 and not nxt.ends_sentence:
                hits[i + 1] = ph.PhraseHit(ph.BYLINE, "name after a byline", True)


# A credit that names a photographer and an agency ("Sonu Mehta/Getty Images",
# "Photo: Damian Dovarganes, AP"); a bare "Reuters" under the last paragraph is a
# dateline credit, not a photo's.
_CREDIT_LABELS = ("photo:", "photo credit", "/", "|", ",", "via")


def _caption_context(lines: Sequence[Line], hits: list[ph.PhraseHit | None], kinds: list[str],
                     p: LayoutParams) -> None:
    """The line just before a photo credit ("Getty Images", "Photo: AP") is its caption."""
    for i in range(1, len(lines)):
        hit = hits[i]
        if hit is None or hit.category != ph.CAPTION or not hit.label.startswith(_CREDIT_LABELS):
            continue
        prev = lines[i - 1]
        if hits[i - 1] is None and prev.words <= p.caption_max_words and lines[i].words <= 8:
            hits[i - 1] = ph.PhraseHit(ph.CAPTION, "caption above a photo credit", True)
            kinds[i - 1] = "F"


def analyse(text: str, sensitivity: float = 0.5, skip: frozenset[int] = frozenset()) -> Layout:
    """Judge every line of ``text``; ``skip`` holds line numbers another rule owns (a TOC)."""
    return _analyse_cached(text, round(sensitivity, 3), skip)


@lru_cache(maxsize=16)
def _analyse_cached(text: str, sensitivity: float, skip: frozenset[int]) -> Layout:
    p = params_for(sensitivity)
    lines = describe_text(text)
    hits: list[ph.PhraseHit | None] = [_phrase(ln) for ln in lines]
    _byline_context(lines, hits)
    kinds = [_kind(ln, h) for ln, h in zip(lines, hits)]
    shapes = list(kinds)  # before echoes are marked: the lead-in keeps a repeated headline
    _mark_echoes(lines, kinds)
    _caption_context(lines, hits, kinds, p)
    anchor = _title_anchor(lines, kinds)
    block = _main_block(lines, "".join(kinds), [_is_barrier(h) for h in hits],
                        [h is not None and h.category == ph.COMMENTS for h in hits],
                        [h is not None and h.category == ph.BYLINE for h in hits], p, anchor)
    if block is not None:
        block = (block[0], _extend_over_list(kinds, block[1]))
    verdicts: dict[int, Verdict] = {}

    def judge(i: int, category: str, evidence: str) -> None:
        if lines[i].lineno not in skip and i not in verdicts:
            verdicts[i] = Verdict(lines[i], category, evidence)

    a, b = block if block is not None else (len(lines), -1)
    inside = range(a, b + 1)

    # 1. Lines that name themselves.
    for i, hit in enumerate(hits):
        if hit is None:
            continue
        if i in inside and hit.category in _EDGE_ONLY:
            prev_k = kinds[i - 1] if i > 0 else "M"
            next_k = kinds[i + 1] if i + 1 < len(kinds) else "M"
            if prev_k in "Ps" and next_k in "Ps":
                continue  # a timestamp or a label between two paragraphs: the story's own
        judge(i, hit.category, hit.label)

    # 2. Blocks headed by a label: the links under "Related", the blurb under
    #    "Newsletter", the biography under "About the author".
    for i, hit in enumerate(hits):
        if hit is None or not hit.whole_line:
            continue
        if hit.category == ph.BYLINE and "aut" in hit.label or "penulis" in hit.label:
            limit = 2
        elif hit.category in _HEADS_A_BLOCK:
            limit = 12 if hit.category == ph.RELATED else 4
        else:
            continue
        for j in range(i + 1, min(len(lines), i + 1 + limit)):
            k = kinds[j]
            if k == "F":
                if hits[j] is not None and hits[j].category != hit.category:
                    break
                continue
            if k in "Ps" and j in inside and limit != 2:
                break
            if not _continues(hit, k, lines[j]):
                break
            judge(j, hit.category, f"under '{lines[i].text[:40]}'")

    # 3. Outside the main block.
    evidence = sum(1 for i, h in enumerate(hits) if i not in inside and h is not None and h.category in _PAGE_EVIDENCE)
    page_like = evidence >= p.min_page_evidence
    if block is not None and page_like:
        keep: set[int] = set()
        # the headline and headings leading into the article
        kept = 0
        j = a - 1
        while j >= 0 and kept < p.lead_in_lines:
            k = kinds[j]
            if k == "F":
                if hits[j] is not None and hits[j].category in (ph.BYLINE, ph.CAPTION, ph.SHARE, ph.ADVERT):
                    j -= 1
                    continue
                break
            if shapes[j] in "HsLT" or (k == "M" and lines[j].words >= 2 and kept == 0):
                keep.add(j)
                kept += 1
                j -= 1
                continue
            break
        # a short closing sentence right after the last paragraph
        j = b + 1
        while j < len(lines) and kinds[j] == "s" and j - b <= 2:
            keep.add(j)
            j += 1
        context: ph.PhraseHit | None = None
        context_at = -10
        for i in range(len(lines)):
            if i in inside:
                context = None
                continue
            if hits[i] is not None:
                if hits[i].category in _HEADS_A_BLOCK:
                    context, context_at = hits[i], i
                continue
            if i in keep:
                continue
            if context is not None and i - context_at <= 3 and _continues(context, kinds[i], lines[i]):
                context_at = i  # the chain goes on: a list of links under its heading
                judge(i, context.category, f"under '{context.label[:40]}'")
            elif kinds[i] == "M":
                judge(i, ph.NAVIGATION, "menu item outside the article")
            else:
                judge(i, OUTSIDE, "outside the main text")
    ordered = tuple(verdicts[i] for i in sorted(verdicts))
    return Layout(tuple(lines), "".join(kinds), block, ordered, page_like)
