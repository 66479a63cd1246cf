"""F102 conflicting-titles: one person called both "President X" and "the former
President" (or "CEO X" and "former CEO X") in one document.

Text stitched together from articles of different years keeps each one's title
for the same person. A document can use both honestly only when it marks time
("then-President Smith", "President Smith's administration"), so those forms are
not read as claims about the present; neither is anything inside quotation
marks, since speakers keep courtesy titles ("Vice President Biden" for a former
vice president, in testimony).

A bare "the former President" is resolved to the one person named with that role
earlier in the document; when two or more people carry the role, it is left alone.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from dataclasses import dataclass
from typing import Iterable, Iterator

from rapidfuzz.distance import Levenshtein

from ..document import LineIndex, Paragraph, iter_paragraphs
from ..findings import Finding, Severity
from ..rules import define_rule
from .lexicon import COMMON_CAPITALISED
from .text import inside, paragraphs_holding, quoted_spans, strip_possessive

CONFLICTING_TITLES = define_rule(
    "F102",
    "conflicting-titles",
    "The same person is given a current and a former title for the same role",
    textwrap.dedent("""\
    "President Smith ... The Former President has a history of ..." in one paragraph:
    one of the two is wrong for the date the text claims, a sign of recycled or
    machine-spun copy. Report only: decide which title fits the publication date.

    Titles read: president, vice president, prime minister, premier, chancellor, CEO /
    chief executive, chairman, senator, governor, mayor, minister, secretary of state,
    speaker, attorney general, king, queen, pope, coach. Not read as conflicts:
    "then-President X", "the late ...", "acting ...", "President X's administration",
    titles inside quotation marks, a bare "the former president" after another person
    is named in full ("... attacked Barack Obama. The former president replied"),
    ministers of different portfolios (Foreign, Justice), an aside (", a former
    minister,"), two first names with one surname ("Andrew Cuomo", "Mario Cuomo").
    False positives: two people of the same surname and role named by surname alone.
    """),
    examples=["Mayor Ana Ruiz opened the new bridge on Monday. The former mayor has promised it since 2019."],
    counter_examples=[
        "Former Mayor Ana Ruiz opened the new bridge on Monday. The former mayor has promised it since 2019.",
        "Former Mayor Ana Ruiz spoke first. \"Mayor Ruiz gave us this bridge,\" a resident said.",
    ],
    severity=Severity.WARNING,
)

# Role words, longest first so "Vice President" wins over "President".
_ROLES = {
    "vice president": "vice president", "vice-president": "vice president", "president": "president",
    "prime minister": "prime minister", "premier": "prime minister", "chancellor": "chancellor",
    "chief executive officer": "ceo", "chief executive": "ceo", "ceo": "ceo", "chairman": "chair",
    "chairwoman": "chair", "chairperson": "chair", "senator": "senator", "sen.": "senator",
    "governor": "governor", "gov.": "governor", "mayor": "mayor", "minister": "minister",
    "secretary of state": "secretary of state", "speaker": "speaker", "attorney general": "attorney general",
    "king": "king", "queen": "queen", "pope": "pope", "head coach": "coach", "coach": "coach",
}
_ROLE_ALT = "|".join(re.escape(r).replace(r"\ ", r"\s") for r in sorted(_ROLES, key=len, reverse=True))
# Matched in the lower-cased line (same offsets): case-insensitive matching is slower.
_ROLE_RE = re.compile(r"(?<!\w)(?P<role>" + _ROLE_ALT + r")(?![\w-])")

# "former", "ex-", possibly with up to three capitalised qualifiers before the role:
# "former U.S. President", "ex-WeWork CEO".
_FORMER_BEFORE_RE = re.compile(
    r"(?i:\b(?P<mod>former|ex|erstwhile|one-time|onetime|then|late|acting|interim|outgoing|incoming))"
    r"[\s-]{1,2}(?:[A-Z][\w.’'&-]{0,25}\s){0,3}$"
)
_THE_BEFORE_RE = re.compile(r"(?i:\b(?:the|a)\s)$")  # searched with an end position: "The Former"
_NAME_RE = re.compile(r"\s(?P<name>(?:[A-Z][\w.’'-]{0,25}\s?){1,3})")
_HISTORIC_AFTER_RE = re.compile(
    r"[’']s?\s(?:[a-z-]{0,20}\s)?(?:administration|presidency|term|tenure|era|government|cabinet|"
    r"years|time|reign|premiership|chancellorship)\b", re.IGNORECASE
)
_FORMER = ("former", "ex", "erstwhile", "one-time", "onetime")
_TIME_MARKED = ("then", "late", "acting", "interim", "outgoing", "incoming")


@dataclass(frozen=True, slots=True)
class TitleMention:
    start: int  # offsets into the document text: the title and name as written
    end: int
    text: str
    family: str  # "president", "ceo"...
    person: str | None  # surname, lower-cased; None for a bare "the former president"
    former: bool
    given: str | None = None  # the first names written with it, lower-cased ("andrew"), if any


def find_title_conflicts(text: str) -> Iterator[Finding]:
    """F102 findings: one per person and role that is given both a current and a
    former title in ``text``."""
    lower = text.lower()
    if "former" not in lower and "ex-" not in lower and "ex " not in lower:
        return  # no former title anywhere: nothing can conflict
    if len(lower) == len(text) and not _gives_former_title(text, lower):
        return  # the same, read closely: a few lines hold "former" (or "ex-"...), and none before a role
    lines = None
    seen: dict[tuple[str, str], TitleMention] = {}  # (family, person) -> first mention
    people: dict[str, list[str]] = {}  # family -> distinct people named with it, in order
    reported: set[tuple[str, str]] = set()
    for mention in _mentions(text, lower):
        person = mention.person
        if person is None:  # "the former President": the one person named with that role
            named = people.get(mention.family, [])
            if len(named) != 1:
                continue
            person = named[0]
            titled = seen.get((mention.family, person))
            if titled is not None and _names_someone_else(text[titled.end:mention.start], person):
                continue  # "President Trump attacked Barack Obama. The former president replied"
        else:
            person = _same_person(person, people.setdefault(mention.family, []))
        key = (mention.family, person)
        first = seen.get(key)
        if first is None:
            seen[key] = mention
            continue
        if first.given and mention.given and first.given != mention.given:
            continue  # "Gov. Andrew Cuomo" and "former Gov. Mario Cuomo": two people
        if first.former != mention.former and key not in reported:
            reported.add(key)
            lines = lines or LineIndex(text)
            line = lines.position(first.start)[0]
            yield Finding(
                "F102",
                f"conflicting titles: \"{mention.text}\" here, \"{first.text}\" on line {line} "
                f"(same {mention.family}: {person.title()})",
                mention.start, mention.end, Severity.WARNING, None,
                {"person": person, "role": mention.family, "other_title": first.text, "other_line": line,
                 "former_here": mention.former},
            )


def _names_someone_else(between: str, person: str) -> bool:
    """Does ``between`` name another person in full ("Barack Obama"), whom a bare
    "the former president" after it may mean?"""
    for first, last in _FULL_NAME_RE.findall(between):
        if (first.lower() not in COMMON_CAPITALISED and last.lower() not in COMMON_CAPITALISED
                and last.lower() != person and first.lower() not in _NOT_NAMES and last.lower() not in _NOT_NAMES):
            return True
    return False


_FULL_NAME_RE = re.compile(r"\b([A-Z][a-z’'-]{1,25}) ([A-Z][a-z’'-]{1,25})\b")


def _same_person(person: str, named: list[str]) -> str:
    """The key of an already named person this surname is a spelling of, else itself."""
    for known in named:
        if known == person or (min(len(known), len(person)) >= 6
                               and Levenshtein.distance(known, person, score_cutoff=1) <= 1):
            return known
    named.append(person)
    return person


def _mentions(text: str, lower: str) -> Iterator[TitleMention]:
    if len(lower) == len(text):  # same offsets: the lines naming a role are found in the whole text
        paragraphs = list(paragraphs_holding(text, _offsets(lower, _ROLE_STEMS)))
    else:
        paragraphs = list(iter_paragraphs(text))
    matches = _role_matches(paragraphs)
    if len(matches) < 2:
        return  # a conflict takes two mentions
    quotes = quoted_spans(text)
    for para, match in matches:
        if inside(quotes, para.start + match.start()):
            continue
        mention = _mention(para.text, match, para.start)
        if mention is not None:
            yield mention


def _role_matches(paragraphs: Iterable[Paragraph]) -> list[tuple[Paragraph, re.Match[str]]]:
    matches = []
    for para in paragraphs:
        line_lower = para.text.lower()
        if len(line_lower) == len(para.text):
            matches.extend((para, match) for match in _ROLE_RE.finditer(line_lower))
    return matches


def _gives_former_title(text: str, lower: str) -> bool:
    """False when no line of ``text`` holds a former title ("former President X",
    "ex-CEO"), in quotes or not. ``lower`` is ``text.lower()``, of the same length.

    A former title is a role within `_FORMER_REACH` characters after a word of
    _FORMER on its line, so only those stretches are read. No role contains such a
    word: _ROLE_RE read from one finds the matches it finds reading the whole line.
    """
    marks = sorted(_offsets(lower, _FORMER_MARKS) + [m.start() for m in _EX_RE.finditer(lower)])
    for para in paragraphs_holding(text, marks):
        line_lower = lower[para.start:para.end]  # what para.text.lower() gives
        for mark in marks[bisect.bisect_left(marks, para.start):bisect.bisect_left(marks, para.end)]:
            start = mark - para.start
            # Cut where no role starting within reach can be cut short.
            for match in _ROLE_RE.finditer(line_lower, start, start + _FORMER_REACH + 30):
                if match.start() > start + _FORMER_REACH:
                    break
                mention = _mention(para.text, match, para.start)
                if mention is not None and mention.former:
                    return True
    return False


_FORMER_REACH = 60  # `_mention` looks this far before a role for its modifier


# A word each role of _ROLES contains. str.find runs at C speed, where _ROLE_RE tries
# every position: the few lines holding one of these are the only ones worth reading.
_ROLE_STEMS = ("president", "minister", "premier", "chancellor", "chief", "ceo", "chair", "senator", "sen.",
               "governor", "gov.", "mayor", "secretary", "speaker", "attorney", "king", "queen", "pope", "coach")
# Part of each word of _FORMER as the lower-cased text spells it, "ex" apart. Without
# "i" or "s": _FORMER_BEFORE_RE ignores case, so "ı" and "ſ" (which lower() keeps)
# can stand for them.
_FORMER_MARKS = ("former", "twh", "one-t", "onet")
_EX_RE = re.compile(r"ex[\s-]")


def _offsets(lower: str, words: Iterable[str]) -> list[int]:
    """Sorted offsets of every ``words`` in ``lower``."""
    offsets = []
    for word in words:
        pos = lower.find(word)
        while pos != -1:
            offsets.append(pos)
            pos = lower.find(word, pos + len(word))
    offsets.sort()
    return offsets


def _mention(line: str, match: re.Match[str], offset: int) -> TitleMention | None:
    role = match.group("role")
    family = _ROLES[" ".join(role.lower().split())]
    before = line[max(0, match.start() - _FORMER_REACH):match.start()]
    modifier = _FORMER_BEFORE_RE.search(before)
    mod = modifier.group("mod").lower() if modifier else None
    if mod in _TIME_MARKED:
        return None  # "then-President", "the late Queen": marked as past on purpose
    former = mod in _FORMER
    start = match.start() - (len(before) - modifier.start()) if modifier else match.start()
    portfolio = _PORTFOLIO_RE.search(line, max(0, match.start() - 30), match.start()) if family == "minister" else None
    if portfolio is not None and portfolio.group(1).lower() not in COMMON_CAPITALISED | _FORMER_WORDS:
        family = f"{portfolio.group(1).lower()} minister"  # a Foreign Minister is not a Justice Minister
    name_match = _NAME_RE.match(line, match.end())
    names, length = _name_words(name_match.group("name")) if name_match else ([], 0)
    if names:
        name = names[-1].lower()
        end = name_match.start("name") + length
        if not former and _HISTORIC_AFTER_RE.match(line, end - _possessive_len(line[:end])):
            return None  # "President Smith's administration": that time, not the title now
        given = " ".join(names[:-1]).lower() or None
        return TitleMention(start + offset, end + offset, line[start:end], family, name, former, given)
    if not former:
        return None  # a bare "the president" could be anyone
    if line[match.end():match.end() + 4].lower() == " of ":
        return None  # "the former president of the club": someone else's role
    article = _THE_BEFORE_RE.search(line, max(0, start - 5), start)
    if article is None:
        return None  # "former president" with no article is a description, not a reference
    if article.group(0).strip().lower() == "a" and line[:article.start()].rstrip().endswith(","):
        return None  # "Heiko Maas, a former justice minister, ...": a career told in passing
    return TitleMention(article.start() + offset, match.end() + offset, line[article.start():match.end()],
                        family, None, True)


def _possessive_len(text: str) -> int:
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return len(suffix)
    return 0


# Words a full stop does not end a name after: initials ("J."), "Jr.", "Sr.".
_NAME_ABBREVIATIONS = frozenset({"jr", "sr", "st", "dr", "mr", "mrs", "ms"})


def _name_words(raw: str) -> tuple[list[str], int]:
    """The words of a name ("Jane Smith’s" -> ["Jane", "Smith"]), none when they are no
    name, and how many characters of ``raw`` they take (up to the end of the last
    word, its possessive and an initial's full stop, not a sentence's)."""
    kept: list[str] = []
    length = 0
    at = 0
    for word in raw.split():
        at = raw.index(word, at)
        core = strip_possessive(word).rstrip(".,")
        if not core or core.lower() in COMMON_CAPITALISED or core.lower() in _NOT_NAMES:
            break
        kept.append(core)
        bare = word.rstrip(".,")
        abbreviation = word.endswith(".") and (len(core) == 1 or core.lower() in _NAME_ABBREVIATIONS)
        length = at + (len(word) if abbreviation else len(bare))
        at += len(word)
        if core != bare:
            break  # a possessive ends the name: "President Smith’s July call"
        if word != bare and not abbreviation:
            break  # "President Biden. Trump left early": a full stop or a comma ends it
    return kept, length


# The capitalised word before "Minister" that names a portfolio ("Foreign Minister").
_PORTFOLIO_RE = re.compile(r"\b([A-Z][a-z]{2,20})[\s-]$")
_FORMER_WORDS = frozenset({"former", "erstwhile", "then", "late", "acting", "interim", "outgoing", "incoming",
                           "prime", "deputy"})


_NOT_NAMES = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday of and office""".split()
)
