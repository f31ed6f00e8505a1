"""NN202: hidden weight matrices of one stack all set to the same constant."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.initialisation import constant_weight_inits
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class ConstantWeightInit(Rule):
    """
    ## What it does
    Finds weight matrices (Linear, Conv, Keras Dense/Conv kernels) set to one constant when
    that ties the units of a network together: every such layer of a model through
    `model.apply(fn)` or a loop over `model.modules()`, or two layers of one stack where one
    feeds the other (`nn.init.zeros_`, `nn.init.ones_`, `nn.init.constant_`, `.fill_()`,
    `.zero_()`, Keras `kernel_initializer="zeros"` / `"ones"` / `Constant(c)`).

    ## Why is this bad?
    Units of a layer whose incoming and outgoing weights are all equal compute the same value
    and receive the same gradient, so they stay equal forever: a layer of 256 units trains
    like a layer of one. The loss falls a little and then plateaus, with no error. Random
    initialisation exists to break this symmetry.

    Biases and normalisation weights set to 0 or 1 are normal and not reported, nor is a
    single zero-initialised layer (a classifier head, the last layer of a residual branch,
    LoRA's `B`, adaLN-Zero): the layers before it still differ, so the symmetry breaks.

    ## Example
    ```python
    from torch import nn


    def init_weights(m):
        if isinstance(m, nn.Linear):
            nn.init.constant_(m.weight, 0.5)
            nn.init.zeros_(m.bias)


    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    model.apply(init_weights)
    ```

    Use instead:
    ```python
    from torch import nn


    def init_weights(m):
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)


    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    model.apply(init_weights)
    ```

    ## Known problems
    Stacks are followed within one file: a `forward()` data flow for explicit inits, the
    layers a model builds in `__init__` for `apply()`. An `apply()` on a model built elsewhere
    is not reported.

    ## References
    - https://pytorch.org/docs/stable/nn.init.html
    - https://keras.io/api/layers/initializers/
    """

    code = "NN202"
    name = "constant-weight-init"
    message = "{what} sets {scope} to the constant {value}: their units stay identical and never learn different features; use a random init (xavier_/kaiming_/'glorot_uniform')"
    frameworks = frozenset({"torch", "keras"})
    needs = ("zeros_", "ones_", "constant_", "fill_", "zero_", "kernel_initializer")

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for item in constant_weight_inits(program):
            what = f"`{_short(program.text(item.node if item.how != 'keras' else item.node.func))}`"
            value = item.constant if isinstance(item.constant, str) else f"{item.constant:g}"
            scope = "the weight of every such layer of the model" if item.how == "apply" else f"{item.layers} weight matrices of one stack"
            yield self.report(program, item.node, what=what, scope=scope, value=value)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
