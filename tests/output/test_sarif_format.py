"""SARIF 2.1.0: the tool's rules from the registry, one result per finding, fixes."""

from __future__ import annotations

import json

from cleaner.rules import all_rules
from output_testkit import NEWS, json_findings, run


def _sarif(paths, capsys):
    code, out, err = run(["check", *paths, "--format", "sarif", "--no-progress"], capsys)
    assert code in (0, 1), err
    return json.loads(out)


def test_structure_and_one_result_per_finding(demo_rules, capsys, tmp_path):
    plain = tmp_path / "story.txt"
    plain.write_text("Opening line.\nSecond line,with  spaces.\nIt ends here.\n", encoding="utf-8")
    log = _sarif([NEWS, plain], capsys)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "cleaner"
    assert [r["id"] for r in driver["rules"]] == [r.code for r in all_rules()]
    for rule, registered in zip(driver["rules"], all_rules()):
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["fullDescription"]["text"] == registered.explanation
    expected = json_findings([NEWS, plain], capsys)
    results = run_["results"]
    assert len(results) == len(expected) > 0
    for result, f in zip(results, expected):
        assert result["ruleId"] == f["code"]
        assert driver["rules"][result["ruleIndex"]]["id"] == f["code"]
        assert result["level"] in ("error", "warning", "note")
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith(f["path"].rsplit("/", 1)[-1])
        region = physical["region"]
        if "record_line" in f:
            assert region == {"startLine": f["record_line"]}
            assert result["properties"]["doc_id"] == f["doc_id"]
            assert (result["properties"]["start"], result["properties"]["end"]) == (f["start"], f["end"])
        else:
            assert (region["startLine"], region["startColumn"]) == (f["line"], f["column"])
            assert (region["endLine"], region["endColumn"]) == (f["end_line"], f["end_column"])
            assert (region["charOffset"], region["charLength"]) == (f["start"], f["end"] - f["start"])
    plain_results = [r for r, f in zip(results, expected) if "record_line" not in f]
    fixed = [r for r in plain_results if "fixes" in r]
    assert fixed, "the plain file's W findings carry fixes"
    text = plain.read_text(encoding="utf-8")
    for result in fixed:
        (change,) = result["fixes"][0]["artifactChanges"]
        (replacement,) = change["replacements"]
        deleted = replacement["deletedRegion"]
        start, length = deleted["charOffset"], deleted["charLength"]
        new = text[:start] + replacement["insertedContent"]["text"] + text[start + length:]
        assert new != text
    assert run_["columnKind"] == "unicodeCodePoints"


def test_fix_data_reaches_the_result(demo_rules, capsys):
    log = _sarif([NEWS], capsys)
    facts = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("F")]
    assert facts and all(r["properties"]["data"]["source"] for r in facts)


def test_no_findings_is_still_a_valid_log(demo_rules, capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A clean line.\n", encoding="utf-8")
    log = _sarif([path], capsys)
    assert log["runs"][0]["results"] == []
