"""Dates that contradict the publication date.

F103 as-of-date-after-publication: "as of July 2025" in a text published in June 2025.
F104 relative-date-contradiction: "next week, on August 15" in a text published on
August 20 (the event is already past), or "last week, on August 25".

Both need the publication date: the document's ``published`` field (JSONL) or
``--published``; failing those, a "Published: 3 March 2024" / "Posted on ..." line
near the top of the text. Without any, nothing is checked.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from functools import lru_cache
from typing import Iterator

from ..findings import Finding, Severity
from ..rules import define_rule
from .blocks import Block, blocks_holding
from .dates import AS_OF_CUES, DateMention, find_dates, period_label

AS_OF_AFTER_PUBLICATION = define_rule(
    "F103",
    "as-of-date-after-publication",
    "An \"as of\" date lies after the document's publication date",
    textwrap.dedent("""\
    A text cannot report a figure "as of July 2025" if it was published in June 2025:
    either the date is wrong or the text was rewritten later without a new date
    (machine-spun copies often bump the "as of" date while keeping old figures).
    Checked only when the publication date is known (JSONL `published`, `--published`,
    or a "Published: ..." line at the top of the text). A period counts as after
    publication only when all of it is: "as of 2025" is fine for a text of June 2025.
    """),
    examples=["Published: 3 March 2024\nAs of June 2024, the agency had hired 1,200 inspectors."],
    counter_examples=["Published: 3 March 2024\nAs of January 2024, the agency had hired 1,200 inspectors."],
    severity=Severity.WARNING,
)

RELATIVE_DATE_CONTRADICTION = define_rule(
    "F104",
    "relative-date-contradiction",
    "\"next week\" or \"last week\" sits beside a date on the wrong side of publication",
    textwrap.dedent("""\
    "The ministers will meet next week, on August 15" in a text published on
    August 20: the explicit date is already past, so the text was written earlier
    and republished, or one of the two dates is wrong. The relative phrase
    (next week, tomorrow, next month, last week, yesterday, ... ago) and the date
    must stand side by side ("next week, on August 15", "tomorrow (August 15)");
    a date without a year takes the year nearest the publication date.
    False positives: a relative phrase and a date that belong to two different events
    written right next to each other.
    """),
    examples=["Published: 20 August 2025\nThe ministers will meet next week, on August 15, to sign the accord."],
    counter_examples=["Published: 20 August 2025\nThe ministers will meet next week, on August 27, to sign the accord."],
    severity=Severity.WARNING,
)

_DATELINE_RE = re.compile(
    r"^\s{0,4}(?:first\s)?(?:published|posted|publication\sdate|date\spublished)(?:\son)?\s{0,3}[:\-–—]?\s{0,3}"
    r"(?P<rest>.{6,80})$",
    re.IGNORECASE,
)
_DATELINE_LINES = 15  # a dateline sits at the top of an article
_BESIDE_RE = re.compile(r"^[\s,(–—-]{0,4}(?:on\s|the\s)?[\s(]{0,2}$", re.IGNORECASE)


@lru_cache(maxsize=8)  # the stage asks twice per document: for its own checks and for the batch ledger
def dateline_date(text: str) -> dt.date | None:
    """The date of a "Published: ..." line in the first lines of ``text``, if any."""
    for line in _first_paragraphs(text, _DATELINE_LINES):
        match = _DATELINE_RE.match(line)
        if match is None:
            continue
        for mention in find_dates(match.group("rest")):
            if mention.resolved and mention.first == mention.last:
                return mention.first
    return None


def _first_paragraphs(text: str, count: int) -> Iterator[str]:
    """The text of the first ``count`` paragraphs, as `iter_paragraphs` gives them
    (without building the rest)."""
    start, n = 0, len(text)
    while count > 0:
        nl = text.find("\n", start)
        end = n if nl == -1 else nl
        line = text[start:end - 1] if end > start and text[end - 1] == "\r" else text[start:end]
        if line.strip():
            yield line
            count -= 1
        if nl == -1:
            return
        start = nl + 1


def find_date_contradictions(text: str, published: dt.date) -> Iterator[Finding]:
    """F103 and F104 findings for ``text`` published on ``published``."""
    # Only paragraphs with an "as of" or a relative phrase can contradict the date.
    hints = [m.start() for m in _CONTRADICTION_HINT_RE.finditer(text)]
    for block in blocks_holding(text, hints):
        mentions = find_dates(block.text, published)
        if not mentions:
            continue
        for mention in mentions:
            if mention.cue in AS_OF_CUES and mention.resolved and mention.first > published \
                    and not _announces(block.text, mention.end):
                yield Finding(
                    "F103",
                    f"\"as of\" date {period_label(mention.first, mention.last)} is after the publication date "
                    f"{published.isoformat()}",
                    block.to_text(mention.start), block.to_text(mention.end), Severity.WARNING, None,
                    {"date": mention.label, "published": published.isoformat()},
                )
        yield from _relative_conflicts(block, mentions, published)


def _announces(text: str, after: int) -> bool:
    """Does the sentence going on after an "as of" date announce what starts then?
    "As of 29 November, thirty artworks will light up the city" and "The new fares
    apply as of January 1" date a change to come, not a figure already counted."""
    end = _SENTENCE_END_RE.search(text, after)
    sentence_start = max(text.rfind(". ", 0, after), text.rfind("\n", 0, after)) + 1
    return _FUTURE_RE.search(text, sentence_start, end.start() if end else len(text)) is not None


_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
# What a sentence announcing a change says (a rule, a price, an opening), future or
# present tense: "the minimum wage rises to $15", "drivers must carry the new licence".
_FUTURE_RE = re.compile(
    r"\b(?:will|shall|'ll|(?:is|are)\s(?:due|set|scheduled|expected|going|required)\sto|"
    r"takes?\seffect|appl(?:y|ies)|begins?|starts?|comes?\sinto\sforce|from\sthen\son|effective|must|"
    r"rises?|goes\sup|go\sup|increases?|decreases?|drops?|falls?|becomes?|changes?|moves?\sto|replaces?|"
    r"requires?|expires?|ends?|closes?|opens?|launch(?:es)?|switch(?:es)?|can\sno\slonger|may\sno\slonger)\b",
    re.IGNORECASE)


# "as" and "of" may stand on two lines, the break padded with spaces ("as \n  of"):
# the block reads them joined, so the hint must find them apart.
_CONTRADICTION_HINT_RE = re.compile(
    r"\bas\s{1,40}(?:of|at|on)\b|\b(?:next|last|coming|previous|tomorrow|yesterday|ago|earlier|later|past)\b",
    re.IGNORECASE)


def _relative_conflicts(block: Block, mentions: list[DateMention], published: dt.date) -> Iterator[Finding]:
    para = block.text
    for left, right in zip(mentions, mentions[1:]):
        if not _BESIDE_RE.match(para[left.end:right.start]):
            continue
        if left.cue == "relative" and right.cue != "relative":
            relative, absolute = left, right
        elif right.cue == "relative" and left.cue != "relative":
            relative, absolute = right, left
        else:
            continue
        if not absolute.resolved or relative.direction not in ("past", "future"):
            continue
        if absolute.last - absolute.first > dt.timedelta(days=31):
            continue  # a year is too coarse to contradict "next week"
        wrong = (relative.direction == "future" and absolute.last < published) or \
                (relative.direction == "past" and absolute.first > published)
        if not wrong:
            continue
        side = "before" if relative.direction == "future" else "after"
        start, end = min(left.start, right.start), max(left.end, right.end)
        yield Finding(
            "F104",
            f"\"{relative.text}\" but {absolute.text!r} is {side} the publication date {published.isoformat()}",
            block.to_text(start), block.to_text(end), Severity.WARNING, None,
            {"relative": relative.text, "date": absolute.label, "published": published.isoformat()},
        )
