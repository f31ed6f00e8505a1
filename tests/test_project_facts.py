"""Facts about the project a file belongs to (its torch floor, for NN602) come from the
file's own nearest project, not from the first path on the command line."""

from __future__ import annotations

from pathlib import Path

from nnlint.cache import Cache
from nnlint.config import Selection, Settings
from nnlint.project import clear_cache, project_info, torch_lower_bound
from nnlint.runner import run

LOAD = "import torch\n\nstate = torch.load('ckpt.pt')\n"
NN602 = Settings(selections=(Selection(select=("NN602",)),))


def test_torch_lower_bound_reads_requirement_lines() -> None:
    assert torch_lower_bound(["numpy", "torch>=2.6.0", "torchvision>=0.1"]) == (2, 6, 0)
    assert torch_lower_bound(["torchvision>=0.21", "torch-geometric>=2"]) is None
    assert torch_lower_bound(["torch ~= 2.7 ; python_version > '3.9'"]) == (2, 7)
    assert torch_lower_bound(["torch"]) is None


def example(root: Path, name: str, requirement: str | None) -> Path:
    folder = root / name
    folder.mkdir()
    if requirement is not None:
        (folder / "requirements.txt").write_text(requirement + "\n")
    (folder / "main.py").write_text(LOAD)
    return folder


def test_each_example_folder_uses_its_own_requirements(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the repository root, with no torch requirement of its own
    old = example(tmp_path, "old", "torch>=1.13")
    new = example(tmp_path, "new", "torch>=2.6")
    bare = example(tmp_path, "bare", None)
    assert project_info(new).torch_min_version == (2, 6)
    assert project_info(bare).torch_min_version is None
    for paths in ([tmp_path], [new, old, bare], [old, new, bare]):
        result = run([str(p) for p in paths], NN602, jobs=1)
        flagged = sorted(Path(d.path).parent.name for d in result.diagnostics)
        assert flagged == ["bare", "old"], paths


def test_the_cache_key_follows_the_files_project(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = example(tmp_path, "demo", "torch>=1.13")
    cache = Cache(tmp_path / "cache")
    cache.prepare()
    assert len(run([str(folder)], NN602, jobs=1, cache=cache).diagnostics) == 1
    (folder / "requirements.txt").write_text("torch>=2.6\n")
    clear_cache()  # a new run in a new process reads the requirements again
    assert run([str(folder)], NN602, jobs=1, cache=cache).diagnostics == []
