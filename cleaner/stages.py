"""The one visible table of stages, in the order they run.

Transforming stages (the normalizer) come first: later stages see their output,
and findings are mapped back to the original text. Adding a family means adding
its stage here; its rules register themselves in the stage's own module (the
imports below are what registers them).
"""

from __future__ import annotations

from .config import Config
from .normalize.casing import CasingStage
from .normalize.encoding import EncodingStage
from .normalize.spacing import SpacingStage
from .facts.stage import FactsStage
from .report.boilerplate import BoilerplateStage
from .report.language import LanguageStage
from .report.quality import QualityStage
from .report.toc import TocStage
from .dedup.corpus import CorpusDuplicateStage
from .dedup.within import WithinDocumentStage


def build_stages(config: Config) -> list:
    return [
        EncodingStage(),  # E: invisible characters, entities, mojibake, markup
        SpacingStage(),  # W: missing spaces, runs of spaces
        CasingStage(),  # C: names, places, dates, sentence starts in lower case
        BoilerplateStage(),  # B: page furniture
        TocStage(),  # T: tables of contents
        WithinDocumentStage(config),  # D1xx: repeats inside a document, once B and T removals are made
        LanguageStage(),  # L: document and paragraph language
        FactsStage(),  # F: factual consistency (report only)
        QualityStage(),  # Q: its finalize sees every removal
        CorpusDuplicateStage(config),  # D2xx/D3xx: across documents, after every other stage
    ]
