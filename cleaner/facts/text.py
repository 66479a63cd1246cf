"""Sentences, words, lemmas and quoted spans: the small text tools the F rules share.

Everything works per paragraph (one line of scraped text), with bounded patterns,
and returns offsets into the paragraph so findings can point at exact spans.
Scraped text is often glued together ("Bank,as of june 2024,over 3,000",
"Ohio.Details"), so nothing here relies on a space after punctuation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from ..document import Paragraph, line_around
from .blocks import Block

# A word: an abbreviation with dots ("U.S."), or letters/digits with inner
# apostrophes and hyphens ("Austria-Hungary", "Smith’s"). Dots never join two
# words, so glued text ("Ohio.Details") still splits. At most 60 chars.
_WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,6}|[^\W_](?:[\w’'\-]{0,58}[^\W_])?")

# Words after which a full stop does not end a sentence (titles, months, "U.S.").
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st sen rep gov gen col lt sgt capt maj cmdr adm jr sr inc corp ltd co
    no nos vs etc al approx est fig jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun u.s u.k u.n e.u d.c a.m p.m i.e e.g""".split()
)

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) when the
# next visible character starts a new sentence: an upper-case letter, an opening
# quote, or (after a space) a digit. The space is optional before a letter because
# scraped text loses it ("Ohio.Details"), never before a digit ("3.5 million").
# The lookbehind starts a match only at the first mark of a run: without it a
# run of n dots is rescanned from each dot, quadratic on "......".
_END_RE = re.compile(
    r"(?<![.!?])[.!?]+[\"”’')\]]{0,3}(?=\s{1,5}[\"“‘(]?[A-Z0-9\u00C0-\u00DE]|[\"“‘(]?[A-Z\u00C0-\u00DE])"
)


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` of the paragraph it came from."""

    start: int
    end: int
    text: str


def split_sentences(paragraph: str) -> list[Span]:
    """Sentences of one paragraph, with offsets; never empty for a non-blank line.

    False splits happen after an unknown abbreviation followed by a capital
    ("Acme Bros. Ltd"); false joins where a sentence ends without punctuation.
    """
    spans: list[Span] = []
    start = 0
    for match in _END_RE.finditer(paragraph):
        end = match.end()
        if match.group(0)[0] == "." and _is_abbreviation(paragraph, match.start()):
            continue
        _append(spans, paragraph, start, end)
        start = end
    _append(spans, paragraph, start, len(paragraph))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial."""
    begin = dot
    while begin > 0 and dot - begin < 12 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[begin].isupper():  # an initial: "J. Smith"
        return True
    return word in _ABBREVIATIONS


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))


def paragraphs_holding(text: str, offsets: Sequence[int]) -> Iterator[Paragraph]:
    """The paragraphs of ``text`` (as `iter_paragraphs` gives them) that hold one of the
    sorted ``offsets``.

    Visits only those lines, not every line of the text: most paragraphs hold no figure.
    """
    lineno, counted = 1, 0
    i = 0
    while i < len(offsets):
        offset = offsets[i]
        start, end, newline = line_around(text, offset)
        i = bisect.bisect_left(offsets, newline + 1, i + 1)  # the next offset on a later line
        line = text[start:end]
        if not start <= offset < end or not line.strip():
            continue
        lineno += text.count("\n", counted, start)
        counted = start
        yield Paragraph(lineno, start, end, line)


def paragraph_before(text: str, para: Paragraph | Block) -> Paragraph | None:
    """The paragraph of ``text`` before ``para`` (None for the first)."""
    newline = para.start - 1
    lineno = para.lineno
    while newline >= 0:
        lineno -= 1
        begin, end, _ = line_around(text, newline)
        line = text[begin:end]
        if line.strip():
            return Paragraph(lineno, begin, end, line)
        newline = begin - 1
    return None


def iter_words(text: str, offset: int = 0) -> Iterator[Span]:
    """Words of ``text`` with offsets shifted by ``offset``."""
    for match in _WORD_RE.finditer(text):
        yield Span(match.start() + offset, match.end() + offset, match.group(0))


def words_of(text: str, start: int, end: int) -> list[str]:
    """The words of ``text[start:end]`` as plain strings (cheaper than `iter_words`)."""
    return _WORD_RE.findall(text, start, end)


def name_words(text: str) -> tuple[str, ...]:
    """Lower-cased words for comparing names: possessives dropped, compounds split
    ("Austria-Hungary’s" -> austria, hungary)."""
    out: list[str] = []
    for word in iter_words(text):
        for part in strip_possessive(word.text).lower().split("-"):
            if part:
                out.append(part)
    return tuple(out)


_NEXT_WORD_RE = re.compile(r"\s([a-z][a-z’'-]{1,30})")
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "police", "staff", "personnel"})
_NOT_PLURALS = frozenset("was has is does this thus its his hers as us yes less unless across plus always "
                         "perhaps whereas besides sometimes series news".split())


def plural_follows(text: str, end: int) -> bool:
    """True when the word right after ``end`` is a lower-case plural noun ("2000 people",
    "1500 homes"): the number before it counts something rather than naming a year."""
    nxt = _NEXT_WORD_RE.match(text, end)
    if nxt is None:
        return False
    word = nxt.group(1)
    return word in _IRREGULAR_PLURALS or (
        word.endswith("s") and not word.endswith(("ss", "’s", "'s")) and word not in _NOT_PLURALS
    )


def word_key(word: str) -> str:
    """``word`` lower-cased, as a lookup key for what a case-insensitive pattern matched.

    re.IGNORECASE lets "ſ" stand for s and "ı", "İ" for i, which lower() keeps (or
    splits), and ``\\s`` lets a no-break space or a tab stand between two words:
    "the end\\xa0of 2019", "ſeptember" must find their entries, not raise KeyError.
    """
    return " ".join(word.lower().replace("\u017f", "s").replace("\u0131", "i").replace("i\u0307", "i").split())


def strip_possessive(word: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_IRREGULAR = {
    "died": "die", "dying": "die", "dead": "dead", "lives": "life", "children": "child",
    "men": "man", "women": "woman", "people": "people", "persons": "person", "feet": "foot",
    "fled": "flee", "hurt": "hurt", "left": "leave", "lost": "lose", "slain": "slay",
    "killings": "killing", "news": "news", "series": "series", "species": "species",
}


def lemma(word: str) -> str:
    """A light English lemma for matching measure words: plural nouns and -ed/-ing verbs.

    ``killed`` and ``kill`` meet, so do ``deaths``/``death`` and ``displaced``/
    ``displace``. It over-strips some words (``news`` is kept by hand, ``bus`` is
    not a plural) but both sides of a comparison go through it, so a match needs
    the same mistake twice. Non-English words pass through lower-cased.
    """
    w = strip_possessive(word.lower())
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isascii():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("ing") and len(w) > 5:
        return _undouble(w[:-3])
    if w.endswith("ed") and len(w) > 4:
        return _undouble(w[:-1] if w.endswith("eed") else _drop_e(w[:-2], w))
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _drop_e(stem: str, word: str) -> str:
    # "displaced" -> "displac" + "e": keep the e the -ed form swallowed, so that
    # "displaced" and "displace" both lemmatise to "displace".
    if stem.endswith(("c", "v", "z", "g", "u", "at", "it", "iz", "is", "ur", "os")):
        return stem + "e"
    return stem


def _undouble(stem: str) -> str:
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


# Quotation marks: a curly pair, or straight double quotes paired in order. A quote
# may run over single line breaks (text hard-wrapped by an extractor) but never over
# a blank line or into a line that opens a quote of its own (news style reopens a
# quotation that continues into the next paragraph); unclosed, it ends with its line.
_QUOTE_RE = re.compile(
    r"“(?:[^”“\n]|\n(?![\s“\"])){0,1500}(?:”|(?=\n)|$)"
    r"|\"(?:[^\"\n]|\n(?![\s“\"])){0,1500}(?:\"|(?=\n)|$)"
    # Single quotes, as British papers quote: an apostrophe has a letter after it
    # ("don’t", "Obama’s"), a closing quote does not.
    r"|‘(?:[^’‘\n]|’(?=\w)){0,1500}(?:’|(?=\n)|$)"
    r"|(?<![\w'])'(?=[^\W\d_])(?:[^'\n]|'(?=\w)){0,1500}(?:'|(?=\n)|$)"
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside double or single quotes, sorted."""
    if "“" not in text and '"' not in text and "‘" not in text and "'" not in text:
        return []
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """True when ``offset`` falls in one of the sorted ``spans``."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]
