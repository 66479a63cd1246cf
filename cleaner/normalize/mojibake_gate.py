"""A cheap regex that matches wherever ftfy's badness heuristic can match.

`ftfy.fix_encoding` leaves a text alone unless `ftfy.badness.is_bad` finds a
match of its `BADNESS_RE`, a large alternation that the regex engine tries at
every position (about 0.15 CPU s per MB). Each of its alternatives is a short
sequence of character classes, and at least one of the classes is a set of
rare characters (`Ã`, `€`, box drawing, C1 controls...). `GATE_RE` opens with
the union of those rare classes, so the engine skips from rare character to
rare character, and checks each against the neighbours its alternative needs.

It is derived from `BADNESS_RE` itself when this module is imported: for each
alternative, a position that must match one character from an explicit set
(not `\\w` or `[^A-Za-z]`), the least common such set in news text, together
with the explicit sets right before and after it. A match of an alternative
puts characters of those sets side by side, so `is_bad(text)` implies
`GATE_RE.search(text)`: a text the gate does not match is one ftfy would
leave unchanged. If the pattern ever has a shape this does not understand,
the gate falls back to "any non-ASCII character", which is also necessary.
"""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE

try:
    from re import _constants as _sre, _parser as _sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_FALLBACK = "[^\x00-\x7f]"
# Characters frequent in clean text: letters of any script and typographic
# punctuation. A gate position made of them would let most lines through, so
# other positions of the same alternative are preferred.
_COMMON_PUNCTUATION = frozenset("\xa0\u2018\u2019\u201c\u201d\u2013\u2014\u2026«»°€£")


def _common(chars: frozenset[str]) -> int:
    return sum(1 for c in chars if c.isalpha() or c in _COMMON_PUNCTUATION)


def _charset(op, av) -> frozenset[str] | None:
    """The characters a single-character node matches, or None if not an explicit set."""
    if op is _sre.LITERAL:
        return frozenset(chr(av))
    if op is _sre.IN:
        chars: set[str] = set()
        for item, arg in av:
            if item is _sre.LITERAL:
                chars.add(chr(arg))
            elif item is _sre.RANGE:
                chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
            else:
                return None  # a category or a negated set: open-ended
        return frozenset(chars)
    return None  # a repeat, an anchor, `.`: not one mandatory explicit character


def _class(chars: frozenset[str]) -> str:
    """A character class for ``chars``, runs of consecutive code points as ranges."""
    points = sorted(map(ord, chars))
    parts = []
    start = prev = points[0]
    for point in points[1:] + [-1]:
        if point != prev + 1:
            parts.append(_escape(start) if start == prev else f"{_escape(start)}-{_escape(prev)}")
            start = point
        prev = point
    return "[" + "".join(parts) + "]"


def _escape(point: int) -> str:
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def derive_gate(pattern: re.Pattern[str]) -> str:
    """A regex source matching wherever ``pattern`` (an alternation of sequences) can match."""
    if pattern.flags & re.IGNORECASE:
        return _FALLBACK  # literals would match other cases too
    tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    if len(tree.data) != 1 or tree.data[0][0] is not _sre.BRANCH:
        return _FALLBACK
    rare: set[str] = set()
    checks = []
    for alternative in tree.data[0][1][1]:
        nodes = [_charset(op, av) for op, av in alternative.data]
        positions = [(any(c.isascii() for c in chars), _common(chars), len(chars), k)
                     for k, chars in enumerate(nodes) if chars]
        if not positions or positions and min(positions)[0]:
            return _FALLBACK  # no position free of ASCII: no cheap gate for this alternative
        k = min(positions)[3]
        rare |= nodes[k]
        before = _class(nodes[k - 1]) if k > 0 and nodes[k - 1] else ""
        after = f"(?={_class(nodes[k + 1])})" if k + 1 < len(nodes) and nodes[k + 1] else ""
        checks.append(f"(?<={before}{_class(nodes[k])}){after}")
    # The rare character first, so that the engine can skip to it; then which
    # alternative's neighbours surround it (a lookbehind over it and the one before).
    return _class(frozenset(rare)) + "(?:" + "|".join(checks) + ")"


GATE_RE = re.compile(derive_gate(BADNESS_RE))
