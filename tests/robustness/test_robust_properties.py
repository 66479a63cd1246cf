"""Property tests over arbitrary Unicode, news-like random documents and edited fixtures.

For every document: no exception; every finding's offsets lie inside the text and
its line/column agree with them; `--fix` is idempotent; applying the safe fixes
never removes a paragraph no finding named; the output is valid UTF-8 (and NFC
once a normalizing stage is registered). Each runs twice: over the registered
stages (every family, as it lands) and over the toy stages that exercise the core.

`CLEANER_HYPOTHESIS_EXAMPLES` raises the example count (`make fuzz` does).
"""

from __future__ import annotations

import os
import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:
    from . import hostile
except ImportError:  # pytest's default rootdir-relative import
    import hostile

EXAMPLES = int(os.environ.get("CLEANER_HYPOTHESIS_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("CLEANER_HYPOTHESIS_RANDOM"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIXTURES = hostile.fixture_texts()
EXPECT_NFC = hostile.has_transforming_stage()

news_like = st.builds(lambda seed: hostile.random_document(random.Random(seed)), st.integers(0, 2**32))
edited_fixture = st.builds(
    lambda i, seed, n: hostile.edit_text(random.Random(seed), FIXTURES[i], n),
    st.integers(0, len(FIXTURES) - 1), st.integers(0, 2**32), st.integers(0, 12),
)
# Lines of arbitrary Unicode (no surrogates: no UTF-8 file or JSON record can carry them).
unicode_lines = st.lists(st.text(max_size=120), max_size=20).map(
    lambda lines: "\n".join(lines))


def _assert_ok(name: str, text: str) -> None:
    problems = hostile.check_document(hostile.CLEANERS[name], text)  # NFC: its own test below
    assert not problems, "\n".join(problems) + f"\ninput: {text[:300]!r}"


@pytest.mark.parametrize("name", sorted(hostile.CLEANERS))
@SETTINGS
@given(text=st.text(max_size=2000))
def test_arbitrary_unicode(name, text):
    _assert_ok(name, text)


@pytest.mark.parametrize("name", sorted(hostile.CLEANERS))
@SETTINGS
@given(text=unicode_lines)
def test_arbitrary_unicode_lines(name, text):
    _assert_ok(name, text)


@pytest.mark.parametrize("name", sorted(hostile.CLEANERS))
@SETTINGS
@given(text=news_like)
def test_news_like_documents(name, text):
    _assert_ok(name, text)


@pytest.mark.parametrize("name", sorted(hostile.CLEANERS))
@SETTINGS
@given(text=edited_fixture)
def test_fixtures_with_random_edits(name, text):
    _assert_ok(name, text)


@pytest.mark.parametrize("name", sorted(hostile.CLEANERS))
def test_fixtures_unedited(name):
    for text in FIXTURES:
        _assert_ok(name, text)


@pytest.mark.skipif(not EXPECT_NFC, reason="NFC output is the normalizer's job; no transforming stage registered yet")
@SETTINGS
@given(text=st.one_of(
    st.text(alphabet=st.sampled_from("e\u0301\u0308\u0323aAoOsS\u212b\u00c5\u1e9b\u0387 \n"), max_size=200),
    news_like, edited_fixture))
def test_clean_output_is_nfc(text):
    """The issue asks for NFC output: decomposed accents (e + U+0301) must come out composed."""
    for out in (hostile.registered_cleaner().clean(text).text, hostile.registered_cleaner().fix(
            hostile.Document(text=text)).text):
        assert unicodedata.is_normalized("NFC", out), f"not NFC: {out[:300]!r}"
