"""NN206: a sigmoid output fed to a loss that applies sigmoid itself."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.losses import loss_calls
from nnlint.analysis.models import short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
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

    ## References
    - [torch.nn.BCEWithLogitsLoss](https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html)
    """

    code = "NN206"
    name = "double-sigmoid"
    message = "`{input}` is a sigmoid output but `{loss}` applies sigmoid again: pass the logits"
    frameworks = frozenset({"torch", "tensorflow"})

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for call in loss_calls(program):
            if call.kind not in ("bce_with_logits", "tf_sigmoid_with_logits") or call.input is None:
                continue
            if call.input_activation(program) == "sigmoid":
                yield self.report(program, call.node, input=short(program, call.input, 40), loss=short(program, call.node.func, 40))
