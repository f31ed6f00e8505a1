"""Finds every rule class under nnlint.rules and indexes it by code and name.

Two views of the same rules:
- ``load_registry()`` imports every rule module (and so every analysis module they use): the
  documentation, ``nnlint rule``, fixes and configuration checks read the classes themselves.
- ``load_index()`` reads nnlint/rule_index.py, a generated table of what choosing rules and
  the text pre-filter need (code, name, default, status, words). A lint run selects rules
  and filters files with it and imports a rule's module only when a file passes that rule's
  words: ``nnlint check one_file.py`` on a file no rule can report on imports no analysis.
  ``python -m nnlint.registry`` rewrites the table; a test fails when it is stale.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from nnlint.rule import Rule, iter_rule_classes

# Codes that were renamed keep working in configuration and noqa comments (ruff's redirects).
REDIRECTS: dict[str, str] = {}


class _Named(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


@dataclass(frozen=True)
class _Rules(Generic[N]):
    """Rules (classes, or entries of the generated table) looked up by code or name."""

    rules: tuple[N, ...]

    @property
    def by_code(self) -> dict[str, N]:
        return {rule.code: rule for rule in self.rules}

    @property
    def by_name(self) -> dict[str, N]:
        return {rule.name: rule for rule in self.rules}

    def lookup(self, code_or_name: str) -> N | None:
        key = code_or_name.strip()
        key = REDIRECTS.get(key.upper(), key)
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower())


@dataclass(frozen=True)
class Registry(_Rules[type[Rule]]):
    """The rule classes themselves (every rule module imported)."""

    def option_owners(self) -> dict[str, list[type[Rule]]]:
        owners: dict[str, list[type[Rule]]] = {}
        for rule in self.rules:
            for key in rule.options:
                owners.setdefault(key, []).append(rule)
        return owners


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """Import every module of the nnlint.rules package (recursively) and collect its rules."""
    import nnlint.rules as package

    found: list[type[Rule]] = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        found.extend(iter_rule_classes(module))
    found.sort(key=lambda rule: rule.code)
    codes = [rule.code for rule in found]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule codes: {sorted(duplicates)}")
    return Registry(tuple(found))


@dataclass(frozen=True)
class RuleEntry:
    """One rule as the index knows it: enough to select it and to pre-filter files for it.

    ``needs`` are the words with default options; when the rule computes its words from its
    options (``words_from_options``) and the user set one of them, the rule itself is asked.
    """

    code: str
    name: str
    module: str
    cls: str
    default: bool
    status: str
    needs: tuple[str, ...] | None
    options: tuple[str, ...] = ()
    words_from_options: bool = False
    loaded: type[Rule] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, rule: type[Rule]) -> RuleEntry:
        """The entry of a rule class (what the generated table records, and test rules)."""
        return cls(
            code=rule.code,
            name=rule.name,
            module=rule.__module__,
            cls=rule.__qualname__,
            default=rule.default,
            status=rule.status,
            needs=rule().needed_words(),
            options=tuple(rule.options),
            words_from_options=rule.needed_words is not Rule.needed_words,
            loaded=rule,
        )

    def load(self) -> type[Rule]:
        """The rule class (its module is imported now if it was not)."""
        if self.loaded is not None:
            return self.loaded
        rule: type[Rule] = getattr(importlib.import_module(self.module), self.cls)
        return rule

    def needed_words(self) -> tuple[str, ...] | None:
        return self.needs


@dataclass(frozen=True)
class RuleIndex(_Rules[RuleEntry]):
    """The rules as the generated table lists them; the same look-ups as ``Registry``."""

    @classmethod
    def of(cls, rules: Iterable[type[Rule]]) -> RuleIndex:
        return cls(tuple(sorted((RuleEntry.of(rule) for rule in rules), key=lambda entry: entry.code)))


@lru_cache(maxsize=1)
def load_index() -> RuleIndex:
    """The rules of the generated table, no rule module imported."""
    from nnlint.rule_index import RULES

    return RuleIndex(tuple(RuleEntry(*row) for row in RULES))


INDEX_FILE = Path(__file__).with_name("rule_index.py")
INDEX_BANNER = '"""Generated by `python -m nnlint.registry` from the rule classes: do not edit.'


def render_index(registry: Registry) -> str:
    """The text of nnlint/rule_index.py for these rules."""
    lines = [
        INDEX_BANNER,
        "",
        "What selecting rules and the text pre-filter need, so that a run imports a rule's",
        "module only for a file that passes its words (nnlint.registry.load_index). Each row:",
        "code, name, module, class, default, status, needs, option keys, words from options.",
        '"""',
        "",
        "RULES = (",
    ]
    for rule in registry.rules:
        entry = RuleEntry.of(rule)
        row = (
            entry.code, entry.name, entry.module, entry.cls, entry.default, entry.status,
            entry.needs, entry.options, entry.words_from_options,
        )
        lines.append(f"    {row!r},")
    lines.append(")")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite nnlint/rule_index.py (``--check``: exit 1 when it is stale instead)."""
    args = sys.argv[1:] if argv is None else argv
    text = render_index(load_registry())
    current = INDEX_FILE.read_text(encoding="utf-8") if INDEX_FILE.exists() else None
    if "--check" in args:
        if current != text:
            print(f"{INDEX_FILE} is stale: run `python -m nnlint.registry`")
            return 1
        return 0
    if current != text:
        INDEX_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {INDEX_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
