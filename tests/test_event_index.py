"""The event builder's index of functions, scopes and call sites, read from the node index.

The reference here is the recursive walk the index once was: it states what each field means
(a function's scopes, a method's class, a nested function's owner, a call's scopes), and the
index must give the same answers on every example program and on nnlint's own source.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from nnlint.analysis.events import function_index
from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program

ROOT = Path(__file__).resolve().parents[1]


class _Reference:
    def __init__(self, tree: ast.Module) -> None:
        self.module_functions: dict[str, ast.AST] = {}
        self.nested: dict[int, dict[str, ast.AST]] = {}
        self.method_class: dict[int, str] = {}
        self.scopes_of: dict[int, tuple[ast.AST, ...]] = {}
        self.calls: list[tuple[ast.Call, tuple[ast.AST, ...]]] = []
        self.referenced: set[str] = set()
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.module_functions[stmt.name] = stmt
        self.index(tree, (), None)

    def index(self, node: ast.AST, scopes: tuple[ast.AST, ...], cls: ast.ClassDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if scopes and not isinstance(node, ast.ClassDef):
                    self.nested.setdefault(id(scopes[-1]), {})[child.name] = child
                elif not scopes and cls is None:
                    self.module_functions.setdefault(child.name, child)
                if cls is not None and node is cls:
                    self.method_class[id(child)] = cls.name
                self.scopes_of[id(child)] = scopes
                for decorator in child.decorator_list:
                    self.index(decorator, scopes, None)
                self.index(child.args, scopes, None)
                for stmt in child.body:
                    self.index(ast.Module(body=[stmt], type_ignores=[]), (*scopes, child), None)
            elif isinstance(child, ast.ClassDef):
                self.index(child, scopes, child)
            else:
                if isinstance(child, ast.Call):
                    self.calls.append((child, scopes))
                    for arg in (*child.args, *(k.value for k in child.keywords)):
                        if isinstance(arg, (ast.Name, ast.Attribute)):
                            self.referenced.add(dotted(arg) or "")
                self.index(child, scopes, None if cls is not node else cls)


def _same_index(source: str, label: str) -> None:
    program = Program.from_source(source)
    built = function_index(program)
    reference = _Reference(program.tree)
    assert built.module_functions == reference.module_functions, label
    assert built.nested == reference.nested, label
    assert built.method_class == reference.method_class, label
    assert built.scopes_of == reference.scopes_of, label
    assert built.referenced == reference.referenced, label
    # The index keeps only the calls that may reach a function of the module; every such
    # call of the reference is there, with the same scopes.
    defined = {f.name for f in ast.walk(program.tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    kept = {id(call): scopes for call, scopes in built.calls}
    for call, scopes in reference.calls:
        name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
        if name in defined or name == "step":
            assert kept.pop(id(call)) == scopes, (label, ast.unparse(call))
    assert not kept, label  # no call the reference does not index


TRICKY = '''
import torch

def helper(x=make(1)) -> annotated(2):
    return x

if torch.cuda.is_available():
    def helper():
        pass
    def only_here():
        pass

class Outer:
    if True:
        def in_class_if(self):
            pass
        if False:
            def deeper(self):
                pass

    @decorate(callback)
    def method(self, a=default(self_free)):
        def inner():
            return helper(model)
        def inner():
            return opt.step(closure)
        class Local:
            def m(self):
                return inner()
        return inner()

def outer(flag):
    if flag:
        def pick():
            return 1
    def pick(x=helper(1)):
        return 2
    try:
        pass
    except Exception:
        def handler_def():
            pass
    def closure():
        return loss.backward()
    opt.step(closure)
    lambda: helper(outer)
    return [helper(y) for y in range(3)]
'''


def test_the_index_is_the_reference_walk_on_a_tricky_module() -> None:
    _same_index(textwrap.dedent(TRICKY), "tricky")


def test_the_index_is_the_reference_walk_on_every_example_and_nnlint_itself() -> None:
    paths = sorted((ROOT / "rules").rglob("*.py")) + sorted((ROOT / "src" / "nnlint").rglob("*.py"))
    checked = 0
    for path in paths:
        source = path.read_text(encoding="utf-8")
        try:
            ast.parse(source)
        except SyntaxError:
            continue
        _same_index(source, str(path))
        checked += 1
    assert checked > 600
