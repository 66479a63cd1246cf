"""The pre-commit hooks of .pre-commit-hooks.yaml, run for real with `pre-commit try-repo`.

As pre-commit's own tests do: a temporary git repository of news files, and the
real command. pre-commit installs cleaner from this checkout into an environment
of its own, from the package index: about 20 seconds for each try-repo, which
builds a fresh environment every time.

Skips when pre-commit is not installed, except under CI (CI set), where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "002_4d4bf8466975bca8.txt"  # table of contents, repeated headings, casing slips
CLEAN = ROOT / "fixtures" / "clean" / "doobie_brothers_tour.txt"  # see fixtures/clean/SOURCES
GIT_ENV = {"GIT_AUTHOR_NAME": "cleaner tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
           "GIT_COMMITTER_NAME": "cleaner tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1"}


def _git(*args: str, cwd: Path, env: dict) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, env=env, check=True, capture_output=True)


def _project_files() -> list[Path]:
    """What pre-commit needs to install cleaner: the package and the top-level files,
    as the working tree has them (so uncommitted work is what gets tested)."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
        files = [Path(p) for p in listed if p]
    else:
        files = [p.relative_to(ROOT) for p in ROOT.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return [p for p in files if (len(p.parts) == 1 or p.parts[0] == "cleaner") and (ROOT / p).is_file()]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pre-commit is not installed; CI must run the hook test (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_", "VIRTUAL_ENV"))}
    env.update(GIT_ENV, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return env


@pytest.fixture(scope="module")
def hook_repo(env, tmp_path_factory) -> Path:
    """This project's working tree (uncommitted changes included) as a one-commit repository."""
    repo = tmp_path_factory.mktemp("cleaner-hooks")
    for rel in _project_files():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, repo / rel)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _git("init", "-q", cwd=repo, env=env)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "-m", "cleaner under test", cwd=repo, env=env)
    return repo


@pytest.fixture
def work(env, tmp_path) -> Path:
    """A repository of news files, as a user of the hooks has."""
    _git("init", "-q", cwd=tmp_path, env=env)
    (tmp_path / "news").mkdir()
    shutil.copy(SEED, tmp_path / "news" / "seed.txt")
    shutil.copy(CLEAN, tmp_path / "news" / "clean.txt")
    (tmp_path / "news" / "broken.jsonl").write_text('{"id": "a", "text": "fine."}\n{"id": "b", "text": \n',
                                                   encoding="utf-8")
    (tmp_path / "code.py").write_text("print('not news')\n", encoding="utf-8")
    _git("add", "-A", cwd=tmp_path, env=env)
    return tmp_path


def try_repo(hook_repo: Path, work: Path, env: dict, hook: str, *files: str) -> subprocess.CompletedProcess:
    """`pre-commit try-repo`: builds a fresh environment each time (about 20 s)."""
    return _pre_commit(work, env, "try-repo", str(hook_repo), hook, "--verbose", "--files", *files)


def _pre_commit(work: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=work, env=env,
                          capture_output=True, text=True, timeout=900)


def test_check_hook_passes_a_clean_article(hook_repo, work, env):
    # code.py is not news: the hook's file filter leaves it out.
    done = try_repo(hook_repo, work, env, "cleaner-check", "news/clean.txt", "code.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cleaner check" in done.stdout and "Passed" in done.stdout
    assert "code.py" not in done.stdout


def test_check_hook_fails_on_a_seed_with_findings(hook_repo, work, env):
    done = try_repo(hook_repo, work, env, "cleaner-check", "news/seed.txt", "news/clean.txt", "news/broken.jsonl")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    assert "news/broken.jsonl:2:1: error: malformed JSON" in done.stdout  # a bad record fails it too
    if not all_rules():
        pytest.skip("no rule is registered in this build yet, so the seed has nothing to report")
    assert "news/seed.txt:" in done.stdout
    assert "news/clean.txt:" not in done.stdout


def test_fix_hook_rewrites_the_seed_once(hook_repo, work, env, tmp_path_factory):
    if not any(rule.fix == "safe" for rule in all_rules()):
        pytest.skip("no rule with a safe fix is registered in this build yet")
    # Two runs of one hook: `pre-commit run` with a config keeps its environment
    # between them, where try-repo would build it twice.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()
    config = work / ".pre-commit-config.yaml"
    config.write_text(f"repos:\n- repo: {hook_repo}\n  rev: {head}\n  hooks:\n  - id: cleaner-fix\n",
                      encoding="utf-8")
    before = (work / "news" / "seed.txt").read_bytes()
    done = _pre_commit(work, env, "run", "cleaner-fix", "--files", "news/seed.txt", "news/clean.txt")
    assert done.returncode == 1, done.stdout + done.stderr  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in done.stdout
    fixed = (work / "news" / "seed.txt").read_bytes()
    assert fixed != before
    assert (work / "news" / "clean.txt").read_bytes() == CLEAN.read_bytes()
    again = _pre_commit(work, env, "run", "cleaner-fix", "--files", "news/seed.txt")
    assert "files were modified by this hook" not in again.stdout  # a second --fix changes nothing
    assert (work / "news" / "seed.txt").read_bytes() == fixed
