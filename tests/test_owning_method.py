"""modules.owning_method: the method whose own code holds a node, the inverse of walking each
method of each class with ``walk_function`` (which rules used to do to find a few calls)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from nnlint.analysis.classes import classes
from nnlint.analysis.modules import owning_method, walk_function
from nnlint.analysis.program import Program

ROOT = Path(__file__).resolve().parents[1]

TRICKY = '''
class A:
    @decorate(call_in_decorator())
    def method(self, x=default()):
        inner = lambda: in_lambda()
        def nested():
            in_nested()
        return in_method()

    if flag:
        def conditional(self):
            in_conditional()

    in_class_body()

class A:  # a second class of the same name: classes() keeps the first
    def method(self):
        in_second()

def function():
    in_function()
'''


def _same_as_walking(source: str, label: str) -> int:
    program = Program.from_source(source)
    expected: dict[int, tuple[object, object]] = {}
    for info in classes(program).values():
        for method in info.methods.values():
            for node in walk_function(method):
                expected[id(node)] = (info, method)
    for node in ast.walk(program.tree):
        if isinstance(node, (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)):
            continue  # Load(), Add() ...: one object shared by the whole tree, no one owner
        found = owning_method(program, node)
        wanted = expected.get(id(node))
        assert (found is None) == (wanted is None), (label, ast.dump(node)[:80])
        if found is not None:
            assert found[0] is wanted[0] and found[1] is wanted[1], label  # type: ignore[index]
    return len(expected)


def test_owning_method_on_a_tricky_module() -> None:
    program = Program.from_source(textwrap.dedent(TRICKY))
    owners = {}
    for node in ast.walk(program.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            owner = owning_method(program, node)
            owners[node.func.id] = owner[1].name if owner else None
    assert owners == {
        "decorate": "method",
        "call_in_decorator": "method",
        "default": "method",
        "in_lambda": None,
        "in_nested": None,
        "in_method": "method",
        "in_conditional": None,
        "in_class_body": None,
        "in_second": None,
        "in_function": None,
    }
    _same_as_walking(textwrap.dedent(TRICKY), "tricky")


def test_owning_method_is_walking_every_method_on_every_example() -> None:
    reached = 0
    for path in sorted((ROOT / "rules").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        try:
            ast.parse(source)
        except SyntaxError:
            continue
        reached += _same_as_walking(source, str(path))
    assert reached > 10_000
