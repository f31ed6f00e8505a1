"""NN112: an evaluation loop builds autograd graphs it never uses."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.modes import evaluation_passes
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class NoGradMissingInEval(Rule):
    """
    ## What it does
    Finds an evaluation loop (over a validation or test set, or inside an `evaluate` /
    `validate` / `test` / `predict` function) that calls a PyTorch model with no
    `torch.no_grad()`, `torch.inference_mode()`, `torch.set_grad_enabled(False)` or
    decorator around it, and never calls `backward()`.

    ## Why is this bad?
    Every forward pass records an autograd graph that nobody uses: evaluation takes more
    memory and time than it needs, and when outputs or losses are collected in a list
    every batch's graph stays alive until the loop ends, which often runs out of memory.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 2)
    model.eval()
    correct = 0
    for x, y in test_loader:
        correct += (model(x).argmax(dim=1) == y).sum().item()
    ```

    Use instead:
    ```python
    import torch

    model = torch.nn.Linear(10, 2)
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            correct += (model(x).argmax(dim=1) == y).sum().item()
    ```

    ## Known problems
    Passes that need gradients (adversarial evaluation, saliency, test-time adaptation)
    are recognised by their `backward()` or `torch.autograd.grad` calls. Models whose
    parameters are all frozen (`requires_grad_(False)`) are not reported.

    ## Fix safety
    The fix wraps the loop in `with torch.no_grad():` (indenting it one level). It is unsafe:
    code in the loop that needs gradients (input-gradient saliency, adversarial evaluation)
    stops working. No fix is offered when the loop holds a multi-line string.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.no_grad.html
    - https://pytorch.org/docs/stable/generated/torch.inference_mode.html
    """

    code = "NN112"
    name = "no-grad-missing-in-eval"
    message = "evaluation loop calls {call} without torch.no_grad(), building autograd graphs it never uses"
    needs = ("eval", "test", "valid", "predict", "infer", "dev")
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        passes = evaluation_passes(program)
        if not passes:
            return
        objs = objects(program)
        reported: set[int] = set()
        for eval_pass in passes:
            if eval_pass.kind not in ("loop", "function"):
                continue
            flagged: list = []
            for loop in eval_pass.loops:
                if id(loop.node) in reported or loop.under_no_grad() or any(f.contains(loop) for f in flagged):
                    continue
                if any(a.kind == "loop" and id(a.node) in reported for a in loop.ancestors()):
                    continue
                calls = [
                    c for c in eval_pass.model_calls
                    if loop.contains(c)
                    and not c.under_no_grad()
                    and not c.info.get("no_grad_inside")
                    and not objs.is_frozen(c.subject)
                ]
                if not calls:
                    continue
                reported.add(id(loop.node))
                flagged.append(loop)
                yield self.report(program, loop.node, call=program.text(calls[0].node))

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.diagnostic import Applicability, Edit, Fix
        from nnlint.fix import line_indent, node_at

        loop = node_at(program, diagnostic, (ast.For, ast.While, ast.AsyncFor))
        torch = next((name for name, qual in program.names.aliases.items() if qual == "torch"), None)
        if loop is None or torch is None or not loop.body:
            return None
        first, last = loop.lineno, loop.end_lineno or loop.lineno
        indent = line_indent(program, first)
        if program.lines[first - 1][: loop.col_offset].strip():
            return None
        if any(
            isinstance(n, ast.Constant) and isinstance(n.value, (str, bytes)) and (n.end_lineno or n.lineno) > n.lineno
            for n in ast.walk(loop)
        ):
            return None  # indenting would change the text of a multi-line string
        body_indent = line_indent(program, loop.body[0].lineno)
        unit = body_indent[len(indent):] if body_indent.startswith(indent) and len(body_indent) > len(indent) else "    "
        lines = program.lines[first - 1 : last]
        text = f"{indent}with {torch}.no_grad():\n" + "\n".join(unit + line if line.strip() else line for line in lines)
        edit = Edit(first, 1, last, len(program.lines[last - 1]) + 1, text)
        return Fix("Run the evaluation loop under torch.no_grad()", (edit,), Applicability.UNSAFE)
