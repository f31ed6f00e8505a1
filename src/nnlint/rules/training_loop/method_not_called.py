"""NN115: a training method named as a statement but never called."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.program import Program
from nnlint.diagnostic import Applicability, Diagnostic, Fix
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

    ## Fix safety
    The fix adds the missing `()`. It is safe: the statement did nothing before, and now does
    what it says.
    """

    code = "NN115"
    name = "method-not-called"
    message = "`{text}` is not called: add `()` to run it"
    frameworks = frozenset({"torch"})
    needs = ("eval", "train", "zero_grad", "step", "backward")
    fix_availability = "always"

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for node in program.nodes_of(ast.Expr):
            if (
                isinstance(node.value, ast.Attribute)
                and node.value.attr in METHODS
                and isinstance(node.value.value, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
            ):
                yield self.report(program, node.value, text=program.text(node.value))

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import edit_insert, node_at

        node = node_at(program, diagnostic, ast.Attribute)
        if node is None:
            return None
        _, _, end_line, end_col = program.position(node)
        return Fix(f"Call `{program.text(node)}()`", (edit_insert(end_line, end_col, "()"),), Applicability.SAFE)
