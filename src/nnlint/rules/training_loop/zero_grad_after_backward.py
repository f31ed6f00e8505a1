"""NN102: zero_grad() between backward() and the step() that should use the gradients."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Kind, exclusive, visible_node
from nnlint.analysis.program import Program
from nnlint.analysis.training import clears_grads_of, engine_backward, training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class ZeroGradAfterBackward(Rule):
    """
    ## What it does
    Finds a `zero_grad()` of an optimizer (or of the model it trains) that runs after a
    `backward()` and before that optimizer's `step()`, with no backward in between.

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
                if finding is not None:
                    backward, step = finding
                    node = visible_node(zero, step)
                    if id(node) in reported:
                        continue
                    reported.add(id(node))
                    yield self.report(
                        program,
                        node,
                        zero_grad=program.text(zero.node),
                        backward=program.text(backward.node),
                        step=program.text(step.node),
                    )

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
