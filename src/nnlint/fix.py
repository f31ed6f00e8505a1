"""Automatic fixes: computing them lazily, applying them safely, showing them as diffs.

The rule side of the contract (see ``Rule.fix``): a rule that can repair a finding overrides
``fix(program, diagnostic) -> Fix | None``. It is called only on the fix path (``--fix``,
``--diff``, editor quick fixes), never on the plain lint path, so a rule pays nothing for its
fix when the user only lints. ``node_at`` finds the ast node a diagnostic was reported at.

Edits are replacements of exact ranges that the stdlib tree locates, so everything outside
them (formatting, comments) is untouched. Where a fix rewrites the inside of an expression
(an argument list), it parses that expression's text with libcst and renders it back
(``add_keyword``), which keeps the comments and layout inside the call. libcst is imported
here only, and this module is imported only on the fix path.

Applying: fixes of one round that do not overlap are applied together; the result must
parse (stdlib ast and libcst) or each fix is tried alone and those that break the file are
dropped and reported. Rounds repeat until nothing changes (at most ``MAX_ROUNDS``), so a
second ``--fix`` changes nothing. A file with NN001 is never changed. Writes are atomic
(temporary file in the same folder, then ``os.replace``) and keep the encoding, BOM, line
endings and permissions. In notebooks only the edited cells' ``source`` values change.
"""

from __future__ import annotations

import ast
import codecs
import difflib
import io
import os
import re
import stat
import tokenize
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nnlint.atomic import replace_bytes
from nnlint.diagnostic import Applicability, Diagnostic, Edit, Fix

if TYPE_CHECKING:
    from nnlint.analysis.program import Program
    from nnlint.engine import Linter
    from nnlint.rule import Rule

MAX_ROUNDS = 10
N = TypeVar("N", bound=ast.AST)


# ---- helpers for rules -----------------------------------------------------------------------


def node_at(program: Program, diagnostic: Diagnostic, kind: type[N] | tuple[type, ...] = ast.AST) -> N | None:
    """The node of type ``kind`` whose range is exactly the diagnostic's range."""
    wanted = (diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col)
    for node in program.nodes:
        if isinstance(node, kind) and hasattr(node, "lineno") and program.position(node) == wanted:
            return node  # type: ignore[return-value]
    return None


def edit_replace(program: Program, node: ast.AST, content: str) -> Edit:
    """Replace the node's text."""
    line, col, end_line, end_col = program.position(node)
    return Edit(line, col, end_line, end_col, content)


def edit_delete_between(program: Program, before: ast.AST, after_line: int, after_col: int) -> Edit:
    """Delete from the end of ``before`` to a position (1-based, exclusive)."""
    _, _, line, col = program.position(before)
    return Edit(line, col, after_line, after_col, "")


def edit_insert(line: int, col: int, content: str) -> Edit:
    return Edit(line, col, line, col, content)


def pass_logits(
    program: Program, loss_input: ast.AST | None, unwrap: Callable[[ast.AST | None], ast.AST | None]
) -> Fix | None:
    """Drop the activation applied to a loss input (NN205, NN206), as an unsafe fix.

    ``unwrap`` returns the logits inside an activation call (``F.softmax(z, 1)`` -> ``z``).
    The activation is removed where the loss is called, or at the one assignment of a name
    that the loss alone reads; anything else is left to the user.
    """
    inner = unwrap(loss_input)
    if inner is not None and loss_input is not None:
        return Fix("Pass the logits", (edit_replace(program, loss_input, program.text(inner)),), Applicability.UNSAFE)
    if not isinstance(loss_input, ast.Name):
        return None
    scope: ast.AST = program.enclosing_function(loss_input) or program.tree
    names = [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == loss_input.id]
    stores = [n for n in names if not isinstance(n.ctx, ast.Load)]
    loads = [n for n in names if isinstance(n.ctx, ast.Load)]
    if len(stores) != 1 or len(loads) != 1:
        return None
    assign = program.parent(stores[0])
    inner = unwrap(assign.value) if isinstance(assign, ast.Assign) and len(assign.targets) == 1 else None
    if inner is None:
        return None
    return Fix("Pass the logits", (edit_replace(program, assign.value, program.text(inner)),), Applicability.UNSAFE)


def line_indent(program: Program, line: int) -> str:
    text = program.lines[line - 1] if 1 <= line <= len(program.lines) else ""
    return text[: len(text) - len(text.lstrip(" \t"))]


def add_keyword(program: Program, call: ast.Call, keyword: str, value: str) -> Edit | None:
    """Add ``keyword=value`` to a call's arguments, keeping the call's own layout and comments.

    The call's text is parsed with libcst and rendered back; a trailing comma and one argument
    per line are respected. None when the call already passes that keyword or cannot be
    rewritten (``**kwargs`` that might hold it, text that libcst cannot parse alone).
    """
    import libcst as cst

    if any(k.arg == keyword or k.arg is None for k in call.keywords):
        return None
    line, col, end_line, end_col = program.position(call)
    text = slice_text(program.lines, line, col, end_line, end_col)
    try:
        expr = cst.parse_expression(text if "\n" not in text else f"({text})")
    except Exception:  # noqa: BLE001 - libcst raises several error types
        return None
    wrapped = "\n" in text
    node = expr
    if wrapped:
        node = expr.with_changes(lpar=[], rpar=[])
    if not isinstance(node, cst.Call):
        return None
    args = list(node.args)
    new_arg = cst.Arg(
        keyword=cst.Name(keyword),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )
    if args:
        last = args[-1]
        trailing = last.comma
        indent = _argument_indent(node, args)
        if isinstance(trailing, cst.Comma) and isinstance(trailing.whitespace_after, cst.ParenthesizedWhitespace) and indent is not None:
            # One argument per line: the new one goes on its own line, before the closing paren;
            # a comment after the old last argument stays with it.
            after = trailing.whitespace_after
            args[-1] = last.with_changes(comma=trailing.with_changes(whitespace_after=after.with_changes(last_line=indent)))
            new_arg = new_arg.with_changes(
                comma=cst.Comma(whitespace_after=cst.ParenthesizedWhitespace(last_line=after.last_line))
            )
        elif isinstance(trailing, cst.Comma):
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            new_arg = new_arg.with_changes(comma=trailing)
        else:
            own_line = isinstance(last.whitespace_after_arg, cst.ParenthesizedWhitespace) and indent is not None
            separator = cst.ParenthesizedWhitespace(last_line=indent) if own_line else cst.SimpleWhitespace(" ")
            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=separator), whitespace_after_arg=cst.SimpleWhitespace(""))
            new_arg = new_arg.with_changes(whitespace_after_arg=last.whitespace_after_arg)
    node = node.with_changes(args=[*args, new_arg])
    rendered = cst.Module(body=[]).code_for_node(node)
    return Edit(line, col, end_line, end_col, rendered)


def _argument_indent(call: Any, args: list[Any]) -> Any:
    """The whitespace that starts an argument's line in a one-argument-per-line call."""
    import libcst as cst

    if len(args) > 1 and isinstance(args[-2].comma, cst.Comma):
        after = args[-2].comma.whitespace_after
        return after.last_line if isinstance(after, cst.ParenthesizedWhitespace) else None
    before = call.whitespace_before_args
    return before.last_line if isinstance(before, cst.ParenthesizedWhitespace) else None


def slice_text(lines: list[str], line: int, col: int, end_line: int, end_col: int) -> str:
    """The text between two 1-based positions (end exclusive), lines joined with ``\\n``."""
    if line == end_line:
        return lines[line - 1][col - 1 : end_col - 1]
    middle = lines[line : end_line - 1]
    return "\n".join([lines[line - 1][col - 1 :], *middle, lines[end_line - 1][: end_col - 1]])


# ---- computing fixes (called by the engine on the fix path) ----------------------------------


def has_fix(rule: type[Rule] | Rule) -> bool:
    from nnlint.rule import Rule

    cls = rule if isinstance(rule, type) else type(rule)
    return cls.fix is not Rule.fix


def attach_fixes(
    program: Program, rules: Iterable[Rule], diagnostics: list[Diagnostic], errors: list[str]
) -> list[Diagnostic]:
    """The diagnostics with ``fix`` filled in by their rules, where a rule offers one."""
    by_code = {rule.code: rule for rule in rules if has_fix(rule)}
    out = []
    for diagnostic in diagnostics:
        rule = by_code.get(diagnostic.code)
        if rule is not None and diagnostic.fix is None:
            try:
                fix = rule.fix(program, diagnostic)
            except Exception as error:  # noqa: BLE001 - a broken fix must not stop the run
                errors.append(f"{program.path}: internal error in the fix of {rule.code}: {type(error).__name__}: {error}")
                fix = None
            if fix is not None:
                diagnostic = replace(diagnostic, fix=fix)
        out.append(diagnostic)
    return out


# ---- applying edits to text ------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for match in _LINE_BREAK.finditer(source):
        starts.append(match.end())
    return starts


def _offset(starts: list[int], line: int, col: int) -> int:
    if line > len(starts):
        return starts[-1]
    return starts[line - 1] + col - 1


def apply_edits(source: str, edits: Iterable[Edit], newline: str = "\n") -> str:
    """Apply non-overlapping edits (positions in ``source``), converting ``\\n`` to ``newline``."""
    starts = _line_starts(source)
    spans = sorted(
        ((_offset(starts, e.line, e.col), _offset(starts, e.end_line, e.end_col), e.content) for e in edits),
        key=lambda span: (span[0], span[1]),
    )
    pieces = []
    last = 0
    for start, end, content in spans:
        pieces.append(source[last:start])
        pieces.append(content.replace("\n", newline) if newline != "\n" else content)
        last = max(last, end)
    pieces.append(source[last:])
    return "".join(pieces)


def _overlaps(a: Fix, b: Fix) -> bool:
    for x in a.edits:
        for y in b.edits:
            if (x.line, x.col) <= (y.end_line, y.end_col) and (y.line, y.col) <= (x.end_line, x.end_col):
                return True
    return False


def parses(source: str) -> str | None:
    """None when the text parses with ast and libcst, else the reason."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError) as error:
        return f"does not parse: {error}"
    import libcst as cst

    try:
        cst.parse_module(source)
    except Exception as error:  # noqa: BLE001
        return f"libcst cannot parse: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
    return None


def dominant_newline(source: str) -> str:
    crlf = source.count("\r\n")
    lf = source.count("\n") - crlf
    cr = source.count("\r") - crlf
    if crlf > lf and crlf >= cr:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


# ---- one file ------------------------------------------------------------------------------


@dataclass
class FixOutcome:
    """What fixing one file did. ``new_text`` is the whole file (JSON for notebooks)."""

    path: str
    old_text: str
    new_text: str
    fixed: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cell_diffs: list[tuple[int, str, str]] = field(default_factory=list)  # notebooks

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.applicability == Applicability.SAFE)


def fix_text(
    lint: Callable[[str], tuple[list[Diagnostic], list[str]]],
    source: str,
    unsafe: bool,
    check: Callable[[str], str | None] = parses,
    accept: Callable[[Fix], bool] = lambda fix: True,
    rounds: int = MAX_ROUNDS,
) -> tuple[str, list[Diagnostic], list[str], list[str]]:
    """Fix rounds over one text: (new text, fixed diagnostics, rejected reasons, errors).

    ``lint(text)`` returns the diagnostics with fixes attached and internal errors.
    """
    newline = dominant_newline(source)
    fixed: list[Diagnostic] = []
    rejected: list[str] = []
    errors: list[str] = []
    refused: set[tuple[str, str]] = set()
    for _ in range(rounds):
        diagnostics, round_errors = lint(source)
        errors += [e for e in round_errors if e not in errors]
        if any(d.code == "NN001" for d in diagnostics):
            break
        chosen: list[Diagnostic] = []
        for diagnostic in diagnostics:
            fix = diagnostic.fix
            if not wanted(fix, unsafe) or (diagnostic.code, repr(fix)) in refused:
                continue
            if not accept(fix):  # type: ignore[arg-type]
                continue
            if any(_overlaps(fix, other.fix) for other in chosen):  # type: ignore[arg-type]
                continue
            chosen.append(diagnostic)
        if not chosen:
            break
        candidate = apply_edits(source, [e for d in chosen for e in d.fix.edits], newline)  # type: ignore[union-attr]
        if check(candidate) is None:
            source = candidate
            fixed += chosen
            continue
        for diagnostic in chosen:
            alone = apply_edits(source, diagnostic.fix.edits, newline)  # type: ignore[union-attr]
            reason = check(alone)
            if reason is None:
                source = alone
                fixed.append(diagnostic)
                break  # positions of the others moved: lint again
            refused.add((diagnostic.code, repr(diagnostic.fix)))
            rejected.append(
                f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}: {diagnostic.code} fix dropped: the result {reason}"
            )
    return source, fixed, rejected, errors


def fix_file(linter: Linter, path: Path, unsafe: bool, display: str | None = None) -> FixOutcome:
    """Compute the fixed text of one file (nothing is written here)."""
    if path.suffix == ".ipynb":
        return fix_notebook(linter, path, unsafe, display)
    from nnlint.engine import LintOptions
    from nnlint.files import SourceError, read_source

    display = display or str(path)
    try:
        source = read_source(path)
    except SourceError:
        return FixOutcome(display, "", "", remaining=linter.lint_path(path, display).diagnostics)
    options = LintOptions(fixes=True)

    def lint(text: str) -> tuple[list[Diagnostic], list[str]]:
        result = linter.lint_source(text, display, path, options)
        return result.diagnostics, result.errors

    new, fixed, rejected, errors = fix_text(lint, source, unsafe)
    remaining = linter.lint_source(new, display, path).diagnostics if fixed else lint(source)[0]
    return FixOutcome(display, source, new, fixed, [replace(d, fix=None) for d in remaining], rejected, errors)


def fix_notebook(linter: Linter, path: Path, unsafe: bool, display: str | None = None) -> FixOutcome:
    """Fix the code cells of a notebook; only the edited cells' sources change."""
    from nnlint.engine import LintOptions
    from nnlint.notebook import NotebookError, python_lines, read_notebook, replace_cell_sources, to_cell

    display = display or str(path)
    try:
        notebook = read_notebook(path)
    except NotebookError:
        return FixOutcome(display, "", "", remaining=linter.lint_path(path, display).diagnostics)
    original_raw = notebook.raw
    fixed_all: list[Diagnostic] = []
    rejected_all: list[str] = []
    errors_all: list[str] = []
    options = LintOptions(fixes=True)
    for _ in range(MAX_ROUNDS):
        current = notebook

        def lint(text: str) -> tuple[list[Diagnostic], list[str]]:
            result = linter.lint_source(text, display, path, options)
            return result.diagnostics, result.errors

        def accept(fix: Fix, nb: Any = current) -> bool:
            """Edits must stay inside one cell and leave blanked IPython lines alone."""
            cells = set()
            for edit in fix.edits:
                start, end = nb.locate(edit.line), nb.locate(edit.end_line)
                if start is None or end is None or start[0] is not end[0]:
                    return False
                cell = start[0]
                insertion_at_line_start = (edit.line, edit.col) == (edit.end_line, edit.end_col) and edit.col == 1
                if not insertion_at_line_start and any(row in cell.blanked for row in range(start[1], end[1] + 1)):
                    return False
                cells.add(cell.number)
            return len(cells) == 1

        new_source, fixed, rejected, errors = fix_text(lint, current.source, unsafe, accept=accept, rounds=1)
        rejected_all += rejected
        errors_all += [e for e in errors if e not in errors_all]
        if not fixed:
            break
        # Re-apply the chosen edits cell by cell onto the cells' original text.
        by_cell: dict[int, list[Edit]] = {}
        for diagnostic in fixed:
            for edit in diagnostic.fix.edits:  # type: ignore[union-attr]
                cell, row = current.locate(edit.line)  # type: ignore[misc]
                shift = cell.start_row - 1
                by_cell.setdefault(cell.index, []).append(
                    Edit(edit.line - shift, edit.col, edit.end_line - shift, edit.end_col, edit.content)
                )
        new_sources = {}
        for index, edits in by_cell.items():
            cell = next(c for c in current.cells if c.index == index)
            text = apply_edits(cell.original, edits, dominant_newline(cell.original))
            try:
                python_lines(text, cell.number)
            except NotebookError as error:
                rejected_all.append(f"{display}:cell {cell.number}: fix dropped: {error}")
                new_sources = {}
                break
            new_sources[index] = text
        if not new_sources:
            break
        fixed_all += [to_cell(d, current) for d in fixed]
        from nnlint.notebook import parse_notebook

        notebook = parse_notebook(replace_cell_sources(current, new_sources))
    remaining = [to_cell(d, notebook) for d in linter.lint_source(notebook.source, display, path).diagnostics]
    outcome = FixOutcome(display, original_raw, notebook.raw, fixed_all, remaining, rejected_all, errors_all)
    if outcome.changed:
        from nnlint.notebook import parse_notebook

        before = {c.index: c for c in parse_notebook(original_raw).cells}
        for cell in notebook.cells:
            old = before.get(cell.index)
            if old is not None and old.original != cell.original:
                outcome.cell_diffs.append((cell.number, old.original, cell.original))
    return outcome


# ---- output ----------------------------------------------------------------------------------


def unified_diff(outcome: FixOutcome) -> str:
    if not outcome.changed:
        return ""
    if outcome.cell_diffs:
        parts = []
        for number, old, new in outcome.cell_diffs:
            name = f"{outcome.path}:cell {number}"
            parts.append("".join(difflib.unified_diff(
                _lines(old), _lines(new), fromfile=name, tofile=name
            )))
        return "".join(parts)
    return "".join(difflib.unified_diff(
        _lines(outcome.old_text), _lines(outcome.new_text), fromfile=outcome.path, tofile=outcome.path
    ))


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


# ---- writing -------------------------------------------------------------------------------


def _encoding_of(data: bytes) -> tuple[str, bool]:
    """The encoding a Python file declares (PEP 263) and whether it starts with a BOM."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    return encoding, bom


def write_atomic(path: Path, text: str) -> None:
    """Replace the file's contents in one step, keeping its encoding, BOM and permissions."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        encoding, bom = "utf-8", data.startswith(codecs.BOM_UTF8)
    else:
        encoding, bom = _encoding_of(data)
    payload = (codecs.BOM_UTF8 if bom else b"") + text.encode(encoding)
    replace_bytes(path, payload, stat.S_IMODE(os.stat(path).st_mode), sync=True)


# ---- many files (the CLI) ------------------------------------------------------------------


@dataclass
class FixRun:
    outcomes: list[FixOutcome] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(len(o.fixed) for o in self.outcomes if o.changed)

    @property
    def changed(self) -> list[FixOutcome]:
        return [o for o in self.outcomes if o.changed]


def fix_results(files: list[Any], linter: Linter, unsafe: bool, write: bool) -> FixRun:
    """Fix the files of a lint run that have findings a rule can fix; update their results.

    ``files`` are the run's FileResults: the diagnostics of each fixed file are replaced by
    what remains after fixing and ``fixed`` counts the repaired findings. With ``write`` the
    files are rewritten (atomically); without it nothing on disk changes (``--diff``).
    """
    fixable = {rule.code for rule in linter.registry.rules if has_fix(rule)}
    run = FixRun()
    for result in files:
        codes = {d.code for d in result.diagnostics}
        if "NN001" in codes or not codes & fixable:
            continue
        outcome = fix_file(linter, Path(result.path), unsafe, result.path)
        run.outcomes.append(outcome)
        result.errors.extend(e for e in outcome.errors if e not in result.errors)
        if not outcome.changed:
            continue
        if write:
            try:
                write_atomic(Path(result.path), outcome.new_text)
            except OSError as error:
                run.write_errors.append(f"{result.path}: cannot write the fixed file: {error.strerror or error}")
                continue
            result.diagnostics = outcome.remaining
            result.fixed = len(outcome.fixed)
    return run
