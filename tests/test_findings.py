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
