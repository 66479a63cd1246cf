"""Heading lines, their capitalisation style, and rule C105 (a lower-case word
in a Title Case heading).

Scraped articles keep their subheadings as short lines of their own. A writer
uses one style for them, Title Case ("The Broader Context: Russia-Ukraine
Relations") or sentence case ("How the talks broke down"); a lower-case
content word in a Title Case heading ("A clash of Wills") is a slip only if
the document's headings are Title Case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from ..findings import Finding, Fix
from ..rules import define_rule
from .english import MINOR_TITLE_WORDS

if TYPE_CHECKING:
    from .words import DocumentWords, Word

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


HEADING_WORD = define_rule(
    "C105", "lowercase-word-in-title-case-heading",
    "A content word in lower case inside a Title Case heading (`A clash of Wills`).",
    """
    When a document writes its headings in Title Case, a content word left in
    lower case is a slip: "Key Aspects of the discussions" becomes "Key
    Aspects of the Discussions". Small words (a, the, of, and, in, to, is...)
    stay lower case. Only section headings count (a heading line followed by
    a paragraph): menus, lists of headlines and tables of contents mix
    styles. The rule needs at least two section headings in clean Title Case
    and more of those than sentence-case ones, and the heading itself must
    capitalise at least as many content words as it leaves in lower case
    (two at most), so sentence-case headlines are not touched.
    """,
    examples="Frequently Asked Questions\nThe answers to the questions that readers ask most are collected here.\n"
             "The Broader Context: Russia-Ukraine Relations\nThe conflict has seen periods of fighting and "
             "fragile ceasefires.\nKey Aspects of the discussions\nThe discussions centered on security "
             "guarantees and the status of the regions.",
    counter_examples="Hong Kong protesters hold out at university\nPolice closed in on the campus on Monday, and "
                     "the protesters said that they would stay.\nWhat the protesters want\nThey want an inquiry "
                     "into the police and the release of those who were arrested.",
    fix="safe",
)


def find_lowercase_heading_words(doc: "DocumentWords") -> Iterator[Finding]:
    """C105: lower-case content words in the Title Case section headings of a Title Case document.

    Only section headings count: heading lines followed by a paragraph.
    Runs of short lines (menus, lists of headlines, tables of contents) mix
    styles and names too freely to say which style the writer meant.
    """
    sections = section_headings(doc)
    if not sections:
        return
    # Cheap first pass, counting every capital as Title Case (an upper bound on
    # Title Case headings and on their capitals), on the words' spellings alone:
    # most documents stop here, before any word is looked at in context.
    rough = [_rough_case(doc.word_shapes(line)) for line in sections]
    rough_title = sum(1 for capitalised, lowercase in rough if capitalised >= 2 and not lowercase)
    if rough_title < MIN_TITLE_CASE_HEADINGS or not any(
            lowercase and lowercase <= MAX_SLIPS_PER_HEADING and capitalised >= lowercase
            for capitalised, lowercase in rough):
        return
    by_line = {line: doc.words_of(line) for line in sections}
    doc.prepare(w.lower for words in by_line.values() for w in words if w.is_capitalised and len(w.text) > 1
                and w.lower not in MINOR_TITLE_WORDS)
    cases = {line: heading_case(words, doc.is_proper_noun) for line, words in by_line.items()}
    title = sum(1 for c in cases.values() if c.is_title_case)
    sentence = sum(1 for c in cases.values() if c.is_sentence_case)
    if title < MIN_TITLE_CASE_HEADINGS or title <= sentence:
        return
    for case in cases.values():
        if not case.lowercase or len(case.lowercase) > MAX_SLIPS_PER_HEADING \
                or case.capitalised < len(case.lowercase):
            continue
        for word in case.lowercase:
            if word.urlish:
                continue
            yield Finding(HEADING_WORD.code, f"'{word.text}' in lower case in a Title Case heading "
                          f"({title} section headings of this document capitalise every content word)",
                          word.start, word.end, HEADING_WORD.severity,
                          Fix(_capitalise(word.text), word.start, word.end))


def _rough_case(shapes: Sequence[tuple[str, str]]) -> tuple[int, int]:
    """`heading_case` of (text, gap) pairs with no word taken for a proper noun:
    (capitalised, lowercase) counts."""
    capitalised = lowercase = 0
    for k, (text, gap) in enumerate(shapes):
        if k == 0 or gap.rstrip(_FREE_GAP_ENDS).endswith((":", "?", "!")):
            continue
        if gap and gap[-1] not in _FREE_GAP_ENDS:
            continue
        if len(text) < 2 or text.lower() in MINOR_TITLE_WORDS:
            continue
        if text.islower():
            lowercase += 1
        elif text[0].isupper() and text[1:].islower():
            capitalised += 1
    return capitalised, lowercase


MIN_PARAGRAPH_WORDS = 6  # a line after a heading with fewer words is another heading or a label
MAX_SLIPS_PER_HEADING = 2  # more lower-case words than that: a sentence-case heading


def section_headings(doc: "DocumentWords") -> set[int]:
    """Heading lines whose next non-empty line is a paragraph, not another short line."""
    sections = set()
    lines = doc.line_texts
    for index in sorted(doc.heading_lines):
        nxt = index + 1
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if nxt < len(lines) and nxt not in doc.heading_lines and doc.has_words(nxt, MIN_PARAGRAPH_WORDS):
            sections.add(index)
    return sections


MIN_TITLE_CASE_HEADINGS = 2


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]
