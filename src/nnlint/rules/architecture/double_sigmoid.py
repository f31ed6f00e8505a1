"""NN206: a sigmoid output fed to a loss that applies sigmoid itself."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.losses import loss_calls
from nnlint.analysis.models import short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class DoubleSigmoid(Rule):
    """
    ## What it does
    Finds a sigmoid output used as the input of `nn.BCEWithLogitsLoss`,
    `F.binary_cross_entropy_with_logits` or `tf.nn.sigmoid_cross_entropy_with_logits`, which
    apply sigmoid themselves.

    ## Why is this bad?
    The loss computes `sigmoid(sigmoid(z))`, which lies between 0.5 and 0.73. The model can
    never predict a confident 0, the loss for negative examples cannot fall below about 0.69,
    and the gradients are damped twice: training stalls and predictions thresholded at 0.5
    are all positive. Nothing raises an error.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    head = nn.Linear(64, 1)
    criterion = nn.BCEWithLogitsLoss()

    def step(features, labels):
        probs = torch.sigmoid(head(features))
        loss = criterion(probs, labels)
        loss.backward()
    ```

    Use instead:
    ```python
    import torch
    import torch.nn as nn

    head = nn.Linear(64, 1)
    criterion = nn.BCEWithLogitsLoss()

    def step(features, labels):
        logits = head(features)
        loss = criterion(logits, labels)
        loss.backward()
        return torch.sigmoid(logits)
    ```

    ## Fix safety
    The fix removes the sigmoid when it is applied in the loss call itself
    (`criterion(torch.sigmoid(z), y)` -> `criterion(z, y)`) or in the assignment of a name used
    only by the loss. It is unsafe: the loss values change (they become right), so logged
    numbers and tuned thresholds move. A sigmoid inside the model's forward gets no fix.

    ## References
    - [torch.nn.BCEWithLogitsLoss](https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html)
    """

    code = "NN206"
    name = "double-sigmoid"
    message = "`{input}` is a sigmoid output but `{loss}` applies sigmoid again: pass the logits"
    frameworks = frozenset({"torch", "tensorflow"})
    needs = ("sigmoid", "Sigmoid")
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for call in loss_calls(program):
            if call.kind not in ("bce_with_logits", "tf_sigmoid_with_logits") or call.input is None:
                continue
            if call.input_activation(program) == "sigmoid":
                yield self.report(program, call.node, input=short(program, call.input, 40), loss=short(program, call.node.func, 40))

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.fix import pass_logits

        def unwrap(node: ast.AST | None) -> ast.AST | None:
            """The logits inside ``torch.sigmoid(z)`` / ``F.sigmoid(z)`` / ``z.sigmoid()``."""
            if not isinstance(node, ast.Call) or node.keywords:
                return None
            if program.call_name(node) in ("torch.sigmoid", "torch.nn.functional.sigmoid") and len(node.args) == 1:
                return node.args[0]
            if isinstance(node.func, ast.Attribute) and node.func.attr == "sigmoid" and not node.args and program.call_name(node) is None:
                return node.func.value
            return None

        for call in loss_calls(program):
            if program.position(call.node) != (diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col):
                continue
            return pass_logits(program, call.input, unwrap)
        return None
