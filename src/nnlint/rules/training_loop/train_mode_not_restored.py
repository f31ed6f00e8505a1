"""NN111: eval() inside an epoch loop without train() before the next training pass."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Kind, exclusive, may_hold, roots
from nnlint.analysis.modes import model_modes
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class TrainModeNotRestored(Rule):
    """
    ## What it does
    Finds a `model.eval()` inside an epoch loop (usually for validation) after which the
    next epoch's training pass runs with the model still in eval mode: no `model.train()`
    at the top of the epoch or in the training helper.

    ## Why is this bad?
    From the second epoch on, dropout is off and batch-norm stops updating its statistics
    and uses stale running averages: the model trains as a different network, overfits
    sooner and validation metrics stop improving, without any error.

    ## Example
    ```python
    import torch

    model = torch.nn.Sequential(torch.nn.Linear(10, 10), torch.nn.Dropout(0.2), torch.nn.Linear(10, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(10):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            val = sum(torch.nn.functional.mse_loss(model(x), y).item() for x, y in val_loader)
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Sequential(torch.nn.Linear(10, 10), torch.nn.Dropout(0.2), torch.nn.Linear(10, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(10):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            val = sum(torch.nn.functional.mse_loss(model(x), y).item() for x, y in val_loader)
    ```

    ## Known problems
    The save-and-restore idiom (`was_training = model.training ... model.train(was_training)`)
    and branches on the phase make the mode unknown, and the rule stays silent.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.train
    """

    code = "NN111"
    name = "train-mode-not-restored"
    message = "{eval} switches {model} to eval mode and the next epoch trains it without {model}.train()"
    needs = ("eval",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if not may_hold(program, Kind.BACKWARD):
            return  # every report is of a model trained by a backward() later in the loop
        objs = objects(program)
        modes = model_modes(program)
        reported: set[int] = set()
        for root in roots(program):
            for loop in root.events:
                if loop.kind != Kind.LOOP or id(loop) not in modes.next_iter:
                    continue
                events = list(loop.walk())
                backwards = [e for e in events if e.kind == Kind.BACKWARD]
                seen: set[str] = set()
                for call in events:
                    if call.kind != Kind.MODEL_CALL:
                        continue
                    model = objs.canonical(call.subject) or ""
                    if model in seen:
                        continue
                    if not any(b.order > call.order and not exclusive(b, call) for b in backwards):
                        continue
                    inner = call.enclosing(Kind.LOOP)
                    if call.under_no_grad() or inner is None or not any(e.kind == Kind.BACKWARD for e in inner.walk()):
                        continue  # a call of the evaluation part, not of the training pass
                    seen.add(model)
                    mode, origin = modes.next_iteration(loop, call)
                    if mode not in ("eval", "eval?") or origin is None or not loop.contains(origin) or origin.kind != Kind.EVAL:
                        continue
                    if origin.order < call.order and modes.mode_at(call)[0] == "eval":
                        continue  # eval() before every training pass: on purpose (frozen batch-norm)
                    if origin.info.get("literal_train") is None and id(origin.node) in reported:
                        continue
                    if not objs.may_have_dropout_or_batchnorm(model):
                        continue
                    reported.add(id(origin.node))
                    receiver = getattr(origin.node.func, "value", origin.node.func)
                    yield self.report(program, origin.node, eval=program.text(origin.node), model=program.text(receiver))
