"""A small .gitignore matcher, so respect-gitignore works without git installed.

Supports the syntax people write: blank lines and ``#`` comments, ``!`` negation, a
trailing ``/`` for folders only, a leading or inner ``/`` anchoring the pattern to the
.gitignore's folder, ``*``, ``?``, ``[...]`` and ``**``. Each folder's .gitignore applies
below it; later and deeper patterns win. ``.git/info/exclude`` is read too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nnlint.selectors import glob_to_regex


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool
    anchored: bool


def _parse(text: str) -> list[_Pattern]:
    patterns = []
    for raw in text.splitlines():
        line = raw.rstrip("\n\r")
        if not line.strip() or line.startswith("#"):
            continue
        line = line.rstrip(" ") if not line.endswith("\\ ") else line
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        patterns.append(_Pattern(glob_to_regex(line), negate, dir_only, anchored))
    return patterns


@lru_cache(maxsize=4096)
def _patterns_in(folder: Path) -> tuple[_Pattern, ...]:
    found: list[_Pattern] = []
    for name in (".gitignore",):
        file = folder / name
        if file.is_file():
            try:
                found.extend(_parse(file.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                pass
    exclude = folder / ".git" / "info" / "exclude"
    if exclude.is_file():
        try:
            found = _parse(exclude.read_text(encoding="utf-8", errors="replace")) + found
        except OSError:
            pass
    return tuple(found)


class GitIgnore:
    """Answers whether a path is ignored by the .gitignore files of its repository."""

    def ignored(self, path: Path, is_dir: bool | None = None) -> bool:
        try:
            path = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop
            path = Path(os.path.abspath(path))
        if is_dir is None:
            is_dir = path.is_dir()
        root = _repo_root(path.parent if not is_dir else path)
        if root is None:
            return False
        # A path is ignored if it, or any folder on its way inside the repository, is.
        relative = path.relative_to(root)
        parts = relative.parts
        for depth in range(1, len(parts) + 1):
            sub = root.joinpath(*parts[:depth])
            sub_is_dir = True if depth < len(parts) else is_dir
            if self._match(root, sub, sub_is_dir):
                return True
        return False

    def ignored_entry(self, path: Path, is_dir: bool) -> bool:
        """Whether the patterns that apply in its folder ignore ``path`` itself.

        For walks, where the folders above were tested on the way down; a folder named on
        the command line is linted even if .gitignore ignores it.
        """
        path = Path(os.path.abspath(path))
        root = _repo_root(path.parent)
        if root is None:
            return False
        return self._match(root, path, is_dir)

    def _match(self, root: Path, path: Path, is_dir: bool) -> bool:
        verdict = False
        folders = [root, *[root.joinpath(*path.relative_to(root).parts[:n]) for n in range(1, len(path.relative_to(root).parts))]]
        for folder in folders:
            rel = path.relative_to(folder).as_posix()
            name = path.name
            for pattern in _patterns_in(folder):
                if pattern.dir_only and not is_dir:
                    continue
                target = rel if pattern.anchored else name
                if pattern.regex.match(target):
                    verdict = not pattern.negate
        return verdict


@lru_cache(maxsize=1024)
def _repo_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
