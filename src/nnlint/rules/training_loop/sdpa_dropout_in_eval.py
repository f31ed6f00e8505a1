"""NN114: scaled_dot_product_attention with a dropout_p that ignores the module's mode."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from nnlint.analysis.modules import mentions_training, owning_method, under_training_guard, walk_function
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

SDPA = "torch.nn.functional.scaled_dot_product_attention"
_DROPOUT_P_INDEX = 4  # (query, key, value, attn_mask, dropout_p, ...)


class SdpaDropoutInEval(Rule):
    """
    ## What it does
    Finds `F.scaled_dot_product_attention(..., dropout_p=p)` in a method of an `nn.Module`
    where `p` is not guarded by the training flag (`p if self.training else 0.0`).

    ## Why is this bad?
    `scaled_dot_product_attention` is a function: it does not know whether the module is in
    training or evaluation mode, and applies `dropout_p` whenever it is non-zero.
    `model.eval()` does not turn it off, so attention weights are dropped at random during
    validation and generation: metrics are noisy and lower, outputs are not deterministic.

    ## Example
    ```python
    import torch.nn.functional as F
    from torch import nn


    class SelfAttention(nn.Module):
        def __init__(self, dim, heads, dropout=0.1):
            super().__init__()
            self.heads = heads
            self.qkv = nn.Linear(dim, 3 * dim)
            self.dropout = dropout

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).transpose(1, 3).unbind(2)
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=self.dropout, is_causal=True)
            return y.transpose(1, 2).reshape(b, t, d)
    ```

    Use instead:
    ```python
    import torch.nn.functional as F
    from torch import nn


    class SelfAttention(nn.Module):
        def __init__(self, dim, heads, dropout=0.1):
            super().__init__()
            self.heads = heads
            self.qkv = nn.Linear(dim, 3 * dim)
            self.dropout = dropout

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).transpose(1, 3).unbind(2)
            p = self.dropout if self.training else 0.0
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=True)
            return y.transpose(1, 2).reshape(b, t, d)
    ```

    ## Known problems
    A `dropout_p` that arrives as a function argument is not followed to the caller: the rule
    stays silent on it.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.functional.scaled_dot_product_attention.html
    - https://github.com/pytorch/pytorch/issues/124464
    """

    code = "NN114"
    name = "sdpa-dropout-in-eval"
    message = "`dropout_p={value}` is applied in eval mode too: use `{value} if self.training else 0.0`"
    frameworks = frozenset({"torch"})
    needs = ("scaled_dot_product_attention",)

    def check(self, program: Program) -> Iterator[Diagnostic]:
        for node in program.nodes_of(ast.Call):
            if program.call_name(node) != SDPA:
                continue
            owner = owning_method(program, node)
            if owner is None or not owner[0].is_torch_module:
                continue
            method = owner[1]
            value = _dropout_p(node)
            if value is None or _guarded(program, value, method) or under_training_guard(program, node, method):
                continue
            yield self.report(program, node, value=program.text(value))


def _dropout_p(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "dropout_p":
            return kw.value
    if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg is None for kw in call.keywords):
        return None
    return call.args[_DROPOUT_P_INDEX] if len(call.args) > _DROPOUT_P_INDEX else None


def _guarded(program: Program, value: ast.expr, method: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Zero, a training test, a parameter of the method (unknown), or a local set from either."""
    if isinstance(value, ast.Constant):
        return not value.value
    if mentions_training(value):
        return True
    if isinstance(value, ast.Name):
        args = method.args
        if value.id in {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}:
            return True
        assignments = [
            node
            for node in walk_function(method)
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
            and any(
                isinstance(t, ast.Name) and t.id == value.id
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            )
        ]
        if not assignments:
            return True
        return any(
            node.value is None
            or _guarded(program, node.value, method)
            or under_training_guard(program, node, method)
            for node in assignments
        )
    return False
