"""Fixing is idempotent and removals stay inside whole lines, on seeds and real pages."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.api import make_document

NAMES = ["000_05e63a923c49b29b.txt", "002_4d4bf8466975bca8.txt", "003_c80f3200713fcf0d.txt",
         "report/page_linknaija.txt", "report/page_bbc_newsbeat.txt", "report/page_kabarislamia.txt",
         "report/page_nbcnews_omar.txt", "report/article_jam_recipe.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_fixing_twice_equals_fixing_once(read_fixture, name):
    once = Cleaner().fix(make_document(read_fixture(name))).text
    twice = Cleaner().fix(make_document(once)).text
    assert twice == once


@pytest.mark.parametrize("name", NAMES)
def test_removals_cover_whole_lines(read_fixture, name):
    text = read_fixture(name)
    for f in Cleaner().check(text):
        if f.fix is None or not f.code.startswith(("B", "T")):
            continue
        assert f.fix.replacement == ""
        assert f.fix.start <= f.start and f.end <= f.fix.end
        assert f.fix.start == 0 or text[f.fix.start - 1] == "\n"
        assert f.fix.end == len(text) or text[f.fix.end - 1] == "\n"


def test_clean_text_passes_through(read_fixture):
    text = read_fixture("001_95c8228699a40873.txt")
    assert Cleaner().clean(text).text == text
