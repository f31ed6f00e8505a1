"""Lint many files: discovery, one Linter, results in a stable order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nnlint.analysis.program import ProjectInfo
from nnlint.config import Settings
from nnlint.diagnostic import Diagnostic, FileResult
from nnlint.engine import Linter
from nnlint.files import DiscoveryError, discover
from nnlint.project import project_info


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    discovery_errors: list[DiscoveryError] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = [d for result in self.files for d in result.diagnostics]
        return sorted(found, key=Diagnostic.sort_key)

    @property
    def internal_errors(self) -> list[str]:
        return [error for result in self.files for error in result.errors]


def run(paths: Sequence[str], settings: Settings, project: ProjectInfo | None = None) -> RunResult:
    result = RunResult()
    files = discover(paths, settings, result.discovery_errors)
    if project is None:
        project = project_info(Path(paths[0]) if paths else Path.cwd())
    linter = Linter(settings, project)
    for path in files:
        result.files.append(linter.lint_path(path))
    return result
