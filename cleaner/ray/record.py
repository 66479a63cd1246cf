"""One JSONL line to an analysis, and an analysis to its output record, as on one machine
(for the Ray steps that analyse: `steps.AnalyzeSplits`, `sitelines.FinishRepeated`)."""

from __future__ import annotations

import json
from typing import NamedTuple

from ..api import Cleaner
from ..errors import CleanerError
from ..output.common import Checked
from ..output.json import result_record
from ..pipeline import Analysis
from ..sources import Rejected, internal_error
from ..sources import _parse_line as parse_line


class Unusable(NamedTuple):
    """A line that gives no analysis: why, and the id and length of its document if it was one."""

    rejected: Rejected
    doc_id: str = ""
    chars: int = 0


def analyse_line(cleaner: Cleaner, line: bytes, lineno: int) -> Analysis | Unusable:
    """One JSONL line read and analysed as on one machine, or why it cannot be used."""
    item = parse_line(line, lineno, None)  # the same reading rules as on one machine
    if isinstance(item, Rejected):
        return Unusable(item)
    try:
        return cleaner.pipeline.analyze(item)
    except RecursionError as exc:  # pathological nesting in a third-party library
        return Unusable(Rejected(lineno, f"could not be processed: {exc}", item.id), item.id, len(item.text))
    except CleanerError:
        raise
    except Exception as exc:  # a rule crashed: reject this record as a bug, keep the job going
        return Unusable(internal_error(item, exc), item.id, len(item.text))


def finished_record(cleaner: Cleaner, analysis: Analysis) -> tuple[str, str]:
    """The output record (JSON) of an analysed document, and its finding codes."""
    result = cleaner._finished(analysis)
    record = result_record(Checked("", result))
    return json.dumps(record, ensure_ascii=False), ",".join(f.code for f in result.findings)
