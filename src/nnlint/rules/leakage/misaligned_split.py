"""NN406: X and y split by two separate train_test_split calls that shuffle differently."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.dataflow import SplitFact, constant, dataflow, label_like
from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class MisalignedSplit(Rule):
    """
    ## What it does
    Finds features and labels split by two separate `train_test_split` calls that do not
    share the same fixed `random_state` (or both pass `shuffle=False`).

    ## Why is this bad?
    Each call shuffles with its own random permutation, so row *i* of `X_train` no longer
    belongs with row *i* of `y_train`. Training runs without any error, and accuracy stays at
    chance level.

    ## Example
    ```python
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    X_train, X_test = train_test_split(X, test_size=0.2)
    y_train, y_test = train_test_split(y, test_size=0.2)
    clf = LogisticRegression().fit(X_train, y_train)
    ```

    Use instead:
    ```python
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    clf = LogisticRegression().fit(X_train, y_train)
    ```

    ## References
    - [scikit-learn: train_test_split](https://scikit-learn.org/stable/modules/generated/sklearn.model_selection.train_test_split.html)
    """

    code = "NN406"
    name = "misaligned-split"
    message = "{second} shuffles {data} separately from the split at line {line}: rows no longer match"
    frameworks = frozenset({"sklearn"})
    needs = ("train_test_split",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        flow = dataflow(program)
        singles = [s for s in flow.splits if s.kind == "train_test_split" and len(s.inputs) == 1]
        for i, second in enumerate(singles):
            first = _partner(flow, second, [s for s in singles[:i] if s.scope is second.scope])
            if first is None or _aligned(program, flow, first, second) is not False:
                continue
            yield self.report(
                program, second.node, second="train_test_split(...)", data=second.input_names[0] or "the data", line=first.line
            )


def _partner(flow, second: SplitFact, earlier: list[SplitFact]) -> SplitFact | None:  # type: ignore[no-untyped-def]
    """The split of the features that goes with this split of the labels, nearest first."""
    earlier = earlier[::-1]
    for first in earlier:
        if _used_together(flow, first, second):
            return first
    pairs = [first for first in earlier if _features_and_labels(first, second)]
    for first in pairs:
        if _stem(first.input_names[0]) == _stem(second.input_names[0]):
            return first
    return pairs[0] if pairs else None


def _stem(name: str | None) -> str:
    """``xrest`` / ``yrest`` -> ``rest``; ``X`` / ``y`` -> ``""``."""
    return (name or "").lower().lstrip("xy").lstrip("_")


def _used_together(flow, first: SplitFact, second: SplitFact) -> bool:  # type: ignore[no-untyped-def]
    """Some later call takes data from both splits (``fit(X_train, y_train)``)."""
    for call in flow.calls:
        if call.scope is not first.scope or call.line <= second.line:
            continue
        args = [*call.args, *call.kwargs.values()]
        if any(first.id in v.splits for v in args) and any(second.id in v.splits for v in args):
            return True
    return False


def _features_and_labels(first: SplitFact, second: SplitFact) -> bool:
    """``train_test_split(x)`` then ``train_test_split(y)``: features first, labels second."""
    a, b = first.input_names[0], second.input_names[0]
    return bool(a and b) and not label_like(a) and label_like(b)


def _aligned(program: Program, flow, first: SplitFact, second: SplitFact) -> bool | None:  # type: ignore[no-untyped-def]
    """True when both shuffle the same way, False when they do not, None when unknown."""
    if constant(first.options.get("shuffle")) is False and constant(second.options.get("shuffle")) is False:
        return True
    states = [_resolved(program, flow, s, s.options.get("random_state")) for s in (first, second)]
    if any(state is None or (isinstance(state, ast.Constant) and state.value is None) for state in states):
        return False
    values = [constant(state) for state in states]
    if all(isinstance(v, int) for v in values):
        return values[0] == values[1]
    spellings = [dotted(state) for state in states]
    if spellings[0] and spellings[0] == spellings[1]:
        return True
    return None


def _resolved(program: Program, flow, split: SplitFact, node: ast.AST | None) -> ast.AST | None:  # type: ignore[no-untyped-def]
    """A name bound to an integer literal in the function or at module level -> the literal."""
    if isinstance(node, ast.Name):
        for scope in (split.scope, program.tree):
            found = flow.definition(scope, node.id, split.line if scope is split.scope else 10**9)
            if isinstance(found, ast.Constant) and isinstance(found.value, int):
                return found
    return node
