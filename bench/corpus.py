"""Build a benchmark corpus of real news text of a given size, as a JSONL file.

Sources: the bundled ``fixtures/news.jsonl`` and ``fixtures/neardup_hard.jsonl.xz``
(11 MB of real news) plus any JSONL (``id``/``text``
records, ``.jsonl.gz`` too) or ``.txt`` files the user names (folders are walked).
Real data rarely adds up to the size asked for, so documents are repeated with
distinct ids. A repeat is not byte-identical: its paragraphs are put in another
order (seeded, so every run builds the same corpus). It therefore stays real text
for every per-document stage, but the duplicate stage sees each repeat as a
near-duplicate of its original, as in a syndication-heavy feed. That is the
expensive case for the duplicate stage (every repeat has candidates to verify),
so it does not flatter it.
"""

from __future__ import annotations

import gzip
import lzma
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Real news in the repository: the seed articles, and 2,075 extractions of 88 real
# pages (see tests/ray_engine/test_engine.py for where they come from).
DEFAULT_SOURCES = [str(FIXTURES / "news.jsonl"), str(FIXTURES / "neardup_hard.jsonl.xz")]


@dataclass(frozen=True)
class Corpus:
    path: str
    docs: int
    text_bytes: int  # UTF-8 bytes of the `text` fields: the MB in "MB/s"
    distinct_docs: int
    distinct_bytes: int


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _walk(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for folder, subdirs, files in os.walk(path):
            subdirs.sort()
            for name in sorted(files):
                if name.endswith((".jsonl", ".jsonl.gz", ".jsonl.xz", ".txt")):
                    yield Path(folder, name)
    else:
        yield path


def read_records(paths: list[str]) -> list[dict]:
    """Every usable record of the sources, fixtures first; ids made unique per source."""
    records: list[dict] = []
    seen: set[str] = set()
    for source in [*DEFAULT_SOURCES, *paths]:
        for file in _walk(Path(source)):
            if file.name.endswith(".txt"):
                text = file.read_text(encoding="utf-8", errors="replace")
                candidates = [{"id": file.stem, "text": text}]
            else:
                with _open(file) as handle:
                    candidates = [json.loads(line) for line in handle if line.strip()]
            for rec in candidates:
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
                    continue
                key = f"{file.name}:{rec.get('id', len(records))}"
                if key in seen:
                    continue
                seen.add(key)
                rec = dict(rec, id=key)
                records.append(rec)
    return records


def _reordered(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def build_corpus(paths: list[str], target_bytes: int, out_path: str, seed: int = 7) -> Corpus:
    """Write at least ``target_bytes`` of text (whole documents) to ``out_path``."""
    records = read_records(paths)
    if not records:
        raise SystemExit("bench: no documents found in the sources")
    distinct_bytes = sum(len(r["text"].encode("utf-8")) for r in records)
    rng = random.Random(seed)
    written = docs = 0
    copy = 0
    with open(out_path, "w", encoding="utf-8") as out:
        while written < target_bytes:
            for rec in records:
                if written >= target_bytes:
                    break
                if copy:
                    rec = dict(rec, id=f"{rec['id']}#{copy}", text=_reordered(rec["text"], rng))
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += len(rec["text"].encode("utf-8"))
                docs += 1
            copy += 1
    return Corpus(out_path, docs, written, len(records), distinct_bytes)


def load_texts(path: str) -> list[tuple[str, str]]:
    """(id, text) of every record: what the in-process baselines iterate over."""
    with open(path, encoding="utf-8") as handle:
        return [(r["id"], r["text"]) for r in map(json.loads, handle)]


def text_size(path: str) -> tuple[int, int]:
    """(UTF-8 bytes of all `text` fields, records), reading one line at a time."""
    total = n = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                total += len(json.loads(line)["text"].encode("utf-8"))
                n += 1
    return total, n
