"""NN116: a scheduler sized in optimizer steps, stepped once per epoch."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.events import Event, Kind
from nnlint.analysis.gradients import per_step_scheduler
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class PerStepSchedulerSteppedPerEpoch(Rule):
    """
    ## What it does
    Finds a learning-rate scheduler built for per-iteration stepping (`OneCycleLR`,
    `CyclicLR`, warmup schedules built from `steps_per_epoch`, `total_steps` or
    `num_training_steps`) whose `step()` runs once per epoch, outside the loop over batches.

    ## Why is this bad?
    Such a schedule spreads its warmup and decay over the total number of optimizer steps. Stepped
    once per epoch it advances by a few hundredths of its length over the whole run: the
    learning rate stays near its starting value (often a tiny warmup value) and the model
    trains far too slowly. Stepping too often raises an error; stepping too rarely is silent.

    ## Example
    ```python
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader)
    )
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    ```

    Use instead:
    ```python
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader)
    )
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    ```

    ## Known problems
    A schedule whose length is counted in epochs (`total_steps=args.epochs`) is meant to be
    stepped per epoch and is not reported.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html
    """

    code = "NN116"
    name = "per-step-scheduler-stepped-per-epoch"
    message = "`{step}` runs once per epoch, but `{scheduler}` is sized in optimizer steps: the learning rate barely moves"
    frameworks = frozenset({"torch", "transformers"})
    needs = ("OneCycleLR", "CyclicLR", "_schedule", "num_training_steps")

    def check(self, program: Program) -> Iterator[Diagnostic]:
        objs = objects(program)
        from nnlint.analysis.events import roots

        seen: set[int] = set()
        for root in roots(program):
            for event in root.events:
                if event.kind != Kind.SCHED_STEP or event.info.get("has_args") or id(event.node) in seen:
                    continue
                if not per_step_scheduler(program, event.subject):
                    continue
                epoch_loop = event.enclosing(Kind.LOOP)
                if epoch_loop is None or _steps_directly(epoch_loop) or not _inner_training_loop(epoch_loop):
                    continue
                seen.add(id(event.node))
                yield self.report(
                    program, event.node, step=program.text(event.node), scheduler=objs.canonical(event.subject)
                )


def _steps_directly(loop: Event) -> bool:
    """An optimizer step in the loop itself, not in a nested loop."""
    return any(e.kind == Kind.STEP and e.enclosing(Kind.LOOP) is loop for e in loop.walk())


def _inner_training_loop(loop: Event) -> bool:
    return any(
        e.kind == Kind.LOOP
        and any(x.kind == Kind.STEP for x in e.walk())
        and any(x.kind == Kind.BACKWARD for x in e.walk())
        for e in loop.walk()
    )
