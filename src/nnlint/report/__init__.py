"""Output formats. Each module renders a list of diagnostics to a text stream.

Every renderer is ``render(diagnostics, stream, context=None)``; the context
(report/context.py) supplies rule metadata, source lines and the repository root.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional, TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report import full, github, gitlab, json, junit, pylint, sarif, text
from nnlint.report.context import ReportContext

Renderer = Callable[[list[Diagnostic], TextIO, Optional[ReportContext]], None]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "full": full.render,
    "json": json.render,
    "json-lines": json.render_lines,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
    "pylint": pylint.render,
}

__all__ = ["FORMATS", "Renderer", "ReportContext"]
