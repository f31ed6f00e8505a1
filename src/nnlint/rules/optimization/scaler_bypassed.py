"""NN304: a GradScaler used on one side of the update only."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.events import exclusive
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class ScalerBypassed(Rule):
    """
    ## What it does
    Finds `scaler.scale(loss).backward()` followed by a plain `optimizer.step()`, and an
    unscaled `loss.backward()` followed by `scaler.step(optimizer)`.

    ## Why is this bad?
    `scaler.scale(loss)` multiplies the loss, and so every gradient, by the loss scale (65,536
    at the start). Only `scaler.step(optimizer)` divides it out again and skips steps whose
    gradients overflowed. A plain `optimizer.step()` applies gradients tens of thousands of
    times too large and steps through inf/NaN values; `scaler.step()` on unscaled gradients
    divides real gradients by the scale, so the model barely moves. Neither raises an error.

    ## Example
    ```python
    import torch

    for x, y in loader:
        optimizer.zero_grad()
        with torch.autocast("cuda"):
            loss = criterion(model(x), y)
        scaler.scale(loss).backward()
        optimizer.step()
        scaler.update()
    ```

    Use instead:
    ```python
    import torch

    for x, y in loader:
        optimizer.zero_grad()
        with torch.autocast("cuda"):
            loss = criterion(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    ```

    ## References
    - https://pytorch.org/docs/stable/amp.html#gradient-scaling
    """

    code = "NN304"
    name = "scaler-bypassed"
    message = "`{step}` after `{backward}`: {why}"
    frameworks = frozenset({"torch"})

    def check(self, program: Program) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        for iteration in training_iterations(program):
            for step in iteration.steps:
                if id(step.node) in seen or step.in_closure() or step.info.get("engine") or step.info.get("unknown"):
                    continue
                if step.info.get("xla") or step.info.get("sam"):
                    continue
                before = [b for b in iteration.backwards if b.order < step.order and not exclusive(b, step)]
                if not before:
                    continue
                last = before[-1]
                via = last.info.get("via")
                scaler_step = bool(step.info.get("scaler"))
                if via == "scaled" and not scaler_step:
                    why = "the update bypasses the GradScaler: use `scaler.step(optimizer)`"
                elif via == "tensor" and scaler_step:
                    why = "the loss was not scaled, so the scaler divides real gradients by its scale: use `scaler.scale(loss).backward()`"
                else:
                    continue
                seen.add(id(step.node))
                yield self.report(
                    program, step.node, step=program.text(step.node), backward=program.text(last.node), why=why
                )
