"""Family C, names: proper nouns and place names written in lower case.

Evidence comes from two places. The document itself: a word it capitalises
mid-sentence again and again ("Trump", "Vladimir Putin", "United Nations") is
a name there, so a lower-case copy is a slip. And a gazetteer: "helsinki" and
"kerch" are places even if the document names them once.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterator

from ..findings import Finding, Fix
from ..rules import define_rule
from .english import DETERMINERS_AND_MODALS, GEOGRAPHIC_FEATURES, LOCATIVE_PREPOSITIONS, MINOR_TITLE_WORDS, \
    common_words
from .gazetteer import Gazetteer, Place, located_in
from .words import DocumentWords, Word, capitalise

PROPER_NOUN = define_rule(
    "C103", "lowercase-proper-noun",
    "A name written in lower case where the document capitalises it elsewhere.",
    """
    "vladimir Putin" when the text also says "Vladimir Putin"; "united
    Nations" when it says "United Nations"; "trump" when "Trump" stands
    alone mid-sentence at least three times and twice as often as the
    lower-case form. The word is capitalised.

    Guards against common words that are also names: a lower-case half of a
    pair must not be used in lower case elsewhere; a one-word name must not
    be one of the 10,000 most frequent English words ("force", "state"), and
    a word after an article, possessive, "to" or a modal verb ("a swift
    response", "to trump") is left alone. A less common word that is both a
    name and an ordinary word in one article can still be flagged when the
    ordinary use is rare.
    """,
    examples=("Russian President Vladimir Putin met officials. The talks with vladimir Putin ended.",
              "Trump said talks went well. Aides to Trump agreed, and Trump left. Critics argued trump "
              "appeared deferential, and Trump denied it."),
    counter_examples=("The President met the press. Aides said the president was tired. "
                      "President Trump left, and President Trump returned."),
    fix="safe",
)

PLACE_NAME = define_rule(
    "C104", "lowercase-place-name",
    "A country, US state or city name written in lower case (`helsinki`, `kerch strait`).",
    """
    Names from the GeoNames gazetteer (countries, US states, cities of 100,000
    people or more). Countries and states are flagged wherever they stand in
    lower case; cities need context: a preposition before ("in helsinki"), a
    country or state after ("helsinki, Finland"), or a geographic word after
    ("kerch strait", which becomes "Kerch Strait").

    Names that are also ordinary English words ("nice", "reading", "split",
    "bath", "mobile", "turkey", "china") count only with a country or state
    after them or a geographic word, and a name the document also writes in
    lower case without such context is left alone everywhere.
    """,
    examples="The leaders met for a summit in helsinki, Finland, in July 2018, and the talks that followed were "
             "tense.",
    counter_examples="The weather was nice in Finland, and reading the news from Helsinki took an hour of the "
                     "day for those who were there.",
    fix="safe",
)


# Two adjacent capitalised words; the lookahead lets "Russian President Vladimir
# Putin" yield every pair, overlapping. The pattern opens with its capital, so the
# regex engine can skip ahead to candidates; that the first word starts a word (no
# letter before it) is checked by a lookbehind over that capital: a lookbehind in
# front would be tried at every position, at twice the cost.
_CAPITALISED_PAIR_RE = re.compile(r"([A-ZÀ-ÖØ-Þ](?<![^\W\d_].)[^\W\d_]{0,59}) "
                                  r"(?=([A-ZÀ-ÖØ-Þ][^\W\d_]{0,59})(?![^\W\d_]))")


def _capitalised_pairs(text: str) -> set[tuple[str, str]]:
    return set(_CAPITALISED_PAIR_RE.findall(text))


def find_lowercase_name_pairs(doc: DocumentWords) -> Iterator[Finding]:
    """C103: one half of a two-word name in lower case ("vladimir Putin", "united Nations").

    Evidence: the document writes the pair capitalised at least as often as
    with this half in lower case, and never uses this half in lower case
    outside the pair ("farm" in "farm products" makes "American farm" a
    common noun, not a slip for "American Farm Bureau"). A title before a
    name ("former President Obama") and a capital that only opens the
    sentence ("High school teachers") are no evidence; a pair seen only at
    a sentence start counts only if its second word never stands alone
    ("United Nations", but not "Physical Esc" when "the Esc key" exists).
    """
    text, counts = doc.text, doc.counts
    candidates: set[tuple[str, str, int]] = set()
    for first, second in _capitalised_pairs(text):
        one, two = first.lower(), second.lower()
        if one in _FUNCTION_WORDS or two in _FUNCTION_WORDS:
            continue
        # The lower-case half must be a word of the text (a Counter of it holds no zeros).
        if one in counts and f"{one} {second}" in text:
            candidates.add((one, two, 0))
        if two in counts and f"{first} {two}" in text:
            candidates.add((one, two, 1))
    for one, two, slip_at in sorted(candidates)[:MAX_CANDIDATES]:
        yield from _pair_slips(doc, one, two, slip_at)


def _pair_slips(doc: DocumentWords, one: str, two: str, slip_at: int) -> Iterator[Finding]:
    slip_lower = (one, two)[slip_at]
    mixed_text = f"{one} {two[:1].upper()}{two[1:]}" if slip_at == 0 else f"{one[:1].upper()}{one[1:]} {two}"
    mixed_estimate = doc.text.count(mixed_text)
    if doc.counts[slip_lower] > mixed_estimate:
        return  # the word is written in lower case outside the pair too: a common word (cheap test first)
    if doc.text.count(f"{one[:1].upper()}{one[1:]} {two[:1].upper()}{two[1:]}") == 0:
        return  # never written capitalised as a pair
    stats = doc.pair_stats(one, two)
    mixed = stats.mixed[slip_at]
    # A lower-case first half only follows a name's first word ("united Nations"); a
    # lower-case second half may be a common noun after a title ("Lankan president").
    capitalised = stats.capitalised if slip_at == 0 else stats.closed
    if not capitalised or mixed > capitalised or doc.stats(slip_lower).lowercase > mixed:
        return
    if slip_at == 0 and not stats.mid and doc.stats(two).standalone_mid > mixed:
        return  # "Physical Esc" opened a sentence, and "the Esc key" stands alone: a modifier
    for word in doc.occurrences(one):
        nxt = doc.following(word)
        if nxt is None or nxt.lower != two or nxt.gap != " " or word.urlish or nxt.urlish:
            continue
        if doc.is_label(word.line) or doc.is_titled(word.line):
            continue
        if slip_at == 0:
            if not (word.is_lower and nxt.is_capitalised):
                continue
            after = doc.following(nxt)
            if after is not None and after.gap == " " and after.is_capitalised:
                continue  # "former President Barack Obama": a title before a name
            slip = word
        else:
            if not (word.is_capitalised and nxt.is_lower) or word.opens_sentence:
                continue
            slip = nxt
        if len(slip.text) < 3:
            continue
        proper = " ".join(capitalise(w.text) if w is slip else w.text for w in (word, nxt))
        yield Finding(PROPER_NOUN.code, f"'{slip.text}' in lower case: the document writes '{proper}' "
                      f"{_times(capitalised)}", slip.start, slip.end, PROPER_NOUN.severity,
                      Fix(capitalise(slip.text), slip.start, slip.end))


# Bounds the work on hostile input (a page of random capitalised words); real
# articles have a handful of candidates.
MAX_CANDIDATES = 200

MIN_STANDALONE = 3  # mid-sentence capitalised uses, alone, needed before a word counts as a name
MIN_STANDALONE_RATIO = 2  # ... and this many times the lower-case uses


def find_lowercase_proper_nouns(doc: DocumentWords) -> Iterator[Finding]:
    """C103: a word the document uses as a one-word name, here in lower case.

    The capitalised form must stand alone mid-sentence (no capitalised word
    beside it) at least three times and twice as often as the lower case
    form, and the word must not be an everyday English word (the 10,000 most
    frequent): "the Force" in a Star Wars review does not make "the main
    force" a name.
    """
    common = common_words()
    counts = doc.counts
    # Words seen often enough picked in C (compress over the counts), then the few tested for a capital.
    frequent = itertools.compress(counts, map(MIN_STANDALONE.__le__, counts.values()))
    capitalised = [w for w in frequent if w[0].isupper()]
    # Cheap bound first: standalone uses are at most all capitalised uses.
    candidates = [lower for lower in map(str.lower, capitalised) if lower in counts and len(lower) >= 3
                  and counts[capitalise(lower)] >= MIN_STANDALONE_RATIO * counts[lower]
                  and lower.islower() and lower not in common and not _is_function_word(lower)]
    candidates = sorted(candidates, key=lambda w: -counts[capitalise(w)])[:MAX_CANDIDATES]
    doc.prepare(candidates)
    for lower in candidates:
        stats = doc.stats(lower)
        if stats.standalone_mid < MIN_STANDALONE or stats.standalone_mid < MIN_STANDALONE_RATIO * stats.lowercase:
            continue
        for word in doc.occurrences(lower):
            if not word.is_lower or word.urlish or doc.is_label(word.line):
                continue
            before = doc.previous(word)
            if before is not None and before.lower in DETERMINERS_AND_MODALS:
                continue  # "a swift response", "to trump": the common word
            yield Finding(PROPER_NOUN.code, f"'{word.text}' in lower case: the document writes "
                          f"'{capitalise(word.text)}' on its own mid-sentence {_times(stats.standalone_mid)}",
                          word.start, word.end, PROPER_NOUN.severity,
                          Fix(capitalise(word.text), word.start, word.end))


def find_lowercase_places(doc: DocumentWords, gazetteer: Gazetteer) -> Iterator[Finding]:
    """C104: gazetteer names in lower case, with the context they need."""
    pattern = _candidate_pattern(doc, gazetteer)
    if pattern is None:
        return
    found: dict[str, list[tuple[Place, list[Word], str]]] = {}
    unsupported: set[str] = set()
    for word in doc.find(pattern):
        if word.urlish or doc.is_label(word.line):
            continue
        words = _following_words(doc, word, gazetteer.longest_name_words)
        match = gazetteer.match([w.lower for w in words], 0)
        if match is None:
            continue
        place, n = match
        if not all(w.is_lower for w in words[:n]):
            continue
        evidence, span = _place_evidence(doc, gazetteer, place, words, n)
        if evidence is None:
            unsupported.add(word.lower)
        else:
            found.setdefault(word.lower, []).append((place, words[:span], evidence))
    for first, places in found.items():
        if first in unsupported:
            continue  # written in lower case elsewhere with no sign of a place: likely a word
        for place, words, evidence in places:
            first_word, last_word = words[0], words[-1]
            written = doc.text[first_word.start:last_word.end]
            proper = " ".join(capitalise(w.text) if w.is_lower else w.text for w in words)
            what = _describe(place, gazetteer)
            if evidence == "feature":  # "kerch strait" is not the city of Kerch
                what = f"a place name ({place.name}: {what})"
            yield Finding(PLACE_NAME.code, f"'{written}' in lower case: {what}, "
                          f"written '{proper}'", first_word.start, last_word.end, PLACE_NAME.severity,
                          Fix(proper, first_word.start, last_word.end))


def _candidate_pattern(doc: DocumentWords, gazetteer: Gazetteer) -> re.Pattern[str] | None:
    """Lower-case names of the gazetteer in this document, as one pattern (None if there are none).

    Names that are also words ("nice", "split") are candidates only with what
    can make them places right after them (", Country", " strait"), so that
    "nice" in every sentence costs one regex scan, not a look at each one.
    Multi-word names ("new york") must be written out in full.
    """
    present = gazetteer.first_words.intersection(doc.counts)
    plain, wordlike, multi = [], [], []
    for first in present:
        if len(first) < 4 or not first.islower():
            continue
        place = gazetteer.single(first)
        if place is not None:
            (wordlike if place.is_word else plain).append(first)
        multi.extend(n for n in gazetteer.names_starting_with(first) if n in doc.text)
    alternatives = [_at_word_start(n) for n in sorted(plain + multi, key=len, reverse=True)]
    if wordlike:
        context = r"(?=,[ \t]?[A-Z]| (?:" + "|".join(sorted(GEOGRAPHIC_FEATURES)) + r")\b)"
        alternatives.extend(_at_word_start(n) + context for n in wordlike)
    if not alternatives:
        return None
    return re.compile("(?:" + "|".join(alternatives) + r")(?![^\W\d_])")


def _at_word_start(name: str) -> str:
    """``name`` as a regex that starts a word: no letter before it, checked by a
    lookbehind over its first character. An alternation whose branches all open
    with a plain character lets the engine skip ahead to candidates; a lookbehind
    in front of it would be tried at every position of the text."""
    return re.escape(name[0]) + r"(?<![^\W\d_].)" + re.escape(name[1:])


def _following_words(doc: DocumentWords, word: Word, count: int) -> list[Word]:
    """``word`` and up to ``count`` words after it on its line, one space apart."""
    words = [word]
    while len(words) < count + 1:
        nxt = doc.following(words[-1])
        if nxt is None or nxt.gap != " ":
            break
        words.append(nxt)
    return words


def _place_evidence(doc: DocumentWords, gazetteer: Gazetteer, place: Place, words: list[Word], n: int
                    ) -> tuple[str | None, int]:
    """Why this lower-case name is the place (or None), and how many words the name spans."""
    last = words[n - 1]
    after = words[n] if len(words) > n else doc.following(last)
    if after is not None and after.gap == " " and after.is_lower and after.lower in GEOGRAPHIC_FEATURES:
        return "feature", n + 1  # "kerch strait"
    if after is not None and after.gap.strip() == "," and after.is_capitalised and place.kind == "city":
        region = gazetteer.match([w.lower for w in _following_words(doc, after, 2)], 0)
        if region is not None and region[0].kind != "city" and located_in(place, region[0]):
            return "region", n  # "helsinki, Finland"
    if place.is_word:
        return None, n
    if place.kind != "city":
        return "country", n
    before = doc.previous(words[0])
    if before is not None and before.lower in LOCATIVE_PREPOSITIONS:
        return "preposition", n
    return None, n


def _describe(place: Place, gazetteer: Gazetteer) -> str:
    if place.kind == "country":
        return "a country"
    if place.kind == "state":
        return "a US state"
    countries = sorted(gazetteer.country_name(code) for code in place.countries)
    return f"a city in {' / '.join(countries)}" if countries else "a city"


_FUNCTION_WORDS = MINOR_TITLE_WORDS | DETERMINERS_AND_MODALS


def _is_function_word(lower: str) -> bool:
    return lower in _FUNCTION_WORDS


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"
