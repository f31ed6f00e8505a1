"""NN101: a training loop steps an optimizer whose gradients nothing ever clears."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.events import Kind, visible_node
from nnlint.analysis.program import Program
from nnlint.analysis.training import clears_grads_of, engine_backward, receives, training_iterations
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class MissingZeroGrad(Rule):
    """
    ## What it does
    Finds training loops that call `backward()` and an optimizer's `step()` but never clear
    that optimizer's gradients (no `optimizer.zero_grad()`, `model.zero_grad()`,
    `p.grad = None` or `p.grad.zero_()`), in the loop or in a helper the loop calls.

    ## Why is this bad?
    PyTorch adds each backward's gradients to `.grad`. Without clearing, every step uses the
    sum of all gradients since the start of training: the effective learning rate grows
    batch after batch, and the loss plateaus or diverges without any error.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    ```

    ## Known problems
    Clearing done by code in another module that receives neither the optimizer nor the
    model is invisible; pass the optimizer or model to the helper, or add `# noqa: NN101`.
    Gradient accumulation is recognised when `zero_grad()` runs anywhere in the iteration
    (usually under `if (i + 1) % k == 0`).

    ## Fix safety
    The fix inserts `optimizer.zero_grad()` (the name of the optimizer that steps) on its own
    line before the backward call, when both are in the same function. It is safe: the rule
    does not report gradient accumulation, so clearing before each backward is what the loop
    means.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html
    - https://pytorch.org/tutorials/recipes/recipes/zeroing_out_gradients.html
    """

    code = "NN101"
    name = "missing-zero-grad"
    message = "training loop calls {backward} and {step} but never clears gradients"
    needs = ("backward",)
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for it in training_iterations(program):
            if it.optimizer is None or not it.backwards:
                continue
            if any(engine_backward(b) for b in it.backwards) or any(s.info.get("engine") or s.info.get("sam") for s in it.steps):
                continue
            if any(s.info.get("closure") and not _closure_inlined(s) for s in it.steps):
                continue
            if any(clears_grads_of(program, e, it.optimizer) or receives(e, it.optimizer, program) for e in it.events):
                continue
            if any(e.kind == Kind.ASSIGN and e.subject == it.optimizer and e.order < it.steps[0].order for e in it.events):
                continue  # a fresh optimizer (and usually model) every iteration
            backward = min(it.backwards, key=lambda e: e.order)
            node = visible_node(backward, it.steps[0])
            if id(node) in reported:
                continue
            reported.add(id(node))
            yield self.report(program, node, backward=program.text(backward.node), step=program.text(it.steps[0].node))


    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.diagnostic import Applicability, Fix
        from nnlint.fix import edit_insert, line_indent

        wanted = (diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col)
        for it in training_iterations(program):
            if it.optimizer is None or not it.backwards or not it.steps:
                continue
            backward = min(it.backwards, key=lambda e: e.order)
            node, step = visible_node(backward, it.steps[0]), it.steps[0].node
            if program.position(node) != wanted or node is not backward.node:
                continue
            if not (isinstance(step, ast.Call) and isinstance(step.func, ast.Attribute)):
                return None
            scope = lambda n: next((a for a in program.ancestors(n) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))), None)  # noqa: E731
            statement = program.parent(node)
            if scope(node) is not scope(step) or not isinstance(statement, ast.Expr):
                return None
            if not isinstance(program.parent(statement), (ast.For, ast.While, ast.If, ast.With, ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.Module, ast.AsyncFor, ast.AsyncWith)):
                return None
            line = statement.lineno
            if program.lines[line - 1][: statement.col_offset].strip():
                return None  # the statement shares its line (after a semicolon)
            text = f"{line_indent(program, line)}{program.text(step.func.value)}.zero_grad()\n"
            return Fix("Clear gradients before backward()", (edit_insert(line, 1, text),), Applicability.SAFE)
        return None


def _closure_inlined(step) -> bool:  # type: ignore[no-untyped-def]
    parent = step.parent
    if parent is None:
        return False
    index = parent.children.index(step)
    return index > 0 and parent.children[index - 1].kind == Kind.CALL and parent.children[index - 1].node is step.node
