"""NN211: softmax, log_softmax or softmin without an explicit dim."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.layers import has_argument
from nnlint.analysis.models import calls_by_name, short
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule

_MODULES = ("torch.nn.Softmax", "torch.nn.LogSoftmax", "torch.nn.Softmin")
_FUNCTIONS = ("torch.nn.functional.softmax", "torch.nn.functional.log_softmax", "torch.nn.functional.softmin")


class SoftmaxWithoutDim(Rule):
    """
    ## What it does
    Finds `nn.Softmax()`, `nn.LogSoftmax()`, `nn.Softmin()`, `F.softmax(x)`,
    `F.log_softmax(x)` and `F.softmin(x)` called without `dim` (as a keyword or positionally).

    ## Why is this bad?
    Without `dim`, PyTorch guesses the axis from the number of dimensions of the input: dim 0
    for 0-, 1- and 3-D inputs. For a batch of sequences (3-D) that is the batch axis, so the
    probabilities of different samples are normalised together and the model trains on
    nonsense without an error (only a deprecation warning). The implicit choice is
    deprecated.

    Keras `Softmax()` and `tf.nn.softmax` default to the last axis and are not reported.

    ## Example
    ```python
    import torch.nn as nn
    import torch.nn.functional as F

    class Attention(nn.Module):
        def forward(self, scores, values):
            weights = F.softmax(scores)
            return weights @ values
    ```

    Use instead:
    ```python
    import torch.nn as nn
    import torch.nn.functional as F

    class Attention(nn.Module):
        def forward(self, scores, values):
            weights = F.softmax(scores, dim=-1)
            return weights @ values
    ```

    ## Fix safety
    The fix adds `dim=-1` (the class axis of the usual `(batch, ..., classes)` layout). It is
    unsafe: for 4-D inputs the implicit dim was 1 (channels), so check which axis you mean.

    ## References
    - [torch.nn.functional.softmax](https://pytorch.org/docs/stable/generated/torch.nn.functional.softmax.html)
    """

    code = "NN211"
    name = "softmax-without-dim"
    message = "`{call}` has no dim: the implicit dim is deprecated and is the batch axis for some shapes"
    frameworks = frozenset({"torch"})
    needs = ("softmax", "Softmax", "softmin", "Softmin")
    fix_availability = "always"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        calls = calls_by_name(program)
        found = []
        for name in _MODULES:
            found += [call for call in calls.get(name, []) if not has_argument(call, 0, "dim")]
        for name in _FUNCTIONS:
            found += [call for call in calls.get(name, []) if not has_argument(call, 1, "dim")]
        for call in sorted(found, key=lambda c: (c.lineno, c.col_offset)):
            yield self.report(program, call, call=short(program, call, 50))

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        import ast

        from nnlint.diagnostic import Applicability, Fix
        from nnlint.fix import add_keyword, node_at

        call = node_at(program, diagnostic, ast.Call)
        edit = add_keyword(program, call, "dim", "-1") if call is not None else None
        return Fix("Add dim=-1", (edit,), Applicability.UNSAFE) if edit else None
