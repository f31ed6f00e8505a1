"""NN207: a Keras model that outputs logits, compiled with a loss that expects probabilities."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.losses import compile_calls
from nnlint.analysis.models import short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class LogitsWithoutFromLogits(Rule):
    """
    ## What it does
    Finds a Keras model whose last layer has no activation (it outputs logits) compiled with
    a cross-entropy loss that expects probabilities: `"categorical_crossentropy"`,
    `"sparse_categorical_crossentropy"`, `"binary_crossentropy"` (the string names), or the
    loss classes and functions with `from_logits=False`, the default.

    ## Why is this bad?
    Keras losses that expect probabilities clip their input into `[1e-7, 1 - 1e-7]` before
    taking the log. Logits are mostly outside that range, so most of the loss is clipped
    away, the gradients are zero for many samples, and the model trains badly or not at all
    while every call succeeds.

    Not reported: a softmax applied after the last layer (`Activation("softmax")`,
    `layers.Softmax()`, a softmax at the end of `call()`), `keras.applications` models with
    their default classifier activation, and activations given by a variable.

    ## Example
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(10),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ```

    Use instead:
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(10),
    ])
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    ```

    ## References
    - [keras.losses.SparseCategoricalCrossentropy](https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class)
    """

    code = "NN207"
    name = "logits-without-from-logits"
    message = "the model's last layer `{layer}` has no activation but `{loss}` expects probabilities: use from_logits=True or add an activation"
    frameworks = frozenset({"keras", "tensorflow"})
    needs = ("crossentropy", "Crossentropy")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for compiled in compile_calls(program):
            if compiled.model is None or compiled.loss is None or compiled.loss.from_logits is not False:
                continue
            if compiled.output_activation() != "linear":
                continue
            last = compiled.model.last_layer
            if last is None:
                continue
            yield self.report(
                program, compiled.node, layer=short(program, last.node, 40), loss=short(program, compiled.loss.node, 50)
            )
