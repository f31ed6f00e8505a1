"""The default format, exactly flake8's: ``path:line:col: NN101 message``.

Notebook findings carry the cell: ``nb.ipynb:cell 5:3:9: NN101 message`` (ruff's form).
"""

from __future__ import annotations

from typing import TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import ReportContext


def location(diagnostic: Diagnostic) -> str:
    cell = f"cell {diagnostic.cell}:" if diagnostic.cell is not None else ""
    return f"{diagnostic.path}:{cell}{diagnostic.line}:{diagnostic.col}"


def line(diagnostic: Diagnostic) -> str:
    return f"{location(diagnostic)}: {diagnostic.code} {diagnostic.message}"


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    for diagnostic in diagnostics:
        stream.write(line(diagnostic) + "\n")
