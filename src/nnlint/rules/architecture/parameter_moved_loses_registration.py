"""NN214: nn.Parameter(...).cuda() / .to() / .double() stored on a module."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.modules import moved_parameters
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
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
    No automatic fix yet; the fix is to move the data before wrapping it,
    `nn.Parameter(t.to(device))`, or to create it on the device, or to move the whole module
    with `model.to(device)`.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.parameter.Parameter.html
    - https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.to
    """

    code = "NN214"
    name = "parameter-moved-loses-registration"
    message = "`.{method}(...)` on `nn.Parameter(...)` returns a plain tensor: `self.{attr}` is not a registered Parameter and is never trained; move the data before wrapping it"
    frameworks = frozenset({"torch"})
    needs = ("Parameter",)

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for item in moved_parameters(program):
            yield self.report(
                program,
                item.move,
                method=item.move.func.attr,  # type: ignore[attr-defined]
                attr=item.assignment.attr,
            )
