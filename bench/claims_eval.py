"""Precision and recall of claim extraction on the hand-labelled case files.

    python bench/claims_eval.py            # both sets, with every error
    python bench/claims_eval.py --quiet    # the figures only

Then the same with each sentence hard-wrapped at 40 and at 72 columns (at spaces,
as fmt or a mail client wraps): the claims must not change.

A claim counts as found when the value, the measure (lemmatised) and the date label
all match a hand-written expectation of the same sentence.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "facts"))

from test_facts_claims import score  # noqa: E402


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    for wrap_width in (None,) + WRAP_WIDTHS:
        if wrap_width:
            print(f"each sentence hard-wrapped at {wrap_width} columns:")
        report(quiet, wrap_width)
    return 0


# Widths of hard-wrapped text: narrow columns, and the 72 of e-mail and plain-text feeds.
WRAP_WIDTHS = (40, 72)


def report(quiet: bool, wrap_width: int | None) -> None:
    total = [0, 0, 0]
    for name in ("claims_cases.json", "claims_heldout.json"):
        tp, fp, fn, errors = score(name, wrap_width)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        print(f"{name:22} claims {tp + fn:3}  found {tp:3}  extra {fp:2}  missed {fn:2}  "
              f"precision {tp / (tp + fp):.3f}  recall {tp / (tp + fn):.3f}")
        if not quiet:
            for line in errors:
                print("    " + line)
    tp, fp, fn = total
    print(f"{'both':22} claims {tp + fn:3}  found {tp:3}  extra {fp:2}  missed {fn:2}  "
          f"precision {tp / (tp + fp):.3f}  recall {tp / (tp + fn):.3f}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
