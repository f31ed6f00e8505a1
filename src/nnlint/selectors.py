"""Rule selection: codes, code prefixes (``NN1``), rule names and ``ALL``, ruff's way.

Layers are applied in order (the configuration file, then the command line). Inside a layer
the most specific selector wins and, at equal specificity, ignore beats select. A ``select``
in a layer starts over; ``extend-select`` and ``ignore`` adjust what came before.
Opt-in rules are on only when a selector names them (``NN``, ``NN5``, ``NN501``, the name or
``ALL``); preview rules only with preview on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from nnlint.config import Selection, Settings
from nnlint.registry import Registry, RuleEntry, RuleIndex, load_index
from nnlint.rule import Rule

RuleMeta = type[Rule] | RuleEntry

_PREFIX = re.compile(r"^NN[0-9]{0,3}$")


def specificity(selector: str, rule: RuleMeta) -> int:
    """How specifically ``selector`` names ``rule``: -1 when it does not name it at all."""
    text = selector.strip()
    if text.upper() == "ALL":
        return 1
    if text.lower() == rule.name:
        return 10
    upper = text.upper()
    if _PREFIX.match(upper) and rule.code.startswith(upper):
        return len(upper)
    return -1


def is_valid_selector(selector: str) -> bool:
    registry = load_index()
    text = selector.strip()
    if text.upper() == "ALL" or registry.lookup(text):
        return True
    upper = text.upper()
    return bool(_PREFIX.match(upper)) and any(r.code.startswith(upper) for r in registry.rules)


def known_selectors() -> list[str]:
    registry = load_index()
    prefixes = {rule.code[:n] for rule in registry.rules for n in (2, 3, 4)}
    return sorted({*prefixes, *registry.by_code, *registry.by_name, "ALL"})


def _best(selectors: Iterable[str], rule: RuleMeta) -> int:
    return max((specificity(s, rule) for s in selectors), default=-1)


def resolve(settings: Settings, registry: Registry | RuleIndex | None = None) -> frozenset[str]:
    """The codes enabled by the settings' selection layers."""
    registry = registry or load_index()
    enabled = {
        rule.code
        for rule in registry.rules
        if rule.default and (rule.status == "stable" or settings.preview)
    }
    for layer in settings.selections:
        enabled = _apply(layer, enabled, registry, settings.preview)
    return frozenset(enabled)


def _apply(
    layer: Selection, enabled: set[str], registry: Registry | RuleIndex, preview: bool
) -> set[str]:
    result = set()
    for rule in registry.rules:
        if rule.status == "preview" and not preview:
            continue
        if rule.status == "deprecated" and layer.select is None and rule.code not in enabled:
            continue
        chosen = _best([*(layer.select or ()), *layer.extend_select], rule)
        if layer.select is None and rule.code in enabled:
            chosen = max(chosen, 0)
        if chosen >= 0 and chosen > _best(layer.ignore, rule):
            result.add(rule.code)
    return result


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-flavoured glob: ``**`` spans folders, ``*`` and ``?`` stay in one."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass(frozen=True)
class Glob:
    """One exclude / per-file-ignores pattern, compiled once.

    A pattern without a slash names a file or folder anywhere (``tests``, ``__init__.py``);
    a pattern with one is relative to the root (``src/legacy/**``). A leading ``!`` negates.
    """

    regex: re.Pattern[str]
    anchored: bool
    negate: bool

    def matches(self, relative: tuple[str, ...], entry_only: bool = False) -> bool:
        """Whether the path (as parts relative to the root) matches.

        ``entry_only`` tests the path itself; otherwise each folder on its way counts too,
        so ``build`` excludes ``build/lib/x.py``.
        """
        if not relative:
            return self.negate
        if not self.anchored:
            parts = relative[-1:] if entry_only else relative
            hit = any(self.regex.match(part) for part in parts)
        elif entry_only:
            hit = bool(self.regex.match("/".join(relative)))
        else:
            hit = any(self.regex.match("/".join(relative[: n + 1])) for n in range(len(relative)))
        return hit != self.negate


def compile_glob(pattern: str) -> Glob:
    negate = pattern.startswith("!")
    if negate:
        pattern = pattern[1:]
    pattern = pattern.rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    anchored = "/" in pattern
    return Glob(glob_to_regex(pattern.lstrip("/")), anchored, negate)


def relative_parts(path: Path, root: Path) -> tuple[str, ...]:
    """``path`` relative to ``root`` as parts; its absolute parts when it lies outside."""
    if os.sep == "/":  # called for every file and folder of a walk: strings, not Paths
        absolute_text = os.path.abspath(path)
        if not absolute_text.startswith("//"):
            for base_text in (os.path.abspath(root), _resolved_text(root)):
                if absolute_text == base_text:
                    return ()
                prefix = base_text if base_text.endswith("/") else base_text + "/"
                if absolute_text.startswith(prefix):
                    return tuple(absolute_text[len(prefix):].split("/"))
            return _outside_parts(path, root)
    absolute = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), _resolve(root)):
        try:
            return PurePosixPath(absolute.relative_to(base).as_posix()).parts
        except ValueError:
            continue
    return _outside_parts(path, root)


@lru_cache(maxsize=16)
def _resolved_text(root: Path) -> str:
    """The root with its symbolic links resolved, once per root (not per file)."""
    return str(_resolve(root))


def _outside_parts(path: Path, root: Path) -> tuple[str, ...]:
    try:
        return PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix()).parts
    except (ValueError, OSError, RuntimeError):
        return tuple(part for part in PurePosixPath(path.as_posix()).parts if part not in ("/", "."))


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return Path(os.path.abspath(path))


def path_matches(pattern: str, path: Path, root: Path) -> bool:
    """Whether a per-file-ignores / exclude glob names ``path`` or a folder above it."""
    return compile_glob(pattern).matches(relative_parts(path, root))


def for_path(settings: Settings, enabled: frozenset[str], path: Path) -> frozenset[str]:
    """``enabled`` minus what per-file-ignores removes for ``path``."""
    if not settings.per_file_ignores:
        return enabled
    registry = load_index()
    removed: set[str] = set()
    for pattern, selectors in settings.per_file_ignores:
        if path_matches(pattern, path, settings.root):
            for code in enabled:
                rule = registry.by_code[code]
                if _best(selectors, rule) >= 0:
                    removed.add(code)
    return enabled - removed
