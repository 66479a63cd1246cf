"""The single-machine duplicate stage's comparison, packaged for the Ray engine."""

from __future__ import annotations

from ..config import Config
from .neardup import NearDuplicateMethod


def method_for(config: Config) -> NearDuplicateMethod | None:
    """None until the duplicate family provides its near-duplicate decision."""
    return None
