"""NN302: gradient clipping placed where it cannot change the update."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.events import exclusive
from nnlint.analysis.gradients import clip_events
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class ClippingHasNoEffect(Rule):
    """
    ## What it does
    Finds `clip_grad_norm_` / `clip_grad_value_` calls that run before `backward()` or after
    `optimizer.step()` in the same training iteration.

    ## Why is this bad?
    Clipping rescales the gradients stored in `.grad`. Before `backward()` those are the
    previous batch's gradients (or nothing, after `zero_grad()`); after `step()` the update has
    already used the unclipped values. Either way the clip does nothing, and the exploding
    gradients it was meant to tame go straight into the weights.

    ## Example
    ```python
    import torch

    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    ```

    Use instead:
    ```python
    import torch

    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    ```

    ## Known problems
    A clip with `max_norm=float("inf")` only measures the norm and is not reported.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html
    """

    code = "NN302"
    name = "clipping-has-no-effect"
    message = "`{clip}` runs {where}: it does not change the update"
    frameworks = frozenset({"torch"})
    needs = ("clip_grad", "clip_gradients", "clip_by_global_norm", "register_hook")

    def check(self, program: Program) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        for iteration in training_iterations(program):
            steps = [s for s in iteration.steps if not s.in_closure()]
            backwards = iteration.backwards
            for clip in clip_events(iteration):
                if id(clip.node) in seen or clip.in_closure():
                    continue
                where = None
                before = [b for b in backwards if b.order < clip.order and not exclusive(b, clip)]
                after = [b for b in backwards if b.order > clip.order and not exclusive(b, clip)]
                if not before and after:
                    where = f"before `{program.text(after[0].node)}`"
                else:
                    done = [s for s in steps if s.order < clip.order and not exclusive(s, clip)]
                    later = [s for s in steps if s.order > clip.order]
                    if done and not later and not any(b.order > done[-1].order for b in before):
                        where = f"after `{program.text(done[-1].node)}`"
                if where is not None:
                    seen.add(id(clip.node))
                    yield self.report(program, clip.node, clip=_callee(program, clip.node), where=where)


def _callee(program: Program, node) -> str:  # type: ignore[no-untyped-def]
    text = program.text(node.func) if hasattr(node, "func") else program.text(node)
    return f"{text}(...)"
