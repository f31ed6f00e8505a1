"""NN106: a running total or list keeps loss tensors (and their graphs) across iterations."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Event, Kind
from nnlint.analysis.program import Program
from nnlint.analysis.training import live_loss, names_in, training_loops
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class LossAccumulatedWithGraph(Rule):
    """
    ## What it does
    Finds a running total (`total += loss`, `total = total + loss`) or a list
    (`losses.append(loss)`) that collects the loss *tensor* inside a training loop, is
    defined outside the loop and is never backpropagated itself. Also a record holding it
    (`outputs.append({"loss": loss})`), and per-component totals over the terms of a summed
    loss (`for name, term in losses.items(): totals[name] += term`).

    ## Why is this bad?
    A loss tensor holds its whole autograd graph: activations of every layer for the batch.
    Summing or storing the tensor keeps every batch's graph alive, so memory grows each
    iteration until the process runs out of memory, and the epoch slows down.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    total_loss = 0.0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    total_loss = 0.0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    ```

    ## Known problems
    Only losses whose latest assignment is visible (a criterion or functional loss output,
    or a tensor backpropagated in the loop) are followed; an element unpacked from a call
    (`loss, mse, ce = loss_fn(...)`) counts when every `return` of `loss_fn` (in this module
    or another of the project) has a loss term at that position.

    ## Fix safety
    The fix takes the number out of the tensor: `total += loss.item()`,
    `losses.append(loss.item())`. It is safe for a running total that starts from a number
    (`total = 0.0`): the total stays a Python number. Otherwise it is unsafe: later code may use
    the total or the list as tensors (`torch.stack(losses)`, `total.item()`), and `.item()`
    fails on a loss that is not a scalar.

    ## References
    - https://pytorch.org/docs/stable/notes/faq.html#my-model-reports-cuda-runtime-error-2-out-of-memory
    """

    code = "NN106"
    name = "loss-accumulated-with-graph"
    message = "{text} keeps the loss tensor and its autograd graph alive across iterations"
    needs = ("backward",)
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for root, loop in training_loops(program):
            for acc in loop.walk():
                if acc.kind == Kind.ASSIGN and _self_sum(acc):
                    value = acc.info["value"]
                elif acc.kind == Kind.ACCUMULATE:
                    value = acc.info["value"]
                else:
                    continue
                if id(acc.node) in reported or acc.under_no_grad():
                    continue
                inner = _innermost_training_loop(acc)
                if inner is not loop:
                    continue
                if not any(live_loss(program, root, acc, part, loop) for part in _parts(value)):
                    continue
                if any(e.kind == Kind.ASSIGN and e.subject == acc.subject and e.order < acc.order and not _self_sum(e) for e in loop.walk()):
                    continue
                if _backpropagated(root, acc.subject):
                    continue
                reported.add(id(acc.node))
                statement = _statement(program, acc.node)
                yield self.report(program, statement, text=program.text(statement))


    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.analysis.names import dotted
        from nnlint.diagnostic import Applicability, Fix
        from nnlint.fix import edit_insert, node_at

        stmt = node_at(program, diagnostic, ast.stmt)
        value, target = None, None
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add):
            value, target = stmt.value, stmt.target
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.BinOp) and isinstance(stmt.value.op, ast.Add):
            value, target = stmt.value.right, stmt.targets[0]
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and len(stmt.value.args) == 1:
            value = stmt.value.args[0]
        if value is None or isinstance(value, (ast.Starred, ast.Dict, ast.Tuple, ast.List)):
            return None
        line, col, end_line, end_col = program.position(value)
        simple = isinstance(value, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))
        edits = (edit_insert(end_line, end_col, ".item()"),) if simple else (
            edit_insert(line, col, "("), edit_insert(end_line, end_col, ").item()"))
        spelling = dotted(target) if target is not None else None
        starts_from_number = spelling is not None and any(
            isinstance(node, ast.Assign)
            and [dotted(t) for t in node.targets] == [spelling]
            and isinstance(node.value, ast.Constant)
            and type(node.value.value) in (int, float)
            for node in program.nodes
        )
        safety = Applicability.SAFE if starts_from_number else Applicability.UNSAFE
        return Fix("Accumulate loss.item()", edits, safety)


def _parts(value):  # type: ignore[no-untyped-def]
    """The value itself, or the items of a literal record built around it
    (``outputs.append({"loss": loss, "n": len(x)})``, ``history.append((step, loss))``)."""
    import ast

    if isinstance(value, ast.Dict):
        return list(value.values)
    if isinstance(value, (ast.Tuple, ast.List)):
        return [v for v in value.elts if not isinstance(v, ast.Starred)]
    return [value]


def _self_sum(event: Event) -> bool:
    value = event.info.get("value")
    import ast

    if not isinstance(value, ast.BinOp) or not isinstance(value.op, ast.Add):
        return False
    subst = event.info.get("subst", {})
    return event.subject in names_in(value.left, subst) and isinstance(value.left, (ast.Name, ast.Attribute))


def _innermost_training_loop(event: Event) -> Event | None:
    for ancestor in event.ancestors():
        if ancestor.kind == Kind.LOOP and any(e.kind == Kind.BACKWARD for e in ancestor.walk()):
            return ancestor
    return None


def _backpropagated(root, accumulator: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Whether the accumulator, or a name computed from it, reaches a backward()."""
    if accumulator is None:
        return True
    derived = {accumulator}
    changed = True
    while changed:
        changed = False
        for e in root.events:
            if e.kind in (Kind.ASSIGN, Kind.ACCUMULATE) and e.subject not in derived:
                value = e.info.get("value") or e.info.get("tuple_value")
                if names_in(value, e.info.get("subst")) & derived:
                    derived.add(e.subject)
                    changed = True
    for e in root.events:
        if e.kind == Kind.BACKWARD:
            call = e.node
            exprs = [call.func.value, *call.args] if hasattr(call.func, "value") else list(call.args)
            for expr in exprs:
                if names_in(expr, None) & derived or (e.subject and e.subject in derived):
                    return True
    return False


def _statement(program: Program, node):  # type: ignore[no-untyped-def]
    """The statement holding an accumulation (the parent map is built only for findings)."""
    import ast

    if isinstance(node, ast.stmt):
        return node
    for ancestor in program.ancestors(node):
        if isinstance(ancestor, ast.stmt):
            return ancestor
    return node
