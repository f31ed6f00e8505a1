"""NN303: gradients clipped while still multiplied by the GradScaler's scale."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.events import Kind, exclusive
from nnlint.analysis.gradients import clip_events
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class AmpClippingWithoutUnscale(Rule):
    """
    ## What it does
    Finds gradient clipping between `scaler.scale(loss).backward()` and
    `scaler.step(optimizer)` with no `scaler.unscale_(optimizer)` before the clip.

    ## Why is this bad?
    With a `GradScaler` the gradients in `.grad` are multiplied by the loss scale (65,536 at
    the start). Clipping them to a norm of 1.0 then shrinks the real gradients by that factor,
    and the scale changes during training, so the effective learning rate is tiny and
    erratic. Nothing fails: the model just learns far more slowly than it should.

    ## Example
    ```python
    import torch

    for x, y in loader:
        optimizer.zero_grad()
        with torch.autocast("cuda"):
            loss = criterion(model(x), y)
        scaler.scale(loss).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
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
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
    ```

    ## References
    - https://pytorch.org/docs/stable/notes/amp_examples.html#gradient-clipping
    """

    code = "NN303"
    name = "amp-clipping-without-unscale"
    message = "`{clip}` clips gradients still scaled by the GradScaler: call `{scaler}.unscale_({optimizer})` first"
    frameworks = frozenset({"torch"})
    needs = ("clip_grad", "clip_gradients", "clip_by_global_norm", "register_hook")

    def check(self, program: Program) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        for iteration in training_iterations(program):
            scaler_steps = [s for s in iteration.steps if s.info.get("scaler")]
            if not scaler_steps:
                continue
            for clip in clip_events(iteration):
                if id(clip.node) in seen:
                    continue
                scaled = [
                    b for b in iteration.backwards
                    if b.info.get("via") == "scaled" and b.order < clip.order and not exclusive(b, clip)
                ]
                step = next((s for s in scaler_steps if s.order > clip.order and not exclusive(s, clip)), None)
                if not scaled or step is None:
                    continue
                unscaled = any(
                    e.kind == Kind.UNSCALE and scaled[-1].order < e.order < clip.order for e in iteration.events
                )
                if unscaled:
                    continue
                seen.add(id(clip.node))
                yield self.report(
                    program,
                    clip.node,
                    clip=f"{program.text(clip.node.func)}(...)",
                    scaler=step.info["scaler"],
                    optimizer=program.text(step.node.args[0]) if step.node.args else "optimizer",
                )
