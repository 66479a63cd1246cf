"""Per-document steps for ``Dataset.map_batches``: each builds its Pipeline once per actor.

`CleanBatch` is the public step for users who already have a Ray dataset of
articles; `AnalyzeSplits` is the first step of ``cleaner clean --engine ray``. Both
run every per-document stage and apply the safe fixes, but do not compare
documents with each other: near-duplicate documents are found by the corpus-wide
step in `neardup`, and other cross-document checks (a paragraph seen in other
documents, figures disagreeing across documents) run only on one machine.
"""

from __future__ import annotations

import json
import pickle
from typing import Any, Iterator, Mapping

from ..api import Cleaner
from ..config import Config
from ..output.common import Checked
from ..output.json import result_record
from ..errors import CleanerError
from ..sources import Rejected, document_from_record, internal_error
from ..sources import _parse_line as parse_line
from .read import read_split

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
    features, empty when the document has none), ``rejected`` (bool).
    """

    def __init__(self, config: Config, method: Any) -> None:
        self.cleaner = Cleaner(config)
        self.method = method

    def __call__(self, batch: Mapping[str, Any]) -> Iterator[dict[str, list]]:
        columns = list(batch)
        for i in range(len(batch["path"])):
            split = {c: _plain(batch[c][i]) for c in columns}
            out = _empty()
            for row in read_split(split):
                if "broken" in row:  # as `sources.iter_jsonl` says it on one machine
                    broken = Rejected(row["lineno"], f"input ends early: {row['broken']}", "")
                    doc_id, record, features, rejected, codes, chars = "", _rejects_record(broken), None, True, "", 0
                else:
                    doc_id, record, features, rejected, codes, chars = self._one(bytes(row["line"]), row["lineno"])
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

    def _one(self, line: bytes, lineno: int) -> tuple[str, str, Any, bool, str, int]:
        item = parse_line(line, lineno, None)  # the same reading rules as on one machine
        if isinstance(item, Rejected):
            return "", _rejects_record(item), None, True, "", 0
        try:
            analysis = self.cleaner.pipeline.analyze(item)
        except RecursionError as exc:  # pathological nesting in a third-party library
            return item.id, _rejects_record(Rejected(lineno, f"could not be processed: {exc}", item.id)), \
                None, True, "", len(item.text)
        except CleanerError:
            raise
        except Exception as exc:  # a rule crashed: reject this record as a bug, keep the job going
            return item.id, _rejects_record(internal_error(item, exc)), None, True, "", len(item.text)
        features = self.method.features(analysis) if self.method is not None else None
        result = self.cleaner._finished(analysis)
        record = result_record(Checked("", result))
        codes = ",".join(f.code for f in result.findings)
        return item.id, json.dumps(record, ensure_ascii=False), features, False, codes, len(item.text)


def _empty() -> dict[str, list]:
    return {"pos": [], "id": [], "record": [], "features": [], "rejected": [], "codes": [], "chars": []}


def _rejects_record(item: Rejected) -> str:
    return json.dumps({"line": item.line, "reason": item.reason, "raw": item.raw}, ensure_ascii=False)
