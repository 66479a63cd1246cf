"""The CLI in-process through main(argv) -> int, on a test-only rule."""

import json
import os
import stat

import pytest

from cleaner.cli import main


@pytest.fixture
def docs(tmp_path, typo_rule):
    (tmp_path / "bad.txt").write_text("This is teh title\nAnd teh body.\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("Nothing wrong here.\n", encoding="utf-8")
    return tmp_path


def test_check_reports_path_line_col_code(docs, capsys):
    assert main(["check", str(docs)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{docs / 'bad.txt'}:1:9: Q990 typo 'teh'" in out
    assert f"{docs / 'bad.txt'}:2:5: Q990 typo 'teh'" in out
    assert out[-1].startswith("Found 2 findings")


def test_check_clean_file_exits_zero(docs, capsys):
    assert main(["check", str(docs / "good.md")]) == 0
    assert capsys.readouterr().out == ""


def test_json_positions_point_at_the_original(docs, capsys):
    assert main(["check", "--format", "json", str(docs / "bad.txt")]) == 1
    rows = json.loads(capsys.readouterr().out)
    text = (docs / "bad.txt").read_text()
    assert len(rows) == 2
    for row in rows:
        assert text[row["start"]:row["end"]] == "teh"
        assert row["fix"] == {"replacement": "the", "start": row["start"], "end": row["end"], "safe": True}
        assert row["doc_id"] == str(docs / "bad.txt")  # the path: file names repeat across folders
        assert set(row) >= {"code", "message", "severity", "line", "column", "end_line", "end_column", "path"}


def test_fix_is_atomic_idempotent_and_keeps_mode(docs, capsys):
    target = docs / "bad.txt"
    os.chmod(target, 0o640)
    assert main(["check", "--fix", str(target)]) == 0
    assert target.read_text() == "This is the title\nAnd the body.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    before = target.stat().st_mtime_ns
    assert main(["check", "--fix", str(target)]) == 0
    assert target.stat().st_mtime_ns == before  # nothing rewritten the second time
    assert not [p for p in docs.iterdir() if p.name.startswith(".cleaner-")]


def test_diff_writes_nothing(docs, capsys):
    target = docs / "bad.txt"
    original = target.read_text()
    assert main(["check", "--diff", str(target)]) == 1
    diff = capsys.readouterr().out
    assert "-This is teh title" in diff and "+This is the title" in diff
    assert target.read_text() == original
    name = str(target).lstrip("/")
    assert f"--- a/{name}\n+++ b/{name}\n" in diff  # as git writes it: no "a//tmp/..."


def test_select_and_ignore(docs, capsys):
    assert main(["check", "--ignore", "Q", str(docs)]) == 0
    assert main(["check", "--select", "Q990", str(docs)]) == 1


def test_unknown_selector_is_usage_error(docs, capsys):
    assert main(["check", "--select", "Z123", str(docs)]) == 2
    assert "matches no rule" in capsys.readouterr().err


def test_bad_inputs_give_clear_errors(tmp_path, typo_rule, capsys):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 teh".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02teh")
    (tmp_path / "empty.txt").write_text("")
    for name, expected in [("latin1.txt", "not valid UTF-8"), ("binary.txt", "binary")]:
        assert main(["check", str(tmp_path / name)]) == 2
        assert expected in capsys.readouterr().err
    assert main(["check", str(tmp_path / "empty.txt")]) == 0  # valid, nothing to check: said, not an error
    assert "empty" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_jsonl_check_uses_record_lines(tmp_path, typo_rule, capsys):
    path = tmp_path / "news.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "fine"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "b", "text": "first\nteh end"}) + "\n",
        encoding="utf-8",
    )
    code = main(["check", "--format", "json", str(path)])
    captured = capsys.readouterr()
    assert code == 2  # the malformed line is an error, the rest is still checked
    assert f"{path}:2:1: error: malformed JSON" in captured.err
    rows = json.loads(captured.out)
    assert [(r["doc_id"], r["record_line"], r["line"], r["column"]) for r in rows] == [("b", 3, 2, 1)]


def test_clean_streams_records_with_rejects(tmp_path, typo_rule, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "teh start", "url": "http://x", "extra": [1, 2]}) + "\n"
        + "[1, 2]\n"
        + json.dumps({"id": "c", "text": 5}) + "\n"
        + json.dumps({"id": "d", "text": "ok"}) + "\n",
        encoding="utf-8",
    )
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    code = main(["clean", str(src), "-o", str(out), "--rejects", str(rejects)])
    assert code == 1  # something was rejected
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a", "d"]
    assert records[0]["text"] == "the start"
    assert records[0]["extra"] == [1, 2] and records[0]["url"] == "http://x"
    assert records[0]["findings"][0]["code"] == "Q990"
    assert {"language", "duplicate_of", "quality"} <= set(records[0])
    bad = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [b["line"] for b in bad] == [2, 3]
    assert "not an object" in bad[0]["reason"] and "not a string" in bad[1]["reason"]
    assert "2 rejected" in capsys.readouterr().err


def test_clean_drop(tmp_path, typo_rule):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "teh"}) + "\n" + json.dumps({"id": "b", "text": "ok"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "--drop", "Q990"]) == 0
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["b"]


def test_clean_gzip_round_trip(tmp_path, typo_rule):
    import gzip

    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a", "text": "teh"}) + "\n")
    out = tmp_path / "out.jsonl.gz"
    assert main(["clean", str(src), "-o", str(out)]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as handle:
        assert json.loads(handle.readline())["text"] == "the"


def test_rules_and_rule(typo_rule, capsys):
    assert main(["rules"]) == 0
    assert "Q990" in capsys.readouterr().out
    assert main(["rule", "q990"]) == 0
    assert "test-typo" in capsys.readouterr().out
    assert main(["rule", "X999"]) == 2


def test_a_file_with_classic_mac_line_ends_gets_a_warning(tmp_path, capsys):
    path = tmp_path / "cr.txt"
    path.write_bytes(b"First line here.\rThe talks resumed on Monday.\rMore text follows.\r")
    main(["check", str(path)])
    assert "lines end in CR alone" in capsys.readouterr().err
    path.write_bytes(b"First line here.\r\nThe talks resumed on Monday.\r\n")
    main(["check", str(path)])
    assert "CR alone" not in capsys.readouterr().err


def test_diff_of_files_without_a_final_newline_is_a_valid_patch(tmp_path, capsys, monkeypatch):
    import shutil
    import subprocess

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("First line is fine.\nThe talks resumed on Monday.Officials met.")
    (tmp_path / "b.txt").write_text("Another line.The end.\n")
    assert main(["check", "--diff", "--select", "W", "a.txt", "b.txt"]) == 1
    diff = capsys.readouterr().out
    assert ("-The talks resumed on Monday.Officials met.\n\\ No newline at end of file\n"
            "+The talks resumed on Monday. Officials met.\n\\ No newline at end of file\n--- a/b.txt\n") in diff
    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "--quiet"], input=diff, text=True, check=True, cwd=tmp_path)
        assert (tmp_path / "a.txt").read_text() == "First line is fine.\nThe talks resumed on Monday. Officials met."
        assert (tmp_path / "b.txt").read_text() == "Another line. The end.\n"


def test_findings_left_after_fix_point_into_the_fixed_file(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text("Share this article on Facebook\n"
                    "The council approved the new budget on Tuesday after a long debate in the chamber.\n"
                    "The plan raises spending on schools and roads,and trims the defence budget slightly.\n"
                    "Opposition members said the measures would not be enough to close the deficit and\n")
    main(["check", "--fix", "--format", "json", str(path)])
    rows = json.loads(capsys.readouterr().out)
    fixed = path.read_text().split("\n")
    assert fixed[0].startswith("The council")  # the share line went, so every line moved up
    (q101,) = [r for r in rows if r["code"] == "Q101"]
    assert q101["line"] == 3 and fixed[q101["line"] - 1].startswith("Opposition members")
    assert path.read_text()[q101["start"]:q101["end"]] in fixed[2]


def test_fix_that_writes_nothing_says_so(tmp_path, capsys):
    path = tmp_path / "recs.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Share this article on Facebook\nThe talks resumed,as planned.\n"})
                    + "\n{broken\n")
    assert main(["check", "--fix", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not rewritten, because some of its lines could not be read" in err
    assert "Fixed 0 findings in 0 files." in err


def test_folders_of_installed_packages_are_not_walked(tmp_path, capsys):
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "README.md").write_text("the talks resumed on monday,as planned.\n")
    (tmp_path / "story.txt").write_text("The talks resumed on Monday, as planned.\n")
    main(["check", "--format", "json", str(tmp_path)])
    assert {os.path.basename(r["path"]) for r in json.loads(capsys.readouterr().out)} <= {"story.txt"}


def test_clean_keeps_the_records_key_order(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"text": "The talks resumed on Monday,as planned.", "id": "a", "meta": {"k": 1}}\n')
    main(["clean", str(source), "-o", str(out), "--no-progress"])
    record = json.loads(out.read_text())
    assert list(record)[:3] == ["text", "id", "meta"]
    assert record["text"] == "The talks resumed on Monday, as planned." and record["meta"] == {"k": 1}


def test_gzip_output_header_names_the_output_not_its_partial_file(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl.gz"
    source.write_text('{"id": "a", "text": "The talks resumed on Monday, as planned."}\n')
    main(["clean", str(source), "-o", str(out), "--no-progress"])
    data = out.read_bytes()
    assert data[3] & 0x08  # FNAME set
    name = data[10:data.index(b"\0", 10)]
    assert name == b"out.jsonl"


def test_folder_walk_honours_gitignore_in_a_work_tree(tmp_path, capsys):
    import shutil
    import subprocess

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "copy.txt").write_text("the talks resumed on monday,as planned.\n")
    (tmp_path / "story.txt").write_text("the talks resumed on monday,as planned.\n")
    main(["check", "--format", "json", str(tmp_path)])
    assert {os.path.basename(r["path"]) for r in json.loads(capsys.readouterr().out)} == {"story.txt"}
    # A folder ignored as a whole but named on purpose is still checked.
    main(["check", "--format", "json", str(tmp_path / "build")])
    assert {os.path.basename(r["path"]) for r in json.loads(capsys.readouterr().out)} == {"copy.txt"}


def test_walking_the_current_folder_shows_paths_without_dot_slash(tmp_path, monkeypatch, capsys):
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "a.txt").write_text("the talks resumed on monday,as planned.\n")
    monkeypatch.chdir(tmp_path)
    main(["check", "."])
    shown = {line.split(":")[0] for line in capsys.readouterr().out.splitlines() if ":" in line}
    assert shown == {os.path.join("k", "a.txt")}


_TITLE_COPIES = ("Home\nNews\nSport\nWeather\nBig Storm Hits The Coast Tonight\nReplay\n"
                 "Big Storm Hits The Coast Tonight\n"
                 "The storm moved along the coast overnight and knocked out power to thousands of homes in the area.\n"
                 "Big Storm Hits The Coast Tonight\n")


def test_check_reports_every_line_fix_will_remove(tmp_path, capsys):
    # The title's copies are separated by a menu line; once it goes, they are plain
    # repeats (found by the within-document rules' second look, as a later pass of fix
    # would find them). check must have said so beforehand.
    import difflib

    path = tmp_path / "story.txt"
    path.write_text(_TITLE_COPIES)
    main(["check", "--format", "json", str(path)])
    reported = json.loads(capsys.readouterr().out)
    spans = [(f["fix"]["start"], f["fix"]["end"]) for f in reported if f["fix"] and f["fix"]["safe"]]
    main(["check", "--fix", str(path)])
    fixed = path.read_text()
    lines = _TITLE_COPIES.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    removed = [i for op in difflib.SequenceMatcher(None, lines, fixed.split("\n"), autojunk=False).get_opcodes()
               if op[0] in ("delete", "replace") for i in range(op[1], op[2]) if lines[i]]
    assert len(removed) == 4  # two menu lines and two copies of the title
    for i in removed:
        assert any(a <= starts[i] and starts[i] + len(lines[i]) <= b for a, b in spans), lines[i]
    revealed = [f for f in reported if f["code"].startswith("D1")]
    # Named by the file's line numbers, not those of the text with the menu removed.
    assert {f["line"] for f in revealed} == {7, 9}
    assert all("same as line 5" in f["message"] and f["data"]["first_line"] == 5 for f in revealed)


def test_all_selects_and_ignores_everything(docs, capsys):
    assert main(["check", "--select", "ALL", str(docs)]) == 1
    assert main(["check", "--ignore", "ALL", str(docs)]) == 0
    (docs / "pyproject.toml").write_text('[tool.cleaner]\nselect = ["ALL"]\n')
    assert main(["check", str(docs)]) == 1


def test_ignore_on_the_command_line_adds_to_the_projects(tmp_path, capsys):
    # Real rules: W101 (spacing) and Q103 (too little content) both fire on this line.
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["Q"]\n')
    (tmp_path / "a.txt").write_text("hello world.Test\n")
    assert main(["check", "--ignore", "B", str(tmp_path / "a.txt")]) == 1
    out = capsys.readouterr().out
    assert "W101" in out and "Q103" not in out  # the project's Q stays ignored
    assert main(["check", "--ignore", "W", "--ignore", "B", str(tmp_path / "a.txt")]) == 0  # flags add up
    assert main(["check", "--extend-select", "W", str(tmp_path / "a.txt")]) == 1
    assert "Q103" not in capsys.readouterr().out  # extending "everything" selects no less


def test_clean_writes_through_devices_and_symlinks(tmp_path, typo_rule):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "teh cat"}\nnot json\n')
    target = tmp_path / "target.jsonl"
    target.write_text("")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert main(["clean", str(source), "-o", str(link), "--no-progress"]) == 1
    assert link.is_symlink() and '"the cat"' in target.read_text()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    import threading

    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    assert main(["clean", str(source), "-o", str(fifo), "--rejects", os.devnull, "--no-progress"]) == 1
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and b'"the cat"' in got[0]
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # written to, not replaced by a file


def test_rejects_may_not_overwrite_the_input(tmp_path, typo_rule, capsys):
    source = tmp_path / "in.jsonl"
    content = '{"id": "a", "text": "teh cat"}\nnot json\n'
    source.write_text(content)
    assert main(["clean", str(source), "-o", str(tmp_path / "o.jsonl"), "--rejects", str(source),
                 "--no-progress"]) == 2
    assert "INPUT" in capsys.readouterr().err and source.read_text() == content


def test_check_output_through_a_symlink_and_nothing_when_nothing_was_read(docs, capsys):
    report = docs / "report.txt"
    report.write_text("")
    link = docs / "report-link.txt"
    link.symlink_to(report)
    assert main(["check", str(docs / "bad.txt"), "-o", str(link)]) == 1
    assert link.is_symlink() and "Q990" in report.read_text()
    assert main(["check", str(docs / "missing.txt"), "-o", str(docs / "empty-report.txt")]) == 2
    assert not (docs / "empty-report.txt").exists()


def test_a_symlink_beside_its_target_is_checked_once(tmp_path, typo_rule, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("teh cat\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "sub" / "a.txt")
    assert main(["check", "--fix", str(tmp_path)]) == 0
    assert (tmp_path / "sub" / "a.txt").read_text() == "the cat\n"
    assert (tmp_path / "link.txt").is_symlink()


def test_a_folder_whose_files_git_ignores_is_not_checked(tmp_path, typo_rule, capsys):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("*.md\nignored/\n")
    for folder in ("mdonly", "ignored"):
        (tmp_path / folder).mkdir()
    (tmp_path / "mdonly" / "a.md").write_text("teh cat\n")
    (tmp_path / "ignored" / "b.txt").write_text("teh cat\n")
    assert main(["check", str(tmp_path / "mdonly")]) == 0  # every file in it is ignored
    assert main(["check", str(tmp_path / "ignored")]) == 1  # the folder itself, named on purpose


def test_an_empty_published_date_is_a_usage_error(docs, capsys):
    assert main(["check", "--published", "", str(docs / "bad.txt")]) == 2
    assert "--published" in capsys.readouterr().err
