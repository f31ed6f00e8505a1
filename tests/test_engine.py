"""The engine: one parse, rules, noqa, NN001, internal errors, positions in characters."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fakes import with_fake_rules  # noqa: F401 - fixture

import nnlint
from nnlint import engine
from nnlint.config import Selection, Settings
from nnlint.engine import LintOptions, Linter

pytestmark = pytest.mark.usefixtures("with_fake_rules")
VERSION = "Python {}.{}".format(*sys.version_info[:2])


def lint(source: str, *select: str, path: str = "t.py", **options):  # type: ignore[no-untyped-def]
    settings = Settings(selections=(Selection(select=select or ("NN001", "NN699")),))
    return Linter(settings).lint_source(source, path, options=LintOptions(**options))


def found(source: str, *select: str) -> list[tuple[int, int, str]]:
    result = lint(source, *select)
    assert not result.errors, result.errors
    return [(d.line, d.col, d.code) for d in result.diagnostics]


def test_findings_sorted_by_line_and_column() -> None:
    assert found("print(2); print(1)\nprint(0)\n") == [(1, 1, "NN699"), (1, 11, "NN699"), (2, 1, "NN699")]


def test_columns_count_characters_on_non_ascii_lines() -> None:
    assert found("s = 'éé'; print(1)\n") == [(1, 11, "NN699")]
    assert found("s = '😀'; print(s)\n") == [(1, 10, "NN699")]
    d = lint("x = ('日本', print('語'))\n").diagnostics[0]
    assert (d.col, d.end_col) == (12, 22)


def test_nn001_at_the_error_with_the_reason() -> None:
    result = lint("x = 1\ndef f(:\n    pass\n")
    (d,) = result.diagnostics
    assert (d.code, d.line, d.col) == ("NN001", 2, 7)
    assert d.message == f"cannot parse with {VERSION}: invalid syntax"


def test_nn001_columns_in_characters() -> None:
    assert found("é = 1 $\n") == [(1, 7, "NN001")]


@pytest.mark.parametrize("source", ["x = (", "x = (\n", "def f():\n", "if x:\n    y = (1,\n", "'''", "x = 1\n\n\n)"])
def test_nn001_position_is_inside_the_file(source: str) -> None:
    (d,) = lint(source).diagnostics
    lines = source.split("\n")
    assert 1 <= d.line <= len(lines)
    assert 1 <= d.col <= len(lines[d.line - 1]) + 1


def test_nn001_can_be_deselected() -> None:
    assert lint("x = (\n", "NN699").diagnostics == []


def test_a_rule_bug_is_an_internal_error_and_other_rules_still_report() -> None:
    result = lint("print('crash')\n", "NN698", "NN699")
    assert [(d.line, d.code) for d in result.diagnostics] == [(1, "NN699")]
    (error,) = result.errors
    assert error.startswith("t.py: internal error in NN698 (fake-crash): ZeroDivisionError: the fake rule crashed [fakes.py:")


def test_recursion_limit_is_raised_for_rules_and_restored() -> None:
    before = sys.getrecursionlimit()
    source = "x = " + " + ".join(["1"] * 700) + "\n"  # parses; a naive visitor needs > 1000 frames
    assert found(source, "NN696", "NN699") == []
    assert sys.getrecursionlimit() == before


def test_a_rule_out_of_stack_gives_nn001_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "RULE_RECURSION_LIMIT", 300)  # below the real limit: no headroom
    before = sys.getrecursionlimit()
    source = "x = " + " + ".join(["1"] * 600) + "\n"
    result = lint(source, "NN696", "NN001")
    assert not result.errors
    (d,) = result.diagnostics
    assert d.code == "NN001" and "nesting too deep" in d.message and "cannot analyse" in d.message
    assert sys.getrecursionlimit() == before


@pytest.mark.parametrize("source", ["x = " + "-" * 100_000 + "1\n", "x = " + "1+" * 100_000 + "1\n", "f" + "()" * 50_000 + "\n"])
def test_parser_recursion_is_a_finding(source: str) -> None:
    (d,) = lint(source).diagnostics
    assert d.code == "NN001" and "nesting too deep" in d.message


def test_noqa_is_applied_unless_disabled() -> None:
    assert lint("print(1)  # noqa\n").diagnostics == []
    assert len(lint("print(1)  # noqa\n", apply_noqa=False).diagnostics) == 1


def test_per_file_ignores_use_the_path(tmp_path: Path) -> None:
    settings = Settings(per_file_ignores=(("scripts/*", ("NN699",)),), root=tmp_path)
    linter = Linter(settings)
    assert linter.lint_source("print(1)\n", "scripts/a.py", tmp_path / "scripts" / "a.py").diagnostics == []
    assert len(linter.lint_source("print(1)\n", "src/a.py", tmp_path / "src" / "a.py").diagnostics) == 1


def test_lint_path_reads_decodes_and_names_the_display(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes("# -*- coding: latin-1 -*-\ns = 'é'; print(s)\n".encode("latin-1"))
    result = Linter(Settings()).lint_path(path, display="shown.py")
    assert [(d.path, d.line, d.col) for d in result.diagnostics if d.code == "NN699"] == [("shown.py", 2, 10)]


def test_unreadable_path_is_nn001(tmp_path: Path) -> None:
    result = Linter(Settings()).lint_path(tmp_path / "missing.py")
    (d,) = result.diagnostics
    assert d.code == "NN001" and d.message.startswith("cannot read file:")


def test_public_api() -> None:
    diagnostics = nnlint.check_source("print(1)\n", "x.py")
    assert [(d.code, d.path, d.line, d.col) for d in diagnostics] == [("NN699", "x.py", 1, 1)]
    assert nnlint.__version__
