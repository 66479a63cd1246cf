"""fastlang gives exactly langdetect's answers, on real multilingual news text.

Texts: fixtures/neardup_hard.jsonl.xz (real pages in English, Portuguese,
Indonesian, German, Russian, Korean, Italian, Hungarian...) and the seeds.
"""

from __future__ import annotations

import json
import lzma

import pytest
from langdetect.lang_detect_exception import LangDetectException

from cleaner.report import fastlang
from cleaner.report.language import _factory
from tests.conftest import FIXTURES, SEEDS


def _texts() -> list[str]:
    with lzma.open(FIXTURES / "neardup_hard.jsonl.xz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    texts = [r["text"] for r in records[::7]]  # ~300 documents, every language present
    texts += [p.read_text(encoding="utf-8") for p in SEEDS]
    # hard cases: mixed scripts, capitals, URLs, e-mail, Vietnamese marks, runs of spaces
    texts += ["HELLO WORLD this IS a TEST of CAPITAL words", "Привет, мир! Hello world, this is mixed.",
              "see https://example.com/x?y=1 and mail me@example.org   now", "Tiếng Việt có dấu",
              "東京は日本の首都です。ひらがなとカタカナ。", "안녕하세요 세계"]
    return texts


def _langdetect(text: str, max_chars: int, n_trial: int):
    detector = _factory().create()
    detector.set_max_text_length(max_chars)
    detector.n_trial = n_trial
    detector.append(text)
    return detector.get_probabilities()


@pytest.mark.parametrize("max_chars,n_trial", [(700, 3), (500, 3), (10000, 7)])
def test_same_probabilities_as_langdetect(max_chars, n_trial):
    factory = _factory()
    texts = _texts()
    languages = set()
    for text in texts:
        try:
            expected = _langdetect(text, max_chars, n_trial)
        except LangDetectException:
            with pytest.raises(LangDetectException):
                fastlang.probabilities(factory, text, max_chars, n_trial)
            continue
        got = fastlang.probabilities(factory, text, max_chars, n_trial)
        assert [(l.lang, l.prob) for l in got] == [(l.lang, l.prob) for l in expected], text[:80]
        languages.add(got[0].lang)
    assert len(languages) >= 6  # the comparison covered several languages and scripts


def test_no_features_raises_like_langdetect():
    with pytest.raises(LangDetectException):
        fastlang.probabilities(_factory(), "1234 !!! ---", 700, 3)


def test_a_batch_gives_each_text_its_own_answer():
    """Texts detected together (as the stage does, per batch) get what they get alone."""
    factory = _factory()
    texts = _texts()[::3] + ["", "1234 !!! ---"]
    together = fastlang.probabilities_many(factory, texts, 700, 3)
    for text, got in zip(texts, together):
        try:
            alone = fastlang.probabilities(factory, text, 700, 3)
        except LangDetectException:
            assert got is None
            continue
        assert [(l.lang, l.prob) for l in got] == [(l.lang, l.prob) for l in alone]


@pytest.mark.parametrize("n", [1, 2, 3, 1000, 1025, 70_000])
def test_draws_are_those_of_random_random(n):
    """choice() and gauss() as `random.Random(0)` makes them, past the first window too."""
    import random

    from cleaner.report.fastlang_draws import Draws

    rng = random.Random(0)
    draws = Draws(0, n)
    taken = 0
    for size in (7, 1, 2000, 5):  # trials of different lengths, a gauss before each
        assert draws.gauss() == rng.gauss(0.0, 1.0)
        first = draws.first_choice()
        expected = [rng.choice(range(n)) for _ in range(size)]
        assert draws.choices(first, first + size).tolist() == expected
        draws.consume(first + size)
        taken += size
    assert draws.gauss() == rng.gauss(0.0, 1.0)
