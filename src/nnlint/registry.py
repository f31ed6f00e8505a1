"""Finds every rule class under nnlint.rules and indexes it by code and name."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache

from nnlint.rule import Rule, iter_rule_classes

# Codes that were renamed keep working in configuration and noqa comments (ruff's redirects).
REDIRECTS: dict[str, str] = {}


@dataclass(frozen=True)
class Registry:
    rules: tuple[type[Rule], ...]

    @property
    def by_code(self) -> dict[str, type[Rule]]:
        return {rule.code: rule for rule in self.rules}

    @property
    def by_name(self) -> dict[str, type[Rule]]:
        return {rule.name: rule for rule in self.rules}

    def lookup(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        key = REDIRECTS.get(key.upper(), key)
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower())

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
