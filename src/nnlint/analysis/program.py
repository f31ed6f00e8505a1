"""Program: one parsed file, its positions, its names, and a memo of derived facts."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from nnlint.analysis.names import Names

if TYPE_CHECKING:
    from nnlint.analysis.imports import ModuleLoader

T = TypeVar("T")
N = TypeVar("N", bound=ast.AST)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ProjectInfo:
    """Facts about the project around the file (read by the engine, not the rules)."""

    torch_min_version: tuple[int, ...] | None = None


@dataclass
class Program:
    """Everything a rule may ask about one file.

    Facts are computed on first use by the analysis modules and memoised here, so every rule
    that asks for the training loops gets the same objects and the tree is walked once.
    """

    path: str
    source: str
    tree: ast.Module
    options: dict[str, Any] = field(default_factory=dict)
    project: ProjectInfo = field(default_factory=ProjectInfo)
    # The file on disk (None for stdin without a name, or a string): where imports of the
    # project's own modules are looked up, by ``modules`` (None: this file alone).
    file: Path | None = None
    modules: ModuleLoader | None = field(default=None, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lines: list[str] | None = field(default=None, repr=False)
    _names: Names | None = field(default=None, repr=False)
    _parents: dict[ast.AST, ast.AST] | None = field(default=None, repr=False)
    _nodes: list[ast.AST] | None = field(default=None, repr=False)
    _children: dict[ast.AST, Sequence[ast.AST]] | None = field(default=None, repr=False)
    _by_type: dict[tuple[type, ...], list[Any]] = field(default_factory=dict, repr=False)
    _by_class: dict[type, list[Any]] | None = field(default=None, repr=False)
    _cleanups: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @classmethod
    def from_source(cls, source: str, path: str = "<string>", **kwargs: Any) -> Program:
        return cls(path=path, source=source, tree=ast.parse(source, filename=path), **kwargs)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.source)
        return self._lines

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = Names.collect(self.tree, self.statements_of(ast.Import, ast.ImportFrom))
        return self._names

    def qualname(self, node: ast.AST | None) -> str | None:
        return self.names.qualname(node)

    def call_name(self, node: ast.AST) -> str | None:
        """The qualified name of what a call calls (``torch.optim.Adam``), else None."""
        if not isinstance(node, ast.Call):
            return None
        names = self._names if self._names is not None else self.names  # asked for every call, often
        return names.qualname(node.func)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Compute a fact once per file. ``key`` is usually the computing function itself."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def on_release(self, cleanup: Callable[[], None]) -> None:
        """Have ``release`` call ``cleanup``: a fact that holds reference cycles (event trees
        link children and parents) breaks them there, so that its memory is freed at once
        instead of by the cyclic collector, which would scan it all (nnlint.runner)."""
        self._cleanups.append(cleanup)

    def release(self) -> None:
        """Forget every derived fact (they are recomputed on demand): frees the memory of a
        module another file's analysis read, and the references it holds to other modules."""
        cleanups, self._cleanups = self._cleanups, []
        for cleanup in cleanups:
            cleanup()
        self._memo.clear()
        self._names = None
        self.compact()

    def compact(self) -> None:
        """Drop the node indexes (a module read for one fact about it keeps the fact, not
        the indexes, which cost more memory than its tree); they are rebuilt on demand."""
        self._by_type.clear()
        self._nodes = self._parents = self._children = self._by_class = None
        self._lines = None

    @property
    def nodes(self) -> list[ast.AST]:
        """Every node of the tree, in ``ast.walk`` order, collected once per file.

        Iterate this (or ``nodes_of``) instead of ``ast.walk(program.tree)``: one full walk
        costs about as much as parsing the file, and a file is asked many questions.
        """
        if self._nodes is None:
            self._nodes, self._children, self._by_class = _walk_with_children(self.tree)
        return self._nodes

    def children(self, node: ast.AST) -> Sequence[ast.AST]:
        """``list(ast.iter_child_nodes(node))`` from the one walk, a dictionary look-up.

        The list is shared: do not modify it. A node outside the tree is read directly.
        """
        if self._children is None:
            self.nodes  # noqa: B018 - builds the child index
        assert self._children is not None
        found = self._children.get(node)
        return found if found is not None else child_nodes(node)

    def walk(self, node: ast.AST) -> Iterator[ast.AST]:
        """``ast.walk(node)`` (same order) over the child index: use it for sub-trees."""
        children = self._children
        if children is None:
            self.nodes  # noqa: B018 - builds the child index
            children = self._children
            assert children is not None
        todo = [node]
        index = 0
        while index < len(todo):
            current = todo[index]
            index += 1
            found = children.get(current)
            if found is None:
                found = child_nodes(current)
            if found:
                todo.extend(found)
            yield current

    @overload
    def nodes_of(self, kind: type[N], /) -> list[N]: ...

    @overload
    def nodes_of(self, *types: type[ast.AST]) -> list[Any]: ...

    def nodes_of(self, *types: type[ast.AST]) -> list[Any]:
        """The nodes of these types (``program.nodes_of(ast.Call)``), in ``ast.walk`` order."""
        found = self._by_type.get(types)
        if found is None:
            if all(type(kind) is type and not kind.__subclasses__() for kind in types):
                # Concrete node classes (ast.Call, ast.For): one pass files every node under
                # its class, and each such question is then a look-up, not a scan of the file.
                by_class = self._classified()
                present = [kind for kind in types if kind in by_class]
                if len(present) <= 1:  # (ast.For, ast.AsyncFor) in a file without async code
                    found = by_class[present[0]] if present else []
            if found is None:
                found = [node for node in self.nodes if isinstance(node, types)]
            self._by_type[types] = found
        return found

    def _classified(self) -> dict[type, list[ast.AST]]:
        if self._by_class is None:
            self.nodes  # noqa: B018 - the walk files every node under its class
        assert self._by_class is not None
        return self._by_class

    def in_walk_order(self, found: Sequence[N]) -> list[N]:
        """Distinct nodes of the tree gathered from several ``nodes_of`` lists, put back in
        ``ast.walk`` order: a few are looked up (cheaper than filtering every node), many
        are picked out of the walk."""
        nodes = self.nodes
        if len(found) <= 16:
            return sorted(found, key=nodes.index)
        wanted = {id(node) for node in found}
        return [node for node in nodes if id(node) in wanted]  # type: ignore[misc]

    def statements_of(self, *types: type[ast.AST]) -> list[Any]:
        """``nodes_of`` for statement types (imports, classes, functions), same order.

        A module read for one fact about it (another file's base class) has no node index;
        statements are a small part of a tree, so finding them does not build one.
        """
        if self._nodes is None:
            return [node for node in _statements(self.tree) if isinstance(node, types)]
        if types not in self._by_type:
            by_class = self._classified()
            if sum(kind in by_class for kind in types) > 1:  # nodes_of would filter every node
                self._by_type[types] = [node for node in _statements(self.tree) if isinstance(node, types)]
        return self.nodes_of(*types)

    def parent(self, node: ast.AST) -> ast.AST | None:
        if self._parents is None:
            self.nodes  # noqa: B018 - builds the child index
            assert self._children is not None
            parents: dict[ast.AST, ast.AST] = {}
            for outer, children in self._children.items():
                for child in children:
                    parents[child] = outer
            self._parents = parents
        return self._parents.get(node)

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The innermost function around ``node`` (a lambda is not one), else None."""
        current = self.parent(node)
        while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            current = self.parent(current)
        return current

    def ancestors(self, node: ast.AST) -> list[ast.AST]:
        found = []
        current = self.parent(node)
        while current is not None:
            found.append(current)
            current = self.parent(current)
        return found

    def char_col(self, line: int, byte_offset: int) -> int:
        """ast columns count UTF-8 bytes; flake8, editors and SARIF count characters."""
        if not 1 <= line <= len(self.lines):
            return byte_offset
        text = self.lines[line - 1]
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))

    def position(self, node: ast.AST) -> tuple[int, int, int, int]:
        """1-based (line, col, end_line, end_col) in characters; end_col is exclusive."""
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        if end_col is None:
            end_col = col
        return (
            line,
            self.char_col(line, col) + 1,
            end_line,
            self.char_col(end_line, end_col) + 1,
        )

    def text(self, node: ast.AST) -> str:
        """The source text of a node as the user wrote it (for messages), on one line."""
        line, col = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        end_line, end_col = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
        if line is None or col is None or end_line is None or end_col is None or end_line > len(self.lines):
            return ast.unparse(node)
        chunk = [text.encode("utf-8") for text in self.lines[line - 1 : end_line]]
        if len(chunk) == 1:
            raw = chunk[0][col:end_col]
        else:
            raw = b"\n".join([chunk[0][col:], *chunk[1:-1], chunk[-1][:end_col]])
        text = raw.decode("utf-8", "replace")
        return " ".join(text.split()) if "\n" in text else text


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))``, faster (no generators); for code without a Program."""
    found: list[ast.AST] = []
    node_type = ast.AST
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, node_type):
            found.append(value)
        elif isinstance(value, list):
            found.extend(item for item in value if isinstance(item, node_type))
    return found


_STATEMENT_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


def _statements(tree: ast.Module) -> list[ast.AST]:
    """Every statement, except handler and match case, in ``ast.walk`` order: a statement's
    statements are its direct children (or its handlers' and cases'), never inside an
    expression, so breadth first over these alone keeps the full walk's order."""
    found: list[ast.AST] = list(tree.body)
    holders = _STATEMENT_HOLDERS
    for node in found:  # the list grows while it is read: breadth first
        for name in ("body", "handlers", "orelse", "finalbody", "cases"):
            value = getattr(node, name, None)
            if value.__class__ is list:
                found += [item for item in value if isinstance(item, holders)]
    return found


def _walk_with_children(tree: ast.AST) -> tuple[list[ast.AST], dict[ast.AST, Sequence[ast.AST]], dict[type, list[ast.AST]]]:
    """``walk_nodes(tree)``; for every node, its children in field order; and the nodes of
    each class, in walk order (what ``nodes_of`` answers from).

    Keyed by the node itself (nodes hash by identity): no ``id()`` integers to allocate; a
    leaf shares one empty tuple. The index costs about as much memory as the nodes' list.
    """
    nodes = [tree]
    children: dict[ast.AST, Sequence[ast.AST]] = {}
    by_class: dict[type, list[ast.AST]] = {}
    node_type = ast.AST
    for node in nodes:  # the list grows while it is read: breadth first
        of_class = by_class.get(node.__class__)
        if of_class is None:
            by_class[node.__class__] = [node]
        else:
            of_class.append(node)
        found: list[ast.AST] = []
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, node_type):
                found.append(value)
            elif value.__class__ is list and value:
                # A list field holds nodes only, or names (Global), or nodes and None (Dict keys).
                if None in value or not isinstance(value[0], node_type):
                    found += [item for item in value if isinstance(item, node_type)]
                else:
                    found += value
        if found:
            children[node] = found
            nodes += found
        else:
            children[node] = ()
    return nodes, children, by_class


def walk_nodes(tree: ast.AST) -> list[ast.AST]:
    """``list(ast.walk(tree))`` (the same breadth-first order) at half the cost."""
    nodes = [tree]
    for node in nodes:  # the list grows while it is read: breadth first
        nodes += child_nodes(node)
    return nodes
