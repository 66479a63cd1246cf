"""`cleaner clean` makes one pass; its text must be the fixed point `check --fix`
reaches by repeating: cleaning cleaned text again changes nothing, and clean's text
is fix's text. Over every fixture text (seeds, real pages and articles of the
benchmark's dev split, extractor outputs), cleaned as one batch as `clean` does.

Cross-document removals (B113, lines repeated on other pages of a site) are left
out: a second run over cleaned pages meets other pages, not a fixed text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, Config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PER_DOCUMENT = Config(ignore=("B113",))


def _fixture_texts() -> dict[str, str]:
    texts = {str(p.relative_to(FIXTURES)): p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))}
    for path in sorted(FIXTURES.rglob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                record = json.loads(line)
            except ValueError:
                continue  # fixtures of broken input
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                texts[f"{path.relative_to(FIXTURES)}:{n}"] = record["text"]
    return texts


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[str, str]]:
    """name -> (original, clean's text), cleaned as one stream (batches, shared caches)."""
    texts = _fixture_texts()
    assert len(texts) > 300
    with Cleaner(PER_DOCUMENT) as cleaner:
        results = cleaner.stream([{"id": name, "text": text} for name, text in texts.items()])
        return {r.doc.id: (texts[r.doc.id], r.text) for r in results}


def test_cleaning_cleaned_text_changes_nothing(cleaned):
    with Cleaner(PER_DOCUMENT) as cleaner:
        again = {r.doc.id: r.text for r in cleaner.stream([{"id": n, "text": t} for n, (_, t) in cleaned.items()])}
    changed = [name for name, (_, text) in cleaned.items() if again[name] != text]
    assert changed == []


def test_clean_makes_the_text_fix_makes(cleaned):
    differ = []
    for name, (original, text) in cleaned.items():
        with Cleaner(PER_DOCUMENT) as cleaner:
            if cleaner.fix(original).text != text:
                differ.append(name)
    assert differ == []
