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


def test_nodes_of_several_types_is_the_filtered_walk_on_every_source() -> None:
    """Several types in ``ast.walk`` order, also when only one of them occurs (then the
    one type's list is shared) and for an abstract type."""
    questions = [
        (ast.FunctionDef, ast.AsyncFunctionDef),
        (ast.For, ast.AsyncFor),
        (ast.Call, ast.For, ast.AsyncFor),
        (ast.Assign, ast.AnnAssign, ast.NamedExpr),
        (ast.stmt,),
        (ast.expr, ast.Call),
    ]
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        program = Program(path=str(path), source="", tree=tree)
        for types in questions:
            assert program.nodes_of(*types) == [n for n in ast.walk(tree) if isinstance(n, types)], (path, types)
    program = Program.from_source("async def f():\n    async for x in y:\n        for z in x:\n            pass\n")
    loops = program.nodes_of(ast.For, ast.AsyncFor)
    assert [type(n).__name__ for n in loops] == ["AsyncFor", "For"]


MATCH_AND_TRY = """
import a
try:
    import b
except ImportError as error:
    class C(object):
        import c
else:
    from d import e
finally:
    def f():
        class G:
            pass
match x:
    case [1]:
        import h
    case _:
        class I:
            pass
while y:
    for z in w:
        with q:
            class J(C):
                from . import k
async def l():
    async for m in n:
        import o
"""


def test_statements_of_is_nodes_of_without_walking_expressions() -> None:
    """Imports and classes of a module read for one fact are found without the full walk,
    in the same order (the names table keeps the last binding of a name)."""
    kinds = [(ast.Import, ast.ImportFrom), (ast.ClassDef,), (ast.FunctionDef, ast.AsyncFunctionDef)]
    for path, source in [(str(p), p.read_text(encoding="utf-8")) for p in SOURCES] + [("match", MATCH_AND_TRY)]:
        for types in kinds:
            fresh = Program.from_source(source, path)
            expected = [node for node in ast.walk(fresh.tree) if isinstance(node, types)]
            assert fresh.statements_of(*types) == expected, (path, types)
            assert fresh._nodes is None  # no index was built
            fresh.nodes  # noqa: B018 - with the index built, the same answer
            assert fresh.statements_of(*types) == expected
    assert [c.name for c in Program.from_source(MATCH_AND_TRY).statements_of(ast.ClassDef)] == ["C", "G", "I", "J"]


def test_in_walk_order_puts_gathered_nodes_back_in_walk_order() -> None:
    for path in SOURCES[:20]:
        program = Program.from_source(path.read_text(encoding="utf-8"), str(path))
        for count in (5, 40):  # looked up, and picked out of the walk
            loops = program.nodes_of(ast.For)[:count]
            calls = program.nodes_of(ast.Call)[-count:]
            wanted = [n for n in ast.walk(program.tree) if any(n is m for m in loops + calls)]
            assert program.in_walk_order(calls + loops) == wanted
