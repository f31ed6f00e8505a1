"""NN115: a training method named as a statement but never called."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

METHODS = frozenset({"eval", "train", "zero_grad", "step", "backward"})


class MethodNotCalled(Rule):
    """
    ## What it does
    Finds statements that name a training method without calling it: `model.eval`,
    `model.train`, `optimizer.zero_grad`, `optimizer.step`, `scheduler.step`, `loss.backward`.

    ## Why is this bad?
    A method named without parentheses is only looked up, never run, and Python says
    nothing. `model.eval` leaves dropout and batch-norm in training mode during validation,
    `optimizer.zero_grad` lets gradients pile up, `loss.backward` computes no gradient at all:
    the model trains badly (or not at all) without any error.

    ## Example
    ```python
    model.eval
    with torch.no_grad():
        outputs = model(inputs)
    ```

    Use instead:
    ```python
    model.eval()
    with torch.no_grad():
        outputs = model(inputs)
    ```
    """

    code = "NN115"
    name = "method-not-called"
    message = "`{text}` is not called: add `()` to run it"
    frameworks = frozenset({"torch"})

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for node in ast.walk(program.tree):
            if (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr in METHODS
                and isinstance(node.value.value, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
            ):
                yield self.report(program, node.value, text=program.text(node.value))
