"""NN204: two affine layers in a row in a Sequential stack, nothing non-linear between them."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from nnlint.analysis.layers import AFFINE, Layer
from nnlint.analysis.models import models, short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

# Names that say a narrow layer is a low-rank factor or a latent code written on purpose.
_LOW_RANK = re.compile(r"rank|latent|bottleneck|lora|low|code|z_?dim|^r$|^k$|squeeze|reduc", re.I)


class LinearLayersWithoutActivation(Rule):
    """
    ## What it does
    Finds two affine layers (Linear, Dense, Conv) applied one after the other in a
    Sequential stack (`nn.Sequential`, Keras `Sequential`) with only transparent layers
    (Flatten, Reshape, Dropout, Identity) between them.

    ## Why is this bad?
    A composition of affine maps is one affine map: `W2 (W1 x + b1) + b2 = W x + b`. The
    second layer adds parameters and compute but no capacity, so the network is shallower
    than it looks and underfits without any error. Usually an activation was forgotten.

    Depthwise-separable convolutions (a grouped convolution followed by a 1x1 convolution)
    and bottlenecks narrower than both neighbours (autoencoder latents, low-rank
    factorisations, LoRA's A and B) are linear on purpose and not reported.

    ## Example
    ```python
    import torch.nn as nn

    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256),
        nn.Linear(256, 10),
    )
    ```

    Use instead:
    ```python
    import torch.nn as nn

    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256),
        nn.ReLU(),
        nn.Linear(256, 10),
    )
    ```

    ## Known problems
    Only Sequential stacks are checked; layers chained in `forward()` are not. Batch
    normalisation between the layers is treated as non-linear (it is affine at inference).

    ## References
    - [torch.nn.Sequential](https://pytorch.org/docs/stable/generated/torch.nn.Sequential.html)
    - [Keras Sequential model guide](https://keras.io/guides/sequential_model/)
    """

    code = "NN204"
    name = "linear-layers-without-activation"
    message = "`{second}` follows `{first}` with no activation between them: the two layers collapse into one linear map"
    frameworks = frozenset({"torch", "keras"})
    # Only Sequential stacks are read (a call of nn.Sequential or keras.Sequential, whose
    # name is spelt in the file however it is imported): a module's forward is not.
    needs = ("Sequential",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for model in models(program):
            if model.kind not in ("torch-sequential", "keras-sequential"):
                continue
            previous: Layer | None = None
            width_before: int | None = None  # Keras: units of the affine layer before ``previous``
            last_width: int | None = None
            for step in model.layers:
                if step.kind == AFFINE:
                    if previous is not None and id(step.node) not in reported and _collapses(previous, step, width_before):
                        reported.add(id(step.node))
                        yield self.report(
                            program, step.node, first=short(program, previous.node, 40), second=short(program, step.node, 40)
                        )
                    width_before = last_width
                    previous = step
                    last_width = step.last_size
                elif not step.is_transparent:
                    previous = None
                    width_before = last_width


def _collapses(first: Layer, second: Layer, width_before: int | None) -> bool:
    if first.groups != 1 or second.groups != 1:
        return False  # depthwise / grouped convolutions: separable convolutions on purpose
    if first.qualname and first.qualname.rsplit(".", 1)[-1].startswith("Separable"):
        return False
    if first.bias is False:
        return False  # a bias-free first factor: a low-rank factorisation on purpose
    first_in = first.sizes[0] if first.framework == "torch" and len(first.sizes) == 2 else width_before
    middle = first.last_size
    second_out = second.last_size
    if middle is not None and second_out is not None and middle < second_out and (first_in is None or middle < first_in):
        # Narrower than what follows and than what comes before (or than what follows when
        # the input width is unknown): a bottleneck.
        return False
    middle_node = first.size_nodes[-1] if first.size_nodes else None
    if middle_node is not None and not isinstance(middle_node, ast.Constant):
        if any(_LOW_RANK.search(part) for part in _names(middle_node)):
            return False
    return True


def _names(node: ast.AST) -> list[str]:
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.append(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.append(sub.attr)
    return found
