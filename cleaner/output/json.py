"""A JSON array of findings, each with path, doc_id (and record_line for JSONL)."""

from __future__ import annotations

import io
import json
from typing import Any, Iterator, Sequence

from ..findings import Finding
from ..pipeline import Result
from .common import Checked


def render(checked: Sequence[Checked]) -> str:
    return "".join(chunks(checked))


def chunks(checked: Sequence[Checked]) -> Iterator[str]:
    """`render` finding by finding: ``json.dumps(rows, ensure_ascii=False, indent=2)``
    and a newline, without the list of rows nor the encoder's pieces of all of them
    at once (with ``indent`` it encodes in Python, a few small strings per value:
    1 kB a finding, 250 MB for a 1 MB text with a finding every four characters)."""
    opening = "[\n  "
    for item in checked:
        for finding in item.result.findings:
            yield opening + _INDENTED.encode(item.located(finding)).replace("\n", "\n  ")
            opening = ",\n  "
    yield "[]\n" if opening == "[\n  " else "\n]\n"


def result_record(item: Checked) -> dict[str, Any]:
    """The output record of `cleaner clean`: input fields, cleaned text, findings..."""
    result = item.result
    record = _record_shell(result)
    record["text"] = result.text
    record["findings"] = [item.finding_dict(f) for f in result.findings]
    return record


def result_line(result: Result) -> str:
    """`result_record` as one JSON line (no newline), exactly as ``json.dumps`` writes it,
    with each finding written out directly (workers write every record)."""
    return "".join(_line_pieces(result))


def result_line_bytes(result: Result) -> bytes:
    """`result_line` and its newline, in UTF-8, made piece by piece into one buffer: a
    record dense with findings (a 1 MB text with one every four characters writes 65
    MB of them) was held as a list of finding strings, their join, the line and its
    UTF-8 copy at once."""
    out = io.BytesIO()
    for piece in _line_pieces(result):
        out.write(piece.encode("utf-8"))
    out.write(b"\n")
    return out.getvalue()  # the buffer itself, not a copy


def _line_pieces(result: Result) -> Iterator[str]:
    checked = Checked("", result)
    separator = "{"
    for key, value in _record_shell(result).items():
        yield f"{separator}{_dumps(key)}: "
        separator = ", "
        if key == "text":
            yield _dumps(result.text)
        elif key == "findings":
            between = "["
            for finding in result.findings:
                yield between + _finding_json(checked, finding)
                between = ", "
            yield "[]" if between == "[" else "]"
        else:
            yield _dumps(value)
    yield "{}" if separator == "{" else "}"


def _finding_json(checked: Checked, finding: Finding) -> str:
    """``_dumps(checked.finding_dict(finding))``, written out field by field: a
    document has dozens of findings, and the encoder's set-up per call cost more
    than the encoding. Values of unexpected types go through the encoder."""
    if type(finding.start) is not int or type(finding.end) is not int or type(finding.message) is not str:
        return _dumps(checked.finding_dict(finding))
    index = checked.line_index
    line, column = index.position(finding.start)
    end_line, end_column = index.position(finding.end)
    fix = finding.fix
    if fix is None:
        fix_json = "null"
    elif type(fix.start) is int and type(fix.end) is int and type(fix.safe) is bool \
            and type(fix.replacement) is str:
        fix_json = (f'{{"replacement": {_string(fix.replacement)}, "start": {fix.start}, "end": {fix.end}, '
                    f'"safe": {"true" if fix.safe else "false"}}}')
    else:
        fix_json = _dumps(fix.to_dict())
    data = f', "data": {_dumps(dict(finding.data))}' if finding.data else ""
    return (f'{{"code": {_string(finding.code)}, "message": {_string(finding.message)}, '
            f'"severity": {_string(finding.severity.value)}, "line": {line}, "column": {column}, '
            f'"end_line": {end_line}, "end_column": {end_column}, "start": {finding.start}, '
            f'"end": {finding.end}, "fix": {fix_json}{data}}}')


def _record_shell(result: Result) -> dict[str, Any]:
    """`result_record` with its key order, text and findings left to the caller."""
    doc = result.doc
    record: dict[str, Any] = dict(doc.fields) if doc.fields else {"id": doc.id}
    record["text"] = None
    record["findings"] = None
    record["language"] = result.annotations.get("language")
    record["duplicate_of"] = result.annotations.get("duplicate_of")
    record["quality"] = result.annotations.get("quality", {})
    return record


_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2)  # one row of `chunks` (strings hold no raw newline)
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps builds one per call when options are given
_dumps = _ENCODER.encode
_string = json.encoder.encode_basestring  # how that encoder writes a str (ensure_ascii=False)
