"""What a spelling holds: a torch module or a tensor, when the file says so plainly.

NN601 needs to know that ``model`` in ``model.forward(x)`` is an ``nn.Module`` (a numpy
"from scratch" layer also has ``forward``); NN603 needs to know that ``inputs`` in
``inputs.to(device)`` is a tensor (``Module.to`` moves in place, ``Tensor.to`` does not).

A spelling is a plain name or ``self.attr``; ``self.attr`` is keyed by its class, names are
read module-wide (a ``model`` built in ``main()`` and a parameter ``model`` of ``train()`` are
one thing, as in real scripts). A spelling has a kind only when every assignment to it in
the file agrees, and the evidence is direct: a constructor (``nn.Linear``, a module class of
this file, a torchvision/timm/transformers model factory, ``torch.tensor``), an annotation
(``model: nn.Module``, ``x: torch.Tensor``) or a loop over a DataLoader. Anything else is
unknown, and rules keep silent on unknowns.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from nnlint.analysis.classes import classes
from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program

MODULE, TENSOR, OTHER, BATCH = "module", "tensor", "other", "batch"

_NOT_MODULES = frozenset(
    {"Parameter", "Buffer", "UninitializedParameter", "UninitializedBuffer", "ParameterList", "ParameterDict", "Module"}
)
# Methods that return the same module or a tensor of the same kind.
CHAIN_METHODS = frozenset(
    {"to", "cuda", "cpu", "float", "half", "double", "bfloat16", "eval", "train", "requires_grad_", "long", "int", "bool", "contiguous", "detach", "clone"}
)
_MODULE_WRAPPERS = frozenset(
    {
        "torch.nn.DataParallel",
        "torch.nn.parallel.DataParallel",
        "torch.nn.parallel.DistributedDataParallel",
        "torch.compile",
    }
)
_TENSOR_FACTORIES = frozenset(
    """tensor as_tensor from_numpy zeros ones empty full rand randn randint randperm arange
    linspace logspace eye zeros_like ones_like empty_like full_like rand_like randn_like
    randint_like stack cat concat hstack vstack""".split()
)
_TENSOR_ANNOTATIONS = frozenset({"torch.Tensor", "torch.FloatTensor", "torch.LongTensor"})
_LOADERS = frozenset({"torch.utils.data.DataLoader"})


@dataclass
class Values:
    kinds: dict[tuple[str | None, str], set[str]] = field(default_factory=dict)
    loaders: set[str] = field(default_factory=set)

    def add(self, scope: str | None, spelling: str, kind: str) -> None:
        self.kinds.setdefault((scope, spelling), set()).add(kind)

    def kind(self, scope: str | None, spelling: str) -> str | None:
        """MODULE or TENSOR when every assignment agrees, else None."""
        kind = self._single(scope, spelling)
        return kind if kind in (MODULE, TENSOR) else None

    def is_batch(self, scope: str | None, spelling: str) -> bool:
        """A whole batch from a loader (``for batch in loader``): its items are tensors."""
        return self._single(scope, spelling) == BATCH

    def _single(self, scope: str | None, spelling: str) -> str | None:
        found = self.kinds.get((scope if spelling.startswith("self.") else None, spelling))
        return next(iter(found)) if found and len(found) == 1 else None


def values(program: Program) -> Values:
    return program.memo(values, lambda: _collect(program))


def kind_of(program: Program, node: ast.AST) -> str | None:
    """MODULE, TENSOR, or None (unknown) for the value an expression denotes."""
    spelling = dotted(node)
    if spelling is None:
        if isinstance(node, ast.Subscript):
            base = dotted(node.value)
            if base is not None and values(program).is_batch(_scope(program, node), base):
                return TENSOR
        return None
    return values(program).kind(_scope(program, node), spelling)


def _scope(program: Program, node: ast.AST) -> str | None:
    for ancestor in program.ancestors(node):
        if isinstance(ancestor, ast.ClassDef):
            return ancestor.name
    return None


def constructed_kind(program: Program, value: ast.AST) -> str:
    """The kind a right-hand side builds; OTHER when it is something else or unknown."""
    value = _strip_chain(program, value)
    if not isinstance(value, ast.Call):
        return OTHER
    qual = program.call_name(value)
    if qual is not None:
        head, _, last = qual.rpartition(".")
        if head == "torch.nn" and last[:1].isupper() and last not in _NOT_MODULES:
            return MODULE
        if qual in _MODULE_WRAPPERS or qual.startswith("torch.nn.parallel."):
            return MODULE
        if head == "torch" and last in _TENSOR_FACTORIES:
            return TENSOR
        if head.startswith("torchvision.models") and last[:1].islower() and not last.startswith("get_"):
            return MODULE
        if qual == "timm.create_model":
            return MODULE
        if qual.startswith("transformers.") and last == "from_pretrained":
            owner = head.rpartition(".")[2]
            if "Model" in owner and not owner.startswith(("TF", "Flax")) or "For" in owner:
                return MODULE
        return OTHER
    if isinstance(value.func, ast.Name):
        info = classes(program).get(value.func.id)
        if info is not None and info.is_torch_module:
            return MODULE
    return OTHER


def _strip_chain(program: Program, value: ast.AST) -> ast.AST:
    """``Net().to(device).eval()`` -> ``Net()``: these methods keep the kind of their receiver."""
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in CHAIN_METHODS
        and program.call_name(value) is None
    ):
        value = value.func.value
    return value


def _collect(program: Program) -> Values:
    found = Values()
    loader_names: set[str] = set()
    # Every fact below is a set: the order the nodes are read in does not matter.
    for node in [*program.nodes_of(ast.Assign), *program.nodes_of(ast.AnnAssign), *program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef)]:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            spelling = dotted(node.targets[0])
            if spelling is not None and dotted(_strip_chain(program, node.value)) == spelling:
                continue  # x = x.to(device): the same value, moved
            if spelling is not None:
                kind = constructed_kind(program, node.value)
                if kind == OTHER and isinstance(node.value, ast.Name):
                    kind = _parameter_kind(program, node, node.value.id) or OTHER
                found.add(_scope(program, node), spelling, kind)
                if kind == OTHER and program.call_name(node.value) in _LOADERS:
                    loader_names.add(spelling)
            elif isinstance(node.targets[0], (ast.Tuple, ast.List)):
                for element in node.targets[0].elts:
                    inner = dotted(element)
                    if inner is not None:
                        found.add(_scope(program, node), inner, OTHER)
        elif isinstance(node, ast.AnnAssign):
            spelling = dotted(node.target)
            if spelling is not None:
                annotated = _annotation_kind(program, node.annotation)
                if node.value is not None and annotated is None:
                    annotated = constructed_kind(program, node.value)
                found.add(_scope(program, node), spelling, annotated or OTHER)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                if arg.annotation is not None:
                    declared = _annotation_kind(program, arg.annotation)
                    if declared is not None:
                        found.add(None, arg.arg, declared)
    for node in [*program.nodes_of(ast.For, ast.AsyncFor), *program.nodes_of(ast.comprehension), *program.nodes_of(ast.With, ast.AsyncWith)]:
        if isinstance(node, (ast.For, ast.AsyncFor)) and _iterates_loader(program, node.iter, loader_names):
            target_node = node.target
            if _is_enumerate(node.iter) and isinstance(target_node, ast.Tuple) and len(target_node.elts) == 2:
                found.add(None, dotted(target_node.elts[0]) or "", OTHER)
                target_node = target_node.elts[1]
            for target in _loop_targets(target_node):
                if isinstance(target, ast.Name):
                    kind = TENSOR if not isinstance(target_node, ast.Name) else BATCH
                    found.add(None, target.id, kind)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            for target in _loop_targets(node.target):
                spelling = dotted(target)
                if spelling is not None:
                    found.add(None, spelling, OTHER)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                spelling = dotted(item.optional_vars) if item.optional_vars is not None else None
                if spelling is not None:
                    found.add(None, spelling, OTHER)
    return found


def _parameter_kind(program: Program, node: ast.AST, name: str) -> str | None:
    """The annotated kind of ``name`` when it is a parameter of the function around ``node``.

    ``self.module = module`` in ``__init__(self, module: nn.Linear)`` stores a module.
    """
    function = program.enclosing_function(node)
    if function is None:
        return None
    for arg in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs):
        if arg.arg == name:
            return _annotation_kind(program, arg.annotation) if arg.annotation is not None else None
    return None


def _annotation_kind(program: Program, annotation: ast.AST) -> str | None:
    qual = program.qualname(annotation)
    if qual is None:
        if isinstance(annotation, ast.Name):
            info = classes(program).get(annotation.id)
            if info is not None and info.is_torch_module:
                return MODULE
        return None
    if qual in _TENSOR_ANNOTATIONS:
        return TENSOR
    head, _, last = qual.rpartition(".")
    if head == "torch.nn" and last[:1].isupper() and last not in _NOT_MODULES - {"Module"}:
        return MODULE
    return None


def _iterates_loader(program: Program, node: ast.AST, loader_names: set[str]) -> bool:
    """``for ... in loader`` / ``enumerate(loader)`` / ``tqdm(loader)`` over a DataLoader."""
    if isinstance(node, ast.Call) and node.args and (
        (isinstance(node.func, ast.Name) and node.func.id in ("enumerate", "tqdm"))
        or program.call_name(node) in ("tqdm.tqdm", "tqdm.auto.tqdm", "tqdm.notebook.tqdm")
    ):
        return _iterates_loader(program, node.args[0], loader_names)
    spelling = dotted(node)
    if spelling is None:
        return False
    return spelling in loader_names or spelling.rsplit(".", 1)[-1].lower().endswith(("loader", "dataloader"))


def _is_enumerate(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "enumerate"


def _loop_targets(target: ast.AST) -> list[ast.AST]:
    """The names a loop binds; ``i, (x, y)`` of ``enumerate`` gives x and y (and i)."""
    if isinstance(target, (ast.Tuple, ast.List)):
        out: list[ast.AST] = []
        for element in target.elts:
            out.extend(_loop_targets(element))
        return out
    return [target]
