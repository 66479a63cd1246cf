"""Q: signals about what is left once the text is cleaned — report only.

Three rules and a set of numbers. Spun phrasing is found on the text itself;
truncation and "too little content" need to know what every other stage removes,
so they run in `finalize`, on the text with all selected safe fixes applied.
The numbers go to the `quality` field of `cleaner clean` output, for filtering
downstream (datatrove-style thresholds on content_words, prose_frac...).
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from ..document import Document, Paragraph, TextView, iter_paragraphs
from ..findings import Finding, Severity
from ..pipeline import Analysis, Annotation, Context, apply_safe_fixes
from ..rules import define_rule, is_selected
from .lines import describe_line, prose_shape
from .quality_phrases import SPUN_PHRASES

TRUNCATED = define_rule(
    "Q101", "truncated-document",
    "Document ends mid-sentence",
    """
    The last paragraph left after cleaning stops without closing punctuation in
    the middle of a sentence ("In november 2018, Russian forces seized three
    Ukrainian"): the scrape or the upstream feed cut the text. Report only.

    False positives: a document that ends with a heading or a list item is not
    flagged; one that ends with an unpunctuated sentence on purpose is.
    """,
    examples=["The use of sanctions as a foreign policy tool was a consistent feature of both policies.\n"
              "Case Study: The Kerch Strait Incident (2018)\n"
              "In november 2018, Russian forces seized three Ukrainian\n"],
    counter_examples=["As the world watches, the summit could serve as a critical moment in relations, with "
                      "lasting implications for regional stability.\n"],
    severity=Severity.WARNING,
)

SPUN = define_rule(
    "Q102", "machine-spun-phrase",
    "Machine-spun phrasing (\"frequently enough\" for \"often\")",
    """
    Article spinners and paraphrasing tools replace words with unidiomatic
    "synonyms": "frequently enough" for "often", "in spite of the truth that" for
    "despite the fact that", "counterfeit consciousness" for "artificial
    intelligence". Such text is low quality and often plagiarised. Report only.

    False positives: idiomatic uses are recognised by their context ("not
    frequently enough to matter" is fine).
    """,
    examples=["The relationship between the two countries has been complex and frequently enough strained "
              "for decades.\n"],
    counter_examples=["Officials said the committee did not meet frequently enough to oversee the program.\n"],
    severity=Severity.INFO,
)

TOO_LITTLE = define_rule(
    "Q103", "too-little-content",
    "Too little content left after cleaning",
    """
    After every selected fix is applied (boilerplate, table of contents and
    duplicates removed), fewer words remain than `[tool.cleaner.quality]
    min-content-words` (default 50): a paywall stub, an index page or a page of
    furniture. Report only; drop such records with `--drop Q103`.

    False positives: a genuinely short news brief; lower the threshold for such
    sources.
    """,
    examples=["Home\nWorld\nPolitics\n\nTo Read the Full Story\nSubscribe Sign In\n"
              "Gaming used to be so simple.\n"],
    counter_examples=["In a move drawing intense global scrutiny, the president is preparing for a high-stakes "
                      "meeting at a secure military base near Anchorage. The summit is being described as one of "
                      "the most consequential diplomatic encounters of the decade, with the potential to reshape "
                      "the trajectory of the war and redefine European security for years to come.\n"],
    severity=Severity.WARNING,
)

_URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
# A bare domain as the last word ("visit our affiliate website: MotoPinas.com").
_DOMAIN_RE = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){0,4}\.[a-z]{2,6}/?", re.IGNORECASE)
_MIN_TRUNCATED_WORDS = 6
_SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]{0,2}\s")


# Each phrase with its words, longest first: a match needs all of them in the text,
# and substring tests in C rule out almost every phrase before its regex runs.
_KEYED_PHRASES = tuple((p, sorted(set(p.phrase.lower().split()), key=len, reverse=True)) for p in SPUN_PHRASES)


def find_spun_phrases(text: str) -> Iterable[tuple[int, int, str, str]]:
    """(start, end, phrase, meant) of every spun phrase in ``text``."""
    low = text.lower()
    present: dict[str, bool] = {}  # phrases share words ("truth", "bosom"): each is looked for once
    for spun, words in _KEYED_PHRASES:
        if not all(present[w] if w in present else present.setdefault(w, w in low) for w in words):
            continue
        for m in spun.pattern.finditer(text):
            if spun.is_spun(text, m.start(), m.end()):
                yield m.start(), m.end(), m.group(0), spun.meant


def looks_truncated(text: str) -> bool:
    """A paragraph that stops mid-sentence: long enough, sentence-like, no closing mark.

    Only the last sentence counts: "... into the US. PTI" ends with a wire credit
    and "... of Condé Nast. Ad Choices" with a link, not with a cut sentence.
    """
    tail = text.rstrip()
    if not tail or not (tail[-1].isalnum() or tail[-1] in ",;-–—"):
        return False  # ends with a full stop, ':' (an intro to a list), a quote or a bracket
    last = tail.split()[-1]
    if _URL_RE.search(tail) or last[:1] in "#@" or _DOMAIN_RE.fullmatch(last):
        return False  # a link, a hashtag, a handle or a site's name
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(tail)]
    fragment = tail[ends[-1]:] if ends else tail
    line = describe_line(0, Paragraph(1, 0, len(fragment), fragment), False)
    if line.words < (_MIN_TRUNCATED_WORDS if not ends else 4):
        return False
    return line.lower_frac >= 0.4  # a sentence, not a Title Case heading


class QualityStage:
    name = "quality"
    codes = (TRUNCATED.code, SPUN.code, TOO_LITTLE.code)
    transforms = False

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        for start, end, phrase, meant in find_spun_phrases(view.text):
            yield Finding(SPUN.code, f"machine-spun phrasing: '{phrase}' (probably '{meant}')", start, end,
                          SPUN.severity)

    def finalize(self, analysis: Analysis, ctx: Context) -> Iterable[Finding | Annotation]:
        doc = analysis.doc
        config = ctx.config
        ignore = config.ignores_for(doc.path)
        selected = [f for f in analysis.findings if is_selected(f.code, config.select, ignore)]
        cleaned = apply_safe_fixes(doc.text, selected)
        removed = [(f.fix.start, f.fix.end) for f in selected
                   if f.fix is not None and f.fix.safe and f.fix.replacement == "" and f.fix.end > f.fix.start]
        kept = _last_kept(doc.text, _Spans(removed), 3)  # all that truncation looks at
        shapes = [_shape(line) for line in cleaned.split("\n") if line.strip()]  # iter_paragraphs' lines
        # \w+ runs never cross a line: the lines' counts add up to the text's.
        words = sum(s[0] for s in shapes)
        truncated = bool(kept) and looks_truncated(kept[-1].text.strip()) and not _ends_a_list(kept)
        spun = sum(1 for f in analysis.findings if f.code == SPUN.code)
        yield Annotation("quality", {
            "content_words": words,
            "content_chars": len(cleaned.strip()),
            # a share of the original: fixes that insert (a space after a comma) do not lift it over 1
            "content_frac": round(min(1.0, len(cleaned.strip()) / max(1, len(doc.text.strip()))), 4),
            "paragraphs": len(shapes),
            "mean_paragraph_words": round(sum(s[1] for s in shapes) / max(1, len(shapes)), 2),
            "prose_frac": round(sum(1 for s in shapes if s[2]) / max(1, len(shapes)), 4),
            "spun_phrases": spun,
            "truncated": int(truncated),
        })
        if truncated:
            last = kept[-1]
            tail = last.text.strip()[-40:]
            yield Finding(TRUNCATED.code, f"document ends mid-sentence: '…{tail}'", last.start, last.end,
                          TRUNCATED.severity)
        minimum = config.quality.min_content_words
        # Chinese and Japanese have no spaces: a run of ideographs is several words
        # (lines.py estimates them from characters), not one.
        estimated = sum(s[1] for s in shapes)
        if max(words, estimated) < minimum and doc.text.strip():
            first = next(iter(iter_paragraphs(doc.text)))
            yield Finding(TOO_LITTLE.code,
                          f"too little content left after cleaning: {max(words, estimated)} words (minimum {minimum})",
                          first.start, first.end, TOO_LITTLE.severity)


def _shape(line: str) -> tuple[int, int, bool]:
    """(\\w+ runs, words, is_prose) of one line of the cleaned text."""
    return prose_shape(line.strip())


def _last_kept(text: str, covered: "_Spans", count: int) -> list[Paragraph]:
    """The last ``count`` paragraphs of `iter_paragraphs(text)` that no removal covers."""
    out: list[Paragraph] = []
    lineno = text.count("\n") + 1
    end = len(text)
    while True:  # iter_lines, backwards
        nl = text.rfind("\n", 0, end)
        start = nl + 1
        line_end = end - 1 if end > start and text[end - 1] == "\r" else end
        line = text[start:line_end]
        if line.strip() and not covered.covers(start, line_end):
            out.append(Paragraph(lineno, start, line_end, line))
            if len(out) == count:
                break
        if nl == -1:
            break
        end = nl
        lineno -= 1
    return out[::-1]


def _ends_a_list(kept: list[Paragraph]) -> bool:
    """The last line closes a list of titles ("Story Timeline", two headlines), not a paragraph.

    A heading directly above the last line is normal ("Case Study: ...", then the
    cut paragraph); two unpunctuated lines above it make it a list item.
    """
    if len(kept) < 3:
        return False
    above = [describe_line(0, p, False) for p in kept[-3:-1]]
    return all(not line.ends_sentence and line.words <= 15 for line in above)


class _Spans:
    """Removed spans, merged, for "is this paragraph gone?" look-ups."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [m[0] for m in merged]
        self._spans = merged

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._spans[i][1] >= end
