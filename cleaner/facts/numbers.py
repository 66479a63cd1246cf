"""Figures in text: ``12,500``, ``over 12,500``, ``3.5 million``, ``$40-50 billion``,
``Fifty-one percent``, ``hundreds of thousands``.

A `Figure` is a number that states an amount, with its qualifier and unit. What is
NOT a figure: years and dates (the caller passes their spans as ``blocked``),
clock times (``4:30``), ordinals (``14th``), labels and model names (``iPhone 11``,
``Series 5``, ``COVID-19``, ``A350-900``), compound modifiers (``16-inch``,
``8-year-old``), list numbering (``1. Freezing the Conflict``), scores (``4-1``)
and numbers inside URLs. Small numbers spelled out (``two powers``, ``three
rifles``) are left out on purpose: they count things in passing and are almost
never the figures people report, quote or check; ``ten`` and up are kept.

Every pattern is bounded and runs per paragraph.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable

from .text import plural_follows, word_key

_SMALL = ("one two three four five six seven eight nine").split()
_TEENS = ("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = ("twenty thirty forty fifty sixty seventy eighty ninety").split()
_WORD_VALUE = {w: i + 1 for i, w in enumerate(_SMALL)} | {w: i + 10 for i, w in enumerate(_TEENS)} | {
    w: (i + 2) * 10 for i, w in enumerate(_TENS)
} | {"a": 1, "an": 1}

SCALES = {"hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9,
          "trillion": 1e12}
_SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}

# Vague amounts: (lowest value the phrase can mean, the value where it stops
# fitting). "thousands" means at least two thousand and, loosely, less than a
# hundred thousand; the wide upper bounds keep disagreement checks conservative.
_VAGUE = {
    "dozens": (24, 200), "hundreds": (200, 10_000), "thousands": (2_000, 100_000),
    "tens of thousands": (20_000, 200_000), "hundreds of thousands": (200_000, 2_000_000),
    "millions": (2e6, 1e8), "tens of millions": (2e7, 2e8), "hundreds of millions": (2e8, 2e9),
    "billions": (2e9, 1e11), "a few hundred": (200, 1_000), "several hundred": (200, 1_000),
    "a few thousand": (2_000, 10_000), "several thousand": (2_000, 10_000),
    "a few million": (2e6, 1e7), "several million": (2e6, 1e7), "a dozen": (12, 13),
}

_CORE_RE = re.compile(
    r"""
    (?P<digits>
        (?<![\w.:/\-])(?<!\d,)                    # not the middle of a token, a time or a path
        (?:\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?   # 12,500 / 1,234.5
          |(?P<dotted>\d{1,3}(?:\.\d{3}){2,4}(?![.,]?\d)   # 1.000.000 (dots group thousands)
          |[1-9]\d{0,2}\.\d\d0(?![.,]?\d|\s?%|\s(?:percent|per\scent|hundred|thousand|[mb]illion|trillion)\b))
                                                  # 70.000 / 12.500: a dot before three digits
                                                  # ending in 0 groups thousands; "16.057%" is a decimal
          |\d{1,3}(?:[\u00a0\u202f]\d{3}){1,4}    # 14 000 with a no-break or narrow space
          |\d{1,12}(?:\.\d{1,6})?)                # 12500 / 3.5
    )
    | (?P<vague>
        \b(?:(?:tens|hundreds)\ of\ (?:thousands|millions|billions)
           |(?:a\ few|several)\ (?:hundred|thousand|million)
           |dozens|hundreds|thousands|millions|billions
           |a\ dozen)\b
    )
    | (?P<words>
        \b(?:(?:""" + "|".join(_TENS) + r""")(?:[-\ ](?:""" + "|".join(_SMALL) + r"""))?
           |""" + "|".join(_TEENS) + r"""
           |(?:""" + "|".join(_SMALL) + r"""|a|an|half\ a)(?=\ (?:hundred|thousand|million|billion|trillion)\b))\b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Where a figure can start; _CORE_RE is tried only there. Digit runs come from one
# plain pattern; number words from a few substring searches (str.find runs at C
# speed, where a case-insensitive alternation of forty words would try every letter).
_DIGIT_RUN_RE = re.compile(r"\d+")
_NUMBER_ANCHORS = ("hundred", "thousand", "million", "billion", "trillion", "dozen", "twenty", "thirty", "forty",
                   "fifty", "sixty", "seventy", "eighty", "ninety", "teen", "ten", "eleven", "twelve")
_WORD_START_RE = re.compile(r"(?<![^\W_])[^\W_]")
_MAX_ANCHORS = 2000  # per text: bounds the work on pathological input


def figure_starts(text: str) -> list[int]:
    """Sorted offsets where a figure may start: digit runs and number-word phrases
    (the word holding a number anchor and the two words before it: "tens of thousands")."""
    starts = [m.start() for m in _DIGIT_RUN_RE.finditer(text)]
    lower = text.lower()
    if len(lower) != len(text):  # lower() moved offsets (a few letters such as "İ"): digits only
        return starts
    extra: set[int] = set()
    found = 0
    for anchor in _NUMBER_ANCHORS:
        pos = lower.find(anchor)
        while pos != -1 and found < _MAX_ANCHORS:
            found += 1
            window_start = max(0, pos - 24)
            word_starts = [m.start() for m in _WORD_START_RE.finditer(lower, window_start, pos + 1)]
            extra.update(word_starts[-3:])
            pos = lower.find(anchor, pos + len(anchor))
    if extra:
        starts = sorted(set(starts) | extra)
    return starts
_SCALE_AFTER_RE = re.compile(
    r"(?:\s|-)?(?P<scale>hundred|thousand|million|billion|trillion|lakh|crore)\b"
    r"|(?P<suffix>k|m|mn|bn|b|tn)\b",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(r"\s?%|\s(?:percent|per\scent|pc)\b|\spercentage\spoints?\b", re.IGNORECASE)
_CURRENCY_BEFORE_RE = re.compile(
    r"(?P<cur>(?:US|A|C|HK|NZ|S|R)?\$|€|£|¥|₹|\bRs\.?|\bUSD|\bEUR|\bGBP|\bINR)\s?$"
)
_CURRENCY_AFTER_RE = re.compile(
    r"\s(?:(?:hong\skong|us|u\.s\.|canadian|australian|new\szealand|singapore)\s)?"
    r"(?P<cur>dollars?|euros?|pounds?(?:\ssterling)?|yen|yuan|renminbi|rupees?|roubles?|rubles?|francs?|pesos?|"
    r"hryvnias?|naira|won|rand)\b",
    re.IGNORECASE,
)
_CURRENCY_NAMES = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "₹": "rupee", "rs": "rupee",
                   "usd": "dollar", "eur": "euro", "gbp": "pound", "inr": "rupee"}

_QUALIFIER_RE = re.compile(
    r"(?:^|[\s,(;:—–])(?P<q>just\s(?:over|under)|well\s(?:over|above)|more\sthan|over|at\sleast|upwards\sof|"
    r"in\sexcess\sof|nearly|almost|close\sto|up\sto|as\smany\sas|fewer\sthan|less\sthan|under|below|"
    r"about|around|roughly|approximately|some|an\sestimated|estimated|approx\.|an\saverage\sof)"
    r"\s{1,3}(?:of\s)?$",
    re.IGNORECASE,
)
# How each qualifier bounds the amount: "over 12,500" is at least 12,500.
_LOWER_BOUND = ("over", "just over", "well over", "well above", "more than", "at least", "upwards of",
                "in excess of")
_UPPER_BOUND = ("nearly", "almost", "close to", "up to", "as many as", "fewer than", "less than", "under",
                "just under", "below")

_SECOND_RE = re.compile(r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?(?![\d])|\d{1,12}(?:\.\d{1,6})?(?![\d,])")
_RANGE_RE = re.compile(r"\s?(?:-|–|—|\sto\s)\s?(?=[$€£¥₹]?\d)")
# After a number: a time, a fraction or a compound modifier ("16-inch", "8-year-old").
_NOT_AMOUNT_AFTER_RE = re.compile(r"(?::\d|/\d|-[^\W\d_]|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|ET\b))")
_LIST_MARKER_RE = re.compile(r"^\s{0,8}(?:[-*•]\s{1,3})?$")
_WEB_ADDRESS = r"(?:https?://|www\.)[^\s\"<>]{1,500}"
_URL_RE = re.compile(_WEB_ADDRESS + r"|[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{2,40}")
_WEB_RE = re.compile(_WEB_ADDRESS)
_YEAR_RE = re.compile(r"(?:1[6-9]|20)\d\d")

# Words that may stand, capitalised, at a sentence start right before a figure
# ("About 300 people", "Another 30"); any other capitalised word right before a
# bare number makes it a label ("Series 5", "Title 42").
_LEAD_WORDS = frozenset(
    """the a an and but or with only all another some about over nearly just more at of in for by to from after
    since while when as if roughly almost around approximately least fewer less under than up its their his
    her our these those total whereas although though because so then yet still police officials authorities
    estimated""".split()
)
_LABEL_WORDS = frozenset(
    """no nos number chapter section article page flight route room version level grade episode season game
    week day round stage phase vol part act step""".split()
)
_LAST_WORD_RE = re.compile(r"([^\W\d_][\w’'.\-]{0,28})$")


@dataclass(frozen=True, slots=True)
class Figure:
    """An amount stated in text: ``text[start:end]`` (qualifier and unit included)."""

    start: int
    end: int
    text: str
    value: float  # the figure as written ("over 12,500" -> 12500; "hundreds" -> 200)
    low: float  # the smallest amount the wording allows
    high: float  # the largest (math.inf for "more than")
    qualifier: str | None  # "over", "nearly", "about"... as written, lower-cased
    unit: str | None  # "percent", or a currency: "dollar", "euro"...
    vague: bool = False  # "hundreds", "millions": an order of magnitude, not a number
    number_start: int = 0  # where the number itself starts (after qualifier and currency)


def find_urls(text: str) -> list[tuple[int, int]]:
    if "@" not in text:
        if "://" not in text and "www." not in text:
            return []
        # No e-mail address: its alternative, which retries up to 64 characters at
        # every position, can be left out.
        return [(m.start(), m.end()) for m in _WEB_RE.finditer(text)]
    return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]


def find_figures(text: str, blocked: Iterable[tuple[int, int]] = (),
                 starts: Iterable[int] | None = None) -> list[Figure]:
    """Every figure in ``text`` (one paragraph), in order.

    ``blocked`` spans (dates, URLs) are never read as figures. False positives:
    a year-like count written bare ("in 1500 homes") is a figure only when a plural
    noun follows it; identifiers written as plain digits ("flight 370" in lower
    case) are read as figures.
    """
    blocked = sorted(list(blocked) + find_urls(text))
    figures: list[Figure] = []
    pos = 0
    for start in (figure_starts(text) if starts is None else starts):
        if start < pos or (blocked and _in_spans(blocked, start)):
            continue
        match = _CORE_RE.match(text, start)
        if match is None:
            continue
        figure = _figure_at(text, match)
        if figure is None:
            continue
        figures.append(figure)
        pos = figure.end
    return figures


def _in_spans(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(a <= offset < b for a, b in spans)


def _figure_at(text: str, match: re.Match[str]) -> Figure | None:
    start, end = match.start(), match.end()
    if match.group("vague") is not None:
        low, high = _VAGUE[word_key(match.group(0))]
        qualifier, qstart = _qualifier(text, start)
        return Figure(qstart, end, text[qstart:end], float(low), float(low), float(high), qualifier, None, True,
                      start)
    value, is_digits = _parse(match)
    if value is None or text[max(0, start - 8):start].lower().rstrip().endswith("out of"):
        return None  # unreadable, or "eight out of ten": a denominator, not an amount
    number_start = start
    currency = None
    if is_digits:
        currency, start = _currency_before(text, start)
    value, end, scaled = _scaled(text, end, value, currency)
    if not is_digits and not scaled and value < 10:
        return None  # "one", "a": only with a scale word
    if is_digits and not scaled and currency is None and _is_not_amount(text, match):
        return None
    if _NOT_AMOUNT_AFTER_RE.match(text, end) and not _RANGE_RE.match(text, end):
        return None
    high = value
    rng = _range_after(text, start, end, currency)
    if rng is not None:
        second, second_end, factor = rng
        if not scaled:
            value *= factor
        if second > value:
            high, end = second, second_end
        elif _looks_like_score(match.group(0), text[end:second_end]):
            return None
    unit, end = _unit_after(text, end, currency)
    qualifier, qstart = _qualifier(text, start)
    low, high = _bounds(qualifier, value, high)
    return Figure(qstart, end, text[qstart:end], value, low, high, qualifier, unit, False, number_start)


def _currency_before(text: str, start: int) -> tuple[str | None, int]:
    """("dollar", start of "$") for "$40", else (None, start)."""
    cur = _CURRENCY_BEFORE_RE.search(text, max(0, start - 5), start)
    if cur is None:
        return None, start
    symbol = cur.group("cur")
    return ("dollar" if symbol.endswith("$") else _CURRENCY_NAMES[symbol.lower().rstrip(".")]), cur.start()


def _scaled(text: str, end: int, value: float, currency: str | None) -> tuple[float, int, bool]:
    """Apply a scale word or suffix after the number: "3.5 million", "$1.2bn"."""
    scale = _SCALE_AFTER_RE.match(text, end)
    if scale is None or not (scale.group("scale") or _suffix_is_scale(scale.group("suffix"), currency)):
        return value, end, False
    return value * _factor(scale), scale.end(), True


def _factor(scale: re.Match[str]) -> float:
    word = word_key(scale.group("scale") or "")
    return SCALES[word] if word else _SUFFIX_SCALES[scale.group("suffix").lower()]


def _range_after(text: str, start: int, end: int, currency: str | None) -> tuple[float, int, float] | None:
    """The second number of "$40-50 billion" or "175 million to 225 million": (value,
    end, the scale factor it carries, for a first number written without one)."""
    rng = _RANGE_RE.match(text, end)
    if rng is None or _preceded_by(text, start, ("from",)):  # "from 0.90 to 1.23": a change
        return None
    second = _SECOND_RE.match(text, rng.end() + (1 if text[rng.end()] in "$€£¥₹" else 0))
    if second is None:
        return None
    other, other_end, factor = float(second.group(0).replace(",", "")), second.end(), 1.0
    scale = _SCALE_AFTER_RE.match(text, other_end)
    if scale is not None and (scale.group("scale") or _suffix_is_scale(scale.group("suffix"), currency)):
        factor = _factor(scale)
        other, other_end = other * factor, scale.end()
    return other, other_end, factor


def _unit_after(text: str, end: int, currency: str | None) -> tuple[str | None, int]:
    """Percent or a currency named after the number ("88 billion Hong Kong dollars")."""
    if currency is not None:
        return currency, end
    percent = _PERCENT_RE.match(text, end)
    if percent is not None:
        return "percent", percent.end()
    named = _CURRENCY_AFTER_RE.match(text, end)
    if named is not None:
        return _currency_word(named.group("cur")), named.end()
    return None, end


def _bounds(qualifier: str | None, value: float, high: float) -> tuple[float, float]:
    """The range a qualifier allows: "over 12,500" is 12,500 and up."""
    if qualifier in _LOWER_BOUND:
        return value, math.inf
    if qualifier in _UPPER_BOUND:
        return 0.0, high
    if qualifier is not None:  # "about", "some", "an estimated": a rounded amount
        return value * 0.9, max(high, value) * 1.1
    return value, high


def _suffix_is_scale(suffix: str | None, currency: str | None) -> bool:
    # "1.2bn" is always a scale; "5m" or "10k" only after a currency sign ("$5m"),
    # since "100m" is as often a distance.
    return suffix is not None and (currency is not None or suffix.lower() in ("bn", "mn", "tn"))


def _parse(match: re.Match[str]) -> tuple[float | None, bool]:
    digits = match.group("digits")
    if digits is not None:
        if match.group("dotted"):
            digits = digits.replace(".", "")
        clean = digits.replace(",", "").replace("\u00a0", "").replace("\u202f", "")
        try:
            return float(clean), True
        except ValueError:
            return None, True
    words = match.group("words").lower().replace("-", " ").split()
    if words[:2] == ["half", "a"]:
        return 0.5, False
    return float(sum(_WORD_VALUE.get(w, 0) for w in words)), False


def _currency_word(word: str) -> str:
    word = word.lower().split()[0]
    return {"dollars": "dollar", "euros": "euro", "pounds": "pound", "rupees": "rupee", "roubles": "rouble",
            "rubles": "rouble", "ruble": "rouble", "francs": "franc", "pesos": "peso", "hryvnias": "hryvnia",
            "renminbi": "yuan"}.get(word, word)


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    window_start = max(0, start - 24)
    found = _QUALIFIER_RE.search(text[window_start:start])
    if found is None:
        return None, start
    words = " ".join(found.group("q").lower().split())
    return words.rstrip("."), window_start + found.start("q")


def _preceded_by(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = text[max(0, start - 12):start].lower().split()
    return bool(before) and before[-1] in words


def _is_not_amount(text: str, match: re.Match[str]) -> bool:
    """True for bare digits that are years, labels, ordinals or list numbers."""
    digits = match.group("digits")
    start, end = match.span()
    after = text[end:end + 1]
    if after.isalpha():  # "14th", "5G", "3D"
        return True
    if after == "]" and text[start - 1:start] == "[":  # "[1]": a footnote or link reference
        return True
    bare = digits.isdigit()
    if bare and len(digits) == 4 and _YEAR_RE.fullmatch(digits) and not plural_follows(text, end):
        return True
    if bare and _LIST_MARKER_RE.match(text[max(0, start - 12):start]) and text[end:end + 1] in ".)" \
            and not text[end + 1:end + 2].isdigit():
        return True
    if bare and _label_before(text, start):
        return True
    return False


def _label_before(text: str, start: int) -> bool:
    """'Series 5', 'iPhone 11', 'Title 42', 'No. 3', '#1': a name, not an amount."""
    before = text[max(0, start - 30):start]
    if before.endswith("#"):
        return True
    stripped = before.rstrip()
    if len(stripped) == len(before) or len(before) - len(stripped) > 1:
        return False  # glued or far: not a label
    word = _LAST_WORD_RE.search(stripped)
    if word is None:
        return False
    token = word.group(1)
    if token.lower().rstrip(".") in _LABEL_WORDS:
        return True
    if not (token[0].isupper() or any(c.isupper() for c in token[1:])):
        return False
    return token.lower() not in _LEAD_WORDS


def _looks_like_score(first: str, rest: str) -> bool:
    # "beat Sabres 4-1": a descending hyphenated pair of small numbers is a score.
    return len(first) <= 3 and len(rest.strip(" -–—to")) <= 3
