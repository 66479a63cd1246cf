"""Which lines are furniture, given the evidence per line and the main block.

1. A line that names itself (``F``) is furniture, except a byline-like or menu
   label sitting between two paragraphs of the article (a live blog's "4:14 p.m.").
2. A label that heads a block takes the lines under it: the headlines under
   "Related", the blurb under "Subscribe to our Newsletter", the biography under
   "About the author", more buttons under "Share this:".
3. Outside the main block, on a text that shows it is a whole page (furniture
   labels or long menus outside the block), every other line goes too, except the
   headline and headings that lead into the article and a short sentence that
   closes it. A text without such evidence (an already-extracted article) only
   loses lines that name themselves.

Known false positives: on a whole page, a second part of the article separated
from the first by a large block of furniture is taken for a sidebar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import boilerplate_phrases as ph
from .boilerplate_kinds import LINK_IN_CAPITALS, LineEvidence
from .lines import Line

if TYPE_CHECKING:
    from .boilerplate_layout import LayoutParams

OUTSIDE = "outside"  # pseudo-category: prose or headings away from the main block

# Categories that show a text is a whole page, not an extracted article.
_PAGE_EVIDENCE = frozenset({ph.NAVIGATION, ph.SHARE, ph.RELATED, ph.LEGAL, ph.NEWSLETTER, ph.COMMENTS, ph.ADVERT})
# Categories whose labels head a block of lines.
_HEADS_A_BLOCK = frozenset({ph.RELATED, ph.NEWSLETTER, ph.COMMENTS, ph.SHARE})
# Categories a line keeps when it sits between two paragraphs of the article.
_EDGE_ONLY = frozenset({ph.BYLINE, ph.NAVIGATION})
# Furniture allowed between the article and its headline.
_LEAD_IN_FURNITURE = frozenset({ph.BYLINE, ph.CAPTION, ph.SHARE, ph.ADVERT})
_MENU_RUN = 8  # this many menu-like lines in a row outside the block show a page


@dataclass(frozen=True, slots=True)
class Verdict:
    """A line judged to be furniture, why, and what told us."""

    line: Line
    category: str
    evidence: str  # short phrase for the message: the label matched, or the context


def judge_lines(ev: LineEvidence, block: tuple[int, int] | None, p: "LayoutParams",
                skip: frozenset[int], headline: int = 0) -> tuple[tuple[Verdict, ...], bool]:
    """The verdicts, in line order, and whether the text looks like a whole page."""
    lines = ev.lines
    a, b = block if block is not None else (len(lines), -1)
    verdicts: dict[int, Verdict] = {}

    def judge(i: int, category: str, evidence: str) -> None:
        if lines[i].lineno not in skip and i not in verdicts:
            verdicts[i] = Verdict(lines[i], category, evidence)

    page_like = _page_evidence(ev, a, b) >= p.min_page_evidence
    _judge_self_named(ev, a, b, judge)
    closed, closers = _judge_closed_lists(ev, judge)
    taken = _judge_headed_blocks(ev, a, b, judge, closers) | closed
    _judge_label_strips(ev, a, b, judge)
    keep = _kept_around_block(ev, a, b, p, taken, headline) if block is not None and page_like else set()
    if block is not None and page_like:
        _judge_outside(ev, a, b, keep, judge)
    return tuple(verdicts[i] for i in sorted(verdicts)), page_like


def _page_evidence(ev: LineEvidence, a: int, b: int) -> int:
    """Furniture labels outside the block, plus three for each long run of menu items."""
    count = 0
    run = 0
    for i, (hit, kind) in enumerate(zip(ev.hits, ev.kinds)):
        outside = not a <= i <= b
        if outside and hit is not None and hit.category in _PAGE_EVIDENCE:
            count += 1
        run = run + 1 if outside and kind == "M" else 0
        if run == _MENU_RUN:
            count += 3
    return count


def _judge_self_named(ev: LineEvidence, a: int, b: int, judge) -> None:
    kinds = ev.kinds
    for i, hit in enumerate(ev.hits):
        if hit is None:
            continue
        if a <= i <= b and hit.category in _EDGE_ONLY:
            prev_k = kinds[i - 1] if i > 0 else "M"
            next_k = kinds[i + 1] if i + 1 < len(kinds) else "M"
            if prev_k in "Ps" and next_k in "Ps":
                continue  # a timestamp or a label between two paragraphs: the story's own
        judge(i, hit.category, hit.label)


def _heads_a_block(hit: ph.PhraseHit) -> int:
    """How many lines a label may take under it (0: none)."""
    if not hit.whole_line or hit.label == LINK_IN_CAPITALS:
        return 0  # (a shouted link to one other story is not the head of a list)
    if hit.category == ph.BYLINE and ("author" in hit.label or "autor" in hit.label or "penulis" in hit.label):
        return 2  # "About the author" and the biography
    if hit.category == ph.RELATED:
        return 12
    return 4 if hit.category in _HEADS_A_BLOCK else 0


def _continues(context: ph.PhraseHit, kind: str, line: Line) -> bool:
    """Whether a line with no label of its own belongs to the block headed by ``context``."""
    if context.category == ph.SHARE:
        return kind == "M" and line.words <= 2  # one more button of the strip
    if context.category == ph.NEWSLETTER:
        return kind in "Hs"  # the blurb under the prompt; menu items after it are menu items
    return True  # the links under "Related", the comments under "Comments", a biography


def _blank_lines_group(lines: tuple[Line, ...]) -> bool:
    """Whether blank lines separate blocks here (html-to-text output), rather than every
    line (one paragraph per line with blanks between all) or none."""
    if len(lines) < 8:
        return False
    frac = sum(1 for line in lines if line.blank_before) / len(lines)
    return 0.05 <= frac <= 0.7


def _judge_headed_blocks(ev: LineEvidence, a: int, b: int, judge, closers: set[int]) -> set[int]:
    """Lines taken by the label above them; returns their indices.

    Where blank lines delimit blocks, a label takes its own block (the lines up to
    the next blank line) whatever they look like: the teasers under "Most Popular"
    are often whole sentences. Elsewhere it stops where the article resumes. A
    label that closes a list above it (``closers``) heads nothing below.
    """
    lines, kinds, hits = ev.lines, ev.kinds, ev.hits
    grouped = _blank_lines_group(lines)
    taken: set[int] = set()
    for i, hit in enumerate(hits):
        limit = _heads_a_block(hit) if hit is not None and i not in closers else 0
        for j in range(i + 1, min(len(lines), i + 1 + limit)):
            k = kinds[j]
            if grouped and j > i + 1 and lines[j].blank_before and not (
                    hit.category == ph.RELATED and k in "HM" and kinds[j - 1] in "HM" and j - 1 in taken):
                break  # the label's block ends at a blank line (a list of headlines may space them out)
            if k == "F":
                if hits[j] is not None and hits[j].category != hit.category:
                    break
                continue
            if hit.category == ph.SHARE and j + 1 < len(lines) and kinds[j + 1] == "P":
                break  # a heading over the article's next paragraph ("What next"), not a share target
                # (under a newsletter or comments label, prose is still theirs)
            if k in "Ps" and a <= j <= b and hit.category != ph.BYLINE:
                if not (hit.category == ph.RELATED and lines[j].words <= 25
                        and (grouped or _heads_tight_list(lines, kinds, j))):
                    break  # the article resumes
            if not _continues(hit, k, lines[j]):
                break
            taken.add(j)
            judge(j, hit.category, f"under '{lines[i].text[:40]}'")
    return taken


def _heads_tight_list(lines: tuple[Line, ...], kinds: str, j: int) -> bool:
    """Whether a headline that reads like a sentence ("Video shows rescue: "We got
    her!"") opens a list: the next line follows it with no blank line between, as
    headlines of a list do, and reads like a headline, where the article's
    paragraphs stand apart."""
    return (j + 1 < len(lines) and not lines[j + 1].blank_before and kinds[j + 1] in "HMT"
            and lines[j].blank_before)


# "More in Trump Impeachment Inquiry", "See all": a link under a list of headlines.
_CLOSING_LABELS = ("more in ", "more from ", "more on ", "more stories", "more news", "see more", "see all",
                   "view all", "view more", "show more")
_CLOSED_LIST_MIN = 2  # headlines above the label (one heading above a link proves nothing)
_CLOSED_LIST_MAX = 12


def _judge_closed_lists(ev: LineEvidence, judge) -> tuple[set[int], set[int]]:
    """A "More in <section>" link under a run of headlines closes a related-stories box:
    the headlines go with it. The run stops at a paragraph or any other furniture, so a
    story that ends right above the link keeps its last lines. Returns the lines taken
    and the labels that closed a list."""
    lines, kinds, hits = ev.lines, ev.kinds, ev.hits
    taken: set[int] = set()
    closers: set[int] = set()
    for i, hit in enumerate(hits):
        if hit is None or hit.category not in (ph.RELATED, ph.NAVIGATION) or lines[i].words > 8:
            continue
        if not ph.normalize_label(lines[i].text).startswith(_CLOSING_LABELS):
            continue
        run = []
        j = i - 1
        while j >= 0 and len(run) < _CLOSED_LIST_MAX and kinds[j] in "HMT" and j not in taken:
            run.append(j)
            if lines[j].blank_before:
                break  # the box starts at a blank line
            j -= 1
        if sum(1 for k in run if kinds[k] in "HT") >= _CLOSED_LIST_MIN:
            closers.add(i)
            for k in run:
                taken.add(k)
                judge(k, ph.RELATED, f"above '{lines[i].text[:40]}'")
    return taken, closers


def _judge_label_strips(ev: LineEvidence, a: int, b: int, judge) -> None:
    """A one- or two-word line between two furniture lines inside the article is one more
    label of that strip ("Image copyright @x" / "Report" / "Image copyright @y")."""
    lines, kinds, hits = ev.lines, ev.kinds, ev.hits
    for i in range(max(a, 1), min(b, len(lines) - 2) + 1):
        if kinds[i] != "M" or lines[i].words > 2 or kinds[i - 1] != "F" or kinds[i + 1] != "F":
            continue
        before = hits[i - 1]
        if before is not None:
            judge(i, before.category, f"between '{lines[i - 1].text[:30]}' and '{lines[i + 1].text[:30]}'")


def _kept_around_block(ev: LineEvidence, a: int, b: int, p: "LayoutParams", taken: set[int],
                       headline: int = 0) -> set[int]:
    """The headline and headings right before the block, a short sentence right after it.

    ``headline``: where the page shows its headline again (the title bar's text), if
    it does: nothing between the title bar and it leads into the article (related
    headlines over the title)."""
    kinds, hits, shapes, lines = ev.kinds, ev.hits, ev.shapes, ev.lines
    keep: set[int] = set()
    j = a - 1
    while j >= 0 and len(keep) < p.lead_in_lines and j not in taken and not 0 < j < headline < a:
        if kinds[j] == "F":
            if hits[j] is not None and hits[j].category in _LEAD_IN_FURNITURE:
                j -= 1
                continue
            break
        if shapes[j] in "Hs":
            keep.add(j)
            j -= 1
            continue
        break
    j = b + 1
    while j < len(lines) and kinds[j] == "s" and j - b <= 2:
        keep.add(j)
        j += 1
    return keep


def _judge_outside(ev: LineEvidence, a: int, b: int, keep: set[int], judge) -> None:
    lines, kinds, hits = ev.lines, ev.kinds, ev.hits
    context: ph.PhraseHit | None = None
    heading = ""
    context_at = -10
    for i in range(len(lines)):
        if a <= i <= b:
            context = None
            continue
        if hits[i] is not None:
            if hits[i].category in _HEADS_A_BLOCK:
                context, context_at, heading = hits[i], i, lines[i].text[:40]
            continue
        if i in keep:
            continue
        if context is not None and i - context_at <= 3 and _continues(context, kinds[i], lines[i]):
            context_at = i  # the chain goes on: a list of links under its heading
            judge(i, context.category, f"under '{heading}'")
        elif kinds[i] == "M":
            judge(i, ph.NAVIGATION, "menu item outside the article")
        else:
            judge(i, OUTSIDE, "outside the main text")
