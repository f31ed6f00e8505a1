"""What a renderer may need besides the findings: rule metadata, source lines, the repo root.

Renderers take it as an argument instead of reaching for the registry or the file system
themselves, so a test (or the language server, which holds unsaved buffers) can hand in
fixed rules and fixed texts and get byte-stable output.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from nnlint import __version__
from nnlint.diagnostic import Diagnostic

DOCS_URL = "https://github.com/nnlint/nnlint/blob/main/docs/rules/{code}.md"
INFORMATION_URI = "https://github.com/nnlint/nnlint"


def repository_root(start: Path | None = None) -> Path:
    """The enclosing git work tree (SARIF URIs are relative to it), else the current folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def rule_url(code: str) -> str:
    """The rule's documentation page (docs/rules/ in the repository)."""
    return DOCS_URL.format(code=code)


@dataclass(frozen=True)
class RuleInfo:
    """The parts of a rule that reports show: SARIF rules[], the `full` help line, links."""

    code: str
    name: str
    summary: str
    help_markdown: str
    severity: str = "error"
    family: str = ""
    frameworks: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return rule_url(self.code)


def registry_rule_info(code: str) -> RuleInfo | None:
    from nnlint.registry import load_registry

    rule = load_registry().by_code.get(code)
    if rule is None:
        return None
    return RuleInfo(
        code=rule.code,
        name=rule.name,
        summary=rule.summary(),
        help_markdown=inspect.cleandoc(rule.__doc__ or "").strip(),
        severity=rule.severity,
        family=rule.family(),
        frameworks=tuple(sorted(rule.frameworks)),
    )


@dataclass
class ReportContext:
    """Everything outside the diagnostics that a format may print.

    ``sources`` maps a diagnostic path to its text when the file on disk is not the truth
    (stdin, an editor buffer, a test); otherwise the file is read once, lazily.
    """

    root: Path = field(default_factory=repository_root)
    sources: Mapping[str, str] = field(default_factory=dict)
    rules: Callable[[str], RuleInfo | None] = registry_rule_info
    tool_version: str = __version__
    _cache: dict[tuple[str, int | None], list[str]] = field(default_factory=dict, repr=False)

    def rule(self, diagnostic: Diagnostic) -> RuleInfo:
        """Metadata for the diagnostic's rule; a stand-in built from the finding if unknown."""
        found = self.rules(diagnostic.code)
        if found is not None:
            return found
        return RuleInfo(diagnostic.code, diagnostic.name, diagnostic.message, diagnostic.message, diagnostic.severity)

    def lines(self, diagnostic: Diagnostic) -> list[str]:
        """The lines the diagnostic's line numbers count in: the file's, or its cell's."""
        key = (diagnostic.path, diagnostic.cell)
        if key not in self._cache:
            self._cache[key] = _read_lines(diagnostic.path, diagnostic.cell, self.sources)
        return self._cache[key]

    def line_text(self, diagnostic: Diagnostic, line: int | None = None) -> str:
        lines = self.lines(diagnostic)
        number = diagnostic.line if line is None else line
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def relative_uri(self, path: str) -> str:
        """``path`` relative to the root with ``/`` separators (SARIF and GitLab want this)."""
        candidate = Path(path)
        try:
            absolute = candidate if candidate.is_absolute() else Path.cwd() / candidate
            relative = Path(os.path.relpath(absolute.resolve(), self.root.resolve()))
        except ValueError:  # another drive on Windows
            return candidate.as_posix()
        posix = PurePosixPath(relative.as_posix())
        if posix.parts and posix.parts[0] == "..":
            return candidate.as_posix()
        return str(posix)


def _read_lines(path: str, cell: int | None, sources: Mapping[str, str]) -> list[str]:
    text = sources.get(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
    if cell is None:
        return text.splitlines()
    return _cell_lines(text, cell)


def _cell_lines(notebook_text: str, cell: int) -> list[str]:
    """The source lines of the cell the notebook shows as number ``cell`` (1-based)."""
    try:
        cells = json.loads(notebook_text).get("cells", [])
        source = cells[cell - 1].get("source", "")
    except (ValueError, AttributeError, IndexError, TypeError):
        return []
    if isinstance(source, list):
        source = "".join(source)
    return str(source).splitlines()
