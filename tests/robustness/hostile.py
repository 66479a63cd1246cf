"""Shared by the robustness tests and `bench/fuzz.py`: hostile inputs, toy stages,
and the invariant checks every document must pass.

Nothing here knows which rule families exist: the checks run over whatever
`cleaner.stages.build_stages` registers, so each family is covered as it lands.
The toy stages exercise the core machinery (offset maps, fix selection, the fix
loop, corpus state) while no real stage fixes anything, and stay useful after:
they are small, obviously correct stages whose output the file and batch tests
can predict.

Fixtures: `fixtures/*.txt` are the seed documents; `fixtures/robust/pages.jsonl`
holds five whole scraped pages (menus, share lines, Korean, Italian) copied from
the dev split of the Zyte article-extraction benchmark (`boilerplate.jsonl`,
MIT licence, Copyright (c) 2020 Scrapinghub).
"""

from __future__ import annotations

import collections
import hashlib
import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from cleaner import Cleaner, Config
from cleaner.document import Document, TextView, iter_lines, iter_paragraphs, line_removal_fix
from cleaner.findings import Finding, Fix
from cleaner.output.common import Checked
from cleaner.pipeline import Annotation, Pipeline

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def fixture_texts() -> list[str]:
    """The seed documents and the scraped pages, as plain texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    pages = FIXTURES / "robust" / "pages.jsonl"
    texts += [json.loads(line)["text"] for line in pages.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


# -- toy stages ------------------------------------------------------------------------

class ToySpacing:
    """Runs of spaces -> one space; a comma glued to a letter gets a space (W-like)."""

    name = "toy-spacing"
    codes = ("W990", "W991")
    transforms = True
    _RUN = re.compile(r" {2,}")
    _GLUED = re.compile(r",(?=[^\W\d_])")

    def check(self, view: TextView, doc: Document, ctx) -> Iterable[Finding]:
        for para in view.paragraphs():
            for m in self._RUN.finditer(para.text):
                s, e = para.start + m.start(), para.start + m.end()
                yield Finding("W990", "run of spaces", s, e, fix=Fix(" ", s, e))
            for m in self._GLUED.finditer(para.text):
                s = para.start + m.start()
                yield Finding("W991", "no space after comma", s, s + 1, fix=Fix(", ", s, s + 1))


class ToyInvisible:
    """Zero-width spaces are removed (E-like)."""

    name = "toy-invisible"
    codes = ("E990",)
    transforms = True

    def check(self, view: TextView, doc: Document, ctx) -> Iterable[Finding]:
        pos = view.text.find("\u200b")
        while pos != -1:
            yield Finding("E990", "zero-width space", pos, pos + 1, fix=Fix("", pos, pos + 1))
            pos = view.text.find("\u200b", pos + 1)


class ToyRepeatedLine:
    """A paragraph of 20+ characters equal to an earlier one is removed (D-like)."""

    name = "toy-repeat"
    codes = ("D990",)
    transforms = False

    def check(self, view: TextView, doc: Document, ctx) -> Iterable[Finding]:
        seen: dict[str, int] = {}
        for para in view.paragraphs():
            key = para.text.strip()
            if len(key) < 20:
                continue
            if key in seen:
                yield Finding("D990", f"repeated paragraph: same as line {seen[key]}", para.start, para.end,
                              fix=line_removal_fix(view.text, para))
            else:
                seen[key] = para.lineno


class ToyCorpusDuplicate:
    """A document whose text was seen before in the run is a duplicate (cross-document D-like)."""

    name = "toy-corpus"
    codes = ("D991",)
    transforms = False

    def check(self, view, doc, ctx):
        return ()

    def features(self, view: TextView, doc: Document, ctx) -> str:
        return hashlib.blake2b(" ".join(view.text.split()).encode("utf-8", "surrogatepass"),
                               digest_size=8).hexdigest()

    def reconcile(self, features, view, doc, corpus, ctx):
        seen = corpus.state("toy-corpus", dict)
        if features in seen and view.text.strip():
            yield Annotation("duplicate_of", seen[features])
            yield Finding("D991", f"same text as document {seen[features]}", 0, len(view.text))
        else:
            seen.setdefault(features, doc.id)


def toy_stages() -> list:
    return [ToyInvisible(), ToySpacing(), ToyRepeatedLine(), ToyCorpusDuplicate()]


def registered_cleaner() -> Cleaner:
    return Cleaner(Config())


def toy_cleaner() -> Cleaner:
    cleaner = Cleaner(Config())
    cleaner.pipeline = Pipeline(cleaner.config, toy_stages())
    return cleaner


CLEANERS: dict[str, Callable[[], Cleaner]] = {"registered": registered_cleaner, "toy": toy_cleaner}


def has_transforming_stage() -> bool:
    from cleaner.stages import build_stages

    return any(getattr(s, "transforms", False) for s in build_stages(Config()))


# -- invariants --------------------------------------------------------------------------

def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column, computed independently of LineIndex."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _named(paragraph, findings: list[Finding]) -> bool:
    # Touching counts: a finding on the line break after a paragraph names it too.
    return any(f.start <= paragraph.end and f.end >= paragraph.start for f in findings)


def lost_paragraphs(original: str, findings: list[Finding], fixed: str) -> list[str]:
    """Paragraphs of ``original`` that no finding names and that are gone from ``fixed``."""
    have = collections.Counter(line.text for line in iter_lines(fixed))
    lost = []
    for para in iter_paragraphs(original):
        if _named(para, findings):
            continue
        if have[para.text] > 0:
            have[para.text] -= 1
        else:
            lost.append(para.text)
    return lost


def check_document(make_cleaner: Callable[[], Cleaner], text: str, *, expect_nfc: bool = False) -> list[str]:
    """Every per-document invariant of the robustness issue; returns the violations.

    Exceptions are not caught: a crash is the caller's to count or raise.
    """
    problems: list[str] = []
    doc = Document(text=text, id="doc")
    result = make_cleaner().process(doc)
    n = len(text)
    checked = Checked("doc.txt", result)
    for f in result.findings:
        if not 0 <= f.start <= f.end <= n:
            problems.append(f"{f.code} span [{f.start}, {f.end}) outside text of {n} chars")
            continue
        if f.fix is not None and not 0 <= f.fix.start <= f.fix.end <= n:
            problems.append(f"{f.code} fix span [{f.fix.start}, {f.fix.end}) outside text of {n} chars")
        row = checked.finding_dict(f)
        if (row["line"], row["column"]) != _position(text, f.start) or \
                (row["end_line"], row["end_column"]) != _position(text, f.end):
            problems.append(f"{f.code} line/column {row['line']}:{row['column']}-{row['end_line']}:"
                            f"{row['end_column']} disagree with offsets {f.start}-{f.end}")
    fixed = make_cleaner().fix(doc).text
    settled, named = fix_passes(make_cleaner(), doc)
    if settled != fixed:
        problems.append(f"--fix differs from its passes replayed: {_first_difference(fixed, settled)}")
    again = make_cleaner().fix(Document(text=fixed, id="doc")).text
    if again != fixed:
        problems.append(f"--fix is not idempotent: a second run changes {_first_difference(fixed, again)}")
    for label, out, spans in (("clean", result.text, result.findings), ("--fix", fixed, named)):
        for para in lost_paragraphs(text, spans, out)[:3]:
            problems.append(f"{label} removed a paragraph no finding named: {para[:80]!r}")
        try:
            out.encode("utf-8")
        except UnicodeEncodeError as exc:
            problems.append(f"{label} output is not valid UTF-8: {exc}")
        if expect_nfc and not unicodedata.is_normalized("NFC", out):
            problems.append(f"{label} output is not NFC")
    return problems


def fix_passes(cleaner: Cleaner, doc: Document) -> tuple[str, list[Finding]]:
    """Replay `Cleaner.fix` pass by pass: the final text, and the findings of every pass
    mapped back to the original offsets (a later pass may fix what an earlier fix
    revealed; its findings name what it changes, though --fix does not list them)."""
    first = cleaner.pipeline.run(doc, cleaner.corpus)
    return later_passes(cleaner, doc, first.findings)


def later_passes(cleaner: Cleaner, doc: Document, first_findings: list) -> tuple[str, list[Finding]]:
    """`fix_passes` from the findings of a first pass made elsewhere (e.g. by the CLI)."""
    import dataclasses

    from cleaner.api import MAX_FIX_PASSES
    from cleaner.pipeline import apply_safe_fixes

    named = list(first_findings)
    text = apply_safe_fixes(doc.text, first_findings)
    to_original = _applied_map(doc.text, first_findings, None)
    for _ in range(MAX_FIX_PASSES - 1):
        again = cleaner.pipeline.run(dataclasses.replace(doc, text=text), None)
        if again.text == text:
            break
        for f in again.findings:
            start, end = to_original.span_to_source(f.start, f.end)
            named.append(Finding(f.code, f.message, start, end))
        to_original = _applied_map(text, again.findings, to_original)
        text = again.text
    return text, named


def _applied_map(text: str, findings: list[Finding], parent):
    from cleaner.document import OffsetMap, choose_fixes

    chosen = choose_fixes([f.fix for f in findings if f.fix is not None and f.fix.safe])
    return OffsetMap([(f.start, f.end, f.replacement) for f in chosen], parent)


def _first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"offset {i}: {a[i:i + 30]!r} -> {b[i:i + 30]!r}"


# -- hostile documents ---------------------------------------------------------------------

# Tokens scraped text is made of, and the ones that break naive code.
WORDS = ("the", "The", "United", "Nations", "said", "on", "Monday", "july", "2025", "14,000", "U.S.", "Dr.",
         "Ukraine", "Kyiv", "Україна", "Київ", "서울", "東京", "élection", "Straße", "naïve", "café", "it's",
         "don’t", "“quoted”", "(AP)", "—", "–", "...", "…", "%", "$1.5bn", "€", "#tag", "@user",
         "https://example.com/a?b=c&d=e", "user@example.com", "Subscribe", "newsletter", "Share", "Tweet",
         "Read", "more:", "Related:", "Advertisement", "Photo:", "Getty", "Images", "©", "2024", "ADVERTISEMENT")
HOSTILE = ("**", "__", "&amp;", "&nbsp;", "&#8217;", "&#x27;", "&bogus;", "<b>", "</p>", "<script>alert(1)</script>",
           "â€™", "â€œ", "Ã©", "Ã¼", "ï»¿", "\u200b", "\u200d", "\ufeff", "\xa0", "\u2028", "\u2029", "\x85", "\x0c",
           "\x1c", "\x00", "\x1b[31m", "\t", "\r", "  ", "   ", ",,", "..", ",.,.", "?!?!", "((", "))", "[[", "]]",
           "{{", "}}", "\\", "\"", "'", "`", "\U0001F600", "\U0001F1FA\U0001F1E6", "e\u0301", "\u0301", "\ud7ff",
           "\uffff", "\U0010FFFF", "ﬁ", "Ⅻ", "١٢٣", "\u202e", "\u2066", "A" * 40, "-" * 30, "=" * 20, "*" * 25)


def random_document(rng: random.Random, max_lines: int = 30) -> str:
    """A news-like document of random lines mixing words and hostile tokens."""
    lines = []
    for _ in range(rng.randint(0, max_lines)):
        roll = rng.random()
        if roll < 0.1:
            lines.append("")
        elif roll < 0.2 and lines:
            lines.append(rng.choice(lines))  # repeated paragraph
        else:
            tokens = [rng.choice(HOSTILE) if rng.random() < 0.15 else rng.choice(WORDS)
                      for _ in range(rng.randint(1, 40))]
            sep = rng.choice((" ", " ", " ", "", "  ", "\xa0"))
            lines.append(sep.join(tokens))
    return rng.choice(("\n", "\n", "\n\n", "\r\n")).join(lines) + rng.choice(("", "\n", "\n\n", " "))


def edit_text(rng: random.Random, text: str, edits: int) -> str:
    """Random edits of a real document: insertions, deletions, repeats, hostile tokens."""
    for _ in range(edits):
        op = rng.randrange(7)
        pos = rng.randint(0, len(text))
        if op == 0:
            text = text[:pos] + rng.choice(HOSTILE) + text[pos:]
        elif op == 1:
            end = min(len(text), pos + rng.randint(1, 200))
            text = text[:pos] + text[end:]
        elif op == 2:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines.insert(rng.randint(0, len(lines)), lines[i])
            text = "\n".join(lines)
        elif op == 3:
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
        elif op == 4:
            end = min(len(text), pos + rng.randint(1, 80))
            text = text[:pos] + text[pos:end].swapcase() + text[end:]
        elif op == 5:
            text = text[:pos] + "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 8))) + text[pos:]
        else:
            text = text[:pos] + rng.choice(WORDS) + rng.choice(("", " ", ",", ".", "\n")) + text[pos:]
    # Characters no UTF-8 file can hold never reach the pipeline from disk.
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def hostile_runs(size: int) -> dict[str, str]:
    """Whole documents of about ``size`` characters that stress per-document work."""
    sentence = "The minister said on Monday that the talks would resume in July. "
    # One seed for every size: the document of n characters is a prefix of the one of
    # 2n, so doubling the size doubles the same kind of content.
    rng = random.Random(0)
    words = [w for w in WORDS if w.isalpha()]
    distinct = "\n".join(" ".join(rng.choice(words) for _ in range(12)) + f" {i}." for i in range(size // 60))
    return {
        "one-char": "a" * size,
        "spaces": " " * size,
        "comma-dot": ",." * (size // 2),
        "newlines": "\n" * size,
        "short-lines": "a\n" * (size // 2),
        "nested-brackets": "(" * (size // 2) + ")" * (size // 2),
        "markup": "**&amp;<b>" * (size // 10),
        "mojibake": "â€™Ã©" * (size // 5),
        "repeated-sentence": sentence * (size // len(sentence)),
        "repeated-paragraph": (sentence + "\n") * (size // (len(sentence) + 1)),
        "distinct-lines": distinct,
        "caps": "UNITED NATIONS SAID " * (size // 20),
        "numbers": "14,000 " * (size // 7),
        # A casing finding every few words: places, days and sentence starts in lower case.
        "lowercase-names": "the team flew to ukraine,and then home on monday. " * (size // 50),
        # Short lines a contents list could point at (each run of them searched every line below).
        "entry-lines": "".join(f"Story number {i} today\n" for i in range(size // 24)),
        # A block of distinct paragraphs copied three times (every pair of copies compared).
        "block-thrice": "".join(f"Paragraph {i} says the minister met union leaders on Monday about wages.\n\n"
                                for i in range(size // 240)) * 3,
    }
