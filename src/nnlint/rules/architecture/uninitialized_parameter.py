"""NN201: an nn.Parameter allocated with undefined values that nothing ever initialises."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.initialisation import uninitialised_parameters
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class UninitializedParameter(Rule):
    """
    ## What it does
    Finds `nn.Parameter(torch.empty(...))`, `nn.Parameter(torch.Tensor(n, m))` and
    `nn.Parameter(torch.FloatTensor(n))` (sizes only) in an `nn.Module` when nothing in the file
    ever initialises that parameter: no `nn.init.*` call, no in-place method (`uniform_`,
    `normal_`, `zero_`, `fill_`, `copy_`), no init helper that receives it, no
    `reset_parameters()` / `apply(...)` / `post_init()` that may reach it, no checkpoint load.

    ## Why is this bad?
    `torch.empty` and `torch.Tensor(n, m)` allocate memory without writing it: the parameter
    holds whatever bytes were there, often zeros on a fresh process, sometimes huge values or
    NaN. Training then starts from a different, occasionally broken, point on every run:
    losses that are NaN from the first step, or runs that cannot be reproduced.

    ## Example
    ```python
    import torch
    from torch import nn


    class Scale(nn.Module):
        def __init__(self, features):
            super().__init__()
            self.gain = nn.Parameter(torch.empty(features, features))

        def forward(self, x):
            return x @ self.gain
    ```

    Use instead:
    ```python
    import torch
    from torch import nn


    class Scale(nn.Module):
        def __init__(self, features):
            super().__init__()
            self.gain = nn.Parameter(torch.empty(features, features))
            nn.init.xavier_uniform_(self.gain)

        def forward(self, x):
            return x @ self.gain
    ```

    ## Known problems
    An initialiser that matches the parameter only by a computed name (`getattr(self, name)`)
    or lives in another module keeps the rule silent for the whole file or class: it cannot
    tell which parameters it reaches. Parameters are matched to init calls by attribute name,
    so an init of any `.weight` in the file counts for every `weight` Parameter of the file.
    A class whose base comes from another module and that calls an initialiser it inherits
    (Hugging Face `self.post_init()`, `super()._init_weights(module)`) may initialise any
    sub-module of the file, so such files are not checked.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.empty.html
    - https://pytorch.org/docs/stable/nn.init.html
    """

    code = "NN201"
    name = "uninitialized-parameter"
    message = "`{text}` is never initialised: it holds whatever memory it was given; initialise it with nn.init.* (for example in reset_parameters())"
    frameworks = frozenset({"torch"})
    needs = ("Parameter",)

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for item in uninitialised_parameters(program):
            yield self.report(program, item.call, text=_short(program.text(item.call)))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
