"""Scale-out on Ray Data: the same cleaning, and corpus-wide near-duplicate clusters.

Install with ``pip install 'cleaner[ray]'``; nothing else in cleaner needs Ray.

- `CleanBatch` — the per-document cleaning step, for ``Dataset.map_batches``.
- `near_duplicate_clusters` — signatures and LSH band keys per block, a shuffle by
  band key, candidate pairs verified with the duplicate stage's own decision,
  connected components, and the earliest document of each cluster as survivor.
- `clean_on_ray` — what ``cleaner clean --engine ray`` runs: both of the above over
  JSONL files, output in input order.
"""

from __future__ import annotations

from typing import Any

INSTALL_HINT = "the Ray engine needs Ray Data: pip install 'cleaner[ray]' (or pip install 'ray[data]')"


def require_ray() -> Any:
    """Import ray, or fail with a message that says how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        from ..errors import CleanerError

        raise CleanerError(f"{INSTALL_HINT} ({exc})") from None
    return ray


def __getattr__(name: str) -> Any:
    # Lazy, so `import cleaner.ray` works (and says what to install) without Ray.
    if name == "CleanBatch":
        from .steps import CleanBatch
        return CleanBatch
    if name in ("near_duplicate_clusters", "NearDuplicateMethod"):
        from . import neardup
        return getattr(neardup, name)
    if name == "clean_on_ray":
        from .job import clean_on_ray
        return clean_on_ray
    raise AttributeError(name)


__all__ = ["CleanBatch", "NearDuplicateMethod", "clean_on_ray", "near_duplicate_clusters", "require_ray"]
