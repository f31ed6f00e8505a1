"""What the models of a module are made of, and where their outputs go.

For every model the module builds (``nn.Sequential(...)``, ``nn.ModuleList``, a local
``nn.Module`` class and its ``forward()``, Keras ``Sequential([...])`` and ``model.add``, the
functional API, a subclassed ``keras.Model`` and its ``call()``, ``keras.applications``), the
analysis lists its layers in order, each a :class:`~nnlint.analysis.layers.Layer` with its kind,
literal sizes and activation.

It does this by following values through each function body in order (a small abstract
interpretation): ``x = self.fc1(x); x = torch.sigmoid(x)`` gives ``x`` the *flow*
``(Linear, sigmoid)``. A flow is the tuple of steps a value went through, as far back as the
analysis can see; anything it cannot see into is an ``unknown`` step, which keeps the rules
silent. The flow of every expression evaluated is kept, so loss rules can ask what the input
of ``criterion(out, y)`` went through (:func:`flow_of`), and what object a name denotes
(:func:`object_of`: a :class:`Model`, a layer, or a :class:`Constructed` call such as
``nn.CrossEntropyLoss()``).

API (all memoised per file):
- ``models(program) -> list[Model]``: every model/stack, in source order. ``Model.kind``,
  ``.framework`` ("torch" | "keras"), ``.node``, ``.name``, ``.layers`` (what it builds, in
  order), ``.flows`` (orders of application), ``.outputs``, ``.output_activation``,
  ``.last_layer``, ``.all_layers()`` (through blocks), ``.attributes`` (class models:
  attribute -> object), ``.complete``.
- ``class_model(program, name)``: the Model of a local module/Keras model class.
- ``flow_of(program, expr)`` / ``output_activation(flow)`` / ``last_step(flow)``: what a value
  went through; ``through_callers(program, flow)`` resolves a helper's parameter.
- ``object_of(program, expr)``: the Model / list of Layer / LayerList / Constructed a name,
  ``self.attr`` or call denotes; ``object_through_callers`` for helper parameters.
- ``calls_by_name(program)``: calls by qualified name. analysis/layers.py holds the kinds
  (AFFINE, RECURRENT, NORMALISATION, DROPOUT, ACTIVATION, POOLING, TRANSPARENT, EMBEDDING,
  BLOCK, INPUT, UNKNOWN) and ``Layer``; analysis/losses.py reads losses and Keras compile().

Known gaps: only module-local code is read (a model built in another file is unknown); a
helper is followed when it is a module-level function or a method of the same class; loops
are unrolled only over literal ranges, ModuleLists of known length, or literal arguments of
a specialised helper; dicts of layers (ModuleDict) are not followed.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Union

from nnlint.analysis.classes import ClassInfo, classes
from nnlint.analysis.layers import (
    ACTIVATION,
    AFFINE,
    BLOCK,
    INPUT,
    KERAS_ACTIVATION_NAMES,
    RESHAPES,
    TRANSPARENT,
    UNKNOWN,
    Layer,
    activation_from_function,
    argument,
    is_layer_class,
    layer_from_class,
    layer_from_constructor,
    literal_int,
)
from nnlint.analysis.program import Program

Flow = tuple[Layer, ...]

TORCH_SEQUENTIAL = "torch.nn.Sequential"
TORCH_LISTS = frozenset({"torch.nn.ModuleList"})
KERAS_SEQUENTIAL = frozenset({"keras.Sequential", "keras.models.Sequential"})
KERAS_FUNCTIONAL = frozenset({"keras.Model", "keras.models.Model"})
_CONSTRUCTORS = frozenset({TORCH_SEQUENTIAL, *TORCH_LISTS, *KERAS_SEQUENTIAL, *KERAS_FUNCTIONAL})
_MAX_UNROLL = 32


@dataclass(eq=False)
class Model:
    """A model (or a stack inside one) and its layers.

    ``kind``: "torch-sequential", "torch-modulelist", "torch-module" (a local nn.Module class),
    "keras-sequential", "keras-functional", "keras-subclass", "keras-application".
    ``layers``: every layer it builds, in order (Sequential order; for classes, the order the
    layers are assigned in ``__init__``), activations included as steps.
    ``flows``: the orders in which layers are applied (for Sequential: the layers; for
    classes: the flows of the values forward()/call() returns). ``outputs``: the flow of each
    returned value, None for a value the analysis cannot follow (tuples, dicts, unknowns).
    ``complete``: False when some layers could not be seen (a loop of unknown length, ``*args``).
    """

    kind: str
    framework: str
    node: ast.AST
    given_name: str | None = None  # ``name`` reads it once every function has been traced
    layers: list[Layer] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    outputs: list[Flow | None] = field(default_factory=list)
    complete: bool = True
    cls: ClassInfo | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    tuple_outputs: list[Flow | None] | None = None  # per position, when forward() returns a tuple
    depth: int = 0  # block depth where a Keras Sequential was created (for model.add)
    finish: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def name(self) -> str | None:
        """The variable the model was built into or first assigned to (``net = make_net()``).

        A function traced late may still give a nameless stack its name (``ModelAnalysis.rest``),
        so reading the name finishes the tracing first.
        """
        if self.finish is not None:
            self.finish()
        return self.given_name

    @property
    def output_activation(self) -> str | None:
        """"softmax", "sigmoid", "log_softmax", "linear" (no activation: logits) ... or None."""
        return self._output_activation(frozenset())

    def _output_activation(self, seen: frozenset[int]) -> str | None:
        if not self.outputs or any(out is None for out in self.outputs) or id(self) in seen:
            return None  # unknown, or a forward() that calls itself
        found = {_flow_activation(out, seen | {id(self)}) for out in self.outputs if out is not None}
        return found.pop() if len(found) == 1 else None

    @property
    def last_layer(self) -> Layer | None:
        """The last non-transparent layer of the (single) output flow, or None."""
        if len(self.outputs) != 1 or self.outputs[0] is None:
            return None
        return last_step(self.outputs[0])

    def all_layers(self, seen: set[int] | None = None) -> list[Layer]:
        """Every layer, descending into blocks (local module classes, nested stacks)."""
        seen = seen if seen is not None else set()
        if id(self) in seen:
            return []
        seen.add(id(self))
        found: list[Layer] = []
        for layer in self.layers:
            found.append(layer)
            if layer.kind == BLOCK and isinstance(layer.block, Model):
                found.extend(layer.block.all_layers(seen))
        return found

    def __repr__(self) -> str:
        return f"<Model {self.kind} {self.given_name or ''}@{getattr(self.node, 'lineno', '?')} {self.layers}>"


@dataclass(eq=False)
class LayerList:
    """``nn.ModuleList([...])`` or a plain list of layers: items in order, or a template repeated."""

    node: ast.AST
    items: list[list[Layer]] | None = None
    template: list[Layer] | None = None
    count: int | None = None

    def unrolled(self) -> list[list[Layer]] | None:
        if self.items is not None:
            return self.items
        if self.template is not None and self.count is not None and self.count <= _MAX_UNROLL:
            return [self.template] * self.count
        return None


@dataclass(frozen=True, eq=False)
class Constructed:
    """An object built by a call nnlint knows by name but that is not a layer (a loss, ...)."""

    qualname: str
    node: ast.Call


Obj = Union[Model, LayerList, Constructed, list]


@dataclass
class ModelAnalysis:
    models: list[Model] = field(default_factory=list)
    flows: dict[int, Flow] = field(default_factory=dict)
    objects: dict[int, Any] = field(default_factory=dict)
    class_models: dict[str, Model | None] = field(default_factory=dict)
    # The traces of the functions that cannot change a model, run when a flow or an object
    # is first asked for (most modules that build models are never asked).
    rest: Callable[[], None] | None = field(default=None, repr=False)

    def finished(self) -> ModelAnalysis:
        rest, self.rest = self.rest, None
        if rest is not None:
            rest()
        return self

    def close(self) -> None:
        """Forget the deferred traces and the models' ``finish`` hooks: once the traces have
        run, or unrun when the program is done (they refer back to this analysis, a cycle
        only the cyclic collector would free)."""
        self.rest = None
        for model in self.models:
            model.finish = None


def models(program: Program) -> list[Model]:
    """Every model and stack the module builds, in source order."""
    return _analysis(program).models


def class_model(program: Program, name: str) -> Model | None:
    """The model of a local nn.Module / keras.Model class, by class name."""
    return _analysis(program).class_models.get(name)


def flow_of(program: Program, expr: ast.AST) -> Flow | None:
    """The steps the value of ``expr`` went through (as far as known), None if never evaluated."""
    return _analysis(program).finished().flows.get(id(expr))


def object_of(program: Program, expr: ast.AST) -> Any:
    """What a name, ``self.attr`` or call expression denotes: Model, list of layers, LayerList,
    Constructed, or None when unknown."""
    return _analysis(program).finished().objects.get(id(expr))


def last_step(flow: Flow) -> Layer | None:
    """The last step of a flow that changes the value (transparent steps skipped)."""
    for step in reversed(flow):
        if not step.is_transparent:
            return step
    return None


def output_activation(flow: Flow | None) -> str | None:
    """What a flow ends with: an activation name, "linear" for an affine layer with no activation
    after it (logits), or None when unknown."""
    return _flow_activation(flow, frozenset())


def _flow_activation(flow: Flow | None, seen: frozenset[int]) -> str | None:
    if not flow:
        return None
    step = last_step(flow)
    if step is None:
        return None
    if step.kind == ACTIVATION:
        return None if step.activation == "unknown" else step.activation
    if step.kind == AFFINE:
        return "linear"
    if step.kind == BLOCK and isinstance(step.block, Model):
        return step.block._output_activation(seen)
    return None


def _analysis(program: Program) -> ModelAnalysis:
    return program.memo(_analysis, lambda: _build(program))


def _build(program: Program) -> ModelAnalysis:
    try:
        return _Builder(program).build()
    except RecursionError:
        return ModelAnalysis()  # pathologically nested code: know nothing, report nothing


def _position(model: Model) -> tuple[int, int]:
    return getattr(model.node, "lineno", 0), getattr(model.node, "col_offset", 0)


def _unknown(node: ast.AST) -> Layer:
    return Layer(node, UNKNOWN)


def _strip_moves(node: ast.AST) -> ast.AST:
    """``Net().to(device)``, ``model.cuda()``, ``.train()``: the same object."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("to", "cuda", "cpu", "train", "eval", "double", "float", "half", "bfloat16")
    ):
        node = node.func.value
    return node


class _Builder:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.result = ModelAnalysis()
        self.classes = classes(program)
        self.building: set[str] = set()
        self.in_progress: dict[str, Model] = {}
        self.globals: dict[str, Any] = {}
        self.traced: set[int] = set()
        self.built: dict[int, Model] = {}
        self.summaries: dict[int, Any] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        counts: dict[str, int] = {}
        for stmt in program.tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                counts[stmt.name] = counts.get(stmt.name, 0) + 1
                self.functions[stmt.name] = stmt
        for name, count in counts.items():
            if count > 1:
                del self.functions[name]

    def specialise(self, func: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, caller: _Tracer) -> tuple[list[Flow | None], Any] | None:
        """Trace a module-level helper for one call whose arguments are literals or layer
        classes (``make_mlp([2, 64, 64, 1], act=nn.Tanh)``): loops over literal sizes are
        unrolled and ``act()`` builds the layer passed in."""
        key = ("special", id(call))
        if key in self.summaries:
            return self.summaries[key]
        self.summaries[key] = None
        args = func.args
        if args.vararg or args.kwarg or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return None
        params = args.posonlyargs + args.args
        bound: dict[str, ast.AST] = {}
        for param, arg in zip(params, call.args):
            bound[param.arg] = arg
        for kw in call.keywords:
            bound[kw.arg] = kw.value  # type: ignore[index]
        defaults = dict(zip([p.arg for p in params][len(params) - len(args.defaults):], args.defaults))
        defaults.update({p.arg: d for p, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
        consts: dict[str, Any] = {}
        classes_passed: dict[str, _LayerClass] = {}
        useful = False
        for param in [*params, *args.kwonlyargs]:
            node = bound.get(param.arg, defaults.get(param.arg))
            if node is None:
                continue
            qual = self.program.qualname(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
            if is_layer_class(qual):
                classes_passed[param.arg] = _LayerClass(qual)  # type: ignore[arg-type]
                continue
            value = _evaluate(node, caller.consts or {}) if param.arg in bound else _evaluate(node, {})
            if value is not _NO:
                consts[param.arg] = value
                useful = useful or isinstance(value, (list, tuple, int)) and not isinstance(value, bool)
        if not useful:
            return None
        tracer = _Tracer(self, None, func, dict(self.globals))
        tracer.consts = dict(consts)
        tracer.call_site = call
        tracer.run_function_body(func, consts, classes_passed)
        objs = tracer.return_objects
        obj = objs[0] if objs and all(o is objs[0] for o in objs) else None
        result = (tracer.returns or [None], obj)
        self.summaries[key] = result
        return result

    def summary(self, func: ast.FunctionDef | ast.AsyncFunctionDef, cls: ClassInfo | None) -> tuple[list[Flow | None], Any]:
        """What a local function returns: the flows of its return values, and the object it
        returns when every return gives the same one (a model built by ``make_model()``)."""
        key = id(func)
        if key in self.summaries:
            return self.summaries[key] or ([None], None)
        self.summaries[key] = None  # recursion guard
        own = self.class_model(cls.name) if cls is not None else None
        tracer = _Tracer(self, cls, func, dict(self.globals), own=own)
        tracer.run_function(func)
        objs = tracer.return_objects
        obj = objs[0] if objs and all(o is objs[0] for o in objs) else None
        result = (tracer.returns or [None], obj)
        self.summaries[key] = result
        return result

    def build(self) -> ModelAnalysis:
        for name in self.classes:
            self.class_model(name)
        module = _Tracer(self, None, None, {})
        module.run([s for s in self.program.tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))])
        self.globals = {k: v for k, v in module.objects.items() if module.assign_counts.get(k, 0) == 1}
        functions = [
            node for node in self.program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef) if id(node) not in self.traced
        ]
        last = self._last_changing(functions)
        self._trace(functions[:last])
        self.result.models.sort(key=_position)
        if last < len(functions):
            rest = functions[last:]
            self.result.rest = lambda: self._trace_rest(rest)
            self.program.on_release(self.result.close)
            for model in self.built.values():
                if model.given_name is None:
                    model.finish = self.result.finished
        return self.result

    def _trace(self, functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> None:
        for node in functions:
            tracer = _Tracer(self, self._method_class(node), node, dict(self.globals))
            tracer.run_function(node)

    def _trace_rest(self, functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> None:
        """The deferred traces, in the order ``build`` would have run them: every fact is the
        same as if nothing had been deferred."""
        self.result.close()  # names are final once the traces below have run
        count = len(self.result.models)
        try:
            self._trace(functions)
        except RecursionError:
            self.result.flows.clear()
            self.result.objects.clear()
        if len(self.result.models) != count:
            self.result.models = sorted(self.result.models, key=_position)

    def _last_changing(self, functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> int:
        """How many of ``functions`` to trace for the models to be final: up to the last one
        whose trace may build a model or change one, except for the name a nameless stack is
        given (``Model.name`` finishes the traces). The rest only add flows and objects.

        A trace may build a model at a constructor, or through a helper of the module
        specialised for its literal arguments (``make_mlp([64, 64])``), and it may grow one
        (``model.add``). A list of layers it grows (``layers.append``) becomes a model only at
        a constructor, in a later function that is then traced too. A trace does not enter the
        functions defined inside the traced one.
        """
        program = self.program
        helpers = {id(helper): name for name, helper in self.functions.items()}
        changing: list[ast.AST] = []
        calls: dict[str, set[str]] = {}  # helper -> helpers it calls by name
        helper_calls: list[tuple[ast.AST, str]] = []
        for node in program.nodes_of(ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                if func.id in self.functions:
                    helper_calls.append((node, func.id))
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if func.attr in ("add", "add_module"):
                    changing.append(node)
                    continue
            qual = program.call_name(node)
            if qual is not None and (qual in _CONSTRUCTORS or qual.startswith("keras.applications.")):
                changing.append(node)
        changed = {helpers[id(function)] for function in map(program.enclosing_function, changing) if id(function) in helpers}
        for node, name in helper_calls:
            caller = helpers.get(id(program.enclosing_function(node)))
            if caller is not None:
                calls.setdefault(caller, set()).add(name)
        grew = True
        while grew:
            grew = False
            for caller, called in calls.items():
                if caller not in changed and called & changed:
                    changed.add(caller)
                    grew = True
        changing.extend(node for node, name in helper_calls if name in changed)
        position = {id(function): index for index, function in enumerate(functions)}
        last = 0
        for node in changing:
            index = position.get(id(program.enclosing_function(node)))
            if index is not None and index >= last:
                last = index + 1
        return last

    def _method_class(self, func: ast.AST) -> ClassInfo | None:
        parent = self.program.parent(func)
        if isinstance(parent, ast.ClassDef):
            return self.classes.get(parent.name)
        return None

    def add_model(self, model: Model) -> Model:
        if model.kind not in ("torch-module", "keras-subclass"):
            self.built[id(model.node)] = model
        self.result.models.append(model)
        return model

    def class_model(self, name: str) -> Model | None:
        """The Model of a local module class (built once; None if it is not a model class)."""
        if name in self.result.class_models:
            return self.result.class_models[name]
        info = self.classes.get(name)
        if name in self.building:
            return self.in_progress.get(name)
        if info is None:
            return None
        framework = "torch" if info.is_torch_module else "keras" if info.is_keras_model else None
        if framework is None:
            self.result.class_models[name] = None
            return None
        self.building.add(name)
        model = Model("torch-module" if framework == "torch" else "keras-subclass", framework, info.node, name, cls=info)
        self.in_progress[name] = model
        self._collect_attributes(info, model)
        method = info.methods.get("forward" if framework == "torch" else "call")
        if method is None and framework == "keras":
            method = info.methods.get("forward")
        if method is not None:
            tracer = _Tracer(self, info, method, dict(self.globals), own=model)
            tracer.run_function(method)
            self.traced.add(id(method))
            model.outputs = tracer.returns
            model.flows = [out for out in tracer.returns if out]
            model.flows.extend(f for f in tracer.tuple_flows if f)
            model.tuple_outputs = _tuple_outputs(tracer)
        else:
            model.complete = False
        self.building.discard(name)
        self.result.class_models[name] = model
        return self.add_model(model)

    def _collect_attributes(self, info: ClassInfo, model: Model) -> None:
        """``self.x = <layer>`` in the class's set-up methods, traced in order.

        An attribute assigned more than once, conditionally, or outside the set-up methods is
        unknown (None).
        """
        seen: dict[str, list[bool]] = {}
        for method in info.methods.values():
            args = method.args.posonlyargs + method.args.args
            if not args:
                continue
            self_id = args[0].arg
            for stmt, conditional in _statements(method.body, False):
                if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and stmt.value is not None:
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    for target in targets:
                        if (
                            isinstance(target, ast.Attribute)
                            and isinstance(target.value, ast.Name)
                            and target.value.id == self_id
                        ):
                            seen.setdefault(target.attr, []).append(
                                conditional or method.name not in SETUP_METHODS or isinstance(stmt, ast.AugAssign)
                            )
        sink: dict[str, Any] = {}
        for method_name in SETUP_METHODS:
            method = info.methods.get(method_name)
            if method is not None:
                tracer = _Tracer(self, info, method, dict(self.globals), own=model, attr_sink=sink)
                tracer.run_function(method)
                self.traced.add(id(method))
        for attr, flags in seen.items():
            if len(flags) != 1 or flags[0] or attr not in sink:
                model.attributes[attr] = None
                model.complete = False
        for attr, (obj, value) in sink.items():
            if attr in model.attributes:
                continue
            model.attributes[attr] = obj
            for layer in _layers_of(obj, value):
                if layer.name is None:
                    layer.name = attr
                model.layers.append(layer)


SETUP_METHODS = ("__init__", "build", "setup", "configure_model")


def _tuple_outputs(tracer: _Tracer) -> list[Flow | None] | None:
    """The flow of each position of the tuple every return gives (``return x, mu, logvar``)."""
    if not tracer.tuple_returns or len(tracer.tuple_returns) != len(tracer.returns):
        return None
    sizes = {len(t) for t in tracer.tuple_returns}
    if len(sizes) != 1:
        return None
    result: list[Flow | None] = []
    for position in range(sizes.pop()):
        flows = [t[position] for t in tracer.tuple_returns]
        result.append(flows[0] if all(f == flows[0] for f in flows) else None)
    return result


def _grows(body: list[ast.stmt]) -> bool:
    """Whether a loop body adds to something (``model.add``, ``layers.append``, ``+=``)."""
    for stmt in body:
        if isinstance(stmt, ast.AugAssign):
            return True
        if (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Attribute)
            and stmt.value.func.attr in ("add", "append", "extend")
        ):
            return True
    return False


def _statements(body: list[ast.stmt], conditional: bool) -> Iterable[tuple[ast.stmt, bool]]:
    for stmt in body:
        yield stmt, conditional
        if isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try)):
            for block in (stmt.body, stmt.orelse, getattr(stmt, "finalbody", [])):
                yield from _statements(block, True)
            for handler in getattr(stmt, "handlers", []):
                yield from _statements(handler.body, True)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            yield from _statements(stmt.body, conditional)


def _layers_of(obj: Any, node: ast.AST) -> list[Layer]:
    if isinstance(obj, list):
        return obj
    if isinstance(obj, Model):
        return [Layer(node, BLOCK, block=obj, framework=obj.framework)]
    if isinstance(obj, _ListBuilder):
        return list(obj.steps)
    if isinstance(obj, LayerList):
        unrolled = obj.unrolled()
        if unrolled is not None:
            return [layer for item in unrolled for layer in item]
        return list(obj.template or [])
    return []


class _Tracer:
    """Follows values through one function body (or the module body) in order."""

    def __init__(
        self,
        builder: _Builder,
        cls: ClassInfo | None,
        func: ast.AST | None,
        objects: dict[str, Any],
        own: Model | None = None,
        attr_sink: dict[str, Any] | None = None,
    ) -> None:
        self.b = builder
        self.program = builder.program
        self.cls = cls
        self.func = func
        self.own = own
        self.self_id: str | None = None
        self.env: dict[str, Flow] = {}
        self.objects: dict[str, Any] = objects
        self.assign_counts: dict[str, int] = {}
        self.returns: list[Flow | None] = []
        self.return_objects: list[Any] = []
        self.tuple_flows: list[Flow] = []
        self.tuple_returns: list[list[Flow | None]] = []
        self.depth = 0
        self.attr_sink = attr_sink
        self.consts: dict[str, Any] | None = None  # set when specialising a helper for one call
        self.call_site: ast.Call | None = None
        self.made: dict[int, Any] = {}
        self.literals: dict[str, Any] = {}  # names bound to literal values (sizes, counts)

    # -- statements ---------------------------------------------------------------------
    def run_function(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = func.args.posonlyargs + func.args.args
        is_method = self.cls is not None and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list
        )
        if is_method and args:
            self.self_id = args[0].arg
            args = args[1:]
        for index, arg in enumerate([*args, *func.args.kwonlyargs]):
            self.objects.pop(arg.arg, None)
            self.env[arg.arg] = (Layer(arg, INPUT, name=arg.arg, extra={"index": index}),)
        for default in [*func.args.defaults, *func.args.kw_defaults]:
            if default is not None:
                self.chain(default)
        self.run(func.body)

    def run_function_body(self, func: ast.FunctionDef | ast.AsyncFunctionDef, consts: dict[str, Any], classes_passed: dict[str, Any]) -> None:
        args = func.args.posonlyargs + func.args.args
        for index, arg in enumerate([*args, *func.args.kwonlyargs]):
            if arg.arg in classes_passed:
                self.objects[arg.arg] = classes_passed[arg.arg]
            elif arg.arg not in consts:
                self.objects.pop(arg.arg, None)
                self.env[arg.arg] = (Layer(arg, INPUT, name=arg.arg, extra={"index": index}),)
        self.run(func.body)

    def run(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.stmt(stmt)

    def stmt(self, s: ast.stmt) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            return
        if isinstance(s, ast.Assign):
            flow = self.chain(s.value)
            obj = self.construct(s.value, name=_target_name(s.targets))
            if isinstance(obj, Model) and obj.given_name is None and obj.kind not in ("torch-module", "keras-subclass"):
                obj.given_name = _target_name(s.targets)
            elif isinstance(obj, LayerList) and id(obj.node) in self.b.built:
                stack = self.b.built[id(obj.node)]
                stack.given_name = stack.given_name or _target_name(s.targets)
            for target in s.targets:
                self.bind(target, flow, obj, s.value)
        elif isinstance(s, ast.AnnAssign):
            if s.value is not None:
                flow = self.chain(s.value)
                self.bind(s.target, flow, self.construct(s.value, name=_target_name([s.target])), s.value)
        elif isinstance(s, ast.AugAssign):
            self.chain(s.value)
            if isinstance(s.target, ast.Name):
                name = s.target.id
                obj = self.objects.get(name)
                if isinstance(obj, _ListBuilder) and isinstance(s.op, ast.Add) and isinstance(s.value, (ast.List, ast.Tuple)):
                    for element in s.value.elts:
                        obj.add(self, element)
                    return
                self.env[name] = self.env.get(name, ()) + (_unknown(s),)
                self.objects.pop(name, None)
                self.assign_counts[name] = self.assign_counts.get(name, 0) + 1
        elif isinstance(s, ast.Expr):
            if not self._mutation(s.value):
                self.chain(s.value)
        elif isinstance(s, ast.Return):
            if s.value is None:
                self.returns.append(None)
            elif isinstance(s.value, (ast.Tuple, ast.List, ast.Dict)):
                elements = []
                for element in getattr(s.value, "elts", None) or getattr(s.value, "values", []):
                    flow = self.chain(element)
                    self.tuple_flows.append(flow)
                    elements.append(None if isinstance(element, ast.Starred) else flow)
                if isinstance(s.value, ast.Tuple):
                    self.tuple_returns.append(elements)
                self.returns.append(None)
            else:
                self.returns.append(self.chain(s.value))
                self.return_objects.append(self.construct(s.value))
        elif isinstance(s, ast.If):
            self.chain(s.test)
            decided = self.const(s.test)
            if isinstance(decided, bool):
                self.run(s.body if decided else s.orelse)
            else:
                self.branches([s.body, s.orelse], s)
        elif isinstance(s, (ast.For, ast.AsyncFor)):
            self.loop(s)
        elif isinstance(s, ast.While):
            self.chain(s.test)
            self.branches([s.body, s.orelse], s)
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                self.chain(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, (_unknown(item.context_expr),), None, item.context_expr)
            self.run(s.body)
        elif isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            self.run(s.body)
            self.branches([h.body for h in s.handlers] + [s.orelse], s)
            self.run(s.finalbody)
        elif isinstance(s, ast.Match):
            self.chain(s.subject)
            self.branches([case.body for case in s.cases], s)
        else:
            for child in self.program.children(s):
                if isinstance(child, ast.expr):
                    self.chain(child)

    def branches(self, blocks: list[list[ast.stmt]], node: ast.AST) -> None:
        """Run each block from the same state; values that differ afterwards become unknown."""
        before_env, before_objects = dict(self.env), dict(self.objects)
        after: list[tuple[dict[str, Flow], dict[str, Any]]] = []
        self.depth += 1
        for block in blocks:
            self.env, self.objects = dict(before_env), dict(before_objects)
            self.run(block)
            after.append((self.env, self.objects))
        self.depth -= 1
        self.env, self.objects = dict(before_env), dict(before_objects)
        names = {k for env, _ in after for k in env} | {k for _, objs in after for k in objs}
        for name in names:
            flows = [env.get(name) for env, _ in after]
            objs = [objs.get(name) for _, objs in after]
            if any(f is not before_env.get(name) for f in flows):
                if all(f == flows[0] for f in flows):
                    self.env[name] = flows[0]  # type: ignore[assignment]
                else:
                    self.env[name] = before_env.get(name, ()) + (_unknown(node),)
            if any(o is not before_objects.get(name) for o in objs):
                if all(o is objs[0] for o in objs) and objs[0] is not None:
                    self.objects[name] = objs[0]
                else:
                    self.objects.pop(name, None)
                    self.assign_counts[name] = self.assign_counts.get(name, 0) + 2

    def loop(self, s: ast.For | ast.AsyncFor) -> None:
        self.chain(s.iter)
        values = self.const(s.iter)
        limit = 4 * _MAX_UNROLL
        if values is _NO and _grows(s.body):
            # ``for units in [64, 64, 64]: model.add(Dense(units))`` outside a helper.
            values, limit = _evaluate(s.iter, self.literals), 16
        if isinstance(values, list) and len(values) <= limit and not s.orelse:
            for value in values:
                if not self.bind_const(s.target, value):
                    break
                self.run(s.body)
            else:
                return
        iterable = self.object_at(s.iter)
        target = s.target
        if (
            isinstance(s.iter, ast.Call)
            and self.program.call_name(s.iter) is None
            and isinstance(s.iter.func, ast.Name)
            and s.iter.func.id == "enumerate"
            and s.iter.args
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
        ):
            iterable = self.object_at(s.iter.args[0])
            target = target.elts[1]
        items = iterable.unrolled() if isinstance(iterable, LayerList) else None
        before = dict(self.env)
        self.depth += 1
        if items is not None and isinstance(target, ast.Name) and not s.orelse:
            for item in items:
                self.objects[target.id] = item
                self.env[target.id] = ()
                self.run(s.body)
            self.objects.pop(target.id, None)
            self.depth -= 1
            return
        template = iterable.template if isinstance(iterable, LayerList) else None
        if template is not None and isinstance(target, ast.Name):
            self.objects[target.id] = template
        else:
            self.bind(target, (_unknown(s.iter),), None, s.iter)
        self.run(s.body)
        self.depth -= 1
        for name, flow in list(self.env.items()):
            if flow is not before.get(name):
                self.env[name] = flow + (_unknown(s),)
        self.run(s.orelse)

    def bind(self, target: ast.AST, flow: Flow, obj: Any, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            known = self.consts if self.consts is not None else self.literals
            literal = _evaluate(value, known) if isinstance(value, ast.expr) else _NO
            if literal is not _NO and isinstance(literal, (int, str, list)) and not isinstance(value, ast.Call):
                known[target.id] = literal
            else:
                known.pop(target.id, None)
            self.env[target.id] = flow
            self.assign_counts[target.id] = self.assign_counts.get(target.id, 0) + 1
            if obj is not None:
                self.objects[target.id] = obj
            else:
                self.objects.pop(target.id, None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            called = object_of_call = None
            if isinstance(value, ast.Call):
                called = self.b.result.objects.get(id(value.func))
            if isinstance(called, Model) and called.tuple_outputs and len(called.tuple_outputs) == len(target.elts):
                object_of_call = called.tuple_outputs
            if object_of_call is not None and not any(isinstance(e, ast.Starred) for e in target.elts):
                for element, element_flow in zip(target.elts, object_of_call):
                    self.bind(element, element_flow if element_flow else (_unknown(value),), None, value)
                return
            for element in target.elts:
                self.bind(element.value if isinstance(element, ast.Starred) else element, (_unknown(value),), None, value)
        elif self._is_self_attr(target):
            if self.attr_sink is not None and obj is not None:
                self.attr_sink[target.attr] = (obj, value)  # type: ignore[attr-defined]
        elif isinstance(target, ast.Subscript):
            self.chain(target)

    def _mutation(self, expr: ast.expr) -> bool:
        """``model.add(layer)``, ``layers.append(layer)``: a Keras Sequential or a list grows."""
        if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and isinstance(expr.func.value, ast.Name)):
            return False
        obj = self.objects.get(expr.func.value.id)
        method = expr.func.attr
        added = None
        if isinstance(obj, Model) and obj.kind == "keras-sequential" and method == "add" and len(expr.args) == 1:
            added = expr.args[0]
        elif isinstance(obj, Model) and obj.kind == "torch-sequential" and method == "add_module" and len(expr.args) == 2:
            added = expr.args[1]  # ``seq.add_module("fc1", nn.Linear(...))``
        if isinstance(obj, Model) and added is not None:
            if obj.attributes.setdefault("__owner__", id(self)) != id(self):
                return False
            self.chain(expr.func.value)
            for arg in expr.args:
                self.chain(arg)
            if self.depth != obj.depth:
                obj.layers.append(_unknown(expr))
                obj.complete = False
            else:
                obj.layers.extend(self.steps_of_element(added))
            obj.flows = [tuple(obj.layers)]
            obj.outputs = [tuple(obj.layers)]
            return True
        if isinstance(obj, _ListBuilder) and method in ("append", "extend") and len(expr.args) == 1:
            self.chain(expr.args[0])
            if method == "append":
                obj.add(self, expr.args[0])
            elif isinstance(expr.args[0], (ast.List, ast.Tuple)):
                for element in expr.args[0].elts:
                    obj.add(self, element)
            else:
                obj.steps.append(_unknown(expr))
                obj.complete = False
            return True
        return False

    # -- objects ----------------------------------------------------------------------
    def object_at(self, expr: ast.AST) -> Any:
        if self._is_self(expr):
            return self._own_model()
        if isinstance(expr, ast.Name):
            return self.objects.get(expr.id)
        if self._is_self_attr(expr) and self.cls is not None:
            if self.attr_sink is not None and expr.attr in self.attr_sink:  # type: ignore[attr-defined]
                return self.attr_sink[expr.attr][0]  # type: ignore[attr-defined]
            model = self._own_model()
            if model is not None:
                return model.attributes.get(expr.attr)  # type: ignore[attr-defined]
            return None
        if self._is_self(expr):
            return self._own_model()
        return None

    def const(self, node: ast.AST | None) -> Any:
        """The Python value of an expression when a helper is specialised for one call."""
        if self.consts is None or node is None:
            return _NO
        return _evaluate(node, self.consts)

    def bind_const(self, target: ast.AST, value: Any) -> bool:
        if isinstance(target, ast.Name):
            (self.consts if self.consts is not None else self.literals)[target.id] = value
            self.env[target.id] = ()
            self.objects.pop(target.id, None)
            return True
        if isinstance(target, ast.Tuple) and isinstance(value, (tuple, list)) and len(value) == len(target.elts):
            return all(self.bind_const(t, v) for t, v in zip(target.elts, value))
        return False

    def _local_function(self, func: ast.AST) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, ClassInfo | None] | None:
        """A module-level function called by name, or a method called on ``self``."""
        if isinstance(func, ast.Name) and func.id in self.b.functions and func.id not in self.env and func.id not in self.objects:
            return self.b.functions[func.id], None
        if self._is_self_attr(func) and self.cls is not None:
            method = self.cls.methods.get(func.attr)  # type: ignore[attr-defined]
            own = self._own_model()
            if method is not None and (own is None or own.attributes.get(func.attr) is None):  # type: ignore[attr-defined]
                return method, self.cls
        return None

    def _own_model(self) -> Model | None:
        if self.own is not None:
            return self.own
        return self.b.class_model(self.cls.name) if self.cls is not None else None

    def _is_self(self, expr: ast.AST) -> bool:
        return self.self_id is not None and isinstance(expr, ast.Name) and expr.id == self.self_id

    def _is_self_attr(self, expr: ast.AST) -> bool:
        return isinstance(expr, ast.Attribute) and self._is_self(expr.value)

    def construct(self, value: ast.AST, name: str | None = None) -> Any:
        """The object an expression builds or denotes, or None when unknown."""
        if isinstance(value, (ast.Name, ast.Attribute)) and not isinstance(value, ast.Call):
            found = self.object_at(value)
            if found is not None:
                return found
        value = _strip_moves(value)
        if isinstance(value, (ast.List, ast.Tuple)):
            builder = _ListBuilder(value)
            builder.depth = self.depth
            for element in value.elts:
                builder.add(self, element)
            return builder
        if isinstance(value, ast.ListComp):
            return self._comprehension(value)
        if not isinstance(value, ast.Call):
            return self.object_at(value) if isinstance(value, (ast.Name, ast.Attribute)) else None
        if id(value) in self.b.built and self.consts is None:
            built = self.b.built[id(value)]
            return built.attributes.get("__list__", built)
        if self.consts is not None and id(value) in self.made:
            return self.made[id(value)]
        made = self._construct_call(value, name)
        if self.consts is not None and isinstance(made, (Model, LayerList)):
            self.made[id(value)] = made
        return made

    def _construct_call(self, value: ast.Call, name: str | None) -> Any:
        qual = self.program.call_name(value)
        if qual == TORCH_SEQUENTIAL:
            return self._torch_sequential(value, name)
        if qual in TORCH_LISTS:
            inner = self.construct(value.args[0]) if value.args else _ListBuilder(value)
            if isinstance(inner, _ListBuilder):
                layer_list = inner.as_layer_list(value)
            elif isinstance(inner, LayerList):
                layer_list = inner
            else:
                layer_list = LayerList(value)
            stack = Model("torch-modulelist", "torch", value, name, layers=_layers_of(layer_list, value), complete=layer_list.unrolled() is not None)
            stack.attributes["__list__"] = layer_list
            self.b.add_model(stack)
            return layer_list
        if qual in KERAS_SEQUENTIAL:
            return self._keras_sequential(value, name)
        if qual in ("keras.models.clone_model", "copy.deepcopy") and value.args:
            return self.construct(value.args[0])
        if qual in KERAS_FUNCTIONAL:
            return self._keras_functional(value, name)
        if qual and qual.startswith("keras.applications."):
            return self._keras_application(value, qual, name)
        steps = layer_from_constructor(self.program, value)
        if steps is None and isinstance(value.func, ast.Name) and isinstance(self.objects.get(value.func.id), _LayerClass):
            steps = layer_from_class(self.program, value, self.objects[value.func.id].qualname)
        if steps is not None:
            if self.consts is not None:
                for step in steps:
                    step.extra["call_site"] = self.call_site
                    if step.kind == ACTIVATION and step.activation == "unknown" and step.framework == "keras":
                        named = self.const(step.node) if isinstance(step.node, ast.Name) else _NO
                        if isinstance(named, str) and named.lower() in KERAS_ACTIVATION_NAMES:
                            step.activation = named.lower()
                            step.axis = "default" if step.activation in ("softmax", "log_softmax") else None
                    if step.size_nodes:
                        step.sizes = tuple(
                            v if isinstance(v, int) and not isinstance(v, bool) else None
                            for v in (self.const(n) if n is not None else None for n in step.size_nodes)
                        )
            return steps
        if isinstance(value.func, ast.Name) and qual is None and value.func.id in self.b.classes:
            model = self.b.class_model(value.func.id)
            if model is not None:
                return model
        if isinstance(value.func, ast.Name) and value.func.id == "list" and value.args:
            return self.construct(value.args[0])
        local = self._local_function(value.func)
        if local is not None:
            special = self.b.specialise(local[0], value, self) if local[1] is None else None
            if special is not None:
                return special[1]
            return self.b.summary(*local)[1]
        if qual:
            return Constructed(qual, value)
        return None

    def _comprehension(self, node: ast.ListComp) -> LayerList:
        steps = self.steps_of_element(node.elt)
        count = None
        if len(node.generators) == 1 and not node.generators[0].ifs:
            it = node.generators[0].iter
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and len(it.args) == 1:
                count = literal_int(it.args[0])
        return LayerList(node, template=steps, count=count)

    def steps_of_element(self, element: ast.AST) -> list[Layer]:
        """The steps one element of a Sequential / ModuleList / add() contributes."""
        if isinstance(element, ast.Starred):
            sliced = element.value
            if isinstance(sliced, ast.Subscript) and isinstance(sliced.slice, ast.Slice) and isinstance(sliced.value, ast.Name):
                whole = self.objects.get(sliced.value.id)
                bounds = [None if b is None else _evaluate(b, self.consts or {}) for b in (sliced.slice.lower, sliced.slice.upper, sliced.slice.step)]
                if isinstance(whole, _ListBuilder) and whole.complete and all(b is None or isinstance(b, int) for b in bounds):
                    return [step for item in whole.items[slice(*bounds)] for step in item]
                return [_unknown(element)]
            obj = self.construct(element.value)
            if isinstance(obj, _ListBuilder) and obj.complete:
                return list(obj.steps)
            if isinstance(obj, LayerList) and obj.unrolled() is not None:
                return _layers_of(obj, element)
            return [_unknown(element)]
        obj = self.construct(element)
        if isinstance(obj, list):
            return obj
        if isinstance(obj, Model):
            if obj.kind in ("torch-sequential", "keras-sequential") and obj.complete:
                return list(obj.layers)
            return [Layer(element, BLOCK, block=obj, framework=obj.framework)]
        return [_unknown(element)]

    def _torch_sequential(self, call: ast.Call, name: str | None) -> Model:
        model = Model("torch-sequential", "torch", call, name, depth=self.depth)
        elements: list[ast.AST] = list(call.args)
        if len(call.args) == 1 and isinstance(call.args[0], ast.Call):
            inner = call.args[0]
            if (self.program.call_name(inner) or "").endswith("OrderedDict") or (
                isinstance(inner.func, ast.Name) and inner.func.id in ("OrderedDict", "dict")
            ):
                if inner.args and isinstance(inner.args[0], (ast.List, ast.Tuple)):
                    elements = [
                        e.elts[1] if isinstance(e, ast.Tuple) and len(e.elts) == 2 else e for e in inner.args[0].elts
                    ]
                elif inner.keywords and not inner.args:
                    elements = [kw.value for kw in inner.keywords]
                else:
                    elements = [call.args[0]]
        for element in elements:
            steps = self.steps_of_element(element)
            if any(step.kind == UNKNOWN and isinstance(step.node, ast.Starred) for step in steps):
                model.complete = False
            model.layers.extend(steps)
        model.flows = [tuple(model.layers)]
        model.outputs = [tuple(model.layers)]
        return self.b.add_model(model)

    def _keras_sequential(self, call: ast.Call, name: str | None) -> Model:
        model = Model("keras-sequential", "keras", call, name, depth=self.depth)
        layers_arg = argument(call, 0, "layers")
        if isinstance(layers_arg, (ast.List, ast.Tuple)):
            for element in layers_arg.elts:
                model.layers.extend(self.steps_of_element(element))
        elif layers_arg is not None:
            model.layers.append(_unknown(layers_arg))
            model.complete = False
        model.flows = [tuple(model.layers)]
        model.outputs = [tuple(model.layers)]
        return self.b.add_model(model)

    def _keras_functional(self, call: ast.Call, name: str | None) -> Model:
        outputs = argument(call, 1, "outputs")
        model = Model("keras-functional", "keras", call, name)
        if outputs is None or isinstance(outputs, (ast.List, ast.Tuple, ast.Dict)):
            model.outputs = [None]
            model.complete = False
        else:
            flow = self.b.result.flows.get(id(outputs)) or self.chain(outputs)
            model.flows = [flow]
            model.outputs = [flow]
            model.layers = [step for step in flow if step.kind != UNKNOWN]
        return self.b.add_model(model)

    def _keras_application(self, call: ast.Call, qual: str, name: str | None) -> Model:
        model = Model("keras-application", "keras", call, name)
        include_top = argument(call, 0, "include_top")
        activation = argument(call, None, "classifier_activation")
        if isinstance(include_top, ast.Constant) and include_top.value is False:
            model.outputs = [None]
        elif activation is None:
            model.outputs = [(Layer(call, ACTIVATION, qual, activation="softmax", axis="default", framework="keras"),)]
        elif isinstance(activation, ast.Constant) and activation.value is None:
            model.outputs = [(Layer(call, AFFINE, qual, framework="keras"),)]
        elif isinstance(activation, ast.Constant) and isinstance(activation.value, str):
            model.outputs = [(Layer(call, ACTIVATION, qual, activation=activation.value, axis="default", framework="keras"),)]
        else:
            model.outputs = [None]
        model.complete = False
        return self.b.add_model(model)

    # -- expressions ------------------------------------------------------------------
    def callee_steps(self, func: ast.AST, call: ast.Call) -> list[Layer] | None:
        """The steps a call applies to its first argument, when ``func`` is a known layer/model."""
        if isinstance(func, ast.Call):
            obj = self.construct(func)
            self.b.result.objects[id(func)] = obj
        elif isinstance(func, (ast.Name, ast.Attribute)):
            obj = self.object_at(func)
            if obj is None and self._is_self(func):
                return None
            if obj is None:
                local = self._local_function(func)
                if local is not None:
                    returns = self.b.summary(*local)[0]
                    if len(returns) == 1 and returns[0] and returns[0][0].kind == INPUT and returns[0][0].extra.get("index") == 0:
                        return list(returns[0][1:])
                    return None
        else:
            return None
        if obj is not None:
            self.b.result.objects[id(func)] = obj
        return self._steps_of_object(obj, call)

    def _steps_of_object(self, obj: Any, call: ast.Call) -> list[Layer] | None:
        if isinstance(obj, list):
            return list(obj)
        if isinstance(obj, Model):
            if obj.kind in ("torch-sequential", "keras-sequential") and obj.complete:
                return list(obj.layers)
            return [Layer(call, BLOCK, block=obj, framework=obj.framework)]
        return None

    def chain(self, expr: ast.AST) -> Flow:
        flow = self._chain(expr)
        self.b.result.flows[id(expr)] = flow
        return flow

    def _chain(self, e: ast.AST) -> Flow:
        if isinstance(e, ast.Name):
            obj = self.objects.get(e.id)
            if obj is not None:
                self.b.result.objects[id(e)] = obj
            return self.env.get(e.id, ())
        if isinstance(e, ast.Call):
            return self._call(e)
        if isinstance(e, ast.Attribute):
            base = self.chain(e.value)
            obj = self.object_at(e)
            if obj is not None:
                self.b.result.objects[id(e)] = obj
            return base + (_unknown(e),)
        if isinstance(e, ast.BinOp):
            left = self.chain(e.left)
            self.chain(e.right)
            return left + (_unknown(e),)
        if isinstance(e, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            env, objects = dict(self.env), dict(self.objects)
            for generator in e.generators:
                self.chain(generator.iter)
                self.bind(generator.target, (_unknown(generator.iter),), None, generator.iter)
                for condition in generator.ifs:
                    self.chain(condition)
            for part in ([e.key, e.value] if isinstance(e, ast.DictComp) else [e.elt]):
                self.chain(part)
            self.env, self.objects = env, objects
            return (_unknown(e),)
        if isinstance(e, ast.Lambda):
            return (_unknown(e),)
        if isinstance(e, ast.IfExp):
            self.chain(e.test)
            self.chain(e.body)
            self.chain(e.orelse)
            return (_unknown(e),)
        for child in self.program.children(e):
            if isinstance(child, ast.expr):
                self.chain(child)
            elif isinstance(child, ast.keyword):
                self.chain(child.value)
        return (_unknown(e),)

    def _call(self, e: ast.Call) -> Flow:
        func = e.func
        if self.program.call_name(e) == "torch.nn.parallel.data_parallel" and len(e.args) >= 2:
            module = self.chain(e.args[0]) and self.object_at(e.args[0])
            steps = self._steps_of_object(module, e)
            inner = self.chain(e.args[1])
            for arg in e.args[2:]:
                self.chain(arg)
            return inner + tuple(steps) if steps is not None else inner + (_unknown(e),)
        first = e.args[0] if e.args and not isinstance(e.args[0], ast.Starred) else None
        steps = self.callee_steps(func, e)
        if steps is None and isinstance(func, ast.Attribute):
            self.chain(func.value)
        activation = activation_from_function(self.program, e) if steps is None else None
        rest: list[ast.AST] = list(e.args) + [kw.value for kw in e.keywords]
        if steps is not None:
            inner = self.chain(first) if first is not None else ()
            rest = rest[1:] if first is not None else rest
            result = inner + tuple(steps)
        elif activation is not None:
            if isinstance(func, ast.Attribute) and self.program.call_name(e) is None:
                inner = self.b.result.flows.get(id(func.value), ())
            else:
                inner = self.chain(first) if first is not None else ()
                rest = rest[1:] if first is not None else rest
            result = inner + (activation,)
        elif isinstance(func, ast.Attribute) and func.attr in RESHAPES and self.program.call_name(e) is None:
            result = self.b.result.flows.get(id(func.value), ()) + (Layer(e, TRANSPARENT),)
        elif self.program.call_name(e) in ("torch.flatten", "torch.reshape", "torch.squeeze", "torch.unsqueeze") and first is not None:
            result = self.chain(first) + (Layer(e, TRANSPARENT),)
            rest = rest[1:]
        else:
            inner = self.chain(first) if first is not None else ()
            rest = rest[1:] if first is not None else rest
            step = _unknown(e)
            if isinstance(func, ast.Name):
                func_flow = self.env.get(func.id, ())
                self.b.result.flows[id(func)] = func_flow
                if len(func_flow) == 1 and func_flow[0].kind == INPUT:
                    step.extra["param_call"] = func  # ``model(x)`` with ``model`` a parameter
            result = inner + (step,)
        for arg in rest:
            self.chain(arg.value if isinstance(arg, ast.Starred) else arg)
        obj = self.construct(e) if not isinstance(func, ast.Attribute) or self.program.call_name(e) else None
        if obj is not None:
            self.b.result.objects[id(e)] = obj
        return result


class _ListBuilder:
    """A Python list of layers being built (``layers = []; layers.append(nn.Linear(...))``)."""

    def __init__(self, node: ast.AST) -> None:
        self.node = node
        self.steps: list[Layer] = []
        self.items: list[list[Layer]] = []
        self.complete = True
        self.depth: int | None = None

    def add(self, tracer: _Tracer, element: ast.AST) -> None:
        if self.depth is None:
            self.depth = tracer.depth
        steps = tracer.steps_of_element(element)
        if tracer.depth != self.depth:
            steps = [_unknown(element)]
            self.complete = False
        self.steps.extend(steps)
        self.items.append(steps)

    def as_layer_list(self, node: ast.AST) -> LayerList:
        return LayerList(node, items=list(self.items) if self.complete else None)


def _target_name(targets: list[ast.AST]) -> str | None:
    for target in targets:
        if isinstance(target, ast.Name):
            return target.id
        if isinstance(target, ast.Attribute):
            return target.attr
    return None


def calls_by_name(program: Program) -> dict[str, list[ast.Call]]:
    """Every call of the module whose callee has a qualified name, by that name, in source order."""

    def collect() -> dict[str, list[ast.Call]]:
        found: dict[str, list[ast.Call]] = {}
        for node in program.nodes_of(ast.Call):
            qual = program.call_name(node)
            if qual:
                found.setdefault(qual, []).append(node)
        for calls in found.values():
            calls.sort(key=lambda c: (c.lineno, c.col_offset))
        return found

    return program.memo(calls_by_name, collect)


def short(program: Program, node: ast.AST, limit: int = 60) -> str:
    """The source text of a node for a message, shortened to ``limit`` characters."""
    text = program.text(node)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


@dataclass(frozen=True)
class _LayerClass:
    """A layer class passed by name (``act=nn.Tanh``), called later to build the layer."""

    qualname: str


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown>"


_NO: Any = _Unknown()


def _evaluate(node: ast.AST, consts: dict[str, Any]) -> Any:
    """A tiny constant evaluator for sizes and loop bounds: ints, lists, len, range, zip."""
    try:
        return _eval(node, consts)
    except Exception:  # noqa: BLE001 - anything odd is simply unknown
        return _NO


def _eval(node: ast.AST, consts: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool, type(None))):
        return node.value
    if isinstance(node, ast.Name):
        return consts.get(node.id, _NO)
    if isinstance(node, (ast.List, ast.Tuple)):
        values = [_eval(e, consts) for e in node.elts]
        return _NO if any(v is _NO for v in values) else values
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _eval(node.operand, consts)
        return -value if isinstance(value, (int, float)) else _NO
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, consts), _eval(node.right, consts)
        if left is _NO or right is _NO:
            return _NO
        ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b, ast.FloorDiv: lambda a, b: a // b}
        op = ops.get(type(node.op))
        if op is None or (isinstance(left, list) and not isinstance(right, list) and not isinstance(node.op, ast.Mult)):
            return _NO
        result = op(left, right)
        return result if not isinstance(result, list) or len(result) <= 1024 else _NO
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = _eval(node.left, consts), _eval(node.comparators[0], consts)
        if left is _NO or right is _NO:
            return _NO
        ops = {ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
               ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b}
        op = ops.get(type(node.ops[0]))
        return op(left, right) if op else _NO
    if isinstance(node, ast.Subscript):
        value = _eval(node.value, consts)
        if not isinstance(value, list):
            return _NO
        if isinstance(node.slice, ast.Slice):
            parts = [None if p is None else _eval(p, consts) for p in (node.slice.lower, node.slice.upper, node.slice.step)]
            return _NO if any(p is _NO for p in parts) else value[slice(*parts)]
        index = _eval(node.slice, consts)
        return value[index] if isinstance(index, int) else _NO
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        values = [_eval(a, consts) for a in node.args]
        if any(v is _NO for v in values):
            return _NO
        name = node.func.id
        if name == "len" and len(values) == 1 and isinstance(values[0], list):
            return len(values[0])
        if name == "range" and 1 <= len(values) <= 3 and all(isinstance(v, int) for v in values):
            result = list(range(*values))
            return result if len(result) <= 1024 else _NO
        if name == "zip" and all(isinstance(v, list) for v in values):
            return [list(t) for t in zip(*values)]
        if name == "enumerate" and len(values) == 1 and isinstance(values[0], list):
            return [[i, v] for i, v in enumerate(values[0])]
        if name == "list" and len(values) == 1 and isinstance(values[0], list):
            return list(values[0])
    return _NO


def through_callers(program: Program, flow: Flow | None) -> Flow | None:
    """For a flow that is just a parameter of a module-level function (``def loss_fn(recon_x,
    x)``), the flow its callers pass, when every call in the module passes the same kind of
    value; otherwise the flow itself."""
    if not flow or len(flow) != 1 or flow[0].kind != INPUT or not isinstance(flow[0].node, ast.arg):
        return flow
    arguments = program.parent(flow[0].node)
    func = program.parent(arguments) if arguments is not None else None
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or program.parent(func) is not program.tree:
        return flow
    params = func.args.posonlyargs + func.args.args
    names = [p.arg for p in params]
    name = flow[0].node.arg
    if name not in names:
        return flow
    index = names.index(name)
    passed: list[Flow | None] = []
    for call in _local_calls(program).get(func.name, []):
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return flow
        arg = argument(call, index, name)
        passed.append(flow_of(program, arg) if arg is not None else None)
    if not passed or any(not f for f in passed):
        return flow
    kinds = {output_activation(f) for f in passed}
    return passed[0] if len(kinds) == 1 and None not in kinds else flow


def _local_calls(program: Program) -> dict[str, list[ast.Call]]:
    def collect() -> dict[str, list[ast.Call]]:
        found: dict[str, list[ast.Call]] = {}
        for node in program.nodes_of(ast.Call):
            if isinstance(node.func, ast.Name):
                found.setdefault(node.func.id, []).append(node)
        return found

    return program.memo(_local_calls, collect)


def object_through_callers(program: Program, expr: ast.AST) -> Any:
    """What a parameter of a module-level function denotes when every call in the module
    passes the same kind of model (``def run_experiment(model): model.compile(...)``): the
    objects passed, or None."""
    flow = flow_of(program, expr)
    if not isinstance(expr, ast.Name) or not flow or len(flow) != 1 or flow[0].kind != INPUT:
        return None
    arg_node = flow[0].node
    if not isinstance(arg_node, ast.arg) or arg_node.arg != expr.id:
        return None
    arguments = program.parent(arg_node)
    func = program.parent(arguments) if arguments is not None else None
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or program.parent(func) is not program.tree:
        return None
    names = [p.arg for p in func.args.posonlyargs + func.args.args]
    if expr.id not in names:
        return None
    index = names.index(expr.id)
    passed = []
    for call in _local_calls(program).get(func.name, []):
        arg = argument(call, index, expr.id)
        obj = object_of(program, arg) if arg is not None else None
        if obj is None:
            return None
        passed.append(obj)
    return passed or None


def activation_through_callers(program: Program, flow: Flow | None) -> str | None:
    """The output activation of a flow, looking through helper parameters: a parameter passed
    straight in (``def loss_fn(out, y)``) or a parameter called as a model
    (``def train(model, ...): out = model(x)``) when every caller passes the same kind."""
    flow = through_callers(program, flow)
    found = output_activation(flow)
    if found is not None or not flow:
        return found
    step = last_step(flow)
    call = step.extra.get("param_call") if step is not None and step.kind == UNKNOWN else None
    if call is None:
        return None
    passed = object_through_callers(program, call)
    if not passed or not all(isinstance(obj, Model) for obj in passed):
        return None
    kinds = {obj.output_activation for obj in passed}
    return kinds.pop() if len(kinds) == 1 else None
