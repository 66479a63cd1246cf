"""Rule cases taken from real text (fixtures/normalize/snippets.json): each hit
must yield exactly the expected spans and fixes, each ok case nothing of its rule."""

from __future__ import annotations

import pytest

from normalize_helpers import check_finding_points_at_its_subject, normalize_findings, snippet_cases

CASES = snippet_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}-{c['kind']}-{i}" for i, c in enumerate(CASES)])
def test_snippet(case: dict) -> None:
    text = case["text"]
    found = sorted((f for f in normalize_findings(text) if f.code == case["rule"]), key=lambda f: f.start)
    if case["kind"] == "ok":
        assert not found, [f.message for f in found]
        return
    assert [text[f.start:f.end] for f in found] == case["spans"], [f.message for f in found]
    for f, fix in zip(found, case.get("fixes") or [None] * len(found)):
        check_finding_points_at_its_subject(text, f)
        if fix is not None:
            assert f.fix.replacement == fix
