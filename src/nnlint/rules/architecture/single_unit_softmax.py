"""NN208: softmax over an axis of size one."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.layers import ACTIVATION, AFFINE, DROPOUT
from nnlint.analysis.models import models, short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class SingleUnitSoftmax(Rule):
    """
    ## What it does
    Finds a layer with a single output unit (`Dense(1)`, `Linear(..., 1)`) followed by a
    softmax over its last axis (`Dense(1, activation="softmax")`, `nn.Softmax(dim=-1)`,
    `F.softmax(x, dim=-1)`, Keras `Softmax()`).

    ## Why is this bad?
    Softmax normalises over the axis it is given. Over an axis of size one every output is
    exactly 1.0, whatever the input: the model predicts the same thing for every sample and
    the gradient through the softmax is zero, so nothing before it learns. For a binary
    classifier use one unit with sigmoid, or two units with softmax.

    Attention pooling (a `Linear(d, 1)` score per time step, softmax over the sequence axis,
    `dim=1`) is not reported.

    ## Example
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(30,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="softmax"),
    ])
    ```

    Use instead:
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(30,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    ```

    ## References
    - [torch.nn.Softmax](https://pytorch.org/docs/stable/generated/torch.nn.Softmax.html)
    - [keras.activations.softmax](https://keras.io/api/layers/activations/#softmax-function)
    """

    code = "NN208"
    name = "single-unit-softmax"
    message = "softmax over the single output unit of `{layer}`: the output is always 1.0"
    frameworks = frozenset({"torch", "keras"})
    needs = ("softmax", "Softmax")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        reported: set[int] = set()
        for model in models(program):
            for flow in [model.layers, *model.flows]:
                unit = None
                for step in flow:
                    if step.kind == AFFINE:
                        unit = step if step.last_size == 1 else None
                    elif step.kind == DROPOUT:
                        continue
                    elif step.kind == ACTIVATION and unit is not None:
                        if step.activation == "softmax" and _last_axis(step) and id(unit.node) not in reported:
                            reported.add(id(unit.node))
                            yield self.report(program, unit.node, layer=short(program, unit.node, 40))
                        unit = None
                    else:
                        unit = None


def _last_axis(step) -> bool:  # type: ignore[no-untyped-def]
    if step.framework == "keras":
        return step.axis in ("default", -1)
    return step.axis == -1
