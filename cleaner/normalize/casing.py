"""Family C: words that should start with a capital letter and do not.

Month and day names here; sentence starts in `sentences.py`, names and
places in `names.py`, heading words in `headings.py`; the stage that runs
them all at the end of this module. Only English documents are checked
(`english.looks_english`): other languages have other conventions (Dutch and
Swedish months are lower case), and a sentence-start rule needs to know what
an abbreviation looks like.

One word gets one finding: the stage keeps the most specific one ("trump" is
a name before it is a sentence start).
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator

from ..document import Document, TextView
from ..findings import Finding, Fix
from ..rules import define_rule
from .english import AMBIGUOUS_MONTHS, DAYS, MONTHS, looks_english
from .gazetteer import Gazetteer
from .headings import HEADING_WORD, find_lowercase_heading_words
from .names import PLACE_NAME, PROPER_NOUN, find_lowercase_name_pairs, find_lowercase_places, \
    find_lowercase_proper_nouns
from .sentences import SENTENCE_START, find_lowercase_sentence_starts
from .words import DocumentWords, Word, capitalise, count_words

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



_DATE_FORMS = tuple(sorted(MONTHS | DAYS | {day + "s" for day in DAYS}, key=lambda f: (-len(f), f)))
_LETTER_RE = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=256)
def _date_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """The lower-case date names ``forms`` as whole words, the ambiguous ones only
    before what `_reads_as_date` needs (a year or a day number), so that "you may"
    costs nothing. Word starts are checked by the caller: a lookbehind in front
    would be tried at every position of the text."""
    return re.compile("|".join(rf"{form}(?=[ \t]{{1,3}}\d)" if form in AMBIGUOUS_MONTHS
                               else rf"{form}(?![^\W\d_])" for form in forms))


def find_lowercase_dates(doc: DocumentWords) -> Iterator[Finding]:
    """C101: month and weekday names in lower case."""
    counts = doc.counts
    forms = tuple(form for form in _DATE_FORMS if form in counts)  # the words, written in lower case
    if not forms:
        return
    text = doc.text
    for match in _date_pattern(forms).finditer(text):
        start = match.start()
        if start and _LETTER_RE.match(text, start - 1):
            continue  # inside a word; what follows it in the word is no date name either
        word = doc.word_at(start, match.end())
        if word.urlish or doc.is_label(word.line):
            continue
        kind = "month" if word.lower in MONTHS else "day"
        if word.lower in AMBIGUOUS_MONTHS and not _reads_as_date(doc, word):
            continue
        yield Finding(DATE_NAME.code, f"'{word.text}' in lower case: {kind} names are capitalised",
                      word.start, word.end, DATE_NAME.severity, Fix(capitalise(word.text), word.start, word.end))


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


def without_overlaps(findings: Iterable[Finding]) -> Iterator[Finding]:
    """The first finding for each stretch of text; later ones that overlap it are dropped.

    Taken characters are marked in a byte map, so each finding costs its own length
    (comparing it with every finding taken so far made a text with many findings
    quadratic: 4 MB of them took minutes).
    """
    taken = bytearray()
    for finding in findings:
        start, end = finding.start, finding.end
        if start >= end:
            yield finding  # an empty span overlaps nothing
            continue
        if end > len(taken):
            taken.extend(bytes(max(end - len(taken), len(taken))))  # grows by doubling
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
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
