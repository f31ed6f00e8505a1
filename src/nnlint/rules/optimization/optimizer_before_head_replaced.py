"""NN306: a layer of the model replaced after the optimizer took its parameters."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.events import Kind
from nnlint.analysis.gradients import optimizer_constructions
from nnlint.analysis.names import dotted
from nnlint.analysis.objects import OPTIMIZER_WORDS, classify_constructor, objects
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class OptimizerBeforeHeadReplaced(Rule):
    """
    ## What it does
    Finds a layer assigned onto a model (`model.fc = nn.Linear(...)`) after an optimizer was
    built from `model.parameters()`, with no new optimizer built after the replacement.

    ## Why is this bad?
    `model.parameters()` is read when the optimizer is built: the optimizer holds the old
    layer's tensors. The new layer's weights are never in any parameter group, so they keep
    their random initialisation while the rest of the network trains around them. With a
    frozen backbone nothing trains at all. The loss falls a little, or not at all, and no
    error is raised.

    ## Example
    ```python
    import torch
    import torchvision
    from torch import nn

    model = torchvision.models.resnet18(weights="DEFAULT")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    model.fc = nn.Linear(model.fc.in_features, 2)
    ```

    Use instead:
    ```python
    import torch
    import torchvision
    from torch import nn

    model = torchvision.models.resnet18(weights="DEFAULT")
    model.fc = nn.Linear(model.fc.in_features, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    ```
    """

    code = "NN306"
    name = "optimizer-before-head-replaced"
    message = "`{target}` is replaced after `{optimizer}` was built from `{model}.parameters()`: the new layer is never trained"
    frameworks = frozenset({"torch"})
    needs = OPTIMIZER_WORDS

    def check(self, program: Program) -> Iterator[Diagnostic]:
        constructions = optimizer_constructions(program)
        if not constructions:
            return
        objs = objects(program)
        seen: set[int] = set()
        for built in constructions:
            model = _whole_model(built.call)
            if model is None:
                continue
            for event in built.root.events:
                if event.kind != Kind.ASSIGN or event.order <= built.event.order or id(event.node) in seen:
                    continue
                target = event.subject or ""
                if not target.startswith(model + ".") or "." in target[len(model) + 1 :]:
                    continue
                value = event.info.get("value")
                if not (isinstance(value, ast.Call) and classify_constructor(program, value)[0] == "model"):
                    continue
                if event.enclosing(Kind.LOOP) is not built.event.enclosing(Kind.LOOP):
                    continue
                rebuilt = any(
                    other.root is built.root and other.event.order > event.order and _whole_model(other.call) == model
                    for other in constructions
                )
                if rebuilt:
                    continue
                seen.add(id(event.node))
                yield self.report(
                    program, event.node, target=target, optimizer=objs.canonical(built.event.subject) or "optimizer", model=model
                )


def _whole_model(call: ast.Call) -> str | None:
    """``model`` when the optimizer is built from ``model.parameters()`` (the whole model)."""
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "params"), None)
    if (
        isinstance(first, ast.Call)
        and isinstance(first.func, ast.Attribute)
        and first.func.attr == "parameters"
        and not first.args
    ):
        return dotted(first.func.value)
    return None
