"""Data flow across modules (analysis/dataflow.py, ``function_summary``/``apply_summary``):
what a function of another project module returns, fits and splits, replayed at the caller's
call with the caller's argument values. The multi-file fixture is
rules/projects/sklearn-pipeline/ (checked by tests/test_projects.py)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from nnlint.analysis.dataflow import DataFlow, dataflow
from nnlint.analysis.imports import ModuleLoader
from nnlint.analysis.program import Program
from nnlint.config import Selection, Settings
from nnlint.runner import run

FEATURES = """
    import numpy as np
    from sklearn.preprocessing import StandardScaler
    from sklearn.model_selection import train_test_split
    from imblearn.over_sampling import SMOTE


    def scale(X):
        return StandardScaler().fit_transform(X)


    def scale_both(X_train, X_test):
        scaler = StandardScaler().fit(X_train)
        return scaler.transform(X_train), scaler.transform(X_test)


    def fit_scaler(X_train):
        return StandardScaler().fit(X_train)


    def maybe_scale(X, scaler, fit=False):
        if fit:
            scaler.fit(X)
        return scaler.transform(X)


    def scale_labels(y):
        return StandardScaler().fit_transform(y.reshape(-1, 1))


    def _center(X):
        return X - X.mean(axis=0)


    def center(X):
        return _center(X)


    def split(X, y):
        return train_test_split(X, y, test_size=0.2, random_state=0)


    def oversample(X, y):
        return SMOTE(random_state=0).fit_resample(X, y)
    """


def project(tmp_path: Path, **files: str) -> Path:
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(text))
    return tmp_path


def flow_of(path: Path) -> tuple[Program, DataFlow]:
    program = Program.from_source(path.read_text(), str(path), file=path, modules=ModuleLoader())
    return program, dataflow(program)


def findings(paths: list[Path], select: str = "NN4") -> list[tuple[str, int, str]]:
    settings = Settings(selections=(Selection(select=(select,)),))
    result = run([str(p) for p in paths], settings, jobs=1)
    assert not result.internal_errors
    return sorted((Path(d.path).name, d.line, d.code) for d in result.diagnostics)


def messages(path: Path) -> list[str]:
    result = run([str(path)], Settings(selections=(Selection(select=("NN4",)),)), jobs=1)
    return [d.message for d in result.diagnostics]


LEAKY = """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from features import scale

    X, y = np.load("X.npy"), np.load("y.npy")
    X = scale(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))
    """


def test_a_fit_inside_another_module_is_placed_on_the_callers_call(tmp_path: Path) -> None:
    root = project(tmp_path, features=FEATURES, train=LEAKY)
    program, flow = flow_of(root / "train.py")
    [fit] = flow.fits[:1]
    assert isinstance(fit.node, ast.Call) and program.text(fit.node) == "scale(X)"
    assert fit.line == 8 and fit.scope is program.tree
    assert fit.via == "StandardScaler().fit_transform(X) in features.py:9"
    assert fit.text == "X" and fit.kind == "preprocess" and fit.data.is_whole
    assert findings([root / "train.py"]) == [("train.py", 8, "NN401")]
    [message] = messages(root / "train.py")
    assert message.startswith("scale(X) (StandardScaler().fit_transform(X) in features.py:9) learns from X before it is split at line 9")


def test_alone_the_call_is_unknown_and_silent(tmp_path: Path) -> None:
    root = project(tmp_path, train=LEAKY)
    assert findings([root / "train.py"]) == []
    alone = Program.from_source(textwrap.dedent(LEAKY))
    assert [f for f in dataflow(alone).fits if f.kind == "preprocess"] == []


def test_sides_of_a_split_made_inside_the_helper(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        features=FEATURES,
        train="""
        from features import split
        a, b, c, d = split(features, labels)
        use(a, b, c, d)
        """,
    )
    program, flow = flow_of(root / "train.py")
    sides = {n.id: flow.value(n).sides for n in ast.walk(program.tree) if isinstance(n, ast.Name) and n.id in "abcd" and isinstance(n.ctx, ast.Load)}
    assert sides == {"a": {"train"}, "b": {"test"}, "c": {"train"}, "d": {"test"}}
    [split] = flow.splits
    assert split.kind == "helper" and split.line == 3 and split.input_names == ["features", "y"]  # the label keeps its own name (NN401 skips labels)
    assert split.via == "train_test_split in features.py:40"


def test_already_split_data_and_conditional_fits_stay_silent(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        features=FEATURES,
        train="""
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        from features import fit_scaler, maybe_scale, scale_both, scale_labels

        X, y = np.load("X.npy"), np.load("y.npy")
        y = scale_labels(y)
        X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
        a, b = scale_both(X_train, X_test)
        scaler = fit_scaler(X_train)
        c, d = scaler.transform(X_train), scaler.transform(X_test)
        s = StandardScaler()
        e = maybe_scale(X_train, s, fit=True)
        f = maybe_scale(X_test, s)
        for train, test in [(a, b), (c, d), (e, f)]:
            print(LogisticRegression().fit(train, y_train).score(test, y_test))
        """,
    )
    assert findings([root / "train.py"]) == []
    _, flow = flow_of(root / "train.py")
    external = [f for f in flow.fits if f.via]
    assert external and all(not f.data.is_whole for f in external)  # fitted on X_train only


def test_refitting_on_the_test_side_through_a_helper(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        features=FEATURES,
        train="""
        from sklearn.svm import SVC
        from sklearn.model_selection import train_test_split
        from features import scale

        X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
        X_train = scale(X_train)
        X_test = scale(X_test)
        print(SVC().fit(X_train, y_train).score(X_test, y_test))
        """,
    )
    assert findings([root / "train.py"]) == [("train.py", 8, "NN402")]


def test_oversampling_and_helpers_of_the_helper(tmp_path: Path) -> None:
    """``center`` calls its own module's ``_center``; ``oversample`` duplicates rows."""
    root = project(
        tmp_path,
        features=FEATURES,
        train="""
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_score, train_test_split
        from features import center, oversample

        X, y = np.load("X.npy"), np.load("y.npy")
        Xc = center(X)
        print(cross_val_score(LogisticRegression(), Xc, y))
        X_res, y_res = oversample(X, y)
        X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, random_state=0)
        print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))
        """,
    )
    assert findings([root / "train.py"]) == [("train.py", 8, "NN401"), ("train.py", 10, "NN404")]


def test_three_modules_deep_and_cycles(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        features=FEATURES,
        prep="""
        from features import scale


        def prepare(frame):
            return scale(frame.to_numpy())
        """,
        loop_a="""
        from loop_b import g


        def f(X):
            return g(X.mean(axis=0))
        """,
        loop_b="""
        from loop_a import f


        def g(X):
            return f(X)
        """,
        train="""
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from loop_a import f
        from prep import prepare

        df = pd.read_csv("data.csv")
        X = prepare(df)
        Z = f(X)
        X_train, X_test, y_train, y_test = train_test_split(X, df["y"], random_state=0)
        print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))
        """,
    )
    assert findings([root / "train.py"]) == [("train.py", 9, "NN401")]
    [message] = messages(root / "train.py")
    assert "(StandardScaler().fit_transform(X) in features.py:9)" in message
    assert "learns from df before it is split" not in message  # not the parameter itself
    assert "frame.to_numpy() in prep.py" in message


def test_a_module_that_trains_after_its_own_leak_reports_it_there_only(tmp_path: Path) -> None:
    data = """
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler


    def load_split():
        df = pd.read_csv("data.csv")
        X = StandardScaler().fit_transform(df.drop(columns="y"))
        X_train, X_test, y_train, y_test = train_test_split(X, df["y"], random_state=0)
        return X_train, X_test, y_train, y_test
    """
    caller = """
    from sklearn.linear_model import LogisticRegression
    from data import load_split

    X_train, X_test, y_train, y_test = load_split()
    print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))
    """
    root = project(tmp_path, data=data, train=caller)
    assert findings([root / "train.py"]) == [("train.py", 5, "NN401")]
    (root / "data.py").write_text(textwrap.dedent(data) + "\n\nif __name__ == '__main__':\n    a, b, c, d = load_split()\n    LogisticRegression().fit(a, c)\n")
    assert findings([root / "train.py", root / "data.py"]) == [("data.py", 10, "NN401")]


def test_a_ternary_fit_and_unknown_caller_data_stay_silent(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        helpers="""
        from sklearn.preprocessing import StandardScaler


        def transform(X, scaler, fit):
            return scaler.fit_transform(X) if fit else scaler.transform(X)


        def scale(X):
            return StandardScaler().fit_transform(X)
        """,
        train="""
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        from helpers import scale, transform

        X, y = np.load("X.npy"), np.load("y.npy")
        Xt = transform(X, StandardScaler(), fit=True)
        a, b, c, d = train_test_split(Xt, y, random_state=0)
        print(LogisticRegression().fit(a, c).score(b, d))


        def run(features, labels):
            features = scale(features)  # the caller's parameter: unknown data
            a, b, c, d = train_test_split(features, labels, random_state=0)
            return LogisticRegression().fit(a, c).score(b, d)
        """,
    )
    assert findings([root / "train.py"]) == []


def test_arguments_that_cannot_be_matched_leave_the_call_unknown(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        helpers="""
        from sklearn.preprocessing import StandardScaler


        def scale(*arrays):
            return StandardScaler().fit_transform(arrays[0])


        def scale_one(X, **options):
            return StandardScaler(**options).fit_transform(X)
        """,
        train="""
        import numpy as np
        from helpers import scale, scale_one

        X_test = np.load("X_test.npy")
        a = scale(X_test)
        b = scale_one(X_test, with_mean=False)
        """,
    )
    _, flow = flow_of(root / "train.py")
    assert [f for f in flow.fits if f.via] == []
    call_a, call_b = [c for c in flow.calls if c.qualname and c.qualname.startswith("helpers.")]
    assert flow.value(call_a.node).is_test and flow.value(call_b.node).is_test  # passed through as a whole
