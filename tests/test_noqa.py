"""Suppression comments: line-level ``# noqa`` (codes, names, prefixes) and file-level forms."""

from __future__ import annotations

import pytest
from fakes import with_fake_rules  # noqa: F401 - fixture

from nnlint import noqa
from nnlint.config import Selection, Settings
from nnlint.engine import Linter

pytestmark = pytest.mark.usefixtures("with_fake_rules")


def lines_reported(source: str) -> list[int]:
    settings = Settings(selections=(Selection(select=("NN699", "NN001")),))
    result = Linter(settings).lint_source(source, "t.py")
    assert not result.errors
    return [d.line for d in result.diagnostics]


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa",
        "# NOQA",
        "#noqa",
        "#  noqa",
        "# noqa:NN699",
        "# noqa: NN699",
        "# noqa:  NN699",
        "# noqa : NN699",  # flake8: a blanket noqa
        "# noqa NN101",  # flake8 and ruff: a blanket noqa
        "# noqa:",
        "# noqa: NN101, NN699",
        "# noqa: NN101,NN699",
        "# noqa: NN101 NN699",
        "# noqa: nn699",
        "# noqa: fake-print-call",
        "# noqa: NN6",
        "# noqa: NN69",
        "# noqa: NN",
        "# type: ignore  # noqa: NN699  # the reason",
        "# noqa: E501, NN699",
    ],
)
def test_line_suppressions(comment: str) -> None:
    assert lines_reported(f"print(1)  {comment}\nprint(2)\n") == [2]


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: NN101",
        "# noqa: E501",
        "# noqa: NN6991",
        "# noqa: missing-zero-grad",
        "# no qa",
        "# noqa-like text",
        "# expect: NN699",
        "# not a noqa: NN699",
    ],
)
def test_comments_that_do_not_suppress(comment: str) -> None:
    assert 1 in lines_reported(f"print(1)  {comment}\n")


def test_noqa_inside_a_string_does_not_count() -> None:
    assert lines_reported('print("# noqa")\n') == [1]


def test_noqa_after_a_multiline_string_covers_the_string() -> None:
    source = 'print("""a\nb\n""")  # noqa: NN699\nprint(2)\n'
    assert lines_reported(source) == [4]


def test_noqa_on_another_line_does_not_count() -> None:
    assert lines_reported("# noqa\nprint(1)\n") == [2]


def test_crlf_and_cr_line_endings() -> None:
    assert lines_reported("print(1)  # noqa\r\nprint(2)\r\n") == [2]
    assert lines_reported("print(1)  # noqa\rprint(2)\r") == [2]


@pytest.mark.parametrize("comment", ["# nnlint: noqa", "# NNLINT: NOQA", "# flake8: noqa", "# ruff: noqa", "#nnlint:noqa", "# nnlint = noqa"])
def test_file_level_blanket(comment: str) -> None:
    assert lines_reported(f"print(1)\n{comment}\nprint(2)\n") == []


def test_file_level_with_codes_silences_only_those() -> None:
    assert lines_reported("# nnlint: noqa: NN699\nprint(1)\n") == []
    assert lines_reported("# nnlint: noqa: fake-print-call\nprint(1)\n") == []
    assert lines_reported("# nnlint: noqa: NN101\nprint(1)\n") == [2]


def test_file_level_must_be_on_its_own_line() -> None:
    assert lines_reported("x = 1  # nnlint: noqa\nprint(1)\n") == [2]


def test_expect_annotations_are_not_suppressions() -> None:
    assert lines_reported("print(1)  # expect: NN699\n") == [1]
    assert lines_reported("print(1)  # noqa  # expect: NN699\n") == []


def test_noqa_suppresses_nn001_on_its_line_and_file_level() -> None:
    assert lines_reported("x = (  # noqa\n") == []
    assert lines_reported("# nnlint: noqa\nx = (\n") == []
    assert lines_reported("x = (\n") == [1]


def test_file_level_in_an_unparsable_file_needs_its_own_line() -> None:
    assert lines_reported("y = 1  # nnlint: noqa\nx = (\n") == [2]


@pytest.mark.parametrize(
    "source",
    [
        "print(1)  # noqa: \x00\n",
        "s = '''  # noqa\n",
        "print(1)  # noqa: " + "NN," * 5000 + "\n",
        "\tprint(1)  # noqa\n  print(2)\n",
        "print(1)  # noqa: NN699\\\n",
        "f'{x  # noqa\n",
        "# noqa" * 10000,
    ],
)
def test_never_raises_on_odd_comments(source: str) -> None:
    noqa.parse(source)
    Linter(Settings()).lint_source(source, "t.py")


def test_parse_records_lines_and_codes() -> None:
    found = noqa.parse("a  # noqa\nb  # noqa: NN101, fake-print-call\n# nnlint: noqa: NN2\n")
    assert found.lines == {1: None, 2: ("NN101", "fake-print-call")}
    assert found.file_selectors == ("NN2",) and not found.file_blanket
