"""Training events in execution order, with the module's own helpers inlined.

Every function body (and the module body) is flattened into a tree of ``Event``s in the
order the code runs them: ``backward``, optimizer ``step``, ``zero_grad``, scheduler steps,
``eval()``/``train()``, ``.grad`` reads and writes, model calls, assignments and
accumulations, with ``loop``, ``branch``/``arm`` and ``no_grad`` nodes for structure.

The call graph of the module is resolved while building: a call of a local function
(``train(model, opt)``), of a method through ``self.method(...)``, or of a method of an
instance of a local class (``trainer.fit()`` with ``trainer = Trainer(...)``) is *inlined*
at the call site as a ``call`` event whose children are the callee's events, with the
callee's parameter names replaced by the caller's argument spellings (depth limit
``MAX_DEPTH``, no cycles). Closures passed to ``opt.step(closure)`` are inlined just before
the step (their events carry ``in_closure``). A function called from elsewhere in the module
is analysed only where it is inlined; every other function (and the module body) is a
``Root``. So "zero_grad in a helper the loop calls" and "the loop in a function whose caller
switches to eval" are visible to a query on the expanded tree.

Calls of unknown functions that receive a tracked optimizer or model *itself* as an argument
are ``opaque`` events: they may clear, step or switch modes, so rules stay silent on them.

API (memoised per Program):

- ``roots(program) -> list[Root]``; ``Root.events`` (all events, execution order),
  ``Root.tree`` (the root ``Event``), ``Root.function`` (None for the module body),
  ``Root.implicit_loop`` (Lightning manual optimisation's ``training_step``).
- ``Event``: ``kind`` (one of ``Kind``), ``node`` (the ast node), ``subject`` (the receiver's
  dotted spelling after substitution: the optimizer, model, scheduler, loss),
  ``info`` (kind-specific details, see ``Kind``), ``children``, ``parent``, ``order``,
  ``end`` (last descendant's order), ``stack`` (call sites inlined through).
  Helpers: ``walk()``, ``ancestors()``, ``contains(e)``, ``enclosing(kind)``,
  ``under_no_grad()``, ``in_closure()``, ``conditional_within(outer)``; module functions
  ``exclusive(a, b)`` (different arms of one if/else) and ``visible_node(event, other)``
  (where to report an event reached through a helper: the call in the function both share).

Reading order for a rule: ask training.py for iterations or loops, or modes.py for passes
and modes; walk ``Event``s only for the detail the rule needs. Events are per expansion:
a helper inlined at two call sites yields two events with the same ``node``, so rules
deduplicate findings by node (or by ``visible_node``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nnlint.analysis.classes import ClassInfo, classes
from nnlint.analysis.names import dotted, last_name
from nnlint.analysis.objects import Objects, objects, track_argument
from nnlint.analysis.program import Program

MAX_DEPTH = 4


class Kind:
    ROOT = "root"
    BACKWARD = "backward"  # info: via = tensor|scaled|accelerator|manual|engine; loss = spelling
    STEP = "step"  # subject = optimizer; info: closure (bool), engine (bool), sam (bool)
    ZERO_GRAD = "zero_grad"  # subject = optimizer/model spelling, or None for p.grad clears
    SCHED_STEP = "sched_step"  # subject = scheduler; info: has_args
    EVAL = "eval"  # subject = model
    TRAIN = "train"  # subject = model; info: mode = True | False | None (unknown)
    GRAD_READ = "grad_read"  # info: autograd (torch.autograd.grad)
    GRAD_WRITE = "grad_write"
    MODEL_CALL = "model_call"  # subject = model; info: no_grad_inside (generate)
    LOAD = "load"  # subject = model (load_state_dict)
    OPAQUE = "opaque"  # info: subjects = spellings of tracked objects passed
    ASSIGN = "assign"  # subject = target spelling; info: value (ast)
    ACCUMULATE = "accumulate"  # subject = accumulator; info: value (ast), how = "+=" | "append"
    LOOP = "loop"  # node = For/While (or the FunctionDef of an implicit loop)
    BRANCH = "branch"  # children are ARM events
    ARM = "arm"
    NO_GRAD = "no_grad"  # info: enable = True for enable_grad / set_grad_enabled(True)
    CALL = "call"  # an inlined call: node = call site; info: function, closure
    CLIP = "clip"  # gradient clipping; info: measure_only (max_norm=inf), via (the call's last name)
    UNSCALE = "unscale"  # scaler.unscale_(opt); subject = optimizer
    # A call of something the function was given (``model(x)`` with ``model`` a parameter
    # nothing here identifies): a model call once a caller in another module says it is a
    # model (nnlint.analysis.summaries); rules ignore it.
    PARAM_CALL = "param_call"  # subject = the parameter's spelling; info: no_grad_inside


@dataclass(eq=False)
class Event:
    kind: str
    node: ast.AST
    subject: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    children: list[Event] = field(default_factory=list)
    parent: Event | None = field(default=None, repr=False)
    order: int = 0
    end: int = 0
    stack: tuple[ast.AST, ...] = ()

    def walk(self) -> Iterator[Event]:
        """This event's descendants in execution order (not the event itself)."""
        for child in self.children:
            yield child
            yield from child.walk()

    def ancestors(self) -> Iterator[Event]:
        current = self.parent
        while current is not None:
            yield current
            current = current.parent

    def contains(self, other: Event) -> bool:
        return self.order < other.order <= self.end

    def enclosing(self, kind: str) -> Event | None:
        return next((a for a in self.ancestors() if a.kind == kind), None)

    def under_no_grad(self) -> bool:
        for ancestor in self.ancestors():
            if ancestor.kind == Kind.NO_GRAD:
                return not ancestor.info.get("enable", False)
        return False

    def in_closure(self) -> bool:
        return any(a.kind == Kind.CALL and a.info.get("closure") for a in self.ancestors())

    def conditional_within(self, outer: Event) -> bool:
        """Whether a branch arm lies between this event and ``outer``."""
        for ancestor in self.ancestors():
            if ancestor is outer:
                return False
            if ancestor.kind == Kind.ARM:
                return True
        return False


def exclusive(a: Event, b: Event) -> bool:
    """Whether two events sit in different arms of one if/else (never both run)."""
    arms_a = {id(x): x for x in a.ancestors() if x.kind == Kind.ARM}
    for x in b.ancestors():
        if x.kind == Kind.ARM and id(x) not in arms_a and x.parent is not None:
            for arm in x.parent.children:
                if arm is not x and id(arm) in arms_a:
                    return True
    return False


@dataclass(eq=False)
class Root:
    node: ast.AST
    tree: Event
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    events: list[Event] = field(default_factory=list)
    implicit_loop: bool = False
    params: tuple[str, ...] = ()
    callback: bool = False  # handed to a framework (``Engine(step)``, ``@trainer.on(...)``)


MAX_INLINED = 4000  # inlined calls per module: beyond it, calls stay opaque


def roots(program: Program) -> list[Root]:
    """Every root of the module with its expanded, ordered event tree (memoised).
    A module too deeply nested to analyse yields no roots (rules stay silent)."""

    def build() -> list[Root]:
        try:
            found = _builder(program).build()
        except RecursionError:
            return []
        program.on_release(lambda: _unlink(found))
        return found

    return program.memo(roots, build)


def _number(event: Event, parent: Event | None, events: list[Event]) -> None:
    """Link ``event`` to its parent and number its tree in execution order (``order`` on the
    way in, ``end`` the last order inside it), appending each event to ``events``."""
    event.parent = parent
    event.order = len(events)
    events.append(event)
    for child in event.children:
        _number(child, event, events)
    event.end = len(events) - 1


def _unlink(found: list[Root]) -> None:
    """Cut the parent links of the module's event trees, so that they are freed when the
    program forgets them (nothing outside the program holds these trees)."""
    for root in found:
        for event in root.events:
            event.parent = None


def may_hold(program: Program, *kinds: str) -> bool:
    """Whether the file's event trees may hold an event of each of ``kinds`` (BACKWARD, STEP),
    read from its calls without building the trees: ``call`` makes these events of these
    calls only, or replays them from another module's function (``summaries.may_summarise``).
    A module of layers has no backward() and no step(): the analyses of training loops skip
    it without building its events and objects, which cost several times its parse."""
    spelled = _spelled_kinds(program)
    if all(kind in spelled for kind in kinds):
        return True
    replayed = _replayed_kinds(program)
    return all(kind in spelled or kind in replayed for kind in kinds)


def calls_summarised(program: Program) -> bool:
    """Whether a call of the file may replay another module's function (its summary)."""

    def scan() -> bool:
        from nnlint.analysis.summaries import may_summarise

        return any(may_summarise(program, qual) for qual in called_qualnames(program))

    return program.memo(calls_summarised, scan)


def called_qualnames(program: Program) -> list[str]:
    """The distinct qualified names the file's calls call, in order."""

    def collect() -> list[str]:
        qualnames = (program.call_name(call) for call in program.nodes_of(ast.Call))
        return list(dict.fromkeys(q for q in qualnames if q is not None))

    return program.memo(called_qualnames, collect)


def _replayed_kinds(program: Program) -> frozenset[str]:
    """The kinds of the events the file's calls replay from other modules' functions (their
    summaries are computed now; building the file's events would compute them anyway)."""

    def scan() -> frozenset[str]:
        from nnlint.analysis.summaries import summary

        if not calls_summarised(program):
            return frozenset()
        kinds: set[str] = set()
        for qual in called_qualnames(program):
            found = summary(program, qual)
            for top in found.events if found is not None else ():
                kinds.add(top.kind)
                kinds.update(event.kind for event in top.walk())
        return frozenset(kinds)

    return program.memo(_replayed_kinds, scan)


def _spelled_kinds(program: Program) -> frozenset[str]:
    def scan() -> frozenset[str]:
        kinds: set[str] = set()
        for call in program.nodes_of(ast.Call):
            func = call.func
            method = func.attr if isinstance(func, ast.Attribute) else None
            qual = program.call_name(call)
            if method in ("backward", "manual_backward") or qual == "torch.autograd.backward":
                kinds.add(Kind.BACKWARD)
            if method in ("step", "first_step", "second_step") or (qual is not None and qual.endswith(".optimizer_step")):
                kinds.add(Kind.STEP)
        return frozenset(kinds)

    return program.memo(_spelled_kinds, scan)


def function_root(program: Program, function: ast.FunctionDef | ast.AsyncFunctionDef) -> Root | None:
    """The expanded event tree of one function read on its own, as if nothing called it
    (memoised): what a caller in another module sees of it (nnlint.analysis.summaries)."""

    def build() -> Root | None:
        try:
            return _builder(program).function_root(function)
        except RecursionError:
            return None

    return program.memo(("function_root", id(function)), build)


def _builder(program: Program) -> _Builder:
    return program.memo(_Builder, lambda: _Builder(program))


FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


def _position(node: ast.AST) -> tuple[int, int]:
    """Source order, which is the order of a depth-first walk for statements."""
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


NO_GRAD_CONTEXTS = frozenset(
    {"torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad", "torch.autograd.inference_mode"}
)
ENABLE_GRAD = frozenset({"torch.enable_grad", "torch.autograd.enable_grad"})
SET_GRAD_ENABLED = frozenset({"torch.set_grad_enabled", "torch.autograd.set_grad_enabled", "torch.autograd.grad_mode.set_grad_enabled"})
HARMLESS_ROOTS = frozenset(
    {
        "torch", "numpy", "copy", "math", "os", "sys", "logging", "json", "pickle", "time", "random",
        "wandb", "tqdm", "pathlib", "shutil", "itertools", "functools", "collections", "typing",
        "warnings", "matplotlib", "torchvision", "PIL", "pandas", "sklearn", "inspect",
    }
)
BUILTINS = frozenset(
    {
        "print", "len", "isinstance", "getattr", "setattr", "hasattr", "type", "id", "repr", "str",
        "sum", "list", "tuple", "dict", "set", "iter", "next", "vars", "sorted", "enumerate", "zip",
        "map", "filter", "any", "all", "super", "format", "hash", "callable",
    }
)
GRAD_CLEAR_METHODS = frozenset({"zero_", "detach_", "fill_"})
# Method names ``call`` reads as training events before resolving local code.
_TRAINING_METHODS = frozenset({"train", "eval", "step", "zero_grad", "backward", "manual_backward", "load_state_dict", "append", "first_step", "second_step", "unscale_"})
PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "abstractmethod", "override", "setter"})
SCALE_METHODS = frozenset({"scale"})


def no_grad_context(program: Program, expr: ast.AST) -> bool | None:
    """True: disables grad (``no_grad()``, ``set_grad_enabled(False or <expr>)``);
    False: enables it (``enable_grad()``, ``set_grad_enabled(True)``); None: neither."""
    for sub in program.walk(expr):
        if not isinstance(sub, (ast.Call, ast.Attribute, ast.Name)):
            continue
        node = sub.func if isinstance(sub, ast.Call) else sub
        qual = program.qualname(node)
        if qual is None:
            continue
        if qual in NO_GRAD_CONTEXTS:
            if isinstance(sub, ast.Call) and sub.args and isinstance(sub.args[0], ast.Constant) and sub.args[0].value is False:
                return False
            return True
        if qual in ENABLE_GRAD:
            return False
        if qual in SET_GRAD_ENABLED and isinstance(sub, ast.Call):
            arg = sub.args[0] if sub.args else next((k.value for k in sub.keywords), None)
            if isinstance(arg, ast.Constant) and arg.value is True:
                return False
            return True
    return None


def is_no_grad_decorated(program: Program, func: FuncNode) -> bool:
    return any(no_grad_context(program, d) is True for d in func.decorator_list)


@dataclass
class _Ctx:
    subst: dict[str, str]
    functions: tuple[FuncNode, ...]  # inline stack (cycle check)
    scopes: tuple[FuncNode, ...]  # lexical function nesting of the code being read
    cls: str | None
    sites: tuple[ast.AST, ...]

    def sub(self, spelling: str | None) -> str | None:
        if spelling is None:
            return None
        head, _, rest = spelling.partition(".")
        if head in self.subst:
            base = self.subst[head]
            return f"{base}.{rest}" if rest else base
        return spelling


@dataclass
class FunctionIndex:
    """Where the module's functions are, for resolving calls of local code."""

    module_functions: dict[str, FuncNode] = field(default_factory=dict)
    nested: dict[int, dict[str, FuncNode]] = field(default_factory=dict)  # function -> its inner functions
    method_class: dict[int, str] = field(default_factory=dict)
    scopes_of: dict[int, tuple[FuncNode, ...]] = field(default_factory=dict)  # function -> enclosing functions
    calls: list[tuple[ast.Call, tuple[FuncNode, ...]]] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)  # names passed as arguments (callbacks)


def function_index(program: Program) -> FunctionIndex:
    """Functions and their lexical scopes, methods' classes, the names passed as arguments
    (callbacks), and the call sites that may call a function of the module, read from the
    program's node index.

    A function's scopes are the functions around it; a call's, the functions whose body
    holds it (not their decorators or defaults). An inner function defined twice is the
    later one, as in Python; a module's function is its last top-level definition, else the
    first under an ``if`` or ``try``.
    """
    index = FunctionIndex()
    for stmt in program.tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            index.module_functions[stmt.name] = stmt
    functions: list[FuncNode] = sorted(program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef), key=_position)
    for function in functions:
        parent = program.parent(function)
        scopes = tuple(a for a in reversed(program.ancestors(function)) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef)))
        index.scopes_of[id(function)] = scopes
        if isinstance(parent, ast.ClassDef):
            index.method_class[id(function)] = parent.name
        elif scopes:
            index.nested.setdefault(id(scopes[-1]), {})[function.name] = function
        elif parent is None or not isinstance(program.parent(parent), ast.ClassDef):  # not in a class's if
            index.module_functions.setdefault(function.name, function)  # def under a module-level if/try
    # Not call sites: a function's decorator calls (``@register(fn)``: ``is_callback``
    # reads them) and the calls of its return annotation.
    skipped = {id(d) for f in functions for d in f.decorator_list}
    skipped.update(id(n) for f in functions if f.returns is not None for n in program.walk(f.returns))
    defined = {function.name for function in functions}
    for call in program.nodes_of(ast.Call):
        if id(call) in skipped:
            continue
        arguments = [*call.args, *(k.value for k in call.keywords)]
        for arg in arguments:
            if isinstance(arg, (ast.Name, ast.Attribute)):
                index.referenced.add(dotted(arg) or "")
        func = call.func
        name = last_name(func)
        if name in defined or name == "step":  # ``opt.step(closure)``: the closure is called
            index.calls.append((call, _call_scopes(program, call)))
    return index


def _call_scopes(program: Program, call: ast.Call) -> tuple[FuncNode, ...]:
    scopes: list[FuncNode] = []
    child: ast.AST = call
    for ancestor in program.ancestors(call):
        if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(child is stmt for stmt in ancestor.body):
            scopes.append(ancestor)
        child = ancestor
    return tuple(reversed(scopes))


class _Builder:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.objs: Objects = objects(program)
        self.classes: dict[str, ClassInfo] = classes(program)
        index = function_index(program)
        self.module_functions = index.module_functions
        self.nested = index.nested
        self.method_class = index.method_class
        self.scopes_of = index.scopes_of
        self.calls = index.calls
        self.referenced = index.referenced
        self.counter = 0

    # -- resolution -------------------------------------------------------------------
    def method(self, cls: str | None, name: str, seen: frozenset[str] = frozenset()) -> FuncNode | None:
        if cls is None or cls in seen:
            return None
        info = self.classes.get(cls)
        if info is None:
            return None
        if name in info.methods:
            return info.methods[name]
        for base in info.bases:
            if base and base.startswith("local:"):
                found = self.method(base[6:], name, seen | {cls})
                if found is not None:
                    return found
        return None

    def resolve(self, func: ast.AST, ctx: _Ctx) -> tuple[FuncNode, str | None, str | None] | None:
        """(function, its class, the spelling ``self`` stands for) for a call of local code."""
        if isinstance(func, ast.Name):
            for scope in reversed(ctx.scopes):
                found = self.nested.get(id(scope), {}).get(func.id)
                if found is not None:
                    return found, self.method_class.get(id(found)), None
            found = self.module_functions.get(func.id)
            if found is not None:
                return found, None, None
            return None
        if isinstance(func, ast.Attribute):
            receiver = dotted(func.value)
            if receiver == "self" and ctx.cls is not None:
                found = self.method(ctx.cls, func.attr)
                if found is not None:
                    return found, ctx.cls, ctx.sub("self")
            if receiver is not None and receiver != "self":
                cls = self.objs.instances.get(receiver)
                if cls is not None:
                    found = self.method(cls, func.attr)
                    if found is not None:
                        return found, cls, ctx.sub(receiver)
            made = func.value
            if isinstance(made, ast.Call) and isinstance(made.func, ast.Name) and made.func.id in self.classes and func.attr not in _TRAINING_METHODS:
                found = self.method(made.func.id, func.attr)  # ``Evaluator(...).evaluate(model, data)``
                if found is not None:
                    return found, made.func.id, None
        return None

    # -- roots --------------------------------------------------------------------------
    def build(self) -> list[Root]:
        called = self.called_functions()
        found: list[Root] = []
        module_ctx = _Ctx({}, (), (), None, ())
        body = [s for s in self.program.tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        tree = Event(Kind.ROOT, self.program.tree)
        tree.children = self.block(body, module_ctx)
        found.append(self.finish(Root(self.program.tree, tree, None)))
        functions = [f for f in self.all_functions() if id(f) not in called]
        for node in functions:
            cls_name = self.method_class.get(id(node))
            info = self.classes.get(cls_name) if cls_name else None
            implicit = False
            if info is not None and info.is_hf_trainer:
                continue
            if info is not None and info.is_lightning:
                if not self.manual_optimization(info):
                    continue
                implicit = node.name == "training_step"
            found.append(self.function_root(node, implicit))
        return found

    def function_root(self, node: FuncNode, implicit: bool = False) -> Root:
        cls_name = self.method_class.get(id(node))
        scopes = self.scopes_of.get(id(node), ())
        ctx = _Ctx({}, (node,), (*scopes, node), cls_name, ())
        tree = Event(Kind.ROOT, node)
        events = self.block(node.body, ctx)
        if is_no_grad_decorated(self.program, node):
            events = [Event(Kind.NO_GRAD, node, children=events)]
        if implicit:
            events = [Event(Kind.LOOP, node, children=events, info={"implicit": True})]
        tree.children = events
        params = parameter_names(node)
        callback = self.is_callback(node)
        return self.finish(Root(node, tree, node, implicit_loop=implicit, params=params, callback=callback))

    def all_functions(self) -> list[FuncNode]:
        """Every function and method of the module, in source order."""
        return sorted(self._functions(), key=lambda f: (f.lineno, f.col_offset))

    def _functions(self) -> list[FuncNode]:
        seen: dict[int, FuncNode] = {}
        for fn in self.module_functions.values():
            seen[id(fn)] = fn
        for inner in self.nested.values():
            for fn in inner.values():
                seen[id(fn)] = fn
        for info in self.classes.values():
            for fn in info.methods.values():
                seen[id(fn)] = fn
        return list(seen.values())

    def is_callback(self, function: FuncNode) -> bool:
        """Referenced as a value (``Engine(update)``) or registered by a decorator."""
        if function.name in self.referenced or f"self.{function.name}" in self.referenced:
            return True
        for deco in function.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if not isinstance(deco, (ast.Call, ast.Attribute)):
                continue
            if (dotted(target) or "").rsplit(".", 1)[-1] in PLAIN_DECORATORS:
                continue
            if no_grad_context(self.program, deco) is not None or self.program.qualname(target) in (
                "functools.wraps", "functools.lru_cache", "functools.cache"
            ):
                continue
            return True
        return False

    def manual_optimization(self, info: ClassInfo) -> bool:
        for sub in self.program.walk(info.node):
            if isinstance(sub, ast.Assign) and any(dotted(t) == "self.automatic_optimization" for t in sub.targets):
                if isinstance(sub.value, ast.Constant) and sub.value.value is False:
                    return True
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "manual_backward":
                return True
        for base in info.bases:
            if base and base.startswith("local:") and base[6:] in self.classes and base[6:] != info.name:
                if self.manual_optimization(self.classes[base[6:]]):
                    return True
        return False

    def called_functions(self) -> set[int]:
        """Functions with a call site in some other function (or the module body)."""
        called: set[int] = set()
        for node, scopes in self.calls:
            cls = self.method_class.get(id(scopes[-1])) if scopes else None
            ctx = _Ctx({}, (), scopes, cls, ())
            targets = [node.func]
            if isinstance(node.func, ast.Attribute) and node.func.attr == "step":
                targets += list(node.args) + [k.value for k in node.keywords if k.arg == "closure"]
            for target in targets:
                resolved = self.resolve(target, ctx)
                if resolved is not None and (not scopes or resolved[0] is not scopes[-1]):
                    called.add(id(resolved[0]))
        return called

    def finish(self, root: Root) -> Root:
        _number(root.tree, None, root.events)
        return root

    # -- statements ---------------------------------------------------------------------
    def block(self, stmts: list[ast.stmt], ctx: _Ctx) -> list[Event]:
        events: list[Event] = []
        for index, stmt in enumerate(stmts):
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                grad = no_grad_context(self.program, stmt.value) if self.program.qualname(stmt.value.func) in SET_GRAD_ENABLED else None
                if grad is not None:
                    rest = self.block(stmts[index + 1 :], ctx)
                    events.append(Event(Kind.NO_GRAD, stmt, children=rest, info={"enable": not grad}))
                    return events
            events.extend(self.statement(stmt, ctx))
        return events

    def statement(self, stmt: ast.stmt, ctx: _Ctx) -> list[Event]:
        out: list[Event] = []
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return out
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.expr(stmt.iter, ctx, out)
            loop = Event(Kind.LOOP, stmt, info={"iter": stmt.iter, "target": stmt.target}, stack=ctx.sites)
            loop.children = self.targets_assign(stmt.target, None, ctx) + self.block(stmt.body, ctx)
            out.append(loop)
            out.extend(self.block(stmt.orelse, ctx))
            return out
        if isinstance(stmt, ast.While):
            loop = Event(Kind.LOOP, stmt, info={"iter": None}, stack=ctx.sites)
            test: list[Event] = []
            self.expr(stmt.test, ctx, test)
            loop.children = test + self.block(stmt.body, ctx)
            out.append(loop)
            out.extend(self.block(stmt.orelse, ctx))
            return out
        if isinstance(stmt, ast.If):
            self.expr(stmt.test, ctx, out)
            branch = Event(Kind.BRANCH, stmt, stack=ctx.sites)
            branch.children = [
                Event(Kind.ARM, stmt, children=self.block(stmt.body, ctx)),
                Event(Kind.ARM, stmt, children=self.block(stmt.orelse, ctx)),
            ]
            out.append(branch)
            return out
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            grad: bool | None = None
            for item in stmt.items:
                g = no_grad_context(self.program, item.context_expr)
                if g is not None:
                    grad = g
                else:
                    self.expr(item.context_expr, ctx, out)
            body = self.block(stmt.body, ctx)
            if grad is None:
                out.extend(body)
            else:
                out.append(Event(Kind.NO_GRAD, stmt, children=body, info={"enable": not grad}, stack=ctx.sites))
            return out
        if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            out.extend(self.block(stmt.body, ctx))  # type: ignore[attr-defined]
            out.extend(self.block(stmt.orelse, ctx))  # type: ignore[attr-defined]
            out.extend(self.block(stmt.finalbody, ctx))  # type: ignore[attr-defined]
            return out
        if isinstance(stmt, ast.Match):
            self.expr(stmt.subject, ctx, out)
            branch = Event(Kind.BRANCH, stmt, stack=ctx.sites)
            branch.children = [Event(Kind.ARM, stmt, children=self.block(case.body, ctx)) for case in stmt.cases]
            out.append(branch)
            return out
        if isinstance(stmt, ast.Assign):
            self.expr(stmt.value, ctx, out)
            for target in stmt.targets:
                out.extend(self.targets_assign(target, stmt.value, ctx))
            return out
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.expr(stmt.value, ctx, out)
                out.extend(self.targets_assign(stmt.target, stmt.value, ctx))
            return out
        if isinstance(stmt, ast.AugAssign):
            self.expr(stmt.value, ctx, out)
            target = stmt.target
            if isinstance(target, ast.Attribute) and target.attr == "grad":
                out.append(Event(Kind.GRAD_WRITE, stmt, stack=ctx.sites))
                return out
            sp = ctx.sub(dotted(target))
            if sp is None and isinstance(target, ast.Subscript):
                sp = ctx.sub(dotted(target.value))
            if isinstance(stmt.op, (ast.Add, ast.Sub)) and sp is not None:
                out.append(Event(Kind.ACCUMULATE, stmt, sp, {"value": stmt.value, "how": "+=", "subst": ctx.subst}, stack=ctx.sites))
            return out
        for child in self.program.children(stmt):
            if isinstance(child, ast.expr):
                self.expr(child, ctx, out)
        return out

    def targets_assign(self, target: ast.AST, value: ast.AST | None, ctx: _Ctx) -> list[Event]:
        out: list[Event] = []
        for t in ([target] if not isinstance(target, (ast.Tuple, ast.List)) else list(target.elts)):
            if isinstance(t, ast.Starred):
                t = t.value
            if isinstance(t, ast.Attribute) and t.attr == "grad":
                if isinstance(value, ast.Constant) and value.value is None:
                    out.append(Event(Kind.ZERO_GRAD, t, None, {"how": "grad=None"}, stack=ctx.sites))
                else:
                    out.append(Event(Kind.GRAD_WRITE, t, stack=ctx.sites))
                continue
            if isinstance(t, (ast.Tuple, ast.List)):
                out.extend(self.targets_assign(t, None, ctx))
                continue
            sp = ctx.sub(dotted(t))
            if sp is not None:
                single = value if not isinstance(target, (ast.Tuple, ast.List)) else None
                out.append(Event(Kind.ASSIGN, t, sp, {"value": single, "subst": ctx.subst, "tuple_value": value}, stack=ctx.sites))
        return out

    # -- expressions --------------------------------------------------------------------
    def expr(self, node: ast.AST, ctx: _Ctx, out: list[Event]) -> None:
        """Events of the calls in ``node``, arguments before the call that uses them."""
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                if not (func.attr in GRAD_CLEAR_METHODS and _mentions_grad(func.value)):
                    self.expr(func.value, ctx, out)
            for arg in node.args:
                self.expr(arg, ctx, out)
            for kw in node.keywords:
                self.expr(kw.value, ctx, out)
            self.call(node, ctx, out)
            return
        if isinstance(node, ast.Attribute) and node.attr == "grad" and isinstance(node.ctx, ast.Load):
            out.append(Event(Kind.GRAD_READ, node, stack=ctx.sites))
        for child in self.program.children(node):
            self.expr(child, ctx, out)

    def call(self, call: ast.Call, ctx: _Ctx, out: list[Event]) -> None:
        program, objs = self.program, self.objs
        func = call.func
        qual = program.call_name(call)
        method = func.attr if isinstance(func, ast.Attribute) else None
        receiver = ctx.sub(dotted(func.value)) if isinstance(func, ast.Attribute) else None
        args = list(call.args)
        sites = ctx.sites

        def add(kind: str, subject: str | None = None, **info: Any) -> None:
            out.append(Event(kind, call, subject, info, stack=sites))

        clip = _clip_name(qual, method, call)
        if clip is not None:
            add(Kind.CLIP, None, via=clip, measure_only=_measure_only(call))
            return
        if method == "unscale_" and objs.kind(receiver) == "scaler":
            add(Kind.UNSCALE, objs.canonical(_spelling(args[0], ctx)) if args else None)
            return
        if qual in ("torch.autograd.backward",):
            add(Kind.BACKWARD, _spelling(args[0], ctx) if args else None, via="tensor")
            return
        if method == "backward" and qual is not None and objs.kind(receiver) is None:
            add(Kind.BACKWARD, None, via="engine")  # dist_autograd.backward(ctx, ...) and friends
            return
        if qual in ("torch.autograd.grad",):
            add(Kind.GRAD_READ, autograd=True)
            return
        if qual and qual.endswith(".optimizer_step") and qual.startswith("torch_xla"):
            add(Kind.STEP, _spelling(args[0], ctx) if args else None, xla=True)
            return
        if method == "backward":
            loss, via = self.backward_kind(call, receiver, ctx)
            add(Kind.BACKWARD, loss, via=via)
            return
        if method == "manual_backward":
            add(Kind.BACKWARD, _spelling(args[0], ctx) if args else None, via="manual")
            return
        if method in GRAD_CLEAR_METHODS and _mentions_grad(func.value):  # type: ignore[union-attr,attr-defined]
            add(Kind.ZERO_GRAD, None, how="grad.zero_")
            return
        if method == "step":
            self.step_call(call, receiver, ctx, out)
            return
        if method in ("first_step", "second_step") and objs.kind(receiver) == "optimizer":
            add(Kind.STEP, receiver, sam=True)
            return
        if method == "zero_grad":
            add(Kind.ZERO_GRAD, objs.canonical(receiver) if receiver else None)
            return
        if method == "eval" and not args and not call.keywords and receiver is not None:
            root = _chain_receiver(func.value, ctx)  # type: ignore[union-attr,attr-defined]
            add(Kind.EVAL, objs.canonical(root))
            return
        if method == "train":
            arg = args[0] if args else next((k.value for k in call.keywords if k.arg == "mode"), None)
            mode: bool | None
            if arg is None:
                mode = True
            elif isinstance(arg, ast.Constant) and isinstance(arg.value, bool):
                mode = arg.value
            else:
                mode = None
            root = _chain_receiver(func.value, ctx)  # type: ignore[union-attr,attr-defined]
            if mode is False:
                add(Kind.EVAL, objs.canonical(root), literal_train=True)
            else:
                add(Kind.TRAIN, objs.canonical(root), mode=mode)
            return
        if method == "load_state_dict" and receiver is not None:
            add(Kind.LOAD, objs.canonical(receiver))
            return
        if method == "append" and len(args) == 1 and receiver is not None and not call.keywords:
            out.append(Event(Kind.ACCUMULATE, call, receiver, {"value": args[0], "how": "append", "subst": ctx.subst}, stack=sites))
            return
        resolved = self.resolve(func, ctx)
        if resolved is not None:
            self.inline(call, resolved, ctx, out, closure=False)
            return
        if qual is not None and self.expand_summary(call, qual, ctx, out):
            return
        raw = dotted(func)
        called = ctx.sub(raw)
        known = called is not None and (objs.is_model(called) or (raw in objs.evidence_models and objs.kind(called) is None))
        if known and qual is None:
            add(Kind.MODEL_CALL, objs.canonical(called))
            return
        if called == "self" and ctx.cls is not None and self.classes.get(ctx.cls) and self.classes[ctx.cls].is_torch_module:
            add(Kind.MODEL_CALL, ctx.sub("self"))
            return
        if method in ("forward", "generate") and receiver is not None and objs.is_model(receiver):
            add(Kind.MODEL_CALL, objs.canonical(receiver), no_grad_inside=method == "generate")
            return
        if qual is None and ctx.scopes and called is not None and objs.kind(called) is None:
            target = called if method not in ("forward", "generate") else receiver
            head = target.split(".")[0] if target is not None else None
            if head not in (None, "self", "cls") and head in parameter_names(ctx.scopes[-1]):
                add(Kind.PARAM_CALL, target, no_grad_inside=method == "generate")
                return
        self.maybe_opaque(call, qual, ctx, out)

    def backward_kind(self, call: ast.Call, receiver: str | None, ctx: _Ctx) -> tuple[str | None, str]:
        func = call.func
        value = func.value  # type: ignore[attr-defined]
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in SCALE_METHODS:
            loss = _spelling(value.args[0], ctx) if value.args else None
            return loss, "scaled"
        kind = self.objs.kind(receiver)
        if kind == "accelerator" or (receiver and receiver.rsplit(".", 1)[-1] in ("accelerator", "fabric")):
            return (_spelling(call.args[0], ctx) if call.args else None), "accelerator"
        if kind in ("engine", "model") or (receiver and "engine" in receiver.rsplit(".", 1)[-1].lower()):
            return (_spelling(call.args[0], ctx) if call.args else None), "engine"
        if call.args:
            first = _spelling(call.args[0], ctx)
            if first and "loss" in first.rsplit(".", 1)[-1].lower():
                return first, "engine"
        return _spelling(value, ctx), "tensor"

    def step_call(self, call: ast.Call, receiver: str | None, ctx: _Ctx, out: list[Event]) -> None:
        objs = self.objs
        kind = objs.kind(receiver)
        sites = ctx.sites
        has_args = bool(call.args or call.keywords)
        if kind == "scaler":
            opt = _spelling(call.args[0], ctx) if call.args else None
            out.append(Event(Kind.STEP, call, objs.canonical(opt), {"scaler": receiver}, stack=sites))
            return
        if kind == "scheduler":
            out.append(Event(Kind.SCHED_STEP, call, objs.canonical(receiver), {"has_args": has_args}, stack=sites))
            return
        if kind is None and not has_args and receiver is None:
            # ``rref.rpc_sync().step()``: some step we cannot name; rules stay silent on it.
            out.append(Event(Kind.STEP, call, None, {"unknown": True}, stack=sites))
            return
        if kind in ("optimizer", "engine"):
            closure = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "closure"), None)
            if closure is not None:
                resolved = self.resolve(closure, ctx)
                if resolved is not None:
                    self.inline(call, resolved, ctx, out, closure=True)
                elif isinstance(closure, ast.Lambda):
                    inner: list[Event] = []
                    self.expr(closure.body, ctx, inner)
                    out.append(Event(Kind.CALL, call, None, {"closure": True}, children=inner, stack=sites))
            out.append(
                Event(Kind.STEP, call, objs.canonical(receiver), {"closure": closure is not None, "engine": kind == "engine"}, stack=sites)
            )

    def inline(self, call: ast.Call, resolved: tuple[FuncNode, str | None, str | None], ctx: _Ctx, out: list[Event], closure: bool) -> None:
        function, cls, self_spelling = resolved
        self.counter += 1
        if function in ctx.functions or len(ctx.functions) > MAX_DEPTH or self.counter > MAX_INLINED:
            self.maybe_opaque(call, None, ctx, out, force=True)
            return
        subst = self.bind(function, call, ctx, cls is not None, self_spelling, closure)
        params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        for param in (*params, *(a.arg for a in function.args.kwonlyargs)):
            subst.setdefault(param, param)
        if self_spelling is None and cls is not None and ctx.cls == cls and "self" in ctx.subst:
            subst.setdefault("self", ctx.subst["self"])
        scopes = self.scopes_of.get(id(function), ())
        inner_ctx = _Ctx(subst, (*ctx.functions, function), (*scopes, function), cls if cls is not None else ctx.cls if not scopes else ctx.cls, (*ctx.sites, call))
        body = self.block(function.body, inner_ctx)
        if is_no_grad_decorated(self.program, function):
            body = [Event(Kind.NO_GRAD, call, children=body, stack=inner_ctx.sites)]
        out.append(Event(Kind.CALL, call, None, {"function": function, "closure": closure}, children=body, stack=ctx.sites))

    def bind(self, function: FuncNode, call: ast.Call, ctx: _Ctx, method: bool, self_spelling: str | None, closure: bool = False) -> dict[str, str]:
        """The caller's spelling of each parameter the call passes (``optimizer`` -> ``opt``)."""
        subst: dict[str, str] = {}
        params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        offset = 0
        if method and params and params[0] in ("self", "cls"):
            if self_spelling is not None:
                subst[params[0]] = self_spelling
            offset = 1
        call_args = [] if closure else call.args
        for param, arg in zip(params[offset:], call_args):
            if isinstance(arg, ast.Starred):
                break
            subst[param] = _spelling(arg, ctx) or self.inline_argument(arg)
        kwnames = {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}
        for kw in ([] if closure else call.keywords):
            if kw.arg in kwnames:
                subst[kw.arg] = _spelling(kw.value, ctx) or self.inline_argument(kw.value)
        return subst

    def expand_summary(self, call: ast.Call, qual: str, ctx: _Ctx, out: list[Event]) -> bool:
        """A call of a function from another module of the project: its summary's events,
        with the callee's parameters spelled as the caller's arguments, all placed at the
        call site (the callee's own lines belong to the other file)."""
        from nnlint.analysis.summaries import summary

        found = summary(self.program, qual)
        if found is None:
            return False
        subst = self.bind(found.function, call, ctx, False, None)
        children = found.instantiate(call, subst, ctx.sites, self.objs.is_model)
        out.append(Event(Kind.CALL, call, None, {"function": found.function, "closure": False, "external": True}, children=children, stack=ctx.sites))
        return True

    def inline_argument(self, value: ast.AST) -> str:
        """A spelling for an argument that is no name (``SGD(net.parameters())``), tracked when
        it builds a training object so the callee's ``optimizer.step()`` is still an event."""
        spelling = f"?{id(value)}"
        track_argument(self.program, self.objs, spelling, value)
        return spelling

    def maybe_opaque(self, call: ast.Call, qual: str | None, ctx: _Ctx, out: list[Event], force: bool = False) -> None:
        if not force:
            if qual is not None and qual.split(".")[0] in HARMLESS_ROOTS:
                return
            if isinstance(call.func, ast.Name) and call.func.id in BUILTINS:
                return
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("append", "extend", "add", "update", "item", "to", "size", "format", "join"):
                if call.func.attr != "update" or not isinstance(call.func.value, ast.Name):
                    return
        subjects = []
        for arg in (*call.args, *(k.value for k in call.keywords)):
            sp = _spelling(arg, ctx)
            if sp is not None and self.objs.kind(sp) in ("optimizer", "model", "engine", "scheduler"):
                subjects.append(self.objs.canonical(sp))
        if subjects:
            out.append(Event(Kind.OPAQUE, call, None, {"subjects": tuple(subjects)}, stack=ctx.sites))


def parameter_names(function: FuncNode) -> tuple[str, ...]:
    """Every parameter a call can bind by name or position, in order (``self`` included)."""
    args = function.args
    return tuple(a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs))


def _spelling(node: ast.AST, ctx: _Ctx) -> str | None:
    return ctx.sub(dotted(node))


def _chain_receiver(node: ast.AST, ctx: _Ctx) -> str | None:
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("to", "cuda", "cpu", "float", "half", "requires_grad_", "eval", "train"):
        node = node.func.value
    return ctx.sub(dotted(node))


def _mentions_grad(node: ast.AST) -> bool:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(node, ast.Attribute):
            if node.attr == "grad":
                return True
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            node = node.func
    return False


# Gradient clipping, in every spelling a training loop uses (NN301-NN303 read CLIP events).
CLIP_NAMES = frozenset(
    {
        "clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "clip_grad_value",
        "clip_grads_with_norm_", "clip_gradients", "dispatch_clip_grad", "clip_grad",
        "clip_by_global_norm", "clip_grad_norm_fp32",
    }
)


def _clip_name(qual: str | None, method: str | None, call: ast.Call) -> str | None:
    name = method or (qual.rsplit(".", 1)[-1] if qual else None)
    if name is None and isinstance(call.func, ast.Name):
        name = call.func.id
    if name in CLIP_NAMES:
        return name
    if name == "register_hook" and call.args:
        text = ast.dump(call.args[0])
        if "'clamp" in text or "'clip" in text:
            return "register_hook"
    return None


def _measure_only(call: ast.Call) -> bool:
    """``clip_grad_norm_(params, max_norm=inf)`` only measures the norm."""
    limit = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg in ("max_norm", "clip_value", "max_grad_norm")), None
    )
    if limit is None:
        return False
    if isinstance(limit, ast.Constant) and isinstance(limit.value, (int, float)):
        return limit.value >= 1e6
    if isinstance(limit, ast.Attribute) and limit.attr == "inf":
        return True
    if isinstance(limit, ast.Call) and isinstance(limit.func, ast.Name) and limit.func.id == "float":
        return bool(limit.args) and isinstance(limit.args[0], ast.Constant) and str(limit.args[0].value).lower() in ("inf", "+inf", "infinity")
    return False


def visible_node(event: Event, other: Event) -> ast.AST:
    """Where to report ``event`` so the user sees it next to ``other``: the event's own node
    when both run in the same function, else the call (in the function they share) through
    which ``event`` was reached, e.g. ``clear(model)`` rather than the helper's body."""
    shared = 0
    for a, b in zip(event.stack, other.stack):
        if a is not b:
            break
        shared += 1
    if len(event.stack) > shared:
        return event.stack[shared]
    return event.node
