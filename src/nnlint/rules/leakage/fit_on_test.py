"""NN402: a transformer or model fitted on the test side of a split."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.dataflow import data_text, dataflow, may_fit, test_scores, touches_test
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class FitOnTest(Rule):
    """
    ## What it does
    Finds `fit`, `fit_transform`, `fit_resample` or `adapt` of a transformer or model called
    on the test side of a split made in the program (or on test data whose labels are used to
    report the score).

    ## Why is this bad?
    A scaler refitted on the test set maps test rows differently from the training rows the
    model learnt on, and it learns from the very data that is meant to be unseen: the score
    is wrong in both directions. Fit on the training side, then only `transform` the test side.

    ## Example
    ```python
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    scaler = StandardScaler()
    X_train = scaler.fit_transform(X_train)
    X_test = scaler.fit_transform(X_test)
    clf = SVC().fit(X_train, y_train)
    print(clf.score(X_test, y_test))
    ```

    Use instead:
    ```python
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    scaler = StandardScaler()
    X_train = scaler.fit_transform(X_train)
    X_test = scaler.transform(X_test)
    clf = SVC().fit(X_train, y_train)
    print(clf.score(X_test, y_test))
    ```

    ## Known problems
    Unlabelled competition test files (a Kaggle `test.csv` without a score) and a final refit
    on all data after the score is reported are not findings.

    ## References
    - [scikit-learn: Common pitfalls, inconsistent preprocessing](https://scikit-learn.org/stable/common_pitfalls.html#inconsistent-preprocessing)
    """

    code = "NN402"
    name = "fit-on-test"
    message = "{call} fits on the test data {data}: fit on the training side and only transform the test side"
    frameworks = frozenset({"sklearn", "keras"})
    needs = ("fit", "adapt")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if not may_fit(program):  # every finding is a fit
            return
        flow = dataflow(program)
        scores = test_scores(flow)
        calls: set[int] = set()
        for fit in flow.fits:
            if fit.kind not in ("preprocess", "model", "oversample", "search", "unknown") or fit.method == "stat":
                continue
            if not fit.data.is_test:
                continue
            if not any(score.line >= fit.line for score in scores):
                continue
            later_uses = [c for c in flow.calls if c.line > fit.line and touches_test(c)]
            if not later_uses:
                continue
            if fit.via:  # one finding per call of another module's function
                if id(fit.node) in calls:
                    continue
                calls.add(id(fit.node))
            call = f"{program.text(fit.node)} ({fit.via})" if fit.via else program.text(fit.node.func)
            yield self.report(program, fit.node, call=call, data=data_text(program, fit))
