"""T: a table of contents that repeats the headings found further down.

Content farms and CMS templates put a "Table of Contents" list at the top of the
text; once extracted, its entries are a duplicate of the headings below and read
as a run of disconnected titles. A TOC is recognised by what it points at, not by
how it looks: a run of short lines (often bulleted or numbered, often under a
"Contents"-like header) most of whose entries match, in order, a heading later in
the document (fuzzy, so "1. A clash of Wills" matches "A clash of Wills: Trump
and Putin" only if the wording is nearly the same). A numbered list that is
article content ("1. Freezing the Conflict" followed by its paragraph) has no
such later headings and is left alone.

Known false positive: a menu repeated in a page footer whose items are also
section headings of the page; only headings followed by a paragraph count, which
rules out most footers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from ..document import Document, TextView
from ..findings import Finding, Fix, Severity
from ..pipeline import Annotation, Context
from ..rules import define_rule
from ..parallel import BATCH_DOCS
from ..textcache import line_cache
from .lines import Line, describe_text, strip_bullet

TOC = define_rule(
    "T101", "table-of-contents",
    "Table of contents repeating the headings below",
    """
    A list of entries ("Table of Contents", "- 1. ...", "- 2. ...") whose entries
    repeat headings that appear later in the document. After extraction it is a
    duplicate of the headings and no longer navigates anywhere. Fix: the whole list,
    with its header, is removed.

    False positives: a numbered list of the story's own points is not a TOC (its
    entries are not repeated as headings below).
    """,
    examples=[
        "Table of Contents\n- 1. A clash of Wills\n- 2. The Broader Context\n- 3. Key Aspects of the talks\n"
        "Washington D.C. – Recent engagements between the leaders are drawing attention, observers say.\n"
        "A clash of Wills\n"
        "Reports indicate that the efforts to facilitate dialog have been marked by a head-to-head dynamic.\n"
        "The Broader Context\n"
        "The conflict, beginning in 2014, has seen periods of intense fighting and fragile ceasefires.\n"
        "Key Aspects of the talks\n"
        "Initial reports indicate that the discussions centered on several core areas, officials said.\n"
    ],
    counter_examples=[
        "Short-Term Possibilities\n\n  1. Freezing the Conflict\n    Trump might seek a ceasefire that "
        "effectively freezes the conflict without resolving core issues.\n\n  2. Pressure and Pushback\n"
        "    Efforts to achieve a balanced deal could face resistance from European allies.\n\n"
        "  3. Collapse of Talks\n    A breakdown in negotiations could lead to an escalation in hostilities.\n"
    ],
    fix="safe", severity=Severity.INFO,
)

_HEADER_RE = re.compile(
    r"^(?:table of contents|contents|toc|in this (?:article|post|story|guide)|on this page|jump to(?: section)?|"
    r"article contents|quick links|inhalt|inhaltsverzeichnis|índice|indice|sumário|sommaire|table des matières|"
    r"содержание|оглавление|daftar isi|isi|목차|目次|目录)\s?:?$",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}[.)]?|[ivx]{1,5}[.)])\s{1,3}")
_MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s{1,3}")  # "## Background" heads the section "Background"
_MIN_ENTRIES = 3
_MAX_ENTRIES = 80
_MAX_ENTRY_WORDS = 25
_MATCH_SCORE = 86
_GIVE_UP_AFTER = 6
_MAX_REACH = 2000  # heading-sized lines below a list that its entries may point at


@dataclass(frozen=True, slots=True)
class TocBlock:
    lines: tuple[Line, ...]  # header (if any) and entries, in order
    entries: int
    matched: int
    first_target_lineno: int


def _entry_text(line: Line) -> str:
    return _entry_key(line.text)


@line_cache(maxsize=8192)  # news repeats lines: most were seen a few pages earlier
def _entry_key(text: str) -> str:
    text = _MARKDOWN_HEADING_RE.sub("", strip_bullet(text))
    text = _NUMBER_RE.sub("", text)
    return " ".join(text.lower().split()).strip(" :.-–—")


def _is_entry(line: Line) -> bool:
    if line.words == 0 or line.words > _MAX_ENTRY_WORDS:
        return False
    if line.ends_sentence and not line.text.rstrip().endswith("?"):
        return False  # a sentence, not a title
    return True


def _runs(lines: Sequence[Line]) -> Iterable[tuple[int, int]]:
    """Maximal runs [i, j) of consecutive entry-like lines."""
    i = 0
    n = len(lines)
    while i < n:
        if not _is_entry(lines[i]):
            i += 1
            continue
        j = i
        while j < n and _is_entry(lines[j]) and j - i < _MAX_ENTRIES:
            j += 1
        yield i, j
        i = j


def _is_section_heading(lines: Sequence[Line], k: int) -> bool:
    """A heading is followed by a paragraph (or a long list item), not by another link."""
    return k + 1 < len(lines) and lines[k + 1].words >= 8


def _is_header(line: Line) -> bool:
    return _HEADER_RE.match(line.text.strip()) is not None


def _match_block(lines: Sequence[Line], keys: Sequence[str], start: int, end: int,
                 targets: Sequence[int], target_keys: Sequence[str]) -> TocBlock | None:
    """The TOC made by the run of lines [start, end), if enough entries point at headings below.

    ``targets``: indices of the lines short enough to be a heading; ``target_keys``: their keys.
    """
    if _is_header(lines[start]):
        start += 1  # the header is short enough to open the run itself
    has_header = start > 0 and _is_header(lines[start - 1])
    if start < end and lines[start].bullet:
        # a bulleted or numbered list ends where the markers stop (the first heading)
        end = next((k for k in range(start, end) if not lines[k].bullet), end)
    entries = lines[start:end]
    if len(entries) < _MIN_ENTRIES and not (has_header and len(entries) >= 2):
        return None
    first = bisect_left(targets, end)
    # The headings below, as far as a contents list reaches: without a limit a page of
    # many short lines made every run search (and copy) all the lines below it.
    choices = target_keys[first:first + _MAX_REACH]
    if not choices:
        return None
    matched = 0
    last_target = -1
    first_target = None
    for n, entry in enumerate(entries):
        if n >= _GIVE_UP_AFTER and matched == 0:
            return None  # a TOC's first entries point somewhere; a menu's do not
        key = keys[entry.index]
        if len(key) < 4:
            continue
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=_MATCH_SCORE)
        if best is None:
            continue
        k = targets[first + best[2]]
        if k <= last_target or not _is_section_heading(lines, k):
            continue
        if entry.index + 1 < len(lines) and lines[entry.index + 1].text == lines[k + 1].text:
            continue  # the same heading and text again: a repeated section, not a contents entry
        matched += 1
        last_target = k
        if first_target is None:
            first_target = lines[k].lineno
    need = 0.5 if has_header else 0.7
    if matched < 2 or matched < need * len(entries) or (matched < _MIN_ENTRIES and not has_header):
        return None
    block = (lines[start - 1],) + tuple(entries) if has_header else tuple(entries)
    return TocBlock(block, len(entries), matched, first_target or 0)


@lru_cache(maxsize=BATCH_DOCS)  # a batch: stages run one after the other over it
def find_tocs(text: str) -> tuple[TocBlock, ...]:
    """Every table of contents in ``text``."""
    lines = describe_text(text)
    keys = [_entry_text(line) if line.words <= 30 else "" for line in lines]
    targets = [i for i, line in enumerate(lines) if line.words <= 30]
    target_keys = [keys[i] for i in targets]
    found = []
    for start, end in _runs(lines):
        block = _match_block(lines, keys, start, end, targets, target_keys)
        if block is not None:
            found.append(block)
    return tuple(found)


def toc_line_numbers(text: str) -> frozenset[int]:
    """Line numbers covered by tables of contents (other rules leave them to T)."""
    return frozenset(line.lineno for block in find_tocs(text) for line in block.lines)


def _block_removal(text: str, block: TocBlock) -> Fix:
    start = block.lines[0].para.start
    end = block.lines[-1].para.end
    nl = text.find("\n", end)
    if nl != -1:
        end = nl + 1
        # also take the blank lines that separated the list from the text below
        while end < len(text) and text[end] == "\n":
            end += 1
    elif start > 0:
        start -= 1  # the last line: remove the break before it instead
    return Fix("", start, end, True)


class TocStage:
    name = "toc"
    codes = (TOC.code,)
    transforms = False

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        text = view.text
        for block in find_tocs(text):
            first = block.lines[0].para
            last = block.lines[-1].para
            message = (f"table of contents: {block.matched} of {block.entries} entries repeat headings below "
                       f"(first at line {block.first_target_lineno})")
            yield Finding(TOC.code, message, first.start, last.end, TOC.severity, _block_removal(text, block))
