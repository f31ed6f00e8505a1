"""The order a run lints its files in (nnlint.lint_order): imported modules first."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnlint.analysis.imports import ModuleLoader
from nnlint.config import Selection, Settings
from nnlint.lint_order import dependency_order
from nnlint.runner import run


def _order(root: Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return [paths[i].relative_to(root).as_posix() for i in dependency_order(paths)]


def test_relative_imports_come_first(tmp_path: Path) -> None:
    order = _order(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/models/bert.py": "from ..modeling_utils import PreTrainedModel\nfrom . import layers\n",
            "pkg/models/layers.py": "from .. import activations\n",
            "pkg/activations.py": "import math\n",
            "pkg/modeling_utils.py": "from .activations import gelu\n",
        },
    )
    assert order.index("pkg/modeling_utils.py") < order.index("pkg/models/bert.py")
    assert order.index("pkg/models/layers.py") < order.index("pkg/models/bert.py")
    assert order.index("pkg/activations.py") < order.index("pkg/modeling_utils.py")
    assert order.index("pkg/__init__.py") < order.index("pkg/models/layers.py")  # ``from .. import``


def test_absolute_imports_by_package_path_and_sibling_scripts(tmp_path: Path) -> None:
    order = _order(
        tmp_path,
        {
            "a_train.py": "import torch\nfrom engine import train_one_epoch\nimport lib.nets.resnet as resnet\n",
            "engine.py": "def train_one_epoch():\n    pass\n",
            "lib/__init__.py": "",
            "lib/nets/resnet.py": "    from lib.utils import (\n        seed,\n    )\n",
            "lib/utils.py": "",
        },
    )
    assert order.index("engine.py") < order.index("a_train.py")
    assert order.index("lib/nets/resnet.py") < order.index("a_train.py")
    assert order.index("lib/utils.py") < order.index("lib/nets/resnet.py")  # an indented, parenthesised import


def test_cycles_unreadable_files_and_words_that_are_not_imports(tmp_path: Path) -> None:
    files = {
        "a.py": "from b import x\n",
        "b.py": "from a import y\nimporter = 1\ntext = 'import c'\n",
        "c.py": "",
    }
    order = _order(tmp_path, files)
    assert sorted(order) == sorted(files)  # every file once
    assert order == ["b.py", "a.py", "c.py"]  # the cycle is entered at a; c stays in place
    missing = [tmp_path / "gone.py", tmp_path / "a.py"]
    assert sorted(dependency_order(missing)) == [0, 1]


def test_a_run_parses_no_linted_module_for_its_importers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``a_train.py`` comes first in path order but imports ``z_models.py``; linting the
    module first lets the loader keep its outline, and the findings keep path order."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a_train.py").write_text("from z_models import Block\n\n\nclass Net(Block):\n    pass\n\n\nnet = Net()\ny = net.forward(1)\n")
    (tmp_path / "z_models.py").write_text(
        "import torch.nn as nn\n\n\nclass Block(nn.Module):\n    def forward(self, x):\n        return x\n\n\nblock = Block()\ny = block.forward(2)\n"
    )
    parsed: list[str] = []
    real_parse = ModuleLoader._parse
    monkeypatch.setattr(ModuleLoader, "_parse", lambda self, path: parsed.append(path.name) or real_parse(self, path))
    result = run([str(tmp_path)], Settings(selections=(Selection(select=("NN601",)),)), jobs=1)
    assert [(Path(d.path).name, d.line) for d in result.diagnostics] == [("a_train.py", 9), ("z_models.py", 10)]
    assert [Path(f.path).name for f in result.files] == ["a_train.py", "z_models.py"]
    assert parsed == []
