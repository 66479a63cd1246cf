"""GitHub Actions annotations: one workflow command per finding, escaped."""

from __future__ import annotations

import re

from cleaner.output.github import escape_data, escape_property
from output_testkit import NEWS, json_findings, run

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def parse(out: str) -> list[dict]:
    rows = []
    for line in out.splitlines():
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        rows.append({"level": m["level"], **{k: _unescape(v) for k, v in props.items()},
                     "message": _unescape(m["message"])})
    return rows


def test_one_annotation_per_finding(demo_rules, capsys, tmp_path):
    plain = tmp_path / "notes, draft.txt"  # a comma in the path must not split the properties
    plain.write_text("Opening line.\nSecond line,with  spaces.\n", encoding="utf-8")
    code, out, _ = run(["check", NEWS, plain, "--format", "github", "--no-progress"], capsys)
    assert code == 1
    expected = json_findings([NEWS, plain], capsys)
    rows = parse(out)
    assert len(rows) == len(expected) == len(out.splitlines())
    for row, f in zip(rows, expected):
        assert row["title"] == f["code"]
        assert row["file"] == f["path"]
        assert row["message"].startswith(f["code"] + " ")
        assert row["level"] == {"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]
        if "record_line" in f:
            assert (int(row["line"]), int(row["col"])) == (f["record_line"], 1)
        else:
            assert (int(row["line"]), int(row["endLine"])) == (f["line"], f["end_line"])
            if f["line"] == f["end_line"]:
                assert (int(row["col"]), int(row["endColumn"])) == (f["column"], f["end_column"])
    assert any(r["file"] == str(plain) for r in rows)


def test_escaping_keeps_one_line_per_annotation():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_no_findings_no_output(demo_rules, capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A clean line.\n", encoding="utf-8")
    assert run(["check", path, "--format", "github", "--no-progress"], capsys)[:2] == (0, "")


def test_an_annotation_over_several_lines_has_no_columns(capsys, tmp_path):
    # GitHub takes col/endColumn only when line == endLine (its toolkit drops them otherwise).
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "fixtures" / "002_4d4bf8466975bca8.txt"  # a TOC over 14 lines
    path = tmp_path / "toc.txt"
    path.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(["check", path, "--format", "github", "--no-progress"], capsys)
    rows = parse(out)
    several = [r for r in rows if r["endLine"] != r["line"]]
    assert several and all("col" not in r and "endColumn" not in r for r in several)
    assert all("col" in r and "endColumn" in r for r in rows if r["endLine"] == r["line"])
