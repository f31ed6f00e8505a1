"""Unit tests of analysis/dataflow.py: sides, fits, splits and the values rules read."""

from __future__ import annotations

import ast
import textwrap

from nnlint.analysis.dataflow import DataFlow, dataflow, side_hint
from nnlint.analysis.program import Program
from nnlint.analysis.seeds import seed_facts


def flow_of(source: str) -> tuple[Program, DataFlow]:
    program = Program.from_source(textwrap.dedent(source))
    return program, dataflow(program)


def value_at(program: Program, flow: DataFlow, spelling: str):  # type: ignore[no-untyped-def]
    """The value of the last occurrence of ``spelling`` read in an expression."""
    found = [n for n in ast.walk(program.tree) if isinstance(n, (ast.Name, ast.Attribute)) and ast.unparse(n) == spelling and id(n) in flow.values]
    return flow.value(max(found, key=lambda n: (n.lineno, n.col_offset)))


def test_side_hints() -> None:
    assert side_hint("X_test") == "test"
    assert side_hint("x_valid") == "val"
    assert side_hint("trainLoader") == "train"
    assert side_hint("self.val_ds") == "val"
    assert side_hint("X_train_val") is None
    assert side_hint("latest") is None
    assert side_hint("contest") is None


def test_train_test_split_sides_and_labels() -> None:
    program, flow = flow_of(
        """
        from sklearn.model_selection import train_test_split
        X, y = load()
        X_tr, X_val, y_tr, y_val = train_test_split(X, y)
        a, b = train_test_split(X)
        use(X_tr, X_val, y_val, a, b)
        """
    )
    (first, second) = flow.splits
    assert first.outputs == {"X_tr": "train", "X_val": "val", "y_tr": "train", "y_val": "val"}
    assert second.outputs == {"a": "train", "b": "test"}
    assert value_at(program, flow, "b").is_test
    assert value_at(program, flow, "X_tr").sides == {"train"}


def test_transform_keeps_side_statistics_carry_none() -> None:
    program, flow = flow_of(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        X_train, X_test = train_test_split(data)
        scaler = StandardScaler().fit(X_train)
        mu = X_train.mean(axis=0)
        X_test_s = (scaler.transform(X_test) - mu)
        show(X_test_s)
        """
    )
    value = value_at(program, flow, "X_test_s")
    assert value.is_test
    assert len(value.fits) == 2  # the scaler's fit and the statistic


def test_fit_transform_before_split_taints_the_inputs() -> None:
    _, flow = flow_of(
        """
        import pandas as pd
        from sklearn.decomposition import PCA
        from sklearn.model_selection import train_test_split
        df = pd.read_csv("x.csv")
        Z = PCA(5).fit_transform(df)
        Z_train, Z_test = train_test_split(Z)
        """
    )
    (fit,) = flow.fits
    assert fit.kind == "preprocess" and fit.data.is_whole
    assert fit.id in flow.splits[0].inputs[0].fits


def test_per_sample_and_constant_scaling_are_not_statistics() -> None:
    _, flow = flow_of(
        """
        import numpy as np
        X = np.load("x.npy") / 255.0
        X = X / X.max(axis=1, keepdims=True)
        for i in range(len(X)):
            X[i] = X[i] - X[i].mean()
        """
    )
    assert not flow.fits


def test_pipelines_are_models_column_transformers_preprocess() -> None:
    _, flow = flow_of(
        """
        from sklearn.compose import ColumnTransformer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler, OneHotEncoder
        from sklearn.svm import SVC
        X = load()
        make_pipeline(StandardScaler(), SVC()).fit(X, y)
        ColumnTransformer([("n", StandardScaler(), [0]), ("c", OneHotEncoder(), [1])]).fit_transform(X)
        ColumnTransformer([("c", OneHotEncoder(), [1])]).fit_transform(X)
        """
    )
    assert [f.kind for f in flow.fits] == ["model", "preprocess", "stateless"]


def test_kfold_loop_and_selection_splits() -> None:
    program, flow = flow_of(
        """
        import pandas as pd
        from sklearn.model_selection import KFold
        df = pd.read_csv("d.csv")
        train = df.sample(frac=0.8, random_state=0)
        test = df.drop(train.index)
        for fold, (tr_idx, te_idx) in enumerate(KFold(5).split(df)):
            part = df.iloc[te_idx]
            show(part, test)
        """
    )
    kinds = [s.kind for s in flow.splits]
    assert kinds.count("select") == 2 and "kfold" in kinds
    assert value_at(program, flow, "part").is_test
    assert value_at(program, flow, "test").is_test


def test_oversampling_is_tracked() -> None:
    _, flow = flow_of(
        """
        from imblearn.over_sampling import SMOTE
        from sklearn.model_selection import cross_val_score
        X_res, y_res = SMOTE().fit_resample(X, y)
        cross_val_score(model, X_res, y_res)
        """
    )
    assert flow.splits[0].kind == "cv" and flow.splits[0].inputs[0].oversampled


def test_definition_lookup() -> None:
    program, flow = flow_of(
        """
        cb = make_callbacks()
        cb = [EarlyStopping()]
        model.fit(x, y, callbacks=cb)
        """
    )
    found = flow.definition(program.tree, "cb", 4)
    assert isinstance(found, ast.List)


def test_seed_facts() -> None:
    unseeded = Program.from_source("import torch\nfor x in loader:\n    loss = model(x)\n    loss.backward()\n    opt.step()\n")
    seeded = Program.from_source("import torch\ntorch.manual_seed(0)\nmodel.fit(x, y)\n")
    library = Program.from_source("import torch\ndef train(model, loader):\n    model.fit(loader)\n")
    assert not seed_facts(unseeded).seeded and seed_facts(unseeded).first_training is not None
    assert seed_facts(seeded).seeded
    assert seed_facts(library).first_training is None


def test_helper_return_values_reach_the_caller() -> None:
    program, flow = flow_of(
        """
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        def load(path):
            df = pd.read_csv(path)
            return StandardScaler().fit_transform(df), df["y"]

        def main():
            X, y = load("d.csv")
            X_train, X_test, y_train, y_test = train_test_split(X, y)
        """
    )
    (split,) = flow.splits
    assert split.inputs[0].fits and not split.inputs[1].fits


def test_loop_elements_and_column_assignments() -> None:
    program, flow = flow_of(
        """
        import pandas as pd
        df = pd.read_csv("d.csv")
        for column in df.columns:
            df[column] = df[column].str.strip()
        for row in df.values:
            centred = row - row.mean()
        show(df)
        """
    )
    assert not value_at(program, flow, "df").element
    assert not flow.fits  # the per-row mean is not a data set statistic


def test_may_train_fit_oversample_hold_wherever_the_data_flow_sees_them() -> None:
    """NN401, NN402 and NN404 skip building the data flow when ``may_train``, ``may_fit`` or
    ``may_oversample`` is False: each must hold wherever the data flow would see training,
    a fit or an oversampling (every example under rules/ is checked, most of them training
    code), and none holds for a model library's layers."""
    from pathlib import Path

    from nnlint.analysis.dataflow import may_fit, may_oversample, may_train

    root = Path(__file__).resolve().parent.parent / "rules"
    checked = trains = fits = oversamples = 0
    for path in sorted(root.rglob("*.py")):
        try:
            program = Program.from_source(path.read_text(encoding="utf-8"), str(path))
        except SyntaxError:
            continue
        checked += 1
        flow = dataflow(program)
        if flow.trains_after(0):
            trains += 1
            assert may_train(program), path
        if any(fit.method != "stat" for fit in flow.fits):
            fits += 1
            assert may_fit(program), path
        if any(fit.kind == "oversample" for fit in flow.fits):
            oversamples += 1
            assert may_oversample(program), path
    assert checked > 300 and trains > 100 and fits > 50 and oversamples > 5
    layers = Program.from_source(textwrap.dedent("""
        import torch
        from torch import nn

        class Attention(nn.Module):
            def forward(self, x, mask=None):
                q, k, v = x.split(self.dim, dim=-1)
                scores = q @ k.transpose(-2, -1) / self.scale
                if self.training:
                    scores = nn.functional.dropout(scores, p=0.1)
                return scores.softmax(-1) @ v
    """))
    assert not (may_train(layers) or may_fit(layers) or may_oversample(layers))
    for call in ("model.fit(X, y)", "loss.backward()", "net.train()", "cross_val_score(clf, X, y)", "X_a, X_b = split_data(X)"):
        source = f"from sklearn.model_selection import cross_val_score\n{call}\n"
        assert may_train(Program.from_source(source)), call
