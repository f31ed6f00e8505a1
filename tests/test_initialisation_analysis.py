"""The initialisation and module-attribute facts (analysis/initialisation.py, analysis/modules.py)."""

from __future__ import annotations

import ast
import textwrap

import pytest

from nnlint.analysis import initialisation as init
from nnlint.analysis import modules
from nnlint.analysis.classes import classes
from nnlint.analysis.program import Program

HEADER = "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n"


def program(source: str, header: str = HEADER) -> Program:
    return Program.from_source(header + textwrap.dedent(source))


# ------------------------------------------------------------------------- init calls


def test_init_calls_record_scheme_target_and_constant() -> None:
    p = program(
        """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                nn.init.constant_(self.fc.weight, 0.5)
                nn.init.zeros_(self.fc.bias)
                self.fc.weight.data.fill_(1)
                self.fc.bias.data.uniform_(-1, 1)
                nn.init.xavier_uniform_(self.fc.weight)
        """
    )
    found = [(c.scheme, ast.unparse(c.target), c.constant) for c in init.init_calls(p)]
    assert found == [
        ("constant_", "self.fc.weight", 0.5),
        ("zeros_", "self.fc.bias", 0.0),
        ("fill_", "self.fc.weight", 1.0),
        ("uniform_", "self.fc.bias", None),
        ("xavier_uniform_", "self.fc.weight", None),
    ]


def test_wrapped_init_functions_count_as_init_calls() -> None:
    p = program(
        """
        from transformers import initialization as hf_init
        from timm.layers import trunc_normal_
        hf_init.zeros_(model.fc.weight)
        trunc_normal_(model.pos_embed, std=0.02)
        """
    )
    assert [(c.scheme, c.constant) for c in init.init_calls(p)] == [("zeros_", 0.0), ("trunc_normal_", None)]


# ---------------------------------------------------------------- Parameter allocations


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("torch.empty(out_features, in_features)", "empty"),
        ("torch.Tensor(out_features, in_features)", "empty"),
        ("torch.FloatTensor(out_features)", "empty"),
        ("torch.Tensor(16)", "empty"),
        ("torch.Tensor(*shape)", "empty"),
        ("torch.FloatTensor(out_features, in_features).to(device)", "empty"),
        ("torch.zeros(3, 4)", "constant"),
        ("torch.ones(3)", "constant"),
        ("torch.Tensor(weights)", None),
        ("torch.Tensor([1.0, 2.0])", None),
        ("torch.FloatTensor(np_array)", None),
        ("torch.randn(3, 4)", None),
    ],
)
def test_allocation_kind_tells_sizes_from_data(expression: str, kind: str | None) -> None:
    p = program(
        f"""
        class Layer(nn.Module):
            def __init__(self, in_features, out_features, shape, weights, np_array, device):
                super().__init__()
                self.weight = nn.Parameter({expression})
        """
    )
    assert [a.kind for a in init.parameter_allocations(p)] == ([kind] if kind else [])


def uninitialised(source: str) -> list[str | None]:
    return [a.attr for a in init.uninitialised_parameters(program(source))]


def test_parameter_never_initialised_is_reported() -> None:
    assert uninitialised(
        """
        class Layer(nn.Module):
            def __init__(self, n, m):
                super().__init__()
                self.weight = nn.Parameter(torch.empty(n, m))
                self.bias = nn.Parameter(torch.FloatTensor(m))

            def forward(self, x):
                return F.linear(x, self.weight) + x.matmul(self.bias)
        """
    ) == ["weight", "bias"]


@pytest.mark.parametrize(
    "initialiser",
    [
        "nn.init.kaiming_uniform_(self.weight)",
        "self.weight.data.normal_(0, 0.02)",
        "trunc_normal_(self.weight, std=.02)",
        "glorot(self.weight)",
        "self.reset_parameters()",  # inherited: unknown, counts as initialising
        "self.load_state_dict(torch.load('w.pt'))",
        "for p in self.parameters():\n                        nn.init.normal_(p)",
        "for p in [self.weight]:\n                        nn.init.normal_(p)",
    ],
)
def test_any_initialiser_keeps_a_parameter_silent(initialiser: str) -> None:
    assert (
        uninitialised(
            f"""
            class Layer(nn.Linear):
                def __init__(self, n, m):
                    super().__init__(n, m)
                    self.weight = nn.Parameter(torch.empty(n, m))
                    {initialiser}
            """
        )
        == []
    )


def test_init_weights_in_another_class_of_the_file_counts() -> None:
    assert (
        uninitialised(
            """
            class Embeddings(nn.Module):
                def __init__(self, n, d):
                    super().__init__()
                    self.position = nn.Parameter(torch.empty(n, d))

            class Model(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.embeddings = Embeddings(4, 8)
                    self.apply(self._init_weights)

                def _init_weights(self, module):
                    if isinstance(module, Embeddings):
                        module.position.data.normal_()
            """
        )
        == []
    )


def test_unknown_base_or_post_init_keeps_the_file_silent() -> None:
    source = """
        class LayerNorm(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.weight = nn.Parameter(torch.Tensor(d))

        class Model(PreTrainedModel):
            def __init__(self, config):
                super().__init__(config)
                self.norm = LayerNorm(4)
                self.post_init()
        """
    assert uninitialised(source) == []


def test_deferred_and_frozen_parameters_are_silent() -> None:
    assert (
        uninitialised(
            """
            class Layer(nn.Module):
                def __init__(self, n):
                    super().__init__()
                    self.a = nn.Parameter(torch.empty(n, device="meta"))
                    self.b = nn.Parameter(torch.empty(n), requires_grad=False)
                    with init_empty_weights():
                        self.c = nn.Parameter(torch.empty(n))
            """
        )
        == []
    )


# ------------------------------------------------------------------ constant weights


def constants(source: str, header: str = HEADER) -> list[tuple[int, str]]:
    p = program(source, header)
    return [(c.node.lineno - header.count("\n"), c.how) for c in init.constant_weight_inits(p)]


def test_apply_with_constant_on_every_linear_layer() -> None:
    assert constants(
        """
        def init_weights(m):
            if isinstance(m, nn.Linear):
                nn.init.constant_(m.weight, 0.5)
                nn.init.zeros_(m.bias)

        model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
        model.apply(init_weights)
        """
    ) == [(4, "apply")]


@pytest.mark.parametrize(
    "guard",
    [
        "isinstance(m, (nn.BatchNorm2d, nn.LayerNorm))",
        "isinstance(m, nn.Linear) and m.out_features == 10",
        "isinstance(m, Bottleneck)",
    ],
)
def test_apply_guards_on_norms_heads_or_user_classes_are_silent(guard: str) -> None:
    assert (
        constants(
            f"""
            def init_weights(m):
                if {guard}:
                    nn.init.zeros_(m.weight)

            model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 10))
            model.apply(init_weights)
            """
        )
        == []
    )


def test_two_layers_of_one_forward_chain() -> None:
    assert constants(
        """
        class MLP(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(4, 8)
                self.fc2 = nn.Linear(8, 8)
                nn.init.zeros_(self.fc1.weight)
                nn.init.zeros_(self.fc2.weight)

            def forward(self, x):
                return self.fc2(F.relu(self.fc1(x)))
        """
    ) == [(7, "stack"), (8, "stack")]


def test_residual_branch_ends_and_parallel_heads_are_silent() -> None:
    assert (
        constants(
            """
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.branch = nn.Linear(8, 8)
                    self.final = nn.Linear(8, 2)
                    self.head_a = nn.Linear(8, 1)
                    self.head_b = nn.Linear(8, 1)
                    for w in (self.branch.weight,):
                        pass
                    nn.init.zeros_(self.branch.weight)
                    nn.init.zeros_(self.final.weight)
                    nn.init.zeros_(self.head_a.weight)
                    nn.init.zeros_(self.head_b.weight)

                def forward(self, x):
                    x = x + self.branch(x)
                    return self.final(x), self.head_a(x), self.head_b(x)
            """
        )
        == []
    )


def test_keras_constant_kernels_in_one_stack() -> None:
    header = "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    assert constants(
        """
        model = keras.Sequential([
            layers.Dense(8, kernel_initializer="zeros"),
            layers.Dense(8, kernel_initializer=keras.initializers.Zeros()),
            layers.Dense(1, kernel_initializer="ones"),
        ])
        x = layers.Dense(4, kernel_initializer="glorot_uniform")(inp)
        a = layers.Dense(1, kernel_initializer="ones")(x)
        b = layers.Dense(1, kernel_initializer="ones")(x)
        """,
        header,
    ) == [(3, "keras"), (4, "keras")]


# ------------------------------------------------------------------ module attributes


def containers(source: str) -> list[tuple[str, str]]:
    return [(c.assignment.attr, c.kind) for c in modules.plain_module_containers(program(source))]


def test_plain_lists_and_dicts_of_new_layers() -> None:
    assert containers(
        """
        class Net(nn.Module):
            def __init__(self, sizes, tasks):
                super().__init__()
                self.layers = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
                self.heads = {t: nn.Linear(8, 1) for t in tasks}
                self.blocks = []
                for _ in range(3):
                    self.blocks.append(nn.Conv2d(3, 3, 1))
                self.named = {}
                self.named["x"] = nn.Linear(1, 1)
        """
    ) == [("layers", "list"), ("heads", "dict"), ("blocks", "list"), ("named", "dict")]


def test_registered_referenced_or_wrapped_lists_are_silent() -> None:
    assert (
        containers(
            """
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(1, 1)
                    self.refs = [self.fc]
                    self.wrapped = [nn.Linear(1, 1)]
                    self.seq = nn.Sequential(*self.wrapped)
                    self.later = [nn.Linear(1, 1)]
                    self.later = nn.ModuleList(self.later)

            class Builder:
                def __init__(self):
                    self.layers = [nn.Linear(1, 1)]
            """
        )
        == []
    )


def test_moved_parameters() -> None:
    p = program(
        """
        class Net(nn.Module):
            def __init__(self, device):
                super().__init__()
                self.a = nn.Parameter(torch.ones(1)).cuda()
                self.b = nn.Parameter(torch.ones(1)).to(device).requires_grad_()
                self.c = nn.Parameter(torch.ones(1).cuda())
                self.d = nn.Parameter(torch.ones(1)).to("cpu")
                self.e = nn.Parameter(torch.ones(1)).requires_grad_(False)
                self.f, self.g = nn.Parameter(torch.ones(1)).cuda(), nn.Parameter(torch.zeros(1))
        """
    )
    assert [(m.assignment.attr, m.move.func.attr) for m in modules.moved_parameters(p)] == [("a", "cuda"), ("b", "to"), ("f", "cuda")]


def test_methods_reached_from_forward_and_training_guards() -> None:
    p = program(
        """
        class Net(nn.Module):
            def forward(self, x):
                if self.training:
                    x = F.dropout(x, 0.1)
                return self.helper(x)

            def helper(self, x):
                return F.dropout(x, 0.1)

            def unused(self, x):
                return x
        """
    )
    cls = classes(p)["Net"]
    assert [m.name for m in modules.methods_reached_from(cls, "forward")] == ["forward", "helper"]
    calls = sorted(
        (n for n in ast.walk(p.tree) if isinstance(n, ast.Call) and p.call_name(n) == "torch.nn.functional.dropout"),
        key=lambda n: n.lineno,
    )
    guarded = [modules.under_training_guard(p, c, next(a for a in p.ancestors(c) if isinstance(a, ast.FunctionDef))) for c in calls]
    assert guarded == [True, False]


def test_frozen_filters_and_non_literal_constants() -> None:
    source = """
        class Blur(nn.Module):
            def __init__(self, k):
                super().__init__()
                self.a = nn.Conv2d(1, 1, k)
                self.b = nn.Conv2d(1, 1, k)
                nn.init.constant_(self.a.weight, 1.0 / (k * k))
                nn.init.constant_(self.b.weight, 1.0 / (k * k))
                {freeze}

            def forward(self, x):
                return self.b(self.a(x))
        """
    assert constants(source.format(freeze="pass")) == [(7, "stack"), (8, "stack")]
    frozen = "for p in self.parameters():\n                    p.requires_grad = False\n                self.a.weight.requires_grad_(False)\n                self.b.requires_grad_(False)"
    assert constants(source.format(freeze=frozen)) == []


def test_layers_appended_in_a_builder_method_called_from_init() -> None:
    assert containers(
        """
        class Net(nn.Module):
            def __init__(self, depth):
                super().__init__()
                self.blocks = []
                self._build(depth)

            def _build(self, depth):
                for _ in range(depth):
                    self.blocks.append(nn.Linear(8, 8))
        """
    ) == [("blocks", "list")]
