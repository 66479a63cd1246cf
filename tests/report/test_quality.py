"""Q: truncation, spun phrasing, too little content, and the quality signals."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.report.quality import find_spun_phrases, looks_truncated


def test_seed_002_is_truncated(read_fixture):
    text = read_fixture("002_4d4bf8466975bca8.txt")
    findings = [f for f in Cleaner().check(text) if f.code == "Q101"]
    assert len(findings) == 1
    assert text[findings[0].start:findings[0].end] == "In november 2018, Russian forces seized three Ukrainian"


@pytest.mark.parametrize("name", ["000_05e63a923c49b29b.txt", "001_95c8228699a40873.txt",
                                  "003_c80f3200713fcf0d.txt", "004_41692156fb69168e.txt"])
def test_complete_seeds_are_not_truncated(read_fixture, name):
    assert "Q101" not in {f.code for f in Cleaner().check(read_fixture(name))}


@pytest.mark.parametrize("tail", [
    "Officials said the cause of the crash is being investigated. PTI",  # wire credit
    "Leaders discussed the plan on the first legislative day. #TodayInSenatePlenary",
    "Case Study: The Kerch Strait Incident (2018)",  # a heading
    "Here are some of the highlights:",
    "“We hope to see you soon,” she said.",
    "For more motorcycle news, visit our affiliate website: MotoPinas.com",  # a site's name
])
def test_not_truncated(tail):
    assert not looks_truncated(tail)


def test_truncation_is_judged_after_removals(read_fixture):
    # seed 003 ends with a newsletter blurb without a full stop; it is removed (B101),
    # and the paragraph before it ends properly.
    result = Cleaner().clean(read_fixture("003_c80f3200713fcf0d.txt"))
    assert result.annotations["quality"]["truncated"] == 0


def test_spun_phrases(read_fixture):
    text = read_fixture("002_4d4bf8466975bca8.txt")
    found = list(find_spun_phrases(text))
    assert len(found) == 3 and all(p[2].lower() == "frequently enough" for p in found)
    assert {f.code for f in Cleaner().check(text)} >= {"Q102"}


@pytest.mark.parametrize("text", [
    "Officials said the committee did not meet frequently enough to oversee the program.",
    "It happens frequently enough that nobody notices any more.",
    "They visit frequently enough, and the neighbours know them.",
    "Such storms do not happen frequently enough in practice to justify the cost of new dams.",
    "Old boilers break down frequently enough in winter that many owners replace them early.",
    "The Pixel is a versatile phone with a large battery and a good camera for the price.",
    "It was a profound learning experience for the whole team this year.",
    "They studied the neural organization of the visual cortex in mice over two years.",
])
def test_idiomatic_uses_are_not_spun(text):
    assert list(find_spun_phrases(text)) == []


def test_too_little_content_after_cleaning(read_fixture):
    page = read_fixture("report/page_techcrunch.txt")
    assert "Q103" not in {f.code for f in Cleaner().check(page)}
    stub = "Home\nWorld\nPolitics\nBusiness\n\nTo Read the Full Story\nSubscribe Sign In\nGaming used to be simple.\n"
    assert "Q103" in {f.code for f in Cleaner().check(stub)}


def test_quality_signals_are_numbers(read_fixture):
    quality = Cleaner().clean(read_fixture("report/page_linknaija.txt")).annotations["quality"]
    assert set(quality) >= {"content_words", "content_frac", "spun_phrases", "truncated", "prose_frac"}
    assert all(isinstance(v, (int, float)) for v in quality.values())
    assert 0 < quality["content_frac"] < 0.5  # most of the page was furniture


def test_finalize_describes_lines_as_describe_line_does():
    """finalize's lean `_shape` and `_last_kept` give what `describe_line` and
    `iter_paragraphs` give, on every fixture page and on awkward line endings."""
    import re

    from cleaner.document import iter_paragraphs
    from cleaner.report.lines import describe_line
    from cleaner.report.quality import _last_kept, _shape, _Spans
    from tests.conftest import FIXTURES

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    texts += ["a\r\n\r\nb c\r\n", "  \n\t\n", "", "東京は日本の首都です。ひらがなとカタカナ。\nONE TWO THREE",
              "x\n" * 5 + "y", "the long line " * 200 + "ends here.\nAnother One"]  # > 2000 chars: not cached
    assert len(texts) > 20
    for text in texts:
        shapes = [_shape(line) for line in text.split("\n") if line.strip()]
        lines = [describe_line(i, p, False) for i, p in enumerate(iter_paragraphs(text))]
        assert [(s[1], s[2]) for s in shapes] == [(line.words, line.is_prose) for line in lines]
        assert sum(s[0] for s in shapes) == len(re.findall(r"\w+", text))
        paragraphs = list(iter_paragraphs(text))
        for removed in ([], [(p.start, p.end) for p in paragraphs[-2:]], [(p.start, p.end) for p in paragraphs[::2]]):
            covered = _Spans(removed)
            kept = [p for p in paragraphs if not covered.covers(p.start, p.end)]
            assert _last_kept(text, covered, 3) == kept[-3:]


def test_content_frac_is_a_share_of_the_original_even_when_fixes_insert():
    text = "The talks resumed on Monday,officials said,and the envoys met,as planned,in the capital.\n"
    result = Cleaner().clean(text)
    assert len(result.text.strip()) > len(text.strip())  # the W101 fixes inserted spaces
    assert result.annotations["quality"]["content_frac"] == 1.0


def test_chinese_text_is_not_counted_as_a_handful_of_words():
    # No spaces between words: a 140-character report is about 70 words, not 5 runs.
    text = ("据新华社报道，国家统计局周一发布的数据显示，今年前三季度国内生产总值同比增长百分之五点二，"
            "其中第三季度增长百分之四点九。专家表示，消费和投资的回升是主要原因，但外部环境仍然复杂严峻，"
            "需要进一步加大政策支持力度。分析人士认为，随着一系列稳增长政策的落地见效，经济有望继续保持回升向好的态势。\n")
    assert "Q103" not in {f.code for f in Cleaner().check(text)}
    assert "Q103" in {f.code for f in Cleaner().check(text[:40] + "\n")}
