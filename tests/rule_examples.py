"""Reading the annotations of the rules/ example programs (the specification by example).

A trailing ``# expect: NN101`` (or ``# expect: NN101, NN106``, ``# expect: NN101 @9`` to pin
the column) marks a line that must report; every other line must stay silent.
``# expect-todo:`` is a known false negative, ``# silent-todo:`` a known false positive.
An optional first-lines header ``# nnlint-test: select = ["NN101"], options = {k = 1}``
sets per-file settings; it is TOML, never eval'ed.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
_ANNOTATION = re.compile(r"#\s*(expect|expect-todo|silent-todo):\s*([^#]*)")
_ITEM = re.compile(r"(NN[0-9]{3})(?:\s*@(\d+))?")


@dataclass
class Expectations:
    expected: Counter = field(default_factory=Counter)  # (line, code) -> count
    columns: dict = field(default_factory=dict)  # (line, code) -> col
    expect_todo: set = field(default_factory=set)
    silent_todo: set = field(default_factory=set)
    header: dict[str, Any] = field(default_factory=dict)


def comments(source: str) -> list[tuple[int, str]]:
    try:
        return [
            (tok.start[0], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        return [(n, line[line.index("#"):]) for n, line in enumerate(source.splitlines(), 1) if "#" in line]


def parse_annotations(source: str, line_offset: int = 0) -> Expectations:
    found = Expectations()
    for line, text in comments(source):
        line += line_offset
        if text.startswith("# nnlint-test:"):
            found.header = tomllib.loads("h = {" + text.split(":", 1)[1].strip() + "}")["h"]
            continue
        for kind, body in _ANNOTATION.findall(text):
            for code, col in _ITEM.findall(body):
                if kind == "expect":
                    found.expected[(line, code)] += 1
                    if col:
                        found.columns[(line, code)] = int(col)
                elif kind == "expect-todo":
                    found.expect_todo.add((line, code))
                else:
                    found.silent_todo.add((line, code))
    return found


def parse_notebook_annotations(path: Path) -> Expectations:
    """A notebook's annotations, written inside its code cells; lines are ``"cell N:L"``."""
    from nnlint.notebook import read_notebook

    found = Expectations()
    for cell in read_notebook(path).cells:
        inner = parse_annotations(cell.original)
        found.header = found.header or inner.header
        where = lambda key: (f"cell {cell.number}:{key[0]}", key[1])  # noqa: E731
        for key, count in inner.expected.items():
            found.expected[where(key)] += count
        found.columns.update({where(key): col for key, col in inner.columns.items()})
        found.expect_todo |= {where(key) for key in inner.expect_todo}
        found.silent_todo |= {where(key) for key in inner.silent_todo}
    return found


def location(diagnostic: Any) -> Any:
    """The line of a finding as annotations name it: a number, or ``"cell N:L"`` in notebooks."""
    return diagnostic.line if diagnostic.cell is None else f"cell {diagnostic.cell}:{diagnostic.line}"


def example_files() -> list[Path]:
    files = [
        p
        for p in sorted(RULES_DIR.rglob("*"))
        if p.suffix in (".py", ".ipynb") and not p.name.endswith(".fixed.py")
        and p.name.startswith(("bad_", "good_"))
    ]
    return files


def folder_code(path: Path) -> str:
    return path.relative_to(RULES_DIR).parts[0].split("-")[0]
