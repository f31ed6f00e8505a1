"""NN304: a GradScaler used on one side of the update only."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.events import Event, exclusive
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Applicability, Diagnostic, Fix
from nnlint.rule import Rule

_BYPASS = "the update bypasses the GradScaler: use `scaler.step(optimizer)`"
_UNSCALED = "the loss was not scaled, so the scaler divides real gradients by its scale: use `scaler.scale(loss).backward()`"


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

    ## Fix safety
    The fix routes the update through the scaler: `optimizer.step()` becomes
    `scaler.step(optimizer)`, or `loss.backward()` becomes `scaler.scale(loss).backward()`,
    with the user's own names. It is safe: the program keeps its meaning apart from the bug.

    ## References
    - https://pytorch.org/docs/stable/amp.html#gradient-scaling
    """

    code = "NN304"
    name = "scaler-bypassed"
    message = "`{step}` after `{backward}`: {why}"
    frameworks = frozenset({"torch"})
    needs = ("scaler", "Scaler")
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for step, backward, why in _findings(program):
            yield self.report(
                program, step.node, step=program.text(step.node), backward=program.text(backward.node), why=why
            )

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import edit_replace

        for step, backward, why in _findings(program):
            if program.position(step.node)[:2] != (diagnostic.line, diagnostic.col):
                continue
            call, back = step.node, backward.node
            if not (isinstance(call, ast.Call) and isinstance(back, ast.Call)):
                return None
            if not (isinstance(call.func, ast.Attribute) and isinstance(back.func, ast.Attribute)):
                return None
            if why == _BYPASS:
                scale = back.func.value
                if call.args or call.keywords or not isinstance(scale, ast.Call) or not isinstance(scale.func, ast.Attribute):
                    return None
                scaler = program.text(scale.func.value)
                text = f"{scaler}.step({program.text(call.func.value)})"
                return Fix(f"Use `{text}`", (edit_replace(program, call, text),), Applicability.SAFE)
            if len(call.args) != 1 or call.keywords:
                return None
            loss = back.func.value
            scaler = program.text(call.func.value)
            text = f"{scaler}.scale({program.text(loss)})"
            return Fix(f"Scale the loss with `{text}`", (edit_replace(program, loss, text),), Applicability.SAFE)
        return None


def _findings(program: Program) -> Iterator[tuple[Event, Event, str]]:
    """(step, the backward before it, why) for every bypassed update, once per step."""
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
                why = _BYPASS
            elif via == "tensor" and scaler_step:
                why = _UNSCALED
            else:
                continue
            seen.add(id(step.node))
            yield step, last, why
