"""NN101: a training loop steps an optimizer whose gradients nothing ever clears."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Kind, visible_node
from nnlint.analysis.program import Program
from nnlint.analysis.training import clears_grads_of, engine_backward, receives, training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class MissingZeroGrad(Rule):
    """
    ## What it does
    Finds training loops that call `backward()` and an optimizer's `step()` but never clear
    that optimizer's gradients (no `optimizer.zero_grad()`, `model.zero_grad()`,
    `p.grad = None` or `p.grad.zero_()`), in the loop or in a helper the loop calls.

    ## Why is this bad?
    PyTorch adds each backward's gradients to `.grad`. Without clearing, every step uses the
    sum of all gradients since the start of training: the effective learning rate grows
    batch after batch, and the loss plateaus or diverges without any error.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
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
    Clearing done by code in another module that receives neither the optimizer nor the
    model is invisible; pass the optimizer or model to the helper, or add `# noqa: NN101`.
    Gradient accumulation is recognised when `zero_grad()` runs anywhere in the iteration
    (usually under `if (i + 1) % k == 0`).

    ## References
    - https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html
    - https://pytorch.org/tutorials/recipes/recipes/zeroing_out_gradients.html
    """

    code = "NN101"
    name = "missing-zero-grad"
    message = "training loop calls {backward} and {step} but never clears gradients"
    needs = ("backward",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for it in training_iterations(program):
            if it.optimizer is None or not it.backwards:
                continue
            if any(engine_backward(b) for b in it.backwards) or any(s.info.get("engine") or s.info.get("sam") for s in it.steps):
                continue
            if any(s.info.get("closure") and not _closure_inlined(s) for s in it.steps):
                continue
            if any(clears_grads_of(program, e, it.optimizer) or receives(e, it.optimizer, program) for e in it.events):
                continue
            if any(e.kind == Kind.ASSIGN and e.subject == it.optimizer and e.order < it.steps[0].order for e in it.events):
                continue  # a fresh optimizer (and usually model) every iteration
            backward = min(it.backwards, key=lambda e: e.order)
            node = visible_node(backward, it.steps[0])
            if id(node) in reported:
                continue
            reported.add(id(node))
            yield self.report(program, node, backward=program.text(backward.node), step=program.text(it.steps[0].node))


def _closure_inlined(step) -> bool:  # type: ignore[no-untyped-def]
    parent = step.parent
    if parent is None:
        return False
    index = parent.children.index(step)
    return index > 0 and parent.children[index - 1].kind == Kind.CALL and parent.children[index - 1].node is step.node
