"""docs/rules/*.md and docs/rules.md are generated from the rule classes and must be current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("nnlint_docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_current() -> None:
    stale = _generator().stale_pages()
    assert not stale, "stale generated docs, run `python docs/generate.py`: " + ", ".join(stale)


def test_every_generated_page_starts_with_the_banner() -> None:
    generator = _generator()
    for path, text in generator.expected_pages().items():
        assert text.splitlines()[0] == generator.BANNER, path
        assert "do not edit" in generator.BANNER


def test_rule_page_holds_what_nnlint_rule_prints() -> None:
    from nnlint.docs import rule_markdown
    from nnlint.registry import load_registry

    generator = _generator()
    for rule in load_registry().rules:
        assert rule_markdown(rule).rstrip() in generator.rule_page(rule)


def test_check_mode_reports_a_stale_page(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    generator = _generator()
    monkeypatch.setattr(generator, "DOCS", tmp_path)
    (tmp_path / "rules").mkdir()
    assert generator.main([]) == 0
    assert generator.main(["--check"]) == 0
    page = next((tmp_path / "rules").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    assert generator.main(["--check"]) == 1
    (tmp_path / "rules" / "NN999.md").write_text(generator.BANNER + "\n", encoding="utf-8")
    assert any("NN999" in page for page in generator.stale_pages())
