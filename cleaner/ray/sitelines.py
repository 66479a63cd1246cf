"""Lines repeated across a site's pages (B113) on Ray, as one machine finds them.

On one machine the boilerplate stage's `reconcile` counts each page's short lines
into its site's table, page by page in input order, and flags the lines already
seen on enough other pages (`report.boilerplate.repeated_lines`). Only pages of
the same site meet in that table, so here:

1. `AnalyzeSplits` keeps, per page, its site and its candidate lines (the
   stage's own `features`: line digests and places, no text) — `site_lines_of`;
2. a group by site counts each site's pages in input order with the same
   `repeated_lines`, and keeps the pages that have a line to flag, with which;
3. those pages only are read again (`read.LineReader`), analysed again (analysis
   is pure: the same view and lines), given their B113 findings
   (`repeated_line_findings`) and finished: fixes, quality, output record.
   Their records replace the first ones when the driver writes in input order.

Costs: a site is one group, so one worker holds all of that site's candidate lines
(a few hundred bytes a page) and counts its pages one after the other; documents
with neither `url` nor `source` form one such group, as on one machine. The pages
with a line to flag are analysed twice.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any, Iterator, Mapping

import numpy as np

from ..config import Config
from ..errors import CleanerError
from ..rules import is_selected
from .record import analyse_line, finished_record

try:
    from ..report.boilerplate import REPEATED, BoilerplateStage, repeated_line_findings, repeated_lines
except ImportError:  # a build without the boilerplate family
    REPEATED = None

_log = logging.getLogger(__name__)
REDO_BLOCK_PAGES = 512  # pages finished again per block (a few MB of records)


def site_lines_wanted(config: Config) -> bool:
    """Whether B113 is selected and counts anything under ``config``."""
    return (REPEATED is not None and config.boilerplate.repeated_line_min_docs is not None
            and is_selected(REPEATED.code, config.select, config.ignore))


def site_lines_of(analysis: Any) -> tuple[str, bytes]:
    """A page's site and its pickled candidate lines (empty when it has none)."""
    features = analysis.features.get(BoilerplateStage.name) if REPEATED is not None else None
    if features is None or not features.keys:
        return "", b""  # a page without candidate lines changes no site's counts
    return features.group, pickle.dumps(features, protocol=5)


def _with_lines(batch: Mapping[str, Any]) -> dict[str, np.ndarray]:
    keep = [i for i, blob in enumerate(batch["lines"]) if blob]
    return {c: batch[c][keep] for c in ("pos", "lineno", "site", "lines")}


def repeated_in_site(group: Mapping[str, Any], min_docs: int) -> dict[str, np.ndarray]:
    """One site's pages, counted in input order: rows ``pos``, ``lineno``, ``repeated``
    (pickled `repeated_lines` answer) for the pages that have a line to flag."""
    counts: dict[int, int] = {}  # the site's table, as `reconcile` keeps it
    out: dict[str, list] = {"pos": [], "lineno": [], "repeated": []}
    for i in np.argsort(group["pos"], kind="stable"):
        repeated = repeated_lines(pickle.loads(group["lines"][i]), counts, min_docs)
        if repeated:
            out["pos"].append(int(group["pos"][i]))
            out["lineno"].append(int(group["lineno"][i]))
            out["repeated"].append(pickle.dumps(repeated, protocol=5))
    return {"pos": np.array(out["pos"], dtype=np.int64), "lineno": np.array(out["lineno"], dtype=np.int64),
            "repeated": np.array(out["repeated"], dtype=object)}


class FinishRepeated:
    """Step 3: the pages with lines to flag, read, analysed and finished again."""

    def __init__(self, config: Config, paths: list[str]) -> None:
        from ..api import Cleaner
        from .read import LineReader

        self.cleaner = Cleaner(config)
        self.reader = LineReader(paths)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, np.ndarray]:
        pipeline = self.cleaner.pipeline
        kept, records, codes = [], [], []
        for pos, lineno, blob in zip(batch["pos"], batch["lineno"], batch["repeated"]):
            analysis = analyse_line(self.cleaner, self.reader.line_at(int(pos)), int(lineno))
            features = getattr(analysis, "features", {}).get(BoilerplateStage.name)
            if features is None:  # analysis is pure: the first time gave these lines
                raise RuntimeError(f"record at line {lineno} analysed differently the second time")
            try:
                pipeline.add_reconciled(analysis, repeated_line_findings(features, pickle.loads(blob),
                                                                         analysis.view))
                record, found = finished_record(self.cleaner, analysis)
            except CleanerError:
                raise
            except Exception as exc:  # noqa: BLE001 - one record must not stop the job
                # Its record of the first pass stands, without these lines' findings.
                _log.warning("record at line %s: its site's repeated lines could not be added (%s: %s); "
                             "written without them", lineno, type(exc).__name__, exc)
                continue
            kept.append(int(pos))
            records.append(record)
            codes.append(found)
        return {"pos": np.array(kept, dtype=np.int64), "record": np.array(records, dtype=object),
                "codes": np.array(codes, dtype=object)}


def finished_with_repeated_lines(analysed: Any, config: Config, paths: list[str], workers: int,
                                 num_partitions: int) -> Iterator[tuple[int, str, str]]:
    """(pos, record, codes) of every page that gets B113 findings, in input order."""
    import ray

    pages = analysed.select_columns(["pos", "lineno", "site", "lines"]).map_batches(
        _with_lines, batch_format="numpy")
    flagged = pages.groupby("site", num_partitions=num_partitions).map_groups(
        repeated_in_site, fn_kwargs={"min_docs": config.boilerplate.repeated_line_min_docs},
        batch_format="numpy").materialize()
    pages_to_redo = flagged.count()
    if pages_to_redo == 0:
        return
    # Sorted and cut into blocks (so that every actor works) before the actors start:
    # they hold every CPU of a small cluster, and a task waiting for one would wait for ever.
    blocks = max(workers, -(-pages_to_redo // REDO_BLOCK_PAGES))
    finished = flagged.sort("pos").repartition(blocks).materialize().map_batches(
        FinishRepeated, fn_constructor_kwargs={"config": config, "paths": paths},
        compute=ray.data.ActorPoolStrategy(size=workers), batch_size=64, batch_format="numpy")
    for batch in finished.iter_batches(batch_format="numpy", batch_size=256):
        yield from zip((int(p) for p in batch["pos"]), (str(r) for r in batch["record"]),
                       (str(c) for c in batch["codes"]))
