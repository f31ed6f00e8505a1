"""NN215: a Keras binary classifier trained on logits and measured with thresholded accuracy."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.layers import AFFINE
from nnlint.analysis.losses import BINARY_KERAS_LOSSES, compile_calls, is_threshold_accuracy
from nnlint.analysis.models import short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class LogitsWithAccuracyMetric(Rule):
    """
    ## What it does
    Finds a Keras binary classifier trained on logits (its loss is
    `BinaryCrossentropy(from_logits=True)`, or its last layer is `Dense(1)` with no
    activation) compiled with `metrics=["accuracy"]` (or `BinaryAccuracy()` with the default
    threshold).

    ## Why is this bad?
    For a binary loss, Keras turns `"accuracy"` into `BinaryAccuracy(threshold=0.5)`, which
    compares the model's output with 0.5. On logits the decision boundary is 0, not 0.5, so
    the reported accuracy is wrong (often stuck or misleadingly low) while the model itself
    may be fine; early stopping and checkpoints chosen on it are wrong too.

    ## Example
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(
        optimizer="adam",
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    ```

    Use instead:
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(
        optimizer="adam",
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
    )
    ```

    ## References
    - [keras.metrics.BinaryAccuracy](https://keras.io/api/metrics/accuracy_metrics/#binaryaccuracy-class)
    - [tensorflow/tensorflow#41413](https://github.com/tensorflow/tensorflow/issues/41413)
    """

    code = "NN215"
    name = "logits-with-accuracy-metric"
    message = "`{metric}` thresholds at 0.5 but this binary classifier outputs logits ({why}): use BinaryAccuracy(threshold=0.0)"
    frameworks = frozenset({"keras", "tensorflow"})
    needs = ("accuracy", "Accuracy")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for compiled in compile_calls(program):
            loss = compiled.loss
            if loss is None or loss.kind not in BINARY_KERAS_LOSSES:
                continue
            metric = next((m for m in compiled.metrics if is_threshold_accuracy(program, m)), None)
            if metric is None:
                continue
            activation = compiled.output_activation()
            why = None
            if loss.from_logits is True and activation not in ("sigmoid", "softmax", "hard_sigmoid"):
                why = "from_logits=True"
            elif activation == "linear" and compiled.model is not None:
                last = compiled.model.last_layer
                if last is not None and last.kind == AFFINE and last.last_size == 1:
                    why = f"last layer `{short(program, last.node, 30)}` has no activation"
            if why:
                yield self.report(program, compiled.node, metric=short(program, metric, 40), why=why)
