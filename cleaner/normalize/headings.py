"""Heading lines and their capitalisation style.

Scraped articles keep their subheadings as short lines of their own. A writer
uses one style for them, Title Case ("The Broader Context: Russia-Ukraine
Relations") or sentence case ("How the talks broke down"); a lower-case
content word in a Title Case heading ("A clash of Wills") is a slip only if
the document's headings are Title Case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from .english import MINOR_TITLE_WORDS

if TYPE_CHECKING:
    from .words import Word

MAX_HEADING_WORDS = 16  # longer lines are sentences, even without a period
MAX_HEADING_CHARS = 160
_LIST_MARKER_RE = re.compile(r"[ \t]{0,8}(?:[-*•–·▪►][ \t]{1,4})?(?:\d{1,3}[.)][ \t]{1,4})?")
_WORD_RE = re.compile(r"[^\W\d_]{1,60}")
# A word attached to the one before by these is part of a compound ("Russia-Ukraine",
# "Trump’s", "and/or"): its case follows other conventions.
_FREE_GAP_ENDS = " \t\"“‘(["


def strip_list_marker(line: str) -> str:
    """The line without a leading bullet or number ("- 2. ", "• ", "1) ")."""
    return line[_LIST_MARKER_RE.match(line).end():]


def is_heading(line: str) -> bool:
    """A short line that names a section rather than saying something.

    Up to 16 words, not ending in sentence punctuation or a colon, starting
    with a capital, no table bars, no commas or slashes (credits, menus and
    captions have them: "Dow Jones, a News Corp company", "Privacy / DMCA
    contact"), no second sentence inside. Short body lines ("By Thomas
    Schmidt") pass too; the style test copes.
    """
    text = strip_list_marker(line).strip()
    if not text or len(text) > MAX_HEADING_CHARS or not (text[0].isupper() or text[0].isdigit()):
        return False
    if "|" in text or ". " in text or "," in text or " / " in text:
        return False
    if text[-1] in ".,;:" and not text.endswith("..."):
        return False
    words = _WORD_RE.findall(text)
    if not 2 <= len(words) <= MAX_HEADING_WORDS:
        return False
    return words[0][0].isupper()


@dataclass(slots=True)
class HeadingCase:
    """How one heading writes its content words."""

    capitalised: int = 0
    lowercase: list["Word"] = field(default_factory=list)

    @property
    def is_title_case(self) -> bool:
        return self.capitalised >= 2 and not self.lowercase

    @property
    def is_sentence_case(self) -> bool:
        return self.capitalised == 0 and len(self.lowercase) >= 2


def heading_case(words: Sequence["Word"], is_proper_noun: Callable[[str], bool]) -> HeadingCase:
    """Count the content words of a heading by case.

    The first word, the word after a colon, minor words (of, the, and, is...),
    compounds' second parts, acronyms, mixed-case names (iPhone, McDonald)
    and the document's proper nouns say nothing about the style and are
    skipped.
    """
    case = HeadingCase()
    for k, word in enumerate(words):
        gap = word.gap
        if k == 0 or gap.rstrip(_FREE_GAP_ENDS).endswith((":", "?", "!")):
            continue
        if gap and gap[-1] not in _FREE_GAP_ENDS:
            continue
        if len(word.text) < 2 or word.lower in MINOR_TITLE_WORDS:
            continue
        if word.is_lower:
            case.lowercase.append(word)
        elif word.text[0].isupper() and word.text[1:].islower() and not is_proper_noun(word.lower):
            case.capitalised += 1
    return case
