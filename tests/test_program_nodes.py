"""Program.nodes / nodes_of: the one walk per file that the analysis shares."""

from __future__ import annotations

import ast
from pathlib import Path

from nnlint.analysis.program import Program, walk_nodes

SOURCES = sorted((Path(__file__).resolve().parent.parent / "src" / "nnlint").rglob("*.py"))


def test_walk_nodes_is_ast_walk_in_the_same_order() -> None:
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert walk_nodes(tree) == list(ast.walk(tree)), path


def test_nodes_and_nodes_of_are_memoised() -> None:
    program = Program.from_source("import torch\nfor x in y:\n    f(x).g(1)\n")
    assert program.nodes is program.nodes
    calls = program.nodes_of(ast.Call)
    assert calls is program.nodes_of(ast.Call)
    assert [ast.unparse(c) for c in calls] == ["f(x).g(1)", "f(x)"]
    both = program.nodes_of(ast.For, ast.Import)
    assert [type(n).__name__ for n in both] == ["Import", "For"]
