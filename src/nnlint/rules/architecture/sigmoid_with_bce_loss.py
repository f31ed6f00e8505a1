"""NN209 (opt-in): sigmoid then BCELoss instead of BCEWithLogitsLoss on the logits."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.losses import loss_calls
from nnlint.analysis.models import short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class SigmoidWithBceLoss(Rule):
    """
    ## What it does
    Finds a sigmoid output used as the input of `nn.BCELoss` or `F.binary_cross_entropy`.
    Off by default: select it with `NN209`.

    ## Why is this bad?
    Computing sigmoid and then the log of it loses precision for confident predictions:
    `BCELoss` has to clamp its log terms at -100, so large logits get a flat, wrong gradient.
    `BCEWithLogitsLoss` on the logits uses the log-sum-exp trick and is exact. Under
    `torch.autocast` the pattern is an error: PyTorch refuses `binary_cross_entropy` as
    unsafe to autocast.

    This is the textbook pattern (the DCGAN and VAE examples use it), which is why the rule
    is opt-in. Keras's `Dense(1, activation="sigmoid")` with `"binary_crossentropy"` is the
    standard Keras idiom and is not reported.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    head = nn.Linear(64, 1)
    criterion = nn.BCELoss()

    def step(features, labels):
        loss = criterion(torch.sigmoid(head(features)), labels)
        loss.backward()
    ```

    Use instead:
    ```python
    import torch.nn as nn

    head = nn.Linear(64, 1)
    criterion = nn.BCEWithLogitsLoss()

    def step(features, labels):
        loss = criterion(head(features), labels)
        loss.backward()
    ```

    ## References
    - [torch.nn.BCEWithLogitsLoss](https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html)
    - [Automatic mixed precision: ops that autocast to float32 / prefer binary_cross_entropy_with_logits](https://pytorch.org/docs/stable/amp.html#prefer-binary-cross-entropy-with-logits-over-binary-cross-entropy)
    """

    code = "NN209"
    name = "sigmoid-with-bce-loss"
    message = "`{input}` is a sigmoid output fed to `{loss}`: use BCEWithLogitsLoss on the logits (stabler, autocast-safe)"
    frameworks = frozenset({"torch"})
    needs = ("sigmoid", "Sigmoid")
    default = False

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for call in loss_calls(program):
            if call.kind == "bce" and call.input is not None and call.input_activation(program) == "sigmoid":
                yield self.report(program, call.node, input=short(program, call.input, 40), loss=short(program, call.node.func, 40))
