"""NN603: the result of ``tensor.to(...)`` / ``.cuda()`` / ``.float()`` thrown away."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program
from nnlint.analysis.values import TENSOR, kind_of
from nnlint.diagnostic import Applicability, Diagnostic, Fix
from nnlint.rule import Rule

MOVES = frozenset({"to", "cuda", "cpu", "float", "half", "double", "bfloat16", "long", "int", "contiguous"})


class TensorMoveDiscarded(Rule):
    """
    ## What it does
    Finds statements that call `.to(...)`, `.cuda()`, `.cpu()`, `.float()` (or another
    conversion) on a tensor and throw the result away: `inputs.to(device)` on a line of its
    own, where the tensor is a batch from a DataLoader or a tensor the file builds.

    ## Why is this bad?
    `Tensor.to` returns a new tensor and leaves the original where it was; only `Module.to`
    moves in place. The batch stays on the CPU (or in the old dtype), so the next line fails
    with "Expected all tensors to be on the same device", or, when the model is on the CPU
    too, training silently runs on the CPU at a fraction of the speed.

    ## Example
    ```python
    import torch

    loader = torch.utils.data.DataLoader(dataset, batch_size=32)
    for inputs, labels in loader:
        inputs.to(device)
        labels.to(device)
        loss = criterion(model(inputs), labels)
    ```

    Use instead:
    ```python
    import torch

    loader = torch.utils.data.DataLoader(dataset, batch_size=32)
    for inputs, labels in loader:
        inputs = inputs.to(device)
        labels = labels.to(device)
        loss = criterion(model(inputs), labels)
    ```

    ## Known problems
    Only receivers the file shows to be tensors count: the loop variables of a loop over a
    DataLoader (or a `*loader` variable), items of such a batch (`batch["input_ids"]`),
    results of `torch.tensor`/`torch.zeros`/..., parameters annotated `torch.Tensor`, and
    names inside the branch of an `if torch.is_tensor(x):` / `isinstance(x, torch.Tensor)`
    check.
    A whole batch (`batch.to(device)`) is not reported: Hugging Face's `BatchEncoding.to`
    moves in place. `model.to(device)` is correct: modules move in place.

    ## Fix safety
    The fix assigns the result back (`inputs = inputs.to(device)`). It is safe for names and
    attributes. For an item of a batch (`batch[0] = batch[0].to(device)`) it is unsafe: the
    batch may be a tuple, which does not support item assignment.

    ## References
    - [torch.Tensor.to](https://pytorch.org/docs/stable/generated/torch.Tensor.to.html)
      ("returns a Tensor"; compare [torch.nn.Module.to](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.to),
      "modifies the module in-place")
    """

    code = "NN603"
    name = "tensor-move-discarded"
    message = "`{call}` returns a new tensor and its result is discarded, so `{tensor}` is unchanged; assign it: `{tensor} = {call}`"
    frameworks = frozenset({"torch"})
    fix_availability = "always"
    needs = tuple(sorted(MOVES))

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for node in program.nodes_of(ast.Expr):
            if not isinstance(node.value, ast.Call):
                continue
            call = node.value
            if not (isinstance(call.func, ast.Attribute) and call.func.attr in MOVES):
                continue
            receiver = call.func.value
            if kind_of(program, receiver) != TENSOR and not _checked_tensor(program, node, receiver):
                continue
            yield self.report(program, call, call=program.text(call), tensor=program.text(receiver))

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import edit_insert, node_at

        call = node_at(program, diagnostic, ast.Call)
        if call is None or not isinstance(call.func, ast.Attribute):
            return None
        receiver = call.func.value
        line, col, _, _ = program.position(call)
        edit = edit_insert(line, col, f"{program.text(receiver)} = ")
        safe = dotted(receiver) is not None
        return Fix("Assign the moved tensor back", (edit,), Applicability.SAFE if safe else Applicability.UNSAFE)


TENSOR_CHECKS = frozenset({"torch.is_tensor"})


def _checked_tensor(program: Program, statement: ast.stmt, receiver: ast.expr) -> bool:
    """Inside ``if torch.is_tensor(x):`` / ``elif isinstance(x, torch.Tensor):``, ``x`` is a tensor
    (the statement is in the branch the check guards, not in its ``else``)."""
    spelling = dotted(receiver)
    if spelling is None:
        return False
    child: ast.AST = statement
    for ancestor in program.ancestors(statement):
        if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        if isinstance(ancestor, ast.If) and child in ancestor.body:
            tests = ancestor.test.values if isinstance(ancestor.test, ast.BoolOp) and isinstance(ancestor.test.op, ast.And) else [ancestor.test]
            if any(_tests_tensor(program, test, spelling) for test in tests):
                return True
        if isinstance(ancestor, (ast.For, ast.While, ast.With)) and child in ancestor.body:
            if any(isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)) for n in ast.walk(ancestor)):
                return False  # the name may be rebound between the check and the move
        child = ancestor
    return False


def _tests_tensor(program: Program, test: ast.expr, spelling: str) -> bool:
    if not isinstance(test, ast.Call) or not test.args or dotted(test.args[0]) != spelling:
        return False
    name = program.call_name(test)
    if name in TENSOR_CHECKS and len(test.args) == 1:
        return True
    if isinstance(test.func, ast.Name) and test.func.id == "isinstance" and len(test.args) == 2:
        return program.qualname(test.args[1]) == "torch.Tensor"
    return False

