"""Renderers: one module per output format, listed in FORMATS.

A renderer takes the checked documents and returns the whole output as a str,
so the CLI can write it to stdout or atomically to ``--output``. Every format but
html also gives it in pieces, one per finding (`render_chunks`), so the CLI writes
a report of a million findings without holding it whole.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from .common import Checked
from . import github as github_format
from . import html as html_format
from . import json as json_format
from . import sarif as sarif_format
from . import text as text_format

Renderer = Callable[[Sequence[Checked]], str]

FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "github": github_format.render,
    "sarif": sarif_format.render,
    "html": html_format.render,
}

_CHUNKED = {"text": text_format.chunks, "json": json_format.chunks, "github": github_format.chunks,
            "sarif": sarif_format.chunks}


def render_chunks(name: str, checked: Sequence[Checked]) -> Iterable[str]:
    """The output of format ``name``, in pieces that join to ``FORMATS[name](checked)``."""
    chunked = _CHUNKED.get(name)
    return chunked(checked) if chunked is not None else (FORMATS[name](checked),)


__all__ = ["Checked", "FORMATS", "Renderer", "render_chunks"]
