"""Batch sketches equal one-by-one sketches; running text is told from furniture."""

from __future__ import annotations

import numpy as np

from cleaner.config import DedupConfig
from cleaner.dedup.content import content_blocks
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
