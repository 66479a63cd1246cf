"""Reading a JSONL record strictly, and rewriting one field of it in place.

Strict: `json.loads` accepts NaN, Infinity and numbers too large for a float
(which become inf), none of which is JSON; written back out they would make
the output unreadable to other JSON parsers. Such records are rejected with
the reason instead.

In place: `--fix` on a JSONL file changes only the `text` of a record, so
only that value is re-encoded; every other byte of the line (number spellings,
escapes, key order, spacing) stays as it was.
"""

from __future__ import annotations

import json
import math
import re
from json.decoder import scanstring
from typing import Any


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise ValueError(f"number {literal[:40]} is too large to read")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)
_SPACE = re.compile(r"[ \t\n\r]*")


def loads(text: str) -> Any:
    """`json.loads`, refusing NaN, Infinity and numbers out of a float's range (ValueError)."""
    return _DECODER.decode(text)


def replace_field(line: str, key: str, value: Any) -> str:
    """``line`` (one JSON object) with the value of its top-level ``key`` replaced by
    ``value``, every other character kept; the last occurrence of the key is the one
    replaced, as it is the one a reader keeps. Without the key, it is added at the end."""
    span = _field_span(line, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if span is None:
        obj = loads(line)
        obj[key] = value
        return json.dumps(obj, ensure_ascii=False)
    start, end = span
    return line[:start] + encoded + line[end:]


def _field_span(line: str, key: str) -> tuple[int, int] | None:
    """Where the value of the last top-level ``key`` lies in ``line``, or None."""
    i = _SPACE.match(line).end()
    if line[i:i + 1] != "{":
        return None
    i = _SPACE.match(line, i + 1).end()
    if line[i:i + 1] == "}":
        return None
    span = None
    while line[i:i + 1] == '"':
        name, i = scanstring(line, i + 1)
        i = _SPACE.match(line, i).end()
        if line[i:i + 1] != ":":
            return None
        i = _SPACE.match(line, i + 1).end()
        _, end = _DECODER.raw_decode(line, i)
        if name == key:
            span = (i, end)
        i = _SPACE.match(line, end).end()
        if line[i:i + 1] == "}":
            return span
        if line[i:i + 1] != ",":
            return None
        i = _SPACE.match(line, i + 1).end()
    return None
