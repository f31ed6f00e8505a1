"""NN213: layers kept in a plain Python list or dict on an nn.Module."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.modules import plain_module_containers
from nnlint.analysis.program import Program
from nnlint.diagnostic import Applicability, Diagnostic, Fix
from nnlint.rule import Rule

_WRAPPER = {"list": "nn.ModuleList", "dict": "nn.ModuleDict"}


class UnregisteredSubmodule(Rule):
    """
    ## What it does
    Finds layers kept in a plain Python `list` or `dict` attribute of an `nn.Module`
    (`self.layers = [nn.Linear(...) for ...]`, or an empty list filled with `append` in
    `__init__`), where nothing wraps them in a registered container.

    ## Why is this bad?
    PyTorch registers a sub-module only when it is assigned directly as an attribute of a
    module or held by `nn.ModuleList` / `nn.ModuleDict`. Layers in a plain list are invisible:
    `model.parameters()` does not return them, so the optimizer never updates them (they keep
    their random initial weights for the whole run), `model.to(device)` does not move them,
    `model.eval()` does not reach their dropout or batch-norm, and `state_dict()` does not save
    them. Nothing raises until, at best, a device mismatch.

    ## Example
    ```python
    from torch import nn


    class MLP(nn.Module):
        def __init__(self, sizes):
            super().__init__()
            self.layers = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]

        def forward(self, x):
            for layer in self.layers:
                x = layer(x).relu()
            return x
    ```

    Use instead:
    ```python
    from torch import nn


    class MLP(nn.Module):
        def __init__(self, sizes):
            super().__init__()
            self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))

        def forward(self, x):
            for layer in self.layers:
                x = layer(x).relu()
            return x
    ```

    ## Fix safety
    The fix wraps the list in `nn.ModuleList` (a dict in `nn.ModuleDict`), spelled the way
    the module imports `torch.nn`. It is unsafe: the layers become registered, so they now
    appear in `parameters()` (the optimizer trains them) and in `state_dict()` (checkpoints
    saved before the fix lack those keys). That is the point of the fix, but review it.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.ModuleList.html
    - https://pytorch.org/docs/stable/generated/torch.nn.ModuleDict.html
    """

    code = "NN213"
    name = "unregistered-submodule"
    message = "`self.{attr}` keeps {layer} modules in a plain {kind}: they are not registered (not trained, not moved by .to(), not saved); use {wrapper}"
    frameworks = frozenset({"torch"})
    needs = ("Module", "nn.")

    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for item in plain_module_containers(program):
            yield self.report(
                program,
                item.assignment.stmt,
                attr=item.assignment.attr,
                layer=program.text(item.layer.func),
                kind=item.kind,
                wrapper=_WRAPPER[item.kind],
            )

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import edit_replace

        torch_nn = _torch_nn_spelling(program)
        if torch_nn is None:
            return None
        for item in plain_module_containers(program):
            if program.position(item.assignment.stmt)[:2] != (diagnostic.line, diagnostic.col):
                continue
            value = item.assignment.value
            if not isinstance(value, (ast.List, ast.ListComp, ast.Dict, ast.DictComp)):
                return None
            wrapper = f"{torch_nn}.{_WRAPPER[item.kind].split('.')[1]}"
            return Fix(f"Wrap in `{wrapper}`", (edit_replace(program, value, f"{wrapper}({program.text(value)})"),), Applicability.UNSAFE)
        return None


def _torch_nn_spelling(program: Program) -> str | None:
    """How this module spells torch.nn (``nn``, ``torch.nn``), or None if it cannot."""
    for alias, qual in sorted(program.names.aliases.items()):
        if qual == "torch.nn":
            return alias
    if program.names.aliases.get("torch") == "torch":
        return "torch.nn"
    return None
