"""Property-based tests: on any input the engine never raises, every finding lies inside
the file, and NN001 appears exactly when ``ast.parse`` rejects the file.

Inputs: random programs from hypothesmith (valid by Python's grammar) and mutations of the
rules/ example programs (lines deleted, duplicated, swapped, text truncated). The default run
is bounded to stay fast; maintainers run a long one with NNLINT_HYPOTHESIS_EXAMPLES=2000
(see docs/reliability.md).
"""

from __future__ import annotations

import ast
import os
import re
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnlint.config import Selection, Settings
from nnlint.engine import LintOptions, Linter

EXAMPLES = int(os.environ.get("NNLINT_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
SOURCES = [p.read_text(encoding="utf-8") for p in sorted(RULES_DIR.glob("*/*.py"))]
LINTER = Linter(Settings(selections=(Selection(select=("ALL",)),), preview=True))
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parses(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def assert_well_behaved(source: str) -> None:
    result = LINTER.lint_source(source, "generated.py", options=LintOptions(explicit=True))
    assert not result.errors, result.errors
    nn001 = [d for d in result.diagnostics if d.code == "NN001"]
    assert bool(nn001) != parses(source), [d.message for d in nn001]
    lines = _LINE_BREAK.split(source)
    for d in result.diagnostics:
        assert 1 <= d.line <= len(lines), d
        assert 1 <= d.col <= len(lines[d.line - 1]) + 1, d
        assert d.end_line >= d.line, d


@SETTINGS
@given(hypothesmith.from_grammar())
def test_random_programs_from_the_grammar(source: str) -> None:
    assert_well_behaved(source)


@SETTINGS
@given(hypothesmith.from_node())
def test_random_programs_from_syntax_trees(source: str) -> None:
    assert_well_behaved(source)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    source = draw(st.sampled_from(SOURCES))
    lines = source.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "dedent", "join"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate":
            text = "".join(lines)
            cut = draw(st.integers(0, len(text)))
            lines = text[:cut].splitlines(keepends=True)
        elif kind == "dedent":
            lines[i] = lines[i].lstrip(" ")
        else:
            lines[i] = lines[i].rstrip("\n")
    return "".join(lines)


@pytest.mark.skipif(not SOURCES, reason="no rules/ examples")
@settings(SETTINGS, max_examples=EXAMPLES * 3)
@given(mutated_example())
def test_mutated_examples(source: str) -> None:
    assert_well_behaved(source)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text(source: str) -> None:
    assert_well_behaved(source)
