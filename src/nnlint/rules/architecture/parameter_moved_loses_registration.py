"""NN214: nn.Parameter(...).cuda() / .to() / .double() stored on a module."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.modules import moved_parameters
from nnlint.analysis.program import Program
from nnlint.diagnostic import Applicability, Diagnostic, Fix
from nnlint.rule import Rule


class ParameterMovedLosesRegistration(Rule):
    """
    ## What it does
    Finds `self.x = nn.Parameter(...).cuda()` (or `.to(device)`, `.double()`, `.half()`) in an
    `nn.Module`: the Parameter is moved or cast after it was wrapped.

    ## Why is this bad?
    Moving or casting a tensor to another device or dtype returns a new tensor, and the
    result of an operation on a Parameter is a plain tensor, not a Parameter. The module
    therefore stores a non-leaf tensor: it is not in `parameters()`, so the optimizer never
    updates it, and it is not in `state_dict()`. The value stays at its initial value for the
    whole run, silently.

    ## Example
    ```python
    import torch
    from torch import nn


    class Temperature(nn.Module):
        def __init__(self, device):
            super().__init__()
            self.log_t = nn.Parameter(torch.zeros(1)).to(device)

        def forward(self, logits):
            return logits / self.log_t.exp()
    ```

    Use instead:
    ```python
    import torch
    from torch import nn


    class Temperature(nn.Module):
        def __init__(self, device):
            super().__init__()
            self.log_t = nn.Parameter(torch.zeros(1, device=device))

        def forward(self, logits):
            return logits / self.log_t.exp()
    ```

    ## Fix safety
    The fix moves the data before wrapping it: `nn.Parameter(t).to(device)` becomes
    `nn.Parameter(t.to(device))`. It is unsafe: the attribute becomes a registered Parameter,
    so it now appears in `parameters()` (the optimizer trains it) and in `state_dict()`
    (checkpoints saved before the fix lack it). That is the point of the fix, but review it.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.parameter.Parameter.html
    - https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.to
    """

    code = "NN214"
    name = "parameter-moved-loses-registration"
    message = "`.{method}(...)` on `nn.Parameter(...)` returns a plain tensor: `self.{attr}` is not a registered Parameter and is never trained; move the data before wrapping it"
    frameworks = frozenset({"torch"})
    needs = ("Parameter",)
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for item in moved_parameters(program):
            yield self.report(
                program,
                item.move,
                method=item.move.func.attr,  # type: ignore[attr-defined]
                attr=item.assignment.attr,
            )

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import edit_replace

        for item in moved_parameters(program):
            if program.position(item.move)[:2] != (diagnostic.line, diagnostic.col):
                continue
            param, move = item.parameter, item.move
            if not param.args or any(isinstance(a, ast.Starred) for a in (*param.args, *move.args)):
                return None
            if any(k.arg is None for k in (*param.keywords, *move.keywords)):
                return None
            move_args = [program.text(a) for a in move.args] + [f"{k.arg}={program.text(k.value)}" for k in move.keywords]
            rest = [program.text(a) for a in param.args[1:]] + [f"{k.arg}={program.text(k.value)}" for k in param.keywords]
            data = program.text(param.args[0])
            if not isinstance(param.args[0], (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
                data = f"({data})"
            moved = f"{data}.{move.func.attr}({', '.join(move_args)})"  # type: ignore[attr-defined]
            text = f"{program.text(param.func)}({', '.join([moved, *rest])})"
            return Fix("Move the data before wrapping it in nn.Parameter", (edit_replace(program, move, text),), Applicability.UNSAFE)
        return None
