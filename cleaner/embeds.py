"""Lines that belong to a post embedded in an article (a tweet, a toot).

An embedded post ends with its attribution: "— The Nigerian Senate (@NGRSenate)
October 9, 2018". It reads like a dateline and, when an article embeds two posts of
one account on one day, it repeats word for word; but it is part of the quoted post,
and removing it would leave a quote without its author.
"""

from __future__ import annotations

import re

# A dash, the name (no brackets), "(@handle)", then a date written out
# ("October 9, 2018", "9 October 2018", "9. Oktober 2018"). Bounded repeats only.
_ATTRIBUTION_RE = re.compile(
    r"[—–-][ \t\u00a0]{0,3}[^()\n]{1,80}\(@\w{1,30}\)[ \t\u00a0]{1,3}"
    r"(?:[^\W\d_]{3,10}\.?[ \u00a0]\d{1,2},[ \u00a0]\d{4}|\d{1,2}\.?[ \u00a0][^\W\d_]{3,10}\.?[ \u00a0]\d{4})"
)


def is_post_attribution(line: str) -> bool:
    """Is this line (stripped or not) the attribution line of an embedded post?"""
    text = line.strip()
    return len(text) <= 200 and _ATTRIBUTION_RE.fullmatch(text) is not None
