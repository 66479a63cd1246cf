"""Reference facts: the TOML files given with ``--facts`` (or ``facts`` in config).

    [[fact]]
    id = "world-population-7-billion"
    subject = ["world", "global", "Earth"]               # any of these near the claim
    measure = ["people", "population"]                   # any of these in the claim
    value = 7_000_000_000
    tolerance = 0.07                                     # relative; default 0.15
    valid_until = 2022-11-15                             # after this date the figure is stale
    source = "UN DESA, World Population Prospects 2022: ..."
    note = "..."                                          # optional
    # valid_from = 2011-10-31                            # optional, the other side

Every problem is a `ConfigError` naming the file and the fact, so a user can fix
their own file without reading code. Facts from several files are merged; an id
used twice is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import ConfigError
from ..sources import parse_published
from .text import iter_words, lemma, name_words

DEFAULT_TOLERANCE = 0.15
_KNOWN_KEYS = frozenset({"id", "subject", "measure", "value", "tolerance", "valid_until", "valid_from", "source",
                         "note"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One reference figure and the dates between which it is current."""

    id: str
    subjects: tuple[str, ...]  # as written in the file
    measures: tuple[str, ...]
    value: float
    tolerance: float
    valid_from: dt.date | None
    valid_until: dt.date | None
    source: str
    note: str
    path: str  # the file it came from
    subject_keys: tuple[tuple[str, ...], ...]  # each subject phrase as lower-cased words
    measure_keys: tuple[tuple[str, ...], ...]  # each measure phrase as lemmas

    def within_tolerance(self, number: float) -> bool:
        return abs(number - self.value) <= self.tolerance * abs(self.value)

    def stale_at(self, first: dt.date, last: dt.date) -> str | None:
        """'after' when the whole period lies after valid_until, 'before' when it lies
        before valid_from, else None (a period that straddles the limit is not stale)."""
        if self.valid_until is not None and first > self.valid_until:
            return "after"
        if self.valid_from is not None and last < self.valid_from:
            return "before"
        return None

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id, "value": self.value, "source": self.source, "note": self.note,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None, "file": self.path,
        }


@dataclass(frozen=True, slots=True)
class FactBook:
    """All loaded facts (empty when no file was given)."""

    facts: tuple[Fact, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def may_match(self, value: float) -> bool:
        """True when ``value`` is within tolerance of some fact's value (a cheap first test)."""
        return any(f.within_tolerance(value) for f in self.facts)


def load_facts(paths: Iterable[str | Path]) -> FactBook:
    """Read and validate every facts file; raise ConfigError on the first problem."""
    facts: list[Fact] = []
    seen: dict[str, str] = {}
    for path in paths:
        for fact in _load_file(Path(path)):
            if fact.id in seen:
                raise ConfigError(f"{fact.path}: fact {fact.id!r} is already defined in {seen[fact.id]}; "
                                  "fact ids must be unique across all facts files")
            seen[fact.id] = fact.path
            facts.append(fact)
    return FactBook(tuple(facts))


def _load_file(path: Path) -> list[Fact]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # (a byte-order mark is no TOML error)
    except FileNotFoundError:
        raise ConfigError(f"facts file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read facts file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"facts file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"facts file {path} is not valid TOML: {exc}") from None
    unknown = set(data) - {"fact"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}; "
                          "write each fact as a [[fact]] table")
    tables = data.get("fact", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: 'fact' must be an array of tables: write [[fact]], not [fact]")
    if not all(isinstance(table, dict) for table in tables):
        raise ConfigError(f"{path}: 'fact' must be an array of tables: write each fact as a [[fact]] table")
    return [_fact(table, path, index) for index, table in enumerate(tables, 1)]


def _fact(table: dict[str, Any], path: Path, index: int) -> Fact:
    fact_id = table.get("id")
    where = f"{path}: fact {fact_id!r}" if isinstance(fact_id, str) and fact_id else f"{path}: fact #{index}"
    if not isinstance(fact_id, str) or not fact_id.strip():
        raise ConfigError(f"{where} has no id; give every fact a unique id = \"...\"")
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KNOWN_KEYS))}")
    subjects = _words(table, "subject", where)
    measures = _words(table, "measure", where)
    value = table.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value == 0 or not math.isfinite(value):
        raise ConfigError(f"{where}: value must be a non-zero finite number, e.g. value = 12500")
    tolerance = table.get("tolerance", DEFAULT_TOLERANCE)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
        raise ConfigError(f"{where}: tolerance must be a fraction between 0 and 1, e.g. 0.15")
    valid_from = _date(table, "valid_from", where)
    valid_until = _date(table, "valid_until", where)
    if valid_from is None and valid_until is None:
        raise ConfigError(f"{where}: give valid_until (or valid_from): a fact with no limits can never be stale")
    if valid_from and valid_until and valid_from > valid_until:
        raise ConfigError(f"{where}: valid_from {valid_from} is after valid_until {valid_until}")
    source = table.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ConfigError(f"{where}: source is required: say where the figure comes from")
    note = table.get("note", "")
    if not isinstance(note, str):
        raise ConfigError(f"{where}: note must be a string")
    for phrase in subjects + measures:
        if not name_words(phrase):
            raise ConfigError(f"{where}: {phrase!r} has no letters or digits to match")
    return Fact(
        id=fact_id.strip(), subjects=subjects, measures=measures, value=float(value), tolerance=float(tolerance),
        valid_from=valid_from, valid_until=valid_until, source=source.strip(), note=note.strip(), path=str(path),
        subject_keys=tuple(name_words(s) for s in subjects),
        measure_keys=tuple(tuple(lemma(w.text) for w in iter_words(m)) for m in measures),
    )


def _words(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: {key} must be a word or a list of words, e.g. {key} = [\"...\"]")
    return tuple(v.strip() for v in value)


def _date(table: dict[str, Any], key: str, where: str) -> dt.date | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_published(value)  # the whole string: "2022-02-23garbage" is no date
        except ValueError:
            pass
    raise ConfigError(f"{where}: {key} must be a date such as {key} = 2022-02-23")
