"""`cleaner clean` records encoded in parts (by workers) equal the plain encoding."""

from __future__ import annotations

import dataclasses
import json

from cleaner.api import Cleaner
from cleaner.findings import Finding, Severity
from cleaner.output.json import encode_again, encode_record, result_line
from output_testkit import NEWS


def _results():
    cleaner = Cleaner()
    records = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    # odd input fields: keys the output also writes, non-ASCII, nesting, numbers
    records[0] = {"findings": "old", **records[0], "meta": {"ü": [1, 2.5, None]}, "quality": 3}
    return [r for r in cleaner.stream(records)]


def test_parts_join_to_the_plain_line():
    results = _results()
    assert any(r.findings for r in results)
    for result in results:
        assert encode_record(result).line == result_line(result)


def test_encoding_again_reuses_what_did_not_change_and_equals_the_plain_line():
    for before in _results():
        encoded = encode_record(before)
        extra = Finding("D201", "a paragraph seen in “another” document", 0, min(5, len(before.doc.text)),
                        Severity.WARNING)
        more = dataclasses.replace(before, findings=sorted(before.findings + [extra], key=Finding.sort_key),
                                   annotations={**before.annotations, "duplicate_of": "x\n1"})
        again = encode_again(more, before, encoded)
        assert again.line == result_line(more)
        assert again.text is encoded.text
        reused = {id(j) for j in encoded.findings}
        assert sum(id(j) in reused for j in again.findings) == len(before.findings)
        fixed = dataclasses.replace(before, text=before.text + " changed")
        assert encode_again(fixed, before, encoded).line == result_line(fixed)


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
