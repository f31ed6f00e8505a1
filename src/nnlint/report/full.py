"""The text line, then the source line with carets under the finding and the rule's summary.

    train.py:12:5: NN101 training loop calls loss.backward() ...
       |
    12 |     loss.backward()
       |     ^^^^^^^^^^^^^^^
       = NN101 (missing-zero-grad): Reports training loops that ...

The caret line copies the tabs of the source line so carets stay under the code.
"""

from __future__ import annotations

from typing import TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report import text
from nnlint.report.context import ReportContext


def excerpt(diagnostic: Diagnostic, context: ReportContext) -> list[str]:
    source = context.line_text(diagnostic)
    if not source:
        return []
    start = max(diagnostic.col - 1, 0)
    if diagnostic.end_line == diagnostic.line:
        end = max(diagnostic.end_col - 1, start + 1)
    else:
        end = max(len(source.rstrip()), start + 1)
    end = min(end, max(len(source), start + 1))
    pad = "".join(char if char == "\t" else " " for char in source[:start])
    number = str(diagnostic.line)
    gutter = " " * len(number)
    return [f"{gutter} |", f"{number} | {source}", f"{gutter} | {pad}{'^' * (end - start)}"]


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    context = context or ReportContext()
    for index, diagnostic in enumerate(diagnostics):
        if index:
            stream.write("\n")
        stream.write(text.line(diagnostic) + "\n")
        lines = excerpt(diagnostic, context)
        rule = context.rule(diagnostic)
        gutter = " " * len(str(diagnostic.line)) if lines else ""
        lines.append(f"{gutter} = {diagnostic.code} ({diagnostic.name}): {rule.summary}")
        stream.write("\n".join(lines) + "\n")
