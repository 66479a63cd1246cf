"""F101 outdated-figure: a figure from a reference fact, quoted for a date when it no
longer (or not yet) held.

Report only: the tool cannot know the right figure, it can only say which
reference the text seems to quote and why that reference does not fit the date.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Iterable, Iterator

from ..findings import Finding, Severity
from ..rules import define_rule
from .claims import Claim
from .dates import period_label
from .matching import matching_facts
from .reference import Fact, FactBook

OUTDATED_FIGURE = define_rule(
    "F101",
    "outdated-figure",
    "Figure matches a reference fact but is dated outside the period the fact holds for",
    textwrap.dedent("""\
    Scraped and machine-spun news recycles figures long after they stopped being true:
    a headcount from 2019 quoted in 2025 as "as of July 2025". With a facts
    file (`--facts FILE`, TOML, see README), a figure that matches a fact (subject near,
    measure in the clause, number within tolerance) and is dated after the fact's
    `valid_until` (or before its `valid_from`) is reported with the fact's source and note.
    The figure's date is an explicit date in its sentence ("as of July 2025", "by 2023",
    "in November 2018"), else the publication date; with neither, nothing is reported.

    Never fixed automatically: check the source and write the current figure, or
    date the old one ("in June 2019, the company had 12,500 employees").
    False positives: a sentence that quotes the old figure as history but carries a
    later date for something else nearby; a fact whose subject words are too broad.
    """),
    examples=["As of 2024, the world has about 7 billion people, the report said."],
    counter_examples=["As of 2015, the world had about 7 billion people, the report said."],
    severity=Severity.WARNING,
    needs_facts=True,
)


def find_outdated(claims: Iterable[Claim], text: str, book: FactBook) -> Iterator[Finding]:
    """F101 findings for figures of ``text`` that quote a fact outside its period."""
    if not book:
        return
    near_by_span: dict = {}  # the figures of one sentence share the reading of its names
    for claim in claims:
        if claim.date_first is None or claim.date_last is None:
            continue  # undated: we cannot say it is stale
        for fact in matching_facts(claim, text, book, near_by_span):
            side = fact.stale_at(claim.date_first, claim.date_last)
            if side is None:
                continue
            yield _finding(claim, fact, side)
            break


def _finding(claim: Claim, fact: Fact, side: str) -> Finding:
    limit = fact.valid_until if side == "after" else fact.valid_from
    limit_text = f"valid until {limit}" if side == "after" else f"valid from {limit}"
    what = claim.measure_text or claim.measure or "figure"
    message = (f"figure {claim.text} ({what}) {describe_date(claim)} matches fact \"{fact.id}\", {limit_text}: "
               f"{fact.source}")
    if fact.note:
        message += f" — {fact.note}"
    data = {"fact": fact.to_data(), "figure": claim.text, "value": claim.value,
            "claim_date": claim.date_label, "date_source": claim.date_source}
    return Finding("F101", message, claim.start, claim.end, Severity.WARNING, None, data)


def describe_date(claim: Claim) -> str:
    """'dated July 2025' / 'dated 2019-11-18 (publication date)'."""
    if claim.date_first is None:
        return "undated"
    label = human_period(claim.date_first, claim.date_last or claim.date_first)
    if claim.date_source == "published":
        return f"dated {label} (publication date)"
    return f"dated {label}"


def human_period(first: dt.date, last: dt.date) -> str:
    label = period_label(first, last)
    if len(label) == 7 and label[4] == "-":  # a whole month
        return first.strftime("%B %Y")
    return label
