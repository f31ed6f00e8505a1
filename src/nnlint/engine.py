"""Lint one source: parse once, build the Program, run the enabled rules, apply noqa.

A file that cannot be read, decoded or parsed is one NN001 finding, never an exception. A
bug inside a rule is caught here and reported as an internal error naming the file and the
rule; the other rules' findings still stand.
"""

from __future__ import annotations

import ast
import re
import sys
import traceback
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from nnlint import noqa, prefilter
from nnlint.analysis.imports import ModuleLoader
from nnlint.analysis.program import Program, ProjectInfo
from nnlint.config import Settings
from nnlint.project import project_for
from nnlint.diagnostic import Diagnostic, FileResult
from nnlint.files import SourceError, read_source
from nnlint.registry import Registry, RuleEntry, load_index, load_registry
from nnlint.rule import Rule
from nnlint.selectors import for_path, resolve

PARSE_ERROR_CODE = "NN001"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class LintOptions:
    """How the engine runs, as opposed to what it checks."""

    apply_noqa: bool = True
    # The fix path (--fix, --diff, editor quick fixes): rules that can repair a finding attach
    # their Fix (nnlint.fix.attach_fixes). Off on the plain lint path, which never imports libcst.
    fixes: bool = False
    # The user named this file (command line, pre-commit, stdin, editor): when the text
    # pre-filter skips its rules it is still parsed, so NN001 is reported (nnlint.prefilter).
    explicit: bool = True
    prefilter: bool = True


class Linter:
    """The enabled rules of one run, each instantiated with its options when first needed.

    Rules are chosen from the generated index (nnlint.registry.load_index) and a rule's module
    is imported only when a file passes its words: most files of a run, and the one file of
    a pre-commit or editor run, need few rules or none.
    """

    def __init__(self, settings: Settings, project: ProjectInfo | None = None) -> None:
        self.settings = settings
        # One project for every file (stdin, an editor's folder), else each file's own: the
        # nearest pyproject.toml / requirements*.txt above it (nnlint.project).
        self.project = project
        self.modules = ModuleLoader()
        self.index = load_index()
        self.enabled = resolve(settings, self.index)
        self._entries = {code: self.index.by_code[code] for code in sorted(self.enabled)}
        self._loaded: dict[str, Rule] = {}

    @property
    def registry(self) -> Registry:
        """Every rule class (imports every rule module: the fix path and reports use it)."""
        return load_registry()

    def rule(self, code: str) -> Rule:
        """The enabled rule ``code``, instantiated with its options on first use."""
        found = self._loaded.get(code)
        if found is None:
            found = self._loaded[code] = self._entries[code].load()(self.settings.options)
        return found

    def codes_for(self, path: Path | None) -> list[str]:
        codes = self.enabled if path is None else for_path(self.settings, self.enabled, path)
        return sorted(codes)

    def rules_for(self, path: Path | None) -> list[Rule]:
        return [self.rule(code) for code in self.codes_for(path)]

    def options_of(self, code: str) -> dict[str, object]:
        """The options the user set that rule ``code`` reads (its defaults are nnlint's)."""
        return {key: self.settings.options[key] for key in self._entries[code].options if key in self.settings.options}

    def _words_of(self, code: str) -> RuleEntry | Rule:
        """What the pre-filter asks for ``code``'s words: the index, unless the rule derives
        its words from options the user set (then the rule itself)."""
        entry = self._entries[code]
        if entry.words_from_options and any(key in self.settings.options for key in entry.options):
            return self.rule(code)
        return entry

    def lint_path(
        self, path: Path, display: str | None = None, options: LintOptions = LintOptions()
    ) -> FileResult:
        display = display if display is not None else str(path)
        if path.suffix == ".ipynb":
            return self.lint_notebook(path, display, options)
        try:
            source = read_source(path)
        except SourceError as error:
            return self._unparsable(display, path, str(error), error.line, error.col)
        return self.lint_source(source, display, path, options, on_disk=True)

    def lint_source(
        self,
        source: str,
        display: str,
        path: Path | None = None,
        options: LintOptions = LintOptions(),
        on_disk: bool = False,
    ) -> FileResult:
        """The findings for ``source``; ``on_disk``: it is the text of the file at ``path``, so
        other files may learn about this module from it (an editor's buffer may differ)."""
        codes = self.codes_for(path if path is not None else Path(display))
        result = FileResult(display)
        if options.prefilter:
            applicable = {rule.code for rule in prefilter.applicable([self._words_of(c) for c in codes], source)}
            if not applicable:
                codes = [code for code in codes if code == PARSE_ERROR_CODE]
                if not (codes and options.explicit):
                    return result
            else:
                codes = [code for code in codes if code == PARSE_ERROR_CODE or code in applicable]
        rules = [self.rule(code) for code in codes]
        tree = parse(source, display)
        if isinstance(tree, Diagnostic):
            diagnostics = [tree] if PARSE_ERROR_CODE in {r.code for r in rules} else []
        else:
            self.modules.start_file()
            program = Program(
                path=display,
                source=source,
                tree=tree,
                options=dict(self.settings.options),
                project=project_for(path, self.project),
                file=path.absolute() if path is not None else None,
                modules=self.modules,
            )
            diagnostics = list(run_rules(program, rules, result.errors))
            result.dependencies = sorted(self.modules.consulted)
            if on_disk and path is not None and path.suffix == ".py":
                self.modules.adopt(program)
        if options.apply_noqa:
            diagnostics = noqa.filter_diagnostics(source, diagnostics)
        if options.fixes and not isinstance(tree, Diagnostic) and diagnostics:
            from nnlint.fix import attach_fixes

            diagnostics = attach_fixes(program, rules, diagnostics, result.errors)
        if not isinstance(tree, Diagnostic):
            # The analysis holds reference cycles (event trees, memoised builders); breaking
            # them here frees the file's analysis now rather than at a rare full collection.
            program.release()
        result.diagnostics = sorted(set(diagnostics), key=Diagnostic.sort_key)
        return result

    def lint_notebook(
        self, path: Path, display: str, options: LintOptions = LintOptions(), raw: str | None = None
    ) -> FileResult:
        """A notebook's code cells linted as one program; findings carry their cell.

        ``raw`` is the notebook's JSON text when it does not come from ``path`` (stdin).
        """
        from nnlint.notebook import NotebookError, parse_notebook, read_notebook, to_cell

        try:
            notebook = read_notebook(path) if raw is None else parse_notebook(raw)
        except NotebookError as error:
            result = self._unparsable(display, path, str(error), error.line, error.col)
            if error.cell is not None:
                result.diagnostics = [replace(d, cell=error.cell) for d in result.diagnostics]
            return result
        result = self.lint_source(notebook.source, display, path, options)
        result.diagnostics = sorted((to_cell(d, notebook) for d in result.diagnostics), key=Diagnostic.sort_key)
        return result

    def _unparsable(self, display: str, path: Path, reason: str, line: int, col: int) -> FileResult:
        result = FileResult(display)
        if PARSE_ERROR_CODE in self.codes_for(path):
            result.diagnostics = [unparsable(display, reason, line, col)]
        return result


def unparsable(path: str, reason: str, line: int = 1, col: int = 1) -> Diagnostic:
    rule = load_index().by_code[PARSE_ERROR_CODE].load()
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        message=rule.message.format(reason=reason),
        path=path,
        line=max(line, 1),
        col=max(col, 1),
        end_line=max(line, 1),
        end_col=max(col, 1),
        severity=rule.severity,
    )


def parse(source: str, path: str) -> ast.Module | Diagnostic:
    """The stdlib tree, or the NN001 finding that says why there is none."""
    version = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Never the real file name: CPython then re-reads the file from disk to place
            # the error, which shifts columns after a BOM and is wrong for stdin, notebooks
            # and edited buffers.
            return ast.parse(source, filename="<nnlint>")
    except SyntaxError as error:
        line, col = clamp_position(source, error.lineno or 1, error.offset or 1)
        return unparsable(path, f"cannot parse with {version}: {error.msg}", line, col)
    except (RecursionError, MemoryError):
        return unparsable(path, f"cannot parse with {version}: {NESTING_TOO_DEEP}")
    except ValueError as error:  # NUL bytes on older Pythons
        return unparsable(path, f"cannot parse with {version}: {error}")


NESTING_TOO_DEEP = "nesting too deep (the parser hit Python's recursion limit)"

# Rules and the analysis walk trees recursively. Real code nests a few hundred levels at most
# (generated tables of BinOps); the parser itself refuses a tree deeper than the recursion
# limit. Rules run with this much headroom so every tree the parser accepts can be analysed.
RULE_RECURSION_LIMIT = 20_000


def clamp_position(source: str, line: int, col: int) -> tuple[int, int]:
    """A 1-based position inside the file (parsers point one past the end at EOF)."""
    lines = _LINE_BREAK.split(source)
    line = min(max(line, 1), len(lines))
    col = min(max(col, 1), len(lines[line - 1]) + 1)
    return line, col


@contextmanager
def _recursion_headroom() -> Iterator[None]:
    old = sys.getrecursionlimit()
    if old >= RULE_RECURSION_LIMIT:
        yield
        return
    sys.setrecursionlimit(RULE_RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def run_rules(program: Program, rules: Iterable[Rule], errors: list[str]) -> Iterable[Diagnostic]:
    """Each rule's findings; a rule that raises is an internal error naming file and rule.

    A rule that still runs out of stack on a pathologically deep tree gives NN001 (the file
    cannot be analysed), not an internal error.
    """
    too_deep = False
    with _recursion_headroom():
        for rule in rules:
            try:
                yield from list(rule.check(program))
            except RecursionError:
                too_deep = True
            except Exception as error:  # noqa: BLE001 - a rule bug must not stop the run
                where = traceback.extract_tb(error.__traceback__)[-1]
                errors.append(
                    f"{program.path}: internal error in {rule.code} ({rule.name}): "
                    f"{type(error).__name__}: {error} "
                    f"[{Path(where.filename).name}:{where.lineno}]"
                )
    if too_deep:
        yield unparsable(program.path, f"cannot analyse: {NESTING_TOO_DEEP.replace('parser', 'analysis')}")


def check_source(source: str, path: str = "<string>", settings: Settings | None = None) -> list[Diagnostic]:
    """Public API: the findings for one source text with the given (or default) settings."""
    return Linter(settings or Settings()).lint_source(source, path).diagnostics
