"""`textcache.line_cache` keeps at most a bounded number of characters, whatever the lines."""

from cleaner.report import boilerplate_kinds, lines
from cleaner.textcache import LONG_CHARS, LONG_ENTRIES, SHORT_CHARS, TextMemo, line_cache


def test_long_lines_do_not_fill_the_cache():
    def length(text: str) -> int:
        return len(text)

    cached = line_cache(maxsize=100)(length)
    for i in range(300):  # whole articles without line breaks, each once
        assert cached(f"{i} " + "word " * 3_000) == len(f"{i} ") + 15_000
    for i in range(300):
        assert cached(f"{i} " + "x" * (LONG_CHARS + 1)) == len(f"{i} ") + LONG_CHARS + 1
    short, long = cached.caches
    assert short.cache_info().currsize == 0
    assert long.cache_info().currsize == LONG_ENTRIES
    assert cached("a short line") == 12 and cached("a short line") == 12
    assert short.cache_info().currsize == 1 and short.cache_info().hits == 1


def test_the_shape_cache_of_lines_is_bounded_in_characters():
    short, long = lines._shape_of.caches
    worst = short.cache_info().maxsize * SHORT_CHARS + long.cache_info().maxsize * LONG_CHARS
    assert worst <= 32 * 2**20


def test_remembered_line_evidence_is_bounded_in_characters():
    memo = boilerplate_kinds._EVIDENCE
    memo.clear()
    try:
        for i in range(600):  # 12 M characters of distinct one-line articles
            (line,) = lines.describe_text(f"{i} " + "word " * 4_000)
            boilerplate_kinds._evidence(line)
        kept = sum(map(len, memo.texts()))
        assert kept == memo.chars
        assert 0 < kept <= memo.max_chars
    finally:
        memo.clear()


def test_text_memo_empties_when_full_and_skips_whole_articles():
    memo = TextMemo(max_entries=3, max_chars=100)
    for text in ("a", "b", "c"):
        memo.put(text, text.upper())
    assert memo.get("b") == "B" and len(memo) == 3
    memo.put("d", "D")  # full in entries: emptied first
    assert memo.get("a") is None and memo.get("d") == "D" and memo.chars == 1
    memo.put("x" * 100, 1)  # full in characters
    assert memo.get("d") is None and memo.chars == 100
    memo.put("y" * (LONG_CHARS + 1), 2)
    assert memo.get("y" * (LONG_CHARS + 1)) is None and memo.chars == 100
