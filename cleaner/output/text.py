"""`PATH:LINE:COL: CODE message`, one line per finding, then a summary line."""

from __future__ import annotations

from typing import Sequence

from .common import Checked


def render(checked: Sequence[Checked]) -> str:
    lines = []
    total = fixable = 0
    for item in checked:
        for finding in item.result.findings:
            line, column = item.display_position(finding)
            lines.append(f"{item.shown_path}:{line}:{column}: {finding.code} {item.display_message(finding)}")
            total += 1
            fixable += bool(finding.fix and finding.fix.safe)
    if total:
        lines.append(f"Found {total} finding{'s' if total != 1 else ''} "
                     f"({fixable} fixable with --fix).")
    return "\n".join(lines) + ("\n" if lines else "")


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
