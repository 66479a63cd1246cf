"""Which lines of a page are running text, as opposed to site furniture.

Documents are compared on their running text only. A scraped page is an article
wrapped in menus, headline lists, share buttons and footers that every page of
the site repeats; two different articles of one site can share more of that
than of anything else, and comparing whole pages then joins them (datasketch
and datatrove do, on ../shared/data/neardup_hard.jsonl). Running text is a
*block* of words that ends like a sentence, or one too long to be a menu.

A block is a line, or several lines when the text was hard-wrapped (Markdown
exports cut paragraphs at ~80 columns): a long line that does not end like a
sentence continues on the next line.

False negatives: a page made only of a table (one cell per line) has no running
text, so it is never a near-duplicate of anything; the within-document and
shared-paragraph checks still see it. False positives: cookie notices and
newsletter blurbs are sentences too; `corpus.py` copes with them by demanding
near-complete containment, and they are what the shared-paragraph rule reports.
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


def content_blocks(lines: list[str], token_counts: np.ndarray, fresh_starts: np.ndarray | None = None) -> np.ndarray:
    """Block number of each line that belongs to running text, else -1.

    ``token_counts[i]`` is the number of word tokens on ``lines[i]``; a block
    never continues into a line listed in ``fresh_starts`` (the first line of
    each document, when several documents are handled together).
    """
    n = len(lines)
    block_of = np.full(n, -1, dtype=np.int64)
    counts = token_counts.tolist()
    if fresh_starts is not None and len(fresh_starts) > 1:
        fresh = set(fresh_starts.tolist())
    else:
        fresh = set()
    block = 0
    i = 0
    while i < n:
        if counts[i] == 0:
            i += 1
            continue
        # Gather a block: this line, plus following lines while the previous one
        # looks cut by hard wrapping.
        j = i
        words = counts[i]
        while (j + 1 < n and counts[j + 1] > 0 and j + 1 not in fresh
               and len(lines[j].strip()) >= WRAP_MIN_CHARS and not ends_like_sentence(lines[j])):
            j += 1
            words += counts[j]
        if words >= MIN_RUNNING_WORDS or (words >= MIN_SENTENCE_WORDS and ends_like_sentence(lines[j])):
            block_of[i:j + 1] = block
            block += 1
        i = j + 1
    return block_of
