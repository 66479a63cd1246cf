"""Family C, names: proper nouns and place names written in lower case.

Evidence comes from two places. The document itself: a word it capitalises
mid-sentence again and again ("Trump", "Vladimir Putin", "United Nations") is
a name there, so a lower-case copy is a slip. And a gazetteer: "helsinki" and
"kerch" are places even if the document names them once.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Fix
from ..rules import define_rule
from .english import DETERMINERS_AND_MODALS, GEOGRAPHIC_FEATURES, LOCATIVE_PREPOSITIONS, MINOR_TITLE_WORDS, \
    common_words
from .gazetteer import Gazetteer, Place, located_in
from .words import DocumentWords, Word

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
    examples="They met at a summit in helsinki, Finland, in July 2018.",
    counter_examples="The weather was nice in Finland, and reading the news from Helsinki took an hour.",
    fix="safe",
)


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
    words = doc.words
    for i, word in enumerate(words):
        nxt = doc.following(i)
        if nxt is None or nxt.gap != " " or word.urlish or nxt.urlish or doc.is_label(word.line):
            continue
        if word.is_lower and nxt.is_capitalised:
            slip, slip_at = word, 0
            after = doc.following(i + 1)
            if after is not None and after.gap == " " and after.is_capitalised:
                continue  # "former President Barack Obama": a title before a name
        elif word.is_capitalised and nxt.is_lower and not word.opens_sentence:
            slip, slip_at = nxt, 1
        else:
            continue
        pair = (word.lower, nxt.lower)
        # A lower-case first half only follows a name's first word ("united Nations"); a
        # lower-case second half may be a common noun after a title ("Lankan president").
        capitalised = doc.capitalised_pairs[pair] if slip_at == 0 else doc.closed_pairs[pair]
        mixed = doc.mixed_pairs[(*pair, slip_at)]
        if not capitalised or mixed > capitalised or doc.lowercase[slip.lower] > mixed:
            continue
        if slip_at == 0 and not doc.mid_pairs[pair] and doc.standalone_mid[nxt.lower] > mixed:
            continue  # "Physical Esc" opened a sentence, and "the Esc key" stands alone: a modifier
        if len(slip.text) < 3 or _is_function_word(word.lower) or _is_function_word(nxt.lower):
            continue
        proper = " ".join(_capitalise(w.text) if w is slip else w.text for w in (word, nxt))
        yield Finding(PROPER_NOUN.code, f"'{slip.text}' in lower case: the document writes '{proper}' "
                      f"{_times(capitalised)}", slip.start, slip.end, PROPER_NOUN.severity,
                      Fix(_capitalise(slip.text), slip.start, slip.end))


MIN_STANDALONE = 3  # mid-sentence capitalised uses, alone, needed before a word counts as a name
MIN_STANDALONE_RATIO = 2  # ... and this many times the lower-case uses


def find_lowercase_proper_nouns(doc: DocumentWords) -> Iterator[Finding]:
    """C103: a word the document uses as a one-word name, here in lower case.

    The capitalised form must stand alone mid-sentence (no capitalised word
    beside it) at least three times and twice as often as the lower case
    form, and the word must not be an everyday English word (the
    10,000 most frequent): "the Force" in a Star Wars review does not make
    "the main force" a name.
    """
    common = common_words()
    for i, word in enumerate(doc.words):
        if not word.is_lower or word.urlish or len(word.text) < 3 or _is_function_word(word.lower):
            continue
        if doc.is_label(word.line):
            continue
        standalone = doc.standalone_mid[word.lower]
        if standalone < MIN_STANDALONE or standalone < MIN_STANDALONE_RATIO * doc.lowercase[word.lower]:
            continue
        if word.lower in common:
            continue
        before = doc.previous(i)
        if before is not None and before.lower in DETERMINERS_AND_MODALS:
            continue  # "a swift response", "to trump": the common word
        yield Finding(PROPER_NOUN.code, f"'{word.text}' in lower case: the document writes "
                      f"'{_capitalise(word.text)}' on its own mid-sentence {_times(standalone)}",
                      word.start, word.end, PROPER_NOUN.severity, Fix(_capitalise(word.text), word.start, word.end))


def find_lowercase_places(doc: DocumentWords, gazetteer: Gazetteer) -> Iterator[Finding]:
    """C104: gazetteer names in lower case, with the context they need."""
    lowers = [w.lower for w in doc.words]
    found: list[tuple[Place, int, int, bool]] = []  # place, first word, word count, has evidence
    unsupported: set[str] = set()
    for i, word in enumerate(doc.words):
        if not word.is_lower or word.urlish or doc.is_label(word.line):
            continue
        match = gazetteer.match(lowers, i)
        if match is None:
            continue
        place, n = match
        if not _is_written_together(doc, i, n):
            continue
        evidence, span_words = _place_evidence(doc, gazetteer, place, i, n)
        if evidence is None:
            unsupported.add(place.name)
            continue
        found.append((place, i, span_words, True))
    for place, i, n, _ in found:
        if place.name in unsupported:
            continue  # written in lower case elsewhere with no sign of a place: likely a word
        first, last = doc.words[i], doc.words[i + n - 1]
        written = doc.text[first.start:last.end]
        proper = " ".join(_capitalise(w.text) if w.is_lower else w.text for w in doc.words[i:i + n])
        yield Finding(PLACE_NAME.code, f"'{written}' in lower case: {_describe(place, gazetteer)}, "
                      f"written '{proper}'", first.start, last.end, PLACE_NAME.severity,
                      Fix(proper, first.start, last.end))


def _place_evidence(doc: DocumentWords, gazetteer: Gazetteer, place: Place, i: int, n: int
                    ) -> tuple[str | None, int]:
    """Why this lower-case name is the place (or None), and how many words the name spans."""
    words = doc.words
    after = doc.following(i + n - 1)
    if after is not None and after.gap == " " and after.is_lower and after.lower in GEOGRAPHIC_FEATURES:
        return "feature", n + 1  # "kerch strait"
    if after is not None and after.gap.strip() == "," and after.is_capitalised and place.kind == "city":
        region = gazetteer.match([w.lower for w in words[i + n:i + n + 3]], 0)
        if region is not None and region[0].kind != "city" and located_in(place, region[0]):
            return "region", n  # "helsinki, Finland"
    if place.is_word:
        return None, n
    if place.kind != "city":
        return "country", n
    before = doc.previous(i)
    if before is not None and before.gap != "" and before.lower in LOCATIVE_PREPOSITIONS:
        return "preposition", n
    return None, n


def _is_written_together(doc: DocumentWords, i: int, n: int) -> bool:
    """The n words of a multi-word name stand on one line, one space apart, all lower case."""
    for k in range(i + 1, i + n):
        if doc.words[k].line != doc.words[i].line or doc.words[k].gap != " " or not doc.words[k].is_lower:
            return False
    return True


def _describe(place: Place, gazetteer: Gazetteer) -> str:
    if place.kind == "country":
        return "a country"
    if place.kind == "state":
        return "a US state"
    countries = sorted(gazetteer.country_name(code) for code in place.countries)
    return f"a city in {' / '.join(countries)}" if countries else "a city"


def _is_function_word(lower: str) -> bool:
    return lower in MINOR_TITLE_WORDS or lower in DETERMINERS_AND_MODALS


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"
