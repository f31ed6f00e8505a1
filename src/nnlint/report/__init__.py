"""Output formats. Each module renders a list of diagnostics to a text stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report import text

Renderer = Callable[[list[Diagnostic], TextIO], None]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
}
