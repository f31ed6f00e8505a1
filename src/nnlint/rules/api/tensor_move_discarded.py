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
    results of `torch.tensor`/`torch.zeros`/... and parameters annotated `torch.Tensor`.
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
            if kind_of(program, receiver) != TENSOR:
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
