r"""Word tokens and word shingles, hashed in bulk with numpy.

Duplicate detection compares *words*, not characters: "( Reuters )" and
"(Reuters)", curly and straight quotes, a run of spaces or a line break all give
the same tokens. A token is a run of letters, digits and combining marks after
lower-casing (Unicode categories L, N, M: what ``[^\W_]`` matches, plus the
marks that Indic scripts write inside words); every Chinese or Japanese
character is a token of its own, since those scripts put no spaces between
words. Punctuation, symbols, spaces and emoji separate tokens.

The text is handled as an array of code points (UTF-32), classified through a
lookup table, and hashed with one prefix sum, never one word at a time in
Python. Hashes are stable across processes and machines (no ``hash()``),
because they are stored in persistent indexes.

Known limit: Thai, Lao, Khmer and Myanmar also write without spaces but are not
split into words here, so a near-duplicate test on them works on whole phrases
(exact repeats are still found).
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Text is hashed in segments of at most this many characters (cut at a line
# break where possible), so no document needs more than a few arrays this size.
SEGMENT_CHARS = 1 << 18

_U64 = np.uint64
_ROOT = 0x100000001B3 * 0x9E3779B97F4A7C15 % (1 << 64) | 1  # odd: invertible mod 2**64
_ROOT_INV = pow(_ROOT, -1, 1 << 64)
_MASK64 = (1 << 64) - 1

# Per-position multipliers for combining k token hashes into a shingle hash
# (distinct odd constants, so "a b c" and "c b a" differ).
_POSITION_KEYS = np.array(
    [(0x9E3779B97F4A7C15 * (2 * i + 1) + 0x632BE59BD9B4E019 * i * i) & _MASK64 | 1 for i in range(64)],
    dtype=_U64,
)

SEP, WORD, IDEOGRAPH = 0, 1, 2  # character classes


def _powers(root: int, n: int) -> np.ndarray:
    out = np.empty(n, dtype=_U64)
    out[0] = 1
    if n > 1:
        out[1:] = root
        np.cumprod(out, out=out)  # wraps mod 2**64, which is the arithmetic we want
    return out


_POW = _powers(_ROOT, SEGMENT_CHARS + 1)
_POW_INV = _powers(_ROOT_INV, SEGMENT_CHARS + 1)
_POW_BLOCKS = _powers(pow(_ROOT, SEGMENT_CHARS, 1 << 64), 1 << 12)
_POW_INV_BLOCKS = _powers(pow(_ROOT_INV, SEGMENT_CHARS, 1 << 64), 1 << 12)


def mix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: spreads every input bit over the output (new array)."""
    x = x ^ (x >> _U64(30))
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


# Han, kana and their compatibility forms: one token per character.
_IDEOGRAPH_RANGES = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                     (0xF900, 0xFAFF), (0xFF66, 0xFF9F))


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """For every code point of the Basic Multilingual Plane: its class << 24 | its
    lower-case form (built once, ~0.1 s). One table, so one `np.take` per text,
    which is several times faster than indexing two tables. Lower-casing one code
    point at a time (no length change, unlike str.lower for "İ") is enough for
    comparing words."""
    classes = np.fromiter(
        (WORD if unicodedata.category(chr(cp))[0] in "LNM" else SEP for cp in range(0x10000)),
        dtype=np.uint32, count=0x10000,
    )
    for lo, hi in _IDEOGRAPH_RANGES:
        classes[lo:hi + 1] = IDEOGRAPH
    lower = np.fromiter((_lower_one(cp) for cp in range(0x10000)), dtype=np.uint32, count=0x10000)
    return (classes << np.uint32(24)) | lower


def _lower_one(cp: int) -> int:
    if 0xD800 <= cp <= 0xDFFF:
        return cp  # lone surrogates stay as they are
    return ord(chr(cp).lower()[0])  # "İ" lowers to "i" + combining dot: keep the "i"


_CLASS_SHIFT = np.uint32(24)
_LOWER_MASK = np.uint32((1 << 24) - 1)


def _classify(cps: np.ndarray, out: np.ndarray) -> np.ndarray:
    """class << 24 | lower-case form, for every code point (into ``out``)."""
    # mode="clip" (indices are in range anyway) lets np.take write straight into ``out``.
    if len(cps) == 0 or int(cps.max()) <= 0xFFFF:
        return np.take(_table(), cps, out=out, mode="clip")
    np.take(_table(), np.minimum(cps, 0xFFFF), out=out, mode="clip")
    astral = np.flatnonzero(cps > 0xFFFF)
    # Beyond the BMP: CJK extensions are ideographs, emoji and symbols
    # (U+1F000-1FFFF) separate, historic scripts and the rest are letters.
    high = cps[astral]
    cls = np.where((high >= 0x20000) & (high <= 0x3FFFF), IDEOGRAPH,
                   np.where((high >= 0x1F000) & (high <= 0x1FFFF), SEP, WORD)).astype(np.uint32)
    out[astral] = (cls << _CLASS_SHIFT) | (high & _LOWER_MASK)
    return out


@dataclass(frozen=True, slots=True)
class Tokens:
    """The word tokens of a text: a stable 64-bit hash and a 0-based line per token."""

    hashes: np.ndarray  # uint64
    lines: np.ndarray  # int64, 0-based line number in the text

    def __len__(self) -> int:
        return len(self.hashes)


def tokenize(text: str, line_starts: np.ndarray | None = None) -> Tokens:
    """Hash every word token of ``text`` (case aside) and note the line it stands on.

    ``line_starts`` (the offset of every line, if the caller has them) saves a
    search for line breaks.
    """
    hashes: list[np.ndarray] = []
    offsets: list[np.ndarray] = []
    for lo, hi in _segments(text):
        cps = np.frombuffer(text[lo:hi].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        h, starts = _hash_segment(cps)
        hashes.append(h)
        offsets.append(starts + lo if lo else starts)
    if not hashes:
        return Tokens(np.empty(0, _U64), np.empty(0, np.int64))
    h = hashes[0] if len(hashes) == 1 else np.concatenate(hashes)
    starts = offsets[0] if len(offsets) == 1 else np.concatenate(offsets)
    if line_starts is None:
        line_starts = np.concatenate([[0], np.flatnonzero(np.frombuffer(
            text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 0x0A) + 1])
    return Tokens(h, np.searchsorted(line_starts, starts, "right") - 1)


def _segments(text: str):
    """Cut ``text`` into pieces of at most SEGMENT_CHARS, at line breaks or spaces."""
    n = len(text)
    lo = 0
    while lo < n:
        hi = min(n, lo + SEGMENT_CHARS)
        if hi < n:
            cut = text.rfind("\n", lo, hi)
            if cut <= lo:
                cut = text.rfind(" ", lo, hi)
            if cut > lo:
                hi = cut + 1
        yield lo, hi
        lo = hi


class _Scratch(threading.local):
    """Work arrays for one segment, reused: a fresh multi-MB array per segment
    costs its page faults again, which was a fifth of the hashing time."""

    def __init__(self) -> None:
        self.coded = np.empty(SEGMENT_CHARS, dtype=np.uint32)
        self.flags = np.empty(SEGMENT_CHARS + 2, dtype=bool)
        self.change = np.empty(SEGMENT_CHARS + 1, dtype=bool)
        self.prefix = np.empty(SEGMENT_CHARS + 1, dtype=_U64)


_SCRATCH = _Scratch()


def _hash_segment(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token hashes and token start offsets of one segment (at most SEGMENT_CHARS)."""
    n = len(cps)
    scratch = _SCRATCH
    coded = _classify(cps, scratch.coded[:n])
    padded = scratch.flags[:n + 2]
    padded[0] = padded[-1] = False
    np.greater_equal(coded, np.uint32(WORD << 24), out=padded[1:-1])
    # A token starts where a run of word characters starts, and at every ideograph.
    change = np.not_equal(padded[1:], padded[:-1], out=scratch.change[:n + 1])
    ideographs = int(coded.max(initial=0)) >= IDEOGRAPH << 24
    if ideographs:
        ideograph = coded >= np.uint32(IDEOGRAPH << 24)
        change[:-1] |= ideograph
        change[1:] |= ideograph
    edges = np.flatnonzero(change)
    if ideographs:
        # Between consecutive edges lies a run of word or of separator characters.
        runs = edges[:-1]
        word_run = np.flatnonzero(padded[runs + 1])
        starts, ends = runs[word_run], edges[word_run + 1]
    else:
        # Without ideographs, runs of words and of separators alternate, words
        # first (the padding is a separator): slices, not a mask, pick them.
        starts, ends = edges[0::2], edges[1::2]
    if len(starts) == 0:
        return np.empty(0, _U64), starts
    # Polynomial hash of each token's lower-cased code points through one prefix
    # sum: sum((c[i] + 1) * R**i, start <= i < end) * R**-start, all mod 2**64.
    coded &= _LOWER_MASK
    coded += np.uint32(1)
    prefix = scratch.prefix[:n + 1]
    prefix[0] = 0
    np.multiply(coded, _POW[:n], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    poly = (prefix[ends] - prefix[starts]) * _POW_INV[starts]
    # One non-linear step, so that sums of token hashes (shingles) do not inherit
    # the polynomial's linear structure.
    poly ^= poly >> _U64(29)
    poly *= _U64(0xBF58476D1CE4E5B9)
    return poly, starts


def kgram_hashes(token_hashes: np.ndarray, k: int) -> np.ndarray:
    """Hash of the k tokens starting at each position (len(tokens) - k + 1 of them)."""
    n = len(token_hashes) - k + 1
    if n <= 0:
        return np.empty(0, _U64)
    acc = token_hashes[:n] * _POSITION_KEYS[0]
    for j in range(1, k):
        acc += token_hashes[j:j + n] * _POSITION_KEYS[j % 64]
    return mix64(acc)


def line_hashes(tokens: Tokens, n_lines: int) -> tuple[np.ndarray, np.ndarray]:
    """Per line: how many tokens it has, and one hash of its token sequence.

    Two lines hash alike exactly when they hold the same words in the same order,
    whatever their case, spacing and punctuation. Lines without tokens hash to 0.
    """
    counts = np.bincount(tokens.lines, minlength=n_lines)
    if len(tokens) == 0:
        return counts, np.zeros(n_lines, dtype=_U64)
    ends = np.cumsum(counts)
    # sum(token[i] * R**i over the line) * R**-first: a polynomial in the line's tokens.
    prefix = np.empty(len(tokens) + 1, dtype=_U64)
    prefix[0] = 0
    np.cumsum(tokens.hashes * _powers_upto(len(tokens)), out=prefix[1:])
    first = ends - counts
    out = (prefix[ends] - prefix[first]) * _POW_INV[first % SEGMENT_CHARS] * _POW_INV_BLOCKS[first // SEGMENT_CHARS]
    return counts, out


def _powers_upto(n: int) -> np.ndarray:
    """R**i for i < n (any n: beyond one segment, blocks of powers are chained)."""
    if n <= SEGMENT_CHARS:
        return _POW[:n]
    i = np.arange(n)
    return _POW[i % SEGMENT_CHARS] * _POW_BLOCKS[i // SEGMENT_CHARS]
