"""Notebooks: cells as one program, IPython syntax blanked in place, findings per cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnlint.config import Selection, Settings
from nnlint.engine import Linter
from nnlint.files import discover
from nnlint.notebook import NotebookError, parse_notebook, python_lines, replace_cell_sources


def notebook_json(cells: list, indent: int | None = 1, language: str = "python", **extra) -> str:
    data = {
        "cells": [],
        "metadata": {"kernelspec": {"language": language, "name": "k"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for cell in cells:
        if isinstance(cell, tuple):
            data["cells"].append({"cell_type": cell[0], "metadata": {}, "source": cell[1].splitlines(True)})
        elif isinstance(cell, dict):
            data["cells"].append(cell)
        else:
            data["cells"].append(
                {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": cell.splitlines(True)}
            )
    data.update(extra)
    return json.dumps(data, indent=indent) + "\n"


def lint(tmp_path: Path, text: str, select: tuple[str, ...] | None = None, name: str = "nb.ipynb"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    settings = Settings(selections=(Selection(select=select),))
    return Linter(settings).lint_path(path)


def test_magics_are_blanked_without_shifting_rows() -> None:
    text, blanked = python_lines("import os\n%matplotlib inline\n!pip install x\nfiles = !ls\nos.path?\nx = 1\n")
    assert text == "import os\npass\npass\nfiles = None\npass\nx = 1\n"
    assert blanked == {2, 3, 4, 5}


def test_valid_python_is_left_alone_even_with_bangs_in_strings() -> None:
    source = 's = """\n!not a shell\nwhat?\n"""\n'
    assert python_lines(source) == (source, set())


def test_timed_line_magic_keeps_its_statement() -> None:
    text, _ = python_lines("for i in range(2):\n    %time model.fit(x, y)\n")
    assert text == "for i in range(2):\n    model.fit(x, y)\n"


def test_cell_magics() -> None:
    assert python_lines("%%bash\necho hi\n")[0] is None
    assert python_lines("%%writefile a.py\nimport os\n")[0] is None
    assert python_lines("%%time\nx = 1\n")[0] == "pass\nx = 1\n"
    assert python_lines("cd ~/data\n")[0] is None  # automagic


def test_cell_that_does_not_parse_is_an_error() -> None:
    with pytest.raises(NotebookError) as info:
        python_lines("y = (\n", 4)
    assert info.value.cell == 4 and "cell 4 does not parse" in str(info.value)


def test_index_counts_markdown_cells() -> None:
    nb = parse_notebook(notebook_json([("markdown", "# T"), "a = 1\n", ("raw", "x"), "b = 2\nc = 3"]))
    assert [cell.number for cell in nb.cells] == [2, 4]
    assert nb.source == "a = 1\nb = 2\nc = 3\n"
    cell, row = nb.locate(3)
    assert (cell.number, row) == (4, 2)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("{not json", "invalid JSON"),
        ('{"cells": [], "nbformat": 3}', "nbformat 3"),
        ("[1, 2]", "no list of cells"),
        ('{"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4}', "cell 1"),
    ],
)
def test_malformed_notebooks_are_nn001(tmp_path: Path, raw: str, reason: str) -> None:
    result = lint(tmp_path, raw)
    assert [d.code for d in result.diagnostics] == ["NN001"]
    assert reason in result.diagnostics[0].message
    assert "not a valid notebook" in result.diagnostics[0].message


def test_unparsable_cell_is_nn001_in_that_cell(tmp_path: Path) -> None:
    result = lint(tmp_path, notebook_json([("markdown", "x"), "a = 1\n", "b = (\n"]))
    (diagnostic,) = result.diagnostics
    assert (diagnostic.code, diagnostic.cell, diagnostic.line) == ("NN001", 3, 1)


def test_empty_outputs_attachments_and_huge_outputs_are_fine(tmp_path: Path) -> None:
    big = {"output_type": "stream", "name": "stdout", "text": ["x" * 1000 + "\n"] * 2000}
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "![i](attachment:i.png)", "attachments": {"i.png": {"image/png": "iVBO"}}},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [big], "source": "print(1)"},
    ]
    assert lint(tmp_path, notebook_json(cells)).diagnostics == []
    assert lint(tmp_path, notebook_json([]), name="empty.ipynb").diagnostics == []


def test_non_python_notebook_is_skipped(tmp_path: Path) -> None:
    assert lint(tmp_path, notebook_json(["x <- (\n"], language="R")).diagnostics == []


def test_notebooks_are_discovered_in_folders(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").write_text(notebook_json([]))
    (tmp_path / "b.py").write_text("")
    (tmp_path / "c.txt").write_text("")
    settings = Settings(root=tmp_path, respect_gitignore=False)
    assert sorted(p.name for p in discover([str(tmp_path)], settings)) == ["a.ipynb", "b.py"]


def test_source_replacement_keeps_every_other_byte() -> None:
    raw = notebook_json(["a = 1\nb = 2\n", "c = 3\n", "d = 4"], indent=2)
    nb = parse_notebook(raw)
    new = replace_cell_sources(nb, {1: "c = 30\n# more\n"})
    data, old = json.loads(new), json.loads(raw)
    assert data["cells"][1]["source"] == ["c = 30\n", "# more\n"]
    old["cells"][1]["source"] = data["cells"][1]["source"]
    assert json.dumps(old, indent=2) + "\n" == new


def test_source_replacement_string_sources_and_unicode() -> None:
    raw = '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "x = \'é\'"}],\n "metadata": {}, "nbformat": 4, "nbformat_minor": 2}'
    nb = parse_notebook(raw)
    new = replace_cell_sources(nb, {0: "x = 'ü'"})
    assert new == raw.replace("é", "ü")


def test_notebook_from_stdin(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nnlint.cli import main

    raw = notebook_json([("markdown", "x"), "import torch\nimport torch.nn as nn\nm = nn.Linear(2, 2)\ny = m.forward(torch.ones(2))\n"])
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", "--stdin-filename", "nb.ipynb", "-"], input=raw)
    assert "nb.ipynb:cell 2:4:5: NN601" in result.stdout
