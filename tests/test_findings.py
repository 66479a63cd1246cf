"""Findings cross process boundaries (workers) unchanged."""

from __future__ import annotations

import copy
import pickle

from cleaner.findings import Finding, Fix, Severity


def test_findings_and_fixes_pickle_to_equal_values():
    findings = [
        Finding("D201", "seen in “doc-1”", 3, 9, Severity.INFO, Fix("", 3, 10, safe=False), {"duplicate_of": "a"}),
        Finding("W101", "missing space", 0, 1, Severity.ERROR, Fix(" ", 1, 1)),
        Finding("Q101", "cut off", 5, 5),
    ]
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(findings, protocol=protocol))
        assert again == findings
        assert [type(f.severity) for f in again] == [Severity] * 3
    assert copy.deepcopy(findings) == findings


def test_findings_without_data_share_one_empty_mapping():
    """A text dense with findings paid an empty dict (64 bytes) for each one."""
    from cleaner.findings import NO_DATA

    plain = [Finding("W101", "missing space", i, i + 1) for i in range(3)]
    assert all(f.data is NO_DATA for f in plain) and plain[0].data == {}
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(plain, protocol=protocol))
        assert again == plain and not again[0].data


def test_findings_of_a_stage_share_their_repeated_messages():
    """`missing space after ';' in 'amp;amp'` four characters apart: one string, not one per finding."""
    from cleaner.config import Config
    from cleaner.document import Document
    from cleaner.pipeline import Pipeline

    class Repeating:
        name, codes, transforms = "repeating", ("W101",), False

        def check(self, view, doc, ctx):
            for i in range(0, len(view.text) - 1, 4):
                yield Finding("W101", "".join(["missing space after ';' in ", "'amp;amp'"]), i, i + 1)

    pipeline = Pipeline(Config(), [Repeating()])
    result = pipeline.run(Document(id="d", text="amp;" * 100))
    assert len(result.findings) == 100
    assert len({id(f.message) for f in result.findings}) == 1
    assert result.findings[0].message == "missing space after ';' in 'amp;amp'"
