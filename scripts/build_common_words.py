"""Build cleaner/normalize/data/common_words.txt (dev-time only).

    pip install pyspellchecker
    python scripts/build_common_words.py > cleaner/normalize/data/common_words.txt

The COUNT most frequent English words of pyspellchecker's word-frequency list
(MIT licence; counts from film subtitles), one per line. The casing rules use
it for one question: is this lower-case word an everyday English word? If it
is ("force", "state", "experience"), a document that also uses it as a name
("the Force", "Experience Inc.") is no evidence that the lower-case use is a
misspelt name. Names frequent in subtitles ("john", "london") are in the list
too: they are then left to stronger evidence (a two-word name, a gazetteer).
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources

COUNT = 10_000


def main() -> int:
    path = resources.files("spellchecker") / "resources" / "en.json.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as handle:
        frequencies: dict[str, int] = json.load(handle)
    words = [w for w, _ in sorted(frequencies.items(), key=lambda item: (-item[1], item[0])) if w.isalpha()]
    out = sys.stdout
    out.write(f"# The {COUNT} most frequent English words, from pyspellchecker's English word list (MIT).\n")
    out.write("# Built by scripts/build_common_words.py.\n")
    for word in words[:COUNT]:
        out.write(word + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
