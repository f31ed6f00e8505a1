"""Rule selection by code, prefix, name and ALL (ruff's rules), and the globs of excludes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import with_fake_rules  # noqa: F401 - fixture

from nnlint.config import Selection, Settings
from nnlint.registry import load_registry
from nnlint.selectors import compile_glob, for_path, is_valid_selector, path_matches, relative_parts, resolve

pytestmark = pytest.mark.usefixtures("with_fake_rules")


def enabled(*layers: Selection, preview: bool = False) -> frozenset[str]:
    return resolve(Settings(selections=layers, preview=preview))


def sel(select=None, extend=(), ignore=()) -> Selection:  # type: ignore[no-untyped-def]
    return Selection(select=tuple(select) if select is not None else None, extend_select=tuple(extend), ignore=tuple(ignore))


def test_default_selection_is_default_stable_rules() -> None:
    registry = load_registry()
    expected = {r.code for r in registry.rules if r.default and r.status == "stable"}
    assert enabled() == expected
    assert "NN699" in expected and "NN698" not in expected and "NN697" not in expected


@pytest.mark.parametrize("selector", ["NN699", "nn699", "fake-print-call", "FAKE-PRINT-CALL", "NN69", "NN6", "NN", "ALL", " NN699 "])
def test_select_by_code_prefix_name_all(selector: str) -> None:
    assert "NN699" in enabled(sel([selector]))
    assert is_valid_selector(selector)


def test_select_replaces_the_defaults() -> None:
    assert enabled(sel(["NN699"])) == {"NN699"}


def test_extend_select_adds_and_ignore_removes() -> None:
    assert "NN698" in enabled(sel(extend=["NN698"]))
    assert "NN699" not in enabled(sel(ignore=["NN699"]))
    assert "NN699" not in enabled(sel(ignore=["fake-print-call"]))


def test_more_specific_wins_and_ignore_wins_ties() -> None:
    assert enabled(sel(["NN6"], ignore=["NN699"])) >= {"NN698"} and "NN699" not in enabled(sel(["NN6"], ignore=["NN699"]))
    assert "NN699" in enabled(sel(["NN699"], ignore=["NN6"]))
    assert "NN699" not in enabled(sel(["NN69"], ignore=["NN69"]))
    assert "NN699" in enabled(sel(["fake-print-call"], ignore=["NN69"]))
    assert "NN699" not in enabled(sel(["ALL"], ignore=["NN"]))
    assert "NN699" in enabled(sel(["NN"], ignore=["ALL"]))


def test_opt_in_rules_need_a_selector_that_names_them() -> None:
    assert "NN698" not in enabled()
    assert "NN698" in enabled(sel(["NN6"]))
    assert "NN698" in enabled(sel(["fake-crash"]))
    assert "NN698" in enabled(sel(["ALL"]))


def test_preview_rules_need_preview() -> None:
    assert "NN697" not in enabled(sel(["NN697"]))
    assert "NN697" in enabled(sel(["NN697"]), preview=True)
    assert "NN697" in enabled(preview=True)


def test_layers_apply_in_order() -> None:
    file_layer, cli_layer = sel(["NN699"]), sel(extend=["NN698"])
    assert enabled(file_layer, cli_layer) == {"NN698", "NN699"}
    assert enabled(file_layer, sel(["NN001"])) == {"NN001"}
    assert enabled(sel(ignore=["NN699"]), sel(extend=["NN699"])) >= {"NN699"}
    assert "NN699" not in enabled(sel(extend=["NN699"]), sel(ignore=["NN699"]))


@pytest.mark.parametrize("selector", ["NN9", "NN9999", "XX1", "E501", "missing-zero-gard", "", "NN69x"])
def test_invalid_selectors(selector: str) -> None:
    assert not is_valid_selector(selector)


# -- globs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, path, hit",
    [
        ("build", "build/x.py", True),
        ("build", "src/build/x.py", True),
        ("build", "src/builder/x.py", False),
        ("__init__.py", "a/b/__init__.py", True),
        ("*.pyi", "a/b/c.pyi", True),
        ("tests/*", "tests/test_a.py", True),
        ("tests/*", "src/tests/test_a.py", False),
        ("tests/**", "tests/a/b/c.py", True),
        ("**/tests/*.py", "src/pkg/tests/t.py", True),
        ("src/**/gen_*.py", "src/a/b/gen_x.py", True),
        ("src/**/gen_*.py", "src/gen_x.py", True),
        ("legacy/", "legacy/old.py", True),
        ("./legacy", "legacy/old.py", True),
        ("/legacy", "legacy/old.py", True),
        ("data?.py", "data1.py", True),
        ("data?.py", "data12.py", False),
        ("data[0-9].py", "data7.py", True),
        ("data[!0-9].py", "data7.py", False),
        ("!src/**", "tests/x.py", True),
        ("!src/**", "src/x.py", False),
        ("a.py", "a.pyx", False),
        ("*", "anything.py", True),
    ],
)
def test_globs(tmp_path: Path, pattern: str, path: str, hit: bool) -> None:
    assert path_matches(pattern, tmp_path / path, tmp_path) == hit


def test_entry_only_matching_tests_the_last_part(tmp_path: Path) -> None:
    glob = compile_glob("build")
    parts = relative_parts(tmp_path / "build" / "x.py", tmp_path)
    assert parts == ("build", "x.py")
    assert glob.matches(parts) and not glob.matches(parts, entry_only=True)
    assert compile_glob("build/x.py").matches(parts, entry_only=True)


def test_paths_outside_the_root_use_their_own_parts(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    assert path_matches("build", tmp_path / "build" / "x.py", root)
    assert relative_parts(Path("rel/x.py"), Path.cwd()) == ("rel", "x.py")


def test_per_file_ignores(tmp_path: Path) -> None:
    settings = Settings(per_file_ignores=(("tests/*", ("NN6",)), ("__init__.py", ("fake-print-call",))), root=tmp_path)
    codes = frozenset({"NN001", "NN699", "NN698"})
    assert for_path(settings, codes, tmp_path / "tests" / "t.py") == {"NN001"}
    assert for_path(settings, codes, tmp_path / "pkg" / "__init__.py") == {"NN001", "NN698"}
    assert for_path(settings, codes, tmp_path / "src" / "a.py") == codes
