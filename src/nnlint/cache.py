"""Per-file results on disk, so a run where nothing changed costs a hash and a read per file.

An entry is keyed by everything its findings depend on: the file's bytes, its path as shown,
the effective settings for that file (the rules left after per-file-ignores with their option
values, preview, whether the file was named explicitly), the project facts the engine reads,
the parser's Python version, nnlint's version and a fingerprint of the installed nnlint
source (so editing a rule in a development install invalidates the cache without a version
bump). It stores the full list of findings, not only "clean", because the analysis is the
expensive part, and the size and mtime of every other project module the analysis read
(nnlint.analysis.imports): when one of those changes, the entry is stale. Files whose run
had internal errors are not stored, so the error shows again.

Layout: ``<cache-dir>/<version>/<2 hex>/<key>.json``, with ``CACHEDIR.TAG`` and a
``.gitignore`` of ``*`` at the top. Every write is a temporary file in the same folder then
``os.replace``, so concurrent runs (and the workers of one run) never see half an entry.
An entry that cannot be read or decoded, or whose stored key differs, is a miss, and the
fresh result replaces it. Any OSError while writing turns into "not cached", never a failure.

Standard input and the editor server never go through the cache: only ``nnlint.runner.run``
uses it, for files on disk. ``--fix`` starts from the cached findings, which carry their fixes.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from nnlint import __version__
from nnlint.atomic import replace_bytes
from nnlint.diagnostic import Applicability, Diagnostic, Edit, Fix
from nnlint.files import stamp

try:  # the builtin module: ``import hashlib`` also loads OpenSSL, a cost every run would pay
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

CACHE_DIR_NAME = ".nnlint_cache"
ENV_NO_CACHE = "NNLINT_NO_CACHE"
ENV_CACHE_DIR = "NNLINT_CACHE_DIR"
FORMAT = 1
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by nnlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


class CacheError(Exception):
    """A cache folder nnlint refuses to touch (``nnlint clean`` on a folder it did not make)."""


def env_disabled(environ: dict[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get(ENV_NO_CACHE, "")
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def resolve_dir(cli_value: str | None, config_value: Path | None, root: Path) -> Path:
    """--cache-dir, else NNLINT_CACHE_DIR, else the ``cache-dir`` key, else ``<root>/.nnlint_cache``."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env)
    if config_value is not None:
        return config_value if config_value.is_absolute() else root / config_value
    return root / CACHE_DIR_NAME


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """Name, size and mtime of every file of the installed nnlint package, hashed."""
    package = Path(__file__).resolve().parent
    digest = blake2b(digest_size=16)
    for folder, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), package)
                digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def settings_fingerprint(parts: Any) -> str:
    """A digest of the effective settings of one file (plus version, source, Python)."""
    payload = json.dumps(
        [FORMAT, __version__, source_fingerprint(), sys.version_info[:2], parts],
        sort_keys=True,
        default=repr,
    )
    return blake2b(payload.encode(), digest_size=16).hexdigest()


def entry_key(content: bytes, display: str, settings: str) -> str:
    digest = blake2b(content, digest_size=20)
    digest.update(b"\0" + display.encode("utf-8", "surrogatepass") + b"\0" + settings.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Cache:
    """One cache folder. Plain data, so it can be handed to worker processes."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / __version__

    def entry_path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def prepare(self) -> None:
        """Create the folder with its CACHEDIR.TAG and .gitignore; OSError means no cache."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "*\n")):
            if not (self.root / name).is_file():
                _write_atomic(self.root / name, text.encode())

    def get(self, key: str) -> list[Diagnostic] | None:
        try:
            data = json.loads(self.entry_path(key).read_bytes())
            if data["key"] != key:
                return None
            if any(_stamp_list(path) != [size, mtime] for path, size, mtime in data.get("dependencies", ())):
                return None  # a project module the analysis read has changed since
            return [_diagnostic(item) for item in data["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic], dependencies: Sequence[str] = ()) -> bool:
        """Store findings; ``dependencies`` are the other modules they were computed from."""
        payload = {
            "key": key,
            "diagnostics": [asdict(d) for d in diagnostics],
            "dependencies": [[path, *_stamp_list(path)] for path in dependencies],
        }
        try:
            text = json.dumps(payload, separators=(",", ":"))
        except (TypeError, ValueError):
            return False
        path = self.entry_path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, text.encode())
        except OSError:
            return False
        return True

    def clean(self) -> bool:
        """Remove the whole cache folder; False when there was none."""
        if not self.root.exists():
            return False
        if not (self.root / "CACHEDIR.TAG").is_file() and any(self.root.iterdir()):
            raise CacheError(f"{self.root}: not an nnlint cache (no CACHEDIR.TAG); not removing it")
        import shutil

        shutil.rmtree(self.root)
        return True


_TEMP_NAMES = itertools.count()


def _stamp_list(path: str) -> list[int]:
    """The file's stamp as stored in JSON, [-1, -1] when it is gone."""
    return list(stamp(path) or (-1, -1))


def _write_atomic(path: Path, data: bytes) -> None:
    # mkstemp makes 0600; a shared cache must stay readable by the other runs.
    replace_bytes(path, data, 0o644)


def _diagnostic(item: dict[str, Any]) -> Diagnostic:
    fix = item.get("fix")
    if fix is not None:
        item = {
            **item,
            "fix": Fix(
                title=fix["title"],
                edits=tuple(Edit(**edit) for edit in fix["edits"]),
                applicability=Applicability(fix["applicability"]),
            ),
        }
    return Diagnostic(**item)
