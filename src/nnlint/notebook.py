"""Jupyter notebooks: the code cells as one Python program, and the way back to cells.

ruff's method (CONVENTIONS.md section 6): the code cells are concatenated in order, each
ending with a newline, into one source that the engine lints like a .py file, so a model
defined in cell 2 and trained in cell 5 is one program. IPython syntax that Python cannot
parse (line magics ``%x``, shell escapes ``!cmd``, help ``x?``) is replaced line for line by
``pass`` at the same indentation, so every row stays where it was. A cell whose cell magic is
not Python (``%%bash``, ``%%writefile``) is left out; ``%%time``-style cells keep their body.
``NotebookIndex`` maps a row of the concatenated source back to (cell number, row in cell);
cell numbers count every cell, markdown included, as the notebook shows them.

Writing back (for fixes) changes only the bytes of the edited cells' ``source`` values in the
original JSON text; outputs, metadata, indentation and key order stay byte-identical.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

# Cell magics whose body is Python and stays linted (ruff's list).
PYTHON_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "debug", "prun", "pypy", "python", "python3", "ipytest"}
)
# Line magics IPython runs without the % ("automagic"): a cell starting with one is not Python.
AUTOMAGICS = frozenset(
    """alias alias_magic autoawait autocall automagic bookmark cd code colors conda config
    dhist dirs doctest_mode edit env gui history killbgscripts load load_ext loadpy logoff logon
    logstart logstate logstop ls lsmagic macro magic mamba matplotlib micromamba notebook page
    pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision psearch psource pushd
    pwd pycat pylab quickref recall rehashx reload_ext rerun reset reset_selective run save sc
    set_env store sx system tb unalias unload_ext who who_ls whos xdel xmode""".split()
)
_ESCAPE = re.compile(r"^(?P<indent>[ \t]*)(?:[%!?]|\S.*\?\s*$)")
_TIMED = re.compile(r"^[ \t]*%(?:time|timeit|prun|capture)[ \t]+(?P<code>[^-\s].*)$")
_ASSIGN_ESCAPE = re.compile(r"^(?P<indent>[ \t]*)(?P<target>[\w.\[\], ]+?)\s*=\s*[%!]")


class NotebookError(Exception):
    """The file is not a notebook nnlint can read; becomes NN001 with this message."""

    def __init__(self, message: str, cell: int | None = None, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.cell = cell
        self.line = line
        self.col = col


@dataclass(frozen=True)
class CodeCell:
    number: int  # 1-based, counting every cell of the notebook
    index: int  # position in the notebook's "cells" list
    original: str  # the cell's source as the notebook stores it
    python: str  # the same lines with IPython syntax replaced by ``pass``
    start_row: int  # 1-based row of the cell's first line in the concatenated source
    rows: int  # lines the cell occupies in the concatenated source
    blanked: frozenset[int] = frozenset()  # cell-relative rows replaced by ``pass``


@dataclass
class Notebook:
    raw: str  # the file's text
    data: dict[str, Any]
    cells: list[CodeCell] = field(default_factory=list)
    skipped_cells: list[int] = field(default_factory=list)  # numbers of non-Python cells

    @property
    def source(self) -> str:
        return "".join(cell.python for cell in self.cells)

    def locate(self, row: int) -> tuple[CodeCell, int] | None:
        """The cell holding a row of the concatenated source, and the row within the cell."""
        starts = [cell.start_row for cell in self.cells]
        position = bisect.bisect_right(starts, row) - 1
        if position < 0:
            return None
        cell = self.cells[position]
        return cell, row - cell.start_row + 1


def cell_text(source: Any) -> str:
    """A cell's source as one string (nbformat allows a string or a list of lines)."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    raise TypeError("a cell's source must be a string or a list of strings")


def parse_notebook(raw: str) -> Notebook:
    """Read a notebook's JSON text; raise NotebookError with the reason when it is not one."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise NotebookError(f"not a valid notebook: invalid JSON: {error.msg}", None, error.lineno, error.colno) from None
    except RecursionError:
        raise NotebookError("not a valid notebook: JSON nested too deep") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError("not a valid notebook: no list of cells (nbformat 4 is required)")
    major = data.get("nbformat")
    if major != 4:
        found = f"nbformat {major}" if major is not None else "no nbformat version"
        raise NotebookError(f"not a valid notebook: {found} (nbformat 4 is required)")
    notebook = Notebook(raw=raw, data=data)
    if not _is_python_notebook(data):
        return notebook
    row = 1
    for index, cell in enumerate(data["cells"]):
        number = index + 1
        if not isinstance(cell, dict):
            raise NotebookError(f"not a valid notebook: cell {number} is not an object")
        if cell.get("cell_type") != "code":
            continue
        try:
            original = cell_text(cell.get("source", ""))
        except TypeError as error:
            raise NotebookError(f"not a valid notebook: cell {number}: {error}") from None
        if not _is_python_cell(cell):
            notebook.skipped_cells.append(number)
            continue
        python, blanked = python_lines(original, number)
        if python is None:
            notebook.skipped_cells.append(number)
            continue
        if not python.endswith("\n"):
            python += "\n"
        rows = python.count("\n")
        notebook.cells.append(CodeCell(number, index, original, python, row, rows, frozenset(blanked)))
        row += rows
    return notebook


def _is_python_notebook(data: dict[str, Any]) -> bool:
    metadata: dict[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
    info = metadata.get("language_info")
    if isinstance(info, dict) and isinstance(info.get("name"), str):
        return info["name"].lower() in ("python", "ipython", "python3")
    kernel = metadata.get("kernelspec")
    if isinstance(kernel, dict) and isinstance(kernel.get("language"), str):
        return kernel["language"].lower() in ("python", "python3")
    return True


def _is_python_cell(cell: dict[str, Any]) -> bool:
    metadata: dict[str, Any] = cell["metadata"] if isinstance(cell.get("metadata"), dict) else {}
    vscode = metadata.get("vscode")
    if isinstance(vscode, dict) and isinstance(vscode.get("languageId"), str):
        return vscode["languageId"].lower() == "python"
    return True


def python_lines(text: str, number: int = 0) -> tuple[str | None, set[int]]:
    """The cell with IPython syntax replaced by ``pass`` lines, and the rows replaced.

    None when the cell is not Python at all (a non-Python cell magic, or an automagic). Only
    lines that stop the cell from parsing are replaced, so a string that happens to contain
    ``!`` or ``?`` is left alone. A cell that still does not parse raises NotebookError.
    """
    lines = text.splitlines(keepends=True)
    blanked: set[int] = set()
    stripped = text.lstrip()
    if stripped.startswith("%%"):
        magic = stripped[2:].split(None, 1)[0] if stripped[2:].strip() else ""
        if magic not in PYTHON_CELL_MAGICS:
            return None, blanked
        first = next(i for i, line in enumerate(lines) if line.strip())
        _blank(lines, first, blanked)
    for _ in range(len(lines) + 1):
        error = _syntax_error("".join(lines))
        if error is None:
            return "".join(lines), blanked
        row = (error.lineno or 1) - 1
        candidate = _escape_start(lines, row)
        if candidate is None:
            first_word = stripped.split(None, 1)[0] if stripped else ""
            if not blanked and first_word in AUTOMAGICS:
                return None, blanked
            raise NotebookError(
                f"cell {number} does not parse: {error.msg}", number, (error.lineno or 1), (error.offset or 1)
            )
        _blank(lines, candidate, blanked)
    raise NotebookError(f"cell {number} does not parse", number)


def _syntax_error(source: str) -> SyntaxError | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except SyntaxError as error:
        return error
    except (ValueError, RecursionError, MemoryError) as error:
        return SyntaxError(str(error) or type(error).__name__)
    return None


def _escape_start(lines: list[str], row: int) -> int | None:
    """The row where the IPython line holding ``row`` starts, if ``row`` is one."""
    if not 0 <= row < len(lines):
        return None
    start = row
    while start > 0 and lines[start - 1].rstrip("\r\n").endswith("\\"):
        start -= 1
    line = lines[start]
    if line.lstrip().startswith("#"):
        return None
    if _ESCAPE.match(line) or _ASSIGN_ESCAPE.match(line):
        return start
    return None


def _blank(lines: list[str], start: int, blanked: set[int]) -> None:
    row = start
    while True:
        line = lines[row]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        indent = body[: len(body) - len(body.lstrip())]
        assign = _ASSIGN_ESCAPE.match(body) if row == start else None
        timed = _TIMED.match(body) if row == start else None
        if timed and _syntax_error(timed.group("code").strip()) is None:
            replacement = indent + timed.group("code").strip()  # %time model.fit(x, y) runs the call
        elif assign:
            replacement = f"{assign.group('indent')}{assign.group('target')} = None"
        else:
            replacement = f"{indent}pass"
        if row != start:
            replacement = ""  # continuation lines of the same escape
        lines[row] = replacement + (ending or "")
        blanked.add(row + 1)
        if not body.endswith("\\") or row + 1 >= len(lines):
            break
        row += 1


# ---- writing back ---------------------------------------------------------------------------


def replace_cell_sources(notebook: Notebook, new_sources: dict[int, str]) -> str:
    """The notebook's JSON text with the ``source`` of the given cells (by index) replaced.

    Everything outside those values is kept byte for byte, including indentation, key order,
    escaping style and the trailing newline.
    """
    if not new_sources:
        return notebook.raw
    spans = _source_spans(notebook.raw)
    ensure_ascii = not any(ord(ch) > 127 for ch in notebook.raw)
    pieces = []
    last = 0
    for index in sorted(new_sources):
        start, end = spans[index]
        old_value = notebook.raw[start:end]
        pieces.append(notebook.raw[last:start])
        pieces.append(_render_source(new_sources[index], old_value, ensure_ascii))
        last = end
    pieces.append(notebook.raw[last:])
    return "".join(pieces)


def _render_source(text: str, old_value: str, ensure_ascii: bool) -> str:
    """The new value in the style of the old one: a string, or a list of lines laid out alike."""
    if old_value.lstrip().startswith('"'):
        return json.dumps(text, ensure_ascii=ensure_ascii)
    items = [json.dumps(part, ensure_ascii=ensure_ascii) for part in text.splitlines(keepends=True)]
    if not items:
        return "[]"
    lead = re.match(r"\[(\s*)", old_value).group(1)  # type: ignore[union-attr]
    tail = re.search(r"(\s*)\]$", old_value).group(1)  # type: ignore[union-attr]
    if old_value.strip() == "[]" or not lead:
        return "[" + ", ".join(items) + "]"
    return "[" + lead + ("," + lead).join(items) + tail + "]"


def _source_spans(raw: str) -> dict[int, tuple[int, int]]:
    """Character spans of each cell's ``source`` value in the JSON text, by cell index."""
    decoder = json.JSONDecoder()
    spans: dict[int, tuple[int, int]] = {}
    ws = re.compile(r"[ \t\n\r]*")

    def skip(pos: int) -> int:
        return ws.match(raw, pos).end()  # type: ignore[union-attr]

    def members(pos: int):  # type: ignore[no-untyped-def]
        """Yield (key, value_start, value_end) of the object starting at ``pos``."""
        pos = skip(pos)
        assert raw[pos] == "{"
        pos = skip(pos + 1)
        if raw[pos] == "}":
            return
        while True:
            key, pos = json.decoder.scanstring(raw, pos + 1)  # type: ignore[attr-defined]
            pos = skip(pos)
            assert raw[pos] == ":"
            start = skip(pos + 1)
            _, end = decoder.raw_decode(raw, start)
            yield key, start, end
            pos = skip(end)
            if raw[pos] == "}":
                return
            pos = skip(pos + 1)

    for key, start, _end in members(0):
        if key != "cells":
            continue
        pos = skip(start + 1)
        index = 0
        while raw[pos] != "]":
            _, cell_end = decoder.raw_decode(raw, pos)
            for cell_key, value_start, value_end in members(pos):
                if cell_key == "source":
                    spans[index] = (value_start, value_end)
            index += 1
            pos = skip(cell_end)
            if raw[pos] == ",":
                pos = skip(pos + 1)
    return spans


# ---- linting ---------------------------------------------------------------------------------


def read_notebook(path: Any) -> Notebook:
    """Read and parse a notebook file; NotebookError says why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotebookError(f"cannot read file: {error.strerror or error}") from None
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotebookError(f"not a valid notebook: not UTF-8 ({error.reason})") from None
    return parse_notebook(raw)


def to_cell(diagnostic: Any, notebook: Notebook) -> Any:
    """A diagnostic on the concatenated source, moved to its cell (rows cell-relative)."""
    from dataclasses import replace

    found = notebook.locate(diagnostic.line)
    if found is None:
        return diagnostic
    cell, line = found
    end_line = diagnostic.end_line - cell.start_row + 1
    end_col = diagnostic.end_col
    if end_line > cell.rows:
        end_line, end_col = cell.rows, len(cell.python.splitlines()[-1]) + 1 if cell.python.strip() else 1
    return replace(diagnostic, cell=cell.number, line=line, end_line=max(end_line, line), end_col=end_col)
