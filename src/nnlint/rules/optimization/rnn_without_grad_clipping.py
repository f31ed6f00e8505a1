"""NN301: a recurrent model trained without gradient clipping."""

from __future__ import annotations

from collections.abc import Iterator

from nnlint.analysis.gradients import clip_events, keras_recurrent_compiles, trains_recurrent
from nnlint.analysis.events import Kind
from nnlint.analysis.program import Program
from nnlint.analysis.training import engine_backward, receives, training_iterations
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class RnnWithoutGradClipping(Rule):
    """
    ## What it does
    Finds models with recurrent layers (`nn.RNN`, `nn.LSTM`, `nn.GRU` and their cells, Keras
    `SimpleRNN`, `LSTM`, `GRU`) trained with no gradient clipping: no `clip_grad_norm_` /
    `clip_grad_value_` (or `accelerator.clip_grad_norm_`, Fabric `clip_gradients`, timm
    `dispatch_clip_grad`) in the PyTorch training loop, no `clipnorm`, `clipvalue` or
    `global_clipnorm` on the Keras optimizer.

    ## Why is this bad?
    Backpropagation through time multiplies the same recurrent weights once per time step, so
    gradients can grow exponentially over a long sequence. One exploding batch sends the
    weights far away: the loss jumps to a huge value or NaN and training never recovers, often
    many epochs in. Clipping the gradient norm (Pascanu et al., 2013) is the standard remedy,
    and costs nothing when gradients are small.

    ## Example
    ```python
    import torch
    from torch import nn

    model = nn.LSTM(128, 256, num_layers=2)
    optimizer = torch.optim.Adam(model.parameters())
    for x, y in loader:
        optimizer.zero_grad()
        out, _ = model(x)
        loss = criterion(out[-1], y)
        loss.backward()
        optimizer.step()
    ```

    Use instead:
    ```python
    import torch
    from torch import nn

    model = nn.LSTM(128, 256, num_layers=2)
    optimizer = torch.optim.Adam(model.parameters())
    for x, y in loader:
        optimizer.zero_grad()
        out, _ = model(x)
        loss = criterion(out[-1], y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
    ```

    ## Known problems
    Short sequences often train fine without clipping; the rule reports the missing
    safeguard, not a certain failure. Recurrent layers that are frozen
    (`requires_grad_(False)`) are not reported. Lightning's `Trainer(gradient_clip_val=...)` and
    Hugging Face's `Trainer` (which clips by default) run their own loops, so nothing is
    reported for them.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html
    - https://keras.io/api/optimizers/ (`clipnorm`, `clipvalue`, `global_clipnorm`)
    """

    code = "NN301"
    name = "rnn-without-grad-clipping"
    message = "`{step}` trains recurrent layers without gradient clipping"
    frameworks = frozenset({"torch", "keras"})
    needs = ("LSTM", "GRU", "RNN")

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for iteration in training_iterations(program):
            if iteration.optimizer is None or clip_events(iteration):
                continue
            if any(engine_backward(e) for e in iteration.backwards):
                continue
            if any(receives(e, iteration.optimizer, program) for e in iteration.events if e.kind == Kind.OPAQUE):
                continue
            if trains_recurrent(program, iteration.optimizer) is not True:
                continue
            step = next((s for s in iteration.steps if not s.in_closure()), None)
            if step is not None:
                yield self.report(program, step.node, step=program.text(step.node))
        for compiled in keras_recurrent_compiles(program):
            if compiled.clips is False:
                yield self.report(
                    program,
                    compiled.node,
                    message="model with recurrent layers compiled with an optimizer that does not clip gradients (no clipnorm, clipvalue or global_clipnorm)",
                )
