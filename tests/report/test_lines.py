"""Line shapes: the language-independent facts the report rules share."""

from __future__ import annotations

import pytest

from cleaner.document import Paragraph
from cleaner.report.lines import describe_line, strip_bullet


def shape(text: str):
    return describe_line(0, Paragraph(1, 0, len(text), text), False)


def test_article_paragraph_is_prose():
    # seed 001, line 13
    line = shape("As the world watches, the Alaska summit could serve as a critical moment in U.S.-Russia "
                 "relations, with lasting implications for the war in Ukraine and regional stability.")
    assert line.is_prose and line.ends_sentence


def test_menu_item_is_not_prose():
    line = shape("Real Estate")  # ctpost.com menu
    assert line.is_menu_like and not line.is_prose


def test_heading_is_neither_prose_nor_menu():
    line = shape("The evolving Landscape of US-Russia Relations")  # seed 002, line 30
    assert not line.is_prose and not line.is_menu_like


def test_korean_prose_counts_words_by_spaces():
    line = shape("그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으로 이어졌다.")
    assert line.words >= 10 and line.ends_sentence


def test_chinese_length_is_estimated_from_characters():
    line = shape("新华社北京11月20日电国务院总理今天主持召开国务院常务会议部署进一步做好稳就业工作。")
    assert line.words >= 10


def test_table_row_is_a_list_item():
    line = shape("3 Kevin Harvick 5033 4 6 15 26")  # autoracing.com.br standings
    assert line.is_list_item


def test_teaser_ends_with_an_ellipsis():
    line = shape("UN 'regrets' new US position on legality of Israeli settlements UNITED NATIONS: United Nations "
                 "Secretary General Antonio Guterres no longer believes the Israeli settlements are...")
    assert line.is_teaser
    assert not shape("The bottom line ...").is_teaser


def test_strip_bullet():
    assert strip_bullet("- 1. Trump Navigates Complex Terrain") == "Trump Navigates Complex Terrain"
    assert strip_bullet("• For the U.S.: Conceding too much") == "For the U.S.: Conceding too much"
    assert strip_bullet("2020 Democrats urge Comcast probe") == "2020 Democrats urge Comcast probe"


def test_hard_wrapped_text_is_read_by_paragraph(read_fixture):
    import textwrap

    from cleaner.document import iter_paragraphs
    from cleaner.report.lines import describe_text
    from cleaner.wrapping import is_hard_wrapped

    text = read_fixture("001_95c8228699a40873.txt")
    assert not is_hard_wrapped(list(iter_paragraphs(text)))
    wrapped = "\n\n".join(textwrap.fill(p, 78) for p in text.split("\n") if p.strip()) + "\n"
    assert is_hard_wrapped(list(iter_paragraphs(wrapped)))
    lines = describe_text(wrapped)
    assert len(lines) == 7 and all(line.is_prose for line in lines)


def test_wrapped_article_loses_nothing(read_fixture):
    import textwrap

    from cleaner import Cleaner

    text = read_fixture("report/article_comwrap_de.txt")
    wrapped = "\n\n".join(textwrap.fill(p, 78) for p in text.split("\n") if p.strip()) + "\n"
    removed = [f for f in Cleaner().check(wrapped) if f.code.startswith("B")]
    assert sum(len(wrapped[f.start:f.end].split()) for f in removed) <= 0.01 * len(wrapped.split())


def test_page_caches_hold_a_batch():
    # Stages run one after the other over a batch: toc and boilerplate share the
    # lines and the TOCs of a page only if the caches hold the whole batch.
    from cleaner.parallel import BATCH_DOCS
    from cleaner.report.lines import describe_text
    from cleaner.report.toc import find_tocs

    assert describe_text.cache_info().maxsize >= BATCH_DOCS
    assert find_tocs.cache_info().maxsize >= BATCH_DOCS


def test_ascii_counts_match_the_word_regex():
    # The byte-class fast path must count exactly what `\w+` finds.
    from cleaner.report.lines import _count_ascii, _count_unicode

    for text in ["Hello world_x 12ab", "a", "_x __ 9", "U.S. don't-stop (AP) 4:15 p.m.", "  ", "x" * 500 + " 1" * 300,
                 "ALL CAPS here", "tab\tsep"]:
        assert _count_ascii(text) == _count_unicode(text)


def _words_kept(text: str):
    import collections
    import re

    from cleaner import Cleaner

    return collections.Counter(re.findall(r"\w+", Cleaner().clean(text).text))


@pytest.mark.parametrize("name", ["page_bbc_newsbeat.txt", "page_kabarislamia.txt", "page_linknaija.txt",
                                  "page_macrumors.txt", "page_nbcnews_omar.txt", "page_techcrunch.txt",
                                  "page_wday_ru.txt"])
def test_a_page_dumped_by_a_text_browser_keeps_its_article(read_fixture, name):
    # lynx/w3m/html2text wrap a whole page at ~76 columns: the article's wrapped lines
    # sit among hundreds of short menu lines, and must still be read as paragraphs.
    import textwrap

    page = read_fixture(f"report/{name}")
    wrapped = "\n".join(textwrap.fill(line, 76) if line.strip() else line for line in page.split("\n"))
    plain, dumped = _words_kept(page), _words_kept(wrapped)
    assert sum((plain & dumped).values()) >= 0.9 * sum(plain.values())
    assert sum((dumped - plain).values()) <= 0.05 * sum(dumped.values())


def test_wrapped_text_of_a_script_without_case_is_recognised(read_fixture):
    # Korean has no lower case to show that a sentence goes on at the next line.
    import textwrap

    from cleaner.document import iter_paragraphs
    from cleaner.wrapping import is_hard_wrapped

    text = read_fixture("report/article_entermedia_ko.txt")
    assert not is_hard_wrapped(list(iter_paragraphs(text)))
    wrapped = "\n\n".join(textwrap.fill(p, 60) for p in text.split("\n") if p.strip())
    assert is_hard_wrapped(list(iter_paragraphs(wrapped)))


def test_a_line_under_a_wrapped_paragraph_is_not_joined_to_it():
    # The paragraph's last line stops well short of the width: what follows is not its continuation.
    import textwrap

    from cleaner.document import iter_paragraphs
    from cleaner.wrapping import unwrap

    sentence = ("The council approved the plan on Monday after a long debate about the cost of "
                "the new bridge and the roads that lead to it from the north side of the town, "
                "which the opposition called far too expensive.")
    paragraph = textwrap.fill(sentence, 72)
    assert 40 <= len(paragraph.split("\n")[-1]) <= 60
    text = "\n\n".join([paragraph] * 3) + "\nshare this story with friends on Facebook\n"
    paragraphs = unwrap(list(iter_paragraphs(text)), text)
    assert [p.text.split()[0] for p in paragraphs] == ["The", "The", "The", "share"]


def test_a_short_wrapped_text_under_a_longer_title_is_read_by_paragraph():
    # The wrap width is read off the lines that wrap: a title or menu bar longer than
    # the width, in a short text, made the paragraphs' lines look short of it, and
    # each fragment was judged (and compared across pages) as a line of its own.
    import textwrap

    from cleaner.report.lines import describe_text

    title = "HomeLatest NewsSports A Veteran Actress Is Looking Stunning In Her New Photos Today"
    paragraphs = [
        "Photos which were released online and are making the rounds on social media show the actress "
        "looking absolutely stunning in new make-up photos.",
        "The veteran actress, who in 2008 won the award for best actress in a leading role, has taken "
        "to her page to share some stunning photos of herself with her fans.",
        "She flaunted a hand bag which had the colours of the national flag at an event hosted by a "
        "media mogul in the city.",
    ]
    text = title + "\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n"
    assert len(title) > 72
    lines = describe_text(text)
    assert [line.text for line in lines] == [title] + [
        " ".join(textwrap.fill(p, 72).split("\n")) for p in paragraphs]


def test_a_wrapped_quotation_is_read_as_one_paragraph():
    # An embedded post quoted in Markdown and wrapped: each line opens with "> ".
    # Its lines are one paragraph (not fragments taken for menu lines); the
    # attribution under it, and a quoted line that starts a block, stay apart.
    import textwrap

    from cleaner.report.lines import describe_text

    prose = ("Senator representing the northern district on Tuesday moved a motion for the adjournment of the "
             "first plenary session of the Senate since its resumption, over the deaths of two former members.")
    quote = ("Senate Leader raises a motion on the deaths of the former Speaker of the House of Representatives "
             "and moves that all legislative activities be suspended until the next legislative day.")
    text = (textwrap.fill(prose, 80) + "\n\n" + textwrap.fill(quote, 78, initial_indent="> ",
                                                               subsequent_indent="> ")
            + "\n> \n> — The Senate (@Senate) October 9, 2018\n> - a list item\n")
    lines = [line.text for line in describe_text(text)]
    assert lines[0] == prose
    assert lines[1].startswith("> Senate Leader") and lines[1].endswith("legislative day.")
    assert lines[2:] == [">", "> — The Senate (@Senate) October 9, 2018", "> - a list item"]


@pytest.mark.parametrize("name", ["page_bbc_newsbeat.txt", "page_macrumors.txt", "page_techcrunch.txt"])
def test_the_lines_between_blank_lines_unwrap_on_their_own(read_fixture, name):
    # The within-document stage unwraps only the runs of lines that hold a repeat.
    import textwrap

    from cleaner.document import iter_paragraphs
    from cleaner.wrapping import unwrap, unwrap_at, wrap_width

    page = read_fixture(f"report/{name}")
    text = "\n".join(textwrap.fill(line, 76) if line.strip() else line for line in page.split("\n"))
    lines = list(iter_paragraphs(text))
    width = wrap_width(lines)
    assert width is not None
    runs, run = [], [lines[0]]
    for line in lines[1:]:
        if line.lineno != run[-1].lineno + 1:
            runs.append(run)
            run = []
        run.append(line)
    runs.append(run)
    assert len(runs) > 5
    assert [p for run in runs for p in unwrap_at(run, text, width)] == unwrap(lines, text)


@pytest.mark.parametrize("wrap", [None, 40, 76])
def test_unwrapped_is_unwrap_when_wrapped_and_none_otherwise(wrap, fixtures_dir):
    """`unwrapped` (each line's continuation judged once) answers as `is_hard_wrapped`
    followed by `unwrap`, on the fixtures' pages as they are and wrapped."""
    import textwrap

    from cleaner.document import iter_paragraphs
    from cleaner.wrapping import is_hard_wrapped, unwrap, unwrapped

    answers = []
    for path in sorted((fixtures_dir / "report").glob("*.txt")):
        page = path.read_text(encoding="utf-8")
        if wrap:
            page = "\n".join(textwrap.fill(line, wrap) if line.strip() else line for line in page.split("\n"))
        lines = list(iter_paragraphs(page))
        want = unwrap(lines, page) if is_hard_wrapped(lines) else None
        assert unwrapped(lines, page) == want
        answers.append(want is not None)
    assert any(answers) if wrap else not all(answers)
