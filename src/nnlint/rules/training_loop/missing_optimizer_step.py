"""NN103: backward() in a training loop whose optimizer is never stepped."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.events import Kind, may_hold, roots
from nnlint.analysis.names import dotted
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import idle_optimizers
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

_TRAINING_VIA = ("tensor", "scaled", "accelerator", "manual")
_ACCELERATOR_METHODS = frozenset(
    {
        "prepare", "prepare_model", "prepare_optimizer", "prepare_scheduler", "accumulate", "no_sync",
        "autocast", "unwrap_model", "setup", "setup_module", "setup_optimizers", "no_backward_sync",
    }
)


class MissingOptimizerStep(Rule):
    """
    ## What it does
    Finds loops that call `backward()` while an optimizer exists, but never step it: no
    `optimizer.step()`, `scaler.step(optimizer)`, `xm.optimizer_step(optimizer)`, engine
    step, or helper that receives the optimizer. With several optimizers (GANs), also finds
    the backward that follows `opt_d.zero_grad()` when `opt_d` is stepped nowhere, although
    another optimizer is.

    ## Why is this bad?
    The gradients are computed and thrown away: the weights never change, the loss stays
    flat, and every epoch costs the full price of training.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Known problems
    Loops that use gradients for something else (manual SGD, adversarial examples,
    saliency, Fisher information) are recognised by their reads of `.grad` or
    `torch.autograd.grad` and are not reported.

    ## References
    - https://pytorch.org/docs/stable/optim.html#taking-an-optimization-step
    """

    code = "NN103"
    name = "missing-optimizer-step"
    message = "training loop calls {backward} but never steps the optimizer"
    idle_message = "{backward} follows {optimizer}.zero_grad(), but {optimizer} is never stepped"
    needs = ("backward",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if not may_hold(program, Kind.BACKWARD):
            return
        objs = objects(program)
        reported: set[int] = set()
        for root in roots(program):
            backwards = [e for e in root.events if e.kind == Kind.BACKWARD]
            if not backwards:
                continue
            if any(e.info.get("via") not in _TRAINING_VIA for e in backwards):
                continue
            blocked = False
            for e in root.events:
                if e.kind in (Kind.STEP, Kind.GRAD_READ, Kind.GRAD_WRITE):
                    blocked = True
                elif e.kind == Kind.OPAQUE and not _accelerator_call(e, objs) and any(
                    objs.kind(s) in ("optimizer", "engine", "model") for s in e.info.get("subjects", ())
                ):
                    blocked = True
                if blocked:
                    break
            if blocked:
                continue
            if not (objs.has_optimizer() or _optimizer_parameter(root, objs) or _optimizer_used(root, objs)):
                continue
            if root.function is not None and _steps_in_nested_function(root.function):
                continue  # a hook or callback defined here steps (post-accumulate-grad hooks)
            for backward in backwards:
                if backward.enclosing(Kind.LOOP) is None or id(backward.node) in reported:
                    continue
                reported.add(id(backward.node))
                yield self.report(program, backward.node, backward=program.text(backward.node))
        idle = idle_optimizers(program)
        if idle:
            for root in roots(program):
                for backward, optimizer in _idle_backwards(root, idle, objs):
                    if id(backward.node) in reported:
                        continue
                    reported.add(id(backward.node))
                    yield self.report(
                        program, backward.node, message=self.idle_message,
                        backward=program.text(backward.node), optimizer=optimizer,
                    )


def _idle_backwards(root, idle: dict[str, str], objs):  # type: ignore[no-untyped-def]
    """(backward, optimizer) where an idle optimizer is cleared, its model runs, and the next
    backward of the same loop body follows, before any other optimizer is cleared (GANs)."""
    if any(e.kind in (Kind.GRAD_READ, Kind.GRAD_WRITE) for e in root.events):
        return
    if root.function is not None and _steps_in_nested_function(root.function):
        return
    for clear in root.events:
        optimizer = objs.canonical(clear.subject) if clear.kind == Kind.ZERO_GRAD else None
        loop = clear.enclosing(Kind.LOOP)
        if optimizer not in idle or loop is None:
            continue
        model_ran = False
        for event in loop.walk():
            if event.order <= clear.order:
                if event.kind == Kind.MODEL_CALL and objs.canonical(event.subject) == idle[optimizer]:
                    model_ran = True
                continue
            if event.kind == Kind.ZERO_GRAD and objs.canonical(event.subject) != optimizer:
                break
            if event.kind == Kind.MODEL_CALL and objs.canonical(event.subject) == idle[optimizer]:
                model_ran = True
            if event.kind == Kind.BACKWARD:
                if model_ran and event.enclosing(Kind.LOOP) is loop and event.info.get("via") in ("tensor", "scaled", "manual"):
                    yield event, optimizer
                break


def _accelerator_call(event, objs) -> bool:  # type: ignore[no-untyped-def]
    """``accelerator.prepare(model, opt)``, ``with accelerator.accumulate(model):``: accelerate
    and Fabric wrap the objects they get but never step the optimizer themselves."""
    func = event.node.func if isinstance(event.node, ast.Call) else None
    if not isinstance(func, ast.Attribute) or func.attr not in _ACCELERATOR_METHODS:
        return False
    return objs.kind(dotted(func.value)) == "accelerator"


def _steps_in_nested_function(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if node is not function and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "step":
                    return True
    return False


def _optimizer_used(root, objs) -> bool:  # type: ignore[no-untyped-def]
    """An optimizer assigned or cleared in this root (``optimizer = model.configure_optimizers()``)."""
    return any(
        e.kind in (Kind.ASSIGN, Kind.ZERO_GRAD) and e.subject and objs.kind(e.subject) == "optimizer" for e in root.events
    )


def _optimizer_parameter(root, objs) -> bool:  # type: ignore[no-untyped-def]
    names = list(root.params)
    for event in root.events:
        if event.kind == Kind.CALL and "function" in event.info:
            args = event.info["function"].args
            names += [a.arg for a in (*args.args, *args.kwonlyargs)]
    return any(objs.kind(name) == "optimizer" for name in names if name not in ("self",))
