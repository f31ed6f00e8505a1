"""Lint many files: discovery, the cache, a process pool, results in a stable order.

Each file is linted on its own (read, pre-filter, parse, analyse, check, drop the tree) so
memory stays flat whatever the size of the repository. With ``jobs > 1`` and enough files,
the files are spread over a process pool; results come back in the order of the sorted file
list and are sorted again by the reporters, so the output does not depend on ``jobs``.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from nnlint.analysis.program import ProjectInfo
from nnlint.cache import Cache, entry_key, settings_fingerprint
from nnlint.config import Settings
from nnlint.diagnostic import Diagnostic, FileResult
from nnlint.engine import LintOptions, Linter
from nnlint.files import DiscoveryError, discover, stamp
from nnlint.lint_order import dependency_order
from nnlint.project import project_for, project_info

# Below this many files a pool costs more than it saves (forking, pickling results).
MIN_FILES_FOR_POOL = 16
PROGRESS_MIN_FILES = 300


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    discovery_errors: list[DiscoveryError] = field(default_factory=list)
    cache_hits: int = 0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = [d for result in self.files for d in result.diagnostics]
        return sorted(found, key=Diagnostic.sort_key)

    @property
    def internal_errors(self) -> list[str]:
        return [error for result in self.files for error in result.errors]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run(
    paths: Sequence[str],
    settings: Settings,
    project: ProjectInfo | None = None,
    jobs: int | None = None,
    cache: Cache | None = None,
    progress: bool = False,
) -> RunResult:
    """Lint ``paths`` (files and folders). ``jobs=None`` uses every CPU; ``cache=None`` none.

    The cache is read here, in this process, so a run where nothing changed never starts
    the pool; only the misses are linted (in the pool when there are enough of them).
    """
    result = RunResult()
    files = discover(paths, settings, result.discovery_errors)
    explicit = {str(Path(raw)) for raw in paths if raw != "-" and Path(raw).is_file()}
    if cache is not None:
        try:
            cache.prepare()
        except OSError:
            cache = None
    jobs = default_jobs() if jobs is None else max(1, jobs)
    worker = FileWorker(settings, project, cache)
    outcomes: list[FileResult | None] = []
    pending: list[Task] = []
    with _progress_bar(len(files), progress) as advance:
        for path in files:
            cached, task = worker.lookup(path, str(path) in explicit)
            outcomes.append(cached)
            if cached is None:
                pending.append(task)
            else:
                result.cache_hits += 1
                advance(1)
        if pending:
            worker.linter  # noqa: B018 - import the rules before the pool forks and before gc.freeze()
        # Imported modules first, so the loader learns them from their own linting.
        order = dependency_order([task.path for task in pending]) if len(pending) > 1 else list(range(len(pending)))
        ordered = [pending[index] for index in order]
        with _gc_tuned(len(pending)) as after_file:
            if jobs > 1 and len(pending) >= MIN_FILES_FOR_POOL:
                linted_in_order = _run_pool(ordered, settings, project, cache, jobs, advance)
            else:
                linted_in_order = []
                for task in ordered:
                    linted_in_order.append(worker.lint(task))
                    after_file()
                    advance(1)
    by_index = dict(zip(order, linted_in_order))
    fresh = (by_index[index] for index in range(len(pending)))
    result.files = [outcome if outcome is not None else next(fresh) for outcome in outcomes]
    return result


@dataclass(frozen=True)
class Task:
    """One file to lint, and the cache entry its result goes to."""

    path: Path
    explicit: bool
    key: str | None = None
    stamp: tuple[int, int] | None = None  # size and mtime when the content was hashed


class FileWorker:
    """Lints one file at a time, through the cache when there is one.

    The Linter (which imports every rule module and the analysis they use) is built on the
    first cache miss: a run where every file is cached never imports a rule.
    """

    def __init__(self, settings: Settings, project: ProjectInfo | None, cache: Cache | None) -> None:
        self.settings = settings
        self.project = project
        self.cache = cache
        self._linter: Linter | None = None
        self._fingerprints: dict[tuple[Any, ...], str] = {}

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            self._linter = Linter(self.settings, self.project)
        return self._linter

    def lookup(self, path: Path, explicit: bool) -> tuple[FileResult | None, Task]:
        """The cached result if there is one, else the task that lints (and stores) it."""
        if self.cache is None:
            return None, Task(path, explicit)
        before = stamp(path)
        try:
            content = path.read_bytes()
        except OSError:
            return None, Task(path, explicit)
        if before is None:
            return None, Task(path, explicit)
        display = str(path)
        key = entry_key(content, display, self._fingerprint(path, explicit))
        cached = self.cache.get(key)
        if cached is not None:
            return FileResult(display, cached), Task(path, explicit)
        return None, Task(path, explicit, key, before)

    def lint(self, task: Task) -> FileResult:
        file_result = self.linter.lint_path(task.path, options=LintOptions(explicit=task.explicit))
        if (
            self.cache is not None
            and task.key is not None
            and not file_result.errors
            and stamp(task.path) == task.stamp
        ):
            self.cache.put(task.key, file_result.diagnostics, file_result.dependencies)
        return file_result

    def _fingerprint(self, path: Path, explicit: bool) -> str:
        settings = self.settings
        project = project_for(path, self.project)
        if not settings.per_file_ignores:
            # Every file gets the same rules, decided by the settings and nnlint's source
            # (both in the key), so the key needs no rule imported: cache hits stay cheap.
            if (explicit, project) not in self._fingerprints:
                self._fingerprints[(explicit, project)] = settings_fingerprint(
                    {
                        "explicit": explicit,
                        "settings": _rule_settings(settings),
                        "project": repr(project),
                    }
                )
            return self._fingerprints[(explicit, project)]
        rules = self.linter.codes_for(path)
        codes = (explicit, project, *rules)
        if codes not in self._fingerprints:
            self._fingerprints[codes] = settings_fingerprint(
                {
                    "explicit": explicit,
                    "rules": [[code, self.linter.options_of(code)] for code in rules],
                    "preview": settings.preview,
                    "project": repr(project),
                }
            )
        return self._fingerprints[codes]


# Settings that decide which files are linted, never what a file's findings are (``root``
# only places per-file-ignores, which take the other branch).
_NOT_PER_FILE = frozenset(
    {"exclude", "extend_exclude", "respect_gitignore", "force_exclude", "cache_dir", "config_path", "root"}
)


def _rule_settings(settings: Settings) -> dict[str, Any]:
    """Every setting that may change a file's findings (a new field is included by default)."""
    return {
        item.name: getattr(settings, item.name)
        for item in fields(settings)
        if item.name not in _NOT_PER_FILE
    }


# The one FileWorker of a pool process, set by _init_worker (per process, never shared).
_worker: FileWorker | None = None


def _init_worker(settings: Settings, project: ProjectInfo | None, cache: Cache | None) -> None:
    global _worker
    _worker = FileWorker(settings, project, cache)
    _worker.linter  # noqa: B018 - before gc.freeze(), so the rules are frozen with the rest
    gc.disable()
    gc.freeze()


def _lint_in_worker(task: Task) -> FileResult:
    assert _worker is not None
    result = _worker.lint(task)
    _collect_between_files()
    return result


def _run_pool(
    tasks: list[Task],
    settings: Settings,
    project: ProjectInfo | None,
    cache: Cache | None,
    jobs: int,
    advance: Any,
) -> list[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork starts workers in milliseconds with the rules already imported; elsewhere spawn.
    method = "fork" if sys.platform == "linux" else None
    context = multiprocessing.get_context(method)
    chunksize = max(1, min(32, len(tasks) // (jobs * 8)))
    outcomes: list[FileResult] = []
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(settings, project, cache),
        ) as pool:
            for outcome in pool.map(_lint_in_worker, tasks, chunksize=chunksize):
                outcomes.append(outcome)
                advance(1)
    except BrokenProcessPool:
        # A worker died (killed, out of memory): finish the remaining files in this process.
        worker = FileWorker(settings, project, cache)
        for task in tasks[len(outcomes):]:
            outcomes.append(worker.lint(task))
            _collect_between_files()  # the run's collector is off (_gc_tuned)
            advance(1)
    return outcomes


@contextmanager
def _gc_tuned(files: int) -> Iterator[Callable[[], None]]:
    """The cyclic collector during a run: off, and run by hand between files.

    Collections are triggered by allocations, and a parse allocates tens of thousands of
    nodes that live until the file is done: every automatic collection during a file scans
    them, and again once they are promoted. Between files, a young collection frees the
    cycles the file's analysis left and sees only what survives it (the loader's modules
    and remembered answers), which is then frozen, never scanned again. The context yields
    what to call after each file. Small runs keep Python's defaults."""
    if files < MIN_FILES_FOR_POOL:
        yield lambda: None
        return
    enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield _collect_between_files
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _collect_between_files() -> None:
    gc.collect(0)
    gc.freeze()


@contextmanager
def _progress_bar(total: int, wanted: bool) -> Iterator[Any]:
    """A bar on stderr for long runs on a terminal, never in CI or when piped."""
    if not wanted or total < PROGRESS_MIN_FILES or not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda count: None
        return
    import click

    with click.progressbar(length=total, label="Linting", file=sys.stderr) as bar:
        yield bar.update


def run_stdin(data: bytes, filename: str | None, settings: Settings) -> RunResult:
    """Lint bytes read from standard input (``nnlint check - --stdin-filename src/train.py``).

    ``filename`` names the text in the output and decides per-file-ignores, and, with
    ``force_exclude``, whether the text is excluded (editors and pre-commit pipe files).
    """
    from nnlint.files import SourceError, decode_source, is_excluded

    result = RunResult()
    display = filename or "-"
    path = Path(filename) if filename else None
    if path is not None and settings.force_exclude:
        from nnlint.gitignore import GitIgnore

        if is_excluded(path, settings) or (settings.respect_gitignore and GitIgnore().ignored(path, is_dir=False)):
            return result
    linter = Linter(settings, project_info(path.parent if path is not None else Path.cwd()))
    try:
        source = decode_source(data)
    except SourceError as error:
        result.files.append(linter._unparsable(display, path or Path(display), str(error), error.line, error.col))
        return result
    if path is not None and path.suffix == ".ipynb":
        result.files.append(linter.lint_notebook(path, display, LintOptions(explicit=True), raw=source))
        return result
    result.files.append(linter.lint_source(source, display, path, LintOptions(explicit=True)))
    return result
