"""Lint every .py file of the running Python's standard library, its test suite included.

With every rule selected: no internal error, no exception, every position inside its file,
and NN001 exactly for the files that ``ast.parse`` rejects. Marked slow; .ci/run runs it.
The files are spread over a small process pool: about 200 s of CPU with the rules of 0.1.0,
so under two minutes on two idle cores (measured: 1,790 files, 9 rejected by ast.parse).
Set NNLINT_STDLIB_LIMIT=N to lint only every k-th file (N files) while developing.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import sysconfig
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from nnlint.config import Selection, Settings
from nnlint.engine import LintOptions, Linter

STDLIB = Path(sysconfig.get_paths()["stdlib"])
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_linter: Linter | None = None


def stdlib_files() -> list[Path]:
    files = sorted(
        path for path in STDLIB.rglob("*.py")
        if "site-packages" not in path.parts and "dist-packages" not in path.parts and path.is_file()
    )
    limit = int(os.environ.get("NNLINT_STDLIB_LIMIT", "0"))
    if limit and len(files) > limit:
        files = files[:: max(1, len(files) // limit)]
    return files


def parses(data: bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_file(path: Path) -> tuple[list[str], bool]:
    """Problems with one file (empty when nnlint behaved), and whether ast.parse accepts it."""
    global _linter
    if _linter is None:
        _linter = Linter(Settings(selections=(Selection(select=("ALL",)),), preview=True))
    data = path.read_bytes()
    try:
        result = _linter.lint_path(path, options=LintOptions(explicit=True))
    except BaseException as error:  # noqa: BLE001 - the point is that nothing escapes
        return [f"{path}: {type(error).__name__}: {error}"], parses(data)
    problems = [f"internal error: {e}" for e in result.errors]
    nn001 = [d for d in result.diagnostics if d.code == "NN001"]
    accepted = parses(data)
    if bool(nn001) == accepted:
        problems.append(f"{path}: NN001 {'reported' if nn001 else 'missing'}; ast.parse {'accepts' if accepted else 'rejects'} it")
    try:
        lines = _LINE_BREAK.split(data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"))
    except UnicodeDecodeError:
        lines = None
    for d in result.diagnostics:
        if lines is not None and not (1 <= d.line <= len(lines) and 1 <= d.col <= len(lines[d.line - 1]) + 1):
            problems.append(f"{path}:{d.line}:{d.col}: {d.code} outside the file")
    return problems, accepted


@pytest.mark.slow
def test_lint_the_standard_library() -> None:
    files = stdlib_files()
    assert len(files) > 500 or os.environ.get("NNLINT_STDLIB_LIMIT"), f"only {len(files)} files under {STDLIB}"
    start = time.monotonic()
    jobs = min(4, os.cpu_count() or 1)
    problems: list[str] = []
    unparsable = 0
    if jobs > 1:
        import multiprocessing

        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            outcomes = list(pool.map(check_file, files, chunksize=8))
    else:
        outcomes = [check_file(path) for path in files]
    for found, accepted in outcomes:
        problems += found
        unparsable += not accepted
    print(
        f"\nstdlib: {len(files)} files, {unparsable} rejected by ast.parse, "
        f"{time.monotonic() - start:.0f} s wall on {jobs} processes (Python {sys.version.split()[0]})"
    )
    assert not problems, "\n".join(problems[:50])
    if not os.environ.get("NNLINT_STDLIB_LIMIT"):
        assert unparsable > 0  # the test suite's bad-syntax files are there
