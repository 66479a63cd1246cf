"""Family C, sentence starts: a sentence that begins with a lower-case letter.

After ". " inside a line, or at the start of a line that follows a finished
sentence. Most of the work is saying what is *not* a sentence end: an
abbreviation ("U.S.", "p.m.", "e.g."), an ellipsis, a quotation that ends
with a period inside a sentence, a slogan in lower case on purpose.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterator

from ..findings import Finding, Fix
from ..rules import define_rule
from .english import ABBREVIATIONS
from .headings import strip_list_marker
from .words import WORD_RE, DocumentWords, Word, capitalise

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


# A lower-case word after a period and a space (maybe an opening quote), or at a line start.
_AFTER_PERIOD_RE = re.compile(r"\.[ \t]{1,3}[\"“‘(\[]?([^\W\d_A-Z][^\W\d_]{0,59})(?![^\W\d_])")
# At a line start: the text start, or after a line break. The pattern opens with
# the break rather than `^` (MULTILINE), so the engine jumps from break to break.
_LINE_START_RE = re.compile(r"[ \t]{0,8}([^\W\d_A-Z][^\W\d_]{0,59})(?![^\W\d_])")
_AFTER_BREAK_RE = re.compile(r"\n" + _LINE_START_RE.pattern)


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
                      SENTENCE_START.severity, Fix(capitalise(word.text), word.start, word.end))


def _sentence_start_candidates(doc: DocumentWords) -> Iterator[tuple[Word, bool]]:
    """Lower-case words after ". " and at line starts after a line ending a sentence, in order."""
    text = doc.text
    found = []
    for match in _AFTER_PERIOD_RE.finditer(text):
        if match.group(1).islower():
            found.append((match.start(1), match.end(1), False))
    first = _LINE_START_RE.match(text)
    for match in itertools.chain((first,) if first else (), _AFTER_BREAK_RE.finditer(text)):
        if match.group(1).islower() and _previous_line_ends_sentence(doc, doc.line_of(match.start(1))):
            found.append((match.start(1), match.end(1), True))
    for start, end, at_line_start in sorted(found):
        yield doc.word_at(start, end), at_line_start


def _previous_line_ends_sentence(doc: DocumentWords, index: int) -> bool:
    prev = index - 1
    while prev >= 0 and not doc.line_texts[prev].strip():
        prev -= 1
    if prev < 0:
        return False  # the first line: a title may be lower case on purpose ("iPhone review")
    before = doc.line_texts[prev].rstrip()
    return not before.endswith("...") and bool(_LINE_SENTENCE_END_RE.search(before))


_LINE_SENTENCE_END_RE = re.compile(r"[a-z0-9\)\]][.!?][\"'”’)]{0,2}$")
MIN_SENTENCE_WORDS = 3  # "on. meth. dot. com." is a slogan written in lower case, not sentences
MIN_LINE_WORDS = 5  # a lower-case line shorter than this is a label or a menu item


def _starts_line_after_sentence(doc: DocumentWords, word: Word) -> bool:
    """A line that starts in lower case after a line that ended a sentence (checked by the caller)."""
    line = doc.line_texts[word.line]
    if word.gap.strip() or strip_list_marker(line) != line.lstrip():
        return False  # a list item, a quote or a bracket opens the line
    if doc.word_count(word.line) < MIN_LINE_WORDS or not _LINE_SENTENCE_END_RE.search(line.rstrip()):
        return False  # "previous post", "related news": a label under a paragraph, not a sentence
    prev = word.line - 1
    while not doc.line_texts[prev].strip():
        prev -= 1
    body = doc.line_texts[prev].rstrip().rstrip(" \t\"'”’)].!?")
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
