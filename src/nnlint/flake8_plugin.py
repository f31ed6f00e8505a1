"""nnlint as a flake8 tree plugin: entry point ``NN`` in the ``flake8.extension`` group.

flake8 owns selection (``--select``, ``--extend-select``, ``--ignore``, per-file-ignores) and
line-level ``# noqa``, so the plugin runs every rule and yields every finding; rules that are
off by default or in preview are put on flake8's default ignore list, so they stay off until
the user selects them. Rule *options* still come from ``[tool.nnlint]`` in the nearest
pyproject.toml, since flake8 never reads pyproject.toml. ``# nnlint: noqa`` on a line of its
own is honoured here because flake8 only knows ``# flake8: noqa``.

flake8 adds 1 to the column a plugin yields, so the plugin yields 0-based columns and
``flake8`` prints the same ``path:line:col`` as ``nnlint check``. A file that does not parse
never reaches the plugin (flake8 reports E999 itself), so NN001 does not appear here.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from nnlint import __version__, noqa
from nnlint.config import ConfigError, Selection, Settings, find_config, load_settings
from nnlint.engine import PARSE_ERROR_CODE, LintOptions, Linter
from nnlint.project import project_info
from nnlint.registry import load_index

_STDIN_NAMES = frozenset({"stdin", "-", "<stdin>"})


def off_by_default_codes() -> list[str]:
    """Codes flake8 must not report unless selected: opt-in, preview and deprecated rules."""
    return [rule.code for rule in load_index().rules if not rule.default or rule.status != "stable"]


@lru_cache(maxsize=32)
def _settings(config_path: Path | None) -> Settings:
    """[tool.nnlint] for rule options only; selection is reset to every rule."""
    base = Settings()
    if config_path is not None:
        try:
            base = load_settings(config_path)
        except ConfigError as error:
            print(f"nnlint: error: {error} (using default rule options)", file=sys.stderr)
    return replace(
        base,
        selections=(Selection(select=("ALL",)),),
        per_file_ignores=(),
        preview=True,
    )


@lru_cache(maxsize=32)
def _linter(config_path: Path | None, folder: Path) -> Linter:
    return Linter(_settings(config_path), project_info(folder))


class Plugin:
    """The flake8 checker. flake8 passes ``tree`` (unused: nnlint parses the text itself, the
    same way ``nnlint check`` does), ``filename`` and ``lines``; keep all three names."""

    name = "nnlint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: list[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.extend_default_ignore(off_by_default_codes())

    @classmethod
    def parse_options(cls, options: Any) -> None:
        """Nothing to read: every nnlint option lives in [tool.nnlint]."""

    def run(self) -> Iterator[tuple[int, int, str, type[Plugin]]]:
        source = "".join(self.lines)
        suppressions = noqa.parse(source)
        if suppressions.file_blanket:
            return
        on_stdin = self.filename in _STDIN_NAMES
        path = Path.cwd() if on_stdin else Path(self.filename)
        folder = path if path.is_dir() else path.parent
        try:
            config_path = find_config(folder)
        except ConfigError as error:
            print(f"nnlint: error: {error} (using default rule options)", file=sys.stderr)
            config_path = None
        linter = _linter(config_path, folder.resolve())
        result = linter.lint_source(
            source, self.filename, None if on_stdin else path, LintOptions(apply_noqa=False)
        )
        for message in result.errors:
            print(f"nnlint: {message}", file=sys.stderr)
        file_level = noqa.Suppressions(file_selectors=suppressions.file_selectors)
        for diagnostic in result.diagnostics:
            if diagnostic.code == PARSE_ERROR_CODE or file_level.suppresses(diagnostic):
                continue
            yield (
                diagnostic.line,
                max(diagnostic.col - 1, 0),
                f"{diagnostic.code} {diagnostic.message}",
                type(self),
            )
