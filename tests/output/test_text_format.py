"""Text output: one line per finding, a summary line, and --statistics like ruff's."""

from __future__ import annotations

import re

from output_testkit import NEWS, json_findings, run

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3}) (?P<message>.+)$")
SUMMARY = re.compile(r"^Found (\d+) findings? \((\d+) fixable with --fix\)\.$")


def test_one_line_per_finding_then_a_summary(demo_rules, capsys, tmp_path):
    code, out, _ = run(["check", NEWS, "--no-progress"], capsys)
    assert code == 1
    lines = out.splitlines()
    *rows, summary = lines
    expected = json_findings([NEWS], capsys)
    assert len(rows) == len(expected) > 0
    for row, finding in zip(rows, expected):
        m = LINE.match(row)
        assert m, row
        # a JSONL record: the record's line in the file, the document's id in the message
        assert (m["code"], int(m["line"])) == (finding["code"], finding["record_line"])
        assert m["message"].startswith(f"[{finding['doc_id']} {finding['line']}:{finding['column']}]")
    total, fixable = map(int, SUMMARY.match(summary).groups())
    assert total == len(expected)
    assert fixable == sum(1 for f in expected if f["fix"] and f["fix"]["safe"])


def test_plain_file_positions_are_the_text_s(demo_rules, capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("First line.\nSecond line,with a comma.\n", encoding="utf-8")
    code, out, _ = run(["check", path, "--no-progress"], capsys)
    assert code == 1
    assert out.splitlines()[0] == f"{path}:2:13: W902 missing space after ','"


def test_no_findings_prints_nothing(demo_rules, capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A clean line.\n", encoding="utf-8")
    assert run(["check", path, "--no-progress"], capsys) == (0, "", "")


def test_statistics_counts_per_code(demo_rules, capsys):
    code, out, _ = run(["check", NEWS, "--no-progress", "--statistics"], capsys)
    assert code == 1
    expected = json_findings([NEWS], capsys)
    counts: dict[str, int] = {}
    for f in expected:
        counts[f["code"]] = counts.get(f["code"], 0) + 1
    stats = [line for line in out.splitlines() if re.match(r"^\s*\d+\t", line)]
    parsed = {}
    for line in stats:
        number, code_, rest = line.strip().split("\t")
        parsed[code_] = int(number)
        rule = next(r for r in demo_rules if r.code == code_)
        assert rest == ("* " if rule.fix == "safe" else "  ") + rule.name
    assert parsed == counts
    numbers = [int(line.split("\t")[0]) for line in stats]
    assert numbers == sorted(numbers, reverse=True)  # most frequent first


def test_statistics_in_json_format_is_json(demo_rules, capsys):
    import json

    code, out, _ = run(["check", NEWS, "--no-progress", "--statistics", "--format", "json"], capsys)
    assert code == 1
    rows = json.loads(out)
    counts: dict[str, int] = {}
    for f in json_findings([NEWS], capsys):
        counts[f["code"]] = counts.get(f["code"], 0) + 1
    assert {r["code"]: r["count"] for r in rows} == counts
    assert [r["count"] for r in rows] == sorted(counts.values(), reverse=True)
    for r in rows:
        rule = next(x for x in demo_rules if x.code == r["code"])
        assert r["name"] == rule.name and r["fixable"] == (rule.fix == "safe")


def test_a_line_break_in_an_id_or_message_does_not_split_the_finding(capsys, tmp_path):
    # One line per finding (SPEC): a record id with a line break is shown escaped.
    import json

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "a\nb\rc\u2028d", "text": "the talks resumed on monday,as planned."}) + "\n",
                    encoding="utf-8")
    code, out, _ = run(["check", path, "--select", "W", "--no-progress"], capsys)
    *rows, summary = out.splitlines()
    assert len(rows) == 1 and SUMMARY.match(summary)
    assert "[a\\nb\\rc\\u2028d " in rows[0]
