"""Which near-duplicate method the Ray engine uses for a config."""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..rules import is_selected


def method_for(config: Config) -> Any:
    """The duplicate family's decision when near-duplicate documents are selected, else None."""
    try:
        from ..dedup.corpus import NEAR_DUPLICATE
    except ImportError:  # a build without the duplicate family
        return None
    if not is_selected(NEAR_DUPLICATE.code, config.select, config.ignore):
        return None
    from .dedup import DedupMethod

    return DedupMethod(config)
