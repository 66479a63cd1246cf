"""F301: the same measure, subject and date with disagreeing figures across a batch."""

from __future__ import annotations

from cleaner import Cleaner, Config
from cleaner.config import ClaimsConfig


def run(*texts: str, **meta) -> list[list[str]]:
    cleaner = Cleaner(Config(select=("F",)))
    return [[f.message for f in cleaner.check(t, id=f"doc{i}", **meta)] for i, t in enumerate(texts, 1)]


def test_disagreement_names_the_other_document() -> None:
    first, second = run("As of March 2024, Acme Corp had laid off 1,200 workers in Ohio.",
                        "As of March 2024, Acme Corp had laid off 3,000 workers in Ohio.")
    assert first == []
    assert len(second) == 1 and "doc1" in second[0] and "1,200" in second[0]


def test_within_tolerance_or_compatible_bounds_agree() -> None:
    assert run("As of March 2024, Acme Corp had laid off 1,200 workers in Ohio.",
               "As of March 2024, Acme Corp had laid off 1,300 workers in Ohio.")[1] == []
    assert run("As of March 2024, Acme Corp had laid off more than 1,200 workers in Ohio.",
               "As of March 2024, Acme Corp had laid off 3,000 workers in Ohio.")[1] == []


def test_different_dates_subjects_or_measures_do_not_compare() -> None:
    assert run("As of March 2024, Acme Corp had laid off 1,200 workers.",
               "As of March 2023, Acme Corp had laid off 3,000 workers.")[1] == []
    assert run("As of March 2024, Acme Corp had laid off 1,200 workers.",
               "As of March 2024, Globex had laid off 3,000 workers.")[1] == []
    assert run("As of March 2024, 1,200 civilians were killed in Ohio.",
               "As of March 2024, 3,000 soldiers were killed in Ohio.")[1] == []
    # Money and percentages are too generic to compare.
    assert run("As of March 2024, Acme Corp paid $1,200 in Ohio.",
               "As of March 2024, Acme Corp paid $3,000 in Ohio.")[1] == []


def test_a_document_that_also_gives_the_figure_does_not_disagree() -> None:
    assert run("As of March 2024, Acme Corp ordered 30 jets from Boeing and 50 jets from Airbus.",
               "As of March 2024, Acme Corp ordered 50 jets from Airbus and 30 jets from Boeing.") == [[], []]


def test_publication_dates_within_same_date_days() -> None:
    a = "Acme Corp said 1,200 workers were laid off in Ohio."
    b = "Acme Corp said 3,000 workers were laid off in Ohio."
    cleaner = Cleaner(Config(select=("F",)))
    cleaner.check(a, published="2024-03-01")
    assert len(cleaner.check(b, published="2024-03-05")) == 1
    cleaner = Cleaner(Config(select=("F",), claims=ClaimsConfig(same_date_days=2)))
    cleaner.check(a, published="2024-03-01")
    assert cleaner.check(b, published="2024-03-05") == []


def test_same_document_checked_twice_is_not_compared_with_itself() -> None:
    text = "As of March 2024, Acme Corp had laid off 1,200 workers in Ohio and 3,000 workers in Texas."
    assert run(text) == [[]]


def test_f301_can_be_ignored() -> None:
    cleaner = Cleaner(Config(select=("F",), ignore=("F301",)))
    cleaner.check("As of March 2024, Acme Corp had laid off 1,200 workers in Ohio.")
    assert cleaner.check("As of March 2024, Acme Corp had laid off 3,000 workers in Ohio.") == []


def test_one_shared_name_among_many_is_not_the_same_subject() -> None:
    # Both sentences name several things and share only "U.S.".
    assert run("As of March 2024, 1,200 troops from the U.S. and Canada were deployed to Latvia.",
               "As of March 2024, 3,000 troops from the U.S. and Britain were deployed to Estonia.")[1] == []


def test_link_markup_is_not_a_counted_noun() -> None:
    # Markdown link references as extractors write them (neardup split, record 374ac9a5...:dom_smoothie).
    assert run("Emirates finalized a deal to purchase 30 of [Boeing][1]'s 787-9 Dreamliner jets on March 3, 2024.",
               "Emirates finalized a deal to purchase 30 Boeing 787-9 Dreamliner jets on March 3, 2024.") == [[], []]


# Two counts that share a measure and names but belong to different events (F301 used to pair them).
DIFFERENT_EVENTS = [
    ("Israel said 1,200 people were killed in the Hamas attack.",
     "Gaza's health ministry said 40,000 people were killed in Israel's war against Hamas."),
    ("Acme Corp cut 3,000 jobs in Germany, the company said.",
     "Acme Corp cut 1,000 jobs in France, the company said."),
    ("Since 2014, 14,000 people have been killed in the Donbas region of Ukraine.",
     "Since 2022, 40,000 people have been killed in the Donbas region of Ukraine."),
    ("Officials in Turkey said 3,000 people were killed in the earthquake.",
     "Officials in Turkey said 300 people were killed in the floods."),
]

# The same event with disagreeing figures, written differently: still paired.
SAME_EVENT = [
    ("Over 14,000 people have been killed in the war in eastern Ukraine, the United Nations said.",
     "The United Nations said 9,000 people have been killed in the conflict in eastern Ukraine."),
    ("Hamas gunmen killed 3,000 people in the attack on Israel, officials said.",
     "In Israel, officials said the assault by Hamas killed 1,200 people."),
    ("Since 2014, 14,000 people have been killed in the Donbas region of Ukraine.",
     "Since 2014, 9,000 people have been killed in the Donbas region of Ukraine."),
    ("Officials in Turkey said 3,000 people were killed in the earthquake.",
     "Turkey's disaster agency said 9,000 people were killed."),
    ("Acme Corp cut 3,000 jobs in Germany, the company said.",
     "Acme Corp said it cut 1,000 jobs, the company said in Germany."),
]


def test_counts_of_different_events_are_not_paired() -> None:
    for first, second in DIFFERENT_EVENTS:
        assert run(first, second, published="2024-03-01") == [[], []], (first, second)


def test_the_same_event_written_differently_is_still_paired() -> None:
    for first, second in SAME_EVENT:
        found = run(first, second, published="2024-03-01")
        assert found[0] == [] and len(found[1]) == 1, (first, second)
