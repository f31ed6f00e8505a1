"""GitHub Actions workflow commands: one annotation per finding.

    ::error title=NN101 (missing-zero-grad),file=train.py,line=12,col=5,endLine=12,endColumn=20::train.py:12:5: NN101 message

Property values and the message are escaped as actions/toolkit does. ``col``/``endColumn``
are left out when a finding spans lines (GitHub then drops the annotation otherwise). A
notebook has no line in the file that matches a cell line, so it is annotated at line 1 and
the message carries ``cell N``. GitHub shows at most 10 annotations per level and step, so
the message repeats the flake8 line: the raw log stays readable.
"""

from __future__ import annotations

from typing import TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report import text
from nnlint.report.context import ReportContext

LEVELS = {"error": "error", "warning": "warning"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    level = LEVELS.get(diagnostic.severity, "notice")
    props = [("title", f"{diagnostic.code} ({diagnostic.name})"), ("file", diagnostic.path)]
    if diagnostic.cell is not None:
        props += [("line", "1"), ("endLine", "1")]
    elif diagnostic.line == diagnostic.end_line:
        props += [
            ("line", str(diagnostic.line)),
            ("col", str(diagnostic.col)),
            ("endLine", str(diagnostic.end_line)),
            ("endColumn", str(diagnostic.end_col)),
        ]
    else:
        props += [("line", str(diagnostic.line)), ("endLine", str(diagnostic.end_line))]
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{level} {rendered}::{escape_data(text.line(diagnostic))}"


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    for diagnostic in diagnostics:
        stream.write(annotation(diagnostic) + "\n")
