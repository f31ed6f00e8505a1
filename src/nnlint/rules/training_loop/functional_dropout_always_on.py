"""NN113: F.dropout in a module's forward() without a training argument."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.classes import classes
from nnlint.analysis.modules import methods_reached_from, under_training_guard, walk_function
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule

# F.alpha_dropout and F.feature_alpha_dropout default to training=False: not these.
DROPOUTS = frozenset(
    {
        "torch.nn.functional.dropout",
        "torch.nn.functional.dropout1d",
        "torch.nn.functional.dropout2d",
        "torch.nn.functional.dropout3d",
    }
)


class FunctionalDropoutAlwaysOn(Rule):
    """
    ## What it does
    Finds `F.dropout(...)` (and `F.dropout1d/2d/3d`) inside the `forward()` of an `nn.Module`,
    or a method that `forward()` calls, with no `training` argument.

    ## Why is this bad?
    Unlike the `nn.Dropout` module, the functional form does not know the module's mode: its
    `training` argument defaults to `True`. `model.eval()` does not switch it off, so validation
    and inference keep dropping activations at random: metrics are noisy and lower than they
    should be, and predictions change from one call to the next.

    ## Example
    ```python
    import torch.nn.functional as F
    from torch import nn


    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, 256)
            self.fc2 = nn.Linear(256, 10)

        def forward(self, x):
            x = F.relu(self.fc1(x))
            x = F.dropout(x, p=0.5)
            return self.fc2(x)
    ```

    Use instead:
    ```python
    import torch.nn.functional as F
    from torch import nn


    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, 256)
            self.fc2 = nn.Linear(256, 10)

        def forward(self, x):
            x = F.relu(self.fc1(x))
            x = F.dropout(x, p=0.5, training=self.training)
            return self.fc2(x)
    ```

    ## Fix safety
    The fix adds `training=self.training` to the call. It is safe: in training mode dropout
    behaves as before, in eval mode it is off, which is what the fix is for.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.functional.dropout.html
    """

    code = "NN113"
    name = "functional-dropout-always-on"
    message = "`{func}(...)` in {method}() has no training argument, so dropout stays on in eval mode: pass training=self.training"
    frameworks = frozenset({"torch"})
    needs = ("dropout",)
    fix_availability = "always"

    def check(self, program: Program) -> Iterator[Diagnostic]:
        always_on = {id(node) for node in program.nodes_of(ast.Call) if program.call_name(node) in DROPOUTS and _always_on(node)}
        if not always_on:
            return  # every finding is such a call: no need to trace the module classes
        for info in classes(program).values():
            if not info.is_torch_module:
                continue
            for method in methods_reached_from(info, "forward"):
                for node in walk_function(method):
                    if id(node) in always_on:
                        if not under_training_guard(program, node, method):
                            yield self.report(program, node, func=program.text(node.func), method=method.name)


    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.diagnostic import Applicability, Fix
        from nnlint.fix import add_keyword, node_at

        call = node_at(program, diagnostic, ast.Call)
        method = program.enclosing_function(call) if call else None
        args = (method.args.posonlyargs + method.args.args) if method else []
        if call is None or not args:
            return None
        edit = add_keyword(program, call, "training", f"{args[0].arg}.training")
        return Fix("Pass training=self.training", (edit,), Applicability.SAFE) if edit else None


def _always_on(call: ast.Call) -> bool:
    """No training argument (keyword, third positional, or unpacked), and p is not 0."""
    if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) >= 3:
        return False
    if any(kw.arg in {"training", None} for kw in call.keywords):
        return False
    p = call.args[1] if len(call.args) >= 2 else next((kw.value for kw in call.keywords if kw.arg == "p"), None)
    return not (isinstance(p, ast.Constant) and p.value in (0, 0.0))
