"""Initialisation facts: which tensors are initialised, how, and which Parameters never are.

PyTorch code initialises weights in many spellings: ``nn.init.*`` on a layer's weight, in-place
methods (``self.weight.data.uniform_(-s, s)``, ``.zero_()``, ``.fill_(1)``, ``.copy_(w)``),
helpers from other packages that take the tensor first (timm ``trunc_normal_``, torch_geometric
``glorot``), every module at once through ``model.apply(fn)`` or a loop over
``model.modules()``, inherited ``reset_parameters()``/``post_init()``, or a checkpoint load.
Keras takes ``kernel_initializer=`` strings or objects. This module turns all of them into
plain records, and answers the two questions rules ask:

- which ``nn.Parameter`` allocations (``torch.empty``, ``torch.Tensor(n, m)``) are never
  initialised by anything in the file (:func:`uninitialised_parameters`);
- which init calls set weights to a constant, and what they reach
  (:func:`init_calls`, :func:`applied_init_functions`, :func:`keras_constant_kernels`).

Precision first: every unknown (a helper from another module, an inherited init method, a load)
counts as "initialised".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from nnlint.analysis.classes import ClassInfo, classes, enclosing_class
from nnlint.analysis.modules import (
    assignments_by_attribute,
    fully_known,
    module_constructor,
    owning_method,
    self_name,
    walk_function,
)
from nnlint.analysis.names import dotted, last_name
from nnlint.analysis.program import Program

# torch.nn.init functions that set a constant, and the argument holding it.
_CONSTANT_INITS = {"zeros_": 0.0, "ones_": 1.0, "zeros": 0.0, "ones": 1.0}
_CONSTANT_VALUE_INITS = {"constant_", "constant"}
# In-place tensor methods that initialise; those that set a constant.
_INPLACE_INITS = frozenset(
    {
        "uniform_", "normal_", "zero_", "fill_", "copy_", "random_", "bernoulli_", "exponential_",
        "geometric_", "log_normal_", "cauchy_", "fill_diagonal_", "set_", "trunc_normal_",
        "orthogonal_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
        "eye_", "masked_fill_", "index_fill_", "scatter_", "clamp_",
    }
)
# Functions named like torch.nn.init's, from other modules (transformers.initialization, timm).
_WRAPPED_INITS = frozenset(
    {
        "zeros_", "ones_", "constant_", "normal_", "uniform_", "trunc_normal_", "xavier_uniform_",
        "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_", "trunc_normal_tf_",
        "lecun_normal_", "variance_scaling_", "copy_", "eye_", "dirac_",
    }
)
_TORCH_ALLOCATORS = frozenset({"torch.empty", "torch.empty_like", "torch.empty_strided"})
_TENSOR_CLASSES = frozenset(
    f"torch{cuda}.{kind}Tensor"
    for cuda in ("", ".cuda")
    for kind in ("", "Float", "Double", "Half", "BFloat16")
) - {"torch.cuda.Tensor"}
_CONSTANT_ALLOCATORS = {"torch.zeros": 0.0, "torch.ones": 1.0}
# Layers whose weight is a matrix or a filter bank (ndim >= 2): a constant there ties units.
AFFINE_LAYERS = frozenset(
    f"torch.nn.{name}"
    for name in (
        "Linear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
        "ConvTranspose3d", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d",
    )
)
_SIZE_WORD = re.compile(
    r"(dim|size|feat|chan|hidden|units|heads|class|vocab|embed|rank|width|height|depth|len|num|"
    r"^n_|_n$|^n[a-z]{2,5}$|^[nkdmh]$|^(in|out)(_|$)|_(in|out)$|shape|count|ntoken|nout|ninp)",
    re.I,
)
_LOADERS = ("load_state_dict", "from_pretrained", "load_checkpoint", "load_weights", "load_model")


@dataclass(frozen=True)
class InitCall:
    """One call that initialises a tensor.

    ``target`` is the tensor expression with any ``.data`` / ``.detach()`` stripped
    (``self.fc1.weight``); ``scheme`` the function or method name (``zeros_``, ``fill_``,
    ``xavier_uniform_``); ``constant`` the value when the scheme sets one, else None.
    """

    node: ast.Call
    target: ast.expr
    scheme: str
    constant: float | str | None
    function: ast.FunctionDef | ast.AsyncFunctionDef | None


@dataclass(frozen=True)
class ParameterAllocation:
    """``nn.Parameter(<allocation>)``: an allocation whose values are undefined, or a constant.

    ``kind`` is "empty" (torch.empty, torch.Tensor(n, m) with sizes only) or "constant"
    (torch.zeros / torch.ones). ``attr`` is the attribute it is stored in (``self.weight``,
    ``register_parameter("weight", ...)``), ``local`` the local name it is bound to.
    """

    call: ast.Call
    tensor: ast.Call
    kind: str
    cls: ClassInfo | None
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    attr: str | None
    local: str | None
    deferred: bool
    frozen: bool


@dataclass(frozen=True)
class AppliedInit:
    """A function applied to every sub-module (``model.apply(fn)``, ``for m in model.modules()``).

    ``param`` is the name the function calls each module; ``receiver`` the module expression
    it is applied to; ``body`` the function (or the loop) whose init calls reach each module.
    """

    node: ast.AST
    body: ast.AST
    param: str
    receiver: ast.expr


@dataclass(frozen=True)
class KerasConstantKernel:
    """A Keras layer built with a constant ``kernel_initializer`` (``"zeros"``, ``Constant(0.5)``)."""

    layer: ast.Call
    layer_name: str
    constant: float | str


@dataclass
class _Touched:
    """What the file initialises, by attribute name, plus the places that may initialise all."""

    names: set[str] = field(default_factory=set)
    everything: bool = False
    classes: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- init calls


def strip_data(node: ast.expr) -> ast.expr:
    """``self.w.data`` / ``self.w.detach()`` / ``self.w.data.view(-1)`` -> ``self.w``."""
    while True:
        if isinstance(node, ast.Attribute) and node.attr == "data":
            node = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"detach", "view", "reshape", "t", "flatten", "view_as"}
        ):
            node = node.func.value
        else:
            return node


def _literal_number(node: ast.expr | None) -> float | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _literal_number(node.operand)
        return -value if value is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    return None


def _constant_value(node: ast.expr | None) -> float | str | None:
    """A literal number, or the text of the expression (``1.0 / (k * k)``) as the same constant."""
    if node is None:
        return None
    number = _literal_number(node)
    return number if number is not None else ast.unparse(node)


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return None


def init_calls(program: Program) -> list[InitCall]:
    """Every ``nn.init.*`` call and in-place init method call of the file, in source order."""
    return program.memo(init_calls, lambda: list(_init_calls(program)))


def _init_calls(program: Program) -> Iterator[InitCall]:
    for node in program.nodes_of(ast.Call):
        qual = program.call_name(node)
        spelled = qual or dotted(node.func) or ""
        if spelled.startswith("torch.nn.init.") or (
            # Wrappers with torch's names: transformers.initialization, timm.layers, local helpers.
            not spelled.startswith("torch.")
            and spelled.rsplit(".", 1)[-1] in _WRAPPED_INITS
            and (isinstance(node.func, ast.Name) or qual is not None)
        ):
            scheme = spelled.rsplit(".", 1)[-1]
            target = _argument(node, 0, "tensor")
            if target is None:
                continue
            constant = _CONSTANT_INITS.get(scheme)
            if scheme in _CONSTANT_VALUE_INITS:
                constant = _constant_value(_argument(node, 1, "val"))
            yield InitCall(node, strip_data(target), scheme, constant, program.enclosing_function(node))
        elif qual is None and isinstance(node.func, ast.Attribute) and node.func.attr in _INPLACE_INITS:
            scheme = node.func.attr
            constant = None
            if scheme == "zero_":
                constant = 0.0
            elif scheme == "fill_":
                constant = _constant_value(_argument(node, 0, "value"))
            yield InitCall(node, strip_data(node.func.value), scheme, constant, program.enclosing_function(node))


def target_attr(node: ast.expr) -> str | None:
    """The attribute an init targets: ``weight`` for ``self.fc.weight``, ``m.weight[0]``."""
    node = strip_data(node)
    while isinstance(node, ast.Subscript):
        node = strip_data(node.value)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
        if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            return node.args[1].value
    return None


# ------------------------------------------------------------------ applied init functions


def applied_init_functions(program: Program) -> list[AppliedInit]:
    """``x.apply(fn)`` with ``fn`` defined in this file, and ``for m in x.modules():`` loops."""
    return program.memo(applied_init_functions, lambda: _applied(program))


def _local_functions(program: Program) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    def compute() -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
        found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for node in program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef):
            found.setdefault(node.name, node)
        return found

    return program.memo(_local_functions, compute)


def _applied(program: Program) -> list[AppliedInit]:
    found: list[AppliedInit] = []
    functions = _local_functions(program)
    calls = [
        node
        for node in program.nodes_of(ast.Call)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "apply" and len(node.args) == 1 and not node.keywords
    ]
    loops = [
        node
        for node in program.nodes_of(ast.For, ast.AsyncFor)
        if isinstance(node.iter, ast.Call)
        and isinstance(node.iter.func, ast.Attribute)
        and node.iter.func.attr in {"modules", "named_modules", "children", "named_children"}
    ]
    for node in program.in_walk_order(calls + loops) if calls and loops else calls or loops:
        if isinstance(node, ast.Call):
            fn = node.args[0]
            name = last_name(fn)
            definition = functions.get(name) if name else None
            if definition is None:
                continue
            params = [a.arg for a in definition.args.posonlyargs + definition.args.args]
            if params and params[0] in {"self", "cls"} and isinstance(fn, ast.Attribute):
                params = params[1:]
            if params:
                found.append(AppliedInit(node, definition, params[0], node.func.value))
        else:
            target = node.target
            if isinstance(target, ast.Tuple) and len(target.elts) == 2:
                target = target.elts[1]
            if isinstance(target, ast.Name):
                found.append(AppliedInit(node, node, target.id, node.iter.func.value))
    return found


# --------------------------------------------------------------- uninitialised Parameters


def parameter_allocations(program: Program) -> list[ParameterAllocation]:
    """``nn.Parameter(torch.empty(...))``-like allocations and ``nn.Parameter(torch.zeros(...))``."""
    return program.memo(parameter_allocations, lambda: list(_allocations(program)))


def _allocation_kind(program: Program, call: ast.AST, function: ast.AST | None) -> str | None:
    if not isinstance(call, ast.Call):
        return None
    qual = program.call_name(call)
    if qual in _TORCH_ALLOCATORS:
        return "empty"
    if qual in _CONSTANT_ALLOCATORS:
        return "constant"
    if qual in _TENSOR_CLASSES:
        if call.keywords or not call.args:
            return None
        if len(call.args) >= 2 or isinstance(call.args[0], ast.Starred):
            return "empty" if all(_is_size(program, a, function, several=True) for a in call.args) else None
        return "empty" if _is_size(program, call.args[0], function, several=False) else None
    return None


def _is_size(program: Program, node: ast.expr, function: ast.AST | None, several: bool) -> bool:
    """Whether a positional argument of ``torch.Tensor(...)`` is a size rather than data."""
    if isinstance(node, ast.Starred):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return _is_size(program, node.left, function, True) and _is_size(program, node.right, function, True)
    if isinstance(node, ast.Call):
        name = dotted(node.func) or ""
        return name in {"int", "len", "math.prod", "math.ceil", "max", "min"} or name.endswith((".size", ".numel", ".dim"))
    if isinstance(node, ast.Subscript):
        text = dotted(node.value) or ""
        return text.endswith((".shape", "size", "shape", "sizes", "dims"))
    name = last_name(node)
    if name is None:
        return False
    if several:
        return True
    return bool(_SIZE_WORD.search(name)) or _annotated_int(name, function)


def _annotated_int(name: str, function: ast.AST | None) -> bool:
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    args = function.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = list(zip(positional, defaults)) + list(zip(args.kwonlyargs, args.kw_defaults))
    for arg, default in pairs:
        if arg.arg != name:
            continue
        if isinstance(arg.annotation, ast.Name) and arg.annotation.id == "int":
            return True
        return isinstance(default, ast.Constant) and type(default.value) is int
    return False


def _is_parameter(program: Program, call: ast.AST) -> bool:
    return isinstance(call, ast.Call) and program.call_name(call) in {"torch.nn.Parameter", "torch.nn.parameter.Parameter"}


def _allocations(program: Program) -> Iterator[ParameterAllocation]:
    for node in program.nodes_of(ast.Call):
        if not _is_parameter(program, node):
            continue
        assert isinstance(node, ast.Call)
        data = _argument(node, 0, "data")
        while (
            isinstance(data, ast.Call)
            and isinstance(data.func, ast.Attribute)
            and data.func.attr in {"to", "cuda", "float", "double", "half", "contiguous"}
        ):
            data = data.func.value  # ``torch.FloatTensor(n, m).to(device)`` is still unwritten
        function = program.enclosing_function(node)
        kind = _allocation_kind(program, data, function) if data is not None else None
        if kind is None:
            continue
        assert isinstance(data, ast.Call)
        requires_grad = _argument(node, 1, "requires_grad")
        frozen = isinstance(requires_grad, ast.Constant) and requires_grad.value is False
        attr, local = _storage(program, node)
        yield ParameterAllocation(
            call=node,
            tensor=data,
            kind=kind,
            cls=enclosing_class(program, node),
            function=function,
            attr=attr,
            local=local,
            deferred=_deferred(program, node, data),
            frozen=frozen,
        )


def _storage(program: Program, call: ast.Call) -> tuple[str | None, str | None]:
    parent = program.parent(call)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is call:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        for target in targets:
            if isinstance(target, ast.Attribute):
                return target.attr, None
            if isinstance(target, ast.Name):
                return None, target.id
    if (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Attribute)
        and parent.func.attr in {"register_parameter", "register_buffer"}
        and len(parent.args) >= 2
        and parent.args[1] is call
        and isinstance(parent.args[0], ast.Constant)
        and isinstance(parent.args[0].value, str)
    ):
        return parent.args[0].value, None
    if (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Name)
        and parent.func.id == "setattr"
        and len(parent.args) == 3
        and parent.args[2] is call
        and isinstance(parent.args[1], ast.Constant)
        and isinstance(parent.args[1].value, str)
    ):
        return parent.args[1].value, None
    return None, None


def _deferred(program: Program, parameter: ast.Call, data: ast.Call) -> bool:
    """Deferred on purpose: ``device="meta"``, or built under ``init_empty_weights()``."""
    for kw in data.keywords + parameter.keywords:
        if kw.arg == "device" and not (isinstance(kw.value, ast.Constant) and kw.value.value in {"cpu", "cuda"}):
            text = ast.unparse(kw.value)
            if "meta" in text:
                return True
    for ancestor in program.ancestors(parameter):
        if isinstance(ancestor, (ast.With, ast.AsyncWith)):
            text = " ".join(ast.unparse(item.context_expr) for item in ancestor.items)
            if "meta" in text or "init_empty_weights" in text or "no_init" in text or "skip_init" in text:
                return True
    return False


def _touched(program: Program) -> _Touched:
    return program.memo(_touched, lambda: _compute_touched(program))


def _compute_touched(program: Program) -> _Touched:
    touched = _Touched()
    functions = _local_functions(program)
    for item in init_calls(program):
        name = target_attr(item.target)
        if name is not None:
            touched.names.add(name)
        elif isinstance(strip_data(item.target), ast.Name):
            touched.names.add(f"local:{strip_data(item.target).id}")  # type: ignore[attr-defined]
        if _inside_parameter_loop(program, item.node):
            touched.everything = True
    for node in [*program.nodes_of(ast.Call), *program.nodes_of(ast.Assign), *program.nodes_of(ast.AugAssign)]:  # sets: any order
        if isinstance(node, ast.Call):
            qual = program.call_name(node)
            method = node.func.attr if isinstance(node.func, ast.Attribute) else None
            if method in _LOADERS or (qual and qual.rsplit(".", 1)[-1] in _LOADERS) or qual == "torch.load":
                touched.everything = True
            # A helper that is not a known torch function and takes the tensor: assume it inits.
            if _may_initialise(program, node, qual):
                for arg in list(node.args) + [kw.value for kw in node.keywords]:
                    name = target_attr(arg) if not isinstance(arg, ast.Starred) else None
                    if name is not None and isinstance(strip_data(arg), (ast.Attribute, ast.Subscript)):
                        touched.names.add(name)
                    elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "getattr":
                        touched.everything = True
                    elif isinstance(strip_data(arg), ast.Name):
                        touched.names.add(f"local:{strip_data(arg).id}")  # type: ignore[attr-defined]
            if isinstance(node.func, ast.Attribute) and node.func.attr == "apply" and node.args:
                fn = node.args[0]
                name = last_name(fn)
                if name is None or name not in functions:
                    touched.everything = True
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "data" or isinstance(target, ast.Subscript):
                    name = target_attr(target)
                    if name is not None:
                        touched.names.add(name)
    for info in classes(program).values():
        if _calls_inherited_initialiser(program, info):
            # An initialiser of an unknown base (HF post_init -> _init_weights) may reach any
            # sub-module of the file; one of a known base only reaches this class.
            if fully_known(program, info):
                touched.classes.add(info.name)
            else:
                touched.everything = True
    sources = _loop_sources(program)
    for name in [n[6:] for n in touched.names if n.startswith("local:")]:
        touched.names |= sources.get(name, set())
    return touched


def _loop_sources(program: Program) -> dict[str, set[str]]:
    """``for p in [m.q, m.k]: init(p)``: the attributes each loop variable stands for."""
    found: dict[str, set[str]] = {}
    for node in [*program.nodes_of(ast.For), *program.nodes_of(ast.comprehension)]:
        if (
            isinstance(node, (ast.For, ast.comprehension))
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, (ast.List, ast.Tuple))
        ):
            for element in node.iter.elts:
                attr = target_attr(element)
                if attr is not None:
                    found.setdefault(node.target.id, set()).add(attr)
    return found


_NOT_INITIALISERS = frozenset({"len", "print", "isinstance", "hasattr", "id", "repr", "str", "type", "super", "getattr"})


def _may_initialise(program: Program, call: ast.Call, qual: str | None) -> bool:
    """Whether a call that receives a tensor may initialise it (unknown helpers: yes).

    Known torch functions (``F.linear(x, self.weight)``) and methods of other tensors
    (``x.matmul(self.weight)``) only read it; plain functions, methods of ``self`` and
    functions of imported packages other than torch may write it.
    """
    if qual is not None:
        return not qual.startswith("torch.") or qual.startswith("torch.nn.init.")
    func = call.func
    if isinstance(func, ast.Name):
        return func.id not in _NOT_INITIALISERS
    if isinstance(func, ast.Attribute):
        name = func.attr
        if name.endswith("_") or "init" in name.lower():
            return True
        return isinstance(func.value, ast.Name) and func.value.id in {"self", "cls"}
    return False


def _inside_parameter_loop(program: Program, node: ast.AST) -> bool:
    for ancestor in program.ancestors(node):
        if isinstance(ancestor, (ast.For, ast.AsyncFor, ast.comprehension)):
            iterator = ancestor.iter
            if (
                isinstance(iterator, ast.Call)
                and isinstance(iterator.func, ast.Attribute)
                and iterator.func.attr in {"parameters", "named_parameters"}
            ):
                return True
            if isinstance(iterator, ast.Call) and isinstance(iterator.func, ast.Name) and iterator.func.id in {"zip", "enumerate"}:
                if any(
                    isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute) and a.func.attr in {"parameters", "named_parameters"}
                    for a in iterator.args
                ):
                    return True
    return False


_INITIALISER_WORDS = ("init", "reset", "initialize", "initialise")


def _calls_inherited_initialiser(program: Program, info: ClassInfo) -> bool:
    """``self.reset_parameters()`` / ``self.post_init()`` / ``self.apply(...)`` not defined here."""
    own = _methods_through_local_bases(program, info)
    for node, method in _initialiser_calls(program).get(info.name, ()):
        receiver = node.func.value  # type: ignore[attr-defined]
        is_self = isinstance(receiver, ast.Name) and receiver.id == self_name(method)
        is_super = isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super"
        name = node.func.attr  # type: ignore[attr-defined]
        if (is_self or is_super) and (is_super or name not in own):
            return True
    return False


def _initialiser_calls(program: Program) -> dict[str, list[tuple[ast.Call, ast.FunctionDef | ast.AsyncFunctionDef]]]:
    """Per class name, the calls of a method named like an initialiser (not ``__init__``) on
    anything, made in a method's own code, with that method: read from the file's calls once,
    not by walking every method of every class."""

    def collect() -> dict[str, list[tuple[ast.Call, ast.FunctionDef | ast.AsyncFunctionDef]]]:
        found: dict[str, list[tuple[ast.Call, ast.FunctionDef | ast.AsyncFunctionDef]]] = {}
        for node in program.nodes_of(ast.Call):
            func = node.func
            if not isinstance(func, ast.Attribute) or func.attr == "__init__":
                continue
            lowered = func.attr.lower()
            if not any(word in lowered for word in _INITIALISER_WORDS):
                continue
            owner = owning_method(program, node)
            if owner is not None:
                found.setdefault(owner[0].name, []).append((node, owner[1]))
        return found

    return program.memo(_initialiser_calls, collect)


def _methods_through_local_bases(program: Program, info: ClassInfo, seen: frozenset[str] = frozenset()) -> set[str]:
    names = set(info.methods)
    for base in info.bases:
        if base and base.startswith("local:") and base[6:] not in seen:
            local = classes(program).get(base[6:])
            if local is not None:
                names |= _methods_through_local_bases(program, local, seen | {info.name})
    return names


def is_initialised(program: Program, allocation: ParameterAllocation) -> bool:
    """Whether anything in the file may initialise the allocated Parameter (unknown: yes)."""
    if allocation.deferred or allocation.frozen:
        return True
    touched = _touched(program)
    if touched.everything:
        return True
    cls = allocation.cls
    if cls is None or not cls.is_torch_module or not fully_known(program, cls):
        return True
    if cls.name in touched.classes or any(_subclass_touched(program, c, touched) for c in classes(program).values() if _derives_from(program, c, cls)):
        return True
    if allocation.attr is not None:
        return allocation.attr in touched.names or _reassigned(program, cls, allocation)
    if allocation.local is not None:
        return f"local:{allocation.local}" in touched.names or _stored_local(program, allocation)
    return True


def _derives_from(program: Program, cls: ClassInfo, base: ClassInfo, seen: frozenset[str] = frozenset()) -> bool:
    for name in cls.bases:
        if name and name.startswith("local:") and name[6:] not in seen:
            local = classes(program).get(name[6:])
            if local is base or (local is not None and _derives_from(program, local, base, seen | {cls.name})):
                return True
    return False


def _subclass_touched(program: Program, cls: ClassInfo, touched: _Touched) -> bool:
    return cls.name in touched.classes


def _reassigned(program: Program, cls: ClassInfo, allocation: ParameterAllocation) -> bool:
    """The attribute is assigned again elsewhere in the class (``self.w = other``)."""
    assert allocation.attr is not None
    for item in assignments_by_attribute(program, cls).get(allocation.attr, []):
        if item.value is not allocation.call:
            return True
    return False


def _stored_local(program: Program, allocation: ParameterAllocation) -> bool:
    """A local Parameter that ends up somewhere we cannot follow: count it as initialised.

    ``w = nn.Parameter(torch.empty(n)); self.w = w`` is followed (by the name ``w`` on self);
    anything else (a list, a ParameterList, a return value) is unknown.
    """
    function = allocation.function
    if function is None:
        return True
    touched = _touched(program)
    for node in walk_function(function):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == allocation.local:
            for target in node.targets:
                if isinstance(target, ast.Attribute):
                    return target.attr in touched.names
            return True
        if isinstance(node, ast.Return) and node.value is not None and allocation.local in {
            n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)
        }:
            return True
    return False


def uninitialised_parameters(program: Program) -> list[ParameterAllocation]:
    """Parameters allocated with undefined values that nothing in the file initialises."""
    return [
        item
        for item in parameter_allocations(program)
        if item.kind == "empty" and not is_initialised(program, item)
    ]


# -------------------------------------------------------------------------------- Keras


_KERAS_AFFINE = frozenset(
    {"Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Convolution2D", "Convolution1D"}
)
_KERAS_CONSTANT_STRINGS = {"zeros": 0.0, "zero": 0.0, "ones": 1.0, "one": 1.0, "constant": 0.0}
_KERAS_CONSTANT_CLASSES = {"Zeros": 0.0, "Ones": 1.0, "zeros": 0.0, "ones": 1.0}


def keras_constant_kernels(program: Program) -> list[KerasConstantKernel]:
    """Keras Dense/Conv layers built with a constant kernel initializer."""
    return program.memo(keras_constant_kernels, lambda: list(_keras_constants(program)))


def _keras_constants(program: Program) -> Iterator[KerasConstantKernel]:
    for node in program.nodes_of(ast.Call):
        qual = program.call_name(node)
        if qual is None or not qual.startswith("keras.") or qual.rsplit(".", 1)[-1] not in _KERAS_AFFINE:
            continue
        init = next((kw.value for kw in node.keywords if kw.arg == "kernel_initializer"), None)
        if init is None or any(kw.arg == "trainable" and isinstance(kw.value, ast.Constant) and kw.value.value is False for kw in node.keywords):
            continue
        constant = keras_initializer_constant(program, init)
        if constant is not None:
            yield KerasConstantKernel(node, qual.rsplit(".", 1)[-1], constant)


def keras_initializer_constant(program: Program, node: ast.expr) -> float | str | None:
    """The constant a Keras initializer sets (``"zeros"`` -> 0.0), or None if not constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _KERAS_CONSTANT_STRINGS.get(node.value.lower())
    if isinstance(node, ast.Call):
        qual = program.call_name(node) or ""
        if not qual.startswith("keras."):
            return None
        last = qual.rsplit(".", 1)[-1]
        if last in _KERAS_CONSTANT_CLASSES:
            return _KERAS_CONSTANT_CLASSES[last]
        if last in {"Constant", "constant"}:
            value = _argument(node, 0, "value")
            if value is None:
                return 0.0
            number = _literal_number(value)
            return number if number is not None else None
    return None


def affine_layer_of(program: Program, cls: ClassInfo, owner: ast.expr) -> str | None:
    """The torch layer class of ``self.fc1`` / ``self.net[0]`` in a class's ``__init__``, if known."""
    if isinstance(owner, ast.Subscript):
        base, index = owner.value, owner.slice
        if not (isinstance(base, ast.Attribute) and isinstance(index, ast.Constant) and isinstance(index.value, int)):
            return None
        container = _single_value(program, cls, base.attr)
        if container is None or program.call_name(container) != "torch.nn.Sequential":
            return None
        layers = container.args
        if any(isinstance(a, ast.Starred) for a in layers) or not -len(layers) <= index.value < len(layers):
            return None
        return module_constructor(program, layers[index.value])
    if isinstance(owner, ast.Attribute):
        value = _single_value(program, cls, owner.attr)
        return module_constructor(program, value) if value is not None else None
    return None


def _single_value(program: Program, cls: ClassInfo, attr: str) -> ast.expr | None:
    items = assignments_by_attribute(program, cls).get(attr, [])
    return items[0].value if len(items) == 1 else None


def count_affine_layers(program: Program, cls: ClassInfo, kinds: frozenset[str]) -> int:
    """How many layers of ``kinds`` the class builds in ``__init__`` (a comprehension counts 2)."""
    init = cls.methods.get("__init__")
    if init is None:
        return 0
    count = 0
    for node in walk_function(init):
        if isinstance(node, ast.Call) and module_constructor(program, node) in kinds:
            inside_loop = any(
                isinstance(a, (ast.For, ast.comprehension, ast.ListComp, ast.GeneratorExp, ast.While))
                for a in program.ancestors(node)
            )
            count += 2 if inside_loop else 1
    return count


# ----------------------------------------------------------------- constant weight inits


@dataclass(frozen=True)
class ConstantWeightInit:
    """A weight matrix set to a constant where that ties units together (NN202).

    ``node`` is the init call or the Keras layer; ``how`` is "apply" (every such layer of a
    model through ``apply(fn)`` or a ``modules()`` loop), "stack" (two layers of one stack, one
    feeding the other) or "keras".
    """

    node: ast.Call
    constant: float | str
    how: str
    layers: int


def constant_weight_inits(program: Program) -> list[ConstantWeightInit]:
    return program.memo(constant_weight_inits, lambda: _constant_weight_inits(program))


def _constant_weight_inits(program: Program) -> list[ConstantWeightInit]:
    found: list[ConstantWeightInit] = []
    constants = [c for c in init_calls(program) if c.constant is not None and target_attr(c.target) == "weight"]
    used: set[int] = set()
    for applied in applied_init_functions(program):
        for item in constants:
            if id(item.node) in used or not _contains(program, applied.body, item.node):
                continue
            owner = _owner(item.target)
            if not (isinstance(owner, ast.Name) and owner.id == applied.param):
                continue
            if owner.id in _frozen_owners(program):
                continue
            kinds = _guarded_kinds(program, item.node, applied)
            if not kinds:
                continue
            count = _receiver_layers(program, applied, kinds)
            if count >= 2:
                used.add(id(item.node))
                found.append(ConstantWeightInit(item.node, item.constant, "apply", count))  # type: ignore[arg-type]
    found.extend(_stack_inits(program, [c for c in constants if id(c.node) not in used]))
    found.extend(_keras_stacks(program))
    found.sort(key=lambda f: (f.node.lineno, f.node.col_offset))
    return found


def _frozen_owners(program: Program) -> set[str]:
    """Layers whose weights are frozen (a fixed blur or averaging filter): a constant is the point.

    ``X.weight.requires_grad = False``, ``X.requires_grad_(False)``,
    ``X.weight.requires_grad_(False)``, ``for p in X.parameters(): p.requires_grad = False``;
    the spelling of ``X`` (``self.blur``, ``m``) is returned.
    """

    def compute() -> set[str]:
        found: set[str] = set()

        def add(node: ast.AST) -> None:
            node = strip_data(node)  # type: ignore[arg-type]
            if isinstance(node, ast.Attribute) and node.attr == "weight":
                node = strip_data(node.value)
            found.add(ast.unparse(node))

        for node in [*program.nodes_of(ast.Assign), *program.nodes_of(ast.Call)]:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is False:
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "requires_grad":
                        loop = _parameters_loop_owner(program, target.value)
                        add(loop if loop is not None else target.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "requires_grad_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value is False
            ):
                add(node.func.value)
        return found

    return program.memo(_frozen_owners, compute)


def _parameters_loop_owner(program: Program, name: ast.expr) -> ast.expr | None:
    """``for p in X.parameters(): p.requires_grad = False`` -> ``X``."""
    if not isinstance(name, ast.Name):
        return None
    for ancestor in program.ancestors(name):
        if (
            isinstance(ancestor, ast.For)
            and _is_name(ancestor.target, name.id)
            and isinstance(ancestor.iter, ast.Call)
            and isinstance(ancestor.iter.func, ast.Attribute)
            and ancestor.iter.func.attr == "parameters"
        ):
            return ancestor.iter.func.value
    return None


def _owner(target: ast.expr) -> ast.expr | None:
    target = strip_data(target)
    if isinstance(target, ast.Attribute) and target.attr == "weight":
        return strip_data(target.value)
    return None


def _contains(program: Program, outer: ast.AST, node: ast.AST) -> bool:
    return outer is node or any(a is outer for a in program.ancestors(node))


def _guarded_kinds(program: Program, node: ast.AST, applied: AppliedInit) -> frozenset[str]:
    """The affine layer classes an init inside ``fn(m)`` reaches, from its ``isinstance`` guards.

    No guard at all means every layer with a weight. A guard we cannot read (another
    condition, an ``else`` branch, a user class) gives the empty set: silent.
    """
    kinds: frozenset[str] | None = None
    child: ast.AST = node
    for ancestor in program.ancestors(node):
        if ancestor is applied.body:
            break
        if isinstance(ancestor, ast.If):
            if child is ancestor.test:
                return frozenset()
            if any(child is s for s in ancestor.orelse):
                return frozenset()
            guard = _type_guard(program, ancestor.test, applied.param)
            if guard is None:
                return frozenset()
            kinds = guard if kinds is None else kinds & guard
        elif isinstance(ancestor, (ast.IfExp, ast.BoolOp, ast.While, ast.Try)):
            return frozenset()
        child = ancestor
    return AFFINE_LAYERS if kinds is None else kinds & AFFINE_LAYERS


def _type_guard(program: Program, test: ast.expr, param: str) -> frozenset[str] | None:
    """Layer classes a test admits: ``isinstance(m, (nn.Linear, nn.Conv2d))``,
    ``classname.find('Conv') != -1``, ``hasattr(m, 'weight')``. None when it tests anything else."""
    if isinstance(test, ast.BoolOp):
        parts = [_type_guard(program, v, param) for v in test.values]
        if any(p is None for p in parts):
            return None
        result = parts[0]
        for part in parts[1:]:
            result = (result | part) if isinstance(test.op, ast.Or) else (result & part)  # type: ignore[operator]
        return result
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name):
        if test.func.id == "isinstance" and len(test.args) == 2 and _is_name(test.args[0], param):
            classes_ = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
            names = {program.qualname(c) or "" for c in classes_}
            return frozenset(names)
        if test.func.id == "hasattr" and len(test.args) == 2 and _is_name(test.args[0], param):
            return AFFINE_LAYERS
        return None
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        text = ast.unparse(test)
        word = _class_word(test)
        if word is not None and ("find(" in text or "in" in type(test.ops[0]).__name__.lower() or "__name__" in text):
            if isinstance(test.ops[0], (ast.NotIn, ast.Eq)) and "find(" in text and _literal_number(test.comparators[0]) == -1:
                return frozenset()
            return frozenset(k for k in AFFINE_LAYERS if word in k.rsplit(".", 1)[1])
        if isinstance(test.left, ast.Attribute) and test.left.attr == "weight" or "is not None" in text:
            return AFFINE_LAYERS
    return None


def _class_word(test: ast.Compare) -> str | None:
    for node in ast.walk(test):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            return node.value
    return None


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _receiver_layers(program: Program, applied: AppliedInit, kinds: frozenset[str]) -> int:
    """How many layers of ``kinds`` the model that ``apply``/``modules()`` runs over has."""
    receiver = applied.receiver
    if isinstance(receiver, ast.Name):
        cls = enclosing_class(program, applied.node)
        function = program.enclosing_function(applied.node)
        if cls is not None and function is not None and receiver.id == self_name(function):
            return _class_layers(program, cls, kinds, set())
        bound = _bound_call(program, applied.node, receiver.id)
        if bound is not None:
            return _call_layers(program, bound, kinds, set())
    if isinstance(receiver, ast.Call):
        return _call_layers(program, receiver, kinds, set())
    return 0


def _bound_call(program: Program, at: ast.AST, name: str) -> ast.Call | None:
    """The single ``name = Call(...)`` of the scope holding ``at``."""
    scope: ast.AST = program.enclosing_function(at) or program.tree
    values = [
        node.value
        for node in walk_function(scope)
        if isinstance(node, ast.Assign) and any(_is_name(t, name) for t in node.targets)
    ]
    if len(values) == 1:
        value = values[0]
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in {"to", "cuda", "float"}:
            value = value.func.value
        return value if isinstance(value, ast.Call) else None
    return None


def _call_layers(program: Program, call: ast.Call, kinds: frozenset[str], seen: set[str]) -> int:
    made = module_constructor(program, call)
    if made is None:
        return 0
    if made in kinds:
        return 1
    if made in {"torch.nn.Sequential", "torch.nn.ModuleList"}:
        total = 0
        for node in ast.walk(call):
            if node is not call and isinstance(node, ast.Call):
                inner = module_constructor(program, node)
                if inner in kinds:
                    total += 2 if isinstance(program.parent(node), (ast.ListComp, ast.GeneratorExp)) else 1
        return total
    if made.startswith("local:"):
        cls = classes(program).get(made[6:])
        return _class_layers(program, cls, kinds, seen) if cls is not None else 0
    return 0


def _class_layers(program: Program, cls: ClassInfo, kinds: frozenset[str], seen: set[str]) -> int:
    if cls.name in seen:
        return 0
    seen = seen | {cls.name}
    total = count_affine_layers(program, cls, kinds)
    init = cls.methods.get("__init__")
    if init is not None:
        for node in walk_function(init):
            made = module_constructor(program, node) if isinstance(node, ast.Call) else None
            if made and made.startswith("local:"):
                sub = classes(program).get(made[6:])
                if sub is not None:
                    total += _class_layers(program, sub, kinds, seen)
    return total


def _stack_inits(program: Program, constants: list[InitCall]) -> list[ConstantWeightInit]:
    """Explicit inits of two layers of one class where one layer feeds the other."""
    groups: dict[tuple[str, float | str], list[tuple[InitCall, ast.expr, str]]] = {}
    for item in constants:
        cls = enclosing_class(program, item.node)
        owner = _owner(item.target)
        if cls is None or owner is None or item.function is None:
            continue
        self_id = self_name(item.function)
        base = owner.value if isinstance(owner, ast.Subscript) else owner
        if not (isinstance(base, ast.Attribute) and _is_name(base.value, self_id or "")):
            continue
        if affine_layer_of(program, cls, owner) not in AFFINE_LAYERS or ast.unparse(owner) in _frozen_owners(program):
            continue
        if any(isinstance(a, (ast.For, ast.While, ast.comprehension)) for a in program.ancestors(item.node) if _contains(program, item.function, a)):
            continue
        groups.setdefault((cls.name, item.constant), []).append((item, owner, base.attr))  # type: ignore[index]
    found: list[ConstantWeightInit] = []
    for (class_name, constant), items in groups.items():
        cls = classes(program)[class_name]
        flows = layer_flows(program, cls)
        involved: set[int] = set()
        for i, (a, owner_a, attr_a) in enumerate(items):
            for b, owner_b, attr_b in items[i + 1 :]:
                same_sequential = isinstance(owner_a, ast.Subscript) and isinstance(owner_b, ast.Subscript) and attr_a == attr_b and ast.unparse(owner_a) != ast.unparse(owner_b)
                if same_sequential or attr_a in flows.get(attr_b, set()) or attr_b in flows.get(attr_a, set()):
                    involved |= {id(a.node), id(b.node)}
        for item, _, _ in items:
            if id(item.node) in involved:
                found.append(ConstantWeightInit(item.node, constant, "stack", len(involved)))
    return found


def layer_flows(program: Program, cls: ClassInfo) -> dict[str, set[str]]:
    """For each layer attribute called in ``forward`` (``self.fc2(...)``), the layer attributes
    whose outputs reach its input: ``x = self.fc1(x); x = self.fc2(F.relu(x))`` gives
    ``{"fc2": {"fc1"}}``. A small forward data flow over local names, in source order."""
    return program.memo(("layer_flows", cls.name), lambda: _flows(cls))


def _flows(cls: ClassInfo) -> dict[str, set[str]]:
    from nnlint.analysis.modules import methods_reached_from

    flows: dict[str, set[str]] = {}
    for start in ("forward", "call"):
        for method in methods_reached_from(cls, start):
            self_id = self_name(method)
            deps: dict[str, set[str]] = {}

            def layer_of(node: ast.AST) -> object | None:
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_name(node.func.value, self_id or ""):
                    return node.func.attr
                return None

            def upstream(expr: ast.AST) -> set[str]:
                return _single_source(expr, deps, layer_of, self_id)  # type: ignore[return-value]

            def record(node: ast.AST) -> None:
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_name(node.func.value, self_id or ""):
                    inputs: set[str] = set()
                    for arg in list(node.args) + [kw.value for kw in node.keywords]:
                        inputs |= upstream(arg)
                    flows.setdefault(node.func.attr, set()).update(inputs)

            done: set[int] = set()
            for node in walk_function(method):
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                    for inner in ast.walk(node.value):
                        record(inner)
                        done.add(id(inner))
                    sources = upstream(node.value)
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        for name in ast.walk(target):
                            if isinstance(name, ast.Name):
                                deps[name.id] = sources | (deps.get(name.id, set()) if isinstance(node, ast.AugAssign) else set())
                elif id(node) not in done:
                    record(node)
    return flows


def _single_source(expr: ast.AST, deps: dict, layer_of, self_id: str | None) -> set:  # type: ignore[type-arg, no-untyped-def]
    """The layers whose output ``expr`` is, when it is a function of exactly one value.

    ``F.relu(self.fc1(x))`` is ``{fc1}``; a sum of two values (a residual ``x + branch``, a
    concatenation) mixes in other data, which breaks the symmetry of a constant layer, so it
    is the empty set. Constants and attributes of ``self`` (a scale, a gate) are not data.
    """
    layer = layer_of(expr)
    if layer is not None:
        return {layer}
    leaves = _data_leaves(expr, self_id)
    if len(leaves) != 1:
        return set()
    leaf = leaves[0]
    if leaf is expr:
        return set(deps.get(expr.id, set())) if isinstance(expr, ast.Name) else set()
    return _single_source(leaf, deps, layer_of, self_id)


def _data_leaves(expr: ast.AST, self_id: str | None) -> list[ast.AST]:
    """The operands of ``expr`` that carry data: names and calls, not constants or self.x."""
    if isinstance(expr, ast.Name):
        return [expr]
    if isinstance(expr, ast.Constant) or (isinstance(expr, ast.Attribute) and _is_name(expr.value, self_id or "")):
        return []
    if isinstance(expr, ast.BinOp):
        return [e for e in (expr.left, expr.right) if _data_leaves(e, self_id)]
    if isinstance(expr, ast.UnaryOp):
        return [expr.operand]
    if isinstance(expr, (ast.Subscript, ast.Attribute, ast.Starred)):
        return [expr.value]
    if isinstance(expr, ast.Call):
        operands = [a for a in expr.args if _data_leaves(a, self_id)]
        if isinstance(expr.func, ast.Attribute) and not (
            isinstance(expr.func.value, ast.Name) and expr.func.value.id in {"F", "torch", "nn", "tf", "np", "math"}
        ):
            operands.insert(0, expr.func.value)
        return operands
    return [expr, expr]


def _keras_stacks(program: Program) -> list[ConstantWeightInit]:
    """Keras layers with the same constant kernel in one Sequential list, ``add`` chain, or
    functional chain."""
    groups: dict[tuple[object, float | str], list[KerasConstantKernel]] = {}
    for item in keras_constant_kernels(program):
        parent = program.parent(item.layer)
        key: object | None = None
        if isinstance(parent, ast.List) and isinstance(program.parent(parent), ast.Call):
            key = ("list", id(parent))
        elif isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr == "add":
            scope = program.enclosing_function(parent) or program.tree
            key = ("add", id(scope), ast.unparse(parent.func.value))
        elif isinstance(parent, ast.Call) and parent.func is item.layer:
            scope = program.enclosing_function(parent) or program.tree
            key = ("functional", id(scope))
        elif isinstance(parent, (ast.Assign, ast.AnnAssign)):
            cls = enclosing_class(program, item.layer)
            if cls is not None:
                key = ("class", cls.name)
        if key is not None:
            groups.setdefault((key, item.constant), []).append(item)
    found: list[ConstantWeightInit] = []
    for ((kind, *_), constant), items in groups.items():
        if len(items) < 2:
            continue
        if kind == "class":
            cls = enclosing_class(program, items[0].layer)
            assert cls is not None
            flows = layer_flows(program, cls)
            attrs = {_assigned_attr(program, i.layer): i for i in items}
            chained = {a for a in attrs for b in attrs if a and b and a != b and (a in flows.get(b, set()) or b in flows.get(a, set()))}
            items = [attrs[a] for a in chained]
        elif kind == "functional":
            items = _functional_chain(program, items)
        for item in items:
            found.append(ConstantWeightInit(item.layer, constant, "keras", len(items)))
    return found


def _assigned_attr(program: Program, call: ast.Call) -> str | None:
    parent = program.parent(call)
    if isinstance(parent, ast.Assign) and isinstance(parent.targets[0], ast.Attribute):
        return parent.targets[0].attr
    return None


def _functional_chain(program: Program, items: list[KerasConstantKernel]) -> list[KerasConstantKernel]:
    """The layers of a functional graph whose output reaches another one's input."""
    scope = program.enclosing_function(items[0].layer) or program.tree
    deps: dict[str, set[int]] = {}
    applied: dict[int, set[int]] = {}
    wanted = {id(i.layer) for i in items}

    def layer_of(node: ast.AST) -> object | None:
        return id(node.func) if isinstance(node, ast.Call) and id(node.func) in wanted else None

    def upstream(expr: ast.AST) -> set[int]:
        return _single_source(expr, deps, layer_of, None)  # type: ignore[return-value]

    def record(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and id(node.func) in wanted:
            inputs: set[int] = set()
            for arg in node.args:
                inputs |= upstream(arg)
            applied[id(node.func)] = inputs

    done: set[int] = set()
    for node in walk_function(scope):
        if isinstance(node, ast.Assign):
            for inner in ast.walk(node.value):
                record(inner)
                done.add(id(inner))
            sources = upstream(node.value)
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        deps[name.id] = sources
        elif id(node) not in done:
            record(node)
    chained = {a for a, inputs in applied.items() if inputs - {a}} | {b for a, inputs in applied.items() for b in inputs if b != a}
    return [i for i in items if id(i.layer) in chained]
