"""NN601: ``module.forward(x)`` called directly on a known nn.Module."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.program import Program
from nnlint.analysis.values import MODULE, kind_of
from nnlint.diagnostic import Applicability, Diagnostic, Fix
from nnlint.rule import Rule


class ForwardCalledDirectly(Rule):
    """
    ## What it does
    Finds calls of `forward` on an object known to be a PyTorch `nn.Module` (`model.forward(x)`,
    `self.encoder.forward(x)`) instead of calling the module itself (`model(x)`).

    ## Why is this bad?
    `Module.__call__` runs the forward hooks and pre-hooks around `forward`, and wrappers
    put their logic there: DistributedDataParallel synchronises gradients, FSDP gathers
    sharded parameters, `torch.compile` runs the compiled graph, quantisation and pruning
    hooks and `register_forward_hook` feature extractors do their work. Calling `forward`
    skips all of it silently: gradients stop being synchronised across ranks, hooks never
    fire, the compiled model is bypassed.

    ## Example
    ```python
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    output = model.forward(inputs)
    ```

    Use instead:
    ```python
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    output = model(inputs)
    ```

    ## Known problems
    Only objects the file shows to be modules count: built from a `torch.nn` layer, a module
    class of the same file, a torchvision/timm/transformers model factory, wrapped by
    DDP/`torch.compile`, or annotated `nn.Module`. `self.forward(...)` inside a module's own
    methods (common in LightningModule step methods), `super().forward(...)`,
    `Parent.forward(self, ...)` and references such as `torch.jit.trace(model.forward, ...)`
    are not reported.

    ## Fix safety
    The fix rewrites `model.forward(x)` to `model(x)`. It is safe: the call now also runs the
    module's hooks and wrappers, which is what the fix is for.

    ## References
    - [torch.nn.Module.forward](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.forward)
      ("one should call the Module instance afterwards instead of this since the former
      takes care of running the registered hooks")
    """

    code = "NN601"
    name = "forward-called-directly"
    message = "`{call}` calls forward() directly, which skips the module's hooks and wrappers; call `{module}(...)` instead"
    frameworks = frozenset({"torch"})
    fix_availability = "always"
    needs = ("forward",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for node in program.nodes_of(ast.Call):
            if not (isinstance(node.func, ast.Attribute) and node.func.attr == "forward"):
                continue
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id == "self":
                continue
            if kind_of(program, receiver) != MODULE:
                continue
            module = program.text(receiver)
            yield self.report(program, node, call=f"{module}.forward(...)", module=module)

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import edit_delete_between, node_at

        call = node_at(program, diagnostic, ast.Call)
        if call is None or not isinstance(call.func, ast.Attribute):
            return None
        _, _, end_line, end_col = program.position(call.func)
        edit = edit_delete_between(program, call.func.value, end_line, end_col)
        return Fix("Call the module instead of forward()", (edit,), Applicability.SAFE)
