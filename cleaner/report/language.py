"""L: the document's language, and paragraphs in another one.

Detection uses langdetect with a fixed seed (its sampling is random otherwise),
and only on enough text: the document's long paragraphs joined and capped, and
single paragraphs only when they are long and something cheap suggests a
different language — another writing system than the document's, or the
function words of another Latin-script language. So short lines (menus, names,
captions) are never sent to the detector, and a typical document costs one call.

False positives: a long quotation in another language is flagged (that is what
the rule is for); a paragraph of names and numbers can look like another
language, which is why only long paragraphs detected with high probability count.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, NamedTuple

from ..document import Document, TextView, iter_paragraphs
from ..findings import Finding, Severity
from ..pipeline import Annotation, Context
from ..rules import define_rule
from ..wrapping import unwrapped

DOCUMENT_LANGUAGE = define_rule(
    "L101", "unexpected-document-language",
    "Document is not in one of the expected languages",
    """
    The document's language (detected on its long paragraphs) is not in
    `languages` of the configuration (e.g. `languages = ["en"]`). Without that
    setting any single language is accepted. Report only.

    False positives: a very short document can be misdetected; only documents with
    enough text are judged.
    """,
    examples=["Die Regierung hat am Montag angekündigt, dass die Steuern im nächsten Jahr nicht erhöht werden. "
              "Der Finanzminister sagte, die Lage der öffentlichen Haushalte sei stabil, und die Opposition "
              "kritisierte die Pläne als unzureichend für die Herausforderungen der kommenden Jahre.\n"],
    counter_examples=["The government said on Monday that taxes would not rise next year. The finance minister "
                      "said public finances were stable, while the opposition called the plans inadequate for "
                      "the challenges of the coming years.\n"],
    severity=Severity.WARNING,
)

PARAGRAPH_LANGUAGE = define_rule(
    "L102", "paragraph-in-other-language",
    "Paragraph in another language than the document",
    """
    A long paragraph whose language differs from the document's (and, when
    `languages` is set, is not one of them): a quotation left untranslated, a
    block of another edition of the site, or text from a different page. Report
    only.

    False positives: paragraphs made mostly of names or figures are not judged;
    short lines never are.
    """,
    examples=["The government said on Monday that taxes would not rise next year, and the finance minister "
              "said public finances were stable after two difficult years of spending on energy support.\n"
              "The opposition called the plans inadequate and promised to table amendments when the budget "
              "reaches the floor of parliament next month, according to party officials.\n"
              "Die Regierung hat am Montag angekündigt, dass die Steuern im nächsten Jahr nicht erhöht werden, "
              "und der Finanzminister sagte, die Lage der öffentlichen Haushalte sei nach zwei schwierigen "
              "Jahren wieder stabil.\n"],
    counter_examples=["The government said on Monday that taxes would not rise next year, and the finance "
                      "minister said public finances were stable after two difficult years.\n"
                      "Chancellor Olaf Scholz and Finance Minister Christian Lindner met in Berlin on Tuesday.\n"],
    severity=Severity.WARNING,
)

_DOC_SAMPLE_CHARS = 700  # enough for langdetect on prose; more only costs time
_TRIALS = 3  # langdetect's default of 7 sampling trials is for short, noisy input
# Under this much text langdetect misnames short English news full of foreign names
# ("Sergio Mattarella appointed Mario Draghi as prime minister in Rome." -> it); a
# script of its own (Cyrillic, Han, Hangul...) says enough in fewer characters.
_MIN_DOC_CHARS = 120
_MIN_DOC_CHARS_OTHER_SCRIPT = 60
_MIN_DISTINCT_CHARS = 12
_MIN_PARAGRAPH_CHARS = 200
_PARAGRAPH_SAMPLE_CHARS = 500
_MIN_PARAGRAPH_PROB = 0.95
_MAX_PARAGRAPH_CHECKS = 12

# Writing systems, by Unicode block (a cheap first look at a paragraph).
_SCRIPTS = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff\ufb50-\ufeff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "han": re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]"),
    "hangul": re.compile(r"[\uac00-\ud7af]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
}
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_ABOVE_LATIN_RE = re.compile(r"[^\x00-\u036f]")
_LONG_LINE_RE = re.compile(r"^[^\n]{80,}", re.MULTILINE)  # tried at line starts only: linear

# The most frequent function words of common Latin-script languages: a paragraph
# whose best match differs from the document's is worth one detector call.
_FUNCTION_WORDS = {
    "en": "the and of to in is that for it with as was on are be by this have from at",
    "de": "der die und das ist nicht den mit sich des auf für ein eine dem im auch es",
    "fr": "le la les et des est une dans pour que qui pas sur au du par avec il ce",
    "es": "el la los las del que por una con para como pero más fue este se su al",
    "pt": "o os as do da dos das que não uma com para por mais foi em ao se na no",
    "it": "il di che la non per una sono della con gli anche nel alla è del le dei",
    "nl": "de het een en van dat niet zijn op te met voor ook aan er is hij bij",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke ada",
    "sv": "och att det som en på är av för med till den har inte om ett var jag",
    "pl": "się nie na że w z do to jest jak ale po co tak za od są przez",
    "tr": "ve bir bu da de için ile olarak çok daha gibi olan en ama mi",
}
_WORD_RE = re.compile(r"\w+")
# A word several languages share ("que": es and pt, "la": es, fr and it) votes for each
# of them, a share each: a Spanish paragraph's votes were split before, and it was
# never looked at.
def _function_index() -> dict[str, tuple[tuple[str, float], ...]]:
    langs_of: dict[str, list[str]] = {}
    for lang, words in _FUNCTION_WORDS.items():
        for word in words.split():
            langs_of.setdefault(word, []).append(lang)
    return {w: tuple((lang, 1 / len(langs)) for lang in langs) for w, langs in langs_of.items()}


_FUNCTION_INDEX = _function_index()


@dataclass(frozen=True, slots=True)
class Detected:
    lang: str
    prob: float


_LOCK = threading.Lock()
_FACTORY = None


def _factory():
    """langdetect's profiles, loaded once (about half a second), seeded for determinism."""
    global _FACTORY
    with _LOCK:
        if _FACTORY is None:
            from langdetect import DetectorFactory
            from langdetect import detector_factory

            DetectorFactory.seed = 0
            detector_factory.init_factory()
            _FACTORY = detector_factory._factory
    return _FACTORY


def detect(text: str, max_chars: int = _DOC_SAMPLE_CHARS) -> Detected | None:
    """Most probable language of ``text`` (None when the detector finds no features)."""
    return detect_many([text], max_chars)[0]


def detect_many(texts: list[str], max_chars: int = _DOC_SAMPLE_CHARS) -> list[Detected | None]:
    """`detect` of each text, computed together (much cheaper than one at a time).

    Detection is deterministic, and scraped news repeats itself (syndicated
    copies, the same paragraph on many pages): answers are remembered for a while.
    """
    from .fastlang import probabilities_many

    cache = _DETECTED
    known = {}
    for text in texts:
        hit = cache.get((text, max_chars), _MISSING)  # one look-up: no race with another thread's clear()
        if hit is not _MISSING:
            known[text] = hit
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    if todo:
        # langdetect's algorithm and profiles, computed without its per-character calls.
        found = probabilities_many(_factory(), todo, max_chars, _TRIALS)
        if len(cache) + len(todo) > _MAX_REMEMBERED:
            cache.clear()
        for text, best in zip(todo, found):
            known[text] = Detected(_base(best[0].lang), best[0].prob) if best else None
            if len(text) <= _MAX_REMEMBERED_CHARS:
                cache[text, max_chars] = known[text]
    return [known[t] for t in texts]


_DETECTED: dict[tuple[str, int], Detected | None] = {}
_MISSING = object()
# Texts remembered (by detect_many, script_of, function_language): only short
# ones, so that the caches stay within a few MB whatever the input.
_MAX_REMEMBERED = 4096
_MAX_REMEMBERED_CHARS = 2000


def _base(code: str) -> str:
    """'zh-cn' -> 'zh': configs name languages, not regional variants."""
    return code.split("-")[0].lower()


def script_of(text: str) -> str | None:
    return _script_of(text[:600])  # only the head counts


@lru_cache(maxsize=_MAX_REMEMBERED)  # pure; long paragraphs recur across pages
def _script_of(head: str) -> str | None:
    latin = sum(map(len, _LATIN_RUN_RE.findall(head)))  # as many as _SCRIPTS["latin"] finds, in fewer matches
    # Every other script lies above U+036F: when Latin letters outnumber all such
    # characters together, no other script can beat it (and Latin wins ties).
    if head.isascii() or latin >= len(_ABOVE_LATIN_RE.findall(head)):
        return "latin" if latin >= 20 else None
    counts = {name: len(rx.findall(head)) for name, rx in _SCRIPTS.items()}
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n >= 20 else None


def function_language(text: str) -> tuple[str | None, int]:
    """Latin-script language whose function words are most frequent, and how many hits."""
    return (_function_language if len(text) <= _MAX_REMEMBERED_CHARS else _function_language.__wrapped__)(text)


@lru_cache(maxsize=_MAX_REMEMBERED)
def _function_language(text: str) -> tuple[str | None, int]:
    # The words counted in C (map over dict.get); None counts the other words, then goes.
    words = Counter(map(_FUNCTION_INDEX.get, _WORD_RE.findall(text.lower()[:1500])))
    words.pop(None, None)
    if not words:
        return None, 0
    hits: Counter = Counter()
    for votes, count in words.items():
        for lang, share in votes:
            hits[lang] += share * count
    (lang, n), *rest = hits.most_common(2) + [(None, 0)]
    second = rest[0][1] if rest else 0
    return (lang, round(n)) if n >= 3 and n >= 2 * second else (None, round(n))


class _Line(NamedTuple):
    """A paragraph as the stage needs it (a tuple: pages have many long lines)."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _long_paragraphs(text: str) -> list[_Line]:
    """The paragraphs of `iter_paragraphs` with 80 characters or more; of a text
    hard-wrapped at a fixed width (`wrapping.py`), its paragraphs joined up."""
    out = []
    for m in _LONG_LINE_RE.finditer(text):
        line = m.group()
        if line[-1] == "\r":  # iter_lines leaves the \r of a \r\n out
            line = line[:-1]
        if len(line) >= 80 and line.strip():
            out.append(_Line(m.start(), line))
    if len(out) < 3 and len(text) >= _MIN_PARAGRAPH_CHARS:
        paragraphs = unwrapped(list(iter_paragraphs(text)), text)
        if paragraphs is not None:  # its lines are fragments: judge whole paragraphs
            return [_Line(p.start, p.text) for p in paragraphs if len(p.text) >= 80]
    return out


@dataclass(slots=True)
class _Judged:
    """What the stage learns of one text, in the order `check` reports it."""

    paragraphs: list
    sample: str
    found: Detected | None = None
    suspects: list | None = None  # long paragraphs that may be in another language


class LanguageStage:
    name = "language"
    codes = (DOCUMENT_LANGUAGE.code, PARAGRAPH_LANGUAGE.code)
    transforms = False

    def __init__(self) -> None:
        self._batch: dict[int, tuple[str, list]] = {}

    def prepare(self, views: list[TextView], docs: list[Document], ctx: Context) -> None:
        """Detect the languages of a whole batch at once (see `detect_many`); `check` reads them."""
        judged = _judge_many([v.text for v in views], ctx.config.languages)
        self._batch = {id(v.text): (v.text, items) for v, items in zip(views, judged)}

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        hit = self._batch.get(id(view.text))
        if hit is not None and hit[0] is view.text:
            return hit[1]
        return _judge_many([view.text], ctx.config.languages)[0]


def _judge_many(texts: list[str], expected: tuple[str, ...]) -> list[list[Finding | Annotation]]:
    """Each text's annotation and findings; the detector runs twice for the whole batch
    (document samples, then the suspect paragraphs)."""
    judged = [_sampled(text) for text in texts]
    sampled = [j for j in judged if j is not None]
    for j, found in zip(sampled, detect_many([j.sample for j in sampled])):
        j.found = found
    detected = [j for j in sampled if j.found is not None]
    for j in detected:
        j.suspects = _suspects(j.paragraphs, j.found.lang, j.sample)
    suspects = [p for j in detected for p in j.suspects]
    found_in = iter(detect_many([p.text for p in suspects], _PARAGRAPH_SAMPLE_CHARS))
    out = []
    for text, j in zip(texts, judged):
        items: list[Finding | Annotation] = []
        if j is not None and j.found is not None:
            items.extend(_document_items(text, j, expected))
            for para in j.suspects:
                finding = _paragraph_finding(para, next(found_in), j.found.lang, expected)
                if finding is not None:
                    items.append(finding)
        out.append(items)
    return out


def _sampled(text: str) -> _Judged | None:
    """The text to detect the document's language on (None: too little text)."""
    paragraphs = _long_paragraphs(text)
    sample = " ".join(p.text for p in paragraphs)[:_DOC_SAMPLE_CHARS]
    if len(sample) < _MIN_DOC_CHARS:
        sample = " ".join(p.text for p in iter_paragraphs(text))[:_DOC_SAMPLE_CHARS]
    minimum = _MIN_DOC_CHARS if script_of(sample) in ("latin", None) else _MIN_DOC_CHARS_OTHER_SCRIPT
    if len(sample) < minimum or len(set(sample.lower())) < _MIN_DISTINCT_CHARS:
        return None  # too little text (or no real text: "AAAA...") to name a language
    return _Judged(paragraphs, sample)


def _document_items(text: str, judged: _Judged, expected: tuple[str, ...]) -> list[Finding | Annotation]:
    found = judged.found
    items: list[Finding | Annotation] = [Annotation("language", found.lang)]
    if expected and found.lang not in expected and found.prob >= 0.9:
        first = judged.paragraphs[0] if judged.paragraphs else next(iter_paragraphs(text))
        items.append(Finding(DOCUMENT_LANGUAGE.code,
                             f"document language is '{found.lang}', expected {', '.join(expected)}",
                             first.start, first.end, DOCUMENT_LANGUAGE.severity))
    return items


def _suspects(paragraphs: list, doc_lang: str, sample: str) -> list:
    """Long paragraphs worth a detector call: another script, or another language's
    function words (at most _MAX_PARAGRAPH_CHECKS)."""
    doc_script = script_of(sample)
    doc_words = doc_lang if doc_lang in _FUNCTION_WORDS else None
    out = []
    for para in paragraphs:
        if len(para.text) < _MIN_PARAGRAPH_CHARS:
            continue
        script = script_of(para.text)
        suspicious = script is not None and script != doc_script
        if not suspicious and script == "latin" and doc_words is not None:
            lang, _ = function_language(para.text)
            suspicious = lang is not None and lang != doc_words
        if suspicious:
            out.append(para)
            if len(out) == _MAX_PARAGRAPH_CHECKS:
                break
    return out


def _paragraph_finding(para, found: Detected | None, doc_lang: str, expected: tuple[str, ...]) -> Finding | None:
    if found is None or found.lang == doc_lang or found.prob < _MIN_PARAGRAPH_PROB:
        return None
    if expected and found.lang in expected:
        return None  # one of the languages asked for (L101 speaks for the document if it is not)
    return Finding(PARAGRAPH_LANGUAGE.code, f"paragraph in '{found.lang}' in a '{doc_lang}' document",
                   para.start, para.end, PARAGRAPH_LANGUAGE.severity)
