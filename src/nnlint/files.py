"""Which files to lint, and their text.

Folders are walked for ``*.py``, ``*.pyi`` and ``*.ipynb`` files (notebook.py reads notebooks),
skipping the default excludes, the configured ``exclude``/``extend-exclude`` globs and, when
``respect-gitignore`` is on, what .gitignore files ignore. Paths named on the command line
are linted even when excluded, unless ``force_exclude`` is set (pre-commit passes names).
"""

from __future__ import annotations

import io
import os
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from nnlint.config import Settings
from nnlint.selectors import path_matches

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


class SourceError(Exception):
    """A file that cannot be read or decoded; becomes NN001 with this message."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


@dataclass(frozen=True)
class DiscoveryError:
    path: str
    message: str


def decode_source(data: bytes) -> str:
    """Decode as Python does: a BOM or a PEP 263 cookie, else UTF-8."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("source contains a NUL byte (binary file?)", line)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(f"cannot decode: {error.msg if hasattr(error, 'msg') else error}") from None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        line = 1
        if isinstance(error, UnicodeDecodeError):
            line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"cannot decode as {encoding}: {error}", line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_source(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read file: {error.strerror or error}") from None
    return decode_source(data)


def is_excluded(path: Path, settings: Settings) -> bool:
    patterns = (*settings.exclude, *settings.extend_exclude)
    return any(path_matches(pattern, path, settings.root) for pattern in patterns)


def discover(
    paths: Sequence[str], settings: Settings, errors: list[DiscoveryError] | None = None
) -> list[Path]:
    """The files to lint, in sorted order, without duplicates."""
    from nnlint.gitignore import GitIgnore

    found: dict[str, Path] = {}
    ignore = GitIgnore() if settings.respect_gitignore else None
    for raw in paths or ["."]:
        path = Path(raw)
        if not path.exists():
            if errors is not None:
                errors.append(DiscoveryError(raw, "no such file or directory"))
            continue
        if path.is_dir():
            for file in _walk(path, settings, ignore):
                found.setdefault(str(file), file)
        else:
            if settings.force_exclude and (
                is_excluded(path, settings) or (ignore is not None and ignore.ignored(path))
            ):
                continue
            found.setdefault(str(path), path)
    return [found[key] for key in sorted(found)]


def _walk(top: Path, settings: Settings, ignore: object | None) -> Iterator[Path]:
    explicit_root = top
    if settings.force_exclude and is_excluded(top, settings) and top.resolve() != Path.cwd().resolve():
        return
    for folder, dirnames, filenames in os.walk(top, followlinks=False):
        base = Path(folder)
        keep = []
        for name in sorted(dirnames):
            child = base / name
            if is_excluded(child, settings):
                continue
            if ignore is not None and ignore.ignored(child, is_dir=True):  # type: ignore[attr-defined]
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            child = base / name
            if child != explicit_root and is_excluded(child, settings):
                continue
            if ignore is not None and ignore.ignored(child):  # type: ignore[attr-defined]
                continue
            yield child
