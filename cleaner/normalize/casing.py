"""Family C: words that should start with a capital letter and do not.

Dates (month and day names), sentence starts, words of a Title Case heading
here; names and places in `names.py`. Only English documents are checked
(`english.looks_english`): other languages have other conventions (Dutch and
Swedish months are lower case), and a sentence-start rule needs to know what
an abbreviation looks like.

One word gets one finding: the stage keeps the most specific one ("trump" is
a name before it is a sentence start).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..document import Document, TextView
from ..findings import Finding, Fix
from ..rules import define_rule
from .english import ABBREVIATIONS, AMBIGUOUS_MONTHS, DAYS, MINOR_TITLE_WORDS, MONTHS, looks_english
from .gazetteer import Gazetteer
from .headings import heading_case, strip_list_marker
from .names import PLACE_NAME, PROPER_NOUN, find_lowercase_name_pairs, find_lowercase_places, \
    find_lowercase_proper_nouns
from .words import WORD_RE, DocumentWords, Word, count_words

DATE_NAME = define_rule(
    "C101", "lowercase-month-or-day",
    "A month or weekday name in lower case (`july 2025`, `in november 2018`).",
    """
    English capitalises month and day names. "may", "march" and "august" are
    also ordinary words, so they are flagged only next to a year ("may 2025")
    or as a date after a preposition ("on march 3").
    """,
    examples="According to the agency, as of july 2025, over 14,000 people were killed.",
    counter_examples="Officials may 2x the budget; protesters march on; an august institution.",
    fix="safe",
)

SENTENCE_START = define_rule(
    "C102", "lowercase-sentence-start",
    "A sentence that starts with a lower-case letter.",
    """
    A word after a sentence-ending period, or at the start of a line after a
    line that ended a sentence, is capitalised. Not after abbreviations
    ("e.g. the", "U.S. officials", "5 p.m. on"), ellipses, question or
    exclamation marks (dialogue: "What? he asked"), not for list items,
    URLs or names written in lower case on purpose ("iPhone", "eBay").
    """,
    examples="The situation remains volatile. this complex background underscores the difficulty.",
    counter_examples="Officials met at 5 p.m. on Tuesday, e.g. the envoys... and the U.S. officials left.",
    fix="safe",
)

HEADING_WORD = define_rule(
    "C105", "lowercase-word-in-title-case-heading",
    "A content word in lower case inside a Title Case heading (`A clash of Wills`).",
    """
    When a document writes its headings in Title Case, a content word left in
    lower case is a slip: "Key Aspects of the discussions" becomes "Key
    Aspects of the Discussions". Small words (a, the, of, and, in, to, is...)
    stay lower case. The rule needs at least two headings of the document in
    clean Title Case and more of those than sentence-case headings, and the
    heading itself must capitalise at least as many content words as it
    leaves in lower case, so sentence-case headlines are not touched.
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


_DATE_NAME_RE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(MONTHS)) + "|(?:" + "|".join(sorted(DAYS)) + r")s?)(?![^\W\d_])")


_DATE_FORMS = MONTHS | DAYS | {day + "s" for day in DAYS}


def find_lowercase_dates(doc: DocumentWords) -> Iterator[Finding]:
    """C101: month and weekday names in lower case."""
    if not any(form in doc.counts for form in _DATE_FORMS):
        return
    for word in doc.find(_DATE_NAME_RE):
        if word.urlish or doc.is_label(word.line):
            continue
        kind = "month" if word.lower in MONTHS else "day"
        if word.lower in AMBIGUOUS_MONTHS and not _reads_as_date(doc, word):
            continue
        yield Finding(DATE_NAME.code, f"'{word.text}' in lower case: {kind} names are capitalised",
                      word.start, word.end, DATE_NAME.severity, Fix(_capitalise(word.text), word.start, word.end))


_DATE_AFTER_RE = re.compile(r"[ \t]{1,3}(?:(?:19|20)\d\d\b|(\d{1,2})(?:st|nd|rd|th)?\b(?![.,]?\d)(?!\s*%))")
_DATE_PREPOSITIONS = frozenset("on in since until till by from of early late mid last next this before after "
                               "between through".split())


def _reads_as_date(doc: DocumentWords, word: Word) -> bool:
    """Is an ambiguous month name ("may", "march") used as a date here?

    Yes before a year ("may 2025"), or before a day number after a date
    preposition ("on march 3"): "you may 3D print" and "march 10 miles" are not dates.
    """
    match = _DATE_AFTER_RE.match(doc.text, word.end)
    if match is None:
        return False
    if match.group(1) is None:
        return True  # a year
    if not 1 <= int(match.group(1)) <= 31:
        return False
    before = doc.previous(word)
    return before is not None and before.lower in _DATE_PREPOSITIONS


# A lower-case word after a period and a space (maybe an opening quote), or at a line start.
_AFTER_PERIOD_RE = re.compile(r"\.[ \t]{1,3}[\"“‘(\[]?([^\W\d_A-Z][^\W\d_]{0,59})(?![^\W\d_])")
_LINE_START_RE = re.compile(r"^[ \t]{0,8}([^\W\d_A-Z][^\W\d_]{0,59})(?![^\W\d_])", re.MULTILINE)


def find_lowercase_sentence_starts(doc: DocumentWords) -> Iterator[Finding]:
    """C102: lower-case words after a sentence end, inside a line or at its start."""
    for word, at_line_start in _sentence_start_candidates(doc):
        if word.urlish or word.first_in_line != at_line_start:
            continue
        if at_line_start:
            if not _starts_line_after_sentence(doc, word):
                continue
            why = "starts a line after a finished sentence"
        else:
            if not _follows_sentence_end(doc, word):
                continue
            why = "starts a sentence"
        if doc.sentence_words_from(word) < MIN_SENTENCE_WORDS:
            continue  # "2019. less": a caption button, not a sentence
        yield Finding(SENTENCE_START.code, f"'{word.text}' {why} in lower case", word.start, word.end,
                      SENTENCE_START.severity, Fix(_capitalise(word.text), word.start, word.end))


def _sentence_start_candidates(doc: DocumentWords) -> Iterator[tuple[Word, bool]]:
    """Lower-case words after ". " and at line starts after a line ending a sentence, in order."""
    text = doc.text
    found = []
    for match in _AFTER_PERIOD_RE.finditer(text):
        if match.group(1).islower():
            found.append((match.start(1), match.end(1), False))
    for match in _LINE_START_RE.finditer(text):
        if match.group(1).islower() and _previous_line_ends_sentence(doc, doc.line_of(match.start(1))):
            found.append((match.start(1), match.end(1), True))
    for start, end, at_line_start in sorted(found):
        yield doc.word_at(start, end), at_line_start


def _previous_line_ends_sentence(doc: DocumentWords, index: int) -> bool:
    prev = index - 1
    while prev >= 0 and not doc.lines[prev].text.strip():
        prev -= 1
    if prev < 0:
        return False  # the first line: a title may be lower case on purpose ("iPhone review")
    before = doc.lines[prev].text.rstrip()
    return not before.endswith("...") and bool(_LINE_SENTENCE_END_RE.search(before))


_LINE_SENTENCE_END_RE = re.compile(r"[a-z0-9\)\]][.!?][\"'”’)]{0,2}$")
MIN_SENTENCE_WORDS = 3  # "on. meth. dot. com." is a slogan written in lower case, not sentences
MIN_LINE_WORDS = 5  # a lower-case line shorter than this is a label or a menu item


def _starts_line_after_sentence(doc: DocumentWords, word: Word) -> bool:
    """A line that starts in lower case after a line that ended a sentence (checked by the caller)."""
    line = doc.lines[word.line].text
    if word.gap.strip() or strip_list_marker(line) != line.lstrip():
        return False  # a list item, a quote or a bracket opens the line
    if doc.word_count(word.line) < MIN_LINE_WORDS or not _LINE_SENTENCE_END_RE.search(line.rstrip()):
        return False  # "previous post", "related news": a label under a paragraph, not a sentence
    prev = word.line - 1
    while not doc.lines[prev].text.strip():
        prev -= 1
    body = doc.lines[prev].text.rstrip().rstrip(" \t\"'”’)].!?")
    ends = [m.end() for m in _SENTENCE_BREAK_RE.finditer(body)]
    return len(WORD_RE.findall(body, ends[-1] if ends else 0)) >= MIN_SENTENCE_WORDS


_SENTENCE_BREAK_RE = re.compile(r"[.!?:;][\"'”’)\]]{0,2}[ \t]")


def _follows_sentence_end(doc: DocumentWords, word: Word) -> bool:
    """Does ``word`` come right after ". " that ends a sentence, not an abbreviation?"""
    gap = word.gap
    period = gap.rfind(".")
    if period < 0 or gap[period + 1:period + 2] not in (" ", "\t") or gap[period + 1:].strip(" \t\"“‘(["):
        return False  # no period; no space after it ("Node.js"); a closing quote after it ('It." campaign')
    before_period = gap[:period]
    if before_period.endswith(".") or "…" in before_period:
        return False  # an ellipsis
    if before_period:
        if not (before_period[-1].isdigit() or before_period[-1] in ")]"):
            return False  # "2018. the" and "(2018). the" end sentences; other marks are not ours
    else:
        prev = doc.previous(word)
        if prev is None or len(prev.text) == 1 or prev.lower in ABBREVIATIONS:
            return False  # "U.S. officials", "p.m. on", "e.g. the", "approx. five"
        if prev.gap.endswith(".") or prev.text.isupper() and len(prev.text) <= 2:
            return False  # a dotted abbreviation ("a.m", "Ph.D")
    return doc.sentence_words_before(word) >= MIN_SENTENCE_WORDS


def find_lowercase_heading_words(doc: DocumentWords) -> Iterator[Finding]:
    """C105: lower-case content words in the Title Case section headings of a Title Case document.

    Only section headings count: heading lines followed by a paragraph.
    Runs of short lines (menus, lists of headlines, tables of contents) mix
    styles and names too freely to say which style the writer meant.
    """
    sections = section_headings(doc)
    if not sections:
        return
    by_line = {line: doc.words_of(line) for line in sections}
    # Cheap first pass, counting every capital as Title Case (an upper bound on
    # Title Case headings and on their capitals): most documents stop here.
    rough = [heading_case(words, _never) for words in by_line.values()]
    rough_title = sum(1 for c in rough if c.is_title_case)
    if rough_title < MIN_TITLE_CASE_HEADINGS or not any(
            c.lowercase and len(c.lowercase) <= MAX_SLIPS_PER_HEADING and c.capitalised >= len(c.lowercase)
            for c in rough):
        return
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


def _never(_: str) -> bool:
    return False


MIN_PARAGRAPH_WORDS = 6  # a line after a heading with fewer words is another heading or a label
MAX_SLIPS_PER_HEADING = 2  # more lower-case words than that: a sentence-case heading


def section_headings(doc: DocumentWords) -> set[int]:
    """Heading lines whose next non-empty line is a paragraph, not another short line."""
    sections = set()
    lines = doc.lines
    for index in sorted(doc.heading_lines):
        nxt = index + 1
        while nxt < len(lines) and not lines[nxt].text.strip():
            nxt += 1
        if nxt < len(lines) and nxt not in doc.heading_lines and doc.word_count(nxt) >= MIN_PARAGRAPH_WORDS:
            sections.add(index)
    return sections


MIN_TITLE_CASE_HEADINGS = 2


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def without_overlaps(findings: Iterable[Finding]) -> Iterator[Finding]:
    """The first finding for each stretch of text; later ones that overlap it are dropped."""
    taken: list[tuple[int, int]] = []
    for finding in findings:
        if any(finding.start < end and start < finding.end for start, end in taken):
            continue
        taken.append((finding.start, finding.end))
        yield finding


class CasingStage:
    """Family C: names, places, dates, sentence starts and heading words in lower case."""

    name = "casing"
    codes = (DATE_NAME.code, SENTENCE_START.code, PROPER_NOUN.code, PLACE_NAME.code, HEADING_WORD.code)
    transforms = True

    def check(self, view: TextView, doc: Document, ctx) -> Iterable[Finding]:
        counts = count_words(view.text)
        if not looks_english(counts):
            return []
        words = DocumentWords(view.text, counts)
        # Most specific first: a word that is a name is reported as a name.
        finders = [find_lowercase_name_pairs(words)]
        if ctx.config.normalize.fix_casing_from_gazetteer:
            finders.append(find_lowercase_places(words, ctx.resource("normalize.gazetteer", Gazetteer.load)))
        finders += [find_lowercase_dates(words), find_lowercase_proper_nouns(words),
                    find_lowercase_sentence_starts(words), find_lowercase_heading_words(words)]
        return list(without_overlaps(f for finder in finders for f in finder))
