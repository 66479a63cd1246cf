"""The rule registry: code -> Rule, and selection by code or family prefix.

A rule registers itself where it is defined, with `define_rule(...)`, next to the
check that emits it. Its example and counter-example run as tests
(tests/test_rule_examples.py), so the docs cannot drift from the behaviour.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .errors import CleanerError
from .findings import Severity

FAMILIES: dict[str, str] = {
    "E": "encoding and markup",
    "W": "spacing",
    "C": "casing",
    "D": "duplicates",
    "B": "boilerplate",
    "T": "table of contents",
    "F": "factual consistency",
    "L": "language",
    "Q": "quality",
}

_CODE_RE = re.compile(r"[A-Z][0-9]{3}")
_SELECTOR_RE = re.compile(r"[A-Z][0-9]{0,3}")


class UnknownRuleError(CleanerError, ValueError):
    """A code or selector that names no rule: a usage error (exit 2), not a crash."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Everything a user needs to know about one code, in one place.

    ``examples`` are documents that must raise the code when checked together (the
    last one carries the finding, earlier ones are the batch it is compared to);
    ``counter_examples`` are single documents that must not raise it.
    """

    code: str
    name: str  # the pattern flagged, kebab-case: "missing-space-after-punctuation"
    summary: str  # one line
    explanation: str  # why it matters, what to do instead
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    fix: str = "none"  # "safe", "unsafe" or "none"
    severity: Severity = Severity.WARNING
    needs_facts: bool = False  # examples only fire with a facts file (F rules)

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def fixable(self) -> bool:
        return self.fix != "none"


_REGISTRY: dict[str, Rule] = {}


def define_rule(
    code: str,
    name: str,
    summary: str,
    explanation: str,
    examples: Iterable[str] | str,
    counter_examples: Iterable[str] | str = (),
    fix: str = "none",
    severity: Severity = Severity.WARNING,
    needs_facts: bool = False,
) -> Rule:
    """Register a rule; returns it so the defining module can keep a handle."""
    if not _CODE_RE.fullmatch(code) or code[0] not in FAMILIES:
        raise ValueError(f"rule code {code!r} must be a family letter ({''.join(FAMILIES)}) and three digits")
    if fix not in ("safe", "unsafe", "none"):
        raise ValueError(f"rule {code}: fix must be 'safe', 'unsafe' or 'none', not {fix!r}")
    if code in _REGISTRY and _REGISTRY[code].name != name:
        raise ValueError(f"rule code {code} is already used by {_REGISTRY[code].name}; codes are never reused")
    rule = Rule(
        code=code,
        name=name,
        summary=summary,
        explanation=inspect.cleandoc(explanation),
        examples=(examples,) if isinstance(examples, str) else tuple(examples),
        counter_examples=(counter_examples,) if isinstance(counter_examples, str) else tuple(counter_examples),
        fix=fix,
        severity=severity,
        needs_facts=needs_facts,
    )
    _REGISTRY[code] = rule
    return rule


def all_rules() -> list[Rule]:
    from . import stages  # noqa: F401  (importing the stages registers their rules)

    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule:
    all_rules()
    try:
        return _REGISTRY[code.upper()]
    except KeyError:
        raise UnknownRuleError(f"unknown rule code {code!r}; `cleaner rules` lists them") from None


def validate_selectors(selectors: Iterable[str]) -> tuple[str, ...]:
    """Normalise ``B,D101``-style selectors; reject ones that match no rule."""
    out = []
    known = all_rules()
    for raw in selectors:
        sel = raw.strip().upper()
        if not sel:
            if raw == "":
                out.append("")  # ALL, as an earlier call normalised it
            continue
        if sel == "ALL":
            out.append("")
            continue
        if not _SELECTOR_RE.fullmatch(sel) or not any(r.code.startswith(sel) for r in known):
            raise UnknownRuleError(f"{raw!r} matches no rule code or family; `cleaner rules` lists them")
        out.append(sel)
    return tuple(out)


@lru_cache(maxsize=4096)  # asked once per finding, about a few dozen codes
def is_selected(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    """Ruff's semantics: the longest matching selector wins; ignore wins a tie."""
    best_select = max((len(s) for s in (select if select is not None else ("",)) if code.startswith(s)), default=-1)
    best_ignore = max((len(s) for s in ignore if code.startswith(s)), default=-1)
    return best_select >= 0 and best_select > best_ignore
