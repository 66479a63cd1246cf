"""Family C details: evidence each casing rule needs, and what it leaves alone.

Texts are long enough to read as English (the casing rules stay off other
languages); names and sentences come from the seeds and the benchmark.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.config import NormalizeConfig
from cleaner.normalize.english import looks_english
from cleaner.normalize.gazetteer import Gazetteer
from cleaner.normalize.words import count_words
from normalize_helpers import check_finding_points_at_its_subject, control_sample, seed

PADDING = " The officials said that the talks with the delegation were difficult and that they would go on."


def _casing(text: str, config: Config | None = None) -> list[tuple[str, str]]:
    findings = [f for f in Cleaner(config or Config()).check(text) if f.family == "C"]
    for f in findings:
        check_finding_points_at_its_subject(text, f)
    return [(f.code, text[f.start:f.end]) for f in findings]


def test_english_gate() -> None:
    assert looks_english(count_words(seed("002")))
    others = [d["text"] for d in control_sample() if d["id"].startswith(("57b4da", "0ec95c", "23aaec", "20b2b6"))]
    assert len(others) == 4 and not any(looks_english(count_words(text)) for text in others)
    german = "Die Digitalisierung zieht sich durch alle Branchen. am montag, dem 3. april, war das so." * 3
    assert _casing(german) == []


@pytest.mark.parametrize("text, expected", [
    ("According to the agency, as of july 2025, over 14,000 people were killed.", [("C101", "july")]),
    ("In november 2018, Russian forces seized three Ukrainian ships.", [("C101", "november")]),
    ("The vote is planned for may 2025, and the count for early march 3.", [("C101", "may"), ("C101", "march")]),
    ("The vote is on march 3, and the results come out on monday.", [("C101", "march"), ("C101", "monday")]),
    ("The lawmakers may 3D print parts, and protesters march 10 miles each day.", []),
    ("They may go, and the protesters will march on, as an august body of lawmakers.", []),
])
def test_month_and_day_names(text: str, expected: list) -> None:
    assert _casing(text + PADDING) == expected


@pytest.mark.parametrize("text, expected", [
    ("The situation remains volatile. this complex background underscores the difficulty.", [("C102", "this")]),
    ("The talks ended in 2018. the leaders then met again in the spring.", [("C102", "the")]),
    ("Officials met at 5 p.m. on Tuesday with U.S. officials from the embassy.", []),
    ("The list includes talks, e.g. the ones in Geneva, and the ones in Paris.", []),
    ("The message was clear... and the leaders knew it from the start.", []),
    ("As the \"Meth. We're On It.\" campaign showed, the slogan worked for the state.", []),
    ("on. meth. dot. com. The slogan from the state was mocked for days.", []),
    ("Ivan Braiker joined the firm. my6sense is the only fully programmatic platform.", []),
    ("What did he say? he asked the reporters who were waiting at the door.", []),
])
def test_sentence_starts(text: str, expected: list) -> None:
    assert _casing(text + PADDING) == expected


def test_line_start_after_a_finished_sentence() -> None:
    text = ("The talks ended without a deal after a long day.\n"
            "the leaders will meet again in the spring, officials said.\n"
            "- the first item of a list that continues a sentence.\n"
            "previous post\n") + PADDING
    assert _casing(text) == [("C102", "the")]


def test_seed_002_names() -> None:
    found = _casing(seed("002"))
    assert ("C103", "vladimir") in found and ("C103", "united") in found
    assert found.count(("C103", "trump")) == 3
    assert ("C104", "helsinki") in found and ("C104", "kerch strait") in found and ("C104", "ukraine") in found


@pytest.mark.parametrize("text", [
    # a title before a name, and the same title as a common noun (benchmark 5f9c5ed5, 7a664e40)
    "Sri Lankan President Gotabaya Rajapaksa met the press. Aides said the Lankan president was tired. "
    "Lankan President Gotabaya Rajapaksa left.",
    # "the Force" in a Star Wars review is not a name for "force" (benchmark 63db31a1)
    "Fans know the Force well. The Force is strong, and the Force returns, as the Force always does. "
    "The main force propelling the story is the cast.",
    # common-word guard: a determiner before the word
    "Taylor Swift sang. Fans of Swift cheered, and Swift waved, and Swift left. Critics called for a swift "
    "response from the label.",
    # "American Farm Bureau" does not make "farm" a name (benchmark 702d1da6)
    "The American Farm Bureau Federation said that farm exports fell, and farm incomes with them. "
    "Beijing will buy American farm products.",
])
def test_common_words_that_are_also_names(text: str) -> None:
    assert [c for c in _casing(text + PADDING) if c[0] == "C103"] == []


@pytest.mark.parametrize("text, expected", [
    ("The summit took place in helsinki, and the talks lasted hours.", [("C104", "helsinki")]),
    ("Ships were seized near the kerch strait, the navy said.", [("C104", "kerch strait")]),
    ("Exports to ukraine rose, and imports from ukraine fell.", [("C104", "ukraine"), ("C104", "ukraine")]),
    ("The food was nice, and reading the menu in split seconds was fun.", []),
    ("A mobile team from china and turkey sandwiches were served.", []),
    ("The festival in nice, France drew crowds.", [("C104", "nice")]),
])
def test_places(text: str, expected: list) -> None:
    assert _casing(text + PADDING) == expected


def test_place_written_in_lower_case_elsewhere_without_context_is_left() -> None:
    text = "The talks in helsinki went on. The city of helsinki hosted them, from helsinki to Oslo." + PADDING
    assert [c for c in _casing(text) if c[0] == "C104"] == [("C104", "helsinki")] * 3
    text = "The talks in helsinki went on. The city of helsinki hosted them, and helsinki was calm." + PADDING
    assert [c for c in _casing(text) if c[0] == "C104"] == []
    text = "The talks in bender went on. A bender is a long party, and the bender lasted days." + PADDING
    assert [c for c in _casing(text) if c[0] == "C104"] == []


def test_gazetteer_can_be_turned_off() -> None:
    config = Config(normalize=NormalizeConfig(fix_casing_from_gazetteer=False))
    assert _casing("The summit took place in helsinki, and the talks lasted hours." + PADDING, config) == []


def test_gazetteer_names() -> None:
    gazetteer = Gazetteer.load()
    assert gazetteer.match(["kerch"], 0)[0].name == "Kerch"
    assert gazetteer.match(["new", "york"], 0)[1] == 2
    assert gazetteer.match(["nice"], 0)[0].is_word
    assert not gazetteer.match(["helsinki"], 0)[0].is_word


HEADINGS = """Frequently Asked Questions
The answers to the questions that readers ask most are collected here.
The Broader Context: Russia-Ukraine Relations
The conflict has seen periods of intense fighting and fragile ceasefires.
Key Aspects of the discussions
The discussions centered on security guarantees and the status of the regions.
A clash of Wills: Trump and Putin
Trump has shown a consistent unwillingness to concede ground in the talks.
"""


def test_title_case_headings() -> None:
    assert _casing(HEADINGS) == [("C105", "discussions"), ("C105", "clash")]


def test_sentence_case_headings_and_link_lists_are_left() -> None:
    text = ("Hong Kong protesters hold out at university\nPolice closed in on the campus on Monday, and the "
            "protesters said that they would stay.\nWhat the protesters want\nThey want an inquiry into the "
            "police and the release of those who were arrested.\nDave Matthews Band takes over Rock Hall Fan "
            "Vote\nDoobie Brothers perform with Santana at Blossom Music Center\nFormer Burger King exec named "
            "next Subway CEO\n")
    assert _casing(text) == []


def test_one_finding_per_word() -> None:
    text = seed("002")
    spans = [(f.start, f.end) for f in Cleaner().check(text) if f.family == "C"]
    assert len(spans) == len(set(spans))
    for (s1, e1), (s2, e2) in zip(sorted(spans), sorted(spans)[1:]):
        assert e1 <= s2


def test_hostile_input_stays_fast() -> None:
    import random
    import time

    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghij") for _ in range(5)) for _ in range(3000)]
    capitalised = " ".join(w.capitalize() + " " + rng.choice(words) for w in words)
    text = ("the talks went on. the x. " * 4000) + "\n" + capitalised + " and of the to that with for." * 50
    started = time.perf_counter()
    Cleaner(Config(select=("C",))).check(text)
    assert time.perf_counter() - started < 5.0


def test_a_word_and_a_place_name_starting_there_are_different_words():
    from cleaner.normalize.words import DocumentWords

    words = DocumentWords("They moved to new york in May.")
    start = words.text.index("new")
    place = words.word_at(start, start + len("new york"))
    single = words.word_at(start, start + len("new"))
    assert (place.text, single.text) == ("new york", "new")
    assert [w.text for w in words.words_of(0)][3:5] == ["new", "york"]
    assert words.word_at(start, start + len("new york")) is place


def test_place_messages_say_what_the_name_is() -> None:
    findings = Cleaner(Config(select=("C",))).check(
        "Ships were seized near the kerch strait, the navy said. The summit took place in helsinki, "
        "and the talks lasted hours." + PADDING)
    messages = [f.message for f in findings if f.code == "C104"]
    assert messages == ["'kerch strait' in lower case: a place name (Kerch: a city in Ukraine), written 'Kerch Strait'",
                        "'helsinki' in lower case: a city in Finland, written 'Helsinki'"]
