"""The text pre-filter: which files are parsed, and NN001 for explicitly named files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nnlint import engine, prefilter
from nnlint.config import Settings
from nnlint.engine import LintOptions, Linter
from nnlint.registry import RuleIndex, load_registry
from nnlint.rule import Rule


class BackwardRule(Rule):
    """Reports every ``.backward()`` call (a stand-in for a real rule)."""

    code = "NN990"
    name = "test-backward"
    message = "backward called"
    needs = ("backward",)

    def check(self, program):  # type: ignore[no-untyped-def]
        for node in ast.walk(program.tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "backward":
                yield self.report(program, node)


class AlwaysRule(BackwardRule):
    code = "NN991"
    name = "test-always"
    needs = None


@pytest.fixture
def fake_registry(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(*rules: type[Rule]) -> None:
        nn001 = load_registry().by_code["NN001"]
        index = RuleIndex.of((nn001, *rules))
        monkeypatch.setattr(engine, "load_index", lambda: index)

    return install


def test_needed_words_union_and_always() -> None:
    assert prefilter.needed_words([BackwardRule()]) == {"backward"}
    assert prefilter.needed_words([BackwardRule(), AlwaysRule()]) is None
    assert prefilter.needed_words([]) == frozenset()


def test_mentions_any() -> None:
    assert prefilter.mentions_any("loss.backward()", frozenset({"backward"}))
    assert not prefilter.mentions_any("import torch", frozenset({"backward"}))
    assert prefilter.mentions_any("anything", None)
    assert not prefilter.mentions_any("anything", frozenset())


def test_rule_base_default_is_always_run() -> None:
    assert Rule.needs is None
    assert load_registry().by_code["NN001"].needs == ()


def test_every_shipped_rule_declares_its_words() -> None:
    """One rule without ``needs`` keeps every file of every run parsed (it happened: two new
    rules without words made the filter skip 0 of the 2,912 files of the benchmark)."""
    assert [rule.code for rule in load_registry().rules if rule().needed_words() is None] == []


def test_file_with_the_word_is_checked(fake_registry) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule)
    result = Linter(Settings()).lint_source("loss.backward()\n", "a.py", options=LintOptions(explicit=False))
    assert [d.code for d in result.diagnostics] == ["NN990"]


def test_walked_file_without_words_is_not_parsed(fake_registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule)
    parsed: list[str] = []
    real_parse = engine.parse
    monkeypatch.setattr(engine, "parse", lambda source, path: parsed.append(path) or real_parse(source, path))
    result = Linter(Settings()).lint_source("def broken(:\n", "a.py", options=LintOptions(explicit=False))
    assert result.diagnostics == [] and parsed == []


def test_explicit_file_without_words_still_gets_nn001(fake_registry) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule)
    result = Linter(Settings()).lint_source("def broken(:\n", "a.py")
    assert [d.code for d in result.diagnostics] == ["NN001"]


def test_explicit_file_without_words_runs_no_rule(fake_registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule)
    monkeypatch.setattr(BackwardRule, "check", lambda self, program: pytest.fail("rule ran"))
    assert Linter(Settings()).lint_source("x = 1\n", "a.py").diagnostics == []


def test_a_rule_without_needs_keeps_every_file_parsed(fake_registry) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule, AlwaysRule)
    result = Linter(Settings()).lint_source("def broken(:\n", "a.py", options=LintOptions(explicit=False))
    assert [d.code for d in result.diagnostics] == ["NN001"]


def test_prefilter_can_be_switched_off(fake_registry) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule)
    options = LintOptions(explicit=False, prefilter=False)
    result = Linter(Settings()).lint_source("def broken(:\n", "a.py", options=options)
    assert [d.code for d in result.diagnostics] == ["NN001"]


def test_word_in_a_comment_keeps_the_file_parsed(fake_registry) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule)
    result = Linter(Settings()).lint_source("# backward\ndef broken(:\n", "a.py", options=LintOptions(explicit=False))
    assert [d.code for d in result.diagnostics] == ["NN001"]


def test_walked_folder_skips_unparsable_file_without_words(fake_registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from nnlint.runner import run

    fake_registry(BackwardRule)
    (tmp_path / "broken.py").write_text("def broken(:\n")
    (tmp_path / "train.py").write_text("loss.backward()\n")
    settings = Settings(root=tmp_path)
    walked = run([str(tmp_path)], settings, jobs=1, cache=None)
    assert [(Path(d.path).name, d.code) for d in walked.diagnostics] == [("train.py", "NN990")]
    named = run([str(tmp_path / "broken.py")], settings, jobs=1, cache=None)
    assert [d.code for d in named.diagnostics] == ["NN001"]


class ZeroGradRule(BackwardRule):
    code = "NN992"
    name = "test-zero-grad"
    message = "zero_grad called"
    needs = ("zero_grad",)

    def check(self, program):  # type: ignore[no-untyped-def]
        for node in ast.walk(program.tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "zero_grad":
                yield self.report(program, node)


def test_applicable_keeps_rules_whose_words_occur() -> None:
    rules = [BackwardRule(), ZeroGradRule(), AlwaysRule()]
    assert [r.code for r in prefilter.applicable(rules, "opt.zero_grad()")] == ["NN992", "NN991"]
    assert [r.code for r in prefilter.applicable(rules[:2], "x = 1")] == []


def test_a_rule_whose_words_are_absent_is_not_run(fake_registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_registry(BackwardRule, ZeroGradRule)
    monkeypatch.setattr(ZeroGradRule, "check", lambda self, program: pytest.fail("rule ran"))
    result = Linter(Settings()).lint_source("loss.backward()\n", "a.py", options=LintOptions(explicit=False))
    assert [d.code for d in result.diagnostics] == ["NN990"]



def test_words_are_found_as_in_the_text_whatever_the_tokens() -> None:
    """``applicable`` searches the file's distinct tokens, not its text: the same answer for a
    word inside a longer name, next to punctuation, in a comment or a string, spanning two
    tokens (never), and for a word that holds whitespace (searched in the text)."""
    from dataclasses import dataclass

    from nnlint.prefilter import applicable

    @dataclass(frozen=True)
    class Needs:
        words: tuple[str, ...]

        def needed_words(self) -> tuple[str, ...]:
            return self.words

    text = "x = self.model.eval()\t# val_loader\nprint('no_grad here')\nloss.backward(); opt.step()\n"
    words = ["eval", "val_loader", "no_grad", "backward()", "opt.step", "model.ev", "step()\nloss", "x =", "nn.", "Eval", "loss.back ward"]
    rules = [Needs((word,)) for word in words]
    assert [rule.words[0] for rule in applicable(rules, text)] == [word for word in words if word in text]
    assert [rule.words[0] for rule in applicable(rules, text)] == ["eval", "val_loader", "no_grad", "backward()", "opt.step", "model.ev", "x ="]

    # Tokens are cut at ASCII punctuation (not ``_`` or ``.``), never inside other characters.
    text = "modèle.eval()\u00a0# étape: opt.step(x)[0]\nz = \"\udcff\" + a-b\x00c\n"
    words = ["modèle.eval", "lle.ev", "\u00a0#", "étape", "tape:", "step(x)[0]", "opt.step", "\udcff", "a-b", "b\x00c", "e.eval()\u00a0", "val", "ste p", "èl"]
    rules = [Needs((word,)) for word in words]
    assert [rule.words[0] for rule in applicable(rules, text)] == [word for word in words if word in text]
    assert [rule.words[0] for rule in applicable(rules, text)] == [word for word in words if word not in ("lle.ev", "ste p")]
