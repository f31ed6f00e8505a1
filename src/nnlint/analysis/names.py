"""Qualified names: which imported thing a name or attribute chain refers to.

Rules compare qualified names, never spellings, so ``nn.Linear``, ``torch.nn.Linear`` and
``from torch.nn import Linear as L`` are one thing and a user's own ``Linear`` is not.
Re-exports that denote the same API are folded onto one canonical spelling.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

# Longest prefix first; a prefix matches whole dotted segments only.
_CANONICAL = (
    ("tensorflow.python.keras", "keras"),
    ("tensorflow.keras", "keras"),
    ("tf_keras", "keras"),
    ("keras.src", "keras"),
    ("lightning.pytorch", "lightning"),
    ("pytorch_lightning", "lightning"),
    ("lightning.fabric", "lightning"),
    ("torch.cuda.amp", "torch.amp"),
    ("torch.nn.modules.loss", "torch.nn"),
    ("torch.nn.modules", "torch.nn"),
    ("torch.nn.parameter", "torch.nn"),
    ("torch.optim.optimizer", "torch.optim"),
    ("torch.utils.data.dataloader", "torch.utils.data"),
    ("torch.utils.data.dataset", "torch.utils.data"),
)


@lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    for prefix, replacement in _CANONICAL:
        if name == prefix or name.startswith(prefix + "."):
            return replacement + name[len(prefix):]
    return name


_UNKNOWN = object()  # not yet asked (None is an answer)


@dataclass
class Names:
    """The import aliases of one module: local name -> canonical qualified name."""

    aliases: dict[str, str] = field(default_factory=dict)
    # Answers by node (held, so no other node takes its id): a file asks each call's
    # qualified name of several analyses.
    _known: dict[ast.AST, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def collect(cls, tree: ast.Module, imports: Iterable[ast.AST] | None = None) -> Names:
        """``imports``: the tree's import statements in ``ast.walk`` order, when already known."""
        names = cls()
        for node in ast.walk(tree) if imports is None else imports:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        names.aliases[alias.asname] = canonical(alias.name)
                    else:
                        root = alias.name.split(".")[0]
                        names.aliases.setdefault(root, root)
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    full = f"{base}.{alias.name}" if base and not base.endswith(".") else base + alias.name
                    names.aliases[alias.asname or alias.name] = canonical(full)
        # Module-level aliases of imported things: ``Dense = tf.keras.layers.Dense``.
        for stmt in tree.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, (ast.Name, ast.Attribute))
            ):
                target = names.qualname(stmt.value)
                if target and "." in target:
                    names.aliases.setdefault(stmt.targets[0].id, target)
        names._known.clear()  # answered while the aliases were still growing
        return names

    def qualname(self, node: ast.AST | None) -> str | None:
        """``torch.nn.Linear`` for ``nn.Linear`` when ``nn`` was imported; None otherwise."""
        if node is None:
            return None
        found = self._known.get(node, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._known[node] = self._qualname(node)
        return found  # type: ignore[return-value]

    def _qualname(self, node: ast.AST) -> str | None:
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        root = self.aliases.get(node.id)
        if root is None:
            return None
        parts.append(root)
        return canonical(".".join(reversed(parts)))

    def imports(self, prefix: str) -> bool:
        """Whether any alias refers to ``prefix`` or something under it."""
        return any(q == prefix or q.startswith(prefix + ".") for q in self.aliases.values())


def last_name(node: ast.AST | None) -> str | None:
    """``fit`` for ``model.fit``, ``train`` for ``train``: what a name or attribute is called
    (a call's callee, a callback), else None."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def dotted(node: ast.AST | None) -> str | None:
    """The source spelling of a plain name or attribute chain (``self.model.fc``), else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None
