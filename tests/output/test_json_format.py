"""JSON output: one object per finding, with the SPEC's keys and exact spans."""

from __future__ import annotations

import json

from output_testkit import NEWS, json_findings

KEYS = {"path", "doc_id", "code", "message", "severity", "line", "column", "end_line", "end_column",
        "start", "end", "fix", "record_line"}


def test_json_findings_point_at_their_text(demo_rules, capsys):
    records = {json.loads(line)["id"]: json.loads(line)["text"] for line in NEWS.open(encoding="utf-8")}
    findings = json_findings([NEWS], capsys)
    assert findings
    for f in findings:
        assert KEYS <= set(f), f
        text = records[f["doc_id"]]
        assert 0 <= f["start"] <= f["end"] <= len(text)
        lines = text.split("\n")
        assert sum(len(x) + 1 for x in lines[:f["line"] - 1]) + f["column"] - 1 == f["start"]
        if f["fix"]:
            assert set(f["fix"]) == {"replacement", "start", "end", "safe"}
    facts = [f for f in findings if f["code"].startswith("F")]
    assert facts and all(f["data"]["source"] for f in facts)
