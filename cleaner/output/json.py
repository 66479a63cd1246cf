"""A JSON array of findings, each with path, doc_id (and record_line for JSONL)."""

from __future__ import annotations

import json
from typing import Any, Sequence

from ..pipeline import Result
from .common import Checked


def render(checked: Sequence[Checked]) -> str:
    rows = [item.located(f) for item in checked for f in item.result.findings]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def result_record(item: Checked) -> dict[str, Any]:
    """The output record of `cleaner clean`: input fields, cleaned text, findings..."""
    result = item.result
    doc = result.doc
    record: dict[str, Any] = dict(doc.fields) if doc.fields else {"id": doc.id}
    record["text"] = result.text
    record["findings"] = [item.finding_dict(f) for f in result.findings]
    record["language"] = result.annotations.get("language")
    record["duplicate_of"] = result.annotations.get("duplicate_of")
    record["quality"] = result.annotations.get("quality", {})
    return record


def result_line(result: Result) -> str:
    """`result_record` as one JSON line (no newline)."""
    return json.dumps(result_record(Checked("", result)), ensure_ascii=False)
