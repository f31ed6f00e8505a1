"""analysis/values.py: which spellings the file shows to be torch modules or tensors."""

from __future__ import annotations

import ast
import textwrap

from nnlint.analysis.program import Program
from nnlint.analysis.values import MODULE, TENSOR, kind_of


def kinds(source: str) -> dict[str, str | None]:
    program = Program.from_source(textwrap.dedent(source))
    found: dict[str, str | None] = {}
    for node in ast.walk(program.tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
            receiver = node.value.func.value
            found[program.text(receiver)] = kind_of(program, receiver)
    return found


def test_modules_from_constructors_factories_wrappers_and_annotations() -> None:
    found = kinds(
        """
        import torch, timm
        import torch.nn as nn
        from torchvision import models
        from transformers import AutoModelForCausalLM, AutoTokenizer
        class Net(nn.Module):
            pass
        a = nn.Linear(2, 2).to("cuda")
        b = Net()
        c = models.resnet18()
        d = timm.create_model("vit_base_patch16_224")
        e = AutoModelForCausalLM.from_pretrained("gpt2")
        f = torch.compile(b)
        t = AutoTokenizer.from_pretrained("gpt2")
        def run(g: nn.Module, h):
            g.ping()
            h.ping()
        for x in [a, b, c, d, e, f, t]:
            a.ping(); b.ping(); c.ping(); d.ping(); e.ping(); f.ping(); t.ping()
        """
    )
    assert {k: found[k] for k in "abcdefg"} == dict.fromkeys("abcdefg", MODULE)
    assert found["t"] is None and found["h"] is None


def test_tensors_from_factories_loaders_and_batches() -> None:
    found = kinds(
        """
        import torch
        from torch.utils.data import DataLoader
        w = torch.ones(3)
        loader = DataLoader(ds)
        for i, (x, y) in enumerate(loader):
            x.ping(); y.ping(); i.ping()
        for batch in train_dataloader:
            batch.ping(); batch["ids"].ping()
        w.ping()
        """
    )
    assert found["w"] == found["x"] == found["y"] == found['batch["ids"]'] == TENSOR
    assert found["i"] is None and found["batch"] is None


def test_conflicting_assignments_are_unknown() -> None:
    found = kinds(
        """
        import torch
        import numpy as np
        def a(loader):
            for x, y in loader:
                x.ping()
        def b():
            x = np.zeros(3)
            x = x.to("cuda")
        """
    )
    assert found["x"] is None


def test_attribute_stored_from_an_annotated_parameter() -> None:
    found = kinds(
        """
        import torch.nn as nn
        class Wrapper(nn.Module):
            def __init__(self, module: nn.Linear, other, scale: float = 1.0):
                super().__init__()
                self.module = module
                self.other = other
                self.scale = scale
            def forward(self, x):
                self.module.ping(); self.other.ping(); self.scale.ping()
        """
    )
    assert found["self.module"] == MODULE
    assert found["self.other"] is None and found["self.scale"] is None
