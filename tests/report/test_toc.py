"""T101: tables of contents that repeat the headings below."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.report.toc import find_tocs


def test_seed_002_toc_covers_lines_1_to_14(read_fixture):
    text = read_fixture("002_4d4bf8466975bca8.txt")
    (block,) = find_tocs(text)
    assert [line.lineno for line in block.lines] == list(range(1, 15))
    assert block.matched >= 8


def test_fix_leaves_002_starting_with_the_dateline(read_fixture):
    from cleaner.api import make_document

    text = read_fixture("002_4d4bf8466975bca8.txt")
    fixed = Cleaner().fix(make_document(text)).text
    assert fixed.startswith("Washington D.C. –")


def test_numbered_list_of_the_story_is_not_a_toc(read_fixture):
    assert find_tocs(read_fixture("003_c80f3200713fcf0d.txt")) == ()


def test_page_menu_repeated_in_the_footer_is_not_a_toc(read_fixture):
    # nytimes.com-style page: the same section menu in the header and the footer,
    # its entries are not headings followed by paragraphs.
    menu = "\n".join(["news", "home page", "world", "U.S.", "politics", "New York", "business", "tech"])
    story = ("Americans have gone to the polls four times this month to vote in major, statewide races, "
             "and the results have not been kind to the president.")
    text = f"{menu}\n\n{story}\n{story}\n\nSite Index\n{menu}\n"
    assert find_tocs(text) == ()


def test_contents_header_with_german_entries():
    text = ("Inhalt\n1. Status Quo\n2. Analoge Prozesse\n3. Technische Standards\n"
            "Status Quo\nDie Digitalisierung im Gesundheitswesen kommt in Deutschland nur langsam voran, "
            "sagen Experten seit Jahren.\n"
            "Analoge Prozesse\nNoch immer werden Befunde per Fax verschickt und von Hand abgetippt, oft mehrfach.\n"
            "Technische Standards\nFür den Austausch von Daten fehlen einheitliche Schnittstellen und Formate.\n")
    (block,) = find_tocs(text)
    assert block.lines[0].text == "Inhalt" and block.entries == 3


def test_toc_finding_is_one_safe_removal(read_fixture):
    text = read_fixture("002_4d4bf8466975bca8.txt")
    (finding,) = [f for f in Cleaner().check(text) if f.code == "T101"]
    assert finding.fix.safe and finding.fix.start == 0
    assert text[finding.fix.end:].startswith("Washington D.C.")
    assert "repeat headings below" in finding.message


def test_contents_list_over_markdown_headings():
    body = "The negotiators met again this week to discuss the corridor and the insurance of the {}."
    text = ("Table of Contents\n- Background\n- The talks\n- What next\n" + body.format("ships") + "\n"
            + "".join(f"## {h}\n{body.format(h.lower())}\n" for h in ("Background", "The talks", "What next")))
    (block,) = find_tocs(text)
    assert block.entries == 3 and block.matched == 3
