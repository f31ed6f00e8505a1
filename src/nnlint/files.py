"""Which files to lint, and their text.

Folders are walked for ``*.py``, ``*.pyi`` and ``*.ipynb`` files (notebook.py reads notebooks),
skipping the default excludes, the configured ``exclude``/``extend-exclude`` globs and, when
``respect-gitignore`` is on, what .gitignore files ignore. Paths named on the command line
are linted even when excluded, unless ``force_exclude`` is set (pre-commit passes names).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nnlint.config import Settings
from nnlint.selectors import compile_glob, relative_parts

if TYPE_CHECKING:
    from nnlint.gitignore import GitIgnore

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


def stamp(path: str | Path) -> tuple[int, int] | None:
    """A file's size and modification time (ns), None when it cannot be read: a file whose
    stamp is unchanged is taken as unchanged (the cache, the module loader)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


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
    """Decode as Python does: a UTF-8 BOM or a PEP 263 cookie, else UTF-8.

    Every failure is a ``SourceError`` with the position and a reason a user can act on.
    """
    if b"\x00" in data:
        line, col = _byte_position(data, data.index(b"\x00"))
        raise SourceError("source contains a NUL byte (is this a binary file?)", line, col)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if not any(b"coding" in line for line in data.splitlines()[:2]):
            encoding = "utf-8"  # bad bytes on the first lines, no cookie: say which and where
        else:
            reason = getattr(error, "msg", None) or str(error)
            raise SourceError(f"cannot decode: {reason}", _cookie_line(data)) from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise SourceError(f"cannot decode: unknown encoding {encoding!r}", _cookie_line(data)) from None
    except UnicodeDecodeError as error:
        line, col = _byte_position(data, error.start)
        byte = data[error.start : error.start + 1].hex()
        hint = "" if encoding != "utf-8" else "; save the file as UTF-8 or declare its encoding (# -*- coding: latin-1 -*-)"
        raise SourceError(f"cannot decode as {encoding}: {error.reason} 0x{byte}{hint}", line, col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset (undecodable bytes count as one)."""
    start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = data.count(b"\n", 0, start) + data.count(b"\r", 0, start) - data.count(b"\r\n", 0, start) + 1
    col = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, col


def _cookie_line(data: bytes) -> int:
    """The line of a broken coding cookie (PEP 263: one of the first two lines)."""
    for number, line in enumerate(data.splitlines()[:2], start=1):
        if b"coding" in line:
            return number
    return 1


def read_source(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read file: {_os_reason(path, error)}") from None
    return decode_source(data)


def _os_reason(path: Path, error: OSError) -> str:
    """Why a file cannot be read, in the words a user would search for."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if path.is_symlink() and error.errno == errno.ENOENT:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"broken symbolic link (points to {target!r}, which does not exist)"
    if error.errno == errno.EISDIR:
        return "is a directory"
    return error.strerror or str(error)


class Excluder:
    """Matches paths against ``exclude`` + ``extend-exclude`` (globs relative to the root).

    During a walk only the entry itself is tested (its folders were tested on the way down);
    a path named on the command line with ``force-exclude`` is tested with its folders too.
    """

    def __init__(self, settings: Settings) -> None:
        self.patterns = tuple(compile_glob(p) for p in (*settings.exclude, *settings.extend_exclude))
        self.root = settings.root

    def excluded(self, path: Path, entry_only: bool = True) -> bool:
        relative = relative_parts(path, self.root)
        return any(glob.matches(relative, entry_only) for glob in self.patterns)


def is_excluded(path: Path, settings: Settings) -> bool:
    """Whether ``path`` or a folder above it (inside the root) is excluded."""
    return Excluder(settings).excluded(path, entry_only=False)


def discover(
    paths: Sequence[str], settings: Settings, errors: list[DiscoveryError] | None = None
) -> list[Path]:
    """The files to lint, in sorted order, without duplicates.

    Paths named here are linted even when excluded or ignored by .gitignore, unless
    ``force_exclude`` is set; what lies below a named folder is filtered as usual.
    """
    from nnlint.gitignore import GitIgnore

    found: dict[str, Path] = {}
    ignore = GitIgnore() if settings.respect_gitignore else None
    excluder = Excluder(settings)
    for raw in paths or ["."]:
        path = Path(raw)
        is_link = path.is_symlink()
        if not path.exists() and not is_link:
            if errors is not None:
                errors.append(DiscoveryError(raw, "no such file or directory"))
            continue
        if settings.force_exclude and (
            excluder.excluded(path, entry_only=False)
            or (ignore is not None and ignore.ignored(path))
        ):
            continue
        if path.is_dir():
            for file in _walk(path, excluder, ignore):
                found.setdefault(str(file), file)
        else:
            # Files, and broken links or link loops: reading them gives NN001 with the reason.
            found.setdefault(str(path), path)
    return [found[key] for key in sorted(found)]


def _walk(top: Path, excluder: Excluder, ignore: GitIgnore | None) -> Iterator[Path]:
    for folder, dirnames, filenames in os.walk(top, followlinks=False):
        base = Path(folder)
        keep = []
        for name in sorted(dirnames):
            child = base / name
            if excluder.excluded(child):
                continue
            if ignore is not None and ignore.ignored_entry(child, is_dir=True):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            child = base / name
            if excluder.excluded(child):
                continue
            if ignore is not None and ignore.ignored_entry(child, is_dir=False):
                continue
            if _special(child):
                continue
            yield child


def _special(path: Path) -> bool:
    """A FIFO, socket or device named *.py: reading it could block, so walks skip it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # a broken link or a loop: reported as NN001 when read
    return not stat.S_ISREG(mode)
