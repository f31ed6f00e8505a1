"""NN107: a recurrent state carried across batches without detach()."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.classes import classes
from nnlint.analysis.events import Event, Kind, no_grad_context
from nnlint.analysis.names import dotted
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_loops
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class HiddenStateNotDetached(Rule):
    """
    ## What it does
    Finds a recurrent hidden state that a training loop feeds back into the model batch after
    batch without `detach()`, while `backward(retain_graph=True)` keeps the old graphs alive.
    Also a state the model keeps on itself between forward calls
    (`out, self.hidden = self.lstm(x, self.hidden)`) that nothing detaches or resets.

    ## Why is this bad?
    The state returned by an RNN remembers every operation that produced it. Fed back
    unchanged, it links each batch's graph to all previous batches. Without
    `retain_graph=True` the second `backward()` raises; the usual "fix",
    `retain_graph=True`, silences the error and makes every backward pass run through the
    whole history: memory and time per batch grow until the run crawls or runs out of memory,
    and gradients flow across batch boundaries that truncated BPTT means to cut.

    ## Example
    ```python
    import torch
    from torch import nn

    model = nn.LSTM(64, 128)
    optimizer = torch.optim.Adam(model.parameters())
    hidden = None
    for x, y in batches:
        optimizer.zero_grad()
        out, hidden = model(x, hidden)
        loss = criterion(out[-1], y)
        loss.backward(retain_graph=True)
        optimizer.step()
    ```

    Use instead:
    ```python
    import torch
    from torch import nn

    model = nn.LSTM(64, 128)
    optimizer = torch.optim.Adam(model.parameters())
    hidden = None
    for x, y in batches:
        optimizer.zero_grad()
        if hidden is not None:
            hidden = tuple(h.detach() for h in hidden)
        out, hidden = model(x, hidden)
        loss = criterion(out[-1], y)
        loss.backward()
        optimizer.step()
    ```

    ## Known problems
    Only loops that call `backward(retain_graph=True)` are reported: without it PyTorch raises
    an error at the second batch, so the mistake cannot stay silent.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.detach.html
    """

    code = "NN107"
    name = "hidden-state-not-detached"
    message = "`{state}` is fed back into `{call}` every batch without detach(), and `{backward}` keeps every graph alive"
    frameworks = frozenset({"torch"})
    needs = ("retain_graph",)

    def check(self, program: Program) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        for _root, loop in training_loops(program):
            retained = [e for e in loop.walk() if e.kind == Kind.BACKWARD and _retains_graph(e.node)]
            if not retained:
                continue
            events = list(loop.walk())
            for event in events:
                if event.kind != Kind.MODEL_CALL or event.under_no_grad():
                    continue
                call = event.node
                if not isinstance(call, ast.Call):
                    continue
                for arg in [*call.args, *(k.value for k in call.keywords)]:
                    state = dotted(arg)
                    if state is None or id(arg) in seen:
                        continue
                    if _fed_back(events, call, state) and not _reset_before(events, loop, event, state, call):
                        seen.add(id(arg))
                        yield self.report(
                            program, arg, state=state, call=program.text(call.func), backward=program.text(retained[0].node)
                        )
            for event in events:
                if event.kind != Kind.MODEL_CALL or event.under_no_grad():
                    continue
                for arg, call in _module_states(program, objects(program).get(event.subject)):
                    if id(arg) not in seen:
                        seen.add(id(arg))
                        yield self.report(
                            program, arg, state=program.text(arg), call=program.text(call.func),
                            backward=program.text(retained[0].node),
                        )


RECURRENT_LAYERS = frozenset(
    f"torch.nn.{name}" for name in ("LSTM", "GRU", "RNN", "LSTMCell", "GRUCell", "RNNCell")
)


def _module_states(program: Program, obj) -> list[tuple[ast.AST, ast.Call]]:  # type: ignore[no-untyped-def]
    """States kept on a module between forward calls: ``out, self.hidden = self.lstm(x,
    self.hidden)`` in a local module class the model is (or holds), where ``self.hidden`` is
    never assigned again outside ``__init__``, detached, or handed to anything else."""
    if obj is None or obj.constructor is None or not obj.constructor.startswith("local:"):
        return []
    local = classes(program)
    found = []
    for name in _held_classes(local, obj.constructor[len("local:"):]):
        info = local[name]
        if info.is_torch_module:
            found += _fed_back_attributes(program, info.node)
    return found


def _held_classes(local: dict, name: str) -> list[str]:  # type: ignore[type-arg]
    """The local class and the local classes its methods construct, transitively."""
    order, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in order or current not in local:
            continue
        order.append(current)
        for node in ast.walk(local[current].node):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in local:
                todo.append(node.func.id)
    return order


def _fed_back_attributes(program: Program, cls: ast.ClassDef) -> list[tuple[ast.AST, ast.Call]]:
    recurrent = set()
    for node in ast.walk(cls):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and program.call_name(node.value) in RECURRENT_LAYERS:
            recurrent |= {dotted(t) for t in node.targets}
    found = []
    for node in ast.walk(cls):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        if dotted(call.func) not in recurrent or _under_no_grad(program, node):
            continue
        targets = node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else [node.targets[0]]
        for arg in call.args:
            state = dotted(arg)
            if state is None or not state.startswith("self.") or state.count(".") != 1:
                continue
            if any(dotted(t) == state for t in targets) and _only_fed_back(program, cls, state, node):
                found.append((arg, call))
    return found


def _under_no_grad(program: Program, node: ast.AST) -> bool:
    return any(
        isinstance(a, ast.With) and any(no_grad_context(program, item.context_expr) for item in a.items)
        for a in program.ancestors(node)
    )


def _only_fed_back(program: Program, cls: ast.ClassDef, state: str, feedback: ast.Assign) -> bool:
    """Every other mention of the state is its ``__init__`` value, an ``is None`` test or a
    returned value, and no code outside the class touches an attribute of that name (a
    training loop that resets ``model.encoder.hidden`` between batches)."""
    init = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
    inside_feedback = {id(n) for n in ast.walk(feedback)}
    inside_init = {id(n) for n in ast.walk(init)} if init is not None else set()
    layers = set()
    for n in ast.walk(init) if init is not None else ():
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and (program.call_name(n.value) or "").startswith("torch.nn."):
            layers |= {dotted(t) for t in n.targets}
    for node in ast.walk(cls):
        if not isinstance(node, ast.Attribute) or dotted(node) != state or id(node) in inside_feedback:
            continue
        if isinstance(node.ctx, ast.Store) and id(node) in inside_init:
            continue
        parent = program.parent(node)
        if isinstance(parent, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in parent.ops):
            continue
        if isinstance(parent, ast.Return) or (isinstance(parent, ast.Tuple) and isinstance(program.parent(parent), ast.Return)):
            continue
        if isinstance(parent, ast.Call) and node in parent.args and dotted(parent.func) in layers:
            continue  # read by one of the module's own torch layers (``self.head(self.state)``)
        return False
    inside_class = {id(n) for n in ast.walk(cls)}
    attr = state.split(".", 1)[1]
    return not any(n.attr == attr and id(n) not in inside_class for n in program.nodes_of(ast.Attribute))


def _retains_graph(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and any(
        k.arg == "retain_graph" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
    )


def _fed_back(events: list[Event], call: ast.Call, state: str) -> bool:
    """The call's result is assigned back to ``state`` (``out, state = model(x, state)``)."""
    return any(
        e.kind == Kind.ASSIGN and e.subject == state and e.info.get("tuple_value", e.info.get("value")) is call
        for e in events
    )


def _reset_before(events: list[Event], loop: Event, use: Event, state: str, call: ast.Call) -> bool:
    """Another assignment to the state inside the loop (detach, repackage, init) or an
    in-place ``state.detach_()`` cuts the history."""
    for e in events:
        if e.kind == Kind.ASSIGN and e.subject == state and e.info.get("tuple_value", e.info.get("value")) is not call:
            return True
    for node in ast.walk(loop.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("detach_", "detach")
            and dotted(node.func.value) == state
        ):
            return True
    return False
