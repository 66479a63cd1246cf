"""`textcache.line_cache` keeps at most a bounded number of characters, whatever the lines."""

from cleaner.report import boilerplate_kinds, lines
from cleaner.textcache import LONG_CHARS, LONG_ENTRIES, SHORT_CHARS, line_cache


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
    boilerplate_kinds._EVIDENCE.clear()
    boilerplate_kinds._REMEMBERED_CHARS[0] = 0
    try:
        for i in range(600):  # 12 M characters of distinct one-line articles
            (line,) = lines.describe_text(f"{i} " + "word " * 4_000)
            boilerplate_kinds._evidence(line)
        kept = sum(map(len, boilerplate_kinds._EVIDENCE))
        assert kept == boilerplate_kinds._REMEMBERED_CHARS[0]
        assert 0 < kept <= boilerplate_kinds._MAX_REMEMBERED_CHARS
    finally:
        boilerplate_kinds._EVIDENCE.clear()
        boilerplate_kinds._REMEMBERED_CHARS[0] = 0
