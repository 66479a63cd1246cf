"""Fixes in words, for people reading a report: "remove line 3", "replace “x” with “y”"."""

from __future__ import annotations

from ..findings import Fix


def describe_fix(text: str, fix: Fix) -> str:
    """A person's reading of a fix: remove line 3, replace "x" with "y"..."""
    old = text[fix.start:fix.end]
    if not fix.replacement and old:
        lines = _whole_lines(text, fix.start, fix.end)
        if lines is None:
            what = f"remove {_quote(old)}"
        elif lines[0] == lines[1]:
            what = f"remove line {lines[0]}"
        else:
            what = f"remove lines {lines[0]}–{lines[1]}"
    elif fix.end > fix.start:
        what = f"replace {_quote(old)} with {_quote(fix.replacement)}"
    else:
        what = f"insert {_quote(fix.replacement)}"
    return what + ("" if fix.safe else " (unsafe: shown, never applied automatically)")


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(first, last) line numbers when text[start:end] is whole lines with one line
    break (after them, or before the last line: see `line_removal_fix`), not
    counting blank lines under them."""
    at_line_start = start == 0 or text[start - 1] == "\n"
    at_line_end = end == len(text) or text[end] in "\r\n"
    if text.startswith("\n", start) and at_line_end and not text.endswith("\n", start, end):
        start += 1  # the break before a last line goes with it
    elif text.startswith("\r\n", start) and at_line_end:
        start += 2
    elif not (at_line_start and (text.endswith("\n", start, end) or end == len(text))):
        return None
    first = text.count("\n", 0, start) + 1
    # (blank lines under a removed line go with it: see `line_removal_fix`)
    return first, first + text[start:end].rstrip().count("\n")


def _quote(value: str, limit: int = 80) -> str:
    shown = value if len(value) <= limit else value[:limit - 1] + "…"
    return "“" + shown.replace("\n", "⏎") + "”"
