"""The order a run lints its files in: a project's imported modules before their importers.

A file's findings never depend on the order (the runner reports in path order, and what the
loader learns of a module is the same whether it parsed the module or was handed it), but
the cost does. Linting ``modeling_utils.py`` before the hundreds of files that import from
it lets the loader keep its outline (nnlint.analysis.imports.ModuleLoader.adopt); in path
order, ``models/bert/modeling_bert.py`` comes first and the loader parses the module once
for it and the run parses it again to lint it. On the transformers source, path order
makes the loader parse 317 modules that are linted later; this order makes it 41.

The imports are found by a regular expression over the raw bytes, not by parsing: the order
only has to be good, not exact, and a scan costs a small fraction of a parse.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

# One import statement, matched from the start of a line holding the word ``import``.
_IMPORT = re.compile(rb"[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t(]+(\w*)|import[ \t]+([\w.]+))")
_SUFFIX_DEPTH = 6  # trailing path parts a module is known by (``transformers.models.bert.x``)


def dependency_order(paths: Sequence[Path]) -> list[int]:
    """Indices into ``paths``: each file after the files among ``paths`` it imports (as far
    as an import cycle allows), otherwise in the given order."""
    names = [str(path) for path in paths]
    known = {name: index for index, name in enumerate(names)}
    by_suffix = _suffix_index(paths)
    order: list[int] = []
    state = [0] * len(paths)  # 0 unseen, 1 entered, 2 placed
    for start in range(len(paths)):
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(_imported(names[start], known, by_suffix)))]
        while stack:
            index, pending = stack[-1]
            for dependency in pending:
                if not state[dependency]:
                    state[dependency] = 1
                    stack.append((dependency, iter(_imported(names[dependency], known, by_suffix))))
                    break
            else:
                stack.pop()
                state[index] = 2
                order.append(index)
    return order


def _suffix_index(paths: Sequence[Path]) -> dict[tuple[str, ...], int | None]:
    """Each file under the dotted names it may be imported by; None where two files share one."""
    index: dict[tuple[str, ...], int | None] = {}
    for position, path in enumerate(paths):
        parts = path.parent.parts if path.name == "__init__.py" else (*path.parent.parts, path.stem)
        for depth in range(1, min(_SUFFIX_DEPTH, len(parts)) + 1):
            key = tuple(parts[-depth:])
            index[key] = position if key not in index else None
    return index


def _statements(data: bytes) -> list[tuple[bytes, ...]]:
    """(dots, module, first name, plain module) of each import statement: the word is found
    with a plain search, which is several times faster than a line-anchored expression."""
    found: list[tuple[bytes, ...]] = []
    position = 0
    while (at := data.find(b"import", position)) >= 0:
        match = _IMPORT.match(data, data.rfind(b"\n", 0, at) + 1)
        if match is not None and match.end() > at:
            found.append(match.groups())
            end = data.find(b"\n", at)
            position = len(data) if end < 0 else end
        else:
            position = at + 6
    return found


def _imported(name: str, known: dict[str, int], by_suffix: dict[tuple[str, ...], int | None]) -> list[int]:
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError:
        return []
    folder = os.path.dirname(name)
    found: list[int] = []
    for dots, module, first, plain in _statements(data):
        if dots:
            base = folder
            for _ in range(len(dots) - 1):
                base = os.path.dirname(base)
            target = os.path.join(base, *module.decode().split(".")) if module else base
            candidates = [os.path.join(target, first.decode())] if first else []
            if module:
                candidates.append(target)
            hits = (known.get(c + ".py", known.get(os.path.join(c, "__init__.py"))) for c in candidates)
            hit = next((h for h in hits if h is not None), known.get(os.path.join(base, "__init__.py")) if not module else None)
        else:
            dotted = tuple((module or plain).decode().split("."))
            keys = [(*dotted, first.decode()), dotted] if first else [dotted]
            hit = None
            for key in keys:
                sibling = known.get(os.path.join(folder, *key) + ".py")
                hit = sibling if sibling is not None else by_suffix.get(key)
                if hit is not None:
                    break
        if hit is not None:
            found.append(hit)
    return found
