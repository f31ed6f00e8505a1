"""flake8's ``pylint`` format: ``path:line: [NN101] message`` (``nb.ipynb:cell 3:2: ...``)."""

from __future__ import annotations

from typing import TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import ReportContext


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    for d in diagnostics:
        cell = f"cell {d.cell}:" if d.cell is not None else ""
        stream.write(f"{d.path}:{cell}{d.line}: [{d.code}] {d.message}\n")
