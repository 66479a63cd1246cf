"""Everything the duplicate checks need to know about documents, computed in batches.

`sketch_documents` takes a batch of texts and, in one pass of numpy operations
over all of them, tokenises, hashes every line's words (exact repeats), computes
a MinHash signature per paragraph (near repeats inside a document) and, over
the running text only (`content.py`), one signature and a fingerprint sample per
document (near-duplicate documents); it also finds each document's candidate
repeats. Working on a batch matters: a numpy call costs about a microsecond
whatever its size, and a document needs a few hundred of them, which for a
5 kB article would cost more than the arithmetic itself.

The result is pure and picklable. Both duplicate stages need the sketch of the
same text (the within-document stage early, the cross-document stage last):
`SketchCache` keeps the sketches of the current batch, so the work is done once.
"""

from __future__ import annotations

import threading

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..config import DedupConfig
from .content import content_blocks
from .linetokens import line_tokens
from .shingles import kgram_hashes, mix64
from .signatures import grouped_minhash, to_hash32

# Near-repeat candidates inside a document: 8 LSH bands of 2 rows catch a
# Jaccard similarity of 0.5 with probability 0.9 (0.7: 0.99); a short paragraph
# with one word changed has a low Jaccard similarity but keeps its first or last
# shingle, the other source of candidates. A candidate found only by the
# bands needs this share of agreeing signature values before its words are read.
NEAR_BANDS, NEAR_ROWS = 8, 2
MIN_ESTIMATED_JACCARD = 0.2


@dataclass(frozen=True, slots=True)
class DocumentSketch:
    """Per-line and whole-document hashes of one text (offsets are into that text)."""

    line_starts: np.ndarray  # int64 char offset of each line (every line, empty ones too)
    line_ends: np.ndarray  # int64 char offset of each line's end (without "\r\n")
    token_counts: np.ndarray  # words per line
    first_token: np.ndarray  # index in token_hashes of each line's first word
    token_hashes: np.ndarray  # uint64 per word
    line_hashes: np.ndarray  # uint64 per line: same words in the same order <=> same hash
    block_of: np.ndarray  # running-text block of each line, or -1 (see content.py)
    paragraph_lines: np.ndarray  # lines long enough to carry a signature
    paragraph_signatures: np.ndarray  # uint32 [len(paragraph_lines), num_perm]
    document_signature: np.ndarray  # uint32 [num_perm], MinHash of the running text's shingles
    document_shingles: int  # shingles of the running text (a repeated one counts twice)
    document_fingerprints: np.ndarray  # uint64, sorted: the sampled shingles (signatures.fingerprints)
    document_lookup_fingerprints: np.ndarray  # the half of them looked up by value (corpus.lookup_fingerprints)
    exact_repeats: np.ndarray  # int64 [k, 2]: (line, earlier line with the same words)
    near_candidates: np.ndarray  # int64 [m, 2]: (earlier line, later line) worth comparing word by word
    shared_lines: np.ndarray  # lines with min_shared_paragraph_words words, first copy of each
    # The same lines' hashes, starts and ends (what the cross-document stage keeps of them).
    shared_line_hashes: np.ndarray
    shared_line_starts: np.ndarray
    shared_line_ends: np.ndarray

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_span(self, lineno0: int) -> tuple[int, int]:
        return int(self.line_starts[lineno0]), int(self.line_ends[lineno0])

    def line_tokens(self, lineno0: int) -> list[int]:
        first = int(self.first_token[lineno0])
        return self.token_hashes[first:first + int(self.token_counts[lineno0])].tolist()


def sketch_document(text: str, config: DedupConfig) -> DocumentSketch:
    return sketch_documents([text], config)[0]


def sketch_documents(texts: Sequence[str], config: DedupConfig) -> list[DocumentSketch]:
    if not texts:
        return []
    k = config.shingle_words
    num_perm = config.num_perm
    n_docs = len(texts)
    # One text for the whole batch: documents separated by a line break, so that
    # every document keeps its own lines (a document of n lines has n lines here).
    big = "\n".join(texts)
    lines = big.split("\n")
    n_lines = len(lines)
    starts, ends = _line_offsets(lines, big)
    doc_first_char = _exclusive_cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n_docs) + 1)
    # A document starts a line: its first line is found among the line starts.
    doc_first_line = np.searchsorted(starts, doc_first_char)
    doc_of_line = np.repeat(np.arange(n_docs), np.diff(doc_first_line, append=n_lines))

    batch_lines = line_tokens().read(big, lines, starts)
    tokens, counts, hashes = batch_lines.tokens, batch_lines.counts, batch_lines.hashes
    first_token = _exclusive_cumsum(counts)
    block_of = content_blocks(lines, counts, ends - starts, doc_first_line, batch_lines.sentence_end)

    # Signed paragraphs: lines of running text with enough words. Site furniture
    # (menus, headline lists) is left out: its exact repeats are found by line
    # hash, and near repeats of it are not worth the signatures they would cost.
    par_lines = np.flatnonzero((counts >= max(config.min_paragraph_words, k)) & (block_of >= 0))
    n_par = len(par_lines)
    shingles = kgram_hashes(tokens.hashes, k)
    line_of = tokens.lines
    first_line = line_of[: len(shingles)]
    last_line = line_of[k - 1:]
    group_of_line = np.full(n_lines, -1, dtype=np.int64)
    group_of_line[par_lines] = np.arange(n_par)
    # Paragraph shingles stay inside one line; document shingles inside one block
    # of running text (so a hard-wrapped paragraph shingles like an unwrapped one).
    para_group = np.where(first_line == last_line, group_of_line[first_line], -1)
    first_block = block_of[first_line]
    in_document = (first_block >= 0) & (first_block == block_of[last_line])
    in_paragraph = para_group >= 0
    h32 = to_hash32(shingles)
    para_sigs = _paragraph_signatures(hashes[par_lines], h32, para_group, in_paragraph, num_perm, k)

    # Document signatures: a signed paragraph (always inside running text) has
    # only document shingles, so its signature stands for them; only the rest
    # (across wrapped lines, in lines too short to sign) is permuted again.
    # Indices rather than masks: numpy gathers by index several times faster
    # than it selects by an irregular mask.
    rest = np.flatnonzero(in_document & ~in_paragraph)
    doc_sigs = grouped_minhash(h32[rest], doc_of_line[first_line[rest]], n_docs, num_perm)
    if n_par:
        owners = doc_of_line[par_lines]
        cuts = np.flatnonzero(np.diff(owners, prepend=-1))
        ids = owners[cuts]
        doc_sigs[ids] = np.minimum(doc_sigs[ids], np.minimum.reduceat(para_sigs, cuts, axis=0))
    # Shingle i starts at token i: a document's shingles are those starting in it.
    doc_first_token = first_token[doc_first_line]
    shingle_cuts = np.minimum(np.append(doc_first_token, len(tokens)), len(shingles))
    doc_shingle_counts = np.diff(np.searchsorted(np.flatnonzero(in_document), shingle_cuts))
    fp_values, fp_cuts = _fingerprints_by_doc(shingles, in_document, shingle_cuts, config.fingerprint_bits)

    lookup = np.flatnonzero(((fp_values >> np.uint64(config.fingerprint_bits)) & np.uint64(1)) == 0)
    lookup_values = fp_values[lookup]
    lookup_cuts = np.searchsorted(lookup, fp_cuts)
    exact = _exact_repeats(hashes, counts, doc_of_line)
    shareable = counts >= config.min_shared_paragraph_words
    shareable[exact[:, 0]] = False
    shared = np.flatnonzero(shareable)
    shared_cuts = np.searchsorted(shared, np.append(doc_first_line, n_lines))
    near = _near_candidates(para_sigs, shingles, first_token[par_lines], counts[par_lines], k,
                            doc_of_line[par_lines], par_lines)

    # Cut the batch into documents: offsets are made relative to their document
    # for the whole batch at once, so that each field of a document is a view;
    # the cut points as Python ints, one list each, rather than one int() per document.
    first_line_of = doc_first_line[doc_of_line]  # per line: the first line of its document
    line_starts = starts - doc_first_char[doc_of_line]
    line_ends = ends - doc_first_char[doc_of_line]
    token_in_doc = first_token - doc_first_token[doc_of_line]
    par_in_doc = par_lines - first_line_of[par_lines]
    exact_in_doc = exact - first_line_of[exact[:, :1]]
    near_in_doc = near - first_line_of[near[:, :1]]
    shared_in_doc = shared - first_line_of[shared]
    shared_hashes, shared_starts, shared_ends = hashes[shared], line_starts[shared], line_ends[shared]
    line_cuts = np.append(doc_first_line, n_lines).tolist()
    par_cuts = np.append(np.searchsorted(par_lines, doc_first_line), n_par).tolist()
    tok_cuts = np.append(doc_first_token, len(tokens)).tolist()
    exact_cuts = np.append(np.searchsorted(exact[:, 0], doc_first_line), len(exact)).tolist()
    near_cuts = np.append(np.searchsorted(near[:, 0], doc_first_line), len(near)).tolist()
    fp_cuts, lookup_cuts, shared_cuts = fp_cuts.tolist(), lookup_cuts.tolist(), shared_cuts.tolist()
    shingle_counts = doc_shingle_counts.tolist()
    out = []
    for d in range(n_docs):
        l0, l1 = line_cuts[d], line_cuts[d + 1]
        p0, p1 = par_cuts[d], par_cuts[d + 1]
        out.append(DocumentSketch(
            line_starts=line_starts[l0:l1],
            line_ends=line_ends[l0:l1],
            token_counts=counts[l0:l1],
            first_token=token_in_doc[l0:l1],
            token_hashes=tokens.hashes[tok_cuts[d]:tok_cuts[d + 1]],
            line_hashes=hashes[l0:l1],
            block_of=block_of[l0:l1],  # block numbers are only compared, so global ones do
            paragraph_lines=par_in_doc[p0:p1],
            paragraph_signatures=para_sigs[p0:p1],
            document_signature=doc_sigs[d],
            document_shingles=shingle_counts[d],
            document_fingerprints=fp_values[fp_cuts[d]:fp_cuts[d + 1]],
            document_lookup_fingerprints=lookup_values[lookup_cuts[d]:lookup_cuts[d + 1]],
            exact_repeats=exact_in_doc[exact_cuts[d]:exact_cuts[d + 1]],
            near_candidates=near_in_doc[near_cuts[d]:near_cuts[d + 1]],
            shared_lines=shared_in_doc[shared_cuts[d]:shared_cuts[d + 1]],
            shared_line_hashes=shared_hashes[shared_cuts[d]:shared_cuts[d + 1]],
            shared_line_starts=shared_starts[shared_cuts[d]:shared_cuts[d + 1]],
            shared_line_ends=shared_ends[shared_cuts[d]:shared_cuts[d + 1]],
        ))
    return out


class ParagraphSignatures:
    """Signatures of the paragraphs seen lately, by line hash (bounded; cleared when full).

    A paragraph's signature depends only on its words, which its line hash
    stands for (as everywhere here: same hash, same words). News repeats itself:
    syndicated stories, the same article scraped twice, standing paragraphs; on
    the benchmark corpus two thirds of the signed words are in a paragraph seen
    before, and permuting them again was the largest single cost.
    """

    MAX_ENTRIES = 1 << 15  # 16 MB of signatures at num_perm=128

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        # The hashes sorted, with the row of each one's signature: a batch's
        # paragraphs are looked up by one searchsorted, not one dict call each.
        self._keys = np.empty(0, dtype=np.uint64)
        self._rows = np.empty(0, dtype=np.int64)
        self._signatures: np.ndarray | None = None
        self._setting: tuple[int, int] | None = None

    def find(self, hashes: np.ndarray, num_perm: int, k: int) -> np.ndarray:
        """Row of each hash's signature in `signatures`, or -1."""
        if self._setting != (num_perm, k):
            self.clear()
            self._setting = (num_perm, k)
            self._signatures = np.empty((self.MAX_ENTRIES, num_perm), dtype=np.uint32)
        found = np.full(len(hashes), -1, dtype=np.int64)
        if len(self._keys) and len(hashes):
            slot = np.minimum(np.searchsorted(self._keys, hashes), len(self._keys) - 1)
            hit = np.flatnonzero(self._keys[slot] == hashes)
            found[hit] = self._rows[slot[hit]]
        return found

    def rows(self, found: np.ndarray) -> np.ndarray:
        return self._signatures[found]

    def store(self, hashes: np.ndarray, signatures: np.ndarray) -> None:
        """Keep the signatures of ``hashes``, which must be distinct and not kept yet."""
        n = min(len(hashes), self.MAX_ENTRIES)
        if len(self._keys) + n > self.MAX_ENTRIES:
            self._keys, self._rows = self._keys[:0], self._rows[:0]
        first = len(self._keys)
        self._signatures[first:first + n] = signatures[:n]
        order = np.argsort(hashes[:n])
        keys = hashes[:n][order]
        at = np.searchsorted(self._keys, keys)
        self._keys = np.insert(self._keys, at, keys)
        self._rows = np.insert(self._rows, at, first + order)


def forget_seen_text() -> None:
    """Empty this thread's caches of lines and paragraphs seen lately. A new
    pipeline starts cold, so its speed does not depend on what ran before it."""
    paragraph_signatures().clear()
    line_tokens().clear()


def _paragraph_signatures(par_hashes: np.ndarray, h32: np.ndarray, para_group: np.ndarray,
                          in_paragraph: np.ndarray, num_perm: int, k: int) -> np.ndarray:
    """[paragraphs, num_perm]: each distinct paragraph permuted once, unless seen lately."""
    n_par = len(par_hashes)
    if n_par == 0:
        return np.empty((0, num_perm), dtype=np.uint32)
    cache = paragraph_signatures()
    found = cache.find(par_hashes, num_perm, k)
    # Most paragraphs were seen: all rows in one gather from the cache (the
    # others take row 0 for now), then the missing ones are filled in.
    signatures = cache.rows(np.maximum(found, 0))
    missing = np.flatnonzero(found < 0)
    if len(missing):
        _, first, inverse = np.unique(par_hashes[missing], return_index=True, return_inverse=True)
        todo = np.sort(missing[first])  # paragraphs to permute, in text order (groups stay sorted)
        renumber = np.full(n_par, -1, dtype=np.int64)
        renumber[todo] = np.arange(len(todo))
        group = np.where(in_paragraph, renumber[para_group], -1)
        chosen = np.flatnonzero(group >= 0)
        computed = grouped_minhash(h32[chosen], group[chosen], len(todo), num_perm)
        signatures[missing] = computed[renumber[missing[first]][inverse]]
        cache.store(par_hashes[todo], computed)
    return signatures


def _exclusive_cumsum(values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values), dtype=np.int64)
    if len(values) > 1:
        np.cumsum(values[:-1], out=out[1:])
    return out


def _line_offsets(lines: list[str], text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offset of each line ("\\r" before "\\n" is not part of the line)."""
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    starts = _exclusive_cumsum(lengths + 1)
    ends = starts + lengths
    if "\r" in text:
        for i, line in enumerate(lines):
            if line.endswith("\r"):
                lines[i] = line[:-1]
                ends[i] -= 1
    return starts, ends


def _fingerprints_by_doc(shingles: np.ndarray, chosen: np.ndarray, doc_cuts: np.ndarray,
                         sample_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique sampled shingles of each document, as one array and cut points.

    Only the ``chosen`` shingles count; document d's shingles are
    ``shingles[doc_cuts[d]:doc_cuts[d + 1]]``. A shingle is sampled when its low
    ``sample_bits`` bits are zero: every document keeps the same 1-in-2**bits
    share of the shingles it has, so a shingle two documents share is kept by
    both or by neither, and the overlap of two samples is a sample of the
    overlap. That makes containment ("is this article inside that page?")
    measurable, where MinHash measures Jaccard.
    """
    picked = np.flatnonzero(chosen & ((shingles & np.uint64((1 << sample_bits) - 1)) == 0))
    values = shingles[picked]
    cuts = np.searchsorted(picked, doc_cuts)  # values picked before each document's first shingle
    # Shingles come document by document: sorting each document's stretch is
    # all a two-key sort would do, at a fraction of its cost.
    values = np.concatenate([np.sort(values[lo:hi]) for lo, hi in zip(cuts[:-1].tolist(), cuts[1:].tolist())]
                            + [values[:0]])
    if len(values) > 1:
        fresh = np.empty(len(values), dtype=bool)
        fresh[0] = True
        np.not_equal(values[1:], values[:-1], out=fresh[1:])
        fresh[cuts[1:-1][cuts[1:-1] < len(values)]] = True  # a document's first value is always kept
        kept = np.flatnonzero(fresh)
        values = values[kept]
        cuts = np.searchsorted(kept, cuts)  # values kept before each old cut
    return values, cuts


def _exact_repeats(hashes: np.ndarray, counts: np.ndarray, doc_of_line: np.ndarray) -> np.ndarray:
    """(line, first line of that document with the same words), for every later copy."""
    lines = np.flatnonzero(counts > 0)
    if len(lines) < 2:
        return np.empty((0, 2), dtype=np.int64)
    keys = mix64(hashes[lines] ^ (doc_of_line[lines].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
    _, first_pos, inverse = np.unique(keys, return_index=True, return_inverse=True)
    first = lines[first_pos[inverse]]
    later = np.flatnonzero(first != lines)
    return np.stack([lines[later], first[later]], axis=1)


def _rows_sharing_a_key(sigs: np.ndarray, shingles: np.ndarray, first_token: np.ndarray, count: np.ndarray,
                        k: int, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, row, shared by an end shingle) for rows of one document sharing an LSH band
    of their signatures or their first or last shingle (a pair may come more than once)."""
    n, num_perm = sigs.shape
    bands = min(NEAR_BANDS, num_perm // NEAR_ROWS)
    view = sigs[:, : bands * NEAR_ROWS].astype(np.uint64).reshape(n, bands, NEAR_ROWS)
    # Keys only need to be equal for equal (values, band, document): a sum with
    # random odd multipliers does that, short of a 2**-64 accident.
    keys = np.empty((n, bands + 2), dtype=np.uint64)
    keys[:, :bands] = view[:, :, 0] * np.uint64(0x9E3779B97F4A7C15) + view[:, :, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
    keys[:, :bands] += np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x165667B19E3779F9)
    keys[:, bands] = shingles[first_token]
    keys[:, bands + 1] = shingles[first_token + count - k] ^ np.uint64(0x5851F42D4C957F2D)
    keys += (docs.astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93))[:, None]
    width = keys.shape[1]
    flat = keys.ravel()
    order = _stable_argsort(flat)  # equal keys keep paragraph order: chains run forward
    ordered = flat[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1])
    # Rows sharing a key are chained (1-2, 2-3): every copy after the first gets
    # paired with one before it, which is all the check needs.
    a, b = order[same] // width, order[same + 1] // width
    column = order[same] % width
    keep = (a != b) & (docs[a] == docs[b])
    a, b, column = a[keep], b[keep], column[keep]
    return a, b, column >= width - 2


def _stable_argsort(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")``, from the unstable sort (a third
    faster on uint64): only the few positions of equal keys get sorted again."""
    order = np.argsort(keys)
    ordered = keys[order]
    tie = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(tie) == 0:
        return order
    in_tie = np.zeros(len(keys), dtype=bool)
    in_tie[tie] = True
    in_tie[tie + 1] = True
    tied = np.flatnonzero(in_tie)
    # Number the runs of equal keys; a run's positions, run-major, sort as one number.
    new_run = np.ones(len(tied), dtype=bool)
    new_run[1:] = ordered[tied[1:]] != ordered[tied[1:] - 1]
    run = np.cumsum(new_run)
    n = len(keys)
    order[tied] = np.sort(run * n + order[tied]) % n
    return order


def _near_candidates(sigs: np.ndarray, shingles: np.ndarray, first_token: np.ndarray, count: np.ndarray,
                     k: int, docs: np.ndarray, par_lines: np.ndarray) -> np.ndarray:
    """(earlier line, later line) pairs of signed paragraphs of one document that may be near repeats.

    Candidates share an LSH band of their signatures (backed by enough agreeing
    values), or their first or last shingle: a single changed word wipes out
    most shingles of a short paragraph, but rarely both ends.
    """
    n, num_perm = sigs.shape
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    a, b, by_shingle_end = _rows_sharing_a_key(sigs, shingles, first_token, count, k, docs)
    if len(a) == 0:
        return np.empty((0, 2), dtype=np.int64)
    # A pair as one number (earlier * n + later: sorts as the pair does). A pair that
    # shares its first or last shingle is a candidate as it is; one that only shares
    # bands needs enough agreeing values. Each pair is compared once (a page of one
    # line repeated shares every band: ten copies of each pair), in slices: the
    # values of all pairs at once took 11 kB a line.
    pair = np.minimum(a, b) * n + np.maximum(a, b)
    by_shingle, by_band = _distinct_pairs_by_key(pair, by_shingle_end)
    agreeing = [by_shingle]
    for lo in range(0, len(by_band), _COMPARED_AT_ONCE):
        some = by_band[lo:lo + _COMPARED_AT_ONCE]
        agree = np.count_nonzero(sigs[some // n] == sigs[some % n], axis=1)
        agreeing.append(some[agree >= MIN_ESTIMATED_JACCARD * num_perm])
    pair = np.unique(np.concatenate(agreeing))
    if len(pair) == 0:
        return np.empty((0, 2), dtype=np.int64)
    return par_lines[np.stack([pair // n, pair % n], axis=1)]


def _distinct_pairs_by_key(pair: np.ndarray, by_shingle_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs that share a first or last shingle, and the distinct
    others (pairs sharing bands only), each sorted."""
    # One sort for both: a pair and whether it came by a band, as one number
    # (2 * pair + 1 if so); a pair's smallest number says whether any copy of it
    # shared an end shingle.
    tagged = np.unique(pair * 2 + ~by_shingle_end)
    pairs = tagged >> 1
    first_of_pair = np.ones(len(tagged), dtype=bool)
    np.not_equal(pairs[1:], pairs[:-1], out=first_of_pair[1:])
    band_only = (tagged & 1) == 1
    return pairs[first_of_pair & ~band_only], pairs[first_of_pair & band_only]


_COMPARED_AT_ONCE = 4096  # pairs of signatures compared in one numpy call (2.5 MB at num_perm=128)


class SketchCache:
    """The sketches of the current batch and of the one before it, found by text
    identity (O(1), no hashing).

    `prepare` makes a new batch: a text of either batch is not sketched again
    (the within-document stage looks at the texts a second time with some lines
    removed; the cross-document stage comes back to the texts as they were). A
    text of neither (a single document checked on its own) is sketched on its own.
    """

    def __init__(self) -> None:
        self._batch: dict[int, tuple[str, DocumentSketch]] = {}
        self._before: dict[int, tuple[str, DocumentSketch]] = {}
        self._batch_config: DedupConfig | None = None
        self._last: tuple[str, DedupConfig, DocumentSketch] | None = None

    def prepare(self, texts: Sequence[str], config: DedupConfig) -> None:
        if config != self._batch_config:
            self._batch, self._before = {}, {}
        elif all(self._batch.get(id(t), (None,))[0] is t for t in texts):
            return  # the other duplicate stage prepared this batch already
        batch = {}
        for t in texts:
            hit = self._batch.get(id(t)) or self._before.get(id(t))
            if hit is not None and hit[0] is t:
                batch[id(t)] = hit
        missing = [t for t in texts if id(t) not in batch]
        batch.update((id(t), (t, s)) for t, s in zip(missing, sketch_documents(missing, config)))
        self._batch, self._before = batch, self._batch
        self._batch_config = config

    def get(self, text: str, config: DedupConfig) -> DocumentSketch:
        if self._batch_config == config:
            for batch in (self._batch, self._before):
                hit = batch.get(id(text))
                if hit is not None and hit[0] is text:
                    return hit[1]
        if self._last is not None and self._last[0] is text and self._last[1] == config:
            return self._last[2]
        sketch = sketch_document(text, config)
        self._last = (text, config, sketch)
        return sketch


class _PerThread(threading.local):
    """The caches of this thread. Each is shared by the two duplicate stages (and the
    Cleaners) of a thread; two Cleaners in two threads must not share, or clear,
    each other's: a batch prepared by one would be replaced under the other."""

    def __init__(self) -> None:
        self.sketches = SketchCache()
        self.paragraphs = ParagraphSignatures()


_PER_THREAD = _PerThread()


def sketches() -> SketchCache:
    return _PER_THREAD.sketches


def paragraph_signatures() -> ParagraphSignatures:
    return _PER_THREAD.paragraphs
