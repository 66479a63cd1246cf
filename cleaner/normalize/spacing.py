"""Family W: spacing — missing spaces after punctuation, runs of spaces.

The hard part is `W101`: "Ukraine.Details" lost a space, "Node.js",
"ASP.NET", "Amazon.com", "U.S.", "14,000", "11:03" and "v2.0.1" did not. The
rule is written per punctuation mark, from what each mark glues in real text:

* `.` — a sentence ended and the next began: the word before ends in a lower
  case letter and has two letters or more (not "U.S", "e.g"), or is a number
  of two digits or more ("2019.The"), or a closing bracket or quote; the word
  after is Capitalised (a capital then a lower-case letter, not "NET", "IO")
  and is not a domain or file ending ("Booking.Com", "Report.Pdf"). A lower
  case word after the period counts only if it is a word that opens English
  sentences and is no domain or file ending ("aid.this", never "Node.js").
* `,` `;` — letters on both sides, or a number before and letters after
  ("2025,over"); never digits after, so "14,000" and "3,5" stay.
* `:` — like the period, minus numbers (so "11:03" stays) and URL schemes.
* `!` `?` — a lower-case letter before, a Capitalised word after.

Whatever the mark, nothing inside a URL, an e-mail address, a path or a
dotted name ("java.lang.String") is touched, and only scripts that put
spaces after punctuation are checked (Latin, Greek, Cyrillic...; not CJK).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..document import Document, TextView
from ..findings import Finding, Fix
from ..rules import define_rule
from .english import DOMAIN_AND_FILE_ENDINGS, SENTENCE_OPENERS
from .steps import lines_with, run_steps

MISSING_SPACE = define_rule(
    "W101", "missing-space-after-punctuation",
    "Two words glued by punctuation without a space (`Ukraine.Details`, `Nations,as`).",
    """
    Extraction joins paragraphs and drops spaces, so sentences run together:
    `in Ukraine.Details emerging`, `the United Nations,as of July`. A space is
    inserted after the mark (or after a closing quote that follows it).

    Numbers (`14,000`, `3.5`, `11:03`, `v2.0.1`), abbreviations (`U.S.`,
    `e.g.`), ellipses, URLs, e-mail addresses, domain and file names
    (`Amazon.com`, `report.pdf`) and dotted product names (`Node.js`,
    `ASP.NET`) are left alone. A capitalised brand after a period, such as
    `Yahoo.Finance`, would be split: the rule cannot tell it from a sentence.
    """,
    examples="The meetings focused on a resolution in Ukraine.Details emerging from these discussions suggest a "
             "careful balancing act.",
    counter_examples="Over 14,000 people, according to U.S. officials in Washington D.C., used Node.js and "
                     "Amazon.com at 11:03 a.m.",
    fix="safe",
)

REPEATED_SPACES = define_rule(
    "W102", "repeated-spaces",
    "Two or more spaces between words inside a line.",
    """
    Runs of spaces come from removed markup or from typewriter habits (two
    spaces after a period). They are collapsed to one. Indentation at the
    start of a line is left alone, and so are lines that look like a table
    laid out with spaces (several wide gaps, or `|` separators).
    """,
    examples="The summit ended.  Officials declined to comment.",
    counter_examples="Player      Team     Points\nSmith       Reds     12\n  1. Freezing the Conflict",
    fix="safe",
)

TRAILING_WHITESPACE = define_rule(
    "W103", "trailing-whitespace",
    "Spaces or tabs at the end of a line.",
    """
    Invisible, but they make two copies of the same paragraph differ and show
    up in every diff. They are removed.
    """,
    examples="The summit ended without a deal. \nOfficials declined to comment.",
    counter_examples="The summit ended without a deal.\nOfficials declined to comment.",
    fix="safe",
)

# A candidate: a mark between a word (or closing bracket/quote) and a word,
# possibly with a quote after the mark. Python checks the words around it.
# The pattern opens with the mark and looks back over it for the character
# before: a lookbehind in front would be tried at every position of the text
# (9x slower), while a leading character class lets the engine skip to marks.
# A word after the mark that starts with a digit ("14,000", "3.5") is never
# glued (`_glues_two_words` wants it Capitalised, alphabetic or a sentence
# opener), so digits are left out of the lookahead.
_JUNCTION_RE = re.compile(r"""([.,;:!?])(?<=[^\W_].|[)\]"”’].)(["“”‘’]?)(?=[^\W\d_])""")
_WORD_BEFORE_RE = re.compile(r"[^\W_]{1,40}$")
_WORD_AFTER_RE = re.compile(r"[^\W_]{1,40}")
_TOKEN_RE = re.compile(r"\S+")
_URLISH_RE = re.compile(r"://|^www\.|[@/\\=<>{}\[\]_|~^`]|\.\w+\.\w")
_URL_SCHEMES = frozenset({"http", "https", "ftp", "mailto", "file", "tel", "urn", "data", "javascript", "sms"})
_CLOSERS = ')]"”’'


def _is_spaced_script(ch: str) -> bool:
    """Scripts that put a space after punctuation: Latin, Greek, Cyrillic, Armenian."""
    cp = ord(ch)
    return cp < 0x0590 or 0x1E00 <= cp <= 0x1FFF


def _is_capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1].islower()


def _ends_lower(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word[-1].islower()


_TOKEN_CHARS = 200  # how far around a mark to look for the ends of its whitespace-delimited token
_SPACE_RE = re.compile(r"\s")


def _is_in_urlish_token(text: str, pos: int) -> bool:
    """Is ``text[pos]`` part of a URL, e-mail address, path or dotted name?"""
    before = text[max(0, pos - _TOKEN_CHARS):pos]
    start = pos - len(before) + max(before.rfind(" "), before.rfind("\t"), before.rfind("\n")) + 1
    space = _SPACE_RE.search(text, pos, pos + _TOKEN_CHARS)
    end = space.start() if space else min(len(text), pos + _TOKEN_CHARS)
    token = text[start:end].strip(".,;:!?\"'()“”‘’")
    return bool(_URLISH_RE.search(token))


def find_missing_spaces(text: str) -> Iterator[Finding]:
    """W101: a space missing after . , ; : ! ? between two words."""
    spaced_at = -1  # where the last space goes in: the word after it no longer follows a mark
    for match in _JUNCTION_RE.finditer(text):
        mark_at = match.start(1)
        mark, quote = match.group(1), match.group(2)
        left_end = mark_at - 1 if text[mark_at - 1] in _CLOSERS else mark_at
        closer = left_end != mark_at
        if left_end == 0 or mark in ":!?" and not text[match.end()].isupper():
            continue  # no word before; `_glues_two_words` wants a Capitalised word after these marks
        last = text[left_end - 1]  # the end of the word before, unless a line break (`$` matches before it)
        if mark in ".:!?" and last != "\n" and not (closer and mark != ":") and not (
                last.islower() or mark == "." and last.isdigit()):
            continue  # ... and a word before that ends in lower case (or a number before ".")
        before = _WORD_BEFORE_RE.search(text, max(0, left_end - 40), left_end)
        after = _WORD_AFTER_RE.match(text, match.end())
        if before is None or after is None:
            continue
        a, b = before.group(0), after.group(0)
        if not (_is_spaced_script(a[-1]) and _is_spaced_script(b[0])):
            continue
        if not _glues_two_words(text, mark, a, b, before.start(), after.end(), closer,
                                spaced=before.start() == spaced_at):
            continue
        if quote == "'" or quote == "‘" and mark in ".!?":
            continue  # an apostrophe or a nested quote: too ambiguous
        if _is_in_urlish_token(text, mark_at):
            continue
        insert_at = match.end(1)
        if quote and _is_closing_quote(text, match.start(2), quote):
            insert_at = match.end(2)
        start, end = before.start(), after.end()
        spaced_at = insert_at
        glued = text[start:end]
        yield Finding(MISSING_SPACE.code, f"missing space after '{mark}' in '{glued}'", start, end,
                      MISSING_SPACE.severity, Fix(" ", insert_at, insert_at))


def _glues_two_words(text: str, mark: str, a: str, b: str, a_start: int, b_end: int, closer: bool,
                     spaced: bool = False) -> bool:
    """Do ``a`` and ``b`` read as the end of one clause and the start of the next?

    ``spaced``: a space goes in before ``a`` (its own junction was glued: "shot.More:We"),
    so the mark before it no longer makes ``a`` part of a dotted name.
    """
    following = text[b_end:b_end + 2]
    if following[:1] in ("(", "@", "/", "\\", "=", "_") or (following[:1] in (".", ":") and following[1:2].isalnum()):
        return False  # "System.Console.WriteLine(", "Amazon.Co.Uk": a dotted name continues
    if a_start > 0 and text[a_start - 1] in ".@/:" and not (closer or spaced):
        return False  # "java.lang.String", "user@mail.Com"
    if mark == ".":
        left_ok = closer or _ends_lower(a) or (a.isdigit() and len(a) >= 2)
        if not left_ok:
            return False
        if _is_capitalised(b):
            return b.lower() not in DOMAIN_AND_FILE_ENDINGS
        return b in SENTENCE_OPENERS and (_ends_lower(a) or closer)
    if mark in ",;":
        left_ok = closer or (len(a) >= 2 and a.isalpha()) or a.isdigit()
        if not (left_ok and len(b) >= 2 and b.isalpha()):
            return False
        return any(c.islower() for c in a + b)  # "TL;DR", "A,B" are notation
    if mark == ":":
        return _ends_lower(a) and a.lower() not in _URL_SCHEMES and _is_capitalised(b) \
            and b.lower() not in DOMAIN_AND_FILE_ENDINGS
    # ! and ?
    return (closer or a[-1].islower()) and _is_capitalised(b)


def _is_closing_quote(text: str, at: int, quote: str) -> bool:
    """Does the quote at ``at`` close a quotation (so the space goes after it)?"""
    if quote in "”’":
        return True
    if quote in "“‘":
        return False
    line_start = text.rfind("\n", 0, at) + 1
    return text.count('"', line_start, at) % 2 == 1  # an odd count before it: this one closes


_SPACE_RUN_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
_WIDE_GAP_RE = re.compile(r"\S {3,}\S")


def find_repeated_spaces(text: str) -> Iterator[Finding]:
    """W102: runs of spaces between words, outside table-like lines."""
    for line_start, _, segment in lines_with(text, "  "):
        if _looks_tabular(segment):
            continue
        for match in _SPACE_RUN_RE.finditer(segment):
            start, end = line_start + match.start(), line_start + match.end()
            yield Finding(REPEATED_SPACES.code, f"{end - start} spaces in a row", start, end,
                          REPEATED_SPACES.severity, Fix(" ", start, end))


def _looks_tabular(line: str) -> bool:
    """Columns laid out with spaces or bars: the gaps are the layout."""
    if "|" in line or "│" in line or "\t" in line:
        return True
    first = _WIDE_GAP_RE.search(line)
    return first is not None and _WIDE_GAP_RE.search(line, first.end() - 1) is not None


# A line break after a space or tab (maybe with a CR between). The pattern
# opens with the break, so the engine jumps from break to break instead of
# trying every space of the text.
_BLANK_BEFORE_BREAK_RE = re.compile(r"\n(?:(?<=[ \t]\n)|(?<=[ \t]\r\n))")


def _blank_line_ends(text: str) -> Iterator[int]:
    """Ends of the lines (as `iter_lines` cuts them: no break, no CR) that end in a space or tab."""
    for match in _BLANK_BEFORE_BREAK_RE.finditer(text):
        at = match.start()
        yield at - 1 if text[at - 1] == "\r" else at
    if text.endswith((" ", "\t")):
        yield len(text)
    elif text.endswith((" \r", "\t\r")):
        yield len(text) - 1


def find_trailing_whitespace(text: str) -> Iterator[Finding]:
    """W103: spaces and tabs at the end of a line."""
    if (" \n" not in text and "\t\n" not in text and " \r" not in text and "\t\r" not in text
            and not text.endswith((" ", "\t"))):
        return
    for line_end in _blank_line_ends(text):
        line_start = text.rfind("\n", 0, line_end) + 1
        segment = text[line_start:line_end]
        kept = len(segment.rstrip(" \t"))
        start, end = line_start + kept, line_end
        what = "whitespace-only line" if kept == 0 else "trailing whitespace"
        yield Finding(TRAILING_WHITESPACE.code, f"{what} ({end - start} characters)", start, end,
                      TRAILING_WHITESPACE.severity, Fix("", start, end))


class SpacingStage:
    """Family W: missing spaces after punctuation, runs of spaces, trailing whitespace."""

    name = "spacing"
    codes = (MISSING_SPACE.code, REPEATED_SPACES.code, TRAILING_WHITESPACE.code)
    transforms = True
    steps = (find_trailing_whitespace, find_repeated_spaces, find_missing_spaces)

    def check(self, view: TextView, doc: Document, ctx) -> Iterable[Finding]:
        return list(run_steps(view.text, self.steps))
