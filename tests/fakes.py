"""Fake rules for infrastructure tests: they make selection, options, noqa and internal errors
testable without depending on what the real rules find.

``with_fake_rules`` (a fixture, import it into a test module) adds them to the real registry
and rule index for one test and removes them afterwards.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

import pytest

from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.registry import RuleEntry, load_index, load_registry
from nnlint.rule import Option, Rule


class FakePrintCall(Rule):
    """Reports every ``print(...)`` call (a stand-in for a real rule)."""

    code = "NN699"
    name = "fake-print-call"
    message = "print call {text}"
    frameworks = frozenset()
    options = {
        "fake-limit": Option(int, 3, "a number"),
        "fake-names": Option(list, [], "a list of names"),
        "fake-mode": Option(str, "fast", "a choice", choices=("fast", "slow")),
    }

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for node in ast.walk(program.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                yield self.report(program, node, text=program.text(node))


class FakeCrash(Rule):
    """Raises on any file that mentions ``crash`` (an internal error to report). Opt-in."""

    code = "NN698"
    name = "fake-crash"
    message = "never reported"
    frameworks = frozenset()
    default = False

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if "crash" in program.source:
            raise ZeroDivisionError("the fake rule crashed")
        return ()


class FakePreview(Rule):
    """Reports ``preview_me`` names; a preview rule."""

    code = "NN697"
    name = "fake-preview"
    message = "preview finding"
    frameworks = frozenset()
    status = "preview"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        for node in ast.walk(program.tree):
            if isinstance(node, ast.Name) and node.id == "preview_me":
                yield self.report(program, node)


class FakeDeep(Rule):
    """Recurses once per tree level, as a naive visitor does. Opt-in."""

    code = "NN696"
    name = "fake-deep"
    message = "deep"
    frameworks = frozenset()
    default = False

    def check(self, program: Program) -> Iterable[Diagnostic]:
        def depth(node: ast.AST) -> int:
            return 1 + max((depth(child) for child in ast.iter_child_nodes(node)), default=0)

        depth(program.tree)
        return ()


FAKES = (FakeDeep, FakePreview, FakeCrash, FakePrintCall)


@pytest.fixture
def with_fake_rules() -> Iterator[None]:
    registry, index = load_registry(), load_index()
    original, original_index = registry.rules, index.rules
    object.__setattr__(registry, "rules", tuple(sorted((*original, *FAKES), key=lambda r: r.code)))
    entries = (*original_index, *(RuleEntry.of(rule) for rule in FAKES))
    object.__setattr__(index, "rules", tuple(sorted(entries, key=lambda r: r.code)))
    try:
        yield
    finally:
        object.__setattr__(registry, "rules", original)
        object.__setattr__(index, "rules", original_index)
