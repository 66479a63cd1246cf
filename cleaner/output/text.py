"""`PATH:LINE:COL: CODE message`, one line per finding, then a summary line."""

from __future__ import annotations

from typing import Iterator, Sequence

from .common import Checked


def render(checked: Sequence[Checked]) -> str:
    return "".join(chunks(checked))


def chunks(checked: Sequence[Checked]) -> Iterator[str]:
    """`render` line by line, for writing as it is made."""
    total = fixable = 0
    for item in checked:
        for finding in item.result.findings:
            line, column = item.display_position(finding)
            yield one_line(f"{item.shown_path}:{line}:{column}: {finding.code} {item.display_message(finding)}") + "\n"
            total += 1
            fixable += bool(finding.fix and finding.fix.safe)
    if total:
        yield f"Found {total} finding{'s' if total != 1 else ''} ({fixable} fixable with --fix).\n"


# Every character that ends a line for `str.splitlines`, shown escaped: a finding is
# one line (a message quoting a fact's source, a record id or a file name with a line
# break in it must not split it for the tools that read the output line by line).
_LINE_BREAKS = {ord(c): f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
                for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
_LINE_BREAKS.update({ord("\n"): "\\n", ord("\r"): "\\r"})


def one_line(text: str) -> str:
    return text.translate(_LINE_BREAKS)


def render_statistics(checked: Sequence[Checked], as_json: bool = False) -> str:
    """Count per code, most frequent first (like `ruff --statistics`): a table, or a JSON
    list of {"code", "name", "count", "fixable"}."""
    import json
    from collections import Counter

    from ..rules import get_rule

    counts = Counter(f.code for item in checked for f in item.result.findings)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rules = {code: get_rule(code) for code, _ in ranked}
    if as_json:
        rows = [{"code": code, "name": rules[code].name, "count": count, "fixable": rules[code].fix == "safe"}
                for code, count in ranked]
        return json.dumps(rows, indent=2) + "\n"
    lines = [f"{count:6d}\t{code}\t{'*' if rules[code].fix == 'safe' else ' '} {rules[code].name}"
             for code, count in ranked]
    return "\n".join(lines) + ("\n" if lines else "")
