"""Per-document steps for ``Dataset.map_batches``: each builds its Pipeline once per actor.

`CleanBatch` is the public step for users who already have a Ray dataset of
articles; `AnalyzeSplits` is the first step of ``cleaner clean --engine ray``. Both
run every per-document stage and apply the safe fixes, but do not compare
documents with each other. In ``cleaner clean --engine ray`` near-duplicate
documents are found by the corpus-wide step in `dedup`, and lines repeated across
a site's pages (B113) by the group by site in `sitelines`; other cross-document
checks (a paragraph seen in other documents, figures disagreeing across
documents) run only on one machine.
"""

from __future__ import annotations

import json
import pickle
from typing import Any, Iterator, Mapping

from ..api import Cleaner
from ..config import Config
from ..errors import CleanerError
from ..output.common import Checked
from ..output.json import result_record
from ..sources import Rejected, document_from_record, internal_error
from .read import read_split
from .record import Unusable, analyse_line, finished_record
from .sitelines import site_lines_of

BLOCK_DOCS = 512  # output rows per block: a few MB


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (batches come as numpy arrays)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and getattr(value, "ndim", 1) == 0 else value


class CleanBatch:
    """Clean every article of a batch: ``ds.map_batches(CleanBatch, concurrency=N,
    fn_constructor_kwargs={"config": config})``.

    Input columns: ``id``, ``text`` (and optionally title, url, published, source,
    anything else, which pass through). Output: the same columns with ``text``
    cleaned, plus ``findings`` and ``quality`` (JSON text, as in `cleaner clean`
    records), ``language``, and ``error`` (why a row could not be used, else None;
    its text is then left as it was).
    """

    def __init__(self, config: Config | None = None) -> None:
        self.cleaner = Cleaner(config or Config())

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list]:
        columns = list(batch)
        n = len(batch["text"])
        out: dict[str, list] = {c: [] for c in columns}
        for extra in ("findings", "language", "quality", "error"):
            out[extra] = []
        for i in range(n):
            row = {c: _plain(batch[c][i]) for c in columns}
            for c in columns:
                out[c].append(row[c])
            try:
                doc = document_from_record(row, i + 1)
                record = result_record(Checked("", self.cleaner.process_alone(doc)))
            except (ValueError, RecursionError) as exc:
                for extra, value in (("findings", "[]"), ("language", None), ("quality", "{}"), ("error", str(exc))):
                    out[extra].append(value)
                continue
            out["text"][-1] = record["text"]
            out["findings"].append(json.dumps(record["findings"], ensure_ascii=False))
            out["language"].append(record["language"])
            out["quality"].append(json.dumps(record["quality"], ensure_ascii=False))
            out["error"].append(None)
        return out


class AnalyzeSplits:
    """``cleaner clean --engine ray``, step 1: byte ranges of JSONL -> finished records + features.

    Reading happens here, in the actor, rather than in a task before it: the
    actors hold every CPU of a small cluster, and a read task waiting for a CPU
    would wait for ever. Input rows: numbered splits (see `read`). Output rows: ``pos``,
    ``id``, ``record`` (the output record as JSON, before the near-duplicate step;
    for a rejected line, the rejects record), ``features`` (pickled near-duplicate
    features, empty when the document has none), ``rejected`` (bool), ``codes``,
    ``chars``, ``lineno``, and, with ``site_lines``, ``site`` and ``lines`` (what the
    group by site counts, see `sitelines`).
    """

    def __init__(self, config: Config, method: Any, site_lines: bool = False) -> None:
        self.cleaner = Cleaner(config)
        self.method = method
        self.site_lines = site_lines  # keep what the group by site needs (`sitelines`)

    def __call__(self, batch: Mapping[str, Any]) -> Iterator[dict[str, list]]:
        columns = list(batch)
        for i in range(len(batch["path"])):
            split = {c: _plain(batch[c][i]) for c in columns}
            out = _empty()
            for row in read_split(split):
                site, lines = "", b""
                if "broken" in row:  # as `sources.iter_jsonl` says it on one machine
                    broken = Rejected(row["lineno"], f"input ends early: {row['broken']}", "")
                    doc_id, record, features, rejected, codes, chars = "", _rejects_record(broken), None, True, "", 0
                else:
                    doc_id, record, features, rejected, codes, chars, site, lines = \
                        self._one(bytes(row["line"]), row["lineno"])
                out["lineno"].append(row["lineno"])
                out["site"].append(site)
                out["lines"].append(lines)
                out["chars"].append(chars)
                out["pos"].append(row["pos"])
                out["id"].append(doc_id)
                out["record"].append(record)
                out["features"].append(b"" if features is None else pickle.dumps(features, protocol=5))
                out["rejected"].append(rejected)
                out["codes"].append(codes)
                if len(out["pos"]) >= BLOCK_DOCS:
                    yield out
                    out = _empty()
            if out["pos"]:
                yield out

    def _one(self, line: bytes, lineno: int) -> tuple[str, str, Any, bool, str, int, str, bytes]:
        analysis = analyse_line(self.cleaner, line, lineno)
        if isinstance(analysis, Unusable):
            return analysis.doc_id, _rejects_record(analysis.rejected), None, True, "", analysis.chars, "", b""
        try:
            features = self.method.features(analysis) if self.method is not None else None
            site, lines = site_lines_of(analysis) if self.site_lines else ("", b"")
            record, codes = finished_record(self.cleaner, analysis)
        except CleanerError:
            raise
        except Exception as exc:  # noqa: BLE001 - as on one machine: this record is rejected, the job goes on
            doc = analysis.doc
            return doc.id, _rejects_record(internal_error(doc, exc)), None, True, "", len(doc.text), "", b""
        return analysis.doc.id, record, features, False, codes, len(analysis.doc.text), site, lines


def _empty() -> dict[str, list]:
    return {"pos": [], "id": [], "record": [], "features": [], "rejected": [], "codes": [], "chars": [],
            "lineno": [], "site": [], "lines": []}


def _rejects_record(item: Rejected) -> str:
    return json.dumps({"line": item.line, "reason": item.reason, "raw": item.raw}, ensure_ascii=False)
