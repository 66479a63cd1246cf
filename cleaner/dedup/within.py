"""Repeats inside one document: the title printed twice (D101), a paragraph or a
block of paragraphs repeated exactly or nearly (D102), a short boilerplate line
such as "Read more" repeated between paragraphs (D103). Every fix removes the
later copy and keeps the first.

Exact repeats are lines with the same words in the same order (case, spacing
and punctuation aside: `shingles.line_hashes`). Near repeats are found among
paragraphs of at least `min-paragraph-words` words: candidates come from their
MinHash signatures (LSH bands computed with numpy) and, for short paragraphs
whose shingles a single changed word wipes out, from a shared opening or
closing three words; a candidate counts when the word-level edit similarity
(rapidfuzz) reaches `paragraph-similarity` and both hold the same numbers and
name the same places, people and days (one swapped for another is another fact).

A list entry never repeats a line that is not one: "- 2. Key findings" before
a heading "Key findings" is a table of contents (family T), and removing the
heading would be wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from ..config import Config, DedupConfig
from ..document import Document, Paragraph, TextView, iter_paragraphs, remove_line
from ..embeds import is_post_attribution
from ..findings import Finding, Severity
from ..pipeline import Annotation, Context
from ..rules import define_rule
from .content import ends_like_sentence
from .shingles import line_hashes, tokenize
from .sketch import DocumentSketch, forget_seen_text, sketches
from ..wrapping import WRAP_LONG_SHARE, WRAP_MAX_CHARS, unwrap_at, wrap_width

REPEATED_TITLE = define_rule(
    "D101",
    "repeated-title",
    "The title line is printed again",
    """
    Scrapers often pick up the headline twice: once from the page title and once
    from the article header. The later copy is noise in every downstream use.
    The title is the record's `title` field, or else the first heading-like line
    (4 to 25 words, not ending like a sentence) among the first three lines. The
    fix removes the later copy. A guessed title that recurs three or more times,
    each time above text of its own, is a header row over every table, not a
    title printed twice.
    """,
    examples=[
        "Storm Closes Schools Across the Region\n\nStorm Closes Schools Across the Region\n\n"
        "Schools in three counties closed on Monday as heavy snow blocked roads.",
    ],
    counter_examples=[
        "Storm Closes Schools Across the Region\n\n"
        "Schools in three counties closed on Monday as heavy snow blocked roads.\n"
        "The storm closes schools across the region for a second day, officials said.",
    ],
    fix="safe",
)

REPEATED_PARAGRAPH = define_rule(
    "D102",
    "repeated-paragraph",
    "A paragraph (or a block of them) is repeated, exactly or with small differences",
    """
    A paragraph of at least `min-paragraph-words` words (default 6) that repeats
    an earlier paragraph of the same document word for word, or nearly (a word
    changed, spacing or punctuation different: word-level similarity at least
    `paragraph-similarity`, default 0.9) with the same figures and names ("met
    in Kyiv on Tuesday" and "met in Moscow on Friday" are two facts, not a
    copy). Scrapers duplicate blocks when a page
    renders the same content twice (mobile and desktop markup, a pull quote).
    Consecutive repeats are reported as one repeated block. The fix removes the
    later copy and keeps the first. A paragraph that recurs three or more times,
    each time alone among text of its own (the same questions put to each guest
    of an interview series, the same note after every step of a plan), is the
    document's structure and is not reported.

    False positives: a refrain quoted twice on purpose (song lyrics, a slogan).
    """,
    examples=[
        "Officials said the bridge would reopen next week after repairs to its deck.\n"
        "Traffic has been diverted through the town centre since the closure.\n"
        "Officials said the bridge would reopen next week after repairs to its deck.",
        "Officials said the bridge would reopen next week after repairs to its deck.\n"
        "Traffic has been diverted through the town centre since the closure.\n"
        "Officials said the bridge would reopen next week, after repairs to the deck.",
    ],
    counter_examples=[
        "Officials said the bridge would reopen next week after repairs to its deck.\n"
        "Officials said the tunnel would stay closed until the end of the year.",
        "Results\nYes\nNo\nYes\nNo",
        "What made you start cooking for a living, and who taught you?\nMy grandmother, at six.\n"
        "What made you start cooking for a living, and who taught you?\nA night class in Lyon.\n"
        "What made you start cooking for a living, and who taught you?\nNobody; I just started.",
    ],
    fix="safe",
)

REPEATED_SHORT_LINE = define_rule(
    "D103",
    "repeated-short-line",
    "A short line such as \"Read more\" is repeated between paragraphs",
    """
    A line of two to five words that stands alone between paragraphs and occurs
    more than once ("Read more", "Advertisement - scroll to continue") is page
    furniture left in the text. The fix removes the later copies. One-word lines
    and short lines inside lists or tables (runs of short lines) are never
    reported: a repeated "Yes" or a repeated table cell is not a duplicate.
    Nor is a line that recurs three or more times, each time alone among text
    of its own (a plan's "Eat every 2-3 hours" before every meal, a "Buy it at
    <shop>" line after every product of a list), or a source named in brackets
    or after a dash among three or more different ones ("[ The Verge ]" under
    the paragraphs of a round-up of reviews): that is the document's
    structure. Known furniture phrases repeated that way are still found by
    the boilerplate rules (family B).
    """,
    examples=[
        "The council approved the plan by seven votes to two on Wednesday night.\n"
        "Read more here\n"
        "Construction is expected to start in the spring and last two years.\n"
        "Read more here\n"
        "Residents will be able to comment on the designs until the end of May.",
    ],
    counter_examples=[
        "Standings after round 3:\nKyle Busch\n5040\nMartin Truex\n5035\nKyle Busch\n5040",
    ],
    fix="safe",
)

MAX_HEADING_WORDS = 25
MIN_TITLE_WORDS = 4  # a line taken for the title needs this many words ("Read more" is not one)
MAX_SHORT_LINE_WORDS = 5
_NUMBER = re.compile(r"[0-9]+")
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters
# A bullet or a number that opens a list entry: "- ", "• ", "3. ", "(b) ", "12) ".
_LIST_WINDOW = 12  # characters of a line's start the marker test reads
_LIST_MARKER = re.compile(r"[ \t]{0,4}(?:[-*•·▪►–—]|\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]")


# Treat as frozen: a frozen dataclass sets each field through object.__setattr__,
# four times the cost, and a text's lines make thousands of these.
@dataclass(slots=True, unsafe_hash=True)
class _Repeat:
    lineno0: int  # the later copy
    first0: int  # the copy that is kept
    code: str
    similarity: float  # 1.0 for exact repeats


class WithinDocumentStage:
    name = "dedup-within"
    codes = (REPEATED_TITLE.code, REPEATED_PARAGRAPH.code, REPEATED_SHORT_LINE.code)
    transforms = False
    # Asked again on the text without what the first look and the B and T rules
    # remove: a line whose neighbours in a "short run" were a byline and a photo
    # credit, a title whose third copy was in a removed list of related stories,
    # repeats only there (the second pass of `check --fix` found them).
    looks_again = True

    def __init__(self, config: Config) -> None:
        self.config = config.dedup
        forget_seen_text()

    def prepare(self, views: Sequence[TextView], docs: Sequence[Document], ctx: Context) -> None:
        sketches().prepare([v.text for v in views], self.config)

    def worth_looking_again(self, view: TextView, doc: Document, ctx: Context) -> bool:
        """Removals take whole lines, and leave the words of the others as they were: a
        text with no repeated line and no near-repeat candidate has none without some of
        its lines either (four in five news articles)."""
        return _may_repeat(sketches().get(view.text, self.config))

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        sketch = sketches().get(view.text, self.config)
        if not _may_repeat(sketch):
            return ()
        repeats = find_repeats(view.text, sketch, doc.title, self.config)
        return _findings(view.text, sketch, repeats)


def _may_repeat(sketch: DocumentSketch) -> bool:
    """A repeated line or a near-repeat candidate: without one a text has nothing to report."""
    return len(sketch.exact_repeats) > 0 or len(sketch.near_candidates) > 0


def find_repeats(text: str, sketch: DocumentSketch, title: str | None, config: DedupConfig) -> list[_Repeat]:
    counts = sketch.token_counts
    repeats: dict[int, _Repeat] = {}
    paragraphs = _Wrapping(text, sketch)
    if len(sketch.exact_repeats):
        repeats = _exact_repeats(text, sketch, title, config)
        # A title the record names is a title however often it recurs; a guessed one
        # may be a table's header row, printed over every table.
        recurring_codes = {REPEATED_PARAGRAPH.code, REPEATED_SHORT_LINE.code}
        if not title:
            recurring_codes.add(REPEATED_TITLE.code)
        repeats = paragraphs.whole_repeats(repeats, config)
        for i in _recurring_lines(repeats, counts, sketch.line_hashes, recurring_codes):
            del repeats[i]
        for i in _attribution_lines(text, sketch, repeats):
            del repeats[i]
    near = {}
    for later_line, first_line, similarity in _near_repeats(text, sketch, config):
        if later_line not in repeats and first_line not in repeats:
            near[later_line] = _Repeat(later_line, first_line, REPEATED_PARAGRAPH.code, similarity)
    if near:
        near = paragraphs.whole_repeats(near, config)
        repeats.update((i, r) for i, r in near.items() if i not in repeats)
    return [repeats[i] for i in sorted(repeats)]


def _exact_repeats(text: str, sketch: DocumentSketch, title: str | None, config: DedupConfig) -> dict[int, _Repeat]:
    """The lines that repeat an earlier one word for word and are a title, a paragraph
    or a short line standing alone. Classified pair by pair in Python: most texts have
    a handful of such pairs, fewer than the numpy calls a vectorised pass would make."""
    later = sketch.exact_repeats[:, 0]
    words = sketch.token_counts[later].tolist()
    title_hash = _title_hash(text, sketch, title)
    titles = ((sketch.line_hashes[later] == np.uint64(title_hash)).tolist() if title_hash is not None
              else [False] * len(words))
    short_run = None
    if any(2 <= n <= MAX_SHORT_LINE_WORDS for n in words):  # runs of short lines matter only then
        short_run = _in_short_run(sketch.token_counts, config.min_paragraph_words)
    repeats: dict[int, _Repeat] = {}
    for (i, j), n, is_title in zip(sketch.exact_repeats.tolist(), words, titles):
        if is_title and n >= 2:
            code = REPEATED_TITLE.code
        elif 2 <= n <= MAX_SHORT_LINE_WORDS and not short_run[i] and not short_run[j]:
            code = REPEATED_SHORT_LINE.code
        elif n >= config.min_paragraph_words:
            code = REPEATED_PARAGRAPH.code
        else:
            continue
        (si, ei), (sj, ej) = sketch.line_span(i), sketch.line_span(j)
        if _list_roles_differ(text, si, ei, sj, ej):
            continue  # a list entry echoing a heading is a table of contents, not a repeat
        line = text[si:ei]
        if "(@" in line and is_post_attribution(line):
            continue  # two posts of one account on one day, each with its own attribution
        repeats[i] = _Repeat(i, j, code, 1.0)
    return repeats


def _has_long_lines(text: str, sketch: DocumentSketch) -> bool:
    """Enough lines over the wrap width that `is_hard_wrapped` must say no (it counts
    the same long lines, among at most the non-empty lines counted here)."""
    lengths = sketch.line_ends - sketch.line_starts
    enough = WRAP_LONG_SHARE * np.count_nonzero(lengths)
    over = np.flatnonzero(lengths > WRAP_MAX_CHARS)
    if len(over) < enough:
        return False  # too few even with their spaces
    long = 0
    for start, end in zip(sketch.line_starts[over].tolist(), sketch.line_ends[over].tolist()):
        if long >= enough:
            break  # counted until there are enough: an article's lines are long from the start
        long += len(text[start:end].strip()) > WRAP_MAX_CHARS
    return long >= enough


class _Wrapping:
    """Whether the text is hard-wrapped, worked out on the first repeat to check
    against its paragraphs: nearly half the texts with a repeat candidate end up
    with none."""

    def __init__(self, text: str, sketch: DocumentSketch) -> None:
        self.text = text
        self.sketch = sketch

    @cached_property
    def paragraphs(self) -> _WrappedParagraphs | None:
        return _WrappedParagraphs.of(self.text, self.sketch)

    def whole_repeats(self, repeats: dict[int, _Repeat], config: DedupConfig) -> dict[int, _Repeat]:
        """`_WrappedParagraphs.whole_repeats`; ``repeats`` as they are in a text not wrapped."""
        if not repeats or self.paragraphs is None:
            return repeats
        return self.paragraphs.whole_repeats(repeats, config)


class _WrappedParagraphs:
    """The paragraphs of a hard-wrapped text (`wrapping.py`), as ranges of its lines.

    There a line is a fragment of a paragraph, and repeats only as part of it: two
    paragraphs may open with the same words up to the wrap ("Roughly 13,000 US
    troops remain in Afghanistan, 18 years after Washington" over a photo caption
    and over a paragraph of the story), and removing a fragment would leave half
    a sentence behind.
    """

    def __init__(self, text: str, sketch: DocumentSketch, lines: list[Paragraph], width: int) -> None:
        self.text = text
        self.sketch = sketch
        self.lines = lines
        self.width = width
        self.linenos = [p.lineno - 1 for p in lines]
        # Filled a run of lines (between blank lines) at a time, as repeats ask: most
        # runs of a wrapped text hold no repeat and need not be unwrapped.
        self.spans: dict[int, tuple[int, int]] = {}  # first line -> (first, last) of a paragraph of several lines
        self.paragraph_of: dict[int, int] = {}  # line -> first line of its paragraph of several lines
        self.unwrapped = np.zeros(sketch.line_count, dtype=bool)  # lines of the runs unwrapped so far

    @classmethod
    def of(cls, text: str, sketch: DocumentSketch) -> _WrappedParagraphs | None:
        if _has_long_lines(text, sketch):
            return None  # the common case, told from the sketch without a Paragraph per line
        lines = list(iter_paragraphs(text))
        width = wrap_width(lines)
        return None if width is None else cls(text, sketch, lines, width)

    def span(self, lineno0: int) -> tuple[int, int]:
        if not self.unwrapped[lineno0]:
            self._unwrap_run_of(lineno0)
        return self.spans.get(self.paragraph_of.get(lineno0, lineno0), (lineno0, lineno0))

    def _unwrap_run_of(self, lineno0: int) -> None:
        k = bisect_left(self.linenos, lineno0)
        if k == len(self.linenos) or self.linenos[k] != lineno0:
            return  # a blank line: a paragraph of its own
        start = k
        while start > 0 and self.linenos[start - 1] == self.linenos[start] - 1:
            start -= 1
        end = k + 1
        while end < len(self.linenos) and self.linenos[end] == self.linenos[end - 1] + 1:
            end += 1
        self.unwrapped[self.linenos[start]:self.linenos[end - 1] + 1] = True
        for p in unwrap_at(self.lines[start:end], self.text, self.width):
            first = p.lineno - 1
            last = first + self.text.count("\n", p.start, p.end)
            if last > first:
                self.spans[first] = (first, last)
                self.paragraph_of.update((line, first) for line in range(first, last + 1))

    def whole_repeats(self, repeats: dict[int, _Repeat], config: DedupConfig) -> dict[int, _Repeat]:
        """The repeats that are whole paragraphs: a line repeating a line stands as before;
        a fragment stands only when its paragraph repeats the other's (word-level
        similarity), and then every line of the paragraph is a repeat."""
        out: dict[int, _Repeat] = {}
        similarity: dict[tuple[tuple[int, int], tuple[int, int]], float] = {}
        counts = self.sketch.token_counts
        for r in repeats.values():
            mine, other = self.span(r.lineno0), self.span(r.first0)
            if mine == (r.lineno0, r.lineno0) and other == (r.first0, r.first0):
                out[r.lineno0] = r
                continue
            if mine == other:
                continue  # two fragments of one paragraph
            key = (mine, other)
            if key not in similarity:
                similarity[key] = fuzz.ratio(self._tokens(mine), self._tokens(other)) / 100.0
            if similarity[key] < config.paragraph_similarity:
                continue
            code = r.code if r.code == REPEATED_TITLE.code else REPEATED_PARAGRAPH.code
            for k, line in enumerate(range(mine[0], mine[1] + 1)):
                if counts[line] > 0 and line not in out:
                    out[line] = _Repeat(line, min(other[0] + k, other[1]), code, similarity[key])
        return out

    def _tokens(self, span: tuple[int, int]) -> list[int]:
        return [t for line in range(span[0], span[1] + 1) for t in self.sketch.line_tokens(line)]


def _recurring_lines(repeats: dict[int, _Repeat], counts: np.ndarray, hashes: np.ndarray,
                     codes: set[str]) -> list[int]:
    """Later copies of lines (of the kinds ``codes``) that recur through the text as a
    template: three or more times, each copy standing alone, with text of its own
    between it and the previous one. The questions of a series of interviews, the
    "Portion:" line and the "Eat every 2-3 hours" label of every meal of a plan, a
    note after every entry of a list, a table's header row over every table:
    structure, not a scraping accident (which copies a paragraph once, or a whole
    block, or several times in a row).

    Text of its own: a line between the two copies that is neither a copy nor
    recurring; or, where every such line recurs too (the meals of five plans share
    rows), a stretch between the copies that differs from the stretch before it.
    A run of copies (A A A) has no stretch; a repeated block (A B A B A B) has the
    same stretch each time."""
    copies: dict[int, list[int]] = {}
    for r in repeats.values():
        if r.code in codes:
            copies.setdefault(r.first0, []).append(r.lineno0)
    if not any(len(later) >= 2 for later in copies.values()):
        return []
    between = _Between(counts, hashes, repeats, copies)
    out: list[int] = []
    for first, later in copies.items():
        if len(later) < 2:
            continue
        spots = [first, *sorted(later)]
        pairs = list(zip(spots, spots[1:]))
        if all(between.has_own_line(a, b) for a, b in pairs):
            out.extend(later)
            continue
        stretches = [between.stretch(a, b) for a, b in pairs]
        if all(length for length, _ in stretches) and all(x != y for x, y in zip(stretches, stretches[1:])):
            out.extend(later)
    return out


class _Between:
    """What lies strictly between two lines, in constant time per question (a block
    copied three times asked it of every pair of its copies: quadratic in the block).

    Over the non-blank lines: a running count of lines of their own (neither a copy
    nor a recurring line) and a running polynomial hash of the line hashes (mod
    2**64, numpy's wrapping arithmetic), so a stretch is (its length, its hash).
    Kept as Python lists: the questions come one at a time, and a bisect and two
    list items cost a fraction of one numpy call.
    """

    _BASE = np.uint64(0x9E3779B97F4A7C15)  # odd: invertible mod 2**64
    _MOD_MASK = (1 << 64) - 1

    def __init__(self, counts: np.ndarray, hashes: np.ndarray, repeats: dict[int, _Repeat],
                 copies: dict[int, list[int]]) -> None:
        self._nonblank = np.flatnonzero(counts > 0)
        self.nonblank = self._nonblank.tolist()
        self._hashes = hashes
        copied = np.zeros(len(counts), dtype=bool)
        copied[list(repeats)] = True
        copied[list(copies)] = True
        self.own = [0, *np.cumsum(~copied[self._nonblank]).tolist()]

    @cached_property
    def _running_hash(self) -> tuple[list[int], list[int]]:
        """(sums, inverses): the running hash and the inverse powers that undo its shift.
        Only for the recurring lines with no line of their own between some copies."""
        n = len(self.nonblank)
        powers = _powers(self._BASE, n)
        inverses = _powers(np.uint64(pow(int(self._BASE), -1, 1 << 64)), n).tolist()
        with np.errstate(over="ignore"):
            sums = np.cumsum(self._hashes[self._nonblank].astype(np.uint64) * powers)
        return [0, *sums.tolist()], inverses

    def _range(self, a: int, b: int) -> tuple[int, int]:
        return bisect_left(self.nonblank, a + 1), bisect_left(self.nonblank, b)

    def has_own_line(self, a: int, b: int) -> bool:
        lo, hi = self._range(a, b)
        return hi > lo and self.own[hi] - self.own[lo] > 0

    def stretch(self, a: int, b: int) -> tuple[int, int]:
        """(how many non-blank lines lie between a and b, a hash of their words in order)."""
        lo, hi = self._range(a, b)
        if hi <= lo:
            return 0, 0
        sums, inverses = self._running_hash
        return hi - lo, ((sums[hi] - sums[lo]) * inverses[lo]) & self._MOD_MASK


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """1, base, base**2, ... (n of them), mod 2**64."""
    factors = np.full(n, base, dtype=np.uint64)
    factors[:1] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(factors, dtype=np.uint64)


# A short line in brackets or after a dash ("[ Tom's Guide ]", "(The Verge)", "— CNET"):
# when several different ones stand between the paragraphs, each names the source
# of the paragraph above it (a round-up of reviews), and one named twice is no repeat.
_ATTRIBUTION_MARKS = frozenset("[(—–<«")
_MIN_ATTRIBUTIONS = 3


def _attribution_lines(text: str, sketch: DocumentSketch, repeats: dict[int, _Repeat]) -> list[int]:
    """Repeated short lines (D103) that are one of several different attributions."""
    candidates = [i for i, r in repeats.items() if r.code == REPEATED_SHORT_LINE.code]
    if not candidates:
        return []
    starts, ends = sketch.line_starts.tolist(), sketch.line_ends.tolist()
    marks = {i: _attribution_mark(text[starts[i]:ends[i]]) for i in candidates}
    wanted = {m for m in marks.values() if m is not None}
    if not wanted:
        return []
    distinct: dict[tuple[str, str], set[int]] = {}
    counts, hashes = sketch.token_counts, sketch.line_hashes
    for i in np.flatnonzero((counts >= 1) & (counts <= MAX_SHORT_LINE_WORDS)).tolist():
        mark = _attribution_mark(text[starts[i]:ends[i]])
        if mark in wanted:
            distinct.setdefault(mark, set()).add(int(hashes[i]))
    return [i for i, m in marks.items() if m is not None and len(distinct.get(m, ())) >= _MIN_ATTRIBUTIONS]


def _attribution_mark(line: str) -> tuple[str, str] | None:
    """The punctuation around a short line's words, if it opens with a bracket or a dash."""
    line = line.strip()
    head = _WORD.search(line)
    if head is None or head.start() == 0 or not _ATTRIBUTION_MARKS.intersection(line[:head.start()]):
        return None
    tail = len(line)
    while tail > head.end() and not line[tail - 1].isalnum():
        tail -= 1
    return line[:head.start()].replace(" ", ""), line[tail:].replace(" ", "")


def _title_hash(text: str, sketch: DocumentSketch, title: str | None) -> int | None:
    if title:
        toks = tokenize(title)
        return int(line_hashes(toks, 1)[1][0]) if len(toks) else None
    seen = 0
    for i in np.flatnonzero(sketch.token_counts > 0)[:3].tolist():
        seen += 1
        start, end = sketch.line_span(i)
        words = int(sketch.token_counts[i])
        if MIN_TITLE_WORDS <= words <= MAX_HEADING_WORDS and not ends_like_sentence(text[start:end]):
            return int(sketch.line_hashes[i])
    return None


def _in_short_run(counts: np.ndarray, min_words: int) -> np.ndarray:
    """True for short lines that belong to a run of three or more short lines (a list,
    a menu, a table with one cell per line), blank lines not breaking the run."""
    nonblank = np.flatnonzero(counts > 0)
    short = counts[nonblank] < min_words
    out = np.zeros(len(counts), dtype=bool)
    if len(nonblank) == 0:
        return out
    # Runs of short lines among the non-blank ones: [starts[i], ends[i]).
    edges = np.flatnonzero(np.diff(np.concatenate([[0], short.astype(np.int8), [0]])))
    starts, ends = edges[0::2], edges[1::2]
    long_runs = (ends - starts) >= 3
    if long_runs.any():
        in_run = np.zeros(len(nonblank) + 1, dtype=np.int64)
        in_run[starts[long_runs]] += 1  # runs do not share edges, so no index repeats
        in_run[ends[long_runs]] -= 1
        out[nonblank[np.cumsum(in_run[:-1]) > 0]] = True
    return out


def _near_repeats(text: str, sketch: DocumentSketch, config: DedupConfig) -> Iterator[tuple[int, int, float]]:
    """(later line, earlier line, similarity) for near-repeated paragraphs (0-based lines)."""
    for la, lb in _worth_comparing(sketch, config).tolist():
        # Word-level edit similarity on the word hashes: one changed word in ten is 0.9.
        similarity = fuzz.ratio(sketch.line_tokens(la), sketch.line_tokens(lb)) / 100.0
        if similarity < config.paragraph_similarity:
            continue
        if _list_item(text, sketch, la) != _list_item(text, sketch, lb):
            continue  # a list entry echoing a heading: a table of contents, not a repeat
        if _numbers(text, sketch, la) != _numbers(text, sketch, lb):
            continue  # other figures, other facts ("rose 5% in May" / "rose 7% in June")
        if _other_names(text, sketch, la, lb):
            continue  # other places, people or days: "met in Kyiv on Tuesday" / "in Moscow on Friday"
        yield lb, la, similarity


def _worth_comparing(sketch: DocumentSketch, config: DedupConfig) -> np.ndarray:
    """The near candidates that are no exact repeat (reported as such) and whose word
    counts leave room for the similarity: word-level similarity (fuzz.ratio, twice the
    longest common subsequence over both lengths) is at most twice the shorter length
    over both; a hair of slack keeps every pair rounding could let through."""
    pairs = sketch.near_candidates
    if len(pairs) == 0:
        return pairs
    a, b = pairs[:, 0], pairs[:, 1]
    na, nb = sketch.token_counts[a], sketch.token_counts[b]
    reachable = 2 * np.minimum(na, nb) >= (config.paragraph_similarity - 1e-9) * (na + nb)
    return pairs[reachable & (sketch.line_hashes[a] != sketch.line_hashes[b])]


def _numbers(text: str, sketch: DocumentSketch, lineno0: int) -> list[str]:
    start, end = sketch.line_span(lineno0)
    return sorted(_NUMBER.findall(text, start, end))


def _other_names(text: str, sketch: DocumentSketch, la: int, lb: int) -> bool:
    """Does one line name something (a capitalised word after its first) where the
    other names something else? "met in Kyiv on Tuesday" / "in Moscow on Friday": a
    different fact, not a copying slip. A name only one side has ("(AP)" added) or
    an abbreviation ("Calif." / "California") is not a substitution, and case apart
    ("vladimir Putin") a name is the same."""
    words_a, words_b = _WORD.findall(text, *sketch.line_span(la)), _WORD.findall(text, *sketch.line_span(lb))
    lower_a, lower_b = {w.lower() for w in words_a}, {w.lower() for w in words_b}
    only_a = {w.lower() for w in words_a[1:] if w[0].isupper()} - lower_b
    only_b = {w.lower() for w in words_b[1:] if w[0].isupper()} - lower_a
    return any(not (x.startswith(y) or y.startswith(x)) for x in only_a for y in only_b)


def _list_item(text: str, sketch: DocumentSketch, lineno0: int) -> bool:
    start, end = sketch.line_span(lineno0)
    return _LIST_MARKER.match(text, start, min(end, start + _LIST_WINDOW)) is not None


def _list_roles_differ(text: str, si: int, ei: int, sj: int, ej: int) -> bool:
    """`_list_item` differs for the lines text[si:ei] and text[sj:ej]."""
    wi, wj = min(ei, si + _LIST_WINDOW), min(ej, sj + _LIST_WINDOW)
    if text[si:wi] == text[sj:wj]:
        return False  # the marker test reads only this window: same window, same answer
    return (_LIST_MARKER.match(text, si, wi) is None) != (_LIST_MARKER.match(text, sj, wj) is None)


def _findings(text: str, sketch: DocumentSketch, repeats: list[_Repeat]) -> Iterator[Finding]:
    content_end = len(text.rstrip("\r\n"))
    for block in _blocks(sketch, repeats):
        for r in block:
            start, end = sketch.line_span(r.lineno0)
            para = Paragraph(r.lineno0 + 1, start, end, text[start:end])
            what = {REPEATED_TITLE.code: "repeated title", REPEATED_PARAGRAPH.code: "repeated paragraph",
                    REPEATED_SHORT_LINE.code: "repeated line"}[r.code]
            how = "same as" if r.similarity >= 1.0 else f"{r.similarity:.0%} like"
            message = f"{what}: {how} line {r.first0 + 1}"
            if len(block) > 1:
                message += (f" (lines {block[0].lineno0 + 1}-{block[-1].lineno0 + 1} repeat "
                            f"lines {block[0].first0 + 1}-{block[-1].first0 + 1})")
            # The same removal a boilerplate rule makes of the same line: the last line
            # keeps the break before it, so removals of the closing lines never overlap.
            yield Finding(r.code, message, start, end, Severity.WARNING, fix=remove_line(text, para, content_end),
                          data={"first_line": r.first0 + 1})


def _blocks(sketch: DocumentSketch, repeats: list[_Repeat]) -> list[list[_Repeat]]:
    """Group repeats whose later and earlier copies both follow on from the previous one."""
    nonblank = np.flatnonzero(sketch.token_counts > 0)
    asked = np.array([[r.lineno0, r.first0] for r in repeats], dtype=np.int64)
    following = nonblank[np.minimum(np.searchsorted(nonblank, asked, "right"), len(nonblank) - 1)].tolist()
    blocks: list[list[_Repeat]] = []
    prev_next: list[int] = [-1, -1]
    for r, nxt in zip(repeats, following):
        prev = blocks[-1][-1] if blocks else None
        if (prev is not None and prev_next[0] == r.lineno0 and prev_next[1] == r.first0
                and r.code == prev.code == REPEATED_PARAGRAPH.code):
            blocks[-1].append(r)
        else:
            blocks.append([r])
        prev_next = nxt
    return blocks
