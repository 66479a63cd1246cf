"""Repeats inside a document: seeds 003 and 004, short lines, near repeats."""

from __future__ import annotations

from cleaner import Cleaner, Config
from cleaner.document import Document


def d_findings(text: str, **meta):
    cleaner = Cleaner(Config(select=("D1",)))
    return [(f.code, text.count("\n", 0, f.start) + 1) for f in cleaner.check(text, **meta)]


def test_seed_003_repeated_title(seeds):
    assert ("D101", 3) in d_findings(seeds["003"])


def test_seed_004_repeated_title_and_block(seeds):
    found = d_findings(seeds["004"])
    assert ("D101", 4) in found
    assert {line for code, line in found if code == "D102"} == {11, 12, 13, 14}


def test_seed_004_fix_keeps_one_title_and_one_block(seeds):
    text = seeds["004"]
    fixed = Cleaner(Config(select=("D",))).fix(Document(text=text, id="004")).text
    title = "**Trump-Putin Meeting: Hurdles to Peace Talks in Ukraine Persist**"
    assert fixed.count(title) == 1
    block_line = text.split("\n")[6]
    assert fixed.count(block_line) == 1
    # Nothing else is removed: every other line is still there (the break before the
    # removed closing block stays, as a removed last line always leaves it).
    assert len(fixed.rstrip("\n").split("\n")) == len(text.split("\n")) - 5
    again = Cleaner(Config(select=("D",))).fix(Document(text=fixed, id="004")).text
    assert again == fixed


def test_seeds_without_repeats_are_clean(seeds):
    for name in ("000", "001"):
        assert d_findings(seeds[name]) == []


def test_table_of_contents_is_not_a_repeat(seeds):
    # 002 lists "- 2. A clash of Wills: Trump and Putin" before the heading itself.
    assert d_findings(seeds["002"]) == []


def test_title_field_is_the_title():
    text = "Markets rally on rate hopes\nStocks rose on Monday as investors bet on lower rates.\nMarkets rally on rate hopes"
    assert d_findings(text, title="Markets Rally on Rate Hopes") == [("D101", 3)]


def test_repeated_read_more_is_reported_one_word_lines_are_not():
    text = ("The council approved the plan by seven votes to two on Wednesday night.\n"
            "Read more\n"
            "Construction is expected to start in the spring and last two years.\n"
            "Read more\n"
            "Residents will be able to comment until May.\n"
            "Advertisement\n"
            "Officials will publish the designs next week on the council website.\n"
            "Advertisement")
    assert d_findings(text) == [("D103", 4)]


def test_repeated_cells_in_a_table_are_not_repeats():
    text = "Pos.\nDriver\nPoints\n1\nKyle Busch\n5040\n2\nMartin Truex Jr.\n5035\n3\nKyle Busch\n5033"
    assert d_findings(text) == []


def test_near_repeat_with_one_word_changed():
    first = "Officials said the bridge across the river would reopen next week after repairs to its deck."
    second = "Officials said the bridge across the river would reopen next week after repairs to the deck."
    text = f"{first}\nTraffic has been diverted through the town centre since the closure.\n{second}"
    assert d_findings(text) == [("D102", 3)]


def test_other_figures_are_other_facts():
    text = ("Revenue rose 5% to $10 billion in the first quarter, the company said on Tuesday.\n"
            "Revenue rose 7% to $12 billion in the first quarter, the company said on Tuesday.")
    assert d_findings(text) == []


def test_short_paragraph_repeat_is_a_repeat_not_short_line():
    text = "Breaking news from the capital tonight\nSome other line that is long enough here.\nBreaking news from the capital tonight"
    # 6 words: long enough to be a paragraph; the first line is heading-like so it is the title.
    assert d_findings(text) == [("D101", 3)]


def _plan(label: str, meals: list[str]) -> str:
    """A plan: the same short label before every meal, each meal its own text."""
    intro = "This plan spreads the day's food over small meals, as the coach recommends."
    return "\n\n".join([intro] + [f"{label}\n\n{meal}" for meal in meals])


MEALS = [
    "Two eggs on whole-grain toast with a cup of sliced strawberries on the side.",
    "A tomato and cucumber salad with feta, olive oil and a pinch of oregano.",
    "Grilled chicken with brown rice and steamed broccoli, seasoned with lemon.",
]


def test_short_label_recurring_before_every_entry_is_structure():
    assert d_findings(_plan("Then, every hour:", MEALS)) == []


def test_short_line_repeated_twice_between_paragraphs_is_still_reported():
    assert d_findings(_plan("Then, every hour:", MEALS[:2])) == [("D103", 7)]


def test_short_line_recurring_in_a_repeated_block_is_still_reported():
    # The same label and the same paragraph three times over: a block copied, not a template.
    text = _plan("Then, every hour:", [MEALS[0]] * 3)
    assert {("D103", 7), ("D103", 11)} <= set(d_findings(text))


def test_label_recurring_in_a_template_whose_rows_all_recur_is_structure():
    # Two plans of three meals: every row of the second plan also appears in the first
    # (a meal number, a shared dish), yet each stretch between two labels differs from
    # the one before it. A template, not a copied block.
    dishes = [MEALS[0], MEALS[1], MEALS[2], MEALS[1], MEALS[0], MEALS[2]]
    lines = []
    for n, dish in enumerate(dishes):
        lines += [f"Meal number {n % 3 + 1} of the day", "Then, every hour:", dish]
    found = d_findings("\n".join(lines))
    assert not [line for code, line in found if code == "D103" and lines[line - 1] == "Then, every hour:"]


def test_guessed_title_recurring_over_every_table_is_a_header_row():
    rows = ["1 Kyle Busch 5040 points after the race", "2 Martin Truex 5035 points after the race",
            "3 Denny Hamlin 5033 points after the race"]
    header = "Pos Player Plays Stats Points"
    text = "\n".join(f"{header}\n{row}" for row in rows)
    assert d_findings(text) == []
    # Named as the record's title, it is a title printed again, however often.
    assert [code for code, _ in d_findings(text, title=header)] == ["D101", "D101"]


def test_near_repeat_naming_other_places_and_days_is_another_fact():
    tail = "to discuss a new round of talks on the exchange of prisoners and the return of children to their families."
    first = f"Delegations from both countries met in Kyiv on Tuesday {tail}"
    second = f"Delegations from both countries met in Moscow on Friday {tail}"
    text = f"{first}\nThe meetings were closed to the press, officials said.\n{second}"
    assert d_findings(text) == []


def test_near_repeat_with_a_name_only_added_or_recased_is_still_a_repeat():
    first = "Delegations from both countries met in the capital on Tuesday to discuss a new round of talks."
    added = "Delegations from both countries met in the capital on Tuesday (AP) to discuss a new round of talks."
    recased = "Delegations from both countries met in the capital on tuesday to discuss a new round of talks today."
    for second in (added, recased):
        text = f"{first}\nThe meetings were closed to the press, officials said.\n{second}"
        assert d_findings(text) == [("D102", 3)], second


def _wrapped_story(paragraphs: list[str]) -> str:
    import textwrap

    return "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)


_STORY = [
    "Officials in the northern province said on Tuesday that the floods had forced more than two thousand "
    "families from their homes, and that the rain was expected to continue for the rest of the week.",
    "Rescue teams reached the worst-hit villages by boat, where many residents had spent the night on the "
    "roofs of their houses waiting for help to arrive from the regional capital.",
    "The regional government has asked for emergency funds from the national budget, saying that its own "
    "reserves would not cover the cost of rebuilding the roads and bridges that were washed away.",
]


def test_wrapped_paragraphs_sharing_their_first_line_are_not_repeats():
    # Hard-wrapped text: a caption and a paragraph of the story open with the same
    # words up to the wrap. Removing the paragraph's first line would leave half a sentence.
    opening = "Officials in the northern province said on Tuesday that the floods had forced more"
    caption = opening + " than two thousand families from their homes [File: Reuters]"
    text = _wrapped_story([caption] + _STORY)
    assert text.split("\n")[0] == text.split("\n\n")[1].split("\n")[0]  # the same first line
    assert d_findings(text) == []


def test_wrapped_paragraph_repeated_whole_is_removed_whole():
    text = _wrapped_story(_STORY + [_STORY[1]])
    repeat = text.split("\n\n")[-1]
    first_line = text.count("\n", 0, text.rindex(repeat)) + 1
    found = d_findings(text)
    assert found == [("D102", first_line + k) for k in range(repeat.count("\n") + 1)]
    fixed = Cleaner(Config(select=("D",))).fix(Document(text=text, id="w")).text
    assert fixed.rstrip() == _wrapped_story(_STORY)


def test_two_rules_removing_the_closing_line_make_the_same_fix():
    # A dateline printed again as the last line: a repeat (D) and a dateline (B) both
    # remove it, with one span, so fixing needs no second pass.
    from cleaner.api import _has_conflicting_fixes

    story = ("Published 10:02 AM EST Nov 19, 2019\n"
             "The city council approved the new budget on Tuesday after a long debate about transport.\n"
             "The plan adds three bus lines and repairs two bridges, the mayor said in a statement.\n"
             "Published 10:02 AM EST Nov 19, 2019")
    result = Cleaner().clean(story, id="s")
    spans = {(f.fix.start, f.fix.end) for f in result.findings
             if f.fix and f.fix.safe and f.start >= story.rindex("Published")}
    assert len(spans) == 1 and not _has_conflicting_fixes(result)
    assert not result.text.rstrip().endswith("2019")


REVIEWS = [
    "Stadia is an attempt to make cloud gaming happen, and the company has promised a lot to its players.",
    "It is not a console but a platform for streaming games from the cloud to a TV or a phone.",
    "The launch feels like an early-access beta, with a litany of missing features on the computer.",
    "The streaming quality seems to be mostly excellent on a fast connection at home, the tests show.",
]


def _round_up(sources: list[str]) -> str:
    """A round-up of reviews: each quoted paragraph with its source in brackets under it."""
    return "\n\n".join(f"{review}\n\n{source}" for review, source in zip(REVIEWS, sources)) + "\n"


def test_a_source_named_twice_among_several_attributions_is_no_repeat():
    text = _round_up(["[ The Verge ]", "[ Tom's Guide ]", "[ PC World ]", "[ Tom's Guide ]"])
    assert d_findings(text) == []
    dashed = _round_up(["— The Verge", "— Tom's Guide", "— PC World", "— Tom's Guide"])
    assert d_findings(dashed) == []


def test_a_bracketed_line_repeated_without_other_attributions_is_still_reported():
    # "[ Read more ]" twice, nothing else of its shape: furniture left in the text.
    text = _round_up(["[ Read more here ]", "Staff report", "Staff photo by", "[ Read more here ]"])
    assert ("D103", 15) in d_findings(text)


# A round-up of deals (after ZDNet's "best tech gadgets of 2019", dev split of the
# article-extraction benchmark): the first "See it now" line stands in a run of short
# lines only while the photo credit above the product name is there.
_DEALS = ("Some of 2019's best tech gadgets\n\n"
          "As the year comes to an end, it's time to sit back and reflect on the gadgets that stood out this year.\n\n"
          "Disclosure: ZDNet may earn a commission from some of the products featured on this page.\n\n"
          "Jason Cipriani/ZDNet\n\n"
          "Apple AirPods Pro for $235\n\n"
          "See it now: Amazon\n\n"
          "Since the AirPods first launched in 2016, users and critics alike have been asking for noise cancellation.\n\n"
          "Amazon Echo Dot with clock for $45\n\n"
          "See it now: Amazon\n\n"
          "One of my top requests to Amazon's Alexa is to ask for the current time, and the new Echo Dot shows it.\n")


def test_a_repeat_revealed_by_a_removal_is_found_in_the_first_pass():
    result = Cleaner().clean(_DEALS)  # one pass, as `cleaner clean` makes it
    found = [(f.code, _DEALS.count("\n", 0, f.start) + 1, f.data["first_line"], f.message)
             for f in result.findings if f.code.startswith("D1")]
    # Named by the lines of the text as given, not of the text with the credit removed.
    assert found == [("D103", 17, 11, "repeated line: same as line 11")]
    assert result.text.count("See it now: Amazon") == 1
    assert Cleaner().clean(result.text).text == result.text


def test_a_removal_that_is_not_selected_reveals_nothing():
    # With the credit rule ignored the credit stays, and so does the short run it makes.
    cleaner = Cleaner(Config(ignore=("B110",)))
    result = cleaner.clean(_DEALS)
    assert [f.code for f in result.findings if f.code.startswith("D1")] == []
    assert Cleaner(Config(ignore=("B110",))).fix(_DEALS).text == result.text
