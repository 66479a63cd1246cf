"""Renderers: one module per output format, listed in FORMATS.

A renderer takes the checked documents and returns the whole output as a str,
so the CLI can write it to stdout or atomically to ``--output``.
"""

from __future__ import annotations

from typing import Callable, Sequence

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

__all__ = ["Checked", "FORMATS", "Renderer"]
