"""What every renderer needs: a checked document and its findings as positions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..document import LineIndex
from ..findings import Finding
from ..pipeline import Result


def printable_path(path: str) -> str:
    """A path as valid text for any output: bytes of a file name that are not UTF-8
    (which Python keeps as lone surrogates, and no UTF-8 output can carry) are shown
    as \\xNN."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class Checked:
    """One document's result, with where it came from."""

    path: str  # as the file system has it (may hold surrogates): for URIs
    result: Result

    @cached_property
    def shown_path(self) -> str:
        """`path` as valid text, for every output that prints it."""
        return printable_path(self.path)

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.result.doc.text)

    @property
    def is_record(self) -> bool:
        return self.result.doc.record_line is not None

    def finding_dict(self, finding: Finding) -> dict[str, Any]:
        """The SPEC's finding object: positions inside the document's own text."""
        line, column = self.line_index.position(finding.start)
        end_line, end_column = self.line_index.position(finding.end)
        out: dict[str, Any] = {
            "code": finding.code,
            "message": finding.message,
            "severity": finding.severity.value,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "start": finding.start,
            "end": finding.end,
            "fix": finding.fix.to_dict() if finding.fix else None,
        }
        if finding.data:
            out["data"] = dict(finding.data)
        return out

    def located(self, finding: Finding) -> dict[str, Any]:
        """`finding_dict` plus path, doc_id and record_line (JSON output)."""
        out = {"path": self.shown_path, "doc_id": self.result.doc.id, **self.finding_dict(finding)}
        if self.is_record:
            out["record_line"] = self.result.doc.record_line
        return out

    def display_position(self, finding: Finding) -> tuple[int, int]:
        """LINE:COL for one-line formats: the record's line for JSONL, else the text's."""
        if self.is_record:
            return self.result.doc.record_line or 1, 1
        return self.line_index.position(finding.start)

    def display_message(self, finding: Finding) -> str:
        if self.is_record:
            line, column = self.line_index.position(finding.start)
            return f"[{self.result.doc.id} {line}:{column}] {finding.message}"
        return finding.message
