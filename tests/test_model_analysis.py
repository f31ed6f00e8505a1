"""The model analysis: layers in order, activations, flows into losses, Keras compile."""

from __future__ import annotations

import ast
import textwrap

import pytest

from nnlint.analysis import losses, models
from nnlint.analysis.layers import ACTIVATION, AFFINE, BLOCK, DROPOUT, INPUT, NORMALISATION, RECURRENT, TRANSPARENT
from nnlint.analysis.program import Program


def program(source: str) -> Program:
    return Program.from_source(textwrap.dedent(source))


def kinds(layers) -> list[str]:
    return [layer.activation if layer.kind == ACTIVATION else layer.kind for layer in layers]


def only(found, kind):
    matching = [m for m in found if m.kind == kind]
    assert len(matching) == 1, found
    return matching[0]


def test_torch_sequential_positional_and_ordered_dict() -> None:
    p = program(
        """
        import torch.nn as nn
        from collections import OrderedDict
        a = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
        b = nn.Sequential(OrderedDict([("fc", nn.Linear(3, 4)), ("act", nn.Tanh())]))
        """
    )
    first, second = models.models(p)
    assert first.name == "a" and first.kind == "torch-sequential"
    assert kinds(first.layers) == [TRANSPARENT, AFFINE, NORMALISATION, "relu", DROPOUT, AFFINE]
    assert first.layers[1].sizes == (784, 128)
    assert first.output_activation == "linear"
    assert kinds(second.layers) == [AFFINE, "tanh"]
    assert second.output_activation == "tanh"


def test_forward_chain_follows_the_value() -> None:
    p = program(
        """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(10, 20)
                self.fc2 = nn.Linear(20, 20)
                self.act = nn.Sigmoid()
                self.out = nn.Linear(20, 2)

            def forward(self, x):
                x = torch.sigmoid(self.fc1(x))
                x = self.act(self.fc2(x))
                x = F.tanh(x).sigmoid()
                return F.log_softmax(self.out(x), dim=-1)
        """
    )
    model = only(models.models(p), "torch-module")
    assert model.name == "Net"
    assert [layer.name for layer in model.layers] == ["fc1", "fc2", "act", "out"]
    (flow,) = model.flows
    assert kinds(flow)[1:] == [AFFINE, "sigmoid", AFFINE, "sigmoid", "tanh", "sigmoid", AFFINE, "log_softmax"]
    assert model.output_activation == "log_softmax"


def test_module_list_applied_in_a_loop_is_unrolled() -> None:
    p = program(
        """
        import torch.nn as nn
        class Deep(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])
            def forward(self, x):
                for layer in self.layers:
                    x = layer(x).tanh()
                return x
        """
    )
    model = only(models.models(p), "torch-module")
    assert kinds(model.flows[0])[1:] == [AFFINE, "tanh"] * 3
    stack = only(models.models(p), "torch-modulelist")
    assert kinds(stack.layers) == [AFFINE] * 3


def test_branches_that_disagree_are_unknown() -> None:
    p = program(
        """
        import torch.nn as nn
        import torch.nn.functional as F
        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 3)
            def forward(self, x):
                x = self.fc(x)
                if not self.training:
                    x = F.softmax(x, dim=-1)
                return x
        """
    )
    assert only(models.models(p), "torch-module").output_activation is None


def test_keras_sequential_add_functional_and_subclass() -> None:
    p = program(
        """
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers

        seq = keras.Sequential()
        seq.add(layers.LSTM(32))
        seq.add(layers.Dense(1, activation="sigmoid"))

        inputs = keras.Input(shape=(8,))
        x = layers.Dense(16, activation=tf.nn.relu)(inputs)
        x = layers.Dense(3)(x)
        outputs = layers.Activation("softmax")(x)
        functional = keras.Model(inputs, outputs)

        class Sub(keras.Model):
            def __init__(self):
                super().__init__()
                self.d = layers.Dense(5)
            def call(self, x):
                return self.d(x)
        """
    )
    seq = only(models.models(p), "keras-sequential")
    assert kinds(seq.layers) == [RECURRENT, AFFINE, "sigmoid"]
    functional = only(models.models(p), "keras-functional")
    assert functional.output_activation == "softmax"
    assert kinds(functional.layers) == [AFFINE, "relu", AFFINE, "softmax"]
    sub = only(models.models(p), "keras-subclass")
    assert sub.output_activation == "linear"
    assert sub.last_layer is not None and sub.last_layer.sizes == (5,)


def test_recurrent_layers_are_visible_through_blocks() -> None:
    p = program(
        """
        import torch.nn as nn
        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = nn.GRU(16, 32, batch_first=True)
            def forward(self, x):
                return self.rnn(x)
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = Encoder()
                self.head = nn.Linear(32, 2)
            def forward(self, x):
                out, _ = self.encoder(x)
                return self.head(out[:, -1])
        """
    )
    outer = models.class_model(p, "Model")
    assert outer is not None
    assert [layer.kind for layer in outer.layers] == [BLOCK, AFFINE]
    assert any(layer.kind == RECURRENT for layer in outer.all_layers())


def test_loss_calls_and_their_inputs() -> None:
    p = program(
        """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
        criterion = nn.CrossEntropyLoss()
        def step(x, y, teacher_logits):
            out = model(x)
            a = criterion(out, y)
            b = F.nll_loss(F.log_softmax(out, dim=1), y)
            c = nn.BCEWithLogitsLoss()(torch.sigmoid(x), y)
            d = F.cross_entropy(x, F.softmax(teacher_logits, dim=-1))
            return a + b + c + d
        """
    )
    calls = losses.loss_calls(p)
    assert [call.kind for call in calls] == ["cross_entropy", "nll", "bce_with_logits", "cross_entropy"]
    assert [call.input_activation(p) for call in calls] == ["softmax", "log_softmax", "sigmoid", None]
    assert calls[0].constructor is not None


def test_keras_compile_losses() -> None:
    p = program(
        """
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
        m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        m.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
        m.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy)
        m.compile(optimizer="adam", loss="mse")
        """
    )
    compiled = losses.compile_calls(p)
    assert [(c.loss.kind, c.loss.from_logits) if c.loss else None for c in compiled] == [
        ("binary", False),
        ("binary", True),
        ("categorical", False),
        None,
    ]
    assert all(c.output_activation() == "linear" for c in compiled)
    assert losses.is_threshold_accuracy(p, compiled[0].metrics[0])


def test_flows_through_local_helpers_and_self_methods() -> None:
    p = program(
        """
        import torch
        import torch.nn as nn
        def block(x, layer):
            return torch.sigmoid(layer(x))
        def make():
            return nn.Sequential(nn.Linear(2, 2), nn.Sigmoid())
        class VAE(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)
            def decode(self, z):
                return torch.sigmoid(self.fc(z))
            def forward(self, z):
                return self.decode(z)
        net = make()
        """
    )
    assert models.class_model(p, "VAE").output_activation == "sigmoid"
    net_assign = next(n for n in ast.walk(p.tree) if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "net")
    assert isinstance(models.object_of(p, net_assign.value), models.Model)


def test_local_factories_are_specialised_for_literal_arguments() -> None:
    p = program(
        """
        import torch.nn as nn
        def make_mlp(sizes, act=nn.ReLU):
            modules = []
            for i in range(len(sizes) - 2):
                modules += [nn.Linear(sizes[i], sizes[i + 1]), act()]
            modules.append(nn.Linear(sizes[-2], sizes[-1]))
            return nn.Sequential(*modules)
        net = make_mlp([4, 32, 32, 2], act=nn.Tanh)
        """
    )
    net = next(m for m in models.models(p) if m.name == "net")
    assert kinds(net.layers) == [AFFINE, "tanh", AFFINE, "tanh", AFFINE]
    assert [layer.sizes for layer in net.layers if layer.kind == AFFINE] == [(4, 32), (32, 32), (32, 2)]
    generic = [m for m in models.models(p) if m.name != "net"]
    assert generic and not generic[0].complete


def test_compile_in_a_helper_and_literal_loops() -> None:
    p = program(
        """
        import keras
        from keras import layers

        def run_experiment(model):
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            return model.fit(x, y)

        def build():
            inputs = keras.Input(shape=(4,))
            outputs = layers.Dense(3)(inputs)
            return keras.Model(inputs, outputs)

        stack = keras.Sequential()
        for units in [8, 8, 8]:
            stack.add(layers.Dense(units, activation="sigmoid"))
        run_experiment(build())
        run_experiment(build())
        loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
        def step(x, y):
            return loss_fn(y, stack(x))
        """
    )
    (compiled,) = losses.compile_calls(p)
    assert compiled.model is not None and compiled.output_activation() == "linear"
    stack = only(models.models(p), "keras-sequential")
    assert kinds(stack.layers) == [AFFINE, "sigmoid"] * 3
    (call,) = losses.loss_calls(p)
    assert call.kind == "keras_categorical" and call.from_logits is True
    assert call.input_activation(p) == "sigmoid"


def test_model_and_criterion_passed_to_a_training_helper() -> None:
    p = program(
        """
        import torch.nn as nn
        import torch.nn.functional as F
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(10, 3)
            def forward(self, x):
                return F.softmax(self.fc(x), dim=1)
        def train(model, loader, criterion):
            for x, y in loader:
                loss = criterion(model(x), y)
        def main():
            model = Net()
            train(model, [], nn.CrossEntropyLoss())
        """
    )
    (call,) = losses.loss_calls(p)
    assert call.kind == "cross_entropy"
    assert call.input_activation(p) == "softmax"


def test_loss_calls_ask_the_model_analysis_only_where_a_criterion_is_built() -> None:
    """A criterion object is a call of the file to a loss class; a model library's attention
    (softmax, no criterion) finds its loss functions without the layer flows of the file."""
    attention = program("""
        import torch
        from torch import nn

        class Attention(nn.Module):
            def forward(self, q, k, labels):
                weights = nn.functional.softmax(q @ k, dim=-1)
                return self.loss_function(weights, labels), nn.functional.cross_entropy(weights, labels)
    """)
    found = losses.loss_calls(attention)
    assert [call.qualname for call in found] == ["torch.nn.functional.cross_entropy"]
    assert models.models not in attention._memo and models._analysis not in attention._memo
    trained = program("""
        import torch
        from torch import nn

        criterion = nn.CrossEntropyLoss()
        loss = criterion(torch.softmax(net(x), dim=1), y)
    """)
    assert [call.qualname for call in losses.loss_calls(trained)] == ["torch.nn.CrossEntropyLoss"]


# -- tracing deferred until a flow or an object is asked for ---------------------------


def _structure(found: list[models.Model]) -> list[tuple]:
    """Everything the rules read of the models except their names, by node identity."""

    def steps(flow) -> tuple:
        return tuple((s.kind, s.activation, s.sizes, id(s.node), id(s.block)) for s in flow) if flow is not None else None

    return [
        (
            m.kind,
            id(m.node),
            steps(m.layers),
            tuple(steps(f) for f in m.flows),
            tuple(steps(o) for o in m.outputs),
            m.complete,
            tuple(steps(o) for o in m.tuple_outputs) if m.tuple_outputs is not None else None,
            tuple(sorted((k, id(v)) for k, v in m.attributes.items())),
        )
        for m in found
    ]


def _example_sources() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "rules"
    return [path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.py"))]


def test_deferred_traces_change_no_model_on_any_rule_example() -> None:
    """``models()`` traces only the functions that may build or grow a model; the rest run
    when a flow or an object is asked for. The models must be the same either way."""
    deferred = 0
    for source in _example_sources():
        try:
            p = Program.from_source(source)
        except SyntaxError:
            continue
        found = models.models(p)
        before = _structure(found)
        analysis = models._analysis(p)
        deferred += analysis.rest is not None
        analysis.finished()
        assert _structure(models.models(p)) == before
    assert deferred > 20  # the examples do exercise the deferral


def test_a_late_function_that_builds_or_grows_a_model_is_traced_first() -> None:
    p = program(
        """
        import torch.nn as nn
        import keras

        def make(sizes):
            layers = []
            for a, b in zip(sizes, sizes[1:]):
                layers += [nn.Linear(a, b), nn.Sigmoid()]
            return nn.Sequential(*layers)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

            def forward(self, x):
                return self.fc(x)

            def head(self):
                return make([8, 8, 8, 8])

            def report(self):
                return self.fc.weight.sum()

        def late():
            m = keras.Sequential()
            m.add(keras.layers.Dense(4))
            return m

        def unrelated():
            return [1, 2]
        """
    )
    found = models.models(p)
    assert models._analysis(p).rest is not None  # report() waits
    specialised = [m for m in found if m.kind == "torch-sequential" and m.complete]
    assert [kinds(m.layers) for m in specialised] == [[AFFINE, "sigmoid"] * 3]
    assert kinds(only(found, "keras-sequential").layers) == [AFFINE]


@pytest.mark.parametrize(
    ("built", "grown", "kind"),
    [
        ("keras.Sequential()", "shared.add(keras.layers.Dense(3))", "keras-sequential"),
        ("nn.Sequential()", 'shared.add_module("fc", nn.Linear(3, 3))', "torch-sequential"),
    ],
)
def test_a_late_method_that_grows_a_global_model_is_traced_first(built: str, grown: str, kind: str) -> None:
    p = program(
        f"""
        import torch.nn as nn
        import keras

        shared = {built}

        class Builder:
            def grow(self):
                {grown}

            def unrelated(self):
                return [1, 2]
        """
    )
    found = models.models(p)
    assert models._analysis(p).rest is not None  # unrelated() waits
    assert kinds(only(found, kind).layers) == [AFFINE]


def test_reading_a_name_finishes_the_deferred_traces() -> None:
    """``head = self.make_head()`` in a method that cannot change a model still names the
    stack the other method returns."""
    p = program(
        """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

            def forward(self, x):
                return self.fc(x)

            def make_head(self):
                return nn.Sequential(nn.Linear(2, 2), nn.ReLU())

            def export(self):
                head = self.make_head()
                return head
        """
    )
    stack = only(models.models(p), "torch-sequential")
    assert models._analysis(p).rest is not None
    assert stack.given_name is None
    assert stack.name == "head"
    assert models._analysis(p).rest is None


def test_a_flow_in_a_deferred_function_is_known() -> None:
    p = program(
        """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

            def forward(self, x):
                return self.fc(x)

            def probabilities(self, x):
                return torch.sigmoid(self.fc(x))
        """
    )
    models.models(p)
    assert models._analysis(p).rest is not None
    returned = next(
        node
        for node in ast.walk(p.tree)
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call) and getattr(node.value.func, "attr", None) == "sigmoid"
    )
    assert kinds(models.flow_of(p, returned.value) or ()) == [INPUT, AFFINE, "sigmoid"]
