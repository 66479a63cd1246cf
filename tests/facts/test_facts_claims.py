"""Claim extraction: hand-labelled real sentences (precision/recall), and the pieces.

The case files hold real sentences copied from the seeds and the benchmark dev split
(see their "about"); claims_heldout.json was labelled before the extractor first ran on it.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from cleaner.facts.claims import extract_claims
from cleaner.facts.text import lemma

HERE = Path(__file__).parent
FIXTURES = HERE.parent.parent / "fixtures"


def hard_wrap(sentence: str, width: int) -> str:
    """``sentence`` hard-wrapped at ``width`` columns, as fmt or a mail client does it:
    at spaces only (a long word or link stays whole on its line)."""
    return textwrap.fill(sentence, width, break_long_words=False, break_on_hyphens=False)


def score(case_file: str, wrap_width: int | None = None) -> tuple[int, int, int, list[str]]:
    """(true positives, false positives, false negatives, error lines) on one case file,
    each sentence hard-wrapped at ``wrap_width`` columns when given."""
    cases = json.loads((HERE / case_file).read_text(encoding="utf-8"))["cases"]
    tp = fp = fn = 0
    errors: list[str] = []
    for case in cases:
        published = dt.date.fromisoformat(case["published"]) if case["published"] else None
        sentence = hard_wrap(case["sentence"], wrap_width) if wrap_width else case["sentence"]
        got = [(c.value, lemma(c.measure), c.date_label) for c in extract_claims(sentence, published)
               if c.is_claim]
        for expected in case["claims"]:
            want = (float(expected["value"]), lemma(expected["measure"]), expected["date"])
            hit = next((g for g in got if abs(g[0] - want[0]) <= 1e-9 * max(1.0, want[0])
                        and g[1:] == want[1:]), None)
            if hit is None:
                fn += 1
                errors.append(f"missed {want} in {case['sentence'][:70]!r}")
            else:
                tp += 1
                got.remove(hit)
        fp += len(got)
        errors.extend(f"extra {g} in {case['sentence'][:70]!r}" for g in got)
    return tp, fp, fn, errors


@pytest.mark.parametrize("case_file", ["claims_cases.json", "claims_heldout.json"])
def test_extraction_precision_and_recall_at_least_0_9(case_file: str) -> None:
    tp, fp, fn, errors = score(case_file)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, errors)


def test_case_files_are_large_enough() -> None:
    for name in ("claims_cases.json", "claims_heldout.json"):
        cases = json.loads((HERE / name).read_text(encoding="utf-8"))["cases"]
        assert len(cases) >= 30
        assert all(c["sentence"] and c["id"] for c in cases)


SEED_LINE_20 = ("According to the united Nations,as of july 2025,over 14,000 people have been killed in the "
                "conflict,and millions have been displaced from their homes.")
NORMALISED_LINE_20 = ("According to the United Nations, as of July 2025, over 14,000 people have been killed in "
                      "the conflict, and millions have been displaced from their homes.")


@pytest.mark.parametrize("sentence", [SEED_LINE_20, NORMALISED_LINE_20])
def test_seed_claim_is_the_same_raw_or_normalised(sentence: str) -> None:
    claims = [c for c in extract_claims(sentence) if c.is_claim]
    first = claims[0]
    assert (first.text, first.value, first.qualifier, first.measure, first.date_label, first.date_cue) == \
        ("over 14,000", 14000.0, "over", "kill", "2025-07", "as of")
    assert first.high == float("inf")  # "over" is a lower bound
    assert (claims[1].text, claims[1].measure, claims[1].vague) == ("millions", "displace", True)


def test_offsets_point_at_the_figure_in_a_multi_line_document() -> None:
    text = (FIXTURES / "002_4d4bf8466975bca8.txt").read_text(encoding="utf-8")
    claim = next(c for c in extract_claims(text) if c.value == 14000)
    assert text[claim.start:claim.end] == "over 14,000"
    assert claim.lineno == 20
    # The previous sentence of the paragraph names the subject; the line above is a heading.
    assert "Ukraine" in text[claim.near_start:claim.sentence_start]
    assert text[claim.heading_start:claim.heading_end] == "The Broader Context: Russia-Ukraine Relations"


def test_publication_date_dates_undated_figures_and_text_dates_win() -> None:
    published = dt.date(2019, 11, 19)
    undated, dated = extract_claims("Officials said 300 people were evacuated. By 2016, 40 jobs were cut.",
                                    published)
    assert (undated.date_source, undated.date_label, undated.measure) == ("published", "2019-11-19", "evacuate")
    assert (dated.date_source, dated.date_label) == ("text", "2016")


def test_a_start_date_or_a_name_never_dates_a_figure() -> None:
    since, name = extract_claims("Since 2014, 300 people have died. The 2016 election drew 200 voters.")
    assert since.date_first is None and name.date_first is None


def test_an_unresolvable_nearest_date_leaves_the_figure_undated() -> None:
    claim, = [c for c in extract_claims("Touted in October, the $40 billion plan was first drafted in 2018.")
              if c.is_claim]
    assert claim.date_first is None  # "in October" (no year known) governs, not 2018


def test_measure_comes_from_the_event_the_noun_or_the_unit() -> None:
    measures = {c.text: c.measure for c in extract_claims(
        "The crash killed a total of 346 people. WeWork will cut 4,000 jobs and pay $5.9 million. "
        "Turnout rose 3.5 percent; the death toll rose to 1,200.")}
    assert measures == {"346": "kill", "4,000": "job", "$5.9 million": "dollar", "3.5 percent": "percent",
                        "1,200": "death"}


def test_subjects_are_capitalised_names_without_sentence_starters() -> None:
    claim, = extract_claims("According to officials, more than 2,500 Afghan civilians were killed in Kabul.")
    assert claim.subjects == ("afghan", "kabul")
