"""Reference facts files: loading, validation messages, several files, config paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cleaner.config import load_config_file
from cleaner.errors import ConfigError
from cleaner.facts.reference import load_facts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FACTS = FIXTURES / "facts.toml"


def test_shipped_facts_file_loads() -> None:
    book = load_facts([FACTS])
    fact = next(f for f in book.facts if f.id == "donbas-deaths-2014-2021")
    assert fact.value == 14000 and fact.tolerance == 0.15
    assert fact.valid_until == dt.date(2022, 2, 23)
    assert ("eastern", "ukraine") in fact.subject_keys and ("kill",) in fact.measure_keys


def test_several_files_merge() -> None:
    book = load_facts([FACTS, FIXTURES / "facts" / "third_party.toml"])
    assert {f.id for f in book.facts} >= {"donbas-deaths-2014-2021", "wework-headcount-mid-2019"}


def test_a_single_word_subject_and_default_tolerance() -> None:
    fact, = load_facts([FIXTURES / "facts" / "third_party.toml"]).facts
    assert fact.subjects == ("WeWork",) and fact.tolerance == 0.15


@pytest.mark.parametrize("name, words", [
    ("broken_missing_source.toml", ["broken_missing_source.toml", "'no-source'", "source is required"]),
])
def test_errors_name_the_file_and_the_fact(name: str, words: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_facts([FIXTURES / "facts" / name])
    assert all(w in str(info.value) for w in words)


def test_duplicate_ids_across_files() -> None:
    with pytest.raises(ConfigError, match="already defined"):
        load_facts([FACTS, FIXTURES / "facts" / "duplicate_id.toml"])


@pytest.mark.parametrize("body, message", [
    ("[fact]\nid = 'x'", "array of tables"),
    ("[[fact]]\nsubject = 'a'", "has no id"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 'ten'\nvalid_until = 2020-01-01\nsource = 's'",
     "value must be a non-zero finite number"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = inf\nvalid_until = 2020-01-01\nsource = 's'",
     "finite"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = nan\nvalid_until = 2020-01-01\nsource = 's'",
     "finite"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 10\nvalid_until = '2022-02-23garbage'\n"
     "source = 's'", "must be a date"),
    ("fact = ['a', 'b']", "array of tables"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 10\nsource = 's'", "valid_until"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 10\nvalid_until = 'soon'\nsource = 's'",
     "must be a date"),
    ("[[fact]]\nid = 'x'\nsubject = []\nmeasure = 'b'\nvalue = 10\nvalid_until = 2020-01-01\nsource = 's'",
     "subject must be a word or a list"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 10\nvalid_until = 2020-01-01\nsource = 's'\n"
     "tolerance = 2", "tolerance"),
    ("[[fact]]\nid = 'x'\nsubjects = 'a'", "unknown key"),
    ("[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 10\nvalid_from = 2021-01-01\n"
     "valid_until = 2020-01-01\nsource = 's'", "after valid_until"),
    ("not toml at all [", "not valid TOML"),
])
def test_validation_messages(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_facts([path])
    assert "mine.toml" in str(info.value)


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff[[fact]]\nid = 'x'\nsubject = 'a'\nmeasure = 'b'\nvalue = 10\n"
                     "valid_until = 2020-01-01\nsource = 's'\n".encode("utf-8"))
    assert len(load_facts([path]).facts) == 1


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_facts([tmp_path / "nope.toml"])


def test_facts_in_config_resolve_relative_to_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\nfacts = ["ref/a.toml"]\n[tool.cleaner.claims]\ntolerance = 0.2\nsame-date-days = 3\n',
        encoding="utf-8")
    config = load_config_file(tmp_path / "pyproject.toml")
    assert config.facts == (str(tmp_path / "ref" / "a.toml"),)
    assert (config.claims.tolerance, config.claims.same_date_days) == (0.2, 3)
