"""NN212: raw logits into NLLLoss, probabilities into KLDivLoss, KLDivLoss averaging per element."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.layers import argument
from nnlint.analysis.losses import loss_calls, loss_objects
from nnlint.analysis.models import short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class LossInputMismatch(Rule):
    """
    ## What it does
    Finds losses given the wrong kind of input: raw logits (the output of a layer with no
    activation) as the input of `nn.NLLLoss` / `F.nll_loss`; probabilities (a softmax or
    sigmoid output) rather than log-probabilities as the input of `nn.KLDivLoss` /
    `F.kl_div`; and `nn.KLDivLoss()` with its default `reduction="mean"`.

    ## Why is this bad?
    `NLLLoss` expects log-probabilities and simply picks `-input[target]`: on logits it
    rewards growing the target logit without bound and never normalises, so the loss goes
    to minus infinity while accuracy stays poor. `KLDivLoss` expects its input in log space;
    given probabilities it computes a meaningless quantity whose gradients point the wrong
    way. With `reduction="mean"` it divides by the number of elements rather than the batch
    size, which is not the KL divergence (PyTorch's documentation warns about it; use
    `"batchmean"`): the loss scale changes with the number of classes.

    ## Example
    ```python
    import torch.nn as nn
    import torch.nn.functional as F

    classifier = nn.Linear(256, 10)

    def distill(student_features, teacher_probs):
        student_probs = F.softmax(classifier(student_features), dim=-1)
        return F.kl_div(student_probs, teacher_probs, reduction="batchmean")
    ```

    Use instead:
    ```python
    import torch.nn as nn
    import torch.nn.functional as F

    classifier = nn.Linear(256, 10)

    def distill(student_features, teacher_probs):
        student_log_probs = F.log_softmax(classifier(student_features), dim=-1)
        return F.kl_div(student_log_probs, teacher_probs, reduction="batchmean")
    ```

    ## References
    - [torch.nn.NLLLoss](https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html)
    - [torch.nn.KLDivLoss](https://pytorch.org/docs/stable/generated/torch.nn.KLDivLoss.html)
    """

    code = "NN212"
    name = "loss-input-mismatch"
    message = "{what}"
    frameworks = frozenset({"torch"})
    needs = ("NLLLoss", "nll_loss", "KLDivLoss", "kl_div")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        mean_kl = {id(obj.node): obj.node for obj in loss_objects(program) if obj.qualname == "torch.nn.KLDivLoss" and _default_mean(obj.node)}
        called: set[int] = set()
        for call in loss_calls(program):
            if call.input is None:
                continue
            activation = call.input_activation(program)
            loss = short(program, call.node.func, 40)
            what = None
            if call.kind == "nll" and activation == "linear":
                what = f"`{short(program, call.input, 40)}` is raw logits but `{loss}` expects log-probabilities: apply log_softmax or use CrossEntropyLoss"
            elif call.kind == "kl_div" and activation in ("softmax", "sigmoid"):
                what = f"`{short(program, call.input, 40)}` is probabilities but `{loss}` expects log-probabilities as its input: use log_softmax"
            elif call.constructor is not None and id(call.constructor) in mean_kl:
                called.add(id(call.constructor))
                what = f"`{short(program, call.constructor, 40)}` averages over every element (reduction='mean'), which is not the KL divergence: use reduction='batchmean'"
            if call.constructor is not None and id(call.constructor) in mean_kl:
                called.add(id(call.constructor))
            if what:
                yield self.report(program, call.node, what=what)
        for key, node in mean_kl.items():
            if key not in called and not _called_inline(program, node):
                yield self.report(
                    program,
                    node,
                    what=f"`{short(program, node, 40)}` averages over every element (reduction='mean'), which is not the KL divergence: use reduction='batchmean'",
                )


def _default_mean(call: ast.Call) -> bool:
    if any(kw.arg is None for kw in call.keywords):
        return False
    reduction = argument(call, 3, "reduction")
    if reduction is None:
        return not any(kw.arg in ("size_average", "reduce") for kw in call.keywords) and len(call.args) < 2
    return isinstance(reduction, ast.Constant) and reduction.value == "mean"


def _called_inline(program: Program, node: ast.AST) -> bool:
    parent = program.parent(node)
    return isinstance(parent, ast.Call) and parent.func is node
