"""``cleaner clean --engine ray``: the batch job on a local or remote Ray cluster.

1. the driver cuts the input into byte ranges; workers count each range's lines
   (so records keep their line numbers, as on one machine);
2. workers read the ranges and run every per-document stage (`AnalyzeSplits`,
   one Pipeline per actor), keeping each document's near-duplicate features;
3. the duplicate method (`dedup.DedupMethod`) finds the near-duplicate clusters
   corpus-wide;
4. a group by site counts lines repeated across each site's pages (B113) in input
   order, and the pages with such lines are finished again with them (`sitelines`);
5. the driver writes the records in input order, the pages of step 4 with their
   new records, marking each non-surviving cluster member as a duplicate of its
   cluster's survivor.
"""

from __future__ import annotations

import json
from collections import Counter
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Callable, TextIO

from ..config import Config
from ..rules import is_selected
from . import require_ray
from .read import count_lines, number_splits, splits
from .sitelines import finished_with_repeated_lines, site_lines_wanted

MIN_SPLIT_BYTES = 1 * 2**20
MAX_SPLIT_BYTES = 16 * 2**20


@dataclass
class Counts:
    records_in: int = 0
    records_out: int = 0
    dropped: int = 0
    rejected: int = 0
    duplicates: int = 0
    families: dict[str, int] = field(default_factory=dict)


def connect(address: str | None = None, num_cpus: int | None = None) -> Any:
    """Join the cluster at ``address`` (or start a local one), quietly."""
    ray = require_ray()
    if not ray.is_initialized():
        kwargs: dict[str, Any] = dict(include_dashboard=False, log_to_driver=False,
                                      logging_level=logging.WARNING, configure_logging=True)
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=num_cpus, **kwargs)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # output in input order without a sort
    ctx.enable_progress_bars = False
    if hasattr(ctx, "print_on_execution_start"):
        ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray


def default_method(config: Config) -> Any:
    """The duplicate stage's comparison, or None when no near-duplicate rule is selected."""
    from .method import method_for

    return method_for(config)


def clean_on_ray(input_path: str, out: TextIO, rejects: TextIO | None, config: Config, *,
                 address: str | None = None, workers: int | None = None, drop: tuple[str, ...] = (),
                 method: Any = "default", on_reject: Callable[[dict], None] | None = None) -> Counts:
    """Clean ``input_path`` on Ray; write records in input order to ``out``.

    ``method`` finds near-duplicate documents: by default the duplicate family's
    own (`dedup.DedupMethod`), or a `NearDuplicateMethod`, or None for none.
    ``on_reject`` gets every rejected line as the rejects file records it.
    """
    ray = connect(address, workers if not address else None)
    if method == "default":
        method = default_method(config)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    workers = workers or cpus
    size = os.path.getsize(input_path)
    split_bytes = min(MAX_SPLIT_BYTES, max(MIN_SPLIT_BYTES, size // (4 * workers) + 1))
    paths = [os.path.abspath(input_path)]
    counted = ray.data.from_items(splits(paths, split_bytes)).map(count_lines).take_all()
    numbered = number_splits(counted)
    from .steps import AnalyzeSplits

    site_lines = site_lines_wanted(config)
    analysed = ray.data.from_items(numbered, override_num_blocks=len(numbered)).map_batches(
        AnalyzeSplits, fn_constructor_kwargs={"config": config, "method": method, "site_lines": site_lines},
        compute=ray.data.ActorPoolStrategy(size=workers), batch_size=1, batch_format="numpy").materialize()
    duplicates: dict[int, dict] = {}
    if method is not None:
        duplicates = method.find(analysed, max(1, workers * 2))
    counts = Counts(duplicates=len(duplicates))
    # Pages whose site shows lines of theirs on other pages: their records, redone (B113).
    redone = finished_with_repeated_lines(analysed, config, paths, workers, max(1, workers * 2)) \
        if site_lines else iter(())
    next_redone = next(redone, None)
    last_pos = -1
    for batch in analysed.select_columns(["pos", "record", "rejected", "codes"]).iter_batches(
            batch_format="numpy", batch_size=1024):
        for pos, record, rejected, codes in zip(batch["pos"], batch["record"], batch["rejected"], batch["codes"]):
            pos = int(pos)
            if pos <= last_pos:
                raise RuntimeError("Ray returned records out of input order")  # preserve_order is set
            last_pos = pos
            counts.records_in += 1
            if rejected:
                counts.rejected += 1
                # the same shape as the local engine's rejects file: the input path first
                entry = {"path": input_path, **json.loads(str(record))}
                if rejects is not None:
                    rejects.write(json.dumps(entry, ensure_ascii=False) + "\n")
                if on_reject is not None:
                    on_reject(entry)
                continue
            line = str(record)
            if next_redone is not None and next_redone[0] <= pos:
                if next_redone[0] < pos:
                    raise RuntimeError("Ray returned redone records out of input order")
                _, line, codes = next_redone
                next_redone = next(redone, None)
            code_list = [c for c in str(codes).split(",") if c]
            if pos in duplicates:
                line, extra = _mark_duplicate(line, duplicates[pos], method)
                code_list.extend(extra)
            for code in code_list:
                counts.families[code[0]] = counts.families.get(code[0], 0) + 1
            if drop and any(is_selected(c, drop, ()) for c in code_list):
                counts.dropped += 1
                continue
            out.write(line + "\n")
            counts.records_out += 1
    if next_redone is not None:
        raise RuntimeError("a redone record has no place in the input")
    return counts


def _mark_duplicate(line: str, mark: dict, method: Any) -> tuple[str, list[str]]:
    """The record marked as a near-duplicate; and the codes of the findings it gained."""
    record = json.loads(line)
    before = Counter(f["code"] for f in record.get("findings", []))
    method.mark_duplicate(record, mark)
    gained = Counter(f["code"] for f in record.get("findings", [])) - before
    return json.dumps(record, ensure_ascii=False), list(gained.elements())
