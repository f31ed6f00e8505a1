"""The pre-commit hook, run by the real ``pre-commit try-repo`` against this checkout.

try-repo clones a repository and pip-installs it into a hook environment, exactly as a
user's ``repo:`` entry would. It is pointed at a plain clone of this checkout's committed
HEAD (try-repo would otherwise also copy uncommitted edits to tracked files, which makes
the result depend on work in progress). The hook environments live in a temporary
PRE_COMMIT_HOME shared by the tests of this module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "rules" / "NN001-unparsable-file" / "bad_missing_colon.py"
GOOD = REPO / "rules" / "NN001-unparsable-file" / "good_match_statement.py"
FIXABLE = REPO / "rules" / "NN603-tensor-move-discarded" / "bad_cifar_loop.py"

pytestmark = pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs a git checkout of nnlint")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's HEAD, as pre-commit would fetch it from the remote."""
    target = tmp_path_factory.mktemp("hook-repo") / "nnlint"
    subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True, capture_output=True)
    return target


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def _project(tmp_path: Path, files: dict[str, Path]) -> Path:
    """A fresh git repository with ``files`` (name -> source to copy) staged."""
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    for name, source in files.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        _git("add", name, cwd=project)
    return project


def _try_repo(project: Path, home: Path, repo: Path, hook: str = "nnlint") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_staged_file_with_a_mistake_fails_the_hook(tmp_path: Path, pre_commit_home: Path, hook_repo: Path) -> None:
    project = _project(tmp_path, {"train.py": BAD})
    result = _try_repo(project, pre_commit_home, hook_repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "nnlint" in output and "Failed" in output, output
    assert "train.py:9:25: NN001 cannot parse with Python" in output, output


def test_clean_staged_file_passes(tmp_path: Path, pre_commit_home: Path, hook_repo: Path) -> None:
    project = _project(tmp_path, {"train.py": GOOD})
    result = _try_repo(project, pre_commit_home, hook_repo)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output, output


def test_force_exclude_holds_for_names_pre_commit_passes(tmp_path: Path, pre_commit_home: Path, hook_repo: Path) -> None:
    """pre-commit names every staged file; an excluded folder must stay unlinted."""
    project = _project(tmp_path, {"vendor/train.py": BAD, "train.py": GOOD})
    (project / "pyproject.toml").write_text('[tool.nnlint]\nextend-exclude = ["vendor"]\n', encoding="utf-8")
    _git("add", "pyproject.toml", cwd=project)
    result = _try_repo(project, pre_commit_home, hook_repo)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "NN001" not in output, output


def test_fix_hook_rewrites_the_file_and_fails_the_commit(tmp_path: Path, pre_commit_home: Path, hook_repo: Path) -> None:
    """pre-commit fails a hook that modifies files, so the user reviews the fixes."""
    project = _project(tmp_path, {"train.py": FIXABLE})
    result = _try_repo(project, pre_commit_home, hook_repo, hook="nnlint-fix")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "files were modified by this hook" in output, output
    expected = FIXABLE.with_name(FIXABLE.stem + ".fixed.py").read_text(encoding="utf-8")
    assert (project / "train.py").read_text(encoding="utf-8") == expected


def test_documented_config_runs(tmp_path: Path, pre_commit_home: Path, hook_repo: Path) -> None:
    """docs/integrations.md's .pre-commit-config.yaml, pointed at this checkout's HEAD."""
    from test_docs_snippets import snippet

    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True, text=True)
    config = snippet("pre-commit-config")
    assert "https://github.com/nnlint/nnlint" in config and "rev: v0.1.0" in config
    config = config.replace("https://github.com/nnlint/nnlint", str(hook_repo)).replace(
        "rev: v0.1.0", f"rev: {head.stdout.strip()}"
    )
    project = _project(tmp_path, {"train.py": BAD})
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "train.py:9:25: NN001" in output, output


def test_staged_notebook_is_linted(tmp_path: Path, pre_commit_home: Path, hook_repo: Path) -> None:
    """``types_or: [python, jupyter]``: pre-commit hands notebooks to the hook too."""
    notebook = REPO / "rules" / "NN603-tensor-move-discarded" / "bad_notebook_colab.ipynb"
    project = _project(tmp_path, {"explore.ipynb": notebook})
    result = _try_repo(project, pre_commit_home, hook_repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "explore.ipynb:cell 7:6:9: NN603 " in output, output
