"""The rules/ harness: every example program reports exactly what its annotations say."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nnlint.config import Selection, Settings
from nnlint.engine import Linter
from rule_examples import RULES_DIR, example_files, folder_code, location, parse_annotations, parse_notebook_annotations

FILES = example_files()


def lint_example(path: Path):
    if path.suffix == ".ipynb":
        expectations = parse_notebook_annotations(path)
    else:
        expectations = parse_annotations(path.read_text(encoding="utf-8"))
    header = expectations.header
    layer = Selection(
        select=tuple(header["select"]) if "select" in header else None,
        extend_select=(folder_code(path), *header.get("extend-select", ())),
        ignore=tuple(header.get("ignore", ())),
    )
    settings = Settings(selections=(layer,), options=dict(header.get("options", {})), preview=header.get("preview", False))
    result = Linter(settings).lint_path(path)
    return expectations, result


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(RULES_DIR)) for p in FILES])
def test_example(path: Path) -> None:
    expectations, result = lint_example(path)
    assert not result.errors, result.errors
    actual = Counter((location(d), d.code) for d in result.diagnostics)
    for key in expectations.silent_todo:
        actual.pop(key, None)
    missing = expectations.expected - actual
    extra = actual - expectations.expected
    fixed_todo = {key for key in expectations.expect_todo if actual.get(key)}
    extra -= Counter({key: actual[key] for key in fixed_todo})
    messages = {(location(d), d.code): d.message for d in result.diagnostics}
    problems = [f"line {line}: expected {code}, not reported" for (line, code) in sorted(missing)]
    problems += [f"line {line}: unexpected {code}: {messages[(line, code)]}" for (line, code) in sorted(extra)]
    problems += [f"line {line}: {code} is reported now; upgrade expect-todo to expect" for (line, code) in sorted(fixed_todo)]
    for (line, code), col in expectations.columns.items():
        cols = [d.col for d in result.diagnostics if (location(d), d.code) == (line, code)]
        if col not in cols:
            problems.append(f"line {line}: {code} expected at column {col}, reported at {cols}")
    if path.name.startswith("good_"):
        assert not expectations.expected, "good_ examples must not expect findings"
    else:
        assert expectations.expected or expectations.expect_todo, "bad_ examples must expect a finding"
    assert not problems, "\n".join(problems)


def test_every_rule_has_examples() -> None:
    from nnlint.registry import load_registry

    folders = {p.name.split("-")[0]: p for p in RULES_DIR.iterdir() if p.is_dir()}
    for rule in load_registry().rules:
        folder = folders.get(rule.code)
        assert folder is not None, f"rules/{rule.code}-{rule.name}/ is missing"
        assert folder.name == f"{rule.code}-{rule.name}", f"{folder.name} should be {rule.code}-{rule.name}"
        bad = list(folder.glob("bad_*.py")) + list(folder.glob("bad_*.ipynb"))
        good = list(folder.glob("good_*.py")) + list(folder.glob("good_*.ipynb"))
        bad = [p for p in bad if not p.name.endswith(".fixed.py")]
        assert len(bad) >= 2, f"{folder.name}: needs at least two bad_ examples"
        assert len(good) >= 3, f"{folder.name}: needs at least three good_ examples"


BAD_PY = [p for p in FILES if p.name.startswith("bad_") and p.suffix == ".py"]


@pytest.mark.parametrize("path", BAD_PY, ids=[str(p.relative_to(RULES_DIR)) for p in BAD_PY])
def test_fixed_example(path: Path, tmp_path: Path) -> None:
    """``bad_x.fixed.py`` is the text after ``--fix --unsafe-fixes`` with the folder's rule only.

    A bad example that the rule's fix changes must have one (``NNLINT_UPDATE_FIXED=1``
    writes it); fixing the fixed text again must change nothing.
    """
    import os

    from nnlint.fix import fix_file, has_fix
    from nnlint.registry import load_registry

    code = folder_code(path)
    rule = load_registry().by_code.get(code)
    expected_path = path.with_name(path.stem + ".fixed.py")
    if rule is None or not has_fix(rule):
        assert not expected_path.exists(), f"{expected_path.name} exists but {code} has no fix"
        return
    header = parse_annotations(path.read_text(encoding="utf-8")).header
    settings = Settings(selections=(Selection(select=(code,)),), options=dict(header.get("options", {})))
    outcome = fix_file(Linter(settings), path, unsafe=True)
    assert not outcome.errors, outcome.errors
    assert not outcome.rejected, outcome.rejected
    if not outcome.changed:
        assert not expected_path.exists(), f"{expected_path.name} exists but the fix changes nothing"
        return
    if os.environ.get("NNLINT_UPDATE_FIXED"):
        expected_path.write_text(outcome.new_text, encoding="utf-8")
    assert expected_path.exists(), f"{path.name} is fixable: write {expected_path.name} (NNLINT_UPDATE_FIXED=1)"
    assert outcome.new_text == expected_path.read_text(encoding="utf-8")
    again = tmp_path / path.name
    again.write_text(outcome.new_text, encoding="utf-8")
    assert not fix_file(Linter(settings), again, unsafe=True).changed, "a second --fix changes the file again"
