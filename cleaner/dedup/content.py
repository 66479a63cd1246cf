"""Which lines of a page are running text, as opposed to site furniture.

Documents are compared on their running text only. A scraped page is an article
wrapped in menus, headline lists, share buttons and footers that every page of
the site repeats; two different articles of one site can share more of that
than of anything else, and comparing whole pages then joins them (datasketch
and datatrove do, on the benchmark near-duplicate set, fixtures/neardup_hard.jsonl.xz). Running text is a
*block* of words that ends like a sentence, or one too long to be a menu.

A block is a line, or several lines when the text was hard-wrapped (Markdown
exports cut paragraphs at ~80 columns): a long line that does not end like a
sentence continues on the next line.

False negatives: a page made only of a table (one cell per line) has no running
text, so it is never a near-duplicate of anything; the within-document and
shared-paragraph checks still see it. False positives: cookie notices and
newsletter blurbs are sentences too, and a long headline directly followed by
its teaser sentence reads like one wrapped paragraph; `matching.py` copes by
demanding near-complete containment, and shared lines are what D201 reports.
"""

from __future__ import annotations

import re

import numpy as np

# The end of a sentence: terminal punctuation (Latin, CJK, Devanagari, Arabic,
# Urdu), then closing quotes, brackets or Markdown emphasis. Matched only on
# the last few characters of a line, so its cost is bounded.
_TERMINAL = re.compile(r"[.!?:;…。！？।॥؟۔][\"'”’»)\]*_]{0,4}$")
_TAIL_CHARS = 8

MIN_SENTENCE_WORDS = 8  # a block ending like a sentence needs this many words
MIN_RUNNING_WORDS = 30  # a block this long is running text however it ends
WRAP_MIN_CHARS = 50  # a line this long that does not end a sentence may be wrapped


def ends_like_sentence(line: str) -> bool:
    return _TERMINAL.search(line.rstrip()[-_TAIL_CHARS:]) is not None


def sentence_ends(lines: list[str]) -> np.ndarray:
    """`ends_like_sentence` of every line, as a bool array."""
    return np.fromiter(map(ends_like_sentence, lines), dtype=bool, count=len(lines))


def content_blocks(lines: list[str], token_counts: np.ndarray, line_lengths: np.ndarray,
                   fresh_starts: np.ndarray | None = None, sentence_end: np.ndarray | None = None) -> np.ndarray:
    """Block number of each line that belongs to running text, else -1.

    ``token_counts[i]`` is the number of words on ``lines[i]`` and
    ``line_lengths[i]`` its length; a block never continues into a line listed
    in ``fresh_starts`` (the first line of each document, when several
    documents are handled together). ``sentence_end``, if known, is
    `sentence_ends(lines)`; else the lines that matter are asked here.
    """
    n = len(lines)
    counts = token_counts
    has_words = counts > 0
    if not has_words.any():
        return np.full(n, -1, dtype=np.int64)
    terminal = np.zeros(n, dtype=bool) if sentence_end is None else sentence_end

    def ask(rows: np.ndarray) -> None:
        if sentence_end is None:
            terminal[rows] = sentence_ends([lines[i] for i in rows.tolist()])

    # Line i runs on into line i+1 when it is long, does not end a sentence and
    # the next line has words (a hard-wrapped paragraph).
    long_lines = np.flatnonzero(has_words & (line_lengths >= WRAP_MIN_CHARS))
    ask(long_lines)
    joins = np.zeros(n, dtype=bool)
    if n > 1:
        joins[:-1] = has_words[:-1] & has_words[1:] & (line_lengths[:-1] >= WRAP_MIN_CHARS) & ~terminal[:-1]
        if fresh_starts is not None and len(fresh_starts):
            cut = fresh_starts[fresh_starts > 0] - 1
            joins[cut] = False
    starts_block = has_words.copy()
    starts_block[1:] &= ~joins[:-1]
    block_id = np.cumsum(starts_block) - 1
    words = np.bincount(block_id[has_words], weights=counts[has_words], minlength=int(block_id[-1]) + 1 if n else 0)
    ends_block = has_words & ~joins
    # The last line of a block decides whether it ends like a sentence; ask the
    # regex only about those that are not known yet and have enough words.
    unknown = ends_block & (line_lengths < WRAP_MIN_CHARS)
    unknown[unknown] = words[block_id[unknown]] >= MIN_SENTENCE_WORDS
    ask(np.flatnonzero(unknown))
    block_terminal = np.zeros(len(words), dtype=bool)
    block_terminal[block_id[ends_block]] = terminal[ends_block]
    running = (words >= MIN_RUNNING_WORDS) | ((words >= MIN_SENTENCE_WORDS) & block_terminal)
    return np.where(has_words & running[np.maximum(block_id, 0)], block_id, -1)
