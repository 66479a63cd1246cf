"""The seed documents, checked the way a user would: through the CLI.

Expected results come from the issue's acceptance list (seed 002 lines) and
were read by a person; seed 001 is clean, 000 has nothing for E, W or C.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleaner.cli import main
from normalize_helpers import FIXTURES, NORMALIZE_FAMILIES, check_finding_points_at_its_subject, line_of, seed

SEED_002 = "002_4d4bf8466975bca8.txt"
EXPECTED_LINE_20_TAIL = (
    "According to the United Nations, as of July 2025, over 14,000 people have been killed in the conflict, "
    "and millions have been displaced from their homes. United Nations Ukraine. The current situation remains "
    "volatile, with frequent violations of ceasefire agreements and ongoing political tensions. This complex "
    "background underscores the difficulty of achieving a lasting peace."
)


def _check_json(paths: list[str], capsys) -> list[dict]:
    code = main(["check", "--format", "json", *paths])
    out = capsys.readouterr().out
    assert code in (0, 1)
    return json.loads(out)


@pytest.fixture()
def seed_findings(capsys) -> list[dict]:
    files = sorted(str(p) for p in FIXTURES.glob("00*.txt"))
    return [f for f in _check_json(files, capsys) if f["code"][0] in NORMALIZE_FAMILIES]


def _of(findings: list[dict], name: str, family: str | None = None) -> list[dict]:
    return [f for f in findings if f["path"].endswith(name) and (family is None or f["code"][0] == family)]


def test_clean_seeds_get_nothing_from_the_normalizer(seed_findings) -> None:
    assert _of(seed_findings, "001_95c8228699a40873.txt") == []
    assert _of(seed_findings, "000_05e63a923c49b29b.txt") == []


def test_seed_002_spacing_lines(seed_findings) -> None:
    lines = {f["line"] for f in _of(seed_findings, SEED_002, "W")}
    assert {18, 20, 23, 43, 45, 50} <= lines
    text = seed("002")
    spans = {text[f["start"]:f["end"]] for f in _of(seed_findings, SEED_002, "W")}
    assert not any(s in spans for s in ("U.S.", "D.C.", "14,000"))
    assert not any("U.S" in s or "D.C" in s or "14,0" in s for s in spans)


def test_seed_002_casing_lines(seed_findings) -> None:
    text = seed("002")
    by_line: dict[int, set[str]] = {}
    for f in _of(seed_findings, SEED_002, "C"):
        by_line.setdefault(f["line"], set()).add(text[f["start"]:f["end"]])
    assert "vladimir" in by_line[15]
    assert {"united", "july", "this"} <= by_line[20]
    assert {"helsinki", "trump"} <= by_line[43]
    assert "trump" in by_line[51] and "trump" in by_line[57]
    assert "kerch strait" in by_line[65]
    assert "november" in by_line[66]


def test_seed_004_markdown(seed_findings) -> None:
    assert [f["line"] for f in _of(seed_findings, "004_41692156fb69168e.txt", "E")] == [2, 4]


def test_every_seed_finding_points_at_its_subject(seed_findings) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("00*.txt")}
    from cleaner.findings import Finding, Fix

    for row in seed_findings:
        text = texts[Path(row["path"]).name]
        fix = row["fix"]
        finding = Finding(row["code"], row["message"], row["start"], row["end"],
                          fix=Fix(fix["replacement"], fix["start"], fix["end"], fix["safe"]) if fix else None)
        check_finding_points_at_its_subject(text, finding)
        assert line_of(text, row["start"]) == row["line"]


def _copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "fixtures"
    target.mkdir()
    for p in FIXTURES.glob("00*.txt"):
        shutil.copy(p, target / p.name)
    return target


# --select keeps other families' fixes (removed boilerplate lines) out of the line numbers.
def test_fix_rewrites_line_20_and_settles(tmp_path, capsys) -> None:
    folder = _copy_seeds(tmp_path)
    main(["check", "--fix", "--select", "E,W,C", str(folder)])
    fixed = (folder / SEED_002).read_text(encoding="utf-8").split("\n")
    # The first sentence of the line is not the normalizer's to remove (it is correct text).
    assert fixed[19] == ("The conflict in Ukraine, beginning in 2014, has seen periods of intense fighting and fragile "
                         "ceasefires. " + EXPECTED_LINE_20_TAIL)
    assert fixed[42].startswith("Meetings with Vladimir Putin: Several high-profile meetings took place between "
                                "Trump and Russian President Vladimir Putin, including a controversial summit in "
                                "Helsinki, Finland, in July 2018. Critics argued Trump appeared")
    assert fixed[64] == "Case Study: The Kerch Strait Incident (2018)"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    main(["check", "--fix", "--select", "E,W,C", str(folder)])
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_diff_shows_the_fix_and_writes_nothing(tmp_path, capsys) -> None:
    folder = _copy_seeds(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["check", "--diff", "--select", "E,W,C", str(folder)]) == 1
    diff = capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert "+The conflict in Ukraine, beginning in 2014, has seen periods of intense fighting and fragile ceasefires. " \
           + EXPECTED_LINE_20_TAIL in diff.splitlines()
    assert "-**Trump-Putin Meeting: Hurdles to Peace Talks in Ukraine Persist**" in diff.splitlines()
