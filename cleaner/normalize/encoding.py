"""Family E, part 1: mojibake and invisible characters, repaired with ftfy.

ftfy is the authority on mojibake; this module only decides *where* to ask it
and turns each repair into a finding that points at the broken characters.
ftfy's other clean-ups (curly quotes to straight ones, fullwidth letters)
are not errors in news text and are not reported.

The stage runs its steps in order (see `steps.run_steps`): invisible
characters, HTML entities, mojibake, leftover markup, stray HTML tags, and, if
configured, typographic quotes, and last NFC composition.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable, Iterator

import ftfy
from ftfy.badness import is_bad

from ..config import NormalizeConfig
from ..document import Document, TextView, iter_lines
from ..findings import Finding, Fix
from ..rules import define_rule
from . import markup
from .mojibake_gate import GATE_RE
from .steps import Step, run_steps

MOJIBAKE = define_rule(
    "E101", "mojibake",
    "Text decoded in the wrong encoding (`donâ€™t` for `don’t`).",
    """
    Mojibake is UTF-8 text that some program decoded as Windows-1252 or Latin-1
    (or the reverse), so one character turns into two or three odd ones. ftfy
    detects it and decodes it back; only the broken characters are replaced.

    False positives are rare: ftfy only acts on sequences that are far more
    likely to be mojibake than real text. Text that deliberately shows
    mojibake (an article about encodings) would be flagged.
    """,
    examples="The minister said he didnâ€™t know about the decision.",
    counter_examples="The minister said he didn’t know about the café’s decision – yet.",
    fix="safe",
)

INVISIBLE = define_rule(
    "E102", "invisible-or-control-character",
    "A control character or an invisible format character inside the text.",
    """
    Control characters (U+0000-U+001F other than tab and line breaks, U+007F),
    byte-order marks inside the text, zero-width spaces, word joiners and soft
    hyphens are invisible but break searching, tokenising and deduplication:
    `Not\\u00adfall` does not match `Notfall`. They are removed.

    Joiners that shape scripts and emoji (U+200C, U+200D), direction marks,
    and zero-width spaces between Thai, Khmer, Myanmar or CJK characters
    (where they mark word breaks) are left alone.
    """,
    examples="The summit\u200b ended without a deal.",
    counter_examples="Support the cause 🏳️\u200d🌈 today.",
    fix="safe",
)

# Controls that carry no meaning in running text. Tab, LF and CR are layout.
_CONTROL_CLASS = (
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
    "\u00ad"  # soft hyphen: a hyphenation hint left by CMSs, invisible when rendered
    "\u200b"  # zero-width space (checked against the neighbouring script below)
    "\u2060-\u2064"  # word joiner, invisible math operators
    "\u206a-\u206f"  # deprecated format controls
    "\ufeff"  # byte-order mark
    "\ufff9-\ufffc]"  # interlinear annotation marks, object replacement character
)
# A run of 1-64, written as one then up to 63 more: a pattern that opens with a
# plain class lets the engine skip ahead to the next candidate (3x faster than `{1,64}`).
_CONTROL_RE = re.compile(_CONTROL_CLASS + _CONTROL_CLASS + "{0,63}")


def _breaks_words_with_zwsp(ch: str) -> bool:
    """Scripts written without spaces, where U+200B marks a real word break."""
    cp = ord(ch)
    return (0x0E00 <= cp <= 0x0EFF  # Thai, Lao
            or 0x1000 <= cp <= 0x109F  # Myanmar
            or 0x1780 <= cp <= 0x17FF  # Khmer
            or 0x2E80 <= cp <= 0x9FFF  # CJK, kana
            or 0xF900 <= cp <= 0xFAFF)


def find_invisible_characters(text: str) -> Iterator[Finding]:
    """Control and invisible format characters, each run one finding."""
    for match in _CONTROL_RE.finditer(text):
        start, end = match.span()
        run = match.group(0)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if run == "\u200b" * len(run) and any(_breaks_words_with_zwsp(c) for c in before + after if c):
            continue
        replacement = ""
        if set(run) <= {"\x0b", "\x0c"} and before.strip() and after.strip():
            replacement = " "  # vertical tab / form feed were line breaks: keep the words apart
        names = sorted({_char_name(c) for c in run})
        what = names[0] if len(names) == 1 else ", ".join(names)
        count = f"{len(run)} × " if len(run) > 1 else ""
        yield Finding(INVISIBLE.code, f"invisible character {count}{what}: removed",
                      start, end, INVISIBLE.severity, Fix(replacement, start, end))


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}"


# Anything but ASCII and the punctuation clean English text uses: the only
# places mojibake can be ("â€™" has "â" and "€").
_SUSPECT_RE = re.compile("[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026\xa0]")


def find_mojibake(text: str) -> Iterator[Finding]:
    """Mojibake repaired by ftfy, one finding per broken stretch.

    Cheap checks first: mojibake always has a character outside ASCII and
    the typographic punctuation of clean English text (curly quotes, dashes,
    the ellipsis, a no-break space), so a text without one is skipped with
    one regex search; then `GATE_RE`, which matches wherever ftfy's `is_bad`
    heuristic can (see `mojibake_gate`) but costs a fraction of it, rules out
    almost every clean text, and `is_bad` itself the clean lines of the rest.
    Only lines that look bad go through `ftfy.fix_encoding` (which leaves
    the others unchanged), and the repaired line is diffed with the original
    to find the exact spans.
    """
    if text.isascii() or not _SUSPECT_RE.search(text) or not GATE_RE.search(text):
        return
    for line in iter_lines(text):
        segment = line.text
        if not _SUSPECT_RE.search(segment) or not GATE_RE.search(segment) or not is_bad(segment):
            continue
        fixed = ftfy.fix_encoding(segment)
        if fixed == segment:
            continue
        for start, end, replacement in diff_spans(segment, fixed):
            bad = segment[start:end]
            yield Finding(MOJIBAKE.code, f"mojibake {_quote(bad)} should read {_quote(replacement)}",
                          line.start + start, line.start + end, MOJIBAKE.severity,
                          Fix(replacement, line.start + start, line.start + end))


_TOKEN_RE = re.compile(r"\s+|[^\s]+")


def diff_spans(old: str, new: str) -> list[tuple[int, int, str]]:
    """Minimal (start, end, replacement) edits turning ``old`` into ``new``.

    Works on whitespace-separated tokens first, since ftfy changes few of
    them: when the token count is unchanged (the usual case), changed tokens
    are found by comparing them in step, in linear time; otherwise common
    leading and trailing tokens are set aside and only the middle is diffed.
    Each changed run is then diffed character by character, so
    `donâ€™t` -> `don’t` yields only `â€™` -> `’`, and `â€œquotedâ€\x9d`
    yields two edits, one per quote.
    """
    a = _TOKEN_RE.findall(old)
    b = _TOKEN_RE.findall(new)
    a_offsets, b_offsets = _offsets(a), _offsets(b)
    edits: list[tuple[int, int, str]] = []
    for i1, i2, j1, j2 in _changed_token_runs(a, b):
        a_start, a_end, b_start, b_end = a_offsets[i1], a_offsets[i2], b_offsets[j1], b_offsets[j2]
        old_part, new_part = old[a_start:a_end], new[b_start:b_end]
        if len(old_part) + len(new_part) > _MAX_CHAR_DIFF:
            prefix = _common_prefix(old_part, new_part)
            suffix = _common_prefix(old_part[prefix:][::-1], new_part[prefix:][::-1])
            edits.append((a_start + prefix, a_end - suffix, new_part[prefix:len(new_part) - suffix]))
            continue
        matcher = difflib.SequenceMatcher(None, old_part, new_part, autojunk=False)
        runs: list[list[int]] = []  # [c1, c2, d1, d2]
        for tag, c1, c2, d1, d2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if runs and c1 - runs[-1][1] <= _MERGE_GAP_CHARS:  # "Ã" + " " -> "à": one repair
                runs[-1][1], runs[-1][3] = c2, d2
            else:
                runs.append([c1, c2, d1, d2])
        edits.extend((a_start + c1, a_start + c2, new_part[d1:d2]) for c1, c2, d1, d2 in runs)
    return edits


_MAX_CHAR_DIFF = 400  # longer changed runs are trimmed, not diffed char by char
_MERGE_GAP_CHARS = 1  # edits this close are one repair


def _changed_token_runs(a: list[str], b: list[str]) -> Iterator[tuple[int, int, int, int]]:
    """Token index ranges (i1, i2, j1, j2) of the runs that differ between ``a`` and ``b``."""
    if len(a) == len(b):
        i = 0
        while i < len(a):
            if a[i] == b[i]:
                i += 1
                continue
            j = i
            while j < len(a) and a[j] != b[j]:
                j += 1
            yield i, j, i, j
            i = j
        return
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(middle_a) + len(middle_b) > _MAX_TOKEN_DIFF:
        yield head, len(a) - tail, head, len(b) - tail  # one wide edit rather than a slow diff
        return
    matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield head + i1, head + i2, head + j1, head + j2


_MAX_TOKEN_DIFF = 2000  # token runs longer than this (pathological lines) become one edit


def _offsets(tokens) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _quote(text: str, limit: int = 40) -> str:
    """Quoted for a message; control characters shown as escapes, not raw."""
    shown = text if len(text) <= limit else text[:limit - 1] + "…"
    return "'" + "".join(_visible(c) for c in shown) + "'"


def _visible(ch: str) -> str:
    return ch if unicodedata.category(ch) != "Cc" else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"


TYPOGRAPHIC_QUOTE = define_rule(
    "E106", "typographic-quote",
    "A curly quote where straight quotes were asked for (`straighten-quotes = true`).",
    """
    Typographic quotes are correct text and are left alone by default. Projects
    that want plain ASCII quotes (for tokenisers or exact matching) can set
    `straighten-quotes = true` in `[tool.cleaner.normalize]`; then every curly
    single or double quote is reported and straightened with ftfy's
    `uncurl_quotes`. Dashes are left as they are either way: an em dash is not
    a hyphen.
    """,
    examples="He called it a \u201cfeel-out session\u201d.",
    counter_examples='He called it a "feel-out session".',
    fix="safe",
)

_CURLY_RE = re.compile("[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f]")


def find_typographic_quotes(text: str) -> Iterator[Finding]:
    """Curly quotes, reported only when the config asks for straight ones."""
    for match in _CURLY_RE.finditer(text):
        start, end = match.span()
        straight = ftfy.fixes.uncurl_quotes(match.group(0))
        yield Finding(TYPOGRAPHIC_QUOTE.code, f"typographic quote {_quote(match.group(0))} straightened to "
                      f"{_quote(straight)}", start, end, TYPOGRAPHIC_QUOTE.severity, Fix(straight, start, end))


NOT_NFC = define_rule(
    "E107", "not-unicode-nfc",
    "Characters not in Unicode NFC form (`e` + a combining accent instead of `é`).",
    """
    The same visible text can be stored in several ways: `é` as one character
    (U+00E9) or as `e` followed by a combining acute accent (U+0301). Search,
    deduplication and tokenisers treat the two as different strings, so clean
    output is always NFC, the composed form the web and most tools expect.
    Canonical equivalents that NFC replaces (the Ångström sign U+212B by `Å`)
    are reported too.

    The fix changes no visible character, so it is always safe. Text in a
    script that keeps combining marks with no composed form (most Indic
    scripts) is already NFC and is not reported.
    """,
    examples="The cafe\u0301 reopened on Monday.",
    counter_examples="The caf\u00e9 reopened on Monday.",
    fix="safe",
)


def find_non_nfc(text: str) -> Iterator[Finding]:
    """Stretches that NFC would change, each composed; one C-speed check skips normal text."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return
    for line in iter_lines(text):
        segment = line.text
        if unicodedata.is_normalized("NFC", segment):
            continue
        for start, end, replacement in diff_spans(segment, unicodedata.normalize("NFC", segment)):
            bad = segment[start:end]
            codes = " + ".join(f"U+{ord(c):04X}" for c in bad[:6]) + (" ..." if len(bad) > 6 else "")
            yield Finding(NOT_NFC.code, f"{_quote(bad)} ({codes}) is not in NFC form: composed to "
                          f"{_quote(replacement)}", line.start + start, line.start + end, NOT_NFC.severity,
                          Fix(replacement, line.start + start, line.start + end))


class EncodingStage:
    """Family E: invisible characters, entities, mojibake, markup, quotes."""

    name = "encoding"
    codes = (MOJIBAKE.code, INVISIBLE.code, *markup.CODES, TYPOGRAPHIC_QUOTE.code, NOT_NFC.code)
    transforms = True

    def steps(self, doc: Document, config: NormalizeConfig) -> list[Step]:
        steps: list[Step] = [find_invisible_characters, markup.find_html_entities, find_mojibake]
        if not markup.is_markup_file(doc.path):
            steps += [markup.find_markdown, markup.find_html_tags]
        if config.straighten_quotes:
            steps.append(find_typographic_quotes)
        steps.append(find_non_nfc)  # last: decoding entities or mojibake can leave decomposed text
        return steps

    def check(self, view: TextView, doc: Document, ctx) -> Iterable[Finding]:
        return list(run_steps(view.text, self.steps(doc, ctx.config.normalize)))
