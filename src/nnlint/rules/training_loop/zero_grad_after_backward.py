"""NN102: zero_grad() between backward() and the step() that should use the gradients."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.events import Event, Kind, exclusive, visible_node
from nnlint.analysis.program import Program
from nnlint.analysis.training import clears_grads_of, engine_backward, training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class ZeroGradAfterBackward(Rule):
    """
    ## What it does
    Finds a `zero_grad()` of an optimizer (or of the model it trains) that runs after a
    `backward()` and before that optimizer's `step()`, with no backward in between; also
    gradient accumulation broken the same way across iterations: an unconditional
    `zero_grad()` at the top of every micro-batch while `step()` runs only under
    `if (i + 1) % k == 0`.

    ## Why is this bad?
    The gradients are wiped before they are used. With `set_to_none=True` (the default
    since PyTorch 2.0) the following `step()` skips every parameter; with zeros it only
    applies weight decay. The model does not learn and nothing raises.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.Adam(model.parameters())
    for x, y in loader:
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.Adam(model.parameters())
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Known problems
    `zero_grad()` is paired with an optimizer by name or through the model whose
    `parameters()` the optimizer was built from; when that model is not known, a
    `model.zero_grad()` is not reported. Gradient surgery (reading or writing `.grad`
    between backward and step) is never reported.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html
    """

    code = "NN102"
    name = "zero-grad-after-backward"
    message = "{zero_grad} clears the gradients between {backward} and {step}, so the step has nothing to apply"
    needs = ("zero_grad",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for it in training_iterations(program):
            if it.optimizer is None or any(engine_backward(b) for b in it.backwards):
                continue
            for zero in it.events:
                if zero.kind != Kind.ZERO_GRAD or not clears_grads_of(program, zero, it.optimizer, strict=True):
                    continue
                finding = self._pair(it, zero)
                message = None
                if finding is None:
                    finding = self._wipes_accumulation(it, zero)
                    message = ACCUMULATION_MESSAGE
                if finding is not None:
                    backward, step = finding
                    node = visible_node(zero, step)
                    if id(node) in reported:
                        continue
                    reported.add(id(node))
                    yield self.report(
                        program,
                        node,
                        message=message,
                        zero_grad=program.text(zero.node),
                        backward=program.text(backward.node),
                        step=program.text(step.node),
                    )

    def _wipes_accumulation(self, it, zero):  # type: ignore[no-untyped-def]
        """Gradient accumulation broken by an unconditional ``zero_grad()`` at the top of every
        micro-batch: the optimizer steps only under ``if (i + 1) % k == 0``, so each
        iteration's ``zero_grad()`` clears the previous iteration's backward before the step."""
        loop = it.loop
        if zero.conditional_within(loop) or zero.enclosing(Kind.LOOP) is not loop:
            return None
        after = [b for b in it.backwards if b.order > zero.order and not b.conditional_within(loop) and b.enclosing(Kind.LOOP) is loop]
        steps = [s for s in it.steps if s.order > zero.order and s.enclosing(Kind.LOOP) is loop]
        if not after or not steps or not all(_under_modulo_guard(s, loop) for s in steps):
            return None
        if any(e.kind in (Kind.GRAD_READ, Kind.GRAD_WRITE, Kind.OPAQUE) for e in it.events if e.enclosing(Kind.LOOP) is loop):
            return None
        return after[0], steps[0]

    def _pair(self, it, zero):  # type: ignore[no-untyped-def]
        before = [b for b in it.backwards if b.order < zero.order and not exclusive(b, zero)]
        if not before:
            return None
        backward = max(before, key=lambda e: e.order)
        for step in it.steps:
            if step.order < zero.order or exclusive(zero, step) or exclusive(backward, step):
                continue
            if step.info.get("sam"):
                continue
            between = [e for e in it.events if backward.order < e.order < step.order]
            if any(e.kind in (Kind.BACKWARD, Kind.GRAD_READ, Kind.GRAD_WRITE, Kind.OPAQUE) for e in between if e.order > zero.order or e.kind != Kind.BACKWARD):
                continue
            if any(e.kind == Kind.STEP and e.subject == it.optimizer and e.order < zero.order for e in between):
                continue
            return backward, step
        return None


ACCUMULATION_MESSAGE = (
    "{zero_grad} runs every iteration but {step} only every few, under its accumulation guard: "
    "each iteration clears the gradients the previous {backward} accumulated"
)


def _under_modulo_guard(event: Event, loop: Event) -> bool:
    """Inside ``if <... % ...>:`` within ``loop`` (the accumulation guard ``(i + 1) % k == 0``)."""
    for ancestor in event.ancestors():
        if ancestor is loop:
            return False
        if ancestor.kind == Kind.BRANCH and isinstance(ancestor.node, ast.If):
            if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) for n in ast.walk(ancestor.node.test)):
                return ancestor.children[0].contains(event)  # the ``if`` arm, not the ``else``
    return False

