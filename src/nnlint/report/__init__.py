"""Output formats. Each module renders a list of diagnostics to a text stream.

Every renderer is ``render(diagnostics, stream, context=None)``; the context
(report/context.py) supplies rule metadata, source lines and the repository root.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Optional, TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import ReportContext

Renderer = Callable[[list[Diagnostic], TextIO, Optional[ReportContext]], None]

# format -> (module under nnlint.report, function); a module is imported when its format is
# asked for, so a run pays for the one format it prints (xml.etree, hashlib are not free).
_RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("text", "render"),
    "full": ("full", "render"),
    "json": ("json", "render"),
    "json-lines": ("json", "render_lines"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
    "gitlab": ("gitlab", "render"),
    "junit": ("junit", "render"),
    "pylint": ("pylint", "render"),
}


class _Formats(Mapping[str, Renderer]):
    """The renderers by format name, each imported on first use."""

    def __getitem__(self, name: str) -> Renderer:
        module, function = _RENDERERS[name]
        return getattr(importlib.import_module(f"nnlint.report.{module}"), function)  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(_RENDERERS)

    def __len__(self) -> int:
        return len(_RENDERERS)


FORMATS: Mapping[str, Renderer] = _Formats()

__all__ = ["FORMATS", "Renderer", "ReportContext"]
