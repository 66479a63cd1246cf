"""Reports written in pieces: the same bytes as the whole report, made finding by finding.

A text dense with findings makes a report many times its size (a 1 MB page with a
finding every four characters: 108 MB of JSON, 3.5 GB of SARIF encoder pieces), so
the CLI writes each format's pieces as they are made instead of joining them first.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from cleaner import Cleaner
from cleaner.files import write_atomic
from cleaner.output import FORMATS, Checked, render_chunks
from cleaner.output.sarif import sarif_log
from output_testkit import HOSTILE_TEXT, NEWS, run

STREAMED = ("text", "json", "github", "sarif")


def _checked(tmp_path) -> list[Checked]:
    cleaner = Cleaner()
    plain = Checked(str(tmp_path / "story.txt"), cleaner.fix(HOSTILE_TEXT, id="story"))
    records = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    record = cleaner.fix(records[0]["text"], id=records[0]["id"])
    record.doc = dataclasses.replace(record.doc, record_line=1)  # shown as a JSONL record is
    return [plain, Checked(str(NEWS), record)]


def _reference(name: str, checked: list[Checked]) -> str:
    """Each format as it was written whole, before it came in pieces."""
    if name == "json":
        rows = [item.located(f) for item in checked for f in item.result.findings]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if name == "sarif":
        return json.dumps(sarif_log(checked), ensure_ascii=False, indent=2) + "\n"
    return FORMATS[name](checked)


@pytest.mark.parametrize("name", STREAMED)
def test_pieces_join_to_the_whole_report(demo_rules, tmp_path, name):
    checked = _checked(tmp_path)
    findings = sum(len(c.result.findings) for c in checked)
    assert findings >= 4, "the documents must have findings, or the test proves nothing"
    pieces = list(render_chunks(name, checked))
    assert len(pieces) >= findings  # a piece per finding, not the report at once
    assert "".join(pieces) == _reference(name, checked)


@pytest.mark.parametrize("name", STREAMED)
def test_a_report_without_findings_is_whole_too(demo_rules, tmp_path, name):
    clean = [Checked(str(tmp_path / "fine.txt"), Cleaner().fix("A fine line.\n", id="fine"))]
    assert not clean[0].result.findings
    assert "".join(render_chunks(name, clean)) == _reference(name, clean)
    assert "".join(render_chunks(name, [])) == _reference(name, [])


def test_the_json_pieces_are_made_as_they_are_read(demo_rules, tmp_path):
    """The pieces come one finding at a time: the first is there before the later
    findings were looked at (a finding that cannot be rendered stops it there)."""
    checked = _checked(tmp_path)
    first = checked[0].result.findings[0]
    checked[0].result.findings[1:] = [None]  # type: ignore[list-item]
    pieces = render_chunks("json", checked)
    assert json.loads(next(iter(pieces)) + "]") == [checked[0].located(first)]


def test_write_atomic_writes_pieces_and_keeps_the_old_file_if_they_fail(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(str(target), iter(["[", "\u00e9", "]\n"]))
    assert target.read_text(encoding="utf-8") == "[\u00e9]\n"

    def failing():
        yield "half a report"
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        write_atomic(str(target), failing())
    assert target.read_text(encoding="utf-8") == "[\u00e9]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


@pytest.mark.parametrize("name", STREAMED)
def test_the_cli_writes_the_same_report_to_a_file_and_to_stdout(demo_rules, tmp_path, capsys, name):
    out = tmp_path / f"report.{name}"
    code, _, err = run(["check", NEWS, "--format", name, "--no-progress", "-o", out], capsys)
    assert code in (0, 1), err
    code, stdout, err = run(["check", NEWS, "--format", name, "--no-progress"], capsys)
    assert code in (0, 1), err
    assert stdout and out.read_text(encoding="utf-8") == stdout
