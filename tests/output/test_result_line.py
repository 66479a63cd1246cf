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


def test_result_line_bytes_is_the_line_in_utf8():
    from cleaner.output.json import result_line_bytes

    for result in _results():
        assert result_line_bytes(result) == (result_line(result) + "\n").encode("utf-8")


def test_result_line_bytes_holds_little_besides_the_line():
    """A record dense with findings makes a line many times its text; the line was held
    as a list of finding strings, their join and its UTF-8 copy at once (three
    times its size). Made piece by piece into one buffer, it is held about once."""
    from memtrace import traced

    from cleaner.output.json import result_line_bytes

    text = "amp;" * 20_000  # a W101 every four characters
    (result,) = [r for r in Cleaner().stream([{"id": "dense", "text": text}])]
    assert len(result.findings) > 10_000, "the record must be dense with findings, or the test proves nothing"
    line, _, peak = traced(lambda: result_line_bytes(result))
    assert peak < 2.2 * len(line), f"peak {peak / len(line):.2f} times the line"
