"""Settings: what to lint and how, from ``[tool.nnlint]`` in pyproject.toml and the CLI.

The file is found as ruff finds its own: the nearest pyproject.toml with a ``[tool.nnlint]``
table, looking upward from the first path (or the current folder). Command-line options win
over the file. Every mistake in the file (unknown key, unknown code, wrong type, broken TOML)
is a ``ConfigError`` naming the file and the key, and the CLI exits 2 with that one line.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "build",
    "dist",
    "__pycache__",
    "node_modules",
    "site-packages",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".ruff_cache",
    ".nnlint_cache",
)


class ConfigError(Exception):
    """A mistake in configuration or options; the message is shown to the user as is."""


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection (the file, then the command line), applied in order."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    selections: tuple[Selection, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    preview: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)
    config_path: Path | None = None
    cache_dir: Path | None = None  # the ``cache-dir`` key, relative to ``root``

    def with_cli(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _list_of_str(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# key -> (checker, description of the expected type)
_KEYS: dict[str, tuple[Any, str]] = {
    "select": (_list_of_str, "a list of strings"),
    "extend-select": (_list_of_str, "a list of strings"),
    "ignore": (_list_of_str, "a list of strings"),
    "per-file-ignores": (
        lambda v: isinstance(v, dict) and all(_list_of_str(x) for x in v.values()),
        "a table of glob = list of strings",
    ),
    "exclude": (_list_of_str, "a list of strings"),
    "extend-exclude": (_list_of_str, "a list of strings"),
    "respect-gitignore": (lambda v: isinstance(v, bool), "true or false"),
    "force-exclude": (lambda v: isinstance(v, bool), "true or false"),
    "preview": (lambda v: isinstance(v, bool), "true or false"),
    "cache-dir": (lambda v: isinstance(v, str) and bool(v), "a folder path"),
}


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.nnlint] table, at or above ``start``."""
    start = _safe_resolve(start)
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            try:
                data = _read_toml(path)
            except ConfigError:
                raise
            if _nnlint_table(path, data) is not None:
                return path
    return None


def _safe_resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return Path(os.path.abspath(path))


def _nnlint_table(path: Path, data: dict[str, Any]) -> Any:
    """The [tool.nnlint] value, None when absent; a misspelt [tool.nnlnt] is an error."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        return None
    if "nnlint" in tool:
        return tool["nnlint"]
    close = difflib.get_close_matches("nnlint", [str(key) for key in tool], n=1, cutoff=0.8)
    if close:
        raise ConfigError(f"{path}: unknown table [tool.{close[0]}] (did you mean [tool.nnlint]?)")
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _nearest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate_selectors(selectors: Sequence[str], where: str, key: str) -> None:
    """Every selector must name a code, a code prefix, a rule name or ALL."""
    from nnlint.selectors import is_valid_selector, known_selectors

    for selector in selectors:
        if not is_valid_selector(selector):
            raise ConfigError(
                f"{where + ' ' if where else ''}{key}: unknown rule or prefix '{selector}'"
                f"{_nearest(selector, known_selectors())}"
            )


def load_settings(config_path: Path) -> Settings:
    """Read and validate the [tool.nnlint] table of ``config_path``."""
    from nnlint.registry import load_registry

    data = _nnlint_table(config_path, _read_toml(config_path))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{config_path}: [tool.nnlint] must be a table")
    # Rule options are declared by the rule classes: import them only when the table sets
    # something other than the keys above (most configurations set none).
    options_spec = (
        {key: owners[0].options[key] for key, owners in load_registry().option_owners().items()}
        if any(key not in _KEYS for key in data)
        else {}
    )
    valid_keys = sorted([*_KEYS, *options_spec])
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key in _KEYS:
            check, expected = _KEYS[key]
            if not check(value):
                raise ConfigError(
                    f"{config_path}: [tool.nnlint] {key}: expected {expected}, "
                    f"got {type(value).__name__} {value!r}"
                )
        elif key in options_spec:
            options[key] = _check_option(config_path, key, value, options_spec[key])
        else:
            raise ConfigError(
                f"{config_path}: [tool.nnlint] unknown key '{key}'{_nearest(key, valid_keys)}"
            )
    where = f"{config_path}: [tool.nnlint]"
    for key in ("select", "extend-select", "ignore"):
        validate_selectors(data.get(key, []), where, key)
    for glob, selectors in data.get("per-file-ignores", {}).items():
        validate_selectors(selectors, where, f"per-file-ignores '{glob}'")
    selection = Selection(
        select=tuple(data["select"]) if "select" in data else None,
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
    )
    return Settings(
        selections=(selection,),
        per_file_ignores=tuple(
            (glob, tuple(sel)) for glob, sel in data.get("per-file-ignores", {}).items()
        ),
        exclude=tuple(data.get("exclude", DEFAULT_EXCLUDES)),
        extend_exclude=tuple(data.get("extend-exclude", ())),
        respect_gitignore=data.get("respect-gitignore", True),
        force_exclude=data.get("force-exclude", False),
        preview=data.get("preview", False),
        options=options,
        root=config_path.parent.resolve(),
        config_path=config_path,
        cache_dir=Path(data["cache-dir"]) if "cache-dir" in data else None,
    )


def _check_option(path: Path, key: str, value: Any, spec: Any) -> Any:
    expected = spec.type
    ok: bool
    if expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected is list:
        ok = _list_of_str(value)
    elif expected is str:
        ok = isinstance(value, str)
    elif expected is bool:
        ok = isinstance(value, bool)
    else:
        ok = isinstance(value, expected)
    if not ok:
        raise ConfigError(
            f"{path}: [tool.nnlint] {key}: expected {getattr(expected, '__name__', expected)}, "
            f"got {type(value).__name__} {value!r}"
        )
    if spec.choices:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item not in spec.choices:
                raise ConfigError(
                    f"{path}: [tool.nnlint] {key}: unknown value '{item}'"
                    f"{_nearest(item, spec.choices)}; valid: {', '.join(spec.choices)}"
                )
    return value


def discover_settings(
    paths: Sequence[str], config: str | None = None, isolated: bool = False
) -> Settings:
    """The settings for a run: --config, else the nearest [tool.nnlint], else defaults."""
    if isolated:
        return Settings()
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"{config}: configuration file not found")
        return load_settings(path)
    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    while not start.exists() and start != start.parent:
        start = start.parent  # a missing path or a --stdin-filename: its nearest folder
    if not start.exists():
        start = Path.cwd()
    found = find_config(start)
    return load_settings(found) if found else Settings()
