"""B on whole pages and on clean articles (fixtures/report: real benchmark pages)."""

from __future__ import annotations

import re

import pytest

from cleaner import Cleaner
from cleaner.config import BoilerplateConfig, Config
from cleaner.report.boilerplate_layout import analyse


def removed_lines(text: str, config: Config | None = None) -> dict[int, str]:
    """Line number -> code of every B finding (checked alone)."""
    index = _line_starts(text)
    out = {}
    for f in Cleaner(config).check(text):
        if f.code.startswith("B"):
            out[_lineno(index, f.start)] = f.code
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _lineno(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


def test_page_keeps_the_article_and_drops_the_furniture(read_fixture):
    text = read_fixture("report/page_linknaija.txt")
    gone = removed_lines(text)
    lines = text.split("\n")
    for n in (24, 26, 27):  # the article's paragraphs
        assert n not in gone, lines[n - 1]
    assert 21 not in gone  # the headline above the article
    assert gone[3] == "B108"  # "Home" menu
    assert gone[32] == "B103"  # "Facebook"
    assert gone[36] == "B104"  # "You may like these posts"
    assert gone[40] == "B111"  # "0 Comments"
    assert gone[95] == "B105"  # "Privacy & Policy"
    assert gone[46] in ("B104", "B112")  # a popular post's title in the sidebar


def test_comment_section_does_not_outweigh_a_short_story(read_fixture):
    text = read_fixture("report/page_macrumors.txt")
    layout = analyse(text)
    first, last = (layout.lines[i].text for i in layout.block)
    assert first.startswith("Following the 16-inch MacBook Pro")
    assert last.startswith("The entry-level 13-inch MacBook Pro")


def test_embedded_newsletter_box_does_not_split_the_article(read_fixture):
    text = read_fixture("report/page_nbcnews_omar.txt")
    gone = removed_lines(text)
    lines = text.split("\n")
    kept = [lines[n - 1] for n in range(1, len(lines) + 1) if n not in gone and lines[n - 1].strip()]
    assert any(k.startswith("He was arrested in April") for k in kept)
    assert any(k.startswith("A New York man pleaded guilty") for k in kept)
    assert not any(k.startswith("Let our news meet your inbox") for k in kept)
    assert not any("recaptcha" in k for k in kept)


def test_non_english_page_keeps_its_article(read_fixture):
    text = read_fixture("report/page_kabarislamia.txt")  # Indonesian
    gone = removed_lines(text)
    lines = text.split("\n")
    for n in (199, 200, 202, 206, 214, 219, 222):
        assert n not in gone, lines[n - 1]
    assert gone[5] == "B108"  # "Beranda" (Home)
    assert gone[228] == "B103"  # "Share this:"


def test_russian_page_menus_go(read_fixture):
    text = read_fixture("report/page_wday_ru.txt")
    gone = removed_lines(text)
    lines = text.split("\n")
    assert gone[3] == "B108"  # "Новости"
    assert 87 not in gone and 89 not in gone, lines[86]


@pytest.mark.parametrize("name", ["report/article_ign_deals.txt", "report/article_jam_recipe.txt",
                                  "report/article_sfgate_live.txt", "report/article_comwrap_de.txt",
                                  "report/article_entermedia_ko.txt", "001_95c8228699a40873.txt",
                                  "004_41692156fb69168e.txt"])
def test_clean_articles_lose_at_most_a_credit_line(read_fixture, name):
    text = read_fixture(name)
    gone = removed_lines(text)
    lines = text.split("\n")
    lost_words = sum(len(lines[n - 1].split()) for n in gone)
    assert lost_words <= 0.01 * len(text.split()) + 3, {n: lines[n - 1] for n in gone}


def test_sensitivity_zero_removes_less(read_fixture):
    text = read_fixture("report/page_techcrunch.txt")
    low = removed_lines(text, Config(boilerplate=BoilerplateConfig(sensitivity=0.0)))
    high = removed_lines(text, Config(boilerplate=BoilerplateConfig(sensitivity=1.0)))
    assert len(low) <= len(high)


def test_repeated_line_across_pages_of_one_site():
    cleaner = Cleaner()
    stories = ["Officials approved the new road plan on Monday after a long public hearing.",
               "The school board voted to delay the start of classes by one week.",
               "Police arrested two men on Tuesday after a chase on the highway."]
    found = []
    for n, story in enumerate(stories):
        found = cleaner.check(f"{story}\nHearst Connecticut Media Group\n", url=f"https://www.ctpost.com/a{n}")
    repeated = [f for f in found if f.code.startswith("B")]
    assert [f.code for f in repeated] == ["B113"]
    assert "2 other pages of ctpost.com" in repeated[0].message
    other_site = cleaner.check(f"{stories[0]}\nHearst Connecticut Media Group\n", url="https://example.org/x")
    assert "B113" not in {f.code for f in other_site}


def test_copies_of_one_article_do_not_make_its_short_lines_furniture():
    # The same article scraped three times (URL variants): its own short lines
    # ("Pre-workout meal", a one-line caption) recur, but only on copies of it.
    cleaner = Cleaner()
    article = ("Pre-workout meal\n"
               "Eat 60 to 90 minutes before your workout, and keep the portion small enough to train well.\n"
               "Two eggs with asparagus\n"
               "Post-workout meal\n"
               "Eat within two hours after the workout so that the muscles can recover before the next session.\n")
    results = [cleaner.clean(article, url=f"https://www.example.com/plan?utm={n}") for n in range(3)]
    assert [r.text for r in results] == [article] * 3


def test_copies_in_other_markup_are_copies_too():
    # The same article from several extractors: its paragraphs with Markdown links or
    # curly quotes. Copies all the same, so their short lines are not the site's.
    plain = ("Pre-workout meal\n"
             "Eat 60 to 90 minutes before your workout, and keep the portion small enough to train well.\n"
             "Two eggs with asparagus\n"
             "Serves two\n"
             "Eat within two hours after the workout so that the muscle's can recover before the session.\n"
             "Drink water through the day, and add a pinch of salt when it's hot, the coach's guide says.\n")
    markdown = (plain.replace("your workout", "your [workout][3]").replace("muscle's", "muscle’s")
                .replace("it's hot", "it’s hot"))
    quoted = markdown.replace("[workout][3]", "“workout”").replace("coach's", "coach’s")
    cleaner = Cleaner()
    results = [cleaner.clean(text, url=f"https://www.example.com/plan?v={n}")
               for n, text in enumerate([plain, markdown, quoted, plain])]
    assert not [f for r in results for f in r.findings if f.code == "B113"]


def test_a_one_line_text_given_three_times_keeps_its_line():
    cleaner = Cleaner()
    text = "The talks resumed in Istanbul on Tuesday, officials said.\n"
    assert [cleaner.clean(text).text for _ in range(3)] == [text] * 3


def test_repeated_heading_followed_by_prose_is_exempt():
    cleaner = Cleaner()
    found = []
    for n in range(4):
        found = cleaner.check("Ingredients\nTwo pears, a spoon of honey and a pinch of cinnamon are all you need "
                              f"for batch number {n}, the blog said.\n", source="recipes")
    assert "B113" not in {f.code for f in found}


def test_repeated_line_signal_can_be_disabled():
    cleaner = Cleaner(Config(boilerplate=BoilerplateConfig(repeated_line_min_docs=None)))
    found = []
    for n in range(4):
        found = cleaner.check(f"Story number {n} is about the weather in the region this week.\nStaff report\n")
    assert "B113" not in {f.code for f in found}


ARTICLE = ("The city council approved the new budget on Tuesday after a long debate about transport spending.\n\n"
           "The plan adds three bus lines and repairs two bridges, the mayor said in a statement on Wednesday.\n\n"
           "Opponents said the plan does too little for cyclists and promised to raise the issue again next year.\n\n")


@pytest.mark.parametrize("heading,after,is_box", [
    ("About Jane Doe", "Jane Doe is a reporter who has covered city hall for ten years and lives in the city.", True),
    ("Sobre Carlos Nadalim", "Pai de dois filhos, Carlos Nadalim é também coordenador pedagógico numa escola.", True),
    ("About Acme Corp", "Acme Corp is a global provider of transport software with offices in 15 countries.", True),
    # not a box: a menu item, or a paragraph that does not name the heading's name
    ("About Us", "Us and them: the council split along party lines over the plan for the new bus routes.", False),
    ("About Jane Doe", "The plan adds three bus lines and repairs two bridges, officials said on Wednesday.", False),
    ("About the plan", "The plan adds three bus lines and repairs two bridges, officials said on Wednesday.", False),
])
def test_an_about_box_goes_when_its_paragraph_names_its_subject(heading, after, is_box):
    gone = removed_lines(ARTICLE + heading + "\n\n" + after + "\n")
    assert not any(n in gone for n in (1, 3, 5))
    if is_box:
        assert gone.get(7) == "B102" and gone.get(9) == "B102"
    else:
        assert 9 not in gone


HEADLINES = ("Watch live: Sondland testifies about Ukraine at pivotal impeachment hearing\n"
             "Key moments from the second day of public testimony in the inquiry\n"
             "White House aides testify about the July call at the hearing\n")


@pytest.mark.parametrize("closing,is_box", [
    ("More in Trump Impeachment Inquiry", True),
    ("See all", True),
    # not a box: no closing link, or a link under the story's own last paragraph
    ("", False),
])
def test_headlines_above_a_more_in_link_go(closing, is_box):
    text = ARTICLE + HEADLINES + closing + "\n" + ARTICLE
    gone = removed_lines(text)
    assert not any(n in gone for n in (1, 3, 5, 11, 13, 15))
    if is_box:
        assert all(gone.get(n) == "B104" for n in (7, 8, 9)), gone
        assert 10 in gone  # the link itself
    else:
        assert not any(n in gone for n in (7, 8, 9))


def test_a_more_in_link_under_a_paragraph_takes_nothing_above():
    text = ARTICLE + "More in Politics\n" + ARTICLE
    gone = removed_lines(text)
    assert gone.get(7) == "B104"
    assert not any(n in gone for n in (1, 3, 5, 8, 10, 12))


def test_a_short_label_between_two_furniture_lines_inside_the_article_goes():
    text = (ARTICLE + "Image copyright @BigMachine\nReport\nImage copyright @ewarren\n\n" + ARTICLE)
    gone = removed_lines(text)
    assert gone.get(7) and gone.get(8) == gone.get(7) and gone.get(9)
    assert not any(n in gone for n in (1, 3, 5, 11, 13, 15))
    # the same word between two paragraphs is the story's
    kept = removed_lines(ARTICLE + "Report\n\n" + ARTICLE)
    assert 7 not in kept


MENU = "Home\nNews\nSports\nStandings\nVideo\nContact us\nPrivacy Policy\nFollow us on Twitter\n"
STANDINGS = "".join(f"{n} Driver Number{n} {5000 - 37 * n} {n % 4} {n % 3} {20 - n // 2} {30 - n // 2}\n"
                    for n in range(1, 21))


def test_a_page_whose_article_is_a_long_table_keeps_the_table():
    promo = ("Our columnist looks back at the season in his weekly column, with the TV times and the track guide "
             "for this weekend's grand prix, the statistics and the tyres that will be used.\n")
    text = (MENU + "Final standings of the 2019 season after 36 races:\nPos. Driver Points Wins Poles Top 5 Top 10\n"
            + STANDINGS + "Share this on WhatsApp\n" + promo + "Copyright © 2019 Example. All rights reserved.\n")
    gone = removed_lines(text)
    rows = range(11, 31)  # the table's lines
    assert not any(n in gone for n in rows), [n for n in rows if n in gone]
    assert 9 not in gone and 10 not in gone  # its heading and column names
    assert 32 in gone  # the teaser of a column under the page
    assert 1 in gone  # the menu


def test_a_numbered_list_of_headlines_is_no_table():
    headlines = "".join(f"{n} Minister says talks on the budget will go on until Friday, part {n}\n\n"
                        for n in range(1, 13))
    text = MENU + ARTICLE + "Most read\n" + headlines
    layout = analyse(text)
    first, last = (layout.lines[i].text for i in layout.block)
    assert first.startswith("The city council") and last.startswith("Opponents said")


@pytest.mark.parametrize("row,numeric", [
    ("1 Kyle Busch 5040 5 1 17 27", True),
    ("23 Ricky Stenhouse Jr. 679 0 0 1 3", True),
    ("Sensex 40,469.78 +185.51 0.46%", True),
    ("1. Minister says talks on the budget will go on until Friday", False),
    ("The 3 ministers met 2 times in 2019 to discuss the plan for the next years", False),
])
def test_numeric_table_rows(row, numeric):
    from cleaner.report.boilerplate_layout import _is_numeric_row

    assert _is_numeric_row(row) is numeric


CARDS = [("REINDEER GAMES", "Why Don't You Go Fight For The Reindeer?", "delacortereview.org Long Reads",
          "Herders have moved their reindeer across the north for generations, and then the miners arrived in the valley."),
         ("LOVE IS LOVE", "What Being Asexual Tells Us About Sex And Romance", "aeon.co Sex",
          "What is it like to feel love and share physical intimacy yet feel no attraction to the person you are with?"),
         ("'A NATIONAL TRAGEDY'", "Watching This Koala Get Rescued From A Bushfire Is Heart-Wrenching", "Animals Nature",
          "Dozens of bushfires are spreading across the country, burning across more than two million acres of land."),
         ("RUNNING LONG", "Why Movies Went From 15 Minutes To Two Hours Long", "Explainer Histories",
          "Films grew longer over the first decades of cinema as audiences, theatres and studios changed their habits.")]


def test_story_cards_under_an_article_go_however_well_their_blurbs_read():
    more = (" It was the first time in years that the whole family had come together for the season, and they "
            "said it would not be the last, whatever the weather and the prices.")  # blurbs as long as paragraphs
    cards = "".join(f"{kicker}\n{title}\n{source}\n{blurb}{more}\n" for kicker, title, source, blurb in CARDS)
    text = MENU + ARTICLE + "Subscribe\n" + cards + "© 2019 Example Media. All rights reserved.\n"
    gone = removed_lines(text)
    lines = text.split("\n")
    kept = [lines[n - 1] for n in range(1, len(lines) + 1) if n not in gone and lines[n - 1].strip()]
    assert kept == [line for line in ARTICLE.split("\n") if line], kept


def test_capitalised_section_headings_of_an_article_are_no_cards():
    paragraphs = ARTICLE.split("\n\n")[:3]
    text = MENU + "".join(f"PART {word}\n{para}\n\n" for word, para in zip(("ONE", "TWO", "THREE"), paragraphs))
    gone = removed_lines(text)
    lines = text.split("\n")
    assert not any(lines[n - 1] in paragraphs for n in gone), gone


def test_a_next_up_label_under_the_article_takes_the_headlines_below_it():
    text = MENU + ARTICLE + "Next Up In Science & Health\n" + HEADLINES + "© 2019 Example Media\n"
    gone = removed_lines(text)
    assert all(gone.get(n) == "B104" for n in (15, 16, 17, 18)), gone
    assert not any(n in gone for n in (9, 11, 13))


def test_short_paragraphs_after_a_promo_line_inside_the_article_stay():
    tail = ("“Can I give it to James?” the singer tearfully asked before apologizing to the actor.\n\n"
            "The show's host chimed in, noting that the singer's offer was “a lovely gesture.”\n\n")
    text = (MENU + ARTICLE + "CLICK HERE TO GET THE NEWS APP\n\n" + tail
            + "Gronk's girlfriend tells all\n\nWoman recreates iconic picture\n\nPrivacy Policy\n")
    gone = removed_lines(text)
    lines = text.split("\n")
    assert gone.get(15) == "B106"  # the promo line
    assert 17 not in gone and 19 not in gone, {n: lines[n - 1] for n in gone}


def test_a_link_in_capitals_does_not_take_the_paragraph_under_it():
    text = (MENU + ARTICLE + "SINGER SAYS THE SHOW HAS HELPED HER LOSE 25 POUNDS\n\n"
            "Those involved with the show struggled with the decision to drop him from the final.\n\n" + ARTICLE)
    gone = removed_lines(text)
    assert gone.get(15) == "B104" and 17 not in gone


def test_headlines_above_the_repeated_title_do_not_lead_into_the_article():
    title = "Apple plans a new laptop with a better keyboard next year"
    text = (f"{title} - MacNews\n" + MENU + "Mac Pro Shipping in December\n"
            "First Impressions Praise the New Keyboard\n" + title + "\nMonday November 18, 2019 by Joe Doe\n"
            + ARTICLE + "Privacy Policy\n")
    gone = removed_lines(text)
    lines = text.split("\n")
    assert 10 in gone and 11 in gone, {n: lines[n - 1] for n in gone}  # the related headlines
    assert 12 not in gone  # the headline itself
    assert not any(n in gone for n in (14, 16, 18))


def test_a_related_label_takes_headlines_spaced_out_by_blank_lines():
    box = ("More:\nAfghan woman politician sees talks as the only hope\n\n"
           "Young people, including the movement's youth, must be heard: envoy\n\n"
           "China invites officials for two-day talks in the capital\n\n")
    text = MENU + "Headline of the story about the crash\nBy Staff\n" + ARTICLE + box + ARTICLE + "Privacy Policy\n"
    gone = removed_lines(text)
    lines = text.split("\n")
    box_lines = [n for n in range(1, len(lines)) if lines[n - 1] and lines[n - 1] in box]
    assert all(gone.get(n) == "B104" for n in box_lines), {n: lines[n - 1] for n in box_lines if n not in gone}
    article = [n for n in range(1, len(lines)) if lines[n - 1] and lines[n - 1] in ARTICLE]
    assert not any(n in gone for n in article)


def test_teaser_cards_that_repeat_earlier_headlines_go_with_them():
    heads = ["Browns place their veteran safety on injured reserve",
             "Power rankings put the Browns closer to the Steelers this week",
             "Playoff watch shows where the Browns stand after eleven weeks"]
    blurbs = ["First season in Cleveland is done for the veteran after he suffers an injury in practice on Sunday.",
              "Cleveland rises two spots while the Steelers drop three spots after a bad loss at home.",
              "Cleveland will need lots of help to keep its hopes for the post-season alive this year."]
    box = "".join(f"{h}\n" for h in heads) + "Most Read\n" + "".join(f"{h} {b}\n" for h, b in zip(heads, blurbs))
    text = MENU + ARTICLE + box + "Privacy Policy\n"
    gone = removed_lines(text)
    lines = text.split("\n")
    assert all(n in gone for n in range(15, 22)), {n: lines[n - 1] for n in range(15, 22) if n not in gone}
    assert not any(n in gone for n in (9, 11, 13))


def test_a_paragraph_that_opens_with_a_heading_is_no_teaser():
    text = (MENU + "The council votes on the new budget plan\n\n" + ARTICLE
            + "The council votes on the new budget plan, and the mayor expects a narrow majority in its favour.\n\n"
            + ARTICLE + "Privacy Policy\n")
    gone = removed_lines(text)
    lines = text.split("\n")
    assert not any(n in gone for n in (9, 11, 13, 15, 17)), {n: lines[n - 1] for n in gone}


def test_many_lines_with_the_same_opening_words_stay_linear():
    # Every line looks like a headline a later teaser could repeat; the look-up of
    # earlier headlines must stay bounded (it once compared every pair: x4 per doubling).
    # (A growth ratio, as in tests/robustness, not a time limit.)
    import gc
    import time

    from cleaner.report.boilerplate_kinds import gather_evidence
    from cleaner.report.lines import describe_text

    def seconds(lines: int) -> float:
        text = "Minister says talks resume in July\n" * lines
        described = describe_text(text)
        best = float("inf")
        for _ in range(3):
            gc.collect()
            gc.disable()
            try:
                start = time.thread_time()
                gather_evidence(described)
                best = min(best, time.thread_time() - start)
            finally:
                gc.enable()
        return best

    small, large = seconds(6000), seconds(12000)
    assert large / max(small, 1e-6) < 3.0, (small, large)


def test_a_share_line_does_not_take_the_section_heading_below_it():
    text = ("## Background\n\n"
            "The talks resumed in Istanbul on Tuesday, and officials said the deal was fragile.\n"
            "Share this article on Facebook\n\n"
            "## What next\n\n"
            "Analysts expect the agreement to be extended for another four months if both sides agree.\n")
    removed = removed_lines(text)
    assert 4 in removed  # the share line
    assert 6 not in removed  # the section heading under it


_EMBEDDED_POSTS = (
    "The senate suspended its sitting on Tuesday after news of the deaths reached the chamber.\n\n"
    "Senate Leader raises a motion on the deaths of former members and moves that all legislative "
    "activities be suspended until the next sitting day. #SenateMotion\n\n"
    "— Senate Press (@SenatePress) October 9, 2018\n\n"
    "Members observed a minute of silence before the sitting was adjourned by the Senate President.\n\n"
    "The motion was adopted without a vote, and the chamber will sit again next Tuesday morning. "
    "#SenatePlenary\n\n"
    "— Senate Press (@SenatePress) October 9, 2018\n\n"
    "Lawmakers from both parties paid tribute to the former members in speeches after the recess.\n"
)


def test_attribution_of_an_embedded_post_is_kept():
    # It reads like a dateline, and repeats when one account posted twice that day, but it
    # belongs to the quoted post.
    from tests.dedup.test_within import d_findings

    attributions = [n for n, line in enumerate(_EMBEDDED_POSTS.split("\n"), 1) if "(@SenatePress)" in line]
    assert attributions == [5, 11]
    assert not set(attributions) & set(removed_lines(_EMBEDDED_POSTS))
    assert d_findings(_EMBEDDED_POSTS) == []


def test_abbreviation_in_brackets_is_not_an_agency_credit():
    # "(ePA)" is the German electronic patient record, not the photo agency EPA ("(EPA)", "(epa)").
    article = ("Hospitals have been under pressure to cut costs for years, and digital records are one way.\n\n"
               "Das Thema mit dem höchsten Potenzial wird seit Jahren intensiv diskutiert: "
               "Die elektronische Patientenakte (ePA)\n\n"
               "Doctors and insurers have argued for a decade about who may read the records and when.\n\n"
               "Police officers stand guard outside the parliament building on Monday. (EPA)\n")
    assert removed_lines(article) == {7: "B110"}


def test_a_list_of_headlines_inside_the_article_goes_with_its_label():
    # "Trending News" between two parts of the story, its headlines one under the other
    # (no blank line between them, where the story's paragraphs stand apart). The
    # first headline reads like a sentence ("... "We got her!""), yet opens the list.
    # Every line of the page apart from the next by a blank line, but the list's.
    menu = "".join(f"{w}\n\n" for w in ("News", "US", "World", "Politics", "Health", "Crime", "Sports", "Video",
                                        "Photos", "Podcasts"))
    trending = ("Trending News\n\nVideo shows dramatic rescue of a kidnapped girl: \"We got her!\"\n"
                "Man arrested after 7 trafficking victims found in car\n"
                "Jail guards charged with falsifying records\n"
                "Safety officials urge a redesign of the engine part\n\n")
    rest = ("Work on the first bus line starts in March, and the bridges will be closed one at a time so that "
            "traffic can still cross the river during the works, the transport department said.\n\n"
            "The council will vote on the cycling plan in the autumn, after a round of public hearings in every "
            "district of the city and a survey of the people who ride to work each day.\n\n"
            "Shop owners on the main street said they welcomed the new lines but feared months of noise and dust "
            "while the road is dug up, and asked the council for help with their rents.\n\n")
    opening = ("The city council approved the new budget on Tuesday after a long debate about transport "
               "spending that went on late into the night, with the opposition asking for more money for buses.\n\n"
               "The plan adds three bus lines and repairs two bridges over the river, the mayor said in a statement "
               "on Wednesday, and it will be paid for by a loan and a small rise in parking fees.\n\n"
               "Opponents said the plan does too little for cyclists and the people of the outer districts, and "
               "promised to raise the issue again when the council meets next year to set the new budget.\n\n")
    text = menu + opening + trending + rest + "Privacy Policy\n\nTerms of Use\n"
    gone = removed_lines(text)
    lines = text.split("\n")
    first = lines.index("Trending News") + 1
    assert all(gone.get(n) == "B104" for n in range(first, first + 6) if lines[n - 1].strip()), \
        {n: gone.get(n) for n in range(first, first + 6)}
    assert not [line for n, line in enumerate(lines, 1) if n in gone and ("council" in line or "bridges" in line)]


@pytest.mark.parametrize("name", ["report/page_linknaija.txt", "report/page_macrumors.txt",
                                  "report/page_kabarislamia.txt"])
def test_a_cleaned_page_keeps_no_runs_of_blank_lines(read_fixture, name):
    # Furniture blocks go with the blank lines under them: the article does not sit
    # under dozens of empty lines, nor its paragraphs apart by more than they were.
    text = read_fixture(name)
    cleaned = Cleaner().clean(text).text
    assert not cleaned.startswith("\n")
    longest = max(len(run) for run in re.findall(r"\n+", text))
    assert max(len(run) for run in re.findall(r"\n+", cleaned)) <= max(3, longest)
    assert cleaned.count("\n\n\n") <= text.count("\n\n\n")


def test_a_page_sharing_a_third_of_its_prose_with_one_seen_is_a_copy():
    # Versions of one story (other extractors, light edits) share only some of their
    # paragraphs word for word: a third is enough to know a copy, whose short lines
    # are the story's ("Get it on Amazon for $39.99"), not the site's template.
    paragraphs = ["The store cut the price of the laptop again on Tuesday, its third cut this month, the report said.",
                  "Analysts expect more discounts on tablets before the holidays, when shoppers compare offers.",
                  "Phones were left out of the sale, which ends on Sunday evening at midnight, the company added."]
    cleaner = Cleaner()
    results = []
    for version, (day, source) in enumerate([("Monday", "report"), ("Wednesday", "newspaper"), ("Friday", "agency")]):
        own = [paragraphs[0]] + [p.replace("Sunday", day).replace("holidays", source).replace("company", source)
                                 for p in paragraphs[1:]]
        text = "\n".join(own) + "\nGet it on Amazon for $39.99\n"
        results.append(cleaner.clean(text, url=f"https://www.example.com/deals?v={version}"))
    assert not [f for r in results for f in r.findings if f.code == "B113"]
