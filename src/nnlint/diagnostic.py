"""Plain data passed between the engine, the rules, the fixer and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Applicability(str, Enum):
    """Whether a fix may be applied without review (ruff's safe / unsafe split)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace the text between two positions (1-based lines, 1-based character columns).

    The end position is exclusive, like SARIF's endColumn and LSP ranges.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    content: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True)
class Diagnostic:
    """One finding. Lines and columns are 1-based, columns count characters (as flake8 does).

    ``end_col`` is exclusive. For notebooks ``cell`` is the cell number the notebook shows and
    the lines are cell-relative once the engine has mapped them.
    """

    code: str
    name: str
    message: str
    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    severity: str = "error"
    fix: Fix | None = None
    cell: int | None = None

    def sort_key(self) -> tuple[str, int, int, int, int, str]:
        return (self.path, self.cell or 0, self.line, self.col, 0, self.code)


@dataclass
class FileResult:
    """What linting one file produced: findings, plus internal errors for stderr."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fixed: int = 0
    # Other project modules the analysis read (nnlint.analysis.imports): the cached result
    # is stale when one of them changes.
    dependencies: list[str] = field(default_factory=list)
