"""Which losses a module computes, on what, and how its Keras models are compiled.

A PyTorch loss is a call of a criterion object (``criterion = nn.CrossEntropyLoss()`` called
later, ``self.loss_fn(...)``, ``model.head.loss(...)``, ``nn.BCELoss()(p, y)``) or of a functional form
(``F.cross_entropy``); TensorFlow's ``tf.nn.*_cross_entropy_with_logits`` count too. For each,
the analysis gives the input expression and, through analysis/models.py, the steps that input
went through, so rules can ask "is the input of this CrossEntropyLoss a softmax output?".

A Keras ``model.compile(loss=..., metrics=...)`` is read with the loss given as a string, a
class, a function or an instance, with its ``from_logits``, and the compiled model (when the
analysis knows it) with its output activation.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from nnlint.analysis.classes import ClassInfo, classes
from nnlint.analysis.layers import UNKNOWN, argument
from nnlint.analysis.models import (
    Constructed,
    Flow,
    Model,
    activation_through_callers,
    class_model,
    flow_of,
    last_step,
    object_of,
    object_through_callers,
    through_callers,
)
from nnlint.analysis.modules import self_assignments
from nnlint.analysis.program import Program

# qualified name -> (kind, position of the input, keyword of the input)
_TORCH_LOSSES: dict[str, str] = {
    "torch.nn.CrossEntropyLoss": "cross_entropy",
    "torch.nn.NLLLoss": "nll",
    "torch.nn.BCELoss": "bce",
    "torch.nn.BCEWithLogitsLoss": "bce_with_logits",
    "torch.nn.KLDivLoss": "kl_div",
}
_TORCH_FUNCTIONS: dict[str, str] = {
    "torch.nn.functional.cross_entropy": "cross_entropy",
    "torch.nn.functional.nll_loss": "nll",
    "torch.nn.functional.binary_cross_entropy": "bce",
    "torch.nn.functional.binary_cross_entropy_with_logits": "bce_with_logits",
    "torch.nn.functional.kl_div": "kl_div",
}
_TF_FUNCTIONS: dict[str, str] = {
    "tensorflow.nn.softmax_cross_entropy_with_logits": "tf_softmax_with_logits",
    "tensorflow.nn.softmax_cross_entropy_with_logits_v2": "tf_softmax_with_logits",
    "tensorflow.nn.sparse_softmax_cross_entropy_with_logits": "tf_softmax_with_logits",
    "tensorflow.compat.v1.nn.softmax_cross_entropy_with_logits_v2": "tf_softmax_with_logits",
    "tensorflow.nn.sigmoid_cross_entropy_with_logits": "tf_sigmoid_with_logits",
}

# Keras losses: canonical kind by string, class and function name.
_KERAS_STRINGS = {
    "binary_crossentropy": "binary", "bce": "binary",
    "categorical_crossentropy": "categorical", "cce": "categorical",
    "sparse_categorical_crossentropy": "sparse_categorical", "scce": "sparse_categorical",
    "binary_focal_crossentropy": "binary_focal",
    "categorical_focal_crossentropy": "categorical_focal",
}
_KERAS_CLASSES = {
    "BinaryCrossentropy": "binary", "CategoricalCrossentropy": "categorical",
    "SparseCategoricalCrossentropy": "sparse_categorical", "BinaryFocalCrossentropy": "binary_focal",
    "CategoricalFocalCrossentropy": "categorical_focal",
}
BINARY_KERAS_LOSSES = frozenset({"binary", "binary_focal"})


@dataclass(frozen=True)
class LossCall:
    """One computation of a loss: ``criterion(out, y)`` or ``F.cross_entropy(out, y)``."""

    node: ast.Call
    kind: str  # cross_entropy | nll | bce | bce_with_logits | kl_div | tf_softmax_with_logits |
    # tf_sigmoid_with_logits | keras_<binary|categorical|sparse_categorical|...> (input = y_pred)
    qualname: str
    input: ast.expr | None
    target: ast.expr | None
    constructor: ast.Call | None  # the nn.XLoss(...) call for criterion objects
    from_logits: bool | None = None  # Keras loss objects called directly (custom training loops)

    def input_flow(self, program: Program) -> Flow | None:
        return through_callers(program, flow_of(program, self.input)) if self.input is not None else None

    def input_activation(self, program: Program) -> str | None:
        """What the input went through last: "softmax", "sigmoid", "log_softmax", "linear" ...
        (through helper parameters whose callers all pass the same kind of value)."""
        if self.input is None:
            return None
        return activation_through_callers(program, _through_means(program, flow_of(program, self.input)))


def _through_means(program: Program, flow: Flow | None) -> Flow | None:
    """The flow before trailing means: ``probs.mean(dim=0)`` / ``torch.mean(probs, 0)`` of
    probabilities are still probabilities (of logits still logits), so a loss that expects
    something else is fed the wrong kind of value all the same."""
    while flow:
        step = last_step(flow)
        node = step.node if step is not None and step.kind == UNKNOWN else None
        if not isinstance(node, ast.Call) or any(isinstance(a, ast.Starred) for a in node.args):
            return flow
        if isinstance(node.func, ast.Attribute) and node.func.attr == "mean" and program.call_name(node) is None:
            inner = flow_of(program, node.func.value)
        elif program.call_name(node) == "torch.mean" and node.args:
            inner = flow_of(program, node.args[0])
        else:
            return flow
        if not inner:
            return flow
        flow = inner
    return flow


@dataclass(frozen=True)
class KerasLoss:
    kind: str  # binary | categorical | sparse_categorical | binary_focal | categorical_focal
    from_logits: bool | None  # None: not literal
    node: ast.expr


@dataclass
class CompileCall:
    """``model.compile(...)`` of a Keras model."""

    node: ast.Call
    model: Model | None
    loss: KerasLoss | None
    loss_node: ast.expr | None
    metrics: list[ast.expr] = field(default_factory=list)

    def output_activation(self) -> str | None:
        return self.model.output_activation if self.model is not None else None


@dataclass
class LossAnalysis:
    loss_calls: list[LossCall] = field(default_factory=list)
    loss_objects: list[Constructed] = field(default_factory=list)
    compiles: list[CompileCall] = field(default_factory=list)


def loss_calls(program: Program) -> list[LossCall]:
    """Every PyTorch / TF loss computation of the module, in source order."""
    return _losses(program).loss_calls


def loss_objects(program: Program) -> list[Constructed]:
    """Every PyTorch criterion object built (``nn.KLDivLoss()``), called or not."""
    return _losses(program).loss_objects


def compile_calls(program: Program) -> list[CompileCall]:
    """Every ``model.compile(...)`` whose receiver is a Keras model (known or not)."""
    return _losses(program).compiles


def _losses(program: Program) -> LossAnalysis:
    return program.memo(_losses, lambda: _collect(program))


def _collect(program: Program) -> LossAnalysis:
    found = LossAnalysis()
    calls = program.nodes_of(ast.Call)
    # A criterion object is a Constructed of the model analysis: a call of this file to a
    # loss class. Without one, no call can be a criterion's, and the model analysis (the
    # cost of a few parses) is not asked about every call.
    criteria = any(q in _TORCH_LOSSES or q.startswith("keras.losses.") for q in map(program.call_name, calls) if q)
    for node in calls:
        qual = program.call_name(node)
        if qual in _TORCH_LOSSES:
            found.loss_objects.append(Constructed(qual, node))
        if qual in _TORCH_FUNCTIONS:
            found.loss_calls.append(
                LossCall(node, _TORCH_FUNCTIONS[qual], qual, argument(node, 0, "input"), argument(node, 1, "target"), None)
            )
            continue
        if qual in _TF_FUNCTIONS:
            found.loss_calls.append(
                LossCall(node, _TF_FUNCTIONS[qual], qual, argument(node, None, "logits"), argument(node, None, "labels"), None)
            )
            continue
        if criteria:
            matched, call = _criterion_call(program, node)
            if matched:
                if call is not None:
                    found.loss_calls.append(call)
                continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "compile":
            compiled = _compile(program, node)
            if compiled is not None:
                found.compiles.append(compiled)
    key = lambda item: (item.node.lineno, item.node.col_offset)  # noqa: E731
    found.loss_calls.sort(key=key)
    found.compiles.sort(key=key)
    return found


def _criterion_call(program: Program, node: ast.Call) -> tuple[bool, LossCall | None]:
    """Whether ``node`` calls a criterion object (a torch or Keras loss built in this file),
    and the loss computation it is (None for a Keras loss whose kind is not known)."""
    callee = object_of(program, node.func)
    if callee is None and isinstance(node.func, ast.Name):
        passed = object_through_callers(program, node.func)
        if passed and all(isinstance(obj, Constructed) for obj in passed) and len({obj.qualname for obj in passed}) == 1:
            callee = passed[0]  # ``def train(model, criterion): criterion(out, y)``
    if callee is None and isinstance(node.func, ast.Attribute):
        callee = _attribute_object(program, node.func)  # ``model.head.loss(out, y)``
    if not isinstance(callee, Constructed):
        return False, None
    if callee.qualname in _TORCH_LOSSES:
        kind = _TORCH_LOSSES[callee.qualname]
        return True, LossCall(node, kind, callee.qualname, argument(node, 0, "input"), argument(node, 1, "target"), callee.node)
    if callee.qualname.startswith("keras.losses."):
        spec = keras_loss(program, callee.node)
        if spec is None:
            return True, None
        return True, LossCall(
            node, "keras_" + spec.kind, callee.qualname, argument(node, 1, "y_pred"), argument(node, 0, "y_true"), callee.node, spec.from_logits
        )
    return False, None


def _attribute_object(program: Program, func: ast.Attribute) -> Any:
    """The criterion an attribute chain denotes on a known model: ``model.head.loss`` with
    ``model`` built here or passed by every caller as the same model class, ``self.loss``.

    An attribute the model analysis leaves unknown counts when it is the default of an
    optional constructor argument that no construction in the file passes (below).
    """
    attrs: list[str] = []
    root: ast.expr = func
    while isinstance(root, ast.Attribute):
        attrs.insert(0, root.attr)
        root = root.value
    if not isinstance(root, ast.Name):
        return None
    model = _root_model(program, root)
    for attr in attrs[:-1]:
        model = model.attributes.get(attr) if isinstance(model, Model) else None
    if not isinstance(model, Model) or model.cls is None:
        return None
    found = model.attributes.get(attrs[-1])
    if found is not None:
        return found
    return _unpassed_default(program, model.cls, attrs[-1])


def _root_model(program: Program, root: ast.Name) -> Model | None:
    found = object_of(program, root)
    if isinstance(found, Model):
        return found
    if found is None and root.id == "self":
        owner = next((a for a in program.ancestors(root) if isinstance(a, ast.ClassDef)), None)
        return class_model(program, owner.name) if owner is not None else None
    passed = object_through_callers(program, root) if found is None else None
    if passed and all(isinstance(m, Model) and m.cls is not None for m in passed) and len({id(m.cls) for m in passed}) == 1:
        return passed[0]
    return None


def _unpassed_default(program: Program, cls: ClassInfo, attr: str) -> Constructed | None:
    """``self.loss = loss if loss is not None else nn.BCEWithLogitsLoss()`` (or ``loss or ...``)
    in ``__init__(self, ..., loss=None)``, where the class is built in this file and no
    construction passes ``loss`` and no subclass of this file may: the attribute is the default."""
    assigned = [a for a in self_assignments(program) if a.cls is cls and a.attr == attr]
    if len(assigned) != 1 or assigned[0].method.name != "__init__":
        return None
    init, value = assigned[0].method, assigned[0].value
    parameter, default = _optional_choice(value)
    if parameter is None or not isinstance(default, ast.Call) or program.call_name(default) not in _TORCH_LOSSES:
        return None
    args = init.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    defaults = dict(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    parameter_default = defaults.get(parameter)
    if not (isinstance(parameter_default, ast.Constant) and parameter_default.value is None):
        return None
    if any(f"local:{cls.name}" in other.bases for other in classes(program).values()):
        return None
    index = positional.index(parameter) - 1 if parameter in positional else None
    built = [c for c in program.nodes_of(ast.Call) if isinstance(c.func, ast.Name) and c.func.id == cls.name]
    for call in built:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg in (None, parameter) for kw in call.keywords):
            return None
        if index is not None and index < len(call.args):
            return None
    return Constructed(program.call_name(default), default) if built else None  # type: ignore[arg-type]


def _optional_choice(value: ast.expr) -> tuple[str | None, ast.expr | None]:
    """``p if p is not None else d`` / ``d if p is None else p`` / ``p or d`` -> (p, d)."""
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or) and len(value.values) == 2:
        first, second = value.values
        return (first.id, second) if isinstance(first, ast.Name) else (None, None)
    if not isinstance(value, ast.IfExp) or not isinstance(value.test, ast.Compare):
        return None, None
    test = value.test
    if not (
        isinstance(test.left, ast.Name)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Is, ast.IsNot))
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return None, None
    name = test.left.id
    kept, default = (value.body, value.orelse) if isinstance(test.ops[0], ast.IsNot) else (value.orelse, value.body)
    return (name, default) if isinstance(kept, ast.Name) and kept.id == name else (None, None)


def _compile(program: Program, node: ast.Call) -> CompileCall | None:
    receiver = node.func.value  # type: ignore[attr-defined]
    model = object_of(program, receiver)
    if model is None:
        passed = object_through_callers(program, receiver)
        if passed and all(isinstance(m, Model) for m in passed):
            activations = {m.output_activation for m in passed}
            sizes = {m.last_layer.last_size if m.last_layer is not None else None for m in passed}
            if len(activations) == 1 and len(sizes) == 1:
                model = passed[0]
    loss_node = argument(node, 1, "loss")
    if not isinstance(model, Model):
        # An unknown receiver still counts when the call is unmistakably Keras's compile.
        if loss_node is None or not any(kw.arg in ("optimizer", "metrics", "loss") for kw in node.keywords):
            return None
        if keras_loss(program, loss_node) is None:
            return None
        model = None
    elif model.framework != "keras":
        return None
    metrics_node = argument(node, None, "metrics")
    metrics = list(metrics_node.elts) if isinstance(metrics_node, (ast.List, ast.Tuple)) else []
    return CompileCall(node, model, keras_loss(program, loss_node) if loss_node is not None else None, loss_node, metrics)


def keras_loss(program: Program, node: ast.expr) -> KerasLoss | None:
    """A Keras cross-entropy loss given as a string, class, function or instance; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        kind = _KERAS_STRINGS.get(node.value.lower())
        return KerasLoss(kind, False, node) if kind else None
    obj: Any = None
    call: ast.Call | None = None
    if isinstance(node, ast.Call):
        call = node
    elif isinstance(node, ast.Name):
        obj = object_of(program, node)
        if isinstance(obj, Constructed):
            call = obj.node
    if call is not None:
        qual = program.call_name(call) or ""
        if not qual.startswith("keras.losses."):
            return None
        kind = _KERAS_CLASSES.get(qual.rsplit(".", 1)[-1])
        if kind is None:
            return None
        value = argument(call, 0, "from_logits")
        if value is None:
            if any(kw.arg is None for kw in call.keywords):
                return KerasLoss(kind, None, node)
            return KerasLoss(kind, False, node)
        if isinstance(value, ast.Constant) and isinstance(value.value, bool):
            return KerasLoss(kind, value.value, node)
        return KerasLoss(kind, None, node)
    qual = program.qualname(node) or ""
    if qual.startswith("keras.losses."):
        leaf = qual.rsplit(".", 1)[-1]
        kind = _KERAS_CLASSES.get(leaf) or _KERAS_STRINGS.get(leaf)
        return KerasLoss(kind, False, node) if kind else None
    return None


def is_threshold_accuracy(program: Program, metric: ast.expr) -> bool:
    """A metric that thresholds binary predictions at 0.5: 'accuracy', 'acc', BinaryAccuracy()."""
    if isinstance(metric, ast.Constant) and isinstance(metric.value, str):
        return metric.value.lower() in ("accuracy", "acc", "binary_accuracy")
    target = metric.func if isinstance(metric, ast.Call) else metric
    qual = program.qualname(target) or ""
    if qual in ("keras.metrics.BinaryAccuracy", "keras.metrics.binary_accuracy"):
        if isinstance(metric, ast.Call):
            threshold = argument(metric, 2, "threshold")
            return threshold is None or (isinstance(threshold, ast.Constant) and threshold.value == 0.5)
        return True
    return False
