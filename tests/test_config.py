"""[tool.cleaner] lookup, validation and CLI overrides."""

import json
import os

import pytest

from cleaner.config import Config, config_from_table, find_project_config, load_config_file
from cleaner.errors import ConfigError
from cleaner.rules import is_selected


def test_pyproject_is_found_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\nignore = ["C"]\nlanguages = ["en", "de"]\n'
        '[tool.cleaner.dedup]\nparagraph-similarity = 0.9\n'
        '[tool.cleaner.per-file-ignores]\n"drafts/*" = ["W"]\n'
    )
    sub = tmp_path / "drafts"
    sub.mkdir()
    (sub / "a.txt").write_text("x")
    config = find_project_config(sub / "a.txt")
    assert config is not None
    assert config.ignore == ("C",)
    assert config.languages == ("en", "de")
    assert config.dedup.paragraph_similarity == 0.9
    assert "W" in config.ignores_for(str(sub / "a.txt"))
    assert "W" not in config.ignores_for(str(tmp_path / "b.txt"))


def test_no_config_found(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    assert find_project_config(tmp_path) is None


def test_unknown_setting_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown setting 'selct'"):
        config_from_table({"selct": ["B"]})
    with pytest.raises(ConfigError, match="paragraph-similarity"):
        config_from_table({"dedup": {"paragraph-similarty": 0.9}})


def test_wrong_type_is_a_clear_error():
    with pytest.raises(ConfigError, match="must be float"):
        config_from_table({"dedup": {"paragraph-similarity": "high"}})


def test_invalid_toml(tmp_path):
    bad = tmp_path / "cleaner.toml"
    bad.write_text("select = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config_file(bad)


def test_selection_longest_prefix_wins():
    assert is_selected("B101", None, ())
    assert not is_selected("B101", None, ("B",))
    assert is_selected("B101", ("B101",), ("B",))
    assert not is_selected("C101", ("B",), ())
    assert not is_selected("B101", ("B",), ("B101",))


def test_config_is_frozen():
    with pytest.raises(Exception):
        Config().select = ("B",)  # type: ignore[misc]


def test_check_applies_each_files_own_project_config(tmp_path, capsys):
    """pre-commit passes files of several projects at once: each gets its own [tool.cleaner]."""
    from cleaner.cli import main

    text = "The talks resumed on monday.Officials met in the capital.\n"
    for name, select in (("pa", "W"), ("pb", "C")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(f'[tool.cleaner]\nselect = ["{select}"]\n')
        (tmp_path / name / "doc.txt").write_text(text)
    for order in (("pa", "pb"), ("pb", "pa")):
        main(["check", "--format", "json", *(str(tmp_path / n / "doc.txt") for n in order)])
        rows = json.loads(capsys.readouterr().out)
        codes = {(os.path.basename(os.path.dirname(r["path"])), r["code"][0]) for r in rows}
        assert codes == {("pa", "W"), ("pb", "C")}
        # output in the order the files were given
        assert [os.path.basename(os.path.dirname(r["path"])) for r in rows][0] == order[0]


def test_select_on_the_command_line_wins_over_an_ignore_in_the_project(tmp_path, capsys):
    from cleaner.cli import main

    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["W"]\n')
    (tmp_path / "doc.txt").write_text("The talks resumed on Monday,officials said in the capital.\n")
    main(["check", "--format", "json", str(tmp_path / "doc.txt")])
    assert not [r for r in json.loads(capsys.readouterr().out) if r["code"].startswith("W")]
    main(["check", "--format", "json", "--select", "W", str(tmp_path / "doc.txt")])
    assert {r["code"] for r in json.loads(capsys.readouterr().out)} == {"W101"}
    # --ignore on the command line still narrows a --select given with it
    main(["check", "--format", "json", "--select", "W", "--ignore", "W101", str(tmp_path / "doc.txt")])
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("table", [
    {"boilerplate": {"sensitivity": 7}},
    {"boilerplate": {"repeated-line-min-docs": 0}},
    {"dedup": {"paragraph-similarity": 5}},
    {"dedup": {"paragraph-similarity": -1}},
    {"dedup": {"document-jaccard": 0}},
    {"dedup": {"shingle-words": 0}},
    {"dedup": {"num-perm": 1}},
    {"quality": {"min-content-words": -3}},
])
def test_thresholds_out_of_range_are_refused(table):
    # A similarity of 5 or a sensitivity of 7 would run, silently doing nothing useful.
    with pytest.raises(ConfigError, match="must be"):
        config_from_table(table)


def test_thresholds_at_their_limits_are_accepted():
    config = config_from_table({"boilerplate": {"sensitivity": 1}, "dedup": {"paragraph-similarity": 1,
                                                                            "document-jaccard": 1}})
    assert config.boilerplate.sensitivity == 1 and config.dedup.paragraph_similarity == 1


@pytest.mark.parametrize("table,message", [
    ({"facts": 5}, "facts must be a path"),
    ({"facts": [5]}, "facts must be a path"),
    ({"index": 5}, "index must be a path"),
    ({"index": True}, "index must be a path"),
    ({"dedup": {"num-perm": 100.5}}, "must be a whole number"),
    ({"dedup": {"shingle-words": 2.5}}, "must be a whole number"),
    ({"languages": ["english"]}, "unknown language code 'english'"),
    ({"languages": [5]}, "must be a list of language codes"),
])
def test_wrong_types_are_config_errors(table, message):
    with pytest.raises(ConfigError, match=message):
        config_from_table(table)


def test_languages_are_split_and_regions_dropped():
    assert config_from_table({"languages": "en, DE"}).languages == ("en", "de")
    assert config_from_table({"languages": ["zh-cn", "zh-tw", "en"]}).languages == ("zh", "en")


@pytest.mark.parametrize("content", ['[tool]\ncleaner = 5\n', 'tool = 5\n', '[tool]\ncleaner = []\n'])
def test_a_tool_cleaner_that_is_no_table_is_a_config_error(tmp_path, content):
    (tmp_path / "pyproject.toml").write_text(content)
    with pytest.raises(ConfigError, match="must be a table"):
        find_project_config(tmp_path)
    with pytest.raises(ConfigError, match="must be a table"):
        load_config_file(tmp_path / "pyproject.toml")


def test_a_leading_double_star_matches_no_folder_too(tmp_path):
    config = config_from_table({"per-file-ignores": {"**/drafts/*": ["W"]}}, str(tmp_path))
    assert "W" in config.ignores_for(str(tmp_path / "drafts" / "a.txt"))
    assert "W" in config.ignores_for(str(tmp_path / "x" / "drafts" / "a.txt"))
    assert "W" not in config.ignores_for(str(tmp_path / "a.txt"))


def test_unknown_codes_in_per_file_ignores_are_refused():
    from cleaner import Cleaner
    from cleaner.rules import UnknownRuleError

    with pytest.raises(UnknownRuleError, match="W101X"):
        Cleaner(config_from_table({"per-file-ignores": {"news/*": ["W101x"]}}))
