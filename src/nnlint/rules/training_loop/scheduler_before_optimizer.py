"""NN105: lr_scheduler.step() before optimizer.step()."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from nnlint.analysis.events import Event, Kind, Root, exclusive, may_hold, parameter_names, roots, visible_node
from nnlint.analysis.names import dotted
from nnlint.analysis.objects import classify_constructor, objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_iterations
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class SchedulerBeforeOptimizer(Rule):
    """
    ## What it does
    Finds a learning-rate scheduler's `step()` that runs before the optimizer's `step()`:
    in the same iteration, at the top of an epoch loop whose inner loop steps the
    optimizer, or in a function without a loop (a wrapper's `step()` the training loop
    calls) that steps a scheduler and then the optimizer it was built on.

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
    metric)`, timm schedulers) and conditional scheduler steps are not reported, except in
    one phase of a phased schedule (`else: scheduler.step(); train_epoch(model, opt)`, where
    the same arm then trains with the scheduler's own optimizer); a guard that only tests
    the scheduler itself (`if scheduler:`, `if self.scheduler is not None:`) does not count
    as a condition. In a function without a loop the order is reported only
    when the scheduler is visibly built on that optimizer (for `self.scheduler` and
    `self.optimizer` set from `__init__` parameters: every construction of the class passes
    them), so a scheduler stepped once to set the initial learning rate stays silent.

    ## Fix safety
    The fix moves the `scheduler.step()` line (with its `if scheduler:` guard) after the
    statement that holds the optimizer's step (the same line in the loop, or the whole inner
    training loop for an epoch-level scheduler). It is unsafe: the learning rate of every
    step shifts by one position of the schedule, which changes the numbers a resumed or
    reproduced run produces.

    ## References
    - https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate
    """

    code = "NN105"
    name = "scheduler-before-optimizer"
    message = "{sched} runs before {step}, so the first learning rate of the schedule is skipped"
    # A scheduler is an object built by a scheduler constructor (lr_scheduler, get_*_schedule*,
    # timm.scheduler, SWALR) or a name that says so (nnlint.analysis.objects): either way the
    # file spells one of these ("step" is in nearly every file of a model library).
    needs = ("sched", "Sched", "SCHED", "SWALR")
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
        from nnlint.diagnostic import Applicability, Edit, Fix

        wanted = (diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col)
        for sched, step in self._findings(program):
            node = visible_node(sched, step)
            if program.position(node) != wanted or node is not sched.node:
                continue
            expression = program.parent(node)
            if not isinstance(expression, ast.Expr):
                return None
            statement: ast.stmt = expression
            guard = program.parent(expression)
            if isinstance(guard, ast.If) and guard.body == [expression] and not guard.orelse and _tests_itself(guard, node):
                statement = guard  # move ``if scheduler: scheduler.step()`` as a whole
            block = program.parent(statement)
            body = next((getattr(block, f) for f in ("body", "orelse", "finalbody") if statement in getattr(block, f, [])), None)
            if body is None:
                return None
            enclosing = program.enclosing_function(step.node)
            helper = enclosing.name if enclosing is not None else None

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
            last = statement.end_lineno or statement.lineno
            if (last != statement.lineno and statement is not guard) or lines[last - 1][statement.end_col_offset or 0 :].strip()[:1] not in ("", "#"):
                return None
            moved = "\n".join(lines[statement.lineno - 1 : last])
            edits = (
                Edit(statement.lineno, 1, last + 1, 1, ""),
                Edit(after.end_lineno + 1, 1, after.end_lineno + 1, 1, moved + "\n"),
            )
            return Fix("Step the scheduler after the optimizer", edits, Applicability.UNSAFE)
        return None

    def _plain(self, program: Program, event: Event) -> bool:
        if event.kind != Kind.SCHED_STEP or event.info.get("has_args"):
            return False
        return objects(program).scheduler_flavor(event.subject) not in ("plateau", "timm")

    def _findings(self, program: Program) -> Iterable[tuple[Event, Event]]:
        if not may_hold(program, Kind.STEP):
            return
        for it in training_iterations(program):
            if any(s.info.get("engine") for s in it.steps):
                continue
            first = min(it.steps, key=lambda e: e.order)
            for sched in it.events:
                if not self._plain(program, sched) or sched.order > first.order:
                    continue
                if exclusive(sched, first) or (_conditional(program, sched, it.loop) and not _same_condition(sched, first)):
                    continue
                yield sched, first
        for root in roots(program):
            for sched in root.events:
                if not self._plain(program, sched):
                    continue
                epoch = sched.enclosing(Kind.LOOP)
                if epoch is None:
                    continue
                scope, optimizer = epoch, None
                if _conditional(program, sched, epoch):
                    # A phase of training (``else: scheduler.step(); train(model, opt)``): the
                    # same arm must go on to train with the scheduler's own optimizer.
                    arm = sched.enclosing(Kind.ARM)
                    optimizer = _built_on(program, sched)
                    if arm is None or optimizer is None or not epoch.contains(arm):
                        continue
                    scope = arm
                earlier = [e for e in scope.walk() if e.kind == Kind.STEP and e.order < sched.order]
                if earlier:
                    continue
                for inner in scope.walk():
                    if inner.kind != Kind.LOOP or inner.order < sched.order:
                        continue
                    steps = [
                        e for e in inner.walk()
                        if e.kind == Kind.STEP and not e.info.get("engine") and (optimizer is None or e.subject == optimizer)
                    ]
                    backwards = [e for e in inner.walk() if e.kind == Kind.BACKWARD]
                    if steps and backwards:
                        yield sched, steps[0]
                        break
        yield from _wrapper_findings(program, self._plain)


def _wrapper_findings(program: Program, plain: Callable[[Program, Event], bool]) -> Iterable[tuple[Event, Event]]:
    """A function with no loop that steps a scheduler, then the optimizer it was built on
    (an ``OptimizerScheduler.step()`` wrapper the training loop calls): reported only when
    both objects are known, so a scheduler stepped once to set the initial learning rate
    before a training loop, or per-epoch steps after the loop, stay silent."""
    for root in roots(program):
        if root.function is None or root.implicit_loop or any(e.kind == Kind.LOOP for e in root.events):
            continue
        for sched in root.events:
            if not plain(program, sched) or sched.stack or sched.in_closure() or _conditional(program, sched, root.tree):
                continue
            optimizer = _sched_optimizer(program, root, sched)
            mine = [e for e in root.events if e.kind == Kind.STEP and optimizer is not None and e.subject == optimizer]
            if not mine or mine[0].order < sched.order:
                continue
            step = mine[0]
            if step.stack or step.info.get("engine") or step.in_closure() or step.conditional_within(root.tree):
                continue
            yield sched, step


def _sched_optimizer(program: Program, root: Root, sched: Event) -> str | None:
    """The optimizer (canonical spelling) a stepped scheduler was visibly built on:
    ``scheduler = LambdaLR(optimizer, ...)`` next to ``optimizer = AdamW(...)``; when the
    function reads them as ``self.x`` set from its class's ``__init__`` parameters, every
    construction of the class must pass those two objects."""
    objs = objects(program)
    built = _built_scheduler(program, sched.subject)
    optimizer = _given_optimizer(program, built) if built is not None else None
    opt = objs.get(optimizer)
    if built is None or sched.subject is None or opt is None or opt.constructor is None or opt.node is None:
        return None
    if _home(program, built) is not _home(program, opt.node):
        return None
    call = sched.node
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    if not _holds(program, root, dotted(call.func.value), sched.subject, built):
        return None
    for step in root.events:
        mine = step.kind == Kind.STEP and step.subject == optimizer and isinstance(step.node, ast.Call)
        if mine and isinstance(step.node.func, ast.Attribute) and not _holds(program, root, dotted(step.node.func.value), opt.spelling, opt.node):  # type: ignore[attr-defined]
            return None
    return optimizer


def _built_on(program: Program, sched: Event) -> str | None:
    """The optimizer (canonical spelling) the scheduler's constructor was given, if known."""
    built = _built_scheduler(program, sched.subject)
    return _given_optimizer(program, built) if built is not None else None


def _given_optimizer(program: Program, built: ast.Call) -> str | None:
    given = built.args[0] if built.args else next((k.value for k in built.keywords if k.arg == "optimizer"), None)
    objs = objects(program)
    optimizer = objs.canonical(dotted(given)) if given is not None else None
    return optimizer if objs.kind(optimizer) == "optimizer" else None


def _built_scheduler(program: Program, spelling: str | None) -> ast.Call | None:
    """The PyTorch or Hugging Face scheduler constructor assigned to ``spelling``, also as
    the one branch of ``StepLR(...) if schedule else None``."""
    built = objects(program).get(spelling)
    if built is not None:
        return built.node if built.kind == "scheduler" and built.flavor in ("torch", "hf") and isinstance(built.node, ast.Call) else None
    found: list[ast.Call] = []
    for node in program.nodes_of(ast.Assign):
        if len(node.targets) != 1 or dotted(node.targets[0]) != spelling:
            continue
        value = node.value
        if isinstance(value, ast.IfExp) and any(isinstance(v, ast.Constant) and v.value is None for v in (value.body, value.orelse)):
            value = value.body if isinstance(value.body, ast.Call) else value.orelse
        if not isinstance(value, ast.Call) or classify_constructor(program, value)[:2] not in (("scheduler", "torch"), ("scheduler", "hf")):
            return None
        found.append(value)
    return found[0] if len(found) == 1 else None


def _home(program: Program, node: ast.AST) -> ast.AST | None:
    """The function (or, for a method, the class) whose names a constructor call reads."""
    scope = next((a for a in program.ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))), None)
    parent = program.parent(scope) if scope is not None else None
    return parent if isinstance(parent, ast.ClassDef) else scope


def _holds(program: Program, root: Root, receiver: str | None, spelling: str, built: ast.AST) -> bool:
    """``receiver`` in the root function is the object assigned to ``spelling``: the same
    name (not a parameter the caller may bind to anything), or ``self.x`` set in ``__init__``
    from a parameter that every ``Class(...)`` of the module passes as ``spelling``."""
    function = root.function
    if receiver is None or function is None:
        return False
    params = set(parameter_names(function)) - {"self"}
    if receiver == spelling:
        return receiver.split(".")[0] not in params
    cls = program.parent(function)
    if not receiver.startswith("self.") or not isinstance(cls, ast.ClassDef):
        return False
    init = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
    if init is None:
        return False
    positional = [a.arg for a in (*init.args.posonlyargs, *init.args.args)][1:]
    param = next(
        (
            n.value.id
            for n in ast.walk(init)
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and dotted(n.targets[0]) == receiver and isinstance(n.value, ast.Name)
        ),
        None,
    )
    if param is None or param not in positional + [a.arg for a in init.args.kwonlyargs]:
        return False
    sites = [n for n in program.nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == cls.name]
    for site in sites:
        index = positional.index(param) if param in positional else None
        passed = site.args[index] if index is not None and index < len(site.args) else next((k.value for k in site.keywords if k.arg == param), None)
        if passed is None or dotted(passed) != spelling or _home(program, site) is not _home(program, built):
            return False
    return bool(sites)


def _conditional(program: Program, sched: Event, outer: Event) -> bool:
    """Whether a branch arm lies between the scheduler step and ``outer``; a guard that
    only tests the scheduler itself (``if scheduler:``) does not make the step conditional,
    because whenever there is a scheduler it steps."""
    for ancestor in sched.ancestors():
        if ancestor is outer:
            return False
        if ancestor.kind == Kind.ARM and not _guards_itself(program, ancestor, sched):
            return True
    return False


def _guards_itself(program: Program, arm: Event, sched: Event) -> bool:
    """``if scheduler:`` / ``if self.scheduler is not None:`` around ``scheduler.step()``."""
    stmt, call = arm.node, sched.node
    if not isinstance(stmt, ast.If) or arm.parent is None or arm.parent.children[0] is not arm:
        return False
    return isinstance(call, ast.Call) and stmt in program.ancestors(call) and _tests_itself(stmt, call)


def _tests_itself(stmt: ast.If, call: ast.AST) -> bool:
    """The test of ``stmt`` is the receiver of ``call`` itself, or that it is not None."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return False
    test = stmt.test
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot):
        if not (isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None):
            return False
        test = test.left
    receiver = dotted(call.func.value)
    return receiver is not None and dotted(test) == receiver


def _same_condition(sched: Event, step: Event) -> bool:
    """Whether the innermost branch arm around the scheduler step also holds the optimizer
    step (``if step % k == 0: scheduler.step(); optimizer.step()``)."""
    arm = sched.enclosing(Kind.ARM)
    return arm is not None and arm.contains(step)
