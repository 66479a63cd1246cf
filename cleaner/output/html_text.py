"""Untrusted text into HTML: escaping, and a document's text with its findings marked.

Everything a document brings (its text, id, path, title, and the messages and
data that quote it) is attacker-controlled as far as the report is concerned: a
scraped page can hold ``<script>`` or ``" onmouseover=``. So every piece goes
through `escape` and data goes through `json_for_script`; nothing is ever
inserted as markup.
"""

from __future__ import annotations

import html
import json
from typing import Any, Sequence


def escape(value: object) -> str:
    """Text and attribute-safe HTML (quotes too).

    CR becomes a character reference because the HTML parser turns a raw CR LF
    into LF, and the report must show the text exactly; NUL, which the parser
    drops, becomes U+FFFD (same length, visibly odd).
    """
    text = html.escape(str(value), quote=True)
    if "\r" in text or "\x00" in text:
        text = text.replace("\r", "&#13;").replace("\x00", "\ufffd")
    return text


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_for_script(value: Any) -> str:
    """JSON to embed in ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c``
    means the same, so no ``</script>`` or ``<!--`` can end the block early.
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def highlight(text: str, spans: Sequence[tuple[int, int, int, str]]) -> str:
    """``text`` as escaped HTML with every span marked.

    ``spans`` are (start, end, finding_id, family). The text is cut at every span
    boundary; each piece covered by findings becomes one
    ``<span class="hl fam-X" data-f="ids">``, coloured by the narrowest finding
    over it (the most specific one). A zero-width finding (an insertion point)
    becomes an empty ``<span class="hl point">`` so it still has a place on the page.
    """
    n = len(text)
    starts: dict[int, list[tuple[int, int, int, str]]] = {}
    ends: dict[int, list[int]] = {}
    points: dict[int, list[tuple[int, str]]] = {}
    for start, end, fid, family in spans:
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end <= start:
            points.setdefault(start, []).append((fid, family))
            continue
        starts.setdefault(start, []).append((start, end, fid, family))
        ends.setdefault(end, []).append(fid)
    cuts = sorted({0, n, *starts, *ends, *points})
    active: dict[int, tuple[int, str]] = {}  # finding id -> (width, family)
    out: list[str] = []
    for i, pos in enumerate(cuts):
        for fid in ends.get(pos, ()):
            active.pop(fid, None)
        for start, end, fid, family in starts.get(pos, ()):
            active[fid] = (end - start, family)
        for fid, family in points.get(pos, ()):
            out.append(f'<span class="hl point fam-{family}" data-f="{fid}"></span>')
        if i + 1 == len(cuts):
            break
        piece = escape(text[pos:cuts[i + 1]])
        if not active:
            out.append(piece)
            continue
        family = min(active.values())[1]
        ids = " ".join(str(fid) for fid in sorted(active))
        multi = " multi" if len(active) > 1 else ""
        out.append(f'<span class="hl fam-{family}{multi}" data-f="{ids}">{piece}</span>')
    return "".join(out)
