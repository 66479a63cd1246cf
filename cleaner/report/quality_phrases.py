"""Machine-spun phrasing: what article spinners and paraphrasing tools leave behind.

Spinners swap words for "synonyms" without regard to idiom, so "often" becomes
"frequently enough", "despite the fact that" becomes "in spite of the truth that"
and "artificial intelligence" becomes "counterfeit consciousness" (Cabanac et al.,
"Tortured phrases", 2021, list such substitutions found in published papers).

Each entry is the spun phrase, what was probably meant, and a guard: a pattern on
the words after it that marks a legitimate use ("not frequently enough to",
"meet frequently enough."), so that idiomatic English is not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpunPhrase:
    phrase: str
    meant: str
    pattern: re.Pattern[str]
    before_ok: frozenset[str]  # a preceding word that makes the phrase idiomatic
    after_ok: re.Pattern[str] | None  # what may follow in an idiomatic use
    negation_ok: bool = False  # idiomatic anywhere in a negated clause ("do not happen ... frequently enough")

    def is_spun(self, text: str, start: int, end: int) -> bool:
        """Whether the match at ``text[start:end]`` is the spun use, not the idiom."""
        if self.before_ok:
            before = text[max(0, start - 20):start].split()
            if before and before[-1].lower() in self.before_ok:
                return False
        if self.after_ok is not None and self.after_ok.match(text, end):
            return False
        if self.negation_ok:
            clause = _CLAUSE_END_RE.split(text[max(0, start - 80):start])[-1]
            if _NEGATION_RE.search(clause):
                return False
        return True


_CLAUSE_END_RE = re.compile(r"[.;:!?\n]")
_NEGATION_RE = re.compile(r"\b(?:not|never|no|hardly|rarely|seldom|barely)\b|n't\b", re.IGNORECASE)


def _spun(phrase: str, meant: str, before_ok: str = "", after_ok: str = "", negation_ok: bool = False) -> SpunPhrase:
    """``before_ok``: words (|-separated); ``after_ok``: a pattern for what follows."""
    core = r"\b" + r"\s".join(re.escape(w) for w in phrase.split()) + r"\b"
    return SpunPhrase(
        phrase, meant, re.compile(core, re.IGNORECASE),
        frozenset(before_ok.split("|")) if before_ok else frozenset(),
        re.compile(r"\s?(?:" + after_ok + ")", re.IGNORECASE) if after_ok else None,
        negation_ok,
    )


SPUN_PHRASES: tuple[SpunPhrase, ...] = (
    # "often": idiomatic only as "(not) ... frequently enough (to|that|for|.)"
    # ("... frequently enough in winter that ...": "enough" + a place or time + "that").
    _spun("frequently enough", "often", before_ok="not|n't|so|as|nearly|often",
          after_ok=r"[.,;:!?)]|(?:to|that|for|as|and|or)\b"
                   r"|(?:in|at|on|during|over|within|throughout|under)\s(?:[^\W\d_]+\s){0,3}(?:to|that)\b|$",
          negation_ok=True),
    _spun("in spite of the truth that", "despite the fact that"),
    _spun("regardless of the truth that", "despite the fact that"),
    _spun("because of the truth that", "because"),
    _spun("due to the truth that", "because"),
    _spun("in light of the truth that", "because"),
    _spun("counterfeit consciousness", "artificial intelligence"),
    _spun("man-made consciousness", "artificial intelligence"),
    _spun("profound learning", "deep learning", after_ok=r"experience|curve|opportunit|journey|moment|process"),
    _spun("colossal information", "big data"),
    _spun("irregular woodland", "random forest"),
    _spun("bosom malignancy", "breast cancer"),
    _spun("bosom disease", "breast cancer"),
    _spun("flag to commotion", "signal to noise"),
    _spun("cloud figuring", "cloud computing"),
    _spun("haphazard access memory", "random access memory"),
    _spun("neural organization", "neural network", after_ok=r"of\b|in\b"),
    _spun("versatile phone", "mobile phone", after_ok=r"with\b|for\b|that\b|which\b"),
    _spun("joined together states", "United States"),
    _spun("assembled countries", "United Nations"),
    _spun("joined realm", "United Kingdom"),
    _spun("unified countries", "United Nations"),
    _spun("worldwide temperature alteration", "global warming"),
    _spun("environmental change emergency", "climate crisis"),
)
