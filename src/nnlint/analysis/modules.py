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
from nnlint.analysis.names import last_name
from nnlint.analysis.program import Program, child_nodes

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
    methods: dict[ast.AST, tuple[ClassInfo, ast.FunctionDef | ast.AsyncFunctionDef, str]] = {}
    for info in classes(program).values():
        for method in info.methods.values():
            self_id = self_name(method)
            if self_id is not None:
                methods[method] = (info, method, self_id)
    found: list[SelfAssignment] = []
    if not methods:
        return found
    # The file's assignments from the shared index, each kept when the function it belongs to
    # (nested functions and classes excluded, as in ``walk_function``) is a method.
    assignments: list[ast.Assign | ast.AnnAssign] = [*program.nodes_of(ast.Assign), *program.nodes_of(ast.AnnAssign)]
    for node in assignments:  # sorted below
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if not any(_names_attribute(target) for target in targets):
            continue  # ``x = ...``: most assignments, and no need to find their function
        owner = _owner(program, node)
        if owner not in methods:
            continue
        info, method, self_id = methods[owner]
        pairs = [(t, value) for t in targets]
        for target in targets:
            # ``self.a, self.b = x, y``: pair the elements.
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
                pairs.extend(zip(target.elts, value.elts))
        for target, value in pairs:
            if is_self_attribute(target, self_id):
                assert isinstance(target, ast.Attribute)
                found.append(SelfAssignment(info, method, target.attr, target, node, value))
    found.sort(key=lambda a: (a.stmt.lineno, a.stmt.col_offset))
    return found


def owning_method(program: Program, node: ast.AST) -> tuple[ClassInfo, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    """The class and method whose own code holds ``node`` (what ``walk_function(method)``
    reaches, for a method ``classes`` lists), else None: a way to visit the few calls a rule
    wants (``program.nodes_of(ast.Call)``) instead of walking every method of every class."""
    scope = _owner(program, node)
    if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    parent = program.parent(scope)
    if not isinstance(parent, ast.ClassDef):
        return None
    info = classes(program).get(parent.name)
    if info is None or info.node is not parent or info.methods.get(scope.name) is not scope:
        return None
    return info, scope


def _names_attribute(target: ast.expr) -> bool:
    """``a.b = ...`` or ``a.b, c = ...``: a target that may be ``self.x``."""
    if isinstance(target, ast.Attribute):
        return True
    return isinstance(target, ast.Tuple) and any(isinstance(element, ast.Attribute) for element in target.elts)


def _owner(program: Program, node: ast.AST) -> ast.AST | None:
    """The innermost function, class or lambda around ``node``."""
    current = program.parent(node)
    while current is not None and not isinstance(current, _SCOPES):
        current = program.parent(current)
    return current


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _walk_own(function: ast.AST):  # type: ignore[no-untyped-def]
    """The nodes of a function body, not descending into nested functions or classes."""
    stack = child_nodes(function)[::-1]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(child_nodes(node)[::-1])


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


def methods_reached_from(cls: ClassInfo, start: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """``start`` and the methods of the same class it calls through ``self.m(...)``, transitively."""
    first = cls.methods.get(start)
    if first is None:
        return []
    reached = [first]
    seen = {start}
    for method in reached:
        self_id = self_name(method)
        for node in _walk_own(method):
            if (
                isinstance(node, ast.Call)
                and is_self_attribute(node.func, self_id)
                and node.func.attr in cls.methods  # type: ignore[attr-defined]
                and node.func.attr not in seen  # type: ignore[attr-defined]
            ):
                seen.add(node.func.attr)  # type: ignore[attr-defined]
                reached.append(cls.methods[node.func.attr])  # type: ignore[attr-defined]
    return reached


def mentions_training(node: ast.AST | None) -> bool:
    """Whether an expression reads a training flag: ``self.training``, ``training``, ``is_train``."""
    if node is None:
        return False
    for sub in ast.walk(node):
        name = last_name(sub)
        if name is not None and ("train" in name.lower() or name in {"mode", "deterministic", "eval_mode", "inference"}):
            return True
    return False


def under_training_guard(program: Program, node: ast.AST, function: ast.AST) -> bool:
    """Whether ``node`` runs only on one side of a test of the training flag inside ``function``.

    ``if self.training: x = F.dropout(x, 0.1)`` and ``F.dropout(x) if self.training else x``
    apply dropout only while training, whatever arguments the call has.
    """
    child: ast.AST = node
    for ancestor in program.ancestors(node):
        if isinstance(ancestor, (ast.If, ast.IfExp, ast.While)) and child is not ancestor.test:
            if mentions_training(ancestor.test):
                return True
        if isinstance(ancestor, ast.BoolOp) and mentions_training(ancestor):
            return True
        if ancestor is function:
            break
        child = ancestor
    # ``if not self.training: return x`` earlier in the function.
    for stmt in _walk_own(function):
        if (
            isinstance(stmt, ast.If)
            and stmt.lineno < getattr(node, "lineno", 0)
            and mentions_training(stmt.test)
            and any(isinstance(s, (ast.Return, ast.Raise)) for s in stmt.body)
        ):
            return True
    return False


@dataclass(frozen=True)
class PlainModuleContainer:
    """``self.<attr> = [nn.Linear(...), ...]`` (or a dict) on an nn.Module: modules not registered.

    ``stmt`` is the assignment; ``kind`` "list" or "dict"; ``layer`` the first module
    constructor found in it (or appended to it later); ``value`` the assigned expression (the
    display a fix would wrap in ``nn.ModuleList`` / ``nn.ModuleDict``).
    """

    assignment: SelfAssignment
    kind: str
    layer: ast.Call
    value: ast.expr


_APPENDERS = {"append": "list", "extend": "list", "insert": "list", "update": "dict", "setdefault": "dict"}
_REGISTRARS = frozenset({"add_module", "register_module", "register_parameter", "setattr", "__setattr__"})


def plain_module_containers(program: Program) -> list[PlainModuleContainer]:
    """Plain lists and dicts of freshly built modules kept on torch modules (see above)."""
    return program.memo(plain_module_containers, lambda: list(_containers(program)))


def _containers(program: Program):  # type: ignore[no-untyped-def]
    grouped: dict[int, dict[str, list[SelfAssignment]]] = {}
    for item in self_assignments(program):
        if item.cls.is_torch_module:
            grouped.setdefault(id(item.cls), {}).setdefault(item.attr, []).append(item)
    for by_attr in grouped.values():
        for attr, items in by_attr.items():
            if any(_container_kind(item.value) is None and not _local_name(item) for item in items):
                continue  # also assigned something else (nn.ModuleList(...), None): not ours
            for item in items:
                found = _modules_in(program, item) or _passed_in(program, item)
                if found is None:
                    continue
                if not _registers_by_hand(item.cls) and not _used_as_argument(item.cls, attr):
                    kind, layer = found
                    yield PlainModuleContainer(item, kind, layer, item.value)
                break


def _local_name(item: SelfAssignment) -> bool:
    """``self.x = name`` where ``name`` is not a parameter of the method (a local it built)."""
    if not isinstance(item.value, ast.Name):
        return False
    args = item.method.args
    return item.value.id not in {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}


def _container_kind(value: ast.expr) -> str | None:
    if isinstance(value, (ast.List, ast.ListComp)):
        return "list"
    if isinstance(value, (ast.Dict, ast.DictComp)):
        return "dict"
    return None


def _registers_by_hand(info: ClassInfo) -> bool:
    """``self.add_module(...)`` / ``setattr(self, ...)`` anywhere: the class registers itself."""
    for method in info.methods.values():
        for node in _walk_own(method):
            if isinstance(node, ast.Call):
                name = last_name(node.func)
                if name in _REGISTRARS:
                    return True
    return False


def _used_as_argument(info: ClassInfo, attr: str) -> bool:
    """``nn.Sequential(*self.layers)``, ``nn.ModuleList(self.layers)``: wrapped somewhere."""
    for method in info.methods.values():
        self_id = self_name(method)
        for node in _walk_own(method):
            if isinstance(node, ast.Call):
                args = [a.value if isinstance(a, ast.Starred) else a for a in node.args] + [kw.value for kw in node.keywords]
                if any(is_self_attribute(a, self_id) and a.attr == attr for a in args):  # type: ignore[attr-defined]
                    return True
    return False


def _layer_constructor(program: Program, node: ast.AST) -> str | None:
    """``module_constructor`` without the torch losses: a dict of ``nn.CrossEntropyLoss()``
    holds no parameters to lose (a loss with a ``weight`` tensor fails loudly on the device)."""
    made = module_constructor(program, node)
    return None if made is None or made.startswith("torch.nn.") and made.endswith("Loss") else made


def _constructor_in(program: Program, value: ast.expr | None, method: ast.AST) -> ast.Call | None:
    """A module constructor call, directly or through a local name bound to one."""
    if value is None:
        return None
    if _layer_constructor(program, value):
        return value  # type: ignore[return-value]
    if isinstance(value, ast.Name):
        bound = _local_values(method, value.id)
        if bound and all(_layer_constructor(program, v) for v in bound) and not _escapes(method, value.id):
            return bound[0]  # type: ignore[return-value]
    return None


def _local_values(method: ast.AST, name: str) -> list[ast.expr]:
    values: list[ast.expr] = []
    for node in _walk_own(method):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            values.append(node.value)
        elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Name) and node.target.id == name:
            values.append(node.target)  # a loop variable: not a constructor
    return values


def _escapes(method: ast.AST, name: str, own: ast.AST | None = None) -> bool:
    """The local is also stored elsewhere (other than by the ``own`` assignment), passed to a
    call other than append, or wrapped."""
    for node in _walk_own(method):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == name and node is not own:
            return True
        if isinstance(node, ast.Call):
            method_name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            args = [a.value if isinstance(a, ast.Starred) else a for a in node.args] + [kw.value for kw in node.keywords]
            if method_name not in _APPENDERS and any(isinstance(a, ast.Name) and a.id == name for a in args):
                return True
    return False


def _elements(program: Program, value: ast.expr, method: ast.AST) -> tuple[str, ast.Call] | None:
    kind = _container_kind(value)
    if isinstance(value, ast.List):
        for element in value.elts:
            call = _constructor_in(program, element, method)
            if call is not None:
                return "list", call
    elif isinstance(value, ast.ListComp) and _layer_constructor(program, value.elt):
        return "list", value.elt  # type: ignore[return-value]
    elif isinstance(value, ast.Dict):
        for element in value.values:
            call = _constructor_in(program, element, method)
            if call is not None:
                return "dict", call
    elif isinstance(value, ast.DictComp) and _layer_constructor(program, value.value):
        return "dict", value.value  # type: ignore[return-value]
    del kind
    return None


def _modules_in(program: Program, item: SelfAssignment) -> tuple[str, ast.Call] | None:
    """What a ``self.x = ...`` puts in a plain container, including later appends."""
    method = item.method
    direct = _elements(program, item.value, method)
    if direct is not None:
        return direct
    if isinstance(item.value, ast.Name):
        local = item.value.id
        values = _local_values(method, local)
        if len(values) != 1 or _container_kind(values[0]) is None or _escapes(method, local, item.stmt):
            return None
        found = _elements(program, values[0], method)
        return found or _appended(program, method, lambda n: isinstance(n, ast.Name) and n.id == local, _container_kind(values[0]))
    kind = _container_kind(item.value)
    if kind is None:
        return None
    # Appends in __init__ or in a builder method it calls (``self._build_layers()``).
    reached = methods_reached_from(item.cls, method.name) if method.name == "__init__" else [method]
    for builder in reached or [method]:
        self_id = self_name(builder)
        found = _appended(
            program,
            builder,
            lambda n: is_self_attribute(n, self_id) and n.attr == item.attr,  # type: ignore[attr-defined]
            kind,
        )
        if found is not None:
            return found
    return None


def _passed_in(program: Program, item: SelfAssignment) -> tuple[str, ast.Call] | None:
    """A plain list filled in ``__init__`` from a parameter that every caller fills with new modules.

    ``self.layers = []; for layer in layers: self.layers.append(layer)`` in
    ``__init__(self, layers)``, where each call of the class in this file passes a list or
    tuple of freshly built modules (``Merge([nn.Linear(4, 2), ...])``) and at least one does.
    Modules the caller also keeps elsewhere are not fresh, so they stay silent.
    """
    method = item.method
    if method.name != "__init__" or _container_kind(item.value) != "list":
        return None
    parameter = _list_of_parameter(item)
    if parameter is None or _escapes(method, parameter, item.stmt):
        return None
    return _modules_every_caller_passes(program, item.cls, method, parameter)


def _list_of_parameter(item: SelfAssignment) -> str | None:
    """The parameter whose elements ``self.<attr>`` receives, through appends in a loop over it."""
    method, self_id = item.method, self_name(item.method)
    names = {a.arg for a in method.args.posonlyargs + method.args.args + method.args.kwonlyargs}
    if not (isinstance(item.value, ast.List) and not item.value.elts):
        return None
    source: str | None = None
    for node in _walk_own(method):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _APPENDERS:
            if not (is_self_attribute(node.func.value, self_id) and node.func.value.attr == item.attr):  # type: ignore[attr-defined]
                continue
            if node.func.attr != "append" or len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
                return None
            loop = _loop_binding(method, node.args[0].id)
            if loop is None or not isinstance(loop.iter, ast.Name) or loop.iter.id not in names:
                return None
            if _escapes(method, node.args[0].id) or source not in (None, loop.iter.id):
                return None
            source = loop.iter.id
    return source


def _loop_binding(method: ast.AST, name: str) -> ast.For | None:
    """The one ``for name in ...`` that binds ``name`` in the method, if nothing else assigns it."""
    loops = [n for n in _walk_own(method) if isinstance(n, ast.For) and isinstance(n.target, ast.Name) and n.target.id == name]
    others = [v for v in _local_values(method, name) if not isinstance(v, ast.Name)]
    return loops[0] if len(loops) == 1 and not others else None


def _modules_every_caller_passes(program: Program, cls: ClassInfo, method: ast.AST, parameter: str) -> tuple[str, ast.Call] | None:
    """The first module a caller passes as ``parameter``, when every call of the class passes new ones."""
    params = [a.arg for a in method.args.posonlyargs + method.args.args][1:]  # type: ignore[attr-defined]
    first: ast.Call | None = None
    for call in program.nodes_of(ast.Call):
        if not (isinstance(call.func, ast.Name) and call.func.id == cls.name):
            continue
        if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg is None for kw in call.keywords):
            return None
        passed = [kw.value for kw in call.keywords if kw.arg == parameter]
        if parameter in params and params.index(parameter) < len(call.args):
            passed.append(call.args[params.index(parameter)])
        for value in passed:
            if not (isinstance(value, (ast.List, ast.Tuple)) and value.elts):
                return None
            if not all(_layer_constructor(program, element) for element in value.elts):
                return None
            first = first or value.elts[0]  # type: ignore[assignment]
    return ("list", first) if first is not None else None


def _appended(program: Program, method: ast.AST, is_container, kind: str | None) -> tuple[str, ast.Call] | None:  # type: ignore[no-untyped-def]
    """``c.append(nn.Linear(...))``, ``c += [...]``, ``c[k] = nn.Linear(...)`` in the method."""
    for node in _walk_own(method):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_container(node.func.value):
            if node.func.attr in {"append", "insert"} and node.args:
                call = _constructor_in(program, node.args[-1], method)
                if call is not None:
                    return "list", call
            if node.func.attr == "extend" and node.args:
                found = _elements(program, node.args[0], method)
                if found is not None:
                    return found
        elif isinstance(node, ast.AugAssign) and is_container(node.target):
            found = _elements(program, node.value, method)
            if found is not None:
                return found
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and is_container(target.value) and kind == "dict":
                    call = _constructor_in(program, node.value, method)
                    if call is not None:
                        return "dict", call
    return None


@dataclass(frozen=True)
class MovedParameter:
    """``self.w = nn.Parameter(t).cuda()``: the stored value is the moved copy, not the Parameter."""

    assignment: SelfAssignment
    parameter: ast.Call
    move: ast.Call


_MOVES = frozenset({"cuda", "to", "double", "half", "bfloat16", "type", "long", "int"})


def moved_parameters(program: Program) -> list[MovedParameter]:
    """Parameters moved or cast after wrapping and stored on a torch module."""
    return program.memo(moved_parameters, lambda: list(_moved(program)))


def _moved(program: Program):  # type: ignore[no-untyped-def]
    for item in self_assignments(program):
        if not item.cls.is_torch_module:
            continue
        node = item.value
        moves: list[ast.Call] = []
        while (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and program.call_name(node) != "torch.nn.Parameter"
        ):
            moves.append(node)
            node = node.func.value
        if not (isinstance(node, ast.Call) and program.call_name(node) == "torch.nn.Parameter"):
            continue
        real = [m for m in moves if m.func.attr in _MOVES and not _no_op_move(m)]  # type: ignore[attr-defined]
        if real:
            yield MovedParameter(item, node, real[-1])


def _no_op_move(call: ast.Call) -> bool:
    """``.to("cpu")`` / ``.to(torch.float32)``: a Parameter created on the CPU in float32 stays itself."""
    if call.func.attr != "to" or call.keywords and any(kw.arg not in {"device", "dtype"} for kw in call.keywords):  # type: ignore[attr-defined]
        return False
    values = list(call.args) + [kw.value for kw in call.keywords]
    return bool(values) and all(ast.unparse(v) in {"'cpu'", '"cpu"', "torch.float32", "torch.float", "torch.device('cpu')"} for v in values)
