"""The cheap tests that let the F stage skip text must never skip what the full reading
would find. Each is checked against the slow path on tricky generated text."""

from __future__ import annotations

import random

import pytest

from cleaner.document import iter_paragraphs
from cleaner.facts import dates, titles
from cleaner.facts.claims import extract_claims
from cleaner.facts.numbers import _URL_RE, find_urls
from cleaner.facts.published import _first_paragraphs
from cleaner.facts.text import paragraph_before, paragraphs_holding

_WORDS = """in as of by since the of on for during between from the end of end of early mid late summer fall
the first quarter of 2019 2020 1990s the 1990s 5th 21st century Century - — , . ; ( ) " “ ” March march May may
Sept. september Jan June 30th 3 12 2017-2019 2019-05-01 300 3,000 1.2 million $40 percent % people were killed
evacuated jobs workers Acme Ohio last week next week yesterday three days ago on Monday so far this year the past
month President Former former ex- Mayor Ana Ruiz Smith Vice president Prime Minister CEO then-President Queen
administration ’s hundreds ten often bathe weekend İ ٥ x5 Published: www.example.com/2019 a@b.com
http://x.org/2019/05 the 1st the end start erstwhıle erſtwhile one-time""".split(" ")
_SEPARATORS = [" ", " ", " ", "", "  ", "\t", ", ", ". ", "\n", "\n\n", " \n", "\r\n", "\n   \n", "   "]


def _texts(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    words = [w for w in " ".join(_WORDS).split() if w] + ["as of", "the end of", "30th   of september.,   "]
    return ["".join(rnd.choice(words) + rnd.choice(_SEPARATORS) for _ in range(rnd.randint(2, 60)))
            for _ in range(count)]


TEXTS = _texts(600, 7) + [
    "", "\n", "\r\n\r\n", "x\n\n  \ny", "In 2019, 300 people died.\r\nAs of 30th   of september.,   2019, 12 died.",
    "Mayor Ana Ruiz opened it.\n“The former mayor said so.”\nFormer Mayor Ruiz.",
]


@pytest.mark.parametrize("seed", range(3))
def test_paragraphs_holding_is_iter_paragraphs_restricted(seed):
    rnd = random.Random(seed)
    for text in TEXTS:
        offsets = sorted(rnd.sample(range(len(text) + 1), min(len(text) + 1, rnd.randint(0, 12))))
        paragraphs = list(iter_paragraphs(text))
        expected = [p for p in paragraphs if any(p.start <= o < p.end for o in offsets)]
        got = list(paragraphs_holding(text, offsets))
        assert got == expected
        for para in got:
            index = paragraphs.index(para)
            assert paragraph_before(text, para) == (paragraphs[index - 1] if index else None)


def test_first_paragraphs():
    for text in TEXTS:
        assert list(_first_paragraphs(text, 5)) == [p.text for p in iter_paragraphs(text)][:5]


def test_a_date_that_can_date_a_figure_is_never_missed():
    from cleaner.facts.claims import _YEAR_OR_CENTURY_RE

    checked = 0
    for text in TEXTS + [p.text for t in TEXTS for p in iter_paragraphs(t)]:
        if any(m.resolved and m.is_time_of_claim for m in dates.find_dates(text, None)):
            checked += 1
            years = [m.start() for m in _YEAR_OR_CENTURY_RE.finditer(text)]
            assert dates.may_date_without_publication(text, years), text
    assert checked > 100


def test_longest_lead_before_a_year():
    text = "as of 30th   of september.,   2019 and the first quarter of 2019"
    match = dates._DATE_RE.search(text)
    assert text.index("2019") - match.start() == dates._LONGEST_LEAD
    assert dates.may_date_without_publication(text, [text.index("2019")])


def test_dated_only_keeps_every_claim_a_date_in_the_text_dates():
    for text in TEXTS:
        full = extract_claims(text)
        dated = extract_claims(text, measured_only=True, dated_only=True)
        assert all(c in full for c in dated)
        assert [c for c in full if c.is_claim and c.date_source == "text"] == \
            [c for c in dated if c.date_source == "text"]


def test_title_words_cover_every_role_and_former_word():
    assert all(any(stem in role for stem in titles._ROLE_STEMS) for role in titles._ROLES)
    assert all(word == "ex" or any(mark in word for mark in titles._FORMER_MARKS) for word in titles._FORMER)
    assert not any(mark in role or "ex " in role or "ex-" in role
                   for mark in titles._FORMER_MARKS for role in titles._ROLES)


def test_former_title_gate_never_misses_one():
    rnd = random.Random(3)
    roles = ["President", "Vice\npresident", "Prime Minister", "CEO", "Mayor", "Sen.", "Head Coach", "Queen"]
    mods = ["", "former ", "Former ", "ex-", "Ex ", "the former ", "then-", "erstwhıle ", "erſtwhile ", "one-time ",
            "former U.S. "]
    names = ["Smith", "Ana Ruiz", "Smyth", "of the club", ""]
    checked = 0
    for _ in range(1500):
        text = "".join(rnd.choice(mods) + rnd.choice(roles) + " " + rnd.choice(names) + rnd.choice(_SEPARATORS)
                       for _ in range(rnd.randint(1, 6)))
        lower = text.lower()
        if len(lower) != len(text):
            continue
        paragraphs = list(iter_paragraphs(text))
        if any(m.former for m in (titles._mention(p.text, match, p.start)
                                  for p, match in titles._role_matches(paragraphs)) if m is not None):
            checked += 1
            assert titles._gives_former_title(text, lower), text
    assert checked > 300


def test_find_urls_is_the_full_pattern():
    for text in TEXTS + ["see www.x.com/a@b and a.b@c.de, http://y.org/2019 x@y"]:
        assert find_urls(text) == [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
