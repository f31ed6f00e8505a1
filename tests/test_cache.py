"""The per-file result cache: hits, what invalidates it, corruption, concurrency, the CLI."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnlint import cache as cache_module
from nnlint.cache import Cache, entry_key, env_disabled, resolve_dir
from nnlint.cli import main
from nnlint.config import Selection, Settings
from nnlint.diagnostic import Applicability, Diagnostic, Edit, Fix
from nnlint.runner import run

BROKEN = "def broken(:\n    loss.backward()\n"  # a rule's word: walked files are pre-filtered


def diag(**changes: object) -> Diagnostic:
    fields = dict(code="NN001", name="unparsable-file", message="m", path="a.py", line=1, col=2, end_line=1, end_col=3)
    fields.update(changes)
    return Diagnostic(**fields)  # type: ignore[arg-type]


def lint(paths: list[Path], cache: Cache | None, settings: Settings | None = None, jobs: int = 1):  # type: ignore[no-untyped-def]
    return run([str(p) for p in paths], settings or Settings(root=paths[0].parent), jobs=jobs, cache=cache)


def entries(cache: Cache) -> list[Path]:
    return sorted(cache.folder.glob("*/*.json"))


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache.prepare()
    fix = Fix("title", (Edit(1, 1, 1, 4, "new"),), Applicability.UNSAFE)
    stored = [diag(), diag(line=3, fix=fix, cell=2, severity="warning")]
    assert cache.put("k" * 40, stored)
    assert cache.get("k" * 40) == stored
    assert cache.get("j" * 40) is None


def test_prepare_tags_and_ignores_the_folder(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".nnlint_cache")
    cache.prepare()
    assert (cache.root / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache.root / ".gitignore").read_text() == "*\n"


def test_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    first = lint([tmp_path / "a.py"], cache)
    second = lint([tmp_path / "a.py"], cache)
    assert (first.cache_hits, second.cache_hits) == (0, 1)
    assert second.diagnostics == first.diagnostics and [d.code for d in first.diagnostics] == ["NN001"]


def test_changed_content_is_linted_again(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    lint([path], cache)
    path.write_text("x = 1\n")
    result = lint([path], cache)
    assert result.cache_hits == 0 and result.diagnostics == []


def test_changed_selection_or_preview_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    lint([path], cache)
    ignored = Settings(root=tmp_path, selections=(Selection(ignore=("NN001",)),))
    result = lint([path], cache, ignored)
    assert result.cache_hits == 0 and result.diagnostics == []
    assert lint([path], cache, Settings(root=tmp_path, preview=True)).cache_hits == 0
    assert lint([path], cache).cache_hits == 1


def test_per_file_ignores_are_part_of_the_key(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    lint([tmp_path / "a.py"], cache)
    settings = Settings(root=tmp_path, per_file_ignores=(("a.py", ("NN001",)),))
    result = lint([tmp_path / "a.py"], cache, settings)
    assert result.cache_hits == 0 and result.diagnostics == []


def test_nnlint_source_and_version_are_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.py"
    path.write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    lint([path], cache)
    monkeypatch.setattr(cache_module, "source_fingerprint", lambda: "edited")
    assert lint([path], cache).cache_hits == 0
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert lint([path], cache).cache_hits == 0


def test_source_fingerprint_follows_the_package_files() -> None:
    cache_module.source_fingerprint.cache_clear()
    first = cache_module.source_fingerprint()
    package = Path(cache_module.__file__)
    stat = package.stat()
    try:
        os.utime(package, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        cache_module.source_fingerprint.cache_clear()
        assert cache_module.source_fingerprint() != first
    finally:
        os.utime(package, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        cache_module.source_fingerprint.cache_clear()


def test_corrupt_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    expected = lint([path], cache).diagnostics
    (entry,) = entries(cache)
    for garbage in (b"", b"{not json", b'{"key": "other", "diagnostics": []}', b'{"key": 1}', b"\xff\xfe", b'[1, 2]'):
        entry.write_bytes(garbage)
        result = lint([path], cache)
        assert result.cache_hits == 0 and result.diagnostics == expected
        assert json.loads(entry.read_bytes())["diagnostics"], "the entry was not rewritten"
        assert lint([path], cache).cache_hits == 1


def test_entry_with_unknown_fields_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache.prepare()
    key = "ab" * 20
    cache.put(key, [diag()])
    entry = cache.entry_path(key)
    data = json.loads(entry.read_text())
    data["diagnostics"][0]["no_such_field"] = 1
    entry.write_text(json.dumps(data))
    assert cache.get(key) is None


def test_unwritable_cache_does_not_fail_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BROKEN)
    blocker = tmp_path / "c"
    blocker.write_text("a file where the cache folder should be")
    result = lint([tmp_path / "a.py"], Cache(blocker))
    assert [d.code for d in result.diagnostics] == ["NN001"]


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    files = []
    for n in range(5):
        files.append(tmp_path / f"m{n}.py")
        files[-1].write_text(BROKEN)
    cache = Cache(tmp_path / "c")
    lint(files, cache)
    assert len(entries(cache)) == 5
    assert not [p for p in cache.root.rglob("*") if p.name.startswith(".tmp-")]


def test_concurrent_writers_of_one_entry_never_expose_half_a_file(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache.prepare()
    key = "cd" * 20
    payloads = [[diag(message="x" * size)] for size in (10, 100_000)]
    stop = threading.Event()
    seen: list[object] = []

    def writer(payload: list[Diagnostic]) -> None:
        while not stop.is_set():
            cache.put(key, payload)

    # The entry exists before the writers start (otherwise every read could race ahead of
    # the first write), so every read must see one whole payload: os.replace is atomic.
    cache.put(key, payloads[0])
    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    try:
        for _ in range(300):
            seen.append(cache.get(key))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert all(value in payloads for value in seen)


def _lint_in_process(folder: str, cache_root: str) -> int:
    result = run([folder], Settings(root=Path(folder)), jobs=1, cache=Cache(Path(cache_root)))
    return len(result.diagnostics)


def test_two_runs_sharing_a_cache_at_once(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    for n in range(40):
        (project / f"m{n:02}.py").write_text(BROKEN if n % 2 else "x = 1\n")
    cache_root = tmp_path / "c"
    context = multiprocessing.get_context("spawn" if sys.platform != "linux" else "fork")
    with context.Pool(2) as pool:
        counts = pool.starmap(_lint_in_process, [(str(project), str(cache_root))] * 4)
    assert counts == [20] * 4
    assert len(entries(Cache(cache_root))) == 40
    for entry in entries(Cache(cache_root)):
        json.loads(entry.read_bytes())
    assert lint([project], Cache(cache_root)).cache_hits == 40


def test_key_depends_on_content_path_and_settings() -> None:
    base = entry_key(b"x = 1\n", "a.py", "s")
    assert base == entry_key(b"x = 1\n", "a.py", "s")
    assert len({base, entry_key(b"x = 2\n", "a.py", "s"), entry_key(b"x = 1\n", "b.py", "s"), entry_key(b"x = 1\n", "a.py", "t")}) == 4


def test_environment_and_settings_choose_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NNLINT_CACHE_DIR", raising=False)
    assert resolve_dir(None, None, tmp_path) == tmp_path / ".nnlint_cache"
    assert resolve_dir(None, Path("build/cache"), tmp_path) == tmp_path / "build/cache"
    monkeypatch.setenv("NNLINT_CACHE_DIR", str(tmp_path / "env"))
    assert resolve_dir(None, Path("x"), tmp_path) == tmp_path / "env"
    assert resolve_dir(str(tmp_path / "cli"), Path("x"), tmp_path) == tmp_path / "cli"
    assert env_disabled({"NNLINT_NO_CACHE": "1"}) and env_disabled({"NNLINT_NO_CACHE": "true"})
    assert not env_disabled({}) and not env_disabled({"NNLINT_NO_CACHE": "0"})


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NNLINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("NNLINT_NO_CACHE", raising=False)
    (tmp_path / "a.py").write_text(BROKEN)
    return tmp_path


def test_cli_writes_the_default_cache_and_clean_removes_it(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["check", "a.py"]).exit_code == 1
    assert (project / ".nnlint_cache" / "CACHEDIR.TAG").is_file()
    result = runner.invoke(main, ["clean"])
    assert result.exit_code == 0, result.output
    assert not (project / ".nnlint_cache").exists()
    assert runner.invoke(main, ["clean"]).exit_code == 0


def test_cli_no_cache_and_env(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    runner.invoke(main, ["check", "--no-cache", "a.py"])
    assert not (project / ".nnlint_cache").exists()
    monkeypatch.setenv("NNLINT_NO_CACHE", "1")
    runner.invoke(main, ["check", "a.py"])
    assert not (project / ".nnlint_cache").exists()


def test_cli_cache_dir_option_env_and_config_key(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    runner.invoke(main, ["check", "--cache-dir", "opt", "a.py"])
    assert (project / "opt" / "CACHEDIR.TAG").is_file()
    monkeypatch.setenv("NNLINT_CACHE_DIR", str(project / "env"))
    runner.invoke(main, ["check", "a.py"])
    assert (project / "env" / "CACHEDIR.TAG").is_file()
    assert runner.invoke(main, ["clean"]).exit_code == 0 and not (project / "env").exists()
    monkeypatch.delenv("NNLINT_CACHE_DIR")
    (project / "pyproject.toml").write_text('[tool.nnlint]\ncache-dir = "from-config"\n')
    runner.invoke(main, ["check", "a.py"])
    assert (project / "from-config" / "CACHEDIR.TAG").is_file()
    assert not (project / ".nnlint_cache").exists()


def test_clean_refuses_a_folder_it_did_not_make(project: Path) -> None:
    (project / "precious").mkdir()
    (project / "precious" / "data.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["clean", "--cache-dir", "precious"])
    assert result.exit_code == 2
    assert (project / "precious" / "data.txt").is_file()


def test_cached_and_fresh_output_are_identical(project: Path) -> None:
    command = [sys.executable, "-m", "nnlint", "check", "a.py"]
    fresh = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, cwd=project)
    cold = subprocess.run(command, capture_output=True, text=True, cwd=project)
    warm = subprocess.run(command, capture_output=True, text=True, cwd=project)
    assert fresh.stdout == cold.stdout == warm.stdout and fresh.stdout
    assert fresh.returncode == cold.returncode == warm.returncode == 1
