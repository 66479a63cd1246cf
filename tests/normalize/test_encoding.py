"""Family E details: where repairs point, what is left alone, configuration."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.config import NormalizeConfig
from cleaner.normalize.encoding import diff_spans, find_invisible_characters, find_mojibake, find_non_nfc
from cleaner.normalize.markup import find_html_entities, find_html_tags, find_markdown


@pytest.mark.parametrize("old, new, edits", [
    ("donâ€™t", "don’t", [(3, 6, "’")]),
    ("a b c", "a b c", []),
    ("â€œquotedâ€\x9d and more", "“quoted” and more", [(0, 3, "“"), (9, 12, "”")]),
    ("voilÃ  le travail", "voilà le travail", [(4, 7, "à ")]),
    ("x " * 3000 + "Ã©", "x " * 3000 + "é", [(6000, 6002, "é")]),  # long lines stay linear
])
def test_diff_spans(old: str, new: str, edits: list) -> None:
    assert diff_spans(old, new) == edits
    rebuilt = old
    for start, end, replacement in reversed(edits):
        rebuilt = rebuilt[:start] + replacement + rebuilt[end:]
    assert rebuilt == new


def test_mojibake_is_found_per_line_with_exact_offsets() -> None:
    text = "Clean first line – with a dash.\nThe café’s owner didnâ€™t say.\n"
    [finding] = find_mojibake(text)
    assert text[finding.start:finding.end] == "â€™" and finding.fix.replacement == "’"


def test_typographic_text_is_not_mojibake() -> None:
    assert list(find_mojibake("“Nothing about Ukraine happens without Ukraine.” — Détente, naïve, 2–3 …")) == []


def test_zero_width_space_between_thai_words_is_a_word_break() -> None:
    assert list(find_invisible_characters("ภาษา\u200bไทย")) == []
    assert [f.start for f in find_invisible_characters("word\u200bword")] == [4]


def test_vertical_tab_between_words_becomes_a_space() -> None:
    [finding] = find_invisible_characters("one\x0btwo")
    assert finding.fix.replacement == " "


def test_double_escaped_entity_decodes_in_one_fix() -> None:
    [finding] = find_html_entities("Q&amp;amp;A")
    assert (finding.start, finding.end, finding.fix.replacement) == (1, 10, "&")


@pytest.mark.parametrize("text", ["R&D;", "&bogus;", "&#0;", "AT&T", "&amp"])
def test_unknown_or_incomplete_entities_are_left(text: str) -> None:
    assert list(find_html_entities(text)) == []


@pytest.mark.parametrize("text", ["__init__", "5 * 3 ** 2", "a ** b", "# 1 seed", "![alt](http://x.y/z.png)"])
def test_markdown_lookalikes_are_left(text: str) -> None:
    assert list(find_markdown(text)) == []


def test_block_tag_between_words_leaves_a_space() -> None:
    [finding] = find_html_tags("ended.<br/>Officials")
    assert finding.fix.replacement == " "


def test_markup_is_the_format_of_markdown_files() -> None:
    text = "**Trump-Putin Meeting: Hurdles to Peace Talks**\n"
    assert [f.code for f in Cleaner(Config(select=("E",))).check(text, path="notes.md")] == []
    assert [f.code for f in Cleaner(Config(select=("E",))).check(text, path="notes.txt")] == ["E104"]


def test_quotes_are_straightened_only_when_configured() -> None:
    text = "He called it a “feel-out session”, the Kremlin’s word."
    assert [f.code for f in Cleaner(Config(select=("E",))).check(text)] == []
    config = Config(select=("E",), normalize=NormalizeConfig(straighten_quotes=True))
    result = Cleaner(config).clean(text)
    assert result.text == "He called it a \"feel-out session\", the Kremlin's word."
    assert [f.code for f in result.findings] == ["E106"] * 3


def test_decomposed_accents_are_composed_to_nfc_at_their_place() -> None:
    text = "Plain line.\nThe cafe\u0301 and the \u212bngstr\u00f6m sign.\n"
    findings = list(find_non_nfc(text))
    assert [(text[f.start:f.end], f.fix.replacement) for f in findings] == [("e\u0301", "\u00e9"), ("\u212b", "\u00c5")]
    fixed = Cleaner(Config(select=("E",))).clean(text).text
    assert fixed == "Plain line.\nThe caf\u00e9 and the \u00c5ngstr\u00f6m sign.\n"


def test_composed_and_indic_text_is_already_nfc() -> None:
    assert list(find_non_nfc("The caf\u00e9 re\u00f6pened. \u0928\u092e\u0938\u094d\u0924\u0947 \ud55c\uad6d")) == []


def _fixed(text: str) -> str:
    from cleaner.document import splice

    return splice(text, sorted((f.fix for f in find_markdown(text)), key=lambda fix: fix.start))


def test_reference_links_keep_their_words_and_lose_their_definitions() -> None:
    # html-to-markdown output: `[words][n]` in the text, `[n]: address` at the end,
    # addresses wrapped at the width onto lines of their own.
    text = ("The gray haze led to [canceled flights][4] and [closed\nschools][5] in the capital.\n\n"
            "[4]: https://example.com/news/2019/11/01/flights-cancelled-over-the-capital-as-smog-thick\n"
            "ens.html\n"
            "[5]: https://example.com/schools \"Closed\"\n")
    assert _fixed(text) == "The gray haze led to canceled flights and closed\nschools in the capital.\n\n"


def test_a_bold_link_loses_its_markers_and_its_address_in_one_pass() -> None:
    # The bold fix inside a link's fix is swallowed by it: the link's fix drops both,
    # or clean (one pass) would leave `**Amazon**` where check --fix leaves `Amazon`.
    text = ("Apple AirPods Pro for $235 are on sale now at [**Amazon**][2], and in\n"
            "[__Best Buy__ stores](https://www.bestbuy.com/site/airpods) this week.\n\n"
            "[2]: https://www.amazon.com/dp/B07ZPC9QD4\n")
    from cleaner.document import choose_fixes, splice

    expected = "Apple AirPods Pro for $235 are on sale now at Amazon, and in\nBest Buy stores this week.\n\n"
    assert splice(text, choose_fixes(f.fix for f in find_markdown(text))) == expected
    assert Cleaner(Config(select=("E",))).clean(text).text == expected


def test_reference_links_without_definitions_or_leading_a_line_are_left() -> None:
    assert list(find_markdown("See [Table 2][a] and [the note][3] below.\n")) == []  # nothing defined
    text = "* [Minister resigns over the budget][7]\n\nText cites [the report][7] here.\n\n[7]: https://x.org/r\n"
    # A line that is a link (a list of links) is left for the boilerplate rules to judge.
    assert _fixed(text) == "* [Minister resigns over the budget][7]\n\nText cites the report here.\n\n"
