"""File discovery (excludes, .gitignore, explicit paths, links) and source decoding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nnlint.config import DEFAULT_EXCLUDES, Settings
from nnlint.files import DiscoveryError, SourceError, decode_source, discover, read_source


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n", encoding="utf-8")


def found(root: Path, paths: list[str] | None = None, **settings) -> list[str]:  # type: ignore[no-untyped-def]
    settings.setdefault("root", root)
    errors: list[DiscoveryError] = []
    files = discover([str(root / p) for p in (paths or ["."])], Settings(**settings), errors)
    assert not errors, errors
    return [os.path.relpath(f, root).replace(os.sep, "/") for f in files]


def test_walk_finds_python_stubs_and_notebooks_sorted(tmp_path: Path) -> None:
    touch(tmp_path, "b.py", "a.py", "sub/c.pyi", "sub/n.ipynb", "readme.md", "x.pyc", "setup.cfg", "py")
    assert found(tmp_path) == ["a.py", "b.py", "sub/c.pyi", "sub/n.ipynb"]


def test_duplicates_are_linted_once(tmp_path: Path) -> None:
    touch(tmp_path, "a.py")
    assert found(tmp_path, [".", "a.py", "./a.py"]) == ["a.py"]


@pytest.mark.parametrize("folder", DEFAULT_EXCLUDES)
def test_default_excludes(tmp_path: Path, folder: str) -> None:
    touch(tmp_path, f"{folder}/a.py", f"src/{folder}/b.py", "keep.py")
    assert found(tmp_path) == ["keep.py"]


def test_exclude_replaces_defaults_and_extend_exclude_adds(tmp_path: Path) -> None:
    touch(tmp_path, "build/a.py", "gen/b.py", "src/legacy/c.py", "src/d.py")
    assert found(tmp_path, exclude=("gen",)) == ["build/a.py", "src/d.py", "src/legacy/c.py"]
    assert found(tmp_path, extend_exclude=("src/legacy",)) == ["gen/b.py", "src/d.py"]
    assert found(tmp_path, extend_exclude=("*.py",)) == []


def test_explicit_paths_are_linted_even_when_excluded(tmp_path: Path) -> None:
    touch(tmp_path, "build/a.py", "build/sub/b.py", "build/venv/c.py")
    assert found(tmp_path, ["build/a.py"]) == ["build/a.py"]
    assert found(tmp_path, ["build"]) == ["build/a.py", "build/sub/b.py"]  # what is below is still filtered


def test_force_exclude_applies_to_explicit_paths_and_their_folders(tmp_path: Path) -> None:
    touch(tmp_path, "build/a.py", "build/sub/b.py", "src/c.py")
    assert found(tmp_path, ["build/a.py", "build/sub/b.py", "src/c.py"], force_exclude=True) == ["src/c.py"]
    assert found(tmp_path, ["build"], force_exclude=True) == []
    assert found(tmp_path, ["src/c.py"], force_exclude=True, extend_exclude=("c.py",)) == []


def test_the_root_folder_itself_is_never_excluded_by_name(tmp_path: Path) -> None:
    project = tmp_path / "build"
    touch(project, "a.py")
    assert found(project, ["."]) == ["a.py"]
    assert found(project, ["."], force_exclude=True) == ["a.py"]


def make_repo(root: Path) -> None:
    (root / ".git" / "info").mkdir(parents=True)


def test_gitignore(tmp_path: Path) -> None:
    make_repo(tmp_path)
    (tmp_path / ".gitignore").write_text(
        "# comment\n\n*.gen.py\n/top_only.py\nlogs/\n!keep.gen.py\ndata/**/raw_*.py\n", encoding="utf-8"
    )
    (tmp_path / ".git" / "info" / "exclude").write_text("private.py\n", encoding="utf-8")
    touch(
        tmp_path,
        "a.py", "x.gen.py", "keep.gen.py", "top_only.py", "sub/top_only.py", "logs/l.py",
        "sub/logs/l.py", "data/a/b/raw_1.py", "data/a/ok.py", "private.py", "sub/nested/n.py", "sub/nested/m.py",
    )
    (tmp_path / "sub" / "nested" / ".gitignore").write_text("n.py\n", encoding="utf-8")
    assert found(tmp_path) == ["a.py", "data/a/ok.py", "keep.gen.py", "sub/nested/m.py", "sub/top_only.py"]
    assert len(found(tmp_path, respect_gitignore=False)) == 12


def test_gitignore_outside_a_repository_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n", encoding="utf-8")
    touch(tmp_path, "a.py")
    assert found(tmp_path) == ["a.py"]


def test_gitignored_explicit_paths_are_linted_unless_force_exclude(tmp_path: Path) -> None:
    make_repo(tmp_path)
    (tmp_path / ".gitignore").write_text("ignored/\nscratch.py\n", encoding="utf-8")
    touch(tmp_path, "ignored/a.py", "scratch.py")
    assert found(tmp_path) == []
    assert found(tmp_path, ["scratch.py", "ignored"]) == ["ignored/a.py", "scratch.py"]
    assert found(tmp_path, ["scratch.py", "ignored"], force_exclude=True) == []


def test_missing_path_is_a_discovery_error(tmp_path: Path) -> None:
    errors: list[DiscoveryError] = []
    assert discover([str(tmp_path / "nope.py")], Settings(root=tmp_path), errors) == []
    assert errors == [DiscoveryError(str(tmp_path / "nope.py"), "no such file or directory")]


def test_folder_named_like_a_python_file_is_walked(tmp_path: Path) -> None:
    touch(tmp_path, "x.py/inner.py")
    assert found(tmp_path) == ["x.py/inner.py"]
    assert found(tmp_path, ["x.py"]) == ["x.py/inner.py"]


def test_broken_symlink_and_loop_are_kept_for_nn001(tmp_path: Path) -> None:
    (tmp_path / "broken.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "loop_a.py").symlink_to(tmp_path / "loop_b.py")
    (tmp_path / "loop_b.py").symlink_to(tmp_path / "loop_a.py")
    assert found(tmp_path) == ["broken.py", "loop_a.py", "loop_b.py"]
    assert found(tmp_path, ["broken.py"]) == ["broken.py"]
    with pytest.raises(SourceError, match="broken symbolic link"):
        read_source(tmp_path / "broken.py")
    with pytest.raises(SourceError, match="symbolic link loop"):
        read_source(tmp_path / "loop_a.py")


def test_folder_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    touch(tmp_path, "pkg/a.py")
    (tmp_path / "pkg" / "self").symlink_to(tmp_path / "pkg")
    assert found(tmp_path) == ["pkg/a.py"]


def test_fifo_is_skipped_by_walks(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    touch(tmp_path, "a.py")
    assert found(tmp_path) == ["a.py"]


def test_spaces_and_non_ascii_paths(tmp_path: Path) -> None:
    touch(tmp_path, "my project/entraînement.py", "数据/训练.py")
    assert found(tmp_path) == ["my project/entraînement.py", "数据/训练.py"]


# -- decoding ---------------------------------------------------------------------------


def test_decode_utf8_bom_and_cookies() -> None:
    assert decode_source(b"\xef\xbb\xbfx = 1\n") == "x = 1\n"
    assert decode_source("# -*- coding: latin-1 -*-\nx = 'é'\n".encode("latin-1")).endswith("'é'\n")
    assert decode_source(b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n").endswith("'€'\n")


@pytest.mark.parametrize(
    "data, message, position",
    [
        (b"x = 1\ny = '\xff'\n", "cannot decode as utf-8: invalid start byte 0xff", (2, 6)),
        (b"x = '\xc3\xa9\xff'\n", "invalid start byte 0xff", (1, 7)),
        (b"x = 1\r\ny = '\xff'\r\n", "invalid start byte", (2, 6)),
        (b"x = 1\n\x00\n", "NUL byte", (2, 1)),
        (b"# coding: nope\n", "unknown encoding", (1, 1)),
        (b"\xef\xbb\xbf# coding: latin-1\n", "encoding problem", (1, 1)),
        (b"\n# -*- coding: ascii -*-\nx = '\xe9'\n", "cannot decode as ascii", (3, 6)),
    ],
)
def test_decode_errors_have_reason_and_position(data: bytes, message: str, position: tuple[int, int]) -> None:
    with pytest.raises(SourceError, match=message) as info:
        decode_source(data)
    assert (info.value.line, info.value.col) == position
