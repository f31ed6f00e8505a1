"""The flake8 plugin, run through the real flake8 in a subprocess, against ``nnlint check``.

Every ``.py`` file under rules/ is linted by both; the NN findings must agree line by line:
same path, line, column (flake8 adds 1 to the plugin's 0-based column), code and message.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RULE_FILES = sorted((REPO / "rules").glob("*/*.py"))
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _findings(output: str, prefix: str = "NN") -> list[tuple[str, int, int, str, str]]:
    found = []
    for line in output.splitlines():
        match = FINDING.match(line)
        if match and match["code"].startswith(prefix):
            found.append((Path(match["path"]).as_posix(), int(match["line"]), int(match["col"]), match["code"], match["message"]))
    return sorted(found)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ in a folder of its own, with an empty [tool.nnlint] so that both
    tools read the same (default) configuration whatever the checkout's pyproject says."""
    root = tmp_path_factory.mktemp("examples")
    for file in RULE_FILES:
        target = root / file.parent.name / file.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(file, target)
    (root / "pyproject.toml").write_text("[tool.nnlint]\n", encoding="utf-8")
    return root


def test_flake8_loads_the_plugin() -> None:
    result = _run("flake8", "--version", cwd=REPO)
    assert "nnlint: " in result.stdout, result.stdout + result.stderr


def test_default_selection_matches_nnlint_check(examples: Path) -> None:
    flake8 = _run("flake8", "--isolated", ".", cwd=examples)
    nnlint = _run("nnlint", "check", ".", cwd=examples)
    assert nnlint.returncode in (0, 1), nnlint.stderr
    expected = [f for f in _findings(nnlint.stdout) if f[3] != "NN001"]
    assert expected, "the rules/ examples should produce findings"
    assert _findings(flake8.stdout) == expected


def test_explicit_select_matches_nnlint_select_all(examples: Path) -> None:
    """``--select NN`` in flake8 turns on opt-in and preview rules too, as ``--select NN
    --preview`` does in nnlint."""
    flake8 = _run("flake8", "--isolated", "--select", "NN", ".", cwd=examples)
    nnlint = _run("nnlint", "check", "--select", "NN", "--preview", ".", cwd=examples)
    expected = [f for f in _findings(nnlint.stdout) if f[3] != "NN001"]
    assert _findings(flake8.stdout) == expected


def test_unparsable_file_is_flake8s_e999_on_the_same_line(examples: Path) -> None:
    nnlint = _findings(_run("nnlint", "check", ".", cwd=examples).stdout)
    unparsable = {(f[0], f[1]) for f in nnlint if f[3] == "NN001"}
    assert unparsable
    flake8 = _findings(_run("flake8", "--isolated", "--select", "E999,NN", ".", cwd=examples).stdout, prefix="E999")
    assert {(f[0], f[1]) for f in flake8} == unparsable


def _first_bad_file(examples: Path) -> tuple[Path, list[tuple[str, int, int, str, str]]]:
    for file in sorted(examples.glob("*/bad_*.py")):
        found = [f for f in _findings(_run("nnlint", "check", file.name, cwd=file.parent).stdout) if f[3] != "NN001"]
        if found:
            return file, found
    pytest.fail("no rules/ example with findings other than NN001")


def test_noqa_comments_agree(examples: Path, tmp_path: Path) -> None:
    """flake8 applies ``# noqa`` itself; the plugin applies ``# nnlint: noqa``. Both must
    leave the same findings as ``nnlint check``."""
    source_file, found = _first_bad_file(examples)
    lines = source_file.read_text(encoding="utf-8").splitlines()
    first = found[0]
    lines[first[1] - 1] += f"  # noqa: {first[3]}"
    target = tmp_path / "noqa_line.py"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.nnlint]\n", encoding="utf-8")
    nnlint = _findings(_run("nnlint", "check", target.name, cwd=tmp_path).stdout)
    flake8 = _findings(_run("flake8", "--isolated", target.name, cwd=tmp_path).stdout)
    assert (first[1], first[3]) not in {(f[1], f[3]) for f in flake8}
    assert flake8 == nnlint

    whole_file = tmp_path / "noqa_file.py"
    whole_file.write_text("# nnlint: noqa\n" + source_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert _findings(_run("flake8", "--isolated", whole_file.name, cwd=tmp_path).stdout) == []
    assert _findings(_run("nnlint", "check", whole_file.name, cwd=tmp_path).stdout) == []


def test_rule_options_come_from_tool_nnlint(tmp_path: Path) -> None:
    """flake8 never reads pyproject.toml; the plugin reads rule options from [tool.nnlint]."""
    for file in sorted((REPO / "rules").glob("NN203-*/bad_*.py")):
        shutil.copy(file, tmp_path / file.name)
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.nnlint]\n", encoding="utf-8")
    default = _findings(_run("flake8", "--isolated", ".", cwd=tmp_path).stdout)
    assert any(f[3] == "NN203" for f in default)
    config.write_text("[tool.nnlint]\ndeep-stack-depth = 100\n", encoding="utf-8")
    relaxed = _findings(_run("flake8", "--isolated", ".", cwd=tmp_path).stdout)
    assert not any(f[3] == "NN203" for f in relaxed)
    assert relaxed == [f for f in _findings(_run("nnlint", "check", ".", cwd=tmp_path).stdout) if f[3] != "NN001"]
