"""NN105: lr_scheduler.step() before optimizer.step()."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Event, Kind, exclusive, roots, visible_node
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class SchedulerBeforeOptimizer(Rule):
    """
    ## What it does
    Finds a learning-rate scheduler's `step()` that runs before the optimizer's `step()`:
    in the same iteration, or at the top of an epoch loop whose inner loop steps the
    optimizer.

    ## Why is this bad?
    Since PyTorch 1.1 the scheduler must step after the optimizer. Stepping it first skips
    the first value of the schedule (warm-up starts one step late, a step decay comes one
    epoch early) and PyTorch only warns about it once.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)
    for epoch in range(30):
        scheduler.step()
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)
    for epoch in range(30):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    ```

    ## Known problems
    Steps with an argument (`scheduler.step(epoch)` to resume, `ReduceLROnPlateau.step(
    metric)`, timm schedulers) and conditional scheduler steps are never reported.

    ## Fix safety
    The fix moves the `scheduler.step()` line after the statement that holds the optimizer's
    step (the same line in the loop, or the whole inner training loop for an epoch-level
    scheduler). It is unsafe: the learning rate of every step shifts by one position of the
    schedule, which changes the numbers a resumed or reproduced run produces.

    ## References
    - https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate
    """

    code = "NN105"
    name = "scheduler-before-optimizer"
    message = "{sched} runs before {step}, so the first learning rate of the schedule is skipped"
    needs = ("step",)
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for sched, step in self._findings(program):
            node = visible_node(sched, step)
            if id(node) in reported:
                continue
            reported.add(id(node))
            yield self.report(program, node, sched=program.text(sched.node), step=program.text(step.node))

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.diagnostic import Applicability, Edit, Fix

        wanted = (diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col)
        for sched, step in self._findings(program):
            node = visible_node(sched, step)
            if program.position(node) != wanted or node is not sched.node:
                continue
            statement = program.parent(node)
            block = program.parent(statement) if isinstance(statement, ast.Expr) else None
            body = next((getattr(block, f) for f in ("body", "orelse", "finalbody") if statement in getattr(block, f, [])), None)
            if body is None:
                return None
            helper = next((a.name for a in program.ancestors(step.node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)

            def holds_step(stmt: ast.stmt) -> bool:
                """The statement runs the optimizer step, itself or through a call of its function."""
                for inner in ast.walk(stmt):
                    if inner is step.node:
                        return True
                    if helper and isinstance(inner, ast.Call) and (
                        (isinstance(inner.func, ast.Name) and inner.func.id == helper)
                        or (isinstance(inner.func, ast.Attribute) and inner.func.attr == helper)
                    ):
                        return True
                return False

            after = next((s for s in body[body.index(statement) + 1 :] if holds_step(s)), None)
            lines = program.lines
            if after is None or after.end_lineno is None or after.end_lineno >= len(lines):
                return None
            if lines[statement.lineno - 1][: statement.col_offset].strip() or lines[after.end_lineno - 1][after.end_col_offset :].strip():
                return None
            if statement.end_lineno != statement.lineno or lines[statement.lineno - 1][statement.end_col_offset :].strip()[:1] not in ("", "#"):
                return None
            moved = lines[statement.lineno - 1]
            edits = (
                Edit(statement.lineno, 1, statement.lineno + 1, 1, ""),
                Edit(after.end_lineno + 1, 1, after.end_lineno + 1, 1, moved + "\n"),
            )
            return Fix("Step the scheduler after the optimizer", edits, Applicability.UNSAFE)
        return None

    def _plain(self, program: Program, event: Event) -> bool:
        if event.kind != Kind.SCHED_STEP or event.info.get("has_args"):
            return False
        return objects(program).scheduler_flavor(event.subject) not in ("plateau", "timm")

    def _findings(self, program: Program) -> Iterable[tuple[Event, Event]]:
        for it in training_iterations(program):
            if any(s.info.get("engine") for s in it.steps):
                continue
            first = min(it.steps, key=lambda e: e.order)
            for sched in it.events:
                if not self._plain(program, sched) or sched.order > first.order:
                    continue
                if exclusive(sched, first) or (sched.conditional_within(it.loop) and not _same_condition(sched, first)):
                    continue
                yield sched, first
        for root in roots(program):
            for sched in root.events:
                if not self._plain(program, sched):
                    continue
                epoch = sched.enclosing(Kind.LOOP)
                if epoch is None or sched.conditional_within(epoch):
                    continue
                earlier = [e for e in epoch.walk() if e.kind == Kind.STEP and e.order < sched.order]
                if earlier:
                    continue
                for inner in epoch.walk():
                    if inner.kind != Kind.LOOP or inner.order < sched.order:
                        continue
                    steps = [e for e in inner.walk() if e.kind == Kind.STEP and not e.info.get("engine")]
                    backwards = [e for e in inner.walk() if e.kind == Kind.BACKWARD]
                    if steps and backwards:
                        yield sched, steps[0]
                        break


def _same_condition(sched: Event, step: Event) -> bool:
    """Whether the innermost branch arm around the scheduler step also holds the optimizer
    step (``if step % k == 0: scheduler.step(); optimizer.step()``)."""
    arm = sched.enclosing(Kind.ARM)
    return arm is not None and arm.contains(step)
