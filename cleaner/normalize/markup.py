"""Family E, part 2: markup left in plain text — HTML entities, markdown, tags.

Scrapers that take text from the wrong layer leave `&amp;`, `&#8217;`,
`**bold**`, `## Heading` or `<br>` in what should be plain prose. Each kind
has its own code so a project can ignore one (a markdown corpus ignores E104).
Files that are markup by name (`.md`, `.html`) are not checked for markdown or
tags, since there they are the format, not a leftover.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from ftfy.chardata import HTML_ENTITIES

from ..findings import Finding, Fix
from ..rules import define_rule

HTML_ENTITY = define_rule(
    "E103", "html-entity",
    "An HTML entity such as `&amp;` or `&#8217;` in plain text.",
    """
    The text was taken from HTML source without decoding its character
    references, so readers see `AT&amp;T` or `don&#8217;t`. Only complete
    references that end in `;` and name a real character are decoded
    (`&amp;amp;` is decoded all the way); `AT&T` or `R&D;` are left alone.
    A non-breaking space entity becomes a plain space.
    """,
    examples="Shares of AT&amp;T fell 2% after the company&#8217;s report.",
    counter_examples="Shares of AT&T fell 2% after the R&D budget was cut.",
    fix="safe",
)

MARKDOWN = define_rule(
    "E104", "leftover-markdown",
    "Markdown markers (`**bold**`, `## Heading`, `[text](url)`) left in plain text.",
    """
    Text converted from markdown, or written by a tool that emits markdown,
    keeps its markers: `**Trump-Putin Meeting**` instead of the heading,
    `[the report](https://...)` instead of the words. The markers are removed
    and the words kept (a link keeps its text and drops its address). Reference
    links (`[the report][4]` and a line `[4]: https://...` at the end, as
    html-to-markdown converters write them) keep their words and lose their
    definition lines; a line that is only a link is left to the boilerplate
    rules, which read a list of links as one.

    Only paired markers around words are touched: `Ali***` (a masked name),
    `______` (a rule) or `5 * 3` stay. Files named `.md` are markdown by
    intent and are not checked.
    """,
    examples="**Trump-Putin Meeting: Hurdles to Peace Talks in Ukraine Persist**",
    counter_examples="“Super fun and entertaining!” – Ali***",
    fix="safe",
)

HTML_TAG = define_rule(
    "E105", "leftover-html-tag",
    "An HTML tag (`<p>`, `</div>`, `<br/>`) or comment left in plain text.",
    """
    Tags that survive extraction are noise to readers and to language models.
    Only tags with a known HTML element name are matched, so a title in angle
    brackets (`<The Palace: Tale of Jang Noksu>`) or `a <b> c` used as prose
    is not mistaken for markup unless the name is an HTML element. A block tag
    between two words becomes a space, other tags are removed.
    """,
    examples="The ministry confirmed the figures.<br/>Officials declined to comment.",
    counter_examples="Visitors who booked through KLOOK came to watch <The Palace: Tale of Jang Noksu>.",
    fix="safe",
)

CODES = (HTML_ENTITY.code, MARKDOWN.code, HTML_TAG.code)

_MARKUP_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".xhtml")


def is_markup_file(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(_MARKUP_SUFFIXES)


# -- entities -------------------------------------------------------------------

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_TAIL_RE = re.compile(r"(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What a decoded entity should become in plain text when it is layout, not content.
_PLAIN = {"\xa0": " ", "\xad": "", "\u200b": "", "\u2060": "", "\ufeff": ""}


def decode_entity(entity: str) -> str | None:
    """The character(s) ``entity`` stands for, or None if it is not a real one."""
    if entity.startswith("&#"):
        decoded = html.unescape(entity)
        if decoded == entity or decoded == "\ufffd" or (len(decoded) == 1 and ord(decoded) < 32
                                                       and decoded not in "\t\n"):
            return None
        return decoded
    return HTML_ENTITIES.get(entity)


def find_html_entities(text: str) -> Iterator[Finding]:
    """Complete HTML character references; double escapes decode in one go."""
    if "&" not in text:
        return
    for match in _ENTITY_RE.finditer(text):
        decoded = decode_entity(match.group(0))
        if decoded is None:
            continue
        end = match.end()
        # `&amp;#8217;` and `&amp;amp;` were escaped twice: keep decoding.
        for _ in range(4):
            if decoded != "&":
                break
            tail = _ENTITY_TAIL_RE.match(text, end)
            again = decode_entity("&" + tail.group(0)) if tail else None
            if again is None:
                break
            decoded, end = again, tail.end()
        start = match.start()
        replacement = _PLAIN.get(decoded, decoded)
        entity = text[start:end]
        yield Finding(HTML_ENTITY.code, f"HTML entity '{entity}' should read {_show(replacement)}",
                      start, end, HTML_ENTITY.severity, Fix(replacement, start, end))


def _show(text: str) -> str:
    return "a space" if text == " " else "nothing" if not text else f"'{text}'"


# -- markdown -------------------------------------------------------------------

# Paired emphasis markers hugging words: `**words**`, `__words__`. The content
# holds no marker character and starts and ends with a non-space, so `Ali***`,
# `Ni** My**` (masked names) and `______` (a rule) never match. What may not
# stand before the opening marker is checked by a lookbehind over the marker,
# so that the pattern opens with the marker and the engine can skip to it.
_BOLD_RE = re.compile(
    r"\*\*(?<![\w*]\*\*)(?=[^\s*])([^*\n]{1,400}?)(?<=[^\s*])\*\*(?![\w*])"
    # Underscores need a space inside: `__init__` is a Python name, not emphasis.
    r"|__(?<![\w_]__)(?=[^\s_])([^_\n]{0,200}? [^_\n]{0,200}?)(?<=[^\s_])__(?![\w_])"
)
# "## Heading", or "# Heading" with a capital ("# 1 seed" and "# of votes" are prose).
_HEADING_RE = re.compile(r"^(#{2,6}|#(?=[ \t]+[A-Z]))[ \t]+(?=\S)", re.MULTILINE)
# `[text](https://...)` but not an image `![alt](...)`.
_LINK_RE = re.compile(r"\[(?<!!\[)([^\[\]\n]{1,300})\]\((?:https?://|www\.|/)[^()\s]{0,2000}\)")


# Reference-style links, as html-to-markdown converters write them: `[canceled
# flights][4]` in the text (its words may wrap onto the next line) and a definition
# line `[4]: https://...` at the end. A use is only touched when its label is defined.
_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[([^\[\]\n]{1,100})\]:[ \t]{0,4}<?(?:https?://|www\.|/|mailto:)\S{0,2000}"
                         r"(?:[ \t]{1,4}(?:\"[^\"\n]{0,300}\"|'[^'\n]{0,300}'|\([^()\n]{0,300}\)))?[ \t]{0,4}$",
                         re.MULTILINE)
_REF_USE_RE = re.compile(r"\[(?<!!\[)([^\[\]\n]{1,300}(?:\n[^\[\]\n]{1,300})?)\]\[([^\[\]\n]{1,100})\]")
# A definition's address wrapped onto lines of its own by a fixed-width wrapper
# ("w", "ed-rock-halls-fan-vote-on-its-head.html"): no space, no capital to start.
_URL_TAIL_RE = re.compile(r"[^\s\[A-Z]\S{0,200}")
_WRAPPED_DEFINITION = 60  # characters: a definition this long may have been wrapped
_MAX_URL_TAILS = 3


def _without_bold(label: str) -> str:
    """A link's label with its bold markers gone (`[**Amazon**][2]` -> `Amazon`): the
    bold finding inside the link is swallowed by the link's fix, so the link's fix
    makes both, or a second pass would be needed for the bold."""
    if "**" not in label and "__" not in label:
        return label
    return _BOLD_RE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), label)


def _reference_links(text: str) -> Iterator[Finding]:
    definitions = list(_REF_DEF_RE.finditer(text))
    if not definitions:
        return
    labels = {m.group(1).strip().lower() for m in definitions}
    for match in _REF_USE_RE.finditer(text):
        if match.group(2).strip().lower() not in labels:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start:match.start()].strip(" \t*+-•0123456789.)"):
            # A line that is a link (an item of a list of links): left whole for the
            # boilerplate rules, which read a list of links as one.
            continue
        start, end = match.span()
        yield Finding(MARKDOWN.code, f"markdown reference link around {_excerpt(match.group(1))}: the label is dropped",
                      start, end, MARKDOWN.severity, Fix(_without_bold(match.group(1)), start, end))
    for match in definitions:
        start, end = match.span()
        if end < len(text) and text[end] == "\n":
            end += 1
            line_start = start
            for _ in range(_MAX_URL_TAILS):  # each a wrapped piece of the address above it
                tail = _URL_TAIL_RE.match(text, end) if end - line_start > _WRAPPED_DEFINITION else None
                if tail is None:
                    break
                line_end = text.find("\n", tail.end())
                line_end = len(text) if line_end == -1 else line_end
                if text[tail.end():line_end].strip(" \t"):
                    break  # not a piece of an address alone on its line
                line_start, end = end, min(line_end + 1, len(text))
        yield Finding(MARKDOWN.code, f"markdown link definition [{_excerpt(match.group(1), 20)[1:-1]}]: the address "
                      "is dropped", match.start(), match.end(), MARKDOWN.severity, Fix("", start, end))


def find_markdown(text: str) -> Iterator[Finding]:
    """Bold markers, heading hashes, inline and reference links of markdown."""
    if "**" in text or "__" in text:
        for match in _BOLD_RE.finditer(text):
            inner = match.group(1) if match.group(1) is not None else match.group(2)
            start, end = match.span()
            yield Finding(MARKDOWN.code, f"markdown bold markers around {_excerpt(inner)}",
                          start, end, MARKDOWN.severity, Fix(inner, start, end))
    if "#" in text:
        for match in _HEADING_RE.finditer(text):
            start, end = match.span()
            yield Finding(MARKDOWN.code, f"markdown heading marker '{match.group(1)}' at line start",
                          start, end, MARKDOWN.severity, Fix("", start, end))
    if "](" in text:
        for match in _LINK_RE.finditer(text):
            start, end = match.span()
            yield Finding(MARKDOWN.code, f"markdown link around {_excerpt(match.group(1))}: the address is dropped",
                          start, end, MARKDOWN.severity, Fix(_without_bold(match.group(1)), start, end))
    if "]:" in text:
        yield from _reference_links(text)


def _excerpt(text: str, limit: int = 60) -> str:
    return "'" + (text if len(text) <= limit else text[:limit - 1] + "…") + "'"


# -- HTML tags ------------------------------------------------------------------

# Elements whose tags break a line when rendered: between two words they leave a space.
_BLOCK_TAGS = frozenset("""
    address article aside blockquote br caption dd div dl dt figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr iframe li main nav ol p pre section table tbody td tfoot th
    thead tr ul
""".split())
_INLINE_TAGS = frozenset("""
    a abbr b bdi bdo big button center cite code del dfn em font i img input ins kbd label
    mark noscript picture q s samp script small source span strike strong style sub sup svg
    time tt u var video audio wbr
""".split())
_TAG_RE = re.compile(r"<!--[^\n]{0,1000}?-->|</?([A-Za-z][A-Za-z0-9]{0,9})(?:\s[^<>\n]{0,400})?/?>")


def find_html_tags(text: str) -> Iterator[Finding]:
    """HTML tags with a known element name, and HTML comments."""
    if "<" not in text:
        return
    for match in _TAG_RE.finditer(text):
        name = match.group(1)
        if name is not None:
            name = name.lower()
            if name not in _BLOCK_TAGS and name not in _INLINE_TAGS:
                continue
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        spaced = name in _BLOCK_TAGS and not before.isspace() and not after.isspace()
        kind = "HTML comment" if name is None else "HTML tag"
        yield Finding(HTML_TAG.code, f"{kind} {_excerpt(match.group(0))} left in the text",
                      start, end, HTML_TAG.severity, Fix(" " if spaced else "", start, end))
