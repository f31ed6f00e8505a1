"""The command line: output, ordering, stdout vs stderr, exit codes, rule docs, stdin.

Most tests use click's CliRunner; the last ones run the installed ``nnlint`` script and
``python -m nnlint`` as real processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import with_fake_rules  # noqa: F401 - fixture

from nnlint import __version__
from nnlint.cli import main
from nnlint.registry import load_registry

PRINTS = "print('a')\n\nx = 1; print('b')\n"


def cli(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.nnlint]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.usefixtures("with_fake_rules")
class TestCheck:
    def test_clean_exit_0_and_summary_on_stderr(self, project: Path) -> None:
        write(project / "a.py", "x = 1\n")
        result = cli("check", "a.py", "--no-cache")
        assert result.exit_code == 0
        assert result.stdout == ""
        assert result.stderr == "No problems found in 1 file.\n"

    def test_findings_exit_1_flake8_format_sorted(self, project: Path) -> None:
        write(project / "b.py", PRINTS)
        write(project / "a" / "z.py", "print(1); print(2)\n")
        result = cli("check", "--no-cache")
        assert result.exit_code == 1
        assert result.stdout.splitlines() == [
            "a/z.py:1:1: NN699 print call print(1)",
            "a/z.py:1:11: NN699 print call print(2)",
            "b.py:1:1: NN699 print call print('a')",
            "b.py:3:8: NN699 print call print('b')",
        ]
        assert result.stderr == "Found 4 problems in 2 files.\n"

    def test_singular_summary(self, project: Path) -> None:
        write(project / "a.py", "print(1)\n")
        assert cli("check", "a.py", "--no-cache").stderr == "Found 1 problem in 1 file.\n"

    def test_exit_zero(self, project: Path) -> None:
        write(project / "a.py", PRINTS)
        result = cli("check", "--exit-zero", "a.py", "--no-cache")
        assert result.exit_code == 0 and result.stdout.count("NN699") == 2

    def test_no_path_means_current_folder(self, project: Path) -> None:
        write(project / "sub" / "a.py", PRINTS)
        assert cli("check", "--no-cache").stdout.startswith("sub/a.py:1:1: NN699")

    def test_internal_error_names_file_and_rule_keeps_other_findings_exit_2(self, project: Path) -> None:
        write(project / "a.py", "print('crash')\n")
        write(project / "b.py", "print('fine')\n")
        result = cli("check", "--extend-select", "NN698", "--no-cache", "--exit-zero")
        assert result.exit_code == 2
        assert result.stdout.splitlines() == ["a.py:1:1: NN699 print call print('crash')", "b.py:1:1: NN699 print call print('fine')"]
        errors = [line for line in result.stderr.splitlines() if "internal error" in line]
        assert len(errors) == 1
        assert errors[0].startswith("nnlint: a.py: internal error in NN698 (fake-crash): ZeroDivisionError: the fake rule crashed")
        assert "Traceback" not in result.stderr

    def test_missing_path_exit_2_others_still_linted(self, project: Path) -> None:
        write(project / "a.py", "print(1)\n")
        result = cli("check", "a.py", "nope.py", "--no-cache")
        assert result.exit_code == 2
        assert result.stdout == "a.py:1:1: NN699 print call print(1)\n"
        assert "nnlint: error: nope.py: no such file or directory" in result.stderr

    def test_unparsable_file_is_a_finding_not_an_error(self, project: Path) -> None:
        write(project / "a.py", "def f(:\n")
        result = cli("check", "a.py", "--no-cache")
        assert result.exit_code == 1
        assert result.stdout.startswith("a.py:1:7: NN001 cannot parse with Python")

    def test_select_ignore_on_the_command_line(self, project: Path) -> None:
        write(project / "a.py", "print(1)\n")
        write(project / "b.py", "x = (\n")
        assert "NN699" not in cli("check", "--ignore", "NN699", "--no-cache", "a.py", "b.py").stdout
        # Named explicitly: a walked file that mentions no word any selected rule needs is not
        # parsed at all (nnlint.prefilter), so NN001 alone reports nothing on a walk.
        only = cli("check", "--select", "NN001", "--no-cache", "a.py", "b.py").stdout.splitlines()
        assert [line[:12] for line in only] == ["b.py:1:5: NN"]
        both = cli("check", "--select", "NN001,fake-print-call", "--no-cache", "a.py", "b.py").stdout
        assert "a.py:1:1: NN699" in both and "b.py:1:5: NN001" in both
        repeated = cli("check", "--select", "NN001", "--select", "NN69", "--no-cache", "a.py", "b.py").stdout
        assert repeated == both

    def test_stdin(self, project: Path) -> None:
        result = cli("check", "-", input=PRINTS)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == "-:1:1: NN699 print call print('a')"
        named = cli("check", "-", "--stdin-filename", "src/train.py", input=PRINTS)
        assert named.stdout.splitlines()[0] == "src/train.py:1:1: NN699 print call print('a')"
        assert cli("check", "--stdin-filename", "src/train.py", input=PRINTS).stdout == named.stdout

    def test_stdin_bytes_are_decoded_like_files(self, project: Path) -> None:
        result = cli("check", "-", input=b"\xef\xbb\xbfprint(1)\n")
        assert result.stdout == "-:1:1: NN699 print call print(1)\n"
        bad = cli("check", "-", input=b"x = '\xff'\n")
        assert bad.stdout.startswith("-:1:6: NN001 cannot decode as utf-8")

    def test_stdin_with_per_file_ignores_and_force_exclude(self, project: Path) -> None:
        write(project / "pyproject.toml", '[tool.nnlint]\nextend-exclude = ["gen"]\n[tool.nnlint.per-file-ignores]\n"tests/*" = ["NN699"]\n')
        assert cli("check", "--stdin-filename", "tests/t.py", input=PRINTS).exit_code == 0
        assert cli("check", "--stdin-filename", "gen/t.py", input=PRINTS).exit_code == 1
        excluded = cli("check", "--force-exclude", "--stdin-filename", "gen/t.py", input=PRINTS)
        assert excluded.exit_code == 0 and excluded.stdout == ""


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout == f"nnlint {__version__}\n"


@pytest.mark.parametrize("key", ["NN001", "nn001", "unparsable-file"])
def test_rule_by_code_or_name(key: str) -> None:
    result = cli("rule", key)
    assert result.exit_code == 0
    assert result.stdout.startswith("# unparsable-file (NN001)")
    assert "## What it does" in result.stdout and "Use instead:" in result.stdout


def test_unknown_rule_suggests_the_nearest() -> None:
    result = cli("rule", "unparsable-fil")
    assert result.exit_code == 2
    assert result.stderr.strip() == "nnlint: error: unknown rule 'unparsable-fil' (did you mean 'unparsable-file'?); `nnlint rules` lists them"


def test_rules_table_lists_every_rule() -> None:
    result = cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "family", "default", "fix"]
    for rule in load_registry().rules:
        assert any(line.split()[:3] == [rule.code, rule.name, rule.family()] for line in lines), rule.code


def test_rules_table_marks_opt_in_and_preview(with_fake_rules: None) -> None:
    lines = {line.split()[0]: line.split() for line in cli("rules").stdout.splitlines()[1:]}
    assert lines["NN699"][3] == "yes" and lines["NN698"][3] == "opt-in" and lines["NN697"][3] == "preview"


# -- real processes ------------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("nnlint")


def run(args: list[str], cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NNLINT_")}
    return subprocess.run(args, cwd=cwd, input=input, capture_output=True, timeout=120, env=env)


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed beside this Python")
def test_console_script_and_python_m_agree(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.nnlint]\n", encoding="utf-8")
    (tmp_path / "bad.py").write_text("for x in y\n    pass\n", encoding="utf-8")
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    results = [
        run([str(SCRIPT), "check", "--no-cache", "bad.py", "ok.py"], tmp_path),
        run([sys.executable, "-m", "nnlint", "check", "--no-cache", "bad.py", "ok.py"], tmp_path),
    ]
    for result in results:
        assert result.returncode == 1, result.stderr
        assert result.stdout.decode() == "bad.py:1:11: NN001 cannot parse with Python {}.{}: expected ':'\n".format(*sys.version_info[:2])
        assert result.stderr.decode() == "Found 1 problem in 1 file.\n"
    walked = run([str(SCRIPT), "check", "--no-cache", "."], tmp_path)
    assert walked.returncode in (0, 1) and b"Traceback" not in walked.stderr
    clean = run([sys.executable, "-m", "nnlint", "check", "--no-cache", "ok.py"], tmp_path)
    assert clean.returncode == 0 and clean.stdout == b""
    zero = run([str(SCRIPT), "check", "--no-cache", "--exit-zero", "bad.py"], tmp_path)
    assert zero.returncode == 0 and zero.stdout.startswith(b"bad.py:1:11: NN001")
    usage = run([str(SCRIPT), "check", "--no-such-option"], tmp_path)
    assert usage.returncode == 2 and b"Traceback" not in usage.stderr
    stdin = run([sys.executable, "-m", "nnlint", "check", "-", "--stdin-filename", "é dir/t.py"], tmp_path, b"x = (\n")
    assert stdin.returncode == 1 and stdin.stdout.decode().startswith("é dir/t.py:1:5: NN001")
    version = run([str(SCRIPT), "--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.decode().strip() == f"nnlint {__version__}"


def test_closed_stdout_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    for n in range(400):
        # Mentions words the rules look for, so a walk parses it (nnlint.prefilter).
        (tmp_path / f"bad_{n:03}_{'x' * 150}.py").write_text("loss.backward()\noptimizer.step(\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "nnlint", "check", "--no-cache", "--isolated", "-j", "1", "."],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert b" NN001 " in process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) in (0, 1)
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr


def test_unencodable_output_is_escaped_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "données.py").write_text("x = (\n", encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("NNLINT_")}, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "nnlint", "check", "--no-cache", "--isolated", "données.py"],
        cwd=tmp_path, capture_output=True, timeout=120, env=env,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(b"donn\\xe9es.py:1:5: NN001")
