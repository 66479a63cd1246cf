"""The one visible table of stages, in the order they run.

Transforming stages (the normalizer) come first: later stages see their output,
and findings are mapped back to the original text. Adding a family means adding
its stage here; its rules register themselves in the stage's own module.
"""

from __future__ import annotations

from .config import Config
from .dedup.corpus import CorpusDuplicateStage
from .dedup.within import WithinDocumentStage


def build_stages(config: Config) -> list:
    return [
        WithinDocumentStage(config),  # repeats inside a document
        CorpusDuplicateStage(config),  # duplicates across documents: last, after every other stage
    ]
