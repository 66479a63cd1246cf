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

    def is_spun(self, text: str, start: int, end: int) -> bool:
        """Whether the match at ``text[start:end]`` is the spun use, not the idiom."""
        if self.before_ok:
            before = text[max(0, start - 20):start].split()
            if before and before[-1].lower() in self.before_ok:
                return False
        if self.after_ok is not None and self.after_ok.match(text, end):
            return False
        return True


def _spun(phrase: str, meant: str, before_ok: str = "", after_ok: str = "") -> SpunPhrase:
    """``before_ok``: words (|-separated); ``after_ok``: a pattern for what follows."""
    core = r"\b" + r"\s".join(re.escape(w) for w in phrase.split()) + r"\b"
    return SpunPhrase(
        phrase, meant, re.compile(core, re.IGNORECASE),
        frozenset(before_ok.split("|")) if before_ok else frozenset(),
        re.compile(r"\s?(?:" + after_ok + ")", re.IGNORECASE) if after_ok else None,
    )


SPUN_PHRASES: tuple[SpunPhrase, ...] = (
    # "often": idiomatic only as "(not) ... frequently enough (to|that|for|.)"
    _spun("frequently enough", "often", before_ok="not|n't|so|as|nearly|often",
          after_ok=r"[.,;:!?)]|to\b|that\b|for\b|as\b|and\b|or\b|$"),
    _spun("in spite of the truth that", "despite the fact that"),
    _spun("regardless of the truth that", "despite the fact that"),
    _spun("because of the truth that", "because"),
    _spun("due to the truth that", "because"),
    _spun("in light of the truth that", "because"),
    _spun("counterfeit consciousness", "artificial intelligence"),
    _spun("man-made consciousness", "artificial intelligence"),
    _spun("profound learning", "deep learning"),
    _spun("colossal information", "big data"),
    _spun("irregular woodland", "random forest"),
    _spun("bosom malignancy", "breast cancer"),
    _spun("bosom disease", "breast cancer"),
    _spun("flag to commotion", "signal to noise"),
    _spun("cloud figuring", "cloud computing"),
    _spun("haphazard access memory", "random access memory"),
    _spun("neural organization", "neural network"),
    _spun("versatile phone", "mobile phone"),
    _spun("joined together states", "United States"),
    _spun("assembled countries", "United Nations"),
    _spun("joined realm", "United Kingdom"),
    _spun("unified countries", "United Nations"),
    _spun("worldwide temperature alteration", "global warming"),
    _spun("environmental change emergency", "climate crisis"),
)
