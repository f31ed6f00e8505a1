"""The Rule base class: metadata every rule declares, and how a rule reports."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from nnlint.diagnostic import Diagnostic, Fix

if TYPE_CHECKING:
    from nnlint.analysis.program import Program

FAMILIES = {
    "0": "tool",
    "1": "training-loop",
    "2": "architecture",
    "3": "optimization",
    "4": "leakage",
    "5": "reproducibility",
    "6": "api",
}

FRAMEWORKS = frozenset({"torch", "keras", "tensorflow", "sklearn", "lightning", "transformers"})


@dataclass(frozen=True)
class Option:
    """A rule option read from ``[tool.nnlint]`` (top-level key, kebab-case)."""

    type: Any
    default: Any
    doc: str
    choices: tuple[str, ...] = ()


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement check().

    A rule reads the analysis (``program``); it never re-walks the module looking for
    training loops itself, and never imports user code or frameworks.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    message: ClassVar[str]
    frameworks: ClassVar[frozenset[str]] = frozenset({"torch"})
    default: ClassVar[bool] = True
    status: ClassVar[str] = "stable"
    since: ClassVar[str] = "0.1.0"
    severity: ClassVar[str] = "error"
    fix_availability: ClassVar[str] = "none"  # none | sometimes | always
    options: ClassVar[dict[str, Option]] = {}
    # The words without which this rule cannot report, for the text pre-filter
    # (nnlint.prefilter): the engine parses a file only if at least one enabled rule's word
    # occurs in its text (a plain substring test: comments and strings count). None, the
    # default, means "always run", which keeps every file parsed; declare yours, e.g.
    # ``needs = ("backward",)`` for a rule about backward() calls. Name methods, attributes
    # or the last part of qualified names (``"Adam"`` for torch.optim.Adam: it is spelt in
    # the file whatever the import alias), never import roots only: a helper module with
    # ``def train(model, loader, opt)`` imports nothing and still holds the bug. An empty
    # tuple means the rule needs no parse of its own (NN001, reported by the engine).
    needs: ClassVar[tuple[str, ...] | None] = None

    def __init__(self, option_values: dict[str, Any] | None = None) -> None:
        values = {key: opt.default for key, opt in self.options.items()}
        values.update({k: v for k, v in (option_values or {}).items() if k in self.options})
        self.option_values = values

    @classmethod
    def family(cls) -> str:
        return FAMILIES[cls.code[2]]

    @classmethod
    def summary(cls) -> str:
        """The first sentence of "What it does", for tables and SARIF short descriptions."""
        doc = cls.__doc__ or ""
        match = re.search(r"## What it does\s*\n(.*?)(\n\s*\n|\n##|$)", doc, re.S)
        text = " ".join((match.group(1) if match else doc).split())
        return text.split(". ")[0].rstrip(".")

    def needed_words(self) -> tuple[str, ...] | None:
        """``needs``; override to add words that come from this rule's option values."""
        return self.needs

    def check(self, program: Program) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        """The repair of one of this rule's findings, or None; optional (docs/fixes.md).

        Called only on the fix path (``--fix``, ``--diff``, editor quick fixes), after check()
        on the same ``program``, so a rule pays nothing for its fix when the user only lints.
        Find the node again with ``nnlint.fix.node_at(program, diagnostic, ast.Call)`` and
        return ``Fix(title, edits, Applicability.SAFE or UNSAFE)``; edits replace exact ranges
        (1-based, end exclusive) of the text, so formatting outside them survives. Use the
        helpers of nnlint.fix (``add_keyword`` rewrites an argument list with libcst). Safe
        means the program keeps its meaning except for the bug; unsafe fixes change behaviour
        the user should review and run only with ``--unsafe-fixes``. The fixer re-parses the
        result and drops a fix that breaks the file. Declare ``fix_availability``
        ("sometimes" or "always") and say under ``## Fix safety`` in the docstring which it is.
        """
        return None

    def report(
        self,
        program: Program,
        node: ast.AST,
        fix: Fix | None = None,
        message: str | None = None,
        **fmt: Any,
    ) -> Diagnostic:
        """A diagnostic at ``node``; ``fmt`` fills the placeholders of ``message``."""
        line, col, end_line, end_col = program.position(node)
        return Diagnostic(
            code=self.code,
            name=self.name,
            message=(message or self.message).format(**fmt),
            path=program.path,
            line=line,
            col=col,
            end_line=end_line,
            end_col=end_col,
            severity=self.severity,
            fix=fix,
        )


def iter_rule_classes(module: Any) -> Iterator[type[Rule]]:
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Rule)
            and value is not Rule
            and getattr(value, "__module__", None) == module.__name__
            and "code" in vars(value)
        ):
            yield value
