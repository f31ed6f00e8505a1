"""NN305: an optimizer built anew inside the training loop."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.events import Event, Kind
from nnlint.analysis.gradients import builds_model, optimizer_constructions
from nnlint.analysis.objects import OPTIMIZER_WORDS, objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class OptimizerRecreatedInLoop(Rule):
    """
    ## What it does
    Finds an optimizer constructed inside the training loop, per batch or per epoch, for a
    model that is not itself rebuilt in that loop.

    ## Why is this bad?
    An optimizer keeps state between steps: momentum buffers, Adam's running averages of the
    gradient and its square, step counts for bias correction. Building a new one every epoch
    or batch throws that state away, so Adam restarts its bias correction and momentum never
    builds up. Training is slower and noisier, and nothing reports it.

    ## Example
    ```python
    import torch
    from torch import nn

    model = nn.Linear(10, 2)
    for epoch in range(epochs):
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
    ```

    Use instead:
    ```python
    import torch
    from torch import nn

    model = nn.Linear(10, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
    ```

    ## Known problems
    An optimizer rebuilt on purpose at a stage boundary (a loop over fine-tuning phases that
    holds its own epoch loop), under a condition, or together with a new model (cross
    validation, hyper-parameter sweeps) is not reported. To change the learning rate per
    epoch, use a scheduler or set `param_group["lr"]`.
    """

    code = "NN305"
    name = "optimizer-recreated-in-loop"
    message = "`{optimizer}` is rebuilt by `{constructor}(...)` inside the training loop: its state resets {when}"
    frameworks = frozenset({"torch"})
    needs = OPTIMIZER_WORDS

    def check(self, program: Program) -> Iterator[Diagnostic]:
        iterations = training_iterations(program)
        if not iterations:
            return  # no training loop to rebuild an optimizer in (read before any event tree)
        objs = objects(program)
        for built in optimizer_constructions(program):
            loop = built.event.enclosing(Kind.LOOP)
            if loop is None or built.event.conditional_within(loop):
                continue
            spelling = objs.canonical(built.event.subject)
            iteration = next(
                (it for it in iterations if objs.canonical(it.optimizer) == spelling and loop.contains(it.steps[0]) or it.loop is loop and objs.canonical(it.optimizer) == spelling),
                None,
            )
            if iteration is None:
                continue
            if iteration.loop is loop:
                when = "every iteration"
            elif _loops_between(loop, iteration.loop) == 0:
                when = "every epoch"
            else:
                continue
            if _model_rebuilt(program, loop, built.event):
                continue
            yield self.report(
                program,
                built.call,
                optimizer=program.text(built.event.node),
                constructor=program.text(built.call.func),
                when=when,
            )


def _loops_between(outer: Event, inner: Event) -> int:
    count = 0
    for ancestor in inner.ancestors():
        if ancestor is outer:
            return count
        if ancestor.kind == Kind.LOOP:
            count += 1
    return -1


def _model_rebuilt(program: Program, loop: Event, before: Event) -> bool:
    return any(
        event.kind == Kind.ASSIGN and event.order < before.order and builds_model(program, event)
        for event in loop.walk()
    )
