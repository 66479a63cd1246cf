"""Batch sketches equal one-by-one sketches; running text is told from furniture."""

from __future__ import annotations

import numpy as np

from cleaner.config import DedupConfig
from cleaner.dedup.content import content_blocks, ends_like_sentence
from cleaner.dedup.linetokens import LineTokens
from cleaner.dedup.sketch import sketch_document, sketch_documents
from cleaner.dedup.shingles import line_hashes, tokenize

CONFIG = DedupConfig()


def test_batch_equals_single(site_records, seeds):
    texts = [r["text"] for r in site_records[:40]] + list(seeds.values()) + ["", "\n\n", "one line"]
    for text, batched in zip(texts, sketch_documents(texts, CONFIG)):
        single = sketch_document(text, CONFIG)
        for name in single.__dataclass_fields__:
            a, b = getattr(single, name), getattr(batched, name)
            if name == "block_of":  # block numbers are only compared: equal where it matters
                assert np.array_equal(a >= 0, b >= 0)
            elif isinstance(a, np.ndarray):
                assert np.array_equal(a, b), name
            else:
                assert a == b, name


def test_cached_sentence_ends_equal_asking_each_line(site_records, seeds):
    texts = [r["text"] for r in site_records] + list(seeds.values())
    texts += ["End.\r\nNot the end\r\n", "Quoted.\u201d \t", "Five closers.)))))", "Four closers.))))", "\u3002\u3000"]
    cache = LineTokens()
    for lo in range(0, len(texts), 4):
        big = "\n".join(texts[lo:lo + 4])
        lines = big.split("\n")
        starts = np.concatenate([[0], np.cumsum([len(line) + 1 for line in lines])[:-1]]).astype(np.int64)
        sentence_end = cache.read(big, lines, starts).sentence_end
        assert sentence_end is not None
        assert sentence_end.tolist() == [ends_like_sentence(line) for line in lines]


def blocks(text: str) -> list[int]:
    lines = text.split("\n")
    counts, _ = line_hashes(tokenize(text), len(lines))
    return content_blocks(lines, counts, np.array([len(x) for x in lines])).tolist()


def test_menus_and_headlines_are_not_running_text():
    # Lines from the full pages of fixtures/dedup: menu entries and a headline.
    page = ("Home\nWorld\nBusiness\n"
            "Two U.S. troops killed in helicopter crash in Afghanistan\n\n"
            "The company, which is expected to lay off thousands of employees, confirmed on Monday "
            "that it had been contacted by the office of the attorney general.")
    assert [b >= 0 for b in blocks(page)] == [False, False, False, False, False, True]


def test_hard_wrapped_paragraph_is_one_block():
    # dom_smoothie output in fixtures/dedup/sites.jsonl wraps paragraphs at 80 columns.
    wrapped = ("Photos which were released online and are making the rounds on social media,\n"
               "show Nigerian actress, Kate Henshaw, looking absolutely stunning in new make-up\n"
               "photos.\n\nSee more photos:")
    result = blocks(wrapped)
    assert result[0] == result[1] == result[2] >= 0
    assert result[4] == -1


def test_long_block_without_final_stop_is_running_text():
    line = " ".join(["word"] * 40)
    assert blocks(line)[0] >= 0


def test_documents_in_a_batch_do_not_share_blocks():
    first = "This line is long enough to be wrapped but does not end the sentence and"
    second = "continues here in the next document of the batch, which must not happen."
    a, b = sketch_documents([first, second], CONFIG)
    assert a.block_of[0] == -1  # 14 words, no final stop, not joined to the next document


def test_exact_and_near_repeat_candidates(seeds):
    sketch = sketch_document(seeds["004"], CONFIG)
    repeats = {later + 1: first + 1 for later, first in sketch.exact_repeats.tolist()}
    assert repeats[4] == 2 and repeats[11] == 7 and repeats[14] == 10


def _near_candidates_compared_all_at_once(sigs, shingles, first_token, count, k, docs, par_lines):
    """`_near_candidates` as it was: the signatures of every (pair, shared key) compared at once."""
    from cleaner.dedup import sketch

    num_perm = sigs.shape[1]
    a, b, by_shingle_end = sketch._rows_sharing_a_key(sigs, shingles, first_token, count, k, docs)
    agree = np.count_nonzero(sigs[a] == sigs[b], axis=1)
    keep = by_shingle_end | (agree >= sketch.MIN_ESTIMATED_JACCARD * num_perm)
    pairs = np.stack([np.minimum(a, b)[keep], np.maximum(a, b)[keep]], axis=1)
    pairs = np.unique(pairs, axis=0) if len(pairs) else pairs
    return par_lines[pairs] if len(pairs) else np.empty((0, 2), dtype=np.int64)


def _candidate_inputs(rng, n, num_perm=16, k=3, variants=6):
    """Rows drawn from a few signatures, some with a value or an end shingle changed."""
    base = rng.integers(0, 2**32, size=(variants, num_perm), dtype=np.uint32)
    sigs = base[rng.integers(0, variants, size=n)]
    changed = rng.random((n, num_perm)) < 0.3
    sigs = np.where(changed, rng.integers(0, 2**32, size=(n, num_perm), dtype=np.uint32), sigs)
    count = np.full(n, 5)
    first_token = np.arange(n) * 5
    shingles = rng.integers(0, 4, size=n * 5).astype(np.uint64)  # few values: shared end shingles
    docs = np.sort(rng.integers(0, 3, size=n))
    return sigs, shingles, first_token, count, k, docs, np.arange(n) + 100


def test_near_candidates_are_those_of_comparing_every_pair_at_once():
    from cleaner.dedup.sketch import _near_candidates

    rng = np.random.default_rng(5)
    for n in (0, 1, 2, 7, 300, 5000):
        inputs = _candidate_inputs(rng, n)
        expected = _near_candidates_compared_all_at_once(*inputs) if n >= 2 else np.empty((0, 2), np.int64)
        got = _near_candidates(*inputs)
        assert np.array_equal(got, expected), n
    assert len(got) > 5000, "the rows must share bands and shingles, or the test proves nothing"


def test_near_candidates_of_a_line_repeated_thousands_of_times_take_little_memory():
    """A page of one short line repeated shares every band: the signatures of all
    pairs at once took 11 kB a line."""
    from memtrace import traced

    from cleaner.dedup.sketch import _near_candidates

    n, num_perm = 20_000, 128
    sigs = np.tile(np.arange(num_perm, dtype=np.uint32), (n, 1))
    shingles = np.arange(n * 3, dtype=np.uint64) % 3
    inputs = (sigs, shingles, np.arange(n) * 3, np.full(n, 3), 3, np.zeros(n, dtype=np.int64), np.arange(n))
    pairs, _, peak = traced(lambda: _near_candidates(*inputs))
    assert len(pairs) >= n - 1
    assert peak / n < 2_000, f"{peak / n:.0f} bytes a line"


def test_stable_argsort_and_pair_split_equal_the_numpy_ways():
    from cleaner.dedup.sketch import _distinct_pairs_by_key, _stable_argsort

    rng = np.random.default_rng(5)
    for size, distinct in [(0, 1), (1, 1), (50, 3), (1000, 200), (5000, 5000)]:
        keys = rng.integers(0, distinct, size).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        assert np.array_equal(_stable_argsort(keys), np.argsort(keys, kind="stable"))
        pair = rng.integers(0, max(distinct, 1), size)
        by_end = rng.random(size) < 0.3
        by_shingle, by_band = _distinct_pairs_by_key(pair, by_end)
        assert np.array_equal(by_shingle, np.unique(pair[by_end]))
        assert np.array_equal(by_band, np.setdiff1d(pair[~by_end], by_shingle))
