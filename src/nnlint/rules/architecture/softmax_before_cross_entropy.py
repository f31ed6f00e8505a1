"""NN205: probabilities given to a loss that expects logits."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.losses import compile_calls, loss_calls
from nnlint.analysis.models import class_model, short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule

_EXPECTS_LOGITS = {
    "cross_entropy": "applies log_softmax itself",
    "tf_softmax_with_logits": "applies softmax itself",
}


class SoftmaxBeforeCrossEntropy(Rule):
    """
    ## What it does
    Finds a softmax output used as the input of a loss that applies softmax itself:
    `nn.CrossEntropyLoss` / `F.cross_entropy` (input, the first argument), `tf.nn.*softmax_cross_entropy_with_logits`
    (`logits=`); a softmax (not log_softmax) fed to `nn.NLLLoss` / `F.nll_loss`; and a
    Keras model whose output layer has a softmax or sigmoid activation compiled with a loss
    built with `from_logits=True` (or such an output passed as `y_pred` to that loss object
    in a custom training loop); and a skorch net given `criterion=nn.CrossEntropyLoss` for a
    module whose `forward()` ends with a softmax.

    ## Why is this bad?
    `CrossEntropyLoss` computes `log_softmax` of its input. Given probabilities, it takes the
    softmax of values squeezed into [0, 1], so the loss can never get close to zero and the
    gradients are tiny: the model trains slowly and plateaus at a mediocre accuracy, with no
    error. `NLLLoss` expects log-probabilities: fed probabilities, it maximises the wrong
    quantity. A Keras loss with `from_logits=True` applies softmax/sigmoid again to outputs
    that already went through one.

    `log_softmax` into `CrossEntropyLoss` is not reported (log_softmax is idempotent, so the
    loss and gradients are the same as with logits), nor is a softmax in the *target*
    argument (soft labels, distillation).

    ## Example
    ```python
    import torch.nn as nn
    import torch.nn.functional as F

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(128, 10)

        def forward(self, x):
            return F.softmax(self.fc(x), dim=1)

    model = Classifier()
    criterion = nn.CrossEntropyLoss()

    def train_step(x, y):
        loss = criterion(model(x), y)
        loss.backward()
    ```

    Use instead:
    ```python
    import torch.nn as nn

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(128, 10)

        def forward(self, x):
            return self.fc(x)

    model = Classifier()
    criterion = nn.CrossEntropyLoss()

    def train_step(x, y):
        loss = criterion(model(x), y)
        loss.backward()
    ```

    ## Fix safety
    For PyTorch losses that expect logits, the fix removes the softmax when it is applied in
    the loss call itself (`criterion(F.softmax(z, dim=1), y)` -> `criterion(z, y)`) or in the
    assignment of a name used only by the loss. It is unsafe: the loss values change (they
    become right), so logged numbers and tuned learning rates move. A softmax inside the
    model's forward, and the Keras cases, get no fix.

    ## References
    - [torch.nn.CrossEntropyLoss](https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html)
    - [keras.losses.CategoricalCrossentropy](https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class)
    """

    code = "NN205"
    name = "softmax-before-cross-entropy"
    message = "{what}"
    frameworks = frozenset({"torch", "keras", "tensorflow"})
    needs = ("softmax", "Softmax")
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for call in loss_calls(program):
            activation = call.input_activation(program)
            if call.input is None or activation not in ("softmax", "sigmoid"):
                continue
            if activation == "sigmoid" and not (call.kind.startswith("keras_") and call.from_logits is True):
                continue
            loss = short(program, call.node.func, 40)
            if call.kind in _EXPECTS_LOGITS:
                what = f"`{short(program, call.input, 40)}` is a softmax output but `{loss}` {_EXPECTS_LOGITS[call.kind]}: pass the logits"
            elif call.kind.startswith("keras_") and call.from_logits is True:
                what = f"`{short(program, call.input, 40)}` is a {activation} output but `{loss}` is built with from_logits=True: pass the logits or drop from_logits"
            elif call.kind == "nll":
                what = f"`{short(program, call.input, 40)}` is a softmax output but `{loss}` expects log-probabilities: use log_softmax"
            else:
                continue
            yield self.report(program, call.node, what=what)
        for criterion, module in _skorch_nets(program):
            yield self.report(
                program,
                criterion,
                what=f"`{module}` ends with a softmax but the skorch net's criterion `{short(program, criterion, 40)}` applies its own log-softmax: return the logits from forward()",
            )
        for compiled in compile_calls(program):
            loss = compiled.loss
            if loss is None or loss.from_logits is not True:
                continue
            activation = compiled.output_activation()
            if activation in ("softmax", "sigmoid"):
                yield self.report(
                    program,
                    compiled.node,
                    what=f"the model's output layer applies {activation} but its loss is built with from_logits=True: remove one of them",
                )

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.fix import pass_logits

        def unwrap(node: ast.AST | None) -> ast.AST | None:
            """The logits inside ``F.softmax(z, dim=1)`` / ``torch.softmax(z, 1)`` / ``z.softmax(1)``."""
            if not isinstance(node, ast.Call) or any(k.arg != "dim" for k in node.keywords):
                return None
            if program.call_name(node) in ("torch.softmax", "torch.nn.functional.softmax") and 1 <= len(node.args) <= 2:
                return node.args[0]
            if isinstance(node.func, ast.Attribute) and node.func.attr == "softmax" and len(node.args) <= 1 and program.call_name(node) is None:
                return node.func.value
            return None

        wanted = (diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col)
        for call in loss_calls(program):
            if program.position(call.node) != wanted or call.kind not in _EXPECTS_LOGITS:
                continue
            return pass_logits(program, call.input, unwrap)
        return None


SKORCH_NETS = frozenset({"skorch.NeuralNet", "skorch.NeuralNetClassifier", "skorch.net.NeuralNet", "skorch.classifier.NeuralNetClassifier"})
CROSS_ENTROPY = "torch.nn.CrossEntropyLoss"


def _skorch_nets(program: Program) -> Iterable[tuple[ast.expr, str]]:
    """``NeuralNet(Module, criterion=nn.CrossEntropyLoss)``: skorch applies the criterion to
    the module's forward() output (the default NLLLoss of NeuralNetClassifier takes the log of
    probabilities itself, so a softmax module is right there; CrossEntropyLoss is not)."""
    for call in program.nodes_of(ast.Call):
        if program.call_name(call) not in SKORCH_NETS:
            continue
        criterion = next((k.value for k in call.keywords if k.arg == "criterion"), None)
        target = criterion.func if isinstance(criterion, ast.Call) else criterion
        if criterion is None or program.qualname(target) != CROSS_ENTROPY:
            continue
        module = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "module"), None)
        if isinstance(module, ast.Call):
            module = module.func
        if not isinstance(module, ast.Name):
            continue
        model = class_model(program, module.id)
        if model is not None and model.output_activation == "softmax":
            yield criterion, module.id

