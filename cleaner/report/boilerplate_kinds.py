"""Per-line evidence for the boilerplate rules: what each line says it is.

Every non-empty line gets a kind, one letter:

- ``F`` furniture: a phrase names it (a label such as "Share this:", a pattern
  such as "© 2019 ..."), see `boilerplate_phrases.py`;
- ``P`` prose, ``s`` a short sentence, ``T`` a teaser cut with "...",
  ``L`` a list item, table row or table cell (`cell_tables.py`), ``M`` menu-like (one to four words),
  ``H`` anything else (headings, titles, names).

A little context is applied here because the main-block search needs it: the
name on the line after "By", the caption above a photo credit, a headline
repeated on the next lines (image alt text plus link: a teaser), and a headline
shown again with its blurb run on (a "Most read" card) are marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..embeds import is_post_attribution
from . import boilerplate_phrases as ph
from .cell_tables import CellTable, find_cell_tables
from ..textcache import TextMemo
from .lines import Line

# A credit that names a photographer and an agency ("Sonu Mehta/Getty Images",
# "Photo: Damian Dovarganes, AP"); a bare "Reuters" under the last paragraph is a
# dateline credit, not a photo's, so the paragraph above it is no caption.
_CREDIT_LABELS = ("photo:", "photo credit", "/", "|", ",", "via", "(credit)")
_CAPTION_MAX_WORDS = 35
# "Meg James is a corporate media reporter for the Los Angeles Times, ..." (a bio box)
_BIO_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]{0,20} ){1,3}[A-Z][\w.'’-]{0,20}(?: \(@\w{1,30}\))? is (?:a|an|the) (?:[\w-]{1,20},? ){0,5}"
    r"(?:reporter|writer|editor|correspondent|columnist|contributor|journalist|author|producer|anchor|freelancer)\b")
_BIO_MAX_WORDS = 120
# A byline without "By": a name and the agency or desk ("Tom Davies Associated Press",
# "Detroit News wire services"). Capitalised words only, so a hard-wrapped line
# ending "... police told the Associated Press" is not one.
_AGENCY_BYLINE_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]{0,20} ){1,4}(?:The )?(?:Associated Press|Reuters|AFP|Bloomberg|"
    r"[Ww]ire [Ss]ervices|[Ww]ire [Rr]eports|[Ss]taff and [Ww]ire [Rr]eports|[Ss]taff [Rr]eports)$")
# A photo credit of its own: "Jason Cipriani/ZDNet", "(Walt Disney Co.)".
_SLASH_CREDIT_RE = re.compile(r"^[A-Z][\w.'’-]{0,20}(?: [A-Z][\w.'’-]{0,20}){0,3} ?/ ?[A-Z][\w.&'’-]{0,20}"
                              r"(?: [A-Z][\w.&'’-]{0,20}){0,3}$")
# (Two words at least: "(Vinile)" after a product name is no credit.)
_PAREN_CREDIT_RE = re.compile(r"^\([A-Z][\w.&'’-]{0,20}(?: [A-Z][\w.&'’-]{0,20}){1,4}\)$")
# Inside a real paragraph these categories' words are usually the story's own
# ("voters were asked to register by email"): only a prompt opening a sentence counts.
_PROMPTS = frozenset({ph.NEWSLETTER, ph.SHARE, ph.RELATED, ph.BYLINE, ph.COMMENTS})
# ... except these, wherever they stand: "...meet your inbox", "12 issues for £11.99".
_NEVER_NEWS = ("inbox", "letterbox", "issues for")
LINK_IN_CAPITALS = "link in capitals"  # the label of a shouted link to one other story


@dataclass(frozen=True, slots=True)
class LineEvidence:
    lines: tuple[Line, ...]
    hits: tuple[ph.PhraseHit | None, ...]  # the phrase each line matched, if any
    kinds: str  # one letter per line, after context (see module docstring)
    shapes: str  # the kind from shape alone, before echoes were marked
    cell_tables: tuple[CellTable, ...] = ()  # tables printed one cell per line (their lines are ``L``)


def phrase_of(line: Line) -> ph.PhraseHit | None:
    """The furniture phrase a line matches, with the guard for article sentences."""
    text = line.text
    if line.digit_frac > 0 and "(@" in text and is_post_attribution(text):
        return None  # "— Name (@handle) October 9, 2018" closes an embedded post: quoted, not furniture
    if line.words <= 8:
        hit = ph.match_label(text)
        if hit is not None:
            return hit
        if ph.is_share_strip(text):
            return ph.PhraseHit(ph.SHARE, "share buttons", True)
        if ph.is_date_line(text, line.words):
            return ph.PhraseHit(ph.BYLINE, "date line", True)
    if line.words <= 16:
        own = _own_line_credit(text, line)
        if own is not None:
            return own
    hit = ph.match_patterns(text, line.words)
    if hit is not None and hit.category == ph.CAPTION and hit.label.startswith("(") and _coined_term_in_brackets(text):
        hit = None  # "... die elektronische Patientenakte (ePA)": an abbreviation, not the agency EPA
    if hit is not None and line.is_prose and hit.category in _PROMPTS:
        if not hit.opens_sentence and not any(w in hit.label for w in _NEVER_NEWS):
            hit = None
    if hit is None and line.words <= _BIO_MAX_WORDS and _BIO_RE.match(text):
        return ph.PhraseHit(ph.BYLINE, "author bio", True)
    if hit is None and line.words >= 9 and text.isupper() and not line.ends_sentence and line.digit_frac < 0.1:
        # "CO-FOUNDER 'PROUD' OF HOME DEPOT EMPLOYEES ...": a shouted link to another story
        return ph.PhraseHit(ph.RELATED, LINK_IN_CAPITALS, True)
    return hit


def _coined_term_in_brackets(text: str) -> bool:
    """Does the line end with a bracketed word in mixed case ("(ePA)", "(iPhone)")? Credits
    are written "(AP)", "(dpa)", "(Reuters)", "(Image: Getty)": one case, or capitalised."""
    opening = text.rstrip().rfind("(")
    words = text[opening + 1:].split()
    first = _CREDIT_PART_RE.split(words[0])[0] if words else ""  # "NASA/JPL-Caltech" -> "NASA"
    return bool(first) and not (first.isupper() or first.islower() or first.istitle())


_CREDIT_PART_RE = re.compile(r"[/:;,.()-]")


def _own_line_credit(text: str, line: Line) -> ph.PhraseHit | None:
    """Bylines and photo credits that only their shape tells (short lines, no phrase)."""
    stripped = text.strip()
    if stripped[:1] == "(" and _PAREN_CREDIT_RE.match(stripped):
        return ph.PhraseHit(ph.CAPTION, "(credit)", True)
    if line.ends_sentence:
        return None
    if _AGENCY_BYLINE_RE.match(stripped):
        return ph.PhraseHit(ph.BYLINE, "name and agency", True)
    if "/" in stripped and _SLASH_CREDIT_RE.match(stripped):
        return ph.PhraseHit(ph.CAPTION, "/ photo credit", True)
    # "Monday November 18, 2019 7:45 am PST by Joe Rossignol": a date line signed by its author
    head, by, name = stripped.rpartition(" by ")
    if by and name[:1].isupper() and len(name.split()) <= 4 and ph.is_date_line(head, len(head.split())):
        return ph.PhraseHit(ph.BYLINE, "date line and name", True)
    return None


def _shape(line: Line) -> str:
    if line.is_teaser:
        return "T"
    if line.is_prose:
        return "P"
    if line.is_short_sentence:
        return "s"
    if line.is_list_item:
        return "L"
    if line.is_menu_like:
        return "M"
    return "H"


def _mark_bylines(lines: Sequence[Line], hits: list[ph.PhraseHit | None]) -> None:
    """A name on the line after "By" (or after "Author:") belongs to the byline."""
    for i, hit in enumerate(hits[:-1]):
        if hit is None or hit.category != ph.BYLINE or hits[i + 1] is not None:
            continue
        text = lines[i].text.rstrip()
        if hit.label in ("by", "by:") or (text.endswith(":") and lines[i].words <= 3):
            nxt = lines[i + 1]
            if nxt.words <= 6 and not nxt.ends_sentence:
                hits[i + 1] = ph.PhraseHit(ph.BYLINE, "name after a byline", True)


def _mark_captions(lines: Sequence[Line], hits: list[ph.PhraseHit | None]) -> None:
    """The line just before a photo credit ("Getty Images", "Photo: AP") is its caption."""
    for i in range(1, len(lines)):
        hit = hits[i]
        if hit is None or hit.category != ph.CAPTION or not hit.label.startswith(_CREDIT_LABELS):
            continue
        if hits[i - 1] is None and lines[i - 1].words <= _CAPTION_MAX_WORDS and lines[i].words <= 8:
            hits[i - 1] = ph.PhraseHit(ph.CAPTION, "caption above a photo credit", True)


# "About Jane Doe" / "Sobre Carlos Nadalim" / "Über Moritz Bachmann" over a paragraph
# naming that person or company: an author or company box ("About Ascom" closing a
# press release). Names are capitalised words separated by single spaces (no
# ambiguity for the regex engine); "About Us" and the like are menu items, not boxes.
_ABOUT_RE = re.compile(r"^(?:About|Sobre|Über|À propos de|Acerca de|Tentang) "
                       r"([A-ZÀ-ÖØ-Þ][\w.'’&-]{0,25}(?: [A-ZÀ-ÖØ-Þ][\w.'’&-]{0,25}){0,3})$")
_NOT_NAMES = frozenset({"Us", "Me", "This", "The", "Kami", "Nós", "Nosotros", "Uns", "Nous", "Mim"})
_BIO_MIN_WORDS = 8


def _mark_about_boxes(lines: Sequence[Line], hits: list[ph.PhraseHit | None]) -> None:
    """An "About <name>" line and the paragraph under it that names the same name."""
    for i in range(len(lines) - 1):
        line = lines[i]
        if hits[i] is not None or line.words > 5 or line.text[:1] not in "ASÜÀT":
            continue
        m = _ABOUT_RE.match(line.text.strip())
        if m is None or m.group(1) in _NOT_NAMES:
            continue
        bio, bio_hit = lines[i + 1], hits[i + 1]
        if bio_hit is not None and bio_hit.category != ph.BYLINE:
            continue
        if bio.words >= _BIO_MIN_WORDS and m.group(1) in bio.text:
            hits[i] = ph.PhraseHit(ph.BYLINE, "about box", True)
            if bio_hit is None:  # (else already an author bio)
                hits[i + 1] = ph.PhraseHit(ph.BYLINE, "paragraph under an about box", True)


_HOME_WORDS = frozenset({"home", "início", "inicio", "accueil", "startseite", "главная", "beranda", "inicial"})
_HOME_INITIALS = frozenset(word[0] for word in _HOME_WORDS)


def _mark_breadcrumbs(lines: Sequence[Line], hits: list[ph.PhraseHit | None]) -> None:
    """"Home Latest News <headline>": a trail of section links ending with a title of the page."""
    titles = None
    for i, line in enumerate(lines):
        if hits[i] is not None or line.text[0].lower()[:1] not in _HOME_INITIALS:
            continue  # (its first word cannot be one: most lines are not split at all)
        words = line.text.split()
        if len(words) < 5 or words[0].lower() not in _HOME_WORDS:
            continue
        if titles is None:
            titles = {line.text for line in lines if line.words >= 4}
        if any(" ".join(words[k:]) in titles for k in range(1, min(7, len(words) - 3))):
            hits[i] = ph.PhraseHit(ph.NAVIGATION, "breadcrumb trail", True)


def _mark_echoes(lines: Sequence[Line], kinds: list[str]) -> None:
    """A headline repeated on the next lines (image alt text and link) is a teaser link."""
    for i in range(1, len(lines)):
        if kinds[i] in "FP" or lines[i].words > 25:
            continue
        text = lines[i].text
        for j in range(max(0, i - 3), i):
            if lines[j].text == text:
                kinds[i] = "M"
                if kinds[j] != "F":
                    kinds[j] = "M"


_TEASER_MIN_WORDS = 5  # a headline this long, shown again with its blurb, is a teaser
_TEASER_MAX_HEADLINES = 4  # headlines kept per first four words


def _mark_headline_teasers(lines: Sequence[Line], kinds: list[str]) -> None:
    """A line that is an earlier headline followed by a new sentence ("Browns place
    Morgan Burnett on injured reserve First season in Cleveland is done ...") is a
    teaser card of a "Most read" box: the headline and its blurb run together. Both
    the card and the bare headline it repeats are menu-like."""
    headlines: dict[tuple[str, ...], list[int]] = {}
    for i, line in enumerate(lines):
        if line.words >= _TEASER_MIN_WORDS and kinds[i] in "HM" and not line.ends_sentence:
            same_start = headlines.setdefault(tuple(line.text.split(None, 4)[:4]), [])
            if len(same_start) < _TEASER_MAX_HEADLINES:  # (bounded: a page of one repeated line stays linear)
                same_start.append(i)
    if not headlines:
        return
    for j, line in enumerate(lines):
        if kinds[j] == "F" or line.words <= _TEASER_MIN_WORDS:
            continue
        earlier = headlines.get(tuple(line.text.split(None, 4)[:4]))
        if not earlier:
            continue
        text = line.text
        for i in earlier:
            head = lines[i].text
            if i < j and len(text) > len(head) + 2 and text.startswith(head) and text[len(head)] == " " \
                    and text[len(head) + 1].isupper():
                kinds[j] = "M"
                kinds[i] = "M"
                break


def _evidence(line: Line) -> tuple[ph.PhraseHit | None, str]:
    """`phrase_of` and `_shape` of a line, remembered by its text: they read nothing
    but the text and the fields of a `Line` worked out from it (not where it is)."""
    found = (phrase_of(line), _shape(line))
    _EVIDENCE.put(line.text, found)
    return found


# Scraped news repeats lines (templates, syndicated stories); on the bench corpus two
# lines in three were seen among the previous few thousand. A plain dict looked up
# by the text costs a tenth of an lru_cache keyed by every field. Emptied when full:
# at 16,384 lines as many misses on the bench as an LRU of 8,192; lines can be whole
# articles, so full at 8 M characters too (news lines average ~100: never reached).
_EVIDENCE = TextMemo(max_entries=16384, max_chars=1 << 23)


def gather_evidence(lines: tuple[Line, ...]) -> LineEvidence:
    remembered = _EVIDENCE.get
    evidence = [remembered(line.text) or _evidence(line) for line in lines]
    hits: list[ph.PhraseHit | None] = [hit for hit, _ in evidence]
    _mark_bylines(lines, hits)
    _mark_captions(lines, hits)
    _mark_breadcrumbs(lines, hits)
    _mark_about_boxes(lines, hits)
    shapes = [shape for _, shape in evidence]
    kinds = ["F" if hit is not None else shape for hit, shape in zip(hits, shapes)]
    _mark_echoes(lines, kinds)
    _mark_headline_teasers(lines, kinds)
    tables = find_cell_tables(lines, kinds)
    for table in tables:
        kinds[table.first:table.last + 1] = "L" * (table.last - table.first + 1)
    return LineEvidence(lines, tuple(hits), "".join(kinds), "".join(shapes), tuple(tables))
