"""Linting never imports or executes the files it reads, nor what they import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nnlint.cli import main
from nnlint.inference import configure_astroid

EVIL = """\
import pathlib
pathlib.Path({marker!r}).write_text("ran")
"""


def make_project(root: Path, marker: Path) -> None:
    evil = EVIL.format(marker=str(marker))
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text(evil, encoding="utf-8")
    (root / "pkg" / "helpers.py").write_text(evil + "def zero(opt):\n    opt.zero_grad()\n", encoding="utf-8")
    (root / "conftest.py").write_text(evil, encoding="utf-8")
    (root / "setup.py").write_text(evil, encoding="utf-8")
    (root / "sitecustomize.py").write_text(evil, encoding="utf-8")
    (root / "torch.py").write_text(evil, encoding="utf-8")  # shadows the framework if anything imported it
    (root / "train.py").write_text(
        evil
        + "import torch\nimport pkg\nfrom pkg.helpers import zero\nfrom pkg import helpers as h\n"
        + "import importlib\nimportlib.import_module('pkg.helpers')\n__import__('pkg')\nexec(open('setup.py').read())\n"
        + "def train(model, loader, opt):\n    model.train()\n    for x, y in loader:\n"
        + "        zero(opt)\n        loss = model(x).sum()\n        loss.backward()\n        opt.step()\n"
        + "if __name__ == '__main__':\n    train(None, [], None)\n",
        encoding="utf-8",
    )


def test_linting_in_process_runs_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "MARKER"
    make_project(tmp_path, marker)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    result = CliRunner().invoke(main, ["check", "--select", "ALL", "--preview", "--no-cache", "-j", "1", "."])
    assert result.exit_code in (0, 1), result.stderr
    assert not marker.exists()
    assert "pkg" not in sys.modules and "pkg.helpers" not in sys.modules


def test_linting_in_a_subprocess_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    make_project(tmp_path, marker)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NNLINT_")}
    # `python -m` puts the working folder first on sys.path: an import of torch or pkg by
    # nnlint would pick up the project's files. (A sitecustomize.py on PYTHONPATH would run
    # at interpreter start-up, before nnlint: that is Python's behaviour, not tested here.)
    for args in (["check", "--select", "ALL", "--preview", "."], ["check", "train.py", "pkg/__init__.py"]):
        result = subprocess.run(
            [sys.executable, "-m", "nnlint", *args], cwd=tmp_path, env=env, capture_output=True, timeout=120
        )
        assert result.returncode in (0, 1), result.stderr
        assert not marker.exists(), args


def test_astroid_is_configured_not_to_load_code(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "MARKER"
    make_project(tmp_path, marker)
    (tmp_path / "native.cpython-311-x86_64-linux-gnu.so").write_bytes(b"not really a library")
    monkeypatch.syspath_prepend(str(tmp_path))
    manager = configure_astroid()
    assert manager.always_load_extensions is False and not manager.extension_package_whitelist
    module = manager.ast_from_string("import pkg.helpers\nfrom pkg.helpers import zero\nzero\nimport native\nnative\n", "user_mod")
    for name in ("zero", "native"):
        for node in module.body[-1:] if name == "native" else module.body[2:3]:
            try:
                list(node.value.infer())
            except Exception:  # noqa: BLE001 - inference may fail; it must not run code
                pass
    assert not marker.exists()
