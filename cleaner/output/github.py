"""GitHub Actions workflow commands: one annotation per finding.

    ::warning file=news/a.txt,line=3,col=14,endLine=3,endColumn=22,title=W101::missing space after ','

GitHub shows these on the pull request's diff. Values are escaped the way the
Actions runner decodes them (``%``, CR and LF everywhere; ``:`` and ``,`` in
properties too), so a message or a path with a comma cannot break the line.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..findings import Severity
from .common import Checked

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(checked: Sequence[Checked]) -> str:
    return "".join(chunks(checked))


def chunks(checked: Sequence[Checked]) -> Iterator[str]:
    """`render` annotation by annotation, for writing as it is made."""
    for item in checked:
        for finding in item.result.findings:
            line, column = item.display_position(finding)
            props = [f"file={escape_property(item.shown_path)}", f"line={line}"]
            if item.is_record:
                # A record's positions inside its text are not positions in the
                # JSONL file, so a record's annotation marks its whole line.
                props.append(f"col={column}")
            else:
                end_line, end_column = item.line_index.position(finding.end)
                if end_line == line:
                    props += [f"col={column}", f"endLine={end_line}", f"endColumn={end_column}"]
                else:  # GitHub takes columns only for an annotation on one line
                    props.append(f"endLine={end_line}")
            props.append(f"title={escape_property(finding.code)}")
            message = escape_data(f"{finding.code} {item.display_message(finding)}")
            yield f"::{_COMMAND.get(finding.severity, 'warning')} {','.join(props)}::{message}\n"
