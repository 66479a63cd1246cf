"""What a user would write instead of cleaner: the baselines we measure ourselves against.

- ``ftfy_fix_text``: ``ftfy.fix_text`` over every document (the usual "clean the
  encoding" step of an ingestion script).
- ``datasketch_minhash``: the plain datasketch way to sign documents: one
  ``MinHash(num_perm=128)`` per document, ``update_batch`` over its word 5-grams
  encoded as UTF-8 bytes, datasketch's default hash (SHA-1 based).
- ``datasketch_minhash_lsh``: the same, plus what such a script does next to find
  near-duplicates: query a ``MinHashLSH`` index, then insert the document.
"""

from __future__ import annotations

from typing import Sequence

SHINGLE_WORDS = 5


def _shingles(text: str) -> list[bytes]:
    words = text.split()
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)]


def ftfy_fix_text(texts: Sequence[str]) -> None:
    import ftfy

    fix = ftfy.fix_text
    for text in texts:
        fix(text)


def datasketch_minhash(texts: Sequence[str]) -> None:
    from datasketch import MinHash

    for text in texts:
        m = MinHash(num_perm=128)
        m.update_batch(_shingles(text))


def datasketch_minhash_lsh(texts: Sequence[str], threshold: float) -> int:
    """Returns how many documents had a near-duplicate candidate (to keep the work honest)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hits = 0
    for i, text in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch(_shingles(text))
        if lsh.query(m):
            hits += 1
        lsh.insert(str(i), m)
    return hits
