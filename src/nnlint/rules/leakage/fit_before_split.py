"""NN401: a stateful preprocessing step fitted on data that is split (or cross-validated) later."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.dataflow import FitFact, SplitFact, data_text, dataflow, label_like, may_train
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class FitBeforeSplit(Rule):
    """
    ## What it does
    Finds a stateful preprocessing step (scaler, imputer, PCA, supervised feature selector,
    target encoder, TF-IDF, Keras `Normalization.adapt`, or a statistic such as mean, std, min
    or max over the samples) fitted on the whole data before that data is split into train
    and test or cross-validated.

    ## Why is this bad?
    The statistics the step learns include the test rows, so the test set is no longer
    unseen: the reported score is optimistic and the model does worse in production than
    the evaluation promised. With cross-validation every fold leaks into every other.

    ## Example
    ```python
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    model = LogisticRegression().fit(X_train, y_train)
    print(model.score(X_test, y_test))
    ```

    Use instead:
    ```python
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    print(model.score(X_test, y_test))
    ```

    ## Known problems
    The analysis follows data within one function or the module body, and through functions
    of other modules of the project (`X = scale(X)` with `scale` in features.py is reported
    on the call); a step fitted inside a helper function of the same file and split
    elsewhere is not seen, nor a fit a helper makes only when a flag says so. Stateless steps (`Normalizer`,
    `PolynomialFeatures`, `OneHotEncoder`, `LabelEncoder` on the target, `pd.get_dummies`,
    constant scaling such as `/ 255.0`) and per-sample statistics (`axis=1`) are not reported.

    ## References
    - [scikit-learn: Common pitfalls, data leakage](https://scikit-learn.org/stable/common_pitfalls.html#data-leakage)
    """

    code = "NN401"
    name = "fit-before-split"
    message = "{fit} learns from {data} before it is split at line {line}: test rows leak into the preprocessing"
    frameworks = frozenset({"sklearn", "keras", "torch"})
    needs = ("fit", "adapt", "mean", "std", "min", "max", "median", "var", "split", "cross_val")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if not may_train(program):  # every finding needs training after the split
            return
        flow = dataflow(program)
        reported: set[int] = set()
        calls: set[int] = set()
        for split in flow.splits:
            # A split inside a function of another module (kind helper) may train there too.
            if split.kind != "cv" and not flow.trains_after(split.line - (split.kind == "helper")):
                continue
            # A call of another module's function is reported once: by its scaler, if it has one.
            for fit in sorted(_leaking_fits(program, flow, split), key=lambda f: bool(f.via) and f.kind != "preprocess"):
                if fit.id in reported or (fit.via and id(fit.node) in calls):
                    continue
                reported.add(fit.id)
                if fit.via:  # one finding per call of another module's function
                    calls.add(id(fit.node))
                what = "cross-validated" if split.kind in ("cv", "kfold") else "split"
                yield self.report(
                    program,
                    fit.node,
                    message=self.message.replace("split at", f"{what} at"),
                    fit=program.text(fit.node) + (f" ({fit.via})" if fit.via else ""),
                    data=data_text(program, fit),
                    line=f"{split.line} ({split.via})" if split.via else split.line,
                )


def _leaking_fits(program: Program, flow, split: SplitFact) -> Iterable[FitFact]:  # type: ignore[no-untyped-def]
    inputs = [
        value
        for value, name in zip(split.inputs, split.input_names)
        if not (split.kind in ("train_test_split", "helper") and len(split.inputs) > 1 and label_like(name))
    ]
    for value in inputs:
        for fit_id in sorted(value.fits):
            fit = flow.fit(fit_id)
            if _whole_data_fit(fit) or (fit.data.element and _same_iteration(program, fit, split) and _whole_data_fit(fit, per_iteration=True)):
                yield fit
    # Fitted on X, then X is split and the fitted step is applied to a side.
    for fit in flow.fits:
        if (
            fit.kind == "preprocess"
            and fit.method in ("fit", "adapt")
            and fit.scope is split.scope
            and fit.line < split.line
            and _whole_data_fit(fit)
            and fit.receiver
            and any(fit.data.origins and fit.data.origins <= value.origins for value in inputs)
            and _used_after(program, flow, fit, split)
        ):
            yield fit


def _same_iteration(program: Program, fit: FitFact, split: SplitFact) -> bool:
    """A data set taken in a loop (``for X, y in datasets``) and split in the same iteration."""
    for outer in program.ancestors(fit.node):
        if isinstance(outer, (ast.For, ast.AsyncFor, ast.While)):
            return any(node is split.node for node in ast.walk(outer))
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ListComp, ast.GeneratorExp, ast.DictComp)):
            return False
    return False


def _whole_data_fit(fit: FitFact, per_iteration: bool = False) -> bool:
    """A stateful step fitted on known, real, unsplit data that is not the target."""
    data = fit.data
    if fit.kind not in ("preprocess", "stat") or not data.is_whole or not data.origins:
        return False
    if (data.element and not per_iteration) or data.synthetic or data.oversampled:
        return False
    argument: ast.AST | None = fit.node.args[0] if fit.node.args and fit.method != "stat" else None
    if fit.via:  # made inside a function of another module: the caller's argument, if any
        argument = fit.argument
    elif fit.method == "stat":
        argument = fit.node.args[0] if fit.node.args else getattr(fit.node.func, "value", None)
    names = [n.id for n in ast.walk(argument) if isinstance(n, ast.Name)] if argument is not None else []
    return not label_like(fit.data_name) and not any(label_like(n) for n in names if isinstance(n, str))


def _used_after(program: Program, flow, fit: FitFact, split: SplitFact) -> bool:  # type: ignore[no-untyped-def]
    for call in flow.calls:
        if call.scope is fit.scope and call.line > split.line:
            if call.receiver == fit.receiver and call.method in ("transform", "predict", "__call__"):
                return True
            if any(isinstance(n, ast.Name) and n.id == fit.receiver for a in call.node.args for n in ast.walk(a)):
                return True
    return False
