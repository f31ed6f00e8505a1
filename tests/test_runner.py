"""The runner: the same output whatever --jobs is, the pool's fallbacks, progress, GC."""

from __future__ import annotations

import gc
import weakref
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnlint import runner
from nnlint.config import Settings
from nnlint.engine import Linter, LintOptions
from nnlint.runner import default_jobs, run

REPO = Path(__file__).resolve().parent.parent
BROKEN = "def broken(:\n    loss.backward()\n"  # a rule's word: walked files are pre-filtered


def make_project(folder: Path, count: int = 40) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        sub = folder / f"pkg{n % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"m{n:03}.py").write_text(BROKEN if n % 3 == 0 else f"x = {n}\n")
    return folder


def lines(result: runner.RunResult) -> list[tuple[str, int, int, str, str]]:
    return [(d.path, d.line, d.col, d.code, d.message) for d in result.diagnostics]


def test_default_jobs_is_the_cpu_count() -> None:
    assert default_jobs() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert default_jobs() == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_pool_gives_the_same_results_in_the_same_order(tmp_path: Path, jobs: int) -> None:
    project = make_project(tmp_path / "p")
    settings = Settings(root=project)
    serial = run([str(project)], settings, jobs=1)
    parallel = run([str(project)], settings, jobs=jobs)
    assert len(serial.files) == 40
    assert [f.path for f in parallel.files] == [f.path for f in serial.files]
    assert lines(parallel) == lines(serial) and len(lines(serial)) == 14


def test_cli_output_is_identical_for_any_jobs(tmp_path: Path) -> None:
    """The rules/ examples hold findings of every rule: print them with 1, 2 and 3 jobs."""
    import shutil

    shutil.copytree(REPO / "rules", tmp_path / "rules")  # a snapshot: nobody edits it meanwhile
    outputs = []
    for jobs in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "nnlint", "check", "--no-cache", "--isolated", "--jobs", jobs, "rules"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert done.returncode in (0, 1), done.stderr
        outputs.append((done.stdout, done.returncode))
    assert outputs[0] == outputs[1] == outputs[2]


def test_small_runs_stay_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p", count=runner.MIN_FILES_FOR_POOL - 1)
    monkeypatch.setattr(runner, "_run_pool", lambda *args: pytest.fail("pool started"))
    run([str(project)], Settings(root=project), jobs=4)


def _die_on_m007(task):  # type: ignore[no-untyped-def]
    if task.path.name == "m007.py":
        os._exit(3)
    return runner._worker.lint(task)  # type: ignore[union-attr]


@pytest.mark.skipif(sys.platform != "linux", reason="the patched worker reaches the pool by fork")
def test_a_dead_worker_does_not_lose_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p")
    settings = Settings(root=project)
    expected = lines(run([str(project)], settings, jobs=1))
    monkeypatch.setattr(runner, "_lint_in_worker", _die_on_m007)
    result = run([str(project)], settings, jobs=2)
    assert len(result.files) == 40 and lines(result) == expected


def test_gc_settings_are_restored_after_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is off during a run and collects between files: it is on again after,
    nothing stays frozen, and a cycle a file's analysis leaves is freed before the next file."""
    project = make_project(tmp_path / "p", count=runner.MIN_FILES_FOR_POOL + 1)
    before = gc.get_threshold()
    states: list[bool] = []
    cycles: list[weakref.ref[object]] = []
    real_lint = runner.FileWorker.lint

    class Cycle:
        pass

    def lint(self: runner.FileWorker, task: runner.Task) -> object:
        states.append(gc.isenabled())
        alive = [ref for ref in cycles if ref() is not None]
        cycle = Cycle()
        cycle.me = cycle  # type: ignore[attr-defined]
        cycles.append(weakref.ref(cycle))
        states.append(not alive)
        return real_lint(self, task)

    monkeypatch.setattr(runner.FileWorker, "lint", lint)
    run([str(project)], Settings(root=project), jobs=1)
    assert gc.isenabled() and gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert states == [False, True] * (runner.MIN_FILES_FOR_POOL + 1)


def test_linting_leaves_almost_no_reference_cycles() -> None:
    """What a file's analysis leaves when it is released is freed by reference counting, not
    by the collection between files, which would have to scan it all: event trees unlink their
    parents, deferred model traces are dropped, helpers do not hold each other in closures.
    (The standard library's ``ast.dump`` leaves a few objects per call; NN602 uses it.)"""
    root = Path(__file__).resolve().parents[1] / "rules"
    linter = Linter(Settings())
    left: dict[str, int] = {}
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for path in sorted(root.rglob("*.py")):
            linter.lint_path(path, options=LintOptions(explicit=False))
            found = gc.collect(0)
            if found:
                left[path.name] = found
    finally:
        if enabled:
            gc.enable()
    assert sum(left.values()) <= 20, left


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with runner._progress_bar(1000, True) as advance:
        advance(1000)
    assert capsys.readouterr().err == ""

    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            self.text += text
            return len(text)

        def flush(self) -> None:
            pass

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    with runner._progress_bar(runner.PROGRESS_MIN_FILES - 1, True) as advance:
        advance(1)
    assert terminal.text == ""
    with runner._progress_bar(1000, True) as advance:
        advance(1000)
    assert "Linting" in terminal.text
    terminal.text = ""
    monkeypatch.setenv("CI", "true")
    with runner._progress_bar(1000, True) as advance:
        advance(1000)
    assert terminal.text == ""


def test_startup_imports_no_heavy_package(tmp_path: Path) -> None:
    """`nnlint check one_file.py` is what pre-commit and editors pay: no libcst, astroid, pygls."""
    (tmp_path / "a.py").write_text("import torch\nx = torch.zeros(3)\n")
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['nnlint', 'check', '--no-cache', 'a.py']\n"
        "try:\n"
        "    runpy.run_module('nnlint', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('libcst', 'astroid', 'pygls', 'lsprotocol', 'concurrent.futures', 'multiprocessing') if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert "HEAVY []" in done.stderr, done.stderr


def test_warm_cache_imports_no_rule(tmp_path: Path) -> None:
    """A file whose result is cached is not linted, so no rule or analysis module is imported."""
    (tmp_path / "a.py").write_text(
        "import torch\n\n\ndef train(model, loader):\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for x, y in loader:\n"
        "        loss = torch.nn.functional.mse_loss(model(x), y)\n"
        "        loss.backward()\n"
        "        opt.step()\n"
    )
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['nnlint', 'check', '--cache-dir', 'c', 'a.py']\n"
        "try:\n"
        "    runpy.run_module('nnlint', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('RULES', sorted(m for m in sys.modules if m.startswith('nnlint.rules.')), file=sys.stderr)\n"
    )
    cold = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    warm = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert "nnlint.rules.training_loop" in cold.stderr, cold.stderr
    assert "RULES []" in warm.stderr, warm.stderr
    assert cold.stdout == warm.stdout and "NN101" in cold.stdout


def test_warm_cache_never_starts_the_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nnlint.cache import Cache

    project = make_project(tmp_path / "p")
    cache = Cache(tmp_path / "c")
    cold = run([str(project)], Settings(root=project), jobs=2, cache=cache)
    monkeypatch.setattr(runner, "_run_pool", lambda *args: pytest.fail("pool started"))
    warm = run([str(project)], Settings(root=project), jobs=2, cache=cache)
    assert warm.cache_hits == 40 and lines(warm) == lines(cold)
    assert [f.path for f in warm.files] == [f.path for f in cold.files]


def test_mixed_hits_and_misses_keep_the_file_order(tmp_path: Path) -> None:
    from nnlint.cache import Cache

    project = make_project(tmp_path / "p")
    cache = Cache(tmp_path / "c")
    run([str(project)], Settings(root=project), jobs=1, cache=cache)
    for n in range(0, 40, 5):
        path = project / f"pkg{n % 3}" / f"m{n:03}.py"
        path.write_text(BROKEN + "# changed\n" if n % 2 else "y = 1\n")
    mixed = run([str(project)], Settings(root=project), jobs=2, cache=cache)
    fresh = run([str(project)], Settings(root=project), jobs=1)
    assert mixed.cache_hits == 32
    assert [f.path for f in mixed.files] == [f.path for f in fresh.files]
    assert lines(mixed) == lines(fresh)
