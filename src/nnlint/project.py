"""Facts about the project a file belongs to: the torch version it supports.

NN602 needs the lower bound of the project's torch requirement: torch.load only became safe
by default in 2.6. It is read from the nearest pyproject.toml's dependencies or a
requirements*.txt beside it; when none is found the project is assumed to support old torch.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from nnlint.analysis.program import ProjectInfo

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_TORCH_REQ = re.compile(r"^\s*torch\s*(\[[^\]]*\])?\s*(?P<spec>[^;#]*)", re.IGNORECASE)
_LOWER = re.compile(r"(>=|==|~=|>)\s*(?P<version>[0-9]+(?:\.[0-9]+)*)")


def torch_lower_bound(requirements: list[str]) -> tuple[int, ...] | None:
    for requirement in requirements:
        match = _TORCH_REQ.match(requirement)
        if not match:
            continue
        rest = requirement[match.start("spec"):]
        if rest[:1].isalnum() or rest[:1] in "-_.":
            continue  # torchvision, torch-geometric, ...
        lower = _LOWER.search(match.group("spec"))
        if lower:
            return tuple(int(part) for part in lower.group("version").split("."))
    return None


@lru_cache(maxsize=4096)
def project_info(start: Path) -> ProjectInfo:
    try:
        start = start.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        start = Path(os.path.abspath(start))
    return _folder_info(str(start if start.is_dir() else start.parent))


@lru_cache(maxsize=4096)
def _folder_info(folder: str) -> ProjectInfo:
    """The facts of the nearest project root at or above ``folder``.

    Memoised per folder, so a run over a repository lists each folder once, however many
    files and subfolders it has (a corpus with no project root used to glob every parent
    folder up to / again for each of its folders).
    """
    try:
        names = set(os.listdir(folder))
    except OSError:
        names = set()
    requirements: list[str] = []
    pyproject = os.path.join(folder, "pyproject.toml")
    has_pyproject = "pyproject.toml" in names and os.path.isfile(pyproject)
    if has_pyproject:
        try:
            data = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            data = {}
        project = data.get("project", {}) if isinstance(data, dict) else {}
        deps = project.get("dependencies", []) if isinstance(project, dict) else []
        requirements += [d for d in deps if isinstance(d, str)]
    for name in sorted(n for n in names if n.startswith("requirements") and n.endswith(".txt")):
        try:
            requirements += Path(folder, name).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            pass
    if requirements or has_pyproject or ".git" in names:
        return ProjectInfo(torch_min_version=torch_lower_bound(requirements))
    parent = os.path.dirname(folder)
    return ProjectInfo() if parent == folder else _folder_info(parent)


def clear_cache() -> None:
    """Forget what was read: the next look-up reads the files again (a new run would)."""
    project_info.cache_clear()
    _folder_info.cache_clear()


def project_for(path: Path | None, fixed: ProjectInfo | None = None) -> ProjectInfo:
    """The facts for one file: ``fixed`` when the caller imposes one project (stdin, an
    editor's folder), else those of the file's own nearest project."""
    if fixed is not None:
        return fixed
    return project_info(path.parent) if path is not None else ProjectInfo()
