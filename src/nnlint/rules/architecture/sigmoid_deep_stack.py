"""NN203: a saturating activation on several hidden layers of one stack."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.layers import ACTIVATION, AFFINE, POOLING, Layer
from nnlint.analysis.models import Flow, Model, models, short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Option, Rule


class SigmoidDeepStack(Rule):
    """
    ## What it does
    Finds a stack of layers (an `nn.Sequential`, a `ModuleList` applied in a loop, the chain of
    layers in `forward()`, a Keras `Sequential` or functional model) in which three or more
    hidden layers are followed by a saturating activation (sigmoid or hard sigmoid by default)
    with no normalisation layer between them.

    ## Why is this bad?
    The derivative of the sigmoid is at most 0.25, so each such layer shrinks the gradient
    that flows back through it at least fourfold. With several of them in a row the first
    layers receive almost no gradient: the loss falls slowly, then stalls, and the early
    layers stay close to their initial weights. ReLU-family activations (ReLU, GELU, SiLU)
    or a normalisation layer between the layers keep gradients alive.

    Sigmoid at the output layer (a probability) and sigmoid used as a gate (LSTM/GRU cells,
    GLU, SiLU `x * sigmoid(x)`, attention gates) are fine and not reported.

    ## Example
    ```python
    import torch.nn as nn

    model = nn.Sequential(
        nn.Linear(784, 512), nn.Sigmoid(),
        nn.Linear(512, 256), nn.Sigmoid(),
        nn.Linear(256, 128), nn.Sigmoid(),
        nn.Linear(128, 10),
    )
    ```

    Use instead:
    ```python
    import torch.nn as nn

    model = nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(),
        nn.Linear(512, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )
    ```

    ## Known problems
    Stacks built by a helper from arguments nnlint cannot evaluate (a loop over a list passed
    in from elsewhere) are not counted.

    ## Options
    - `deep-stack-depth`: how many hidden layers with a saturating activation make a deep stack
      (default 3).
    - `deep-stack-activations`: which activations count as saturating (default
      `["sigmoid", "hard_sigmoid"]`; add `"tanh"` to include tanh stacks, which
      physics-informed networks, neural ODEs and RL policies use on purpose).

    ## References
    - [Glorot and Bengio, Understanding the difficulty of training deep feedforward neural networks (2010)](https://proceedings.mlr.press/v9/glorot10a.html)
    - [torch.nn.ReLU](https://pytorch.org/docs/stable/generated/torch.nn.ReLU.html)
    """

    code = "NN203"
    name = "sigmoid-deep-stack"
    message = "{activation} follows {count} hidden layers of {stack} with no normalisation between them, starting at `{first}`: gradients vanish"
    frameworks = frozenset({"torch", "keras"})
    options = {
        "deep-stack-depth": Option(int, 3, "hidden layers with a saturating activation that make a deep stack"),
        "deep-stack-activations": Option(
            list,
            ["sigmoid", "hard_sigmoid"],
            "activations that count as saturating",
            choices=("sigmoid", "hard_sigmoid", "tanh"),
        ),
    }


    def needed_words(self) -> tuple[str, ...] | None:
        """The configured activations, as Keras strings and as torch spellings."""
        words = {"sigmoid", "Sigmoid"}
        for name in self.option_values["deep-stack-activations"]:
            words.update({name, name.capitalize(), name.replace("_", "").capitalize()})
        return tuple(sorted(words))

    def check(self, program: Program) -> Iterable[Diagnostic]:
        depth = max(1, int(self.option_values["deep-stack-depth"]))
        saturating = set(self.option_values["deep-stack-activations"])
        reported: set[int] = set()
        for model in models(program):
            for flow in model.flows:
                for run in _saturated_runs(flow, saturating):
                    if len(run) < depth or id(run[0][0].node) in reported:
                        continue
                    reported.add(id(run[0][0].node))
                    names = sorted({act.activation or "" for _, act, _ in run})
                    yield self.report(
                        program,
                        run[0][0].extra.get("call_site") or run[0][0].node,
                        activation=" and ".join(names),
                        count=len(run),
                        stack=_describe(model),
                        first=short(program, run[0][0].node),
                    )


def _describe(model: Model) -> str:
    if model.kind in ("torch-module", "keras-subclass"):
        return f"`{model.name}`"
    if model.name:
        return f"`{model.name}`"
    return "this stack"


def _saturated_runs(flow: Flow, saturating: set[str]) -> Iterable[list[tuple[Layer, Layer, int]]]:
    """Runs of (hidden affine layer, saturating activation) pairs not separated by anything
    that normalises, resets or hides the value; a pair counts only when an affine layer
    follows it (the last layer of a stack is its output, where sigmoid is fine)."""
    run: list[tuple[Layer, Layer, int]] = []
    pending: Layer | None = None
    for index, step in enumerate(flow):
        if step.is_transparent or step.kind == POOLING:
            continue
        if step.kind == AFFINE:
            if pending is not None:
                yield _hidden(run, flow, index)
                run = []
            pending = step
            continue
        if step.kind == ACTIVATION and pending is not None:
            if step.activation in saturating:
                run.append((pending, step, index))
            else:
                yield _hidden(run, flow, index)
                run = []
            pending = None
            continue
        yield _hidden(run, flow, index)
        run, pending = [], None
    yield _hidden(run, flow, len(flow))


def _hidden(run: list[tuple[Layer, Layer, int]], flow: Flow, end: int) -> list[tuple[Layer, Layer, int]]:
    if not run:
        return run
    position = run[-1][2]
    if any(step.kind == AFFINE for step in flow[position + 1 :]):
        return run
    return run[:-1]
