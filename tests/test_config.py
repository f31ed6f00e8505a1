"""Configuration: discovery, precedence over the command line, and every error (exit 2, one line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import with_fake_rules  # noqa: F401 - fixture

from nnlint.cli import main
from nnlint.config import DEFAULT_EXCLUDES, ConfigError, Settings, discover_settings, find_config, load_settings
from nnlint.engine import Linter
from nnlint.selectors import resolve

pytestmark = pytest.mark.usefixtures("with_fake_rules")

PRINTS = "print('a')\nprint('b')\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input)


def one_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


# -- discovery ---------------------------------------------------------------------------


def test_nearest_pyproject_with_table_above_the_first_path(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nignore = ["NN699"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.nnlint]: skipped
    target = write(tmp_path / "pkg" / "sub" / "train.py", PRINTS)
    assert find_config(target) == tmp_path / "pyproject.toml"
    settings = discover_settings([str(target)])
    assert settings.config_path == tmp_path / "pyproject.toml"
    assert "NN699" not in resolve(settings)


def test_the_nearest_table_wins_and_files_are_not_merged(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nignore = ["NN699"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", "[tool.nnlint]\n")
    settings = discover_settings([str(tmp_path / "pkg")])
    assert settings.config_path == tmp_path / "pkg" / "pyproject.toml"
    assert "NN699" in resolve(settings)


def test_no_path_means_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nignore = ["NN699"]\n')
    monkeypatch.chdir(tmp_path)
    assert discover_settings([]).config_path == tmp_path / "pyproject.toml"
    assert discover_settings(["-"]).config_path == tmp_path / "pyproject.toml"
    assert discover_settings(["does/not/exist.py"]).config_path == tmp_path / "pyproject.toml"


def test_no_configuration_gives_defaults(tmp_path: Path) -> None:
    settings = discover_settings([str(tmp_path)])
    assert settings.config_path is None
    assert settings.exclude == DEFAULT_EXCLUDES
    assert settings.respect_gitignore and not settings.force_exclude and not settings.preview


def test_isolated_ignores_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nignore = ["NN699"]\nbogus = 1\n')
    write(tmp_path / "a.py", PRINTS)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "a.py").exit_code == 2
    result = cli("check", "--isolated", "a.py")
    assert result.exit_code == 1 and result.stdout.count("NN699") == 2


def test_config_option_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nignore = ["NN699"]\n')
    other = write(tmp_path / "other" / "custom.toml", "[tool.nnlint]\n")
    write(tmp_path / "a.py", PRINTS)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "a.py").exit_code == 0
    assert cli("check", "--config", str(other), "a.py").exit_code == 1


def test_stdin_filename_decides_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "proj" / "pyproject.toml", '[tool.nnlint]\nignore = ["NN699"]\n')
    monkeypatch.chdir(tmp_path)
    assert cli("check", "-", input=PRINTS).exit_code == 1
    assert cli("check", "-", "--stdin-filename", "proj/train.py", input=PRINTS).exit_code == 0


# -- every key -----------------------------------------------------------------------------


def test_every_key_is_read(tmp_path: Path) -> None:
    config = write(
        tmp_path / "pyproject.toml",
        """
[tool.nnlint]
select = ["NN1", "fake-print-call"]
extend-select = ["NN698"]
ignore = ["NN101"]
exclude = ["generated"]
extend-exclude = ["legacy/**"]
respect-gitignore = false
force-exclude = true
preview = true
fake-limit = 7
fake-names = ["a", "b"]
fake-mode = "slow"

[tool.nnlint.per-file-ignores]
"tests/*" = ["NN699"]
""",
    )
    settings = load_settings(config)
    assert settings.exclude == ("generated",)
    assert settings.extend_exclude == ("legacy/**",)
    assert not settings.respect_gitignore and settings.force_exclude and settings.preview
    assert settings.per_file_ignores == (("tests/*", ("NN699",)),)
    assert settings.options == {"fake-limit": 7, "fake-names": ["a", "b"], "fake-mode": "slow"}
    assert settings.root == tmp_path.resolve()
    enabled = resolve(settings)
    assert {"NN699", "NN698"} <= enabled and "NN101" not in enabled and "NN001" not in enabled
    linter = Linter(settings)
    rule = linter.rule("NN699")
    assert rule.option_values == {"fake-limit": 7, "fake-names": ["a", "b"], "fake-mode": "slow"}
    assert "NN699" not in {r.code for r in linter.rules_for(tmp_path / "tests" / "x.py")}
    assert "NN699" in {r.code for r in linter.rules_for(tmp_path / "src" / "tests.py")}


def test_option_defaults_reach_the_rule() -> None:
    rule = Linter(Settings()).rule("NN699")
    assert rule.option_values == {"fake-limit": 3, "fake-names": [], "fake-mode": "fast"}


# -- precedence ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file_keys, args, reported",
    [
        ('ignore = ["NN699"]', [], False),
        ('ignore = ["NN699"]', ["--extend-select", "NN699"], True),
        ('ignore = ["NN699"]', ["--select", "NN6"], True),
        ('select = ["NN699"]', ["--ignore", "fake-print-call"], False),
        ('select = ["NN699"]', ["--select", "NN001"], False),
        ('select = ["NN001"]', [], False),
        ('select = ["NN001"]', ["--extend-select", "NN69"], True),
        ("", ["--ignore", "ALL", "--extend-select", "NN699"], True),
    ],
)
def test_command_line_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_keys: str, args: list[str], reported: bool
) -> None:
    write(tmp_path / "pyproject.toml", f"[tool.nnlint]\n{file_keys}\n")
    write(tmp_path / "a.py", PRINTS)
    monkeypatch.chdir(tmp_path)
    result = cli("check", *args, "a.py")
    assert result.exit_code == (1 if reported else 0), result.stderr
    assert ("NN699" in result.stdout) == reported


def test_command_line_exclude_options_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", "[tool.nnlint]\nforce-exclude = false\n")
    write(tmp_path / "legacy" / "a.py", PRINTS)
    monkeypatch.chdir(tmp_path)
    assert cli("check", ".").exit_code == 1
    assert cli("check", "--extend-exclude", "legacy", ".").exit_code == 0
    assert cli("check", "--extend-exclude", "legacy", "legacy/a.py").exit_code == 1
    assert cli("check", "--extend-exclude", "legacy", "--force-exclude", "legacy/a.py").exit_code == 0


# -- every error: exit 2, one line naming the file, the key and the nearest spelling -------


@pytest.mark.parametrize(
    "body, expected",
    [
        ('selec = ["NN1"]', ["unknown key 'selec'", "did you mean 'select'"]),
        ("respect_gitignore = true", ["unknown key 'respect_gitignore'", "did you mean 'respect-gitignore'"]),
        ("fake-limt = 2", ["unknown key 'fake-limt'", "did you mean 'fake-limit'"]),
        ('select = ["NN9999"]', ["select", "unknown rule or prefix 'NN9999'"]),
        ('ignore = ["fake-print-cal"]', ["ignore", "'fake-print-cal'", "did you mean 'fake-print-call'"]),
        ('extend-select = ["XYZ"]', ["extend-select", "unknown rule or prefix 'XYZ'"]),
        ('[tool.nnlint.per-file-ignores]\n"a.py" = ["NN777"]', ["per-file-ignores 'a.py'", "'NN777'"]),
        ('select = "NN1"', ["select", "expected a list of strings", "got str"]),
        ("ignore = [1, 2]", ["ignore", "expected a list of strings"]),
        ("respect-gitignore = 1", ["respect-gitignore", "expected true or false"]),
        ('force-exclude = "yes"', ["force-exclude", "expected true or false"]),
        ("preview = []", ["preview", "expected true or false"]),
        ('exclude = "build"', ["exclude", "expected a list of strings"]),
        ("extend-exclude = [true]", ["extend-exclude", "expected a list of strings"]),
        ('per-file-ignores = ["a"]', ["per-file-ignores", "expected a table"]),
        ('[tool.nnlint.per-file-ignores]\n"a.py" = "NN1"', ["per-file-ignores", "expected a table"]),
        ('fake-limit = "3"', ["fake-limit", "expected int", "got str"]),
        ("fake-limit = true", ["fake-limit", "expected int", "got bool"]),
        ("fake-names = 3", ["fake-names", "expected list"]),
        ('fake-mode = "slwo"', ["fake-mode", "unknown value 'slwo'", "did you mean 'slow'"]),
    ],
)
def test_configuration_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, expected: list[str]) -> None:
    config = write(tmp_path / "pyproject.toml", f"[tool.nnlint]\n{body}\n")
    write(tmp_path / "a.py", "x = 1\n")
    monkeypatch.chdir(tmp_path)
    line = one_error(cli("check", "a.py"))
    assert line.startswith("nnlint: error: ")
    assert str(config) in line
    for text in expected:
        assert text in line, line
    with pytest.raises(ConfigError):
        load_settings(config)


def test_broken_toml_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.nnlint]\nselect = ["NN1"\nignore = []\n')
    monkeypatch.chdir(tmp_path)
    line = one_error(cli("check", "."))
    assert str(config) in line and "invalid TOML" in line and "line 6" in line


def test_broken_toml_without_our_table_on_the_way_up_is_still_an_error(tmp_path: Path) -> None:
    # We cannot know whether a broken file holds [tool.nnlint], so we do not guess.
    write(tmp_path / "pyproject.toml", "[project\n")
    write(tmp_path / "a.py", "x = 1\n")
    line = one_error(cli("check", str(tmp_path / "a.py")))
    assert "line 1" in line


def test_misspelt_table_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nnlnt]\nselect = ["NN1"]\n')
    monkeypatch.chdir(tmp_path)
    line = one_error(cli("check", "."))
    assert "[tool.nnlnt]" in line and "did you mean [tool.nnlint]" in line


def test_table_that_is_not_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", "[tool]\nnnlint = 3\n")
    monkeypatch.chdir(tmp_path)
    assert "must be a table" in one_error(cli("check", "."))


def test_missing_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = one_error(cli("check", "--config", "nope/pyproject.toml", "."))
    assert "nope/pyproject.toml" in line and "not found" in line


def test_unreadable_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--config", str(tmp_path), ".").exit_code == 2  # a folder, refused by click


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--config", "pyproject.toml", "--isolated", "."], "--config and --isolated conflict"),
        (["-", "a.py"], "cannot be combined with other paths"),
        (["--stdin-filename", "x.py", "a.py"], "--stdin-filename names standard input"),
        (["--select", "NN9999", "."], "--select: unknown rule or prefix 'NN9999'"),
        (["--ignore", "missing-zero-gard", "."], "did you mean 'missing-zero-grad'"),
        (["--extend-select", "nope", "."], "--extend-select: unknown rule or prefix 'nope'"),
    ],
)
def test_command_line_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str) -> None:
    write(tmp_path / "pyproject.toml", "[tool.nnlint]\n")
    write(tmp_path / "a.py", "x = 1\n")
    monkeypatch.chdir(tmp_path)
    assert expected in one_error(cli("check", *args, input=""))


def test_unknown_command_line_option_is_a_usage_error() -> None:
    result = cli("check", "--selectt", "NN1")
    assert result.exit_code == 2 and "No such option" in result.stderr and "Traceback" not in result.stderr
