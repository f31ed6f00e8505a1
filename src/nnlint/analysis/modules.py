"""Attributes that classes assign on ``self``, and which calls build torch modules.

PyTorch registers a sub-module or a Parameter only when it is assigned directly as an
attribute of an ``nn.Module`` (``Module.__setattr__``). Several rules ask what a module class
puts on ``self`` (a layer, a plain list of layers, a Parameter that was moved) and where; this
is the one place that collects it, so they all agree on what ``self`` is and which class
a method belongs to.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from nnlint.analysis.classes import KNOWN_ROOTS, ClassInfo, classes
from nnlint.analysis.program import Program

# torch.nn names that start with a capital letter but do not build a module.
_NOT_MODULES = frozenset(
    {"Parameter", "Buffer", "UninitializedParameter", "UninitializedBuffer", "Module", "ParameterList", "ParameterDict"}
)


@dataclass(frozen=True)
class SelfAssignment:
    """``self.<attr> = <value>`` inside a method of a class (``self`` is the first parameter)."""

    cls: ClassInfo
    method: ast.FunctionDef | ast.AsyncFunctionDef
    attr: str
    target: ast.Attribute
    stmt: ast.Assign | ast.AnnAssign
    value: ast.expr


def self_name(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name of a method's instance parameter, or None for static methods and ``def f()``."""
    if any(isinstance(d, ast.Name) and d.id in {"staticmethod", "classmethod"} for d in method.decorator_list):
        return None
    args = method.args.posonlyargs + method.args.args
    return args[0].arg if args else None


def is_self_attribute(node: ast.AST, self_id: str | None) -> bool:
    return (
        self_id is not None
        and isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == self_id
    )


def self_assignments(program: Program) -> list[SelfAssignment]:
    """Every ``self.x = value`` in every method of every class of the module, in source order."""
    return program.memo(self_assignments, lambda: _collect(program))


def assignments_by_attribute(program: Program, cls: ClassInfo) -> dict[str, list[SelfAssignment]]:
    """The ``self.x = ...`` of one class, grouped by attribute name."""
    grouped: dict[str, list[SelfAssignment]] = {}
    for item in self_assignments(program):
        if item.cls is cls:
            grouped.setdefault(item.attr, []).append(item)
    return grouped


def _collect(program: Program) -> list[SelfAssignment]:
    found: list[SelfAssignment] = []
    for info in classes(program).values():
        for method in info.methods.values():
            self_id = self_name(method)
            if self_id is None:
                continue
            for node in _walk_own(method):
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                for target in targets:
                    if is_self_attribute(target, self_id):
                        assert isinstance(target, ast.Attribute)
                        found.append(SelfAssignment(info, method, target.attr, target, node, value))
    found.sort(key=lambda a: (a.stmt.lineno, a.stmt.col_offset))
    return found


def _walk_own(function: ast.AST):  # type: ignore[no-untyped-def]
    """The nodes of a function body, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def walk_function(function: ast.AST):  # type: ignore[no-untyped-def]
    """Public spelling of the walk above: a function's own nodes, nested defs excluded."""
    return _walk_own(function)


def module_constructor(program: Program, node: ast.AST) -> str | None:
    """The name of the torch module class a call builds (``torch.nn.Linear``, ``local:Block``).

    Only calls known to build an ``nn.Module`` count: a ``torch.nn`` class, or a class of this
    file that is a torch module. Anything else (a factory, a class from another file) is None.
    """
    if not isinstance(node, ast.Call):
        return None
    qual = program.call_name(node)
    if qual is not None:
        head, _, last = qual.rpartition(".")
        if head == "torch.nn" and last[:1].isupper() and last not in _NOT_MODULES:
            return qual
        return None
    if isinstance(node.func, ast.Name):
        info = classes(program).get(node.func.id)
        if info is not None and info.is_torch_module:
            return f"local:{info.name}"
    return None


def fully_known(program: Program, cls: ClassInfo, _seen: frozenset[str] = frozenset()) -> bool:
    """Whether every base of the class (recursively, through classes of this file) is known.

    A base from the user's project may do anything in its ``__init__`` (initialise, register):
    rules that reason about what a class does to its own parameters need all bases known.
    """
    if cls.name in _seen:
        return False
    found = classes(program)
    for base in cls.bases:
        if base is None or base.startswith("."):
            return False
        if base.startswith("local:"):
            local = found.get(base[6:])
            if local is None:
                if base[6:] not in KNOWN_ROOTS:
                    return False
                continue
            if not fully_known(program, local, _seen | {cls.name}):
                return False
        elif base.split(".")[0] not in KNOWN_ROOTS:
            return False
    return True
