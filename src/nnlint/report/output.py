"""Where the findings go: the chosen format, to stdout or ``--output-file``, or statistics."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report import FORMATS, statistics
from nnlint.report.context import ReportContext


def write_report(
    diagnostics: list[Diagnostic],
    output_format: str = "text",
    output_file: str | None = None,
    show_statistics: bool = False,
    context: ReportContext | None = None,
) -> None:
    """Render to ``output_file`` (created with its folders) or stdout."""
    context = context or ReportContext()
    if output_file:
        path = Path(output_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            _render(diagnostics, output_format, show_statistics, context, stream)
    else:
        _render(diagnostics, output_format, show_statistics, context, sys.stdout)
        sys.stdout.flush()


def _render(
    diagnostics: list[Diagnostic], output_format: str, show_statistics: bool, context: ReportContext, stream: TextIO
) -> None:
    if show_statistics:
        statistics.render(diagnostics, stream, as_json=output_format in ("json", "json-lines"))
    else:
        FORMATS[output_format](diagnostics, stream, context)
