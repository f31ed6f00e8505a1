"""NN107: a recurrent state carried across batches without detach()."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.events import Event, Kind
from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program
from nnlint.analysis.training import training_loops
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class HiddenStateNotDetached(Rule):
    """
    ## What it does
    Finds a recurrent hidden state that a training loop feeds back into the model batch after
    batch without `detach()`, while `backward(retain_graph=True)` keeps the old graphs alive.

    ## Why is this bad?
    The state returned by an RNN remembers every operation that produced it. Fed back
    unchanged, it links each batch's graph to all previous batches. Without
    `retain_graph=True` the second `backward()` raises; the usual "fix",
    `retain_graph=True`, silences the error and makes every backward pass run through the
    whole history: memory and time per batch grow until the run crawls or runs out of memory,
    and gradients flow across batch boundaries that truncated BPTT means to cut.

    ## Example
    ```python
    import torch
    from torch import nn

    model = nn.LSTM(64, 128)
    optimizer = torch.optim.Adam(model.parameters())
    hidden = None
    for x, y in batches:
        optimizer.zero_grad()
        out, hidden = model(x, hidden)
        loss = criterion(out[-1], y)
        loss.backward(retain_graph=True)
        optimizer.step()
    ```

    Use instead:
    ```python
    import torch
    from torch import nn

    model = nn.LSTM(64, 128)
    optimizer = torch.optim.Adam(model.parameters())
    hidden = None
    for x, y in batches:
        optimizer.zero_grad()
        if hidden is not None:
            hidden = tuple(h.detach() for h in hidden)
        out, hidden = model(x, hidden)
        loss = criterion(out[-1], y)
        loss.backward()
        optimizer.step()
    ```

    ## Known problems
    Only loops that call `backward(retain_graph=True)` are reported: without it PyTorch raises
    an error at the second batch, so the mistake cannot stay silent.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.Tensor.detach.html
    """

    code = "NN107"
    name = "hidden-state-not-detached"
    message = "`{state}` is fed back into `{call}` every batch without detach(), and `{backward}` keeps every graph alive"
    frameworks = frozenset({"torch"})
    needs = ("retain_graph",)

    def check(self, program: Program) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        for _root, loop in training_loops(program):
            retained = [e for e in loop.walk() if e.kind == Kind.BACKWARD and _retains_graph(e.node)]
            if not retained:
                continue
            events = list(loop.walk())
            for event in events:
                if event.kind != Kind.MODEL_CALL or event.under_no_grad():
                    continue
                call = event.node
                if not isinstance(call, ast.Call):
                    continue
                for arg in [*call.args, *(k.value for k in call.keywords)]:
                    state = dotted(arg)
                    if state is None or id(arg) in seen:
                        continue
                    if _fed_back(events, call, state) and not _reset_before(events, loop, event, state, call):
                        seen.add(id(arg))
                        yield self.report(
                            program, arg, state=state, call=program.text(call.func), backward=program.text(retained[0].node)
                        )


def _retains_graph(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and any(
        k.arg == "retain_graph" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
    )


def _fed_back(events: list[Event], call: ast.Call, state: str) -> bool:
    """The call's result is assigned back to ``state`` (``out, state = model(x, state)``)."""
    return any(
        e.kind == Kind.ASSIGN and e.subject == state and e.info.get("tuple_value", e.info.get("value")) is call
        for e in events
    )


def _reset_before(events: list[Event], loop: Event, use: Event, state: str, call: ast.Call) -> bool:
    """Another assignment to the state inside the loop (detach, repackage, init) or an
    in-place ``state.detach_()`` cuts the history."""
    for e in events:
        if e.kind == Kind.ASSIGN and e.subject == state and e.info.get("tuple_value", e.info.get("value")) is not call:
            return True
    for node in ast.walk(loop.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("detach_", "detach")
            and dotted(node.func.value) == state
        ):
            return True
    return False
