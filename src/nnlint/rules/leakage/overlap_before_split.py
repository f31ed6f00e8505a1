"""NN404: oversampling before the split or cross-validation puts copies on both sides."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.dataflow import dataflow, may_oversample
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class OverlapBeforeSplit(Rule):
    """
    ## What it does
    Finds oversampling (SMOTE, ADASYN, RandomOverSampler `fit_resample`,
    `sklearn.utils.resample` with replacement, `df.sample(..., replace=True)`) or rows stacked
    with augmented copies of themselves (`np.concatenate([X, augment(X)])`) before the data is
    split into train and test or cross-validated.

    ## Why is this bad?
    Oversampling duplicates (or interpolates) minority rows. Done before the split, copies of
    one sample land on both sides: the model is tested on rows it has memorised, and the
    score on the minority class is far too good. Resample the training side only, or put the
    sampler in an imblearn `Pipeline` so cross-validation resamples each training fold.

    ## Example
    ```python
    from imblearn.over_sampling import SMOTE
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, random_state=0)
    clf = RandomForestClassifier(random_state=0).fit(X_train, y_train)
    print(clf.score(X_test, y_test))
    ```

    Use instead:
    ```python
    from imblearn.over_sampling import SMOTE
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X_train, y_train)
    clf = RandomForestClassifier(random_state=0).fit(X_res, y_res)
    print(clf.score(X_test, y_test))
    ```

    ## Known problems
    Undersampling, on-the-fly augmentation (torchvision transforms, Keras preprocessing
    layers, `ImageDataGenerator`) and samplers inside an imblearn `Pipeline` are not findings.

    ## References
    - [imbalanced-learn: Common pitfalls, data leakage](https://imbalanced-learn.org/stable/common_pitfalls.html#data-leakage)
    """

    code = "NN404"
    name = "overlap-before-split"
    message = "{call} duplicates rows before the data is {what} at line {line}: copies land on both sides"
    frameworks = frozenset({"sklearn"})
    needs = ("fit_resample", "fit_sample", "resample", "replace", "concat", "vstack", "row_stack", "cat", "split", "cross_val")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if not may_oversample(program):  # every finding is an oversampling
            return
        flow = dataflow(program)
        reported: set[int] = set()
        calls: set[int] = set()
        for split in flow.splits:
            for value in split.inputs:
                for fit_id in sorted(value.oversampled):
                    fit = flow.fit(fit_id)
                    if fit_id in reported or (fit.via and id(fit.node) in calls):
                        continue
                    reported.add(fit_id)
                    if fit.via:  # one finding per call of another module's function
                        calls.add(id(fit.node))
                    what = "cross-validated" if split.kind in ("cv", "kfold") else "split"
                    message = None
                    if fit.method == "concat":
                        message = "{call} stacks rows with transformed copies of themselves before the data is {what} at line {line}: copies land on both sides"
                    call = f"{program.text(fit.node)} ({fit.via})" if fit.via else program.text(fit.node.func)
                    line = f"{split.line} ({split.via})" if split.via else split.line
                    yield self.report(program, fit.node, message=message, call=call, what=what, line=line)
