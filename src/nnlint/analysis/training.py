"""Training loops and training iterations, read from the expanded event trees (events.py).

A *training iteration* is, for one optimizer O and one ``step()`` of it, the innermost loop
holding that step that also holds a ``backward()`` (after inlining helpers and closures).
Lightning's ``training_step`` in manual optimisation is an implicit loop iteration
(events.py wraps it in a ``loop`` event). Frameworks that own the loop (Lightning automatic
optimisation, Hugging Face ``Trainer`` subclasses, Keras ``fit``) produce no events here, so
rules built on this module are silent on them.

API (memoised per Program):

- ``training_iterations(program) -> list[Iteration]``: one per (loop, optimizer); fields
  ``root``, ``loop`` (the LOOP event), ``optimizer`` (canonical spelling, or None when the
  step's target is unknown), ``steps``, ``backwards``, ``events`` (the loop's descendants in
  execution order).
- ``training_loops(program) -> list[tuple[Root, Event]]``: every LOOP event that holds a
  backward (directly or through inlined helpers), outermost first.
- ``clears_grads_of(program, zero_grad_event, optimizer, strict)``: whether a ``zero_grad``
  (or ``p.grad = None`` / ``p.grad.zero_()``) clears that optimizer's gradients. ``strict``
  (for NN102) demands that the target is the optimizer itself or the model it trains.
- ``receives(event, optimizer, program)``: an opaque call that gets the optimizer (or its
  model), which may do the clearing or stepping itself.
- ``idle_optimizers(program) -> dict[str, str]``: optimizers (canonical spelling -> the model
  they train) that the module builds and clears but never steps, and never hands to anything
  that could step them: every mention is the assignment, ``zero_grad()``, ``state_dict()``,
  ``param_groups`` or a scheduler's constructor. Only known when the module has no step it
  cannot name (``o.step()`` on an unknown ``o``) and no other stepped optimizer trains that model.
- ``engine_backward(event)``: the backward belongs to an engine that steps and clears itself.
- Loss tensors: ``live_loss(program, root, at, expr, scope)`` (is ``expr`` at event ``at`` a
  loss tensor still attached to its graph), ``detaches(expr)`` (``.item()``, ``.detach()``,
  ``float()``, ``.data``), ``is_loss_call(program, expr)`` (criterion or functional loss),
  ``names_in(expr, subst)`` (dotted spellings an expression reads, after substitution).

Worked example (what NN101 asks)::

    for it in training_iterations(program):
        if not any(clears_grads_of(program, e, it.optimizer) for e in it.events):
            report(min(it.backwards, key=lambda e: e.order))
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from nnlint.analysis.events import Event, Kind, Root, may_hold, roots
from nnlint.analysis.names import dotted
from nnlint.analysis.imports import project_symbol
from nnlint.analysis.objects import classify_constructor, objects
from nnlint.analysis.program import Program


@dataclass(eq=False)
class Iteration:
    root: Root
    loop: Event
    optimizer: str | None
    steps: list[Event] = field(default_factory=list)
    backwards: list[Event] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def before(self, a: Event, b: Event) -> bool:
        return a.order < b.order


def engine_backward(event: Event) -> bool:
    return event.kind == Kind.BACKWARD and event.info.get("via") == "engine"


def _innermost_loop_with_backward(event: Event) -> Event | None:
    for ancestor in event.ancestors():
        if ancestor.kind == Kind.LOOP and any(e.kind == Kind.BACKWARD for e in ancestor.walk()):
            return ancestor
    return None


def training_iterations(program: Program) -> list[Iteration]:
    """The training iterations of the module (see the module docstring)."""
    return program.memo(training_iterations, lambda: _iterations(program))


def _iterations(program: Program) -> list[Iteration]:
    if not may_hold(program, Kind.BACKWARD, Kind.STEP):
        return []
    found: dict[tuple[int, str | None], Iteration] = {}
    for root in roots(program):
        for event in root.events:
            if event.kind != Kind.STEP:
                continue
            loop = _innermost_loop_with_backward(event)
            if loop is None:
                continue
            key = (id(loop), event.subject)
            if key not in found:
                events = list(loop.walk())
                found[key] = Iteration(
                    root, loop, event.subject, backwards=[e for e in events if e.kind == Kind.BACKWARD], events=events
                )
            found[key].steps.append(event)
    return list(found.values())


def training_loops(program: Program) -> list[tuple[Root, Event]]:
    """Loops that hold a backward() (through inlined helpers too), outermost first."""

    def compute() -> list[tuple[Root, Event]]:
        out: list[tuple[Root, Event]] = []
        if not may_hold(program, Kind.BACKWARD):
            return out
        for root in roots(program):
            for event in root.events:
                if event.kind == Kind.LOOP and any(e.kind == Kind.BACKWARD for e in event.walk()):
                    out.append((root, event))
        return out

    return program.memo(training_loops, compute)


_IDLE_USES = frozenset({"zero_grad", "state_dict", "load_state_dict", "param_groups", "defaults"})


def idle_optimizers(program: Program) -> dict[str, str]:
    """Optimizers built and cleared but never stepped (see the module docstring)."""
    return program.memo(idle_optimizers, lambda: _idle_optimizers(program))


def _idle_optimizers(program: Program) -> dict[str, str]:
    objs = objects(program)
    candidates: dict[str, str] = {}
    for sp, obj in objs.by_spelling.items():
        model = objs.model_of(sp)
        if obj.kind == "optimizer" and obj.constructor is not None and model is not None and objs.canonical(sp) == sp:
            candidates[sp] = model
    if not candidates:
        return {}
    stepped: set[str] = set()
    for root in roots(program):
        for event in root.events:
            if event.kind == Kind.STEP:
                target = objs.canonical(event.subject)
                if target is None or event.info.get("engine") or event.info.get("unknown"):
                    return {}
                stepped.add(target)
            elif event.kind == Kind.OPAQUE:
                for subject in event.info.get("subjects", ()):
                    candidates.pop(objs.canonical(subject) or "", None)
    for call in program.nodes_of(ast.Call):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("step", "first_step", "second_step", "optimizer_step"):
            receiver = dotted(func.value)
            if receiver is None or objs.kind(receiver) not in ("optimizer", "scheduler", "scaler"):
                return {}
    for sp in stepped:
        candidates.pop(sp, None)
        stepped_obj = objs.get(sp)
        mentioned = names_in(stepped_obj.node) if stepped_obj is not None else set()
        for idle, model in list(candidates.items()):
            if objs.model_of(sp) == model or model in mentioned:
                candidates.pop(idle)
    for node in [*program.nodes_of(ast.Name), *program.nodes_of(ast.Attribute)]:  # any order: a set is emptied
        if not candidates:
            break
        spelling = dotted(node)
        if spelling is None:
            continue
        target = spelling if spelling in candidates else objs.canonical(spelling)
        if target in candidates and not _idle_use(program, node):
            candidates.pop(target)
    return {sp: model for sp, model in candidates.items() if not objs.is_frozen(model)}


def _idle_use(program: Program, node: ast.AST) -> bool:
    if isinstance(node.ctx, ast.Store):  # type: ignore[attr-defined]
        return True
    parent = program.parent(node)
    if isinstance(parent, ast.Attribute) and parent.value is node:
        return parent.attr in _IDLE_USES
    if isinstance(parent, ast.Call) and node in parent.args:
        return classify_constructor(program, parent)[0] == "scheduler"
    if isinstance(parent, ast.keyword):
        call = program.parent(parent)
        return isinstance(call, ast.Call) and classify_constructor(program, call)[0] == "scheduler"
    return False


def clears_grads_of(program: Program, event: Event, optimizer: str | None, strict: bool = False) -> bool:
    """Whether ``event`` (a ZERO_GRAD) clears the gradients ``optimizer`` will use."""
    if event.kind != Kind.ZERO_GRAD:
        return False
    objs = objects(program)
    target = objs.canonical(event.subject)
    if target is None:
        return not strict
    opt = objs.canonical(optimizer)
    if target == opt or (target.endswith(".optimizer") and target[: -len(".optimizer")] == opt):
        return True  # opt.optimizer.zero_grad() on a wrapper
    model = objs.model_of(optimizer)
    if model is not None and target == model:
        return True
    if strict:
        return False
    kind = objs.kind(target)
    if kind in ("optimizer", "engine"):
        return opt is None
    if kind == "model":
        return model is None
    return True


def receives(event: Event, optimizer: str | None, program: Program) -> bool:
    """An opaque call that is handed the optimizer (or its model) and may clear or step it."""
    if event.kind != Kind.OPAQUE:
        return False
    objs = objects(program)
    subjects = {objs.canonical(s) for s in event.info.get("subjects", ())}
    opt = objs.canonical(optimizer)
    model = objs.model_of(optimizer)
    if opt is None:
        return bool(subjects)
    return opt in subjects or (model is not None and model in subjects) or any(objs.kind(s) == "engine" for s in subjects)


# -- loss tensors (NN106, and later NN107) ---------------------------------------------------

_DETACHING_METHODS = frozenset({"item", "detach", "cpu", "tolist", "numpy", "detach_"})
_DETACHING_FUNCTIONS = frozenset({"float", "int", "round", "str"})
_LOSS_FUNCTIONS = re.compile(r"loss|cross_entropy|kl_div|ctc|nll|triplet_margin|cosine_embedding")
_WEIGHTS_NAME = re.compile(r"weight|coef|lambda|scale|factor", re.I)
_CRITERION_NAME = re.compile(r"criterion|loss_f|lossfn|loss_fn|loss_func|compute_loss", re.I)


def detaches(expr: ast.AST) -> bool:
    """``loss.item()``, ``loss.detach().cpu()``, ``float(loss)``, ``loss.data``."""
    node = expr
    while True:
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                if node.func.attr in _DETACHING_METHODS:
                    return True
                node = node.func.value
                continue
            if isinstance(node.func, ast.Name) and node.func.id in _DETACHING_FUNCTIONS:
                return True
            return False
        if isinstance(node, ast.Attribute):
            if node.attr == "data":
                return True
            node = node.value
            continue
        return False


def is_loss_call(program: Program, expr: ast.AST, subst: dict[str, str] | None = None) -> bool:
    """A criterion or functional loss output: ``criterion(out, y)``, ``F.cross_entropy(...)``."""
    if not isinstance(expr, ast.Call):
        return False
    qual = program.call_name(expr)
    if qual is not None:
        last = qual.rsplit(".", 1)[-1]
        return qual.startswith("torch.nn.functional.") and bool(_LOSS_FUNCTIONS.search(last))
    spelling = dotted(expr.func)
    if spelling is None:
        return False
    head, _, rest = spelling.partition(".")
    if subst and head in subst:
        spelling = subst[head] + ("." + rest if rest else "")
    objs = objects(program)
    return objs.kind(spelling) == "loss" or bool(_CRITERION_NAME.search(spelling.rsplit(".", 1)[-1]))


def live_loss(program: Program, root: Root, at: Event, expr: ast.AST, scope: Event, depth: int = 0) -> bool:
    """Whether ``expr`` evaluated at ``at`` is a loss tensor still attached to its graph:
    a name whose latest assignment is a criterion/loss output (or that is backpropagated in
    ``scope``), or arithmetic and ``.mean()``/``.sum()`` on one; never after ``.item()``,
    ``.detach()``, ``.cpu()``, ``float()``, ``.data``."""
    if depth > 4 or detaches(expr):
        return False
    subst = at.info.get("subst", {})
    if isinstance(expr, ast.BinOp):
        return live_loss(program, root, at, expr.left, scope, depth + 1) or live_loss(program, root, at, expr.right, scope, depth + 1)
    if is_loss_call(program, expr, subst):
        return True
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in ("mean", "sum", "clone"):
        return live_loss(program, root, at, expr.func.value, scope, depth + 1)
    if not isinstance(expr, (ast.Name, ast.Attribute)):
        return False
    spelling = dotted(expr)
    if spelling is None:
        return False
    head, _, rest = spelling.partition(".")
    if head in subst:
        spelling = subst[head] + ("." + rest if rest else "")
    latest = None
    for event in root.events:
        if event.order >= at.order:
            break
        if event.kind == Kind.ASSIGN and event.subject == spelling:
            latest = event
    if latest is None:
        return False
    value = latest.info.get("value")
    if value is None:
        if any(e.kind == Kind.BACKWARD and e.subject == spelling and e.info.get("via") != "engine" for e in scope.walk()):
            return True  # ``loss, logs = step(batch)`` then ``loss.backward()``
        return _returned_loss(program, latest) or _element_of_loss_container(program, root, latest, scope)
    if detaches(value):
        return False
    if is_loss_call(program, value, latest.info.get("subst")):
        return True
    backpropagated = any(
        e.kind == Kind.BACKWARD and e.subject == spelling and e.info.get("via") != "engine" for e in scope.walk()
    )
    if backpropagated:
        return True
    if isinstance(value, ast.BinOp):
        return live_loss(program, root, latest, value, scope, depth + 1)
    return False


def _returned_loss(program: Program, target: Event) -> bool:
    """``loss, mse, ce = loss_fn(...)``: the element of the tuple the target receives is a loss
    term in every ``return`` of ``loss_fn``, a function of this module or of another module
    of the project (``return mse + ce, mse, ce`` with ``mse = F.mse_loss(...)``)."""
    call = target.info.get("tuple_value")
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
        return False
    assign = program.parent(call)
    targets = assign.targets if isinstance(assign, ast.Assign) and assign.value is call else []
    unpacked = next((t for t in targets if isinstance(t, ast.Tuple)), None)
    if unpacked is None or target.node not in unpacked.elts:
        return False
    index = unpacked.elts.index(target.node)
    where: Program = program
    function: ast.AST | None = next((f for f in program.tree.body if isinstance(f, ast.FunctionDef) and f.name == call.func.id), None)
    if function is None:
        symbol = project_symbol(program, program.qualname(call.func))
        where, function = (symbol.program, symbol.node) if symbol is not None else (program, None)
    if not isinstance(function, ast.FunctionDef):
        return False
    returns = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
    if not returns or not all(isinstance(r, ast.Tuple) and len(r.elts) == len(unpacked.elts) for r in returns):
        return False
    assigned = {
        t.id: n.value for n in ast.walk(function) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
    }
    for value in returns:
        element = value.elts[index]  # type: ignore[union-attr]
        if isinstance(element, ast.Name):
            element = assigned.get(element.id, element)
        if not is_loss_call(where, element):
            return False
    return True


def _element_of_loss_container(program: Program, root: Root, target: Event, scope: Event) -> bool:
    """A loop variable over a container of loss terms: ``for name, term in losses.items()``
    (or ``losses.values()``) where ``losses`` is summed into a loss that is backpropagated
    (``loss = sum(losses.values()); loss.backward()``), so every term holds the graph."""
    loop = target.parent
    if loop is None or loop.kind != Kind.LOOP:
        return False
    it, pattern = loop.info.get("iter"), loop.info.get("target")
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and not it.args and not it.keywords):
        return False
    if not (
        (it.func.attr == "values" and pattern is target.node)
        or (it.func.attr == "items" and isinstance(pattern, ast.Tuple) and len(pattern.elts) == 2 and pattern.elts[1] is target.node)
    ):
        return False
    container = _substituted(it.func.value, target.info.get("subst"))
    if container is None or _WEIGHTS_NAME.search(container.rsplit(".", 1)[-1]):
        return False
    built = None
    for event in root.events:
        if event.order >= loop.order:
            break
        if event.kind == Kind.ASSIGN and event.subject == container:
            built = event.info.get("value")
    terms = built.values if isinstance(built, ast.Dict) else None
    if not (isinstance(built, ast.Call) or (terms and any(not isinstance(t, ast.Constant) for t in terms))):
        return False  # only a dict some call returns, or a literal of computed terms (not weights)
    return _summed_into_backward(root, loop, container, scope)


def _substituted(expr: ast.AST, subst: dict[str, str] | None) -> str | None:
    spelling = dotted(expr)
    if spelling is None:
        return None
    head, _, rest = spelling.partition(".")
    if subst and head in subst:
        spelling = subst[head] + ("." + rest if rest else "")
    return spelling


def _summed_into_backward(root: Root, at: Event, container: str, scope: Event) -> bool:
    """Whether a backward in ``scope`` runs on a loss assigned (before ``at``) from the
    container's terms: ``sum(losses.values())``, ``losses["box"] + losses["cls"]``."""
    for backward in scope.walk():
        if backward.kind != Kind.BACKWARD or backward.info.get("via") == "engine" or backward.subject is None:
            continue
        latest = None
        for event in root.events:
            if event.order >= min(at.order, backward.order):
                break
            if event.kind == Kind.ASSIGN and event.subject == backward.subject:
                latest = event
        value = latest.info.get("value") if latest is not None else None
        if value is None or detaches(value):
            continue
        subst = latest.info.get("subst")  # type: ignore[union-attr]
        for node in ast.walk(value):
            if isinstance(node, ast.Subscript):
                inner = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("values", "items"):
                inner = node.func.value
            else:
                continue
            if _substituted(inner, subst) == container:
                return True
    return False


def names_in(expr: ast.AST | None, subst: dict[str, str] | None = None) -> set[str]:
    """Dotted spellings read by an expression (after parameter substitution)."""
    found: set[str] = set()
    if expr is None:
        return found
    for node in ast.walk(expr):
        if isinstance(node, (ast.Name, ast.Attribute)):
            spelling = dotted(node)
            if spelling is None:
                continue
            head, _, rest = spelling.partition(".")
            if subst and head in subst:
                spelling = subst[head] + ("." + rest if rest else "")
            found.add(spelling)
    return found
