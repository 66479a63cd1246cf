"""SARIF 2.1.0: the format code-scanning services (GitHub, GitLab, IDEs) read.

One run; the tool driver lists every registered rule (code, name, summary,
explanation); one result per finding, with its physical location and, for a
fixable finding, the fix as an artifact change.

Columns and offsets count Unicode code points, like the rest of cleaner, and the
run says so (``columnKind``): SARIF's default is UTF-16 code units.

A JSONL record is one line of its file; positions inside the record's text are
not positions in the file, so its region is the record's line, the position
inside the text goes into the result's ``properties``, and its fix is not
offered as a file change (it would have to be applied to the JSON-escaped text).
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any, Iterator, Sequence
from urllib.parse import quote

from .. import __version__
from ..findings import Finding, Fix, Severity
from ..rules import FAMILIES, Rule, all_rules
from .common import Checked
from .describe import describe_fix

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(checked: Sequence[Checked]) -> str:
    return "".join(chunks(checked))


def chunks(checked: Sequence[Checked]) -> Iterator[str]:
    """`render` result by result: ``json.dumps(sarif_log(checked), indent=2)`` and a
    newline, without every result's dict (a few hundred bytes each) held at once,
    nor the encoder's pieces of all of them (3.5 GB for a 1 MB text with a finding
    every four characters)."""
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    # The log with no results, cut where they go: "results" is the last key of the
    # last (only) run, so its empty list is the last "[]" of the document.
    shell = _INDENTED.encode(_log(rules, []))
    cut = shell.rindex("[]")
    opening = shell[:cut] + "[\n" + _RESULT_INDENT
    for item in checked:
        for finding in item.result.findings:
            yield opening + _INDENTED.encode(_result(item, finding, index)).replace("\n", "\n" + _RESULT_INDENT)
            opening = ",\n" + _RESULT_INDENT
    if opening.startswith(","):
        yield "\n" + _RESULT_INDENT[:-2] + "]" + shell[cut + 2:] + "\n"
    else:
        yield shell + "\n"


def sarif_log(checked: Sequence[Checked]) -> dict[str, Any]:
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    return _log(rules, [_result(item, f, index) for item in checked for f in item.result.findings])


def _log(rules: Sequence[Rule], results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cleaner",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


# How `json.dumps(..., indent=2)` writes the log; a result sits four levels deep
# (log, runs, run, results). Encoded strings hold no raw newline to re-indent.
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2)
_RESULT_INDENT = " " * 8


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": f"{rule.summary}\n\n{rule.explanation}"},
        "defaultConfiguration": {"level": _LEVEL.get(rule.severity, "warning")},
        "properties": {"family": FAMILIES.get(rule.family, rule.family), "fix": rule.fix},
    }


def artifact_uri(path: str) -> str:
    """A relative path stays relative (code scanning resolves it against the
    checkout); an absolute one becomes a file: URI."""
    if os.path.isabs(path):
        return PurePath(os.path.abspath(path)).as_uri()
    return quote(os.fsencode(PurePath(path).as_posix()))  # bytes: a non-UTF-8 name is %-escaped


def _result(item: Checked, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(item.path)}}
    line, column = item.line_index.position(finding.start)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": item.display_message(finding)},
        "locations": [{"physicalLocation": location}],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    properties: dict[str, Any] = {}
    if item.is_record:
        location["region"] = {"startLine": item.result.doc.record_line or 1}
        result["locations"][0]["logicalLocations"] = [{"name": item.result.doc.id, "kind": "object"}]
        end_line, end_column = item.line_index.position(finding.end)
        properties.update(doc_id=item.result.doc.id, line=line, column=column, end_line=end_line,
                          end_column=end_column, start=finding.start, end=finding.end)
        if finding.fix is not None:
            properties["fix"] = finding.fix.to_dict()
    else:
        location["region"] = _region(item, finding.start, finding.end)
        if finding.fix is not None:
            result["fixes"] = [_fix(item, finding.fix)]
    if finding.data:
        properties["data"] = dict(finding.data)
    if properties:
        result["properties"] = properties
    return result


def _region(item: Checked, start: int, end: int) -> dict[str, Any]:
    line, column = item.line_index.position(start)
    end_line, end_column = item.line_index.position(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
            "charOffset": start, "charLength": end - start}


def _fix(item: Checked, fix: Fix) -> dict[str, Any]:
    return {
        "description": {"text": describe_fix(item.result.doc.text, fix)},
        "artifactChanges": [{
            "artifactLocation": {"uri": artifact_uri(item.path)},
            "replacements": [{
                "deletedRegion": _region(item, fix.start, fix.end),
                "insertedContent": {"text": fix.replacement},
            }],
        }],
    }
