"""Fixes: --fix / --diff / --unsafe-fixes, re-parse checks, atomic writes, notebooks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nnlint.cli import main
from nnlint.config import Selection, Settings
from nnlint.diagnostic import Applicability, Diagnostic, Edit, Fix
from nnlint.engine import Linter
from nnlint.fix import apply_edits, fix_file, fix_text, unified_diff

SOURCE = '''import torch
import torch.nn as nn

model = nn.Linear(4, 2)
out = model.forward(torch.randn(1, 4))  # keep this comment
model.load_state_dict(torch.load("a.pt"))
other = torch.load("b.pt", weights_only=False)
'''
SAFE_FIXED = '''import torch
import torch.nn as nn

model = nn.Linear(4, 2)
out = model(torch.randn(1, 4))  # keep this comment
model.load_state_dict(torch.load("a.pt", weights_only=True))
other = torch.load("b.pt", weights_only=False)
'''


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def linter(select: tuple[str, ...] | None = None) -> Linter:
    return Linter(Settings(selections=(Selection(select=select),)))


def test_fix_applies_safe_fixes_and_reports_what_remains(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(SOURCE)
    code, out, err = cli("--fix", str(path))
    assert path.read_text() == SAFE_FIXED
    assert code == 1
    assert "NN602" in out and ":7:" in out
    assert "(2 fixed, 1 remaining)" in err


def test_unsafe_fixes_and_second_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(SOURCE)
    assert cli("--fix", "--unsafe-fixes", str(path))[0] == 0
    fixed = path.read_text()
    assert 'torch.load("b.pt", weights_only=True)' in fixed
    assert cli("--fix", "--unsafe-fixes", str(path))[0] == 0
    assert path.read_text() == fixed


def test_diff_changes_nothing_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(SOURCE)
    code, out, err = cli("--diff", str(path))
    assert code == 1
    assert path.read_text() == SOURCE
    assert "-out = model.forward(torch.randn(1, 4))  # keep this comment" in out
    assert "+out = model(torch.randn(1, 4))  # keep this comment" in out
    assert "Would fix 2 problems in 1 file" in err
    clean = tmp_path / "clean.py"
    clean.write_text("x = 1\n")
    assert cli("--diff", str(clean))[0] == 0


def test_unparsable_file_is_never_changed(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    text = SOURCE + "def broken(:\n"
    path.write_text(text)
    code, out, _ = cli("--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == text
    assert "NN001" in out and code == 1


def test_encoding_bom_line_endings_and_permissions_survive(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    body = "# -*- coding: latin-1 -*-\n# caf\xe9\n" + SOURCE
    path.write_bytes(body.replace("\n", "\r\n").encode("latin-1"))
    os.chmod(path, 0o751)
    cli("--fix", str(path))
    data = path.read_bytes()
    assert b"caf\xe9" in data and b"model(torch.randn(1, 4))" in data
    assert data.count(b"\r\n") == body.count("\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o751
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + SOURCE.encode())
    cli("--fix", str(bom))
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf") and b"weights_only=True" in bom.read_bytes()
    assert not [p for p in tmp_path.iterdir() if "nnlint-tmp" in p.name]


def test_inserted_lines_follow_the_file_line_endings() -> None:
    source = "a = 1\r\nb = 2\r\n"
    assert apply_edits(source, [Edit(2, 1, 2, 1, "x = 0\n")], "\r\n") == "a = 1\r\nx = 0\r\nb = 2\r\n"


def _diagnostic(line: int, fix: Fix) -> Diagnostic:
    return Diagnostic("NN999", "fake", "m", "f.py", line, 1, line, 2, fix=fix)


def test_fix_that_breaks_the_file_is_dropped_and_reported() -> None:
    source = "a = 1\nb = 2\n"
    good = Fix("ok", (Edit(1, 5, 1, 6, "10"),))
    bad = Fix("bad", (Edit(2, 1, 2, 2, "def ("),))

    def lint(text: str):
        found = []
        if "a = 1\n" in text:
            found.append(_diagnostic(1, good))
        if text.endswith("b = 2\n"):
            found.append(_diagnostic(2, bad))
        return found, []

    new, fixed, rejected, _ = fix_text(lint, source, unsafe=False)
    assert new == "a = 10\nb = 2\n"
    assert [d.fix.title for d in fixed] == ["ok"]
    assert len(rejected) == 1 and "fix dropped" in rejected[0]


def test_unsafe_fix_needs_the_flag() -> None:
    unsafe = Fix("u", (Edit(1, 5, 1, 6, "2"),), Applicability.UNSAFE)
    lint = lambda text: ([_diagnostic(1, unsafe)] if text == "a = 1\n" else [], [])  # noqa: E731
    assert fix_text(lint, "a = 1\n", unsafe=False)[0] == "a = 1\n"
    assert fix_text(lint, "a = 1\n", unsafe=True)[0] == "a = 2\n"


def test_lint_path_never_imports_libcst(tmp_path: Path) -> None:
    path = tmp_path / "t.py"
    path.write_text(SOURCE)
    code = (
        "import sys; from nnlint.config import Settings; from nnlint.engine import Linter; "
        f"Linter(Settings()).lint_path(__import__('pathlib').Path({str(path)!r})); "
        "assert 'libcst' not in sys.modules, 'libcst imported on the lint path'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- notebooks -------------------------------------------------------------------------------


def _notebook(indent: int = 1) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {"tags": ["setup"]},
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["ok\n"]}],
            "source": ["%matplotlib inline\n", "import torch\n", "import torch.nn as nn\n", "model = nn.Linear(4, 2)"],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "outputs": [{"output_type": "execute_result", "data": {"text/plain": ["1.5"]}, "metadata": {}, "execution_count": 2}],
            "source": ["x = torch.randn(3, 4)\n", "y = model.forward(x)\n", "!nvidia-smi"],
        },
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": "model.load_state_dict(torch.load('w.pt'))"},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ["%%bash\n", "model.forward(x)\n"]},
    ]
    data = {"cells": cells, "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


def test_notebook_fix_changes_only_edited_cell_sources(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    raw = _notebook(indent=2)
    path.write_text(raw)
    code, out, err = cli("--fix", str(path))
    new = path.read_text()
    data, old = json.loads(new), json.loads(raw)
    assert data["cells"][2]["source"] == ["x = torch.randn(3, 4)\n", "y = model(x)\n", "!nvidia-smi"]
    assert data["cells"][3]["source"] == "model.load_state_dict(torch.load('w.pt', weights_only=True))"
    assert data["cells"][4]["source"] == old["cells"][4]["source"]  # %%bash cell untouched
    old["cells"][2]["source"] = data["cells"][2]["source"]
    old["cells"][3]["source"] = data["cells"][3]["source"]
    assert new == json.dumps(old, indent=2, ensure_ascii=False) + "\n"  # every other byte kept
    assert code == 0 and "(2 fixed, 0 remaining)" in err
    assert cli("--fix", str(path))[0] == 0 and path.read_text() == new


def test_notebook_diff_is_per_cell(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook())
    code, out, _ = cli("--diff", str(path))
    assert code == 1
    assert f"--- {path}:cell 3" in out and "+y = model(x)" in out
    assert path.read_text() == _notebook()


def test_notebook_findings_carry_cells(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(_notebook())
    code, out, _ = cli("--select", "NN601,NN602", str(path))
    assert f"{path}:cell 3:2:5: NN601" in out
    assert f"{path}:cell 4:1:23: NN602" in out


def test_fix_file_outcome_and_diff() -> None:
    here = Path(__file__).resolve().parent.parent / "rules" / "NN601-forward-called-directly" / "bad_mnist_script.py"
    outcome = fix_file(linter(("NN601",)), here, unsafe=False)
    assert outcome.changed and len(outcome.fixed) == 2 and not outcome.remaining
    assert "+        output = model(data)" in unified_diff(outcome)
