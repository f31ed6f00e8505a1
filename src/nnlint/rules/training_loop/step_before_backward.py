"""NN104: the optimizer's only step in an iteration comes before the backward."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Kind, visible_node
from nnlint.analysis.program import Program
from nnlint.analysis.training import engine_backward, training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class StepBeforeBackward(Rule):
    """
    ## What it does
    Finds a training iteration in which an optimizer's only, unconditional `step()` runs
    before any `backward()` and a `backward()` follows it in the same loop body.

    ## Why is this bad?
    Each step applies the gradients of the previous batch (and the first step applies
    none), so updates lag one batch behind the loss they are meant to reduce. Combined
    with `zero_grad()` right before `backward()` the model may not learn at all.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        optimizer.zero_grad()
        optimizer.step()
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
    A conditional step at the top of the loop (gradient accumulation written
    `if i and i % k == 0: optimizer.step()`) and closures passed to `step(closure)` are
    never reported.

    ## References
    - https://pytorch.org/docs/stable/optim.html#taking-an-optimization-step
    """

    code = "NN104"
    name = "step-before-backward"
    message = "{step} runs before {backward} in the same iteration, so it applies the previous batch's gradients"
    needs = ("backward",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for it in training_iterations(program):
            if it.optimizer is None or any(engine_backward(b) for b in it.backwards):
                continue
            steps = it.steps
            if len(steps) != 1:
                continue
            step = steps[0]
            if step.info.get("closure") or step.info.get("sam") or step.info.get("engine") or step.in_closure():
                continue
            if step.conditional_within(it.loop):
                continue
            if any(b.order < step.order for b in it.backwards):
                continue
            after = [
                b for b in it.backwards
                if b.order > step.order and b.enclosing(Kind.LOOP) is it.loop and not b.in_closure()
            ]
            node = visible_node(step, after[0]) if after else step.node
            if not after or id(node) in reported:
                continue
            reported.add(id(node))
            yield self.report(program, node, step=program.text(step.node), backward=program.text(after[0].node))
