"""Plumbing shared by the normalizer stages: fix steps run one after another.

A normalizer stage is a short list of plain functions (`find_mojibake`,
`find_html_entities`...), each taking a text and returning findings with fixes
in that text's offsets. `run_steps` applies each step's safe fixes before the
next step runs, the way the pipeline does between stages, and maps every
finding back to the text the stage was given. So a step sees the text as the
steps before it left it (an entity decoded into mojibake is then repaired), and
findings still point at the user's characters.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from ..document import TextView, line_around
from ..findings import Finding

Step = Callable[[str], Iterable[Finding]]


def run_steps(text: str, steps: Iterable[Step]) -> Iterator[Finding]:
    """Run ``steps`` in order over ``text``; findings come back in ``text`` offsets."""
    view = TextView.of(text)
    steps = list(steps)
    for number, step in enumerate(steps, 1):
        fixes = []
        for finding in step(view.text):
            if finding.fix is not None and finding.fix.safe:
                fixes.append(finding.fix)
            yield _to_start(finding, view)
        if number < len(steps):  # no step reads what the last one's fixes make
            view = view.edited(fixes)


def _to_start(finding: Finding, view: TextView) -> Finding:
    if view.to_original.is_identity:
        return finding
    start, end = view.to_original.span_to_source(finding.start, finding.end)
    return finding.moved(start, end, view.map_fix(finding.fix))


def lines_with(text: str, needle: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) of the lines of ``text`` that contain ``needle``, in order.

    Lines as `iter_lines` cuts them (no newline, one trailing CR dropped), but
    found with `str.find`, so the lines without ``needle`` cost nothing. The
    needle must hold no line break.
    """
    at = text.find(needle)
    while at != -1:
        start, end, newline = line_around(text, at)
        line = text[start:end]
        if needle in line:  # not only across the dropped CR
            yield start, end, line
        at = text.find(needle, newline + 1) if newline < len(text) else -1
