"""`cleaner clean` records written field by field equal the plain JSON encoding."""

from __future__ import annotations

import json

from cleaner.api import Cleaner
from cleaner.findings import Finding, Severity
from cleaner.output.common import Checked
from cleaner.output.json import result_line, result_record
from output_testkit import NEWS


def _results():
    cleaner = Cleaner()
    records = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    # odd input fields: keys the output also writes, non-ASCII, nesting, numbers
    records[0] = {"findings": "old", **records[0], "meta": {"ü": [1, 2.5, None]}, "quality": 3}
    return [r for r in cleaner.stream(records)]


def test_result_line_is_the_plain_encoding_of_the_record():
    results = _results()
    assert any(r.findings for r in results)
    for result in results:
        assert result_line(result) == json.dumps(result_record(Checked("", result)), ensure_ascii=False)


def test_findings_written_directly_equal_the_encoder():
    from cleaner.document import Document
    from cleaner.findings import Fix
    from cleaner.output.common import Checked
    from cleaner.output.json import _dumps, _finding_json
    from cleaner.pipeline import Result

    text = "line one\nline “two” \\ \ud800\n\tthree"
    findings = [
        Finding("B101", 'said "hi"\n\t\u2028 \ud800', 0, 4, Severity.INFO, Fix("", 0, 9, True), {"category": "x"}),
        Finding("C101", "plain", 9, 12, Severity.WARNING, Fix("Line “", 9, 12, False)),
        Finding("F301", "no fix", 12, len(text), Severity.ERROR, None,
                {"fact": {"value": 2.5, "ok": True, "none": None, "list": [1, "é"]}}),
    ]
    checked = Checked("", Result(Document(text), findings, text, {}))
    for finding in findings:
        assert _finding_json(checked, finding) == _dumps(checked.finding_dict(finding))
