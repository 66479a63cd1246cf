"""Dates in text: ``as of July 2025``, ``in november 2018``, ``2022-02-24``,
``September 11, 2001``, ``by the end of 2025``, ``2017-2021``, and relative phrases
(``last week``, ``so far this year``, ``three days ago``, ``on Monday``) that the
publication date anchors.

A `DateMention` is a period (``first`` .. ``last``, inclusive) plus the word that
introduces it (its *cue*: ``as of``, ``by``, ``in``, ``since``...), which tells the
claim extractor whether the date is the time a figure refers to ("as of July
2025") or only a starting point ("since 2014") or a name ("the 2016 election").

Month names are matched in any case ("july"), except ``may`` and ``march``, which
must be capitalised or carry a day or year, since they are also common verbs.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from .text import plural_follows, word_key

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MONTH = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december" \
         r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)(?!\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"

# Each alternative is one date form; names tell `_mention` how to read it.
_DATE_RE = re.compile(
    r"""
    (?P<iso>(?<![\d\-])(?P<iy>(?:1[6-9]|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d\-]))
    | (?P<mdy>\b""" + _MONTH.replace("<month>", "<m1>") + r"""\s{1,3}""" + _DAY.replace("<day>", "<d1>")
    + r"""(?:,?\s{0,3}""" + _YEAR.replace("<year>", "<y1>") + r""")?)
    | (?P<dmy>(?<![\d.,])""" + _DAY.replace("<day>", "<d2>") + r"""\s{1,3}(?:of\s)?""" + _MONTH.replace(
        "<month>", "<m2>") + r""",?(?:\s{0,3}""" + _YEAR.replace("<year>", "<y2>") + r""")?)
    | (?P<my>\b""" + _MONTH.replace("<month>", "<m3>") + r""",?\s{1,3}""" + _YEAR.replace("<year>", "<y3>") + r""")
    | (?P<part>\b(?P<pw>early|mid|late|spring|summer|autumn|fall|winter|the\send\sof|end\sof|the\sstart\sof|
         the\sbeginning\sof|the\sfirst\shalf\sof|the\ssecond\shalf\sof|the\sfirst\squarter\sof)[\s-]{1,3}"""
    + _YEAR.replace("<year>", "<y4>") + r""")
    | (?P<years>(?<![\d\-])""" + _YEAR.replace("<year>", "<y5>") + r"""\s?(?:-|–|—|\sto\s|\sthrough\s)\s?
         (?P<y6>(?:1[6-9]|20)?\d\d)(?![\d\-]))
    | (?P<year>(?<![\d.,$€£\-])""" + _YEAR.replace("<year>", "<y7>") + r"""(?![,.]?\d|-\w|\s?%))
    | (?P<century>\b(?:the\s)?(?P<cn>[12]?\d)(?:st|nd|rd|th)[\s-]century\b)
    | (?P<decade>\b(?:the\s)?(?P<dy>(?:1[6-9]|20)\d)0[’']?s\b)
    | (?P<bare>\b""" + _MONTH.replace("<month>", "<m8>") + r"""\b)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_RELATIVE_RE = re.compile(
    r"""
    (?=[\dtysnlpcmeaofw])  # the first letters below: skips most places at once
    \b(?:
      (?P<day>today|tonight|yesterday|tomorrow)
    | (?P<so_far>so\sfar\sthis\syear|to\sdate|year[-\s]to[-\s]date)
    | (?P<rel>(?P<which>this|last|next|past|coming|previous|earlier\sthis|later\sthis|the\spast|the\scoming)
        \s(?P<unit>week|weekend|month|year|decade|monday|tuesday|wednesday|thursday|friday|saturday|sunday))
    | (?P<ago>(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)
        \s(?P<agounit>days?|weeks?|months?|years?)\sago)
    | (?P<onday>(?<=on\s)(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday))
    )\b
    """,
    re.VERBOSE,  # run on lower-cased text: case-insensitive matching is several times slower
)

# The word before a date says what the date is to the sentence.
_CUE_RE = re.compile(
    r"[\s,(;:—–](?P<cue>as\sof|as\sat|as\son|by\sthe\send\sof|at\sthe\send\sof|the\send\sof|end\sof|"
    r"by|in|on|during|until|till|through|throughout|since|from|between|beginning\sin|starting\sin|"
    r"after|before|prior\sto|to|over|of|for|fiscal\syear|year|circa|around|updated|published|posted)\s{1,3}$",
    re.IGNORECASE,
)
# Cues after which the date is when a figure holds; "since 2014" or "from 2014" only
# say when something began, and a date with no cue is usually a name ("the 2016 election").
# "from 2014 to 2021" ends at its "to" date, "over 2014-2021" is the period; "before
# 2022" and "prior to February 2022" date a figure to the time before (BEFORE_CUES).
TIME_OF_CLAIM_CUES = frozenset(
    {"as of", "as at", "as on", "by", "by the end of", "at the end of", "the end of", "end of", "in", "on",
     "during", "until", "till", "through", "throughout", "between", "fiscal year", "year", "of", "for",
     "relative", "start", "to", "over", "before", "prior to"}
)
BEFORE_CUES = frozenset({"before", "prior to"})
AS_OF_CUES = frozenset({"as of", "as at", "as on"})
_YEAR_CUES = frozenset({"as of", "as at", "by", "in", "since", "until", "during", "fiscal year", "year",
                        "the end of", "end of", "by the end of", "at the end of", "from", "before", "after"})


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or period written in text, resolved to ``first``..``last`` when possible."""

    start: int
    end: int
    text: str
    first: dt.date | None  # None: could not be resolved (relative with no publication date)
    last: dt.date | None
    cue: str | None  # "as of", "by", "in", "since"... lower-cased; "relative" for "last week"
    direction: str | None = None  # for relative phrases: "past", "future" or "present"

    @property
    def resolved(self) -> bool:
        return self.first is not None and self.last is not None

    @property
    def is_time_of_claim(self) -> bool:
        return self.cue in TIME_OF_CLAIM_CUES

    @property
    def label(self) -> str:
        return period_label(self.first, self.last)


def period_label(first: dt.date | None, last: dt.date | None) -> str:
    """``2025``, ``2025-07``, ``2025-07-31`` or ``2008-01-01/2016-12-31``."""
    if first is None or last is None:
        return "?"
    if first == last:
        return first.isoformat()
    if first.day == 1 and last == _month_end(last.year, last.month):
        if first.year == last.year and first.month == last.month:
            return f"{first.year:04d}-{first.month:02d}"
        if first.month == 1 and last.month == 12 and first.year == last.year:
            return f"{first.year:04d}"
    return f"{first.isoformat()}/{last.isoformat()}"


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date mention in ``text`` (one paragraph), in order, without overlaps."""
    found: list[DateMention] = []
    lower = text.lower()
    if len(lower) != len(text):  # lower() moved offsets ("İ"): search the text itself
        lower = text
    if _ABSOLUTE_HINT_RE.search(lower):
        pos = 0
        for hit in _DATE_START_RE.finditer(lower):
            if hit.start() < pos:
                continue
            match = _DATE_RE.match(text, hit.start())
            if match is None:
                continue
            pos = match.end()
            mention = _absolute(text, match, published)
            if mention is not None:
                found.append(mention)
    if _RELATIVE_HINT_RE.search(lower):
        # The absolute dates are in order without overlaps: only the last one starting
        # before a match ends can overlap it (a bisection, not a scan of them all).
        starts, ends = [m.start for m in found], [m.end for m in found]
        for match in _RELATIVE_RE.finditer(lower):
            last = bisect.bisect_left(starts, match.end()) - 1
            if last >= 0 and ends[last] > match.start():
                continue
            found.append(_relative(text, match, published))
    found.sort(key=lambda m: m.start)
    return found


def may_date_without_publication(text: str, years: Iterable[int]) -> bool:
    """False when no date `find_dates(text)` finds, without a publication date, is
    resolved and says when a figure holds; True may be wrong.

    ``years`` are the offsets of every year ("2019") and century ordinal ("5th
    century") in ``text``. Without a publication date a resolved date holds one of
    them and starts at most `_LONGEST_LEAD` characters before it, at a digit or at
    a word that can open a date: only those few places are read, not the paragraph.
    """
    first_unread = 0
    for year in years:
        for start in _DATE_CAN_START_RE.finditer(text, max(year - _LONGEST_LEAD, first_unread), year + 1):
            match = _DATE_RE.match(text, start.start())
            if match is not None and match.end() > year:
                mention = _absolute(text, match, None)
                if mention is not None and mention.resolved and mention.is_time_of_claim:
                    return True
        first_unread = max(first_unread, year + 1)
    return False


# The most a date can put before its year: "30th   of september.,   2019" (the
# widest spacing _DATE_RE allows) puts 24 characters; "the first quarter of 2019", 21.
_LONGEST_LEAD = 24
# Where an alternative of _DATE_RE can start: the first digit of a number, or a
# month ("jan" opens "january" too), a part of the year or "the" at a word start.
_DATE_CAN_START_RE = re.compile(
    r"(?<!\d)\d|\b(?i:the|jan|feb|ma[ry]|apr|ju[nl]|aug|sep|oct|nov|dec|early|mid|late|spring|summer|autumn|fall|"
    r"winter|end)")


# Where a date can start, searched in the lower-cased text: the big pattern is tried
# only there (several times faster than letting it scan every position). Words are
# grouped by first letter (no two groups share one, so the order is free): fewer tries.
_DATE_START_RE = re.compile(
    r"\d+|j(?:an|u[nl])|f(?:eb|all)|m(?:a[ry]|id)|a(?:pr|ug|utumn)|s(?:ep|pring|ummer)|oct|nov|dec|"
    r"e(?:arly|nd\sof)|late|winter|the\s(?:[1-9]|end|start|beginning|first|second)")
_ABSOLUTE_HINT_RE = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_RELATIVE_HINT_RE = re.compile(
    r"today|tonight|yesterday|tomorrow|so far|to date|\b(?:this|last|next|past|coming|previous) | ago\b|"
    r"on (?:mon|tues|wednes|thurs|fri|satur|sun)day")


def _cue(text: str, start: int) -> str | None:
    window_start = max(0, start - 24)
    window = text[window_start:start]
    if window_start == 0:
        window = " " + window  # the start of the paragraph counts as a word boundary
    found = _CUE_RE.search(window)
    if found is None:
        return None
    return " ".join(found.group("cue").lower().split())


def _absolute(text: str, m: re.Match[str], published: dt.date | None) -> DateMention | None:
    cue = _cue(text, m.start())
    first = last = None
    try:
        if m.group("iso"):
            first = last = dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        elif m.group("mdy") or m.group("dmy"):
            month = MONTHS[word_key(m.group("m1") or m.group("m2"))]
            day = int(m.group("d1") or m.group("d2"))
            year_text = m.group("y1") or m.group("y2")
            if not 1 <= day <= 31:
                return None
            if not _month_word_ok(m.group("m1") or m.group("m2")):
                return None
            year = int(year_text) if year_text else (_year_said_before(text, m.start(), published)
                                                      or _nearest_year(month, day, published))
            if year is not None:
                first = last = dt.date(year, month, day)
        elif m.group("my"):
            if not _month_word_ok(m.group("m3")):
                return None
            month, year = MONTHS[word_key(m.group("m3"))], int(m.group("y3"))
            first, last = dt.date(year, month, 1), _month_end(year, month)
        elif m.group("part"):
            first, last = _part_of_year(word_key(m.group("pw")), int(m.group("y4")))
            cue = cue or "in"
        elif m.group("years"):
            y1 = int(m.group("y5"))
            y2_text = m.group("y6")
            y2 = int(y2_text) if len(y2_text) == 4 else (y1 // 100) * 100 + int(y2_text)
            if not y1 < y2 <= y1 + 100:
                return None
            first, last = dt.date(y1, 1, 1), dt.date(y2, 12, 31)
            if cue in (None, "from"):
                cue = "between"  # "from 2014 to 2021", "the 2014-2021 war": a period, when a figure held
        elif m.group("year"):
            if plural_follows(text, m.end()) and cue not in _YEAR_CUES:
                return None  # "2000 people": a count, not a year ("in 2019 sales rose" stays a year)
            year = int(m.group("y7"))
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif m.group("century"):
            n = int(m.group("cn"))
            if not 1 <= n <= 21:
                return None
            first, last = dt.date((n - 1) * 100 + 1, 1, 1), dt.date(n * 100, 12, 31)
        elif m.group("decade"):
            y = int(m.group("dy")) * 10
            first, last = dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        elif m.group("bare"):
            word = m.group("m8")
            if cue not in ("in", "since", "by", "until", "till", "during", "from", "of", "through", "early",
                           "late", "before", "after") or not _month_word_ok(word):
                return None
            if len(word) <= 4 and word.lower() not in ("may", "june", "july"):
                return None  # "in Jan" is rare; "in Mar" is more often a name
            month = MONTHS[word_key(word)]
            year = _nearest_year(month, 15, published)
            if year is not None:
                first, last = dt.date(year, month, 1), _month_end(year, month)
    except ValueError:  # 31 February and friends
        return None
    return DateMention(m.start(), m.end(), m.group(0), first, last, cue)


def _month_word_ok(word: str) -> bool:
    """'may' and 'march' are verbs unless capitalised."""
    if word.lower() in ("may", "march", "mar"):
        return word[0].isupper()
    return True


def _part_of_year(word: str, year: int) -> tuple[dt.date, dt.date]:
    spans = {
        "early": ((1, 1), (4, 30)), "mid": ((5, 1), (8, 31)), "late": ((9, 1), (12, 31)),
        "spring": ((3, 1), (5, 31)), "summer": ((6, 1), (8, 31)), "autumn": ((9, 1), (11, 30)),
        "fall": ((9, 1), (11, 30)), "winter": ((1, 1), (2, 28)), "the end of": ((10, 1), (12, 31)),
        "end of": ((10, 1), (12, 31)), "the start of": ((1, 1), (3, 31)), "the beginning of": ((1, 1), (3, 31)),
        "the first half of": ((1, 1), (6, 30)), "the second half of": ((7, 1), (12, 31)),
        "the first quarter of": ((1, 1), (3, 31)),
    }
    (m1, d1), (m2, d2) = spans[word]
    return dt.date(year, m1, d1), dt.date(year, m2, d2)


# "founded last year, on May 1": the year the phrase right before a date names.
_YEAR_SAID_RE = re.compile(r"\b(last|next|this)\syear,?\s{1,3}(?:on\s|in\s)?$", re.IGNORECASE)


def _year_said_before(text: str, start: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    said = _YEAR_SAID_RE.search(text, max(0, start - 24), start)
    if said is None:
        return None
    return published.year + {"last": -1, "this": 0, "next": 1}[said.group(1).lower()]


def _nearest_year(month: int, day: int, published: dt.date | None) -> int | None:
    """A date written without a year: the year that puts it nearest the publication date."""
    if published is None:
        return None
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            continue
        distance = abs((candidate - published).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _relative(text: str, m: re.Match[str], published: dt.date | None) -> DateMention:
    try:
        first, last, direction = _resolve_relative(m, published)
    except (OverflowError, ValueError):  # "next year" after 9999-12-31: no date to name
        first, last, direction = None, None, _resolve_relative(m, None)[2]
    return DateMention(m.start(), m.end(), text[m.start():m.end()], first, last, "relative", direction)


def _resolve_relative(m: re.Match[str], p: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    day = dt.timedelta(days=1)
    if m.group("day"):
        word = m.group("day").lower()
        shift, direction = {"today": (0, "present"), "tonight": (0, "present"), "yesterday": (-1, "past"),
                            "tomorrow": (1, "future")}[word]
        return (p + shift * day, p + shift * day, direction) if p else (None, None, direction)
    if m.group("so_far"):
        return (dt.date(p.year, 1, 1), p, "present") if p else (None, None, "present")
    if m.group("ago"):
        n_text = m.group("n").lower()
        n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS[n_text]
        unit = m.group("agounit").lower().rstrip("s")
        if p is None:
            return None, None, "past"
        if unit == "day":
            d = p - n * day
            return d, d, "past"
        if unit == "week":
            d = p - 7 * n * day
            return d - 3 * day, d + 3 * day, "past"
        if unit == "month":
            y, mo = divmod(p.year * 12 + p.month - 1 - n, 12)
            return dt.date(y, mo + 1, 1), _month_end(y, mo + 1), "past"
        return dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31), "past"
    if m.group("onday"):
        if p is None:
            return None, None, "present"
        return p - 6 * day, p + 6 * day, "present"
    which = " ".join(m.group("which").lower().split())
    unit = m.group("unit").lower()
    direction = {"this": "present", "last": "past", "next": "future", "past": "past", "the past": "past",
                 "coming": "future", "the coming": "future", "previous": "past", "earlier this": "past",
                 "later this": "future"}[which]
    if p is None:
        return None, None, direction
    step = {"past": -1, "present": 0, "future": 1}[direction]
    if which in ("past", "the past"):  # "the past week": the period that ends now
        length = {"week": 7, "weekend": 7, "month": 31, "year": 366, "decade": 3653}.get(unit, 7)
        return p - length * day, p, "past"
    if unit in WEEKDAYS:
        target = WEEKDAYS.index(unit)
        if direction == "past":
            delta = (p.weekday() - target) % 7 or 7
            d = p - delta * day
        elif direction == "future":
            delta = (target - p.weekday()) % 7 or 7
            d = p + delta * day
        else:  # "this Friday": the one in the current week
            d = p + (target - p.weekday()) * day
        return d, d, direction
    if unit in ("week", "weekend"):
        monday = p - p.weekday() * day + 7 * step * day
        return monday, monday + 6 * day, direction
    if unit == "month":
        y, mo = divmod(p.year * 12 + p.month - 1 + step, 12)
        return dt.date(y, mo + 1, 1), _month_end(y, mo + 1), direction
    if unit == "year":
        return dt.date(p.year + step, 1, 1), dt.date(p.year + step, 12, 31), direction
    decade = p.year // 10 * 10 + 10 * step
    return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), direction
