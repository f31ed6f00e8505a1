"""The project's own modules: what an imported name refers to in another file of the project.

Real projects keep the model in models/, ``train_one_epoch`` in engine.py and the loop in
train.py. To see across that split, an imported name whose qualified name is not a known
library (``engine.train_one_epoch``, ``.models.Net``, ``..base.BaseModel``) is looked up in
the project's files: relative imports from the importing file's package; absolute ones from
the file's folder (sibling scripts), the folder above its top package, and the project root
and its ``src/`` (the nearest folder with pyproject.toml, setup.py, setup.cfg or .git).
Re-exports (``from .engine import train`` in an ``__init__.py``) and star imports are
followed a few levels.

The other module is parsed with ``ast`` into its own ``Program``, so every fact the
analysis knows how to compute about a file (classes, events, summaries) is computed about
it the same way and memoised on it. Nothing is imported or executed. Modules are loaded only
when a name is asked about, and kept in a small least-recently-used table per process, so a
single-file run (pre-commit, editor) reads only what that file uses.

astroid answers only what plain reading cannot: a name the other module binds by an
assignment that is no plain alias (``Net = registry["resnet"]``, ``Net = make_net_class()``),
inferred there (nnlint.inference configures it so that nothing is imported or executed);
an alias (``ResNet = _ResNetImpl``) is followed without it. Everything else is read with ``ast``, which parses 15x
faster than astroid builds a tree (../shared/DESIGN.md), so that the facts asked of the other
module come from the same analysis as for the file being linted.

Every file consulted is recorded in ``ModuleLoader.consulted`` so the cache can invalidate a
result when a module it depended on changes.

The table of parsed modules is small (their trees are most of a run's memory), but in a large
repository hundreds of files ask the same few questions of the same big modules (is
``PreTrainedModel`` of modeling_utils.py a torch module?). Such answers are small and kept
apart from the trees (``ModuleLoader.fact``), with the size and mtime of every module they
were read from, so a module is parsed again only when a question it alone can answer is new.
"""

from __future__ import annotations

import ast
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from nnlint.files import SourceError, read_source, stamp

if TYPE_CHECKING:
    from nnlint.analysis.program import Program

T = TypeVar("T")

MAX_PROGRAMS = 48  # parsed modules kept per process
MAX_FACTS = 20_000  # remembered answers about modules (a few hundred bytes each)
MAX_FOLLOW = 4  # re-exports followed before giving up
MAX_BYTES = 1_000_000  # bigger modules are data tables, not training code
FILES_TTL = 2.0  # seconds a "this file exists" answer is trusted
ASTROID_MODULES = 200  # astroid trees kept (astroid also caches the modules it infers through)
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
# Qualified names under these roots are libraries nnlint knows by name: never looked up.
LIBRARY_ROOTS = frozenset(
    {
        "torch", "keras", "tensorflow", "lightning", "numpy", "sklearn", "scipy", "pandas",
        "os", "sys", "math", "random", "json", "re", "typing", "collections", "functools",
        "itertools", "dataclasses", "abc", "enum", "logging", "argparse", "pathlib", "time",
        "copy", "warnings", "contextlib", "matplotlib", "tqdm", "wandb", "PIL", "cv2",
    }
)

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True)
class Symbol:
    """A function or class defined at the top level of a project module.

    It names the module by path, not by its Program, so that a module dropped from the
    loader's table is not kept alive by the facts of the modules that import it.
    """

    loader: ModuleLoader
    path: Path
    name: str

    @property
    def program(self) -> Program:
        program = self.loader.program(self.path)
        if program is None:  # parsed when the symbol was found, unreadable since (edited mid-run)
            from nnlint.analysis.program import Program

            return Program.from_source("", str(self.path))
        return program

    @property
    def node(self) -> Definition | None:
        return top_level_definitions(self.program).get(self.name)

    @property
    def is_class(self) -> bool:
        """Read from the module's outline: a question only a function's body answers is
        skipped for a class without parsing its module again."""
        outline = self.loader.outline(self.path)
        return outline is not None and self.name in outline.top_classes


@dataclass(frozen=True)
class Outline:
    """The names a module defines, imports and assigns at the top level: all that finding a
    definition reads of it, kept without its tree."""

    definitions: frozenset[str]
    aliases: dict[str, str]  # local name -> the qualified name it imports
    stars: tuple[str, ...]  # modules imported with ``*``
    assigned: dict[str, str]  # ``A = B``: "B"; a value only astroid can follow: ""
    top_classes: frozenset[str]  # the definitions that are classes
    class_bases: dict[str, tuple[str | None, ...]]  # every class (nested too): its bases (classes.class_bases)


class ModuleLoader:
    """Parses and remembers the project modules a run asks about (one per process).

    ``consulted`` collects the files read on behalf of the file being linted; the engine
    clears it before each file.
    """

    def __init__(self, max_programs: int = MAX_PROGRAMS) -> None:
        self.max_programs = max_programs
        self.consulted: set[str] = set()
        self.active: set[object] = set()  # facts being computed across modules (cycle guard)
        self._programs: OrderedDict[Path, Program | None] = OrderedDict()
        self._stamps: dict[Path, tuple[int, int] | None] = {}
        self._facts: dict[object, tuple[Any, tuple[tuple[Path, tuple[int, int] | None], ...]]] = {}
        self._checked: dict[Path, tuple[int, int] | None] = {}  # stamps read for this file
        self._last_seen: dict[Path, tuple[int, int] | None] = {}
        self._reading: list[set[Path]] = []  # modules read by the facts being computed
        self._cut_short = 0  # answers cut short by the cycle guard (never remembered)
        self._search_roots: dict[Path, tuple[Path, ...]] = {}
        self._files: dict[Path, bool] = {}
        self._module_files: dict[tuple[Path, tuple[str, ...]], Path | None] = {}
        self._files_read_at = time.monotonic()

    # -- public ------------------------------------------------------------------------
    def symbol(self, program: Program, qualname: str) -> Symbol | None:
        """The project definition a qualified name of ``program`` denotes, if any."""
        return None if program.file is None else self.symbol_in(program.file, qualname)

    def symbol_in(self, module: Path, qualname: str) -> Symbol | None:
        """``symbol`` for a qualified name read in ``module`` (a file read for one fact)."""
        if qualname.split(".")[0] in LIBRARY_ROOTS:
            return None
        return self._symbol_from(module, qualname, MAX_FOLLOW)

    def program(self, path: Path) -> Program | None:
        """The parsed module at ``path`` (None when it cannot be read or parsed).

        A module is re-read when its size or mtime changed since it was parsed, checked once
        per linted file (the editor server lives for hours while its files are edited)."""
        path = Path(path)
        self.consulted.add(str(path))
        if self._reading:
            self._reading[-1].add(path)
        current = self.current_stamp(path)
        if path in self._programs and self._stamps.get(path) == current:
            self._programs.move_to_end(path)
            return self._programs[path]
        self._stamps[path] = current
        program = self._parse(path)
        self._programs[path] = program
        if len(self._programs) > self.max_programs:
            gone, evicted = self._programs.popitem(last=False)
            if evicted is not None:
                evicted.release()
            self._stamps.pop(gone, None)
        return program

    def start_file(self) -> None:
        """Called before each linted file: ``consulted`` starts empty, and what the file system
        looked like is forgotten every few seconds (files appear while an editor runs)."""
        self.consulted.clear()
        self._checked.clear()
        now = time.monotonic()
        if now - self._files_read_at > FILES_TTL:
            self._files.clear()
            self._module_files.clear()
            self._search_roots.clear()
            self._files_read_at = now

    def current_stamp(self, path: Path) -> tuple[int, int] | None:
        """The module's size and mtime, read once per linted file.

        When a module changed, every module kept forgets what it derived (not its tree):
        a fact about base.py (is ``Base`` a torch module?) may come from layers.py."""
        if path not in self._checked:
            current = self._checked[path] = stamp(path)
            if self._last_seen.setdefault(path, current) != current:
                self._last_seen[path] = current
                for program in self._programs.values():
                    if program is not None:
                        program.release()
        return self._checked[path]

    def fact(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, remembered across linted files while every module it read is
        unchanged. The answer must not hold a Program (it would keep a tree alive)."""
        entry = self._facts.get(key)
        if entry is not None and all(self.current_stamp(path) == seen for path, seen in entry[1]):
            for path, _ in entry[1]:
                self.consulted.add(str(path))
            if self._reading:
                self._reading[-1].update(path for path, _ in entry[1])
            return entry[0]  # type: ignore[no-any-return]
        cut_short = self._cut_short
        self._reading.append(set())
        try:
            value = compute()
        finally:
            read = self._reading.pop()
            if self._reading:
                self._reading[-1] |= read
        if self._cut_short == cut_short:
            if len(self._facts) >= MAX_FACTS:
                self._facts.clear()
            self._facts[key] = (value, tuple((path, self.current_stamp(path)) for path in sorted(read)))
        return value

    def cut_short(self) -> None:
        """Called when a cycle guard answers "unknown": what depends on it is not remembered."""
        self._cut_short += 1

    # -- resolution --------------------------------------------------------------------
    def _symbol_from(self, importer: Path, qualname: str, budget: int) -> Symbol | None:
        if budget <= 0:
            return None
        level = len(qualname) - len(qualname.lstrip("."))
        parts = [p for p in qualname[level:].split(".") if p]
        if not parts:
            return None
        if level:
            base = importer.parent
            for _ in range(level - 1):
                base = base.parent
            bases: tuple[Path, ...] = (base,)
        else:
            bases = self.search_roots(importer.parent)
        lowest = 0 if level else 1  # ``from . import name``: the package's own __init__.py
        for root in bases:
            for cut in range(len(parts) - 1, lowest - 1, -1):
                module = self._module_file(root, parts[:cut])
                if module is None:
                    continue
                if module == importer:
                    return None
                found = self._definition(module, parts[cut:], budget)
                if found is not None:
                    return found
                break
        return None

    def _definition(self, module: Path, rest: list[str], budget: int) -> Symbol | None:
        if budget <= 0 or len(rest) != 1:
            return None
        name = rest[0]
        return self.fact(("definition", module, name, budget), lambda: self._find_definition(module, name, budget))

    def _find_definition(self, module: Path, name: str, budget: int) -> Symbol | None:
        outline = self.outline(module)
        if outline is None:
            return None
        if name in outline.definitions:
            return Symbol(self, module, name)
        target = outline.aliases.get(name)
        if target is not None:
            return self._symbol_from(module, target, budget - 1)
        for star in outline.stars:
            found = self._symbol_from(module, f"{star}.{name}", budget - 1)
            if found is not None:
                return found
        value = outline.assigned.get(name)
        if value:  # ``ResNet = _ResNetImpl``
            return self._definition(module, [value], budget - 1)
        if value is not None:
            program = self.program(module)
            return self._inferred(program, name) if program is not None else None
        return None

    def outline(self, module: Path) -> Outline | None:
        """What finding a definition reads of ``module`` (remembered: a large package asks
        its big modules for a new name long after their trees left the table)."""

        def read() -> Outline | None:
            program = self.program(module)
            return None if program is None else outline_of(program)

        return self.fact(("outline", module), read)

    def adopt(self, program: Program) -> None:
        """Remember the outline of a file being linted, read from disk: the later files of a
        run that import it then do not parse it again (a package's files are mostly
        imported by files linted after them)."""
        path = program.file
        if path is None:
            return
        current = self.current_stamp(path)
        if current is None or current[0] > MAX_BYTES:
            return  # what ``program`` would answer: the module is not read at all
        self._facts[("outline", path)] = (outline_of(program), ((path, current),))

    def _inferred(self, program: Program, name: str) -> Symbol | None:
        """A name the module binds by assignment (``ResNet = _ResNetImpl``, ``Net = nets[0]``):
        astroid infers what it is; only a class or function of this module is accepted."""
        try:
            from nnlint.inference import configure_astroid

            configure_astroid()
            import astroid
            from astroid import nodes

            if len(astroid.MANAGER.astroid_cache) > ASTROID_MODULES:
                astroid.MANAGER.clear_cache()  # its cache of trees is unbounded
            module = astroid.MANAGER.ast_from_file(str(program.file), source=True)
            values = [v for v in module.igetattr(name) if v is not astroid.Uninferable]
        except Exception:  # noqa: BLE001 - astroid's inference errors are many; unknown is silent
            return None
        if len(values) != 1 or not isinstance(values[0], (nodes.ClassDef, nodes.FunctionDef)):
            return None
        value = values[0]
        if value.root().file != str(program.file) or value.parent is not module:
            return None
        node = top_level_definitions(program).get(value.name)
        return Symbol(self, Path(program.path), value.name) if node is not None and node.lineno == value.lineno else None

    def search_roots(self, folder: Path) -> tuple[Path, ...]:
        """Where an absolute import made from a file in ``folder`` may find its module."""
        if folder in self._search_roots:
            return self._search_roots[folder]
        roots = [folder]
        top = folder
        while self._is_file(top / "__init__.py") and top.parent != top:
            top = top.parent
        roots.append(top)
        for candidate in (folder, *folder.parents):
            if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
                roots += [candidate, candidate / "src"]
                break
        unique = tuple(dict.fromkeys(roots))
        self._search_roots[folder] = unique
        return unique

    def _module_file(self, root: Path, parts: list[str]) -> Path | None:
        """The file of module ``parts`` under ``root``; remembered as long as ``_files``
        (every file of a package asks for the same few modules, and paths are slow to build)."""
        key = (root, tuple(parts))
        if key not in self._module_files:
            self._module_files[key] = self._find_module_file(root, parts)
        return self._module_files[key]

    def _find_module_file(self, root: Path, parts: list[str]) -> Path | None:
        if not parts:
            init = root / "__init__.py"
            return init if self._is_file(init) else None
        folder = root.joinpath(*parts[:-1])
        for candidate in (folder / f"{parts[-1]}.py", folder / parts[-1] / "__init__.py"):
            if self._is_file(candidate):
                return candidate
        return None

    def _is_file(self, path: Path) -> bool:
        if path not in self._files:
            self._files[path] = path.is_file()
        return self._files[path]

    def _parse(self, path: Path) -> Program | None:
        from nnlint.analysis.program import Program

        try:
            if path.stat().st_size > MAX_BYTES:
                return None
            source = read_source(path)
            tree = ast.parse(source, filename="<nnlint>")
        except (OSError, SourceError, SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return Program(path=str(path), source=source, tree=tree, file=path, modules=self)


def outline_of(program: Program) -> Outline:
    """The outline of a parsed module (see ``Outline``)."""
    from nnlint.analysis.classes import class_bases

    assigned: dict[str, str] = {}
    for name, value in _assigned_names(program.tree).items():
        if isinstance(value, ast.Name) and value.id != name:
            assigned[name] = value.id
        elif not isinstance(value, (ast.Constant, ast.Attribute, ast.JoinedStr)):
            assigned[name] = ""
    definitions = top_level_definitions(program)
    bases: dict[str, tuple[str | None, ...]] = {}
    for node in program.statements_of(ast.ClassDef):
        if node.name not in bases:
            bases[node.name] = tuple(class_bases(program, node))
    return Outline(
        frozenset(definitions),
        dict(program.names.aliases),
        tuple(_star_imports(program.tree)),
        assigned,
        frozenset(name for name, node in definitions.items() if isinstance(node, ast.ClassDef)),
        bases,
    )


def top_level_definitions(program: Program) -> dict[str, Definition]:
    """Functions and classes at module level, also under a top-level ``if`` or ``try``."""

    def collect() -> dict[str, Definition]:
        found: dict[str, Definition] = {}
        pending = list(program.tree.body)
        while pending:
            stmt = pending.pop(0)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.setdefault(stmt.name, stmt)
            elif isinstance(stmt, ast.If):
                pending += stmt.body + stmt.orelse
            elif isinstance(stmt, ast.Try):
                pending += stmt.body + stmt.orelse
        return found

    return program.memo(top_level_definitions, collect)


def _assigned_names(tree: ast.Module) -> dict[str, ast.expr]:
    """Names bound by a top-level assignment, with the value last assigned."""
    return {
        target.id: stmt.value
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }


def _star_imports(tree: ast.Module) -> list[str]:
    return [
        "." * stmt.level + (stmt.module or "")
        for stmt in tree.body
        if isinstance(stmt, ast.ImportFrom) and any(alias.name == "*" for alias in stmt.names)
    ]


# Words of code that trains or evaluates: only such a file needs to know what the objects and
# functions it imports from the project do (a file of layers needs its base classes only).
# The text holds one of _TRAINING_WORDS anywhere, or a word starting at a word boundary
# (``optim``, ``\b(train|...)\w*\(``: ``train_one_epoch(``, not ``self.training``).
_TRAINING_WORDS = ("backward", "zero_grad", ".step(", "no_grad", "inference_mode", ".fit(", ".compile(")
_TRAINING_STARTS = ("optim", "train", "eval", "validate", "test", "predict", "finetune", "fine_tune")
_WORD_CHAR = re.compile(r"\w")
_CALLED = re.compile(r"\w*\(")


def trains_or_evaluates(program: Program) -> bool:
    """Whether the file's text looks like training or evaluation code (see above)."""
    return program.memo(trains_or_evaluates, lambda: looks_like_training(program.source))


def looks_like_training(text: str) -> bool:
    """The words above, found with plain substring searches: one regular expression with
    these alternatives cost more than a second per million lines of a model library."""
    if any(word in text for word in _TRAINING_WORDS):
        return True
    for word in _TRAINING_STARTS:
        at = text.find(word)
        while at >= 0:
            if at == 0 or not _WORD_CHAR.match(text[at - 1]):
                if word == "optim" or _CALLED.match(text, at + len(word)):
                    return True
            at = text.find(word, at + 1)
    return False


def project_symbol(program: Program, qualname: str | None) -> Symbol | None:
    """What ``qualname`` (a qualified name read in ``program``) is in the project, if known."""
    if qualname is None or program.modules is None:
        return None
    return program.memo(("project_symbol", qualname), lambda: program.modules.symbol(program, qualname))  # type: ignore[union-attr]
