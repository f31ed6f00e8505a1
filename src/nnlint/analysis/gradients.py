"""Facts about gradients and optimisation that the NN3xx rules share.

Built on the expanded event trees (events.py: CLIP, UNSCALE, BACKWARD, STEP, ASSIGN events)
and the training iterations (training.py), plus the model layers (models.py) to know which
optimizer trains recurrent layers.

API (memoised per Program where it matters):

- ``clip_events(iteration)``: the clipping calls of one iteration that really clip
  (``max_norm=inf`` measurements excluded).
- ``trains_recurrent(program, optimizer)``: True when the optimizer's parameters include
  recurrent layers (nn.LSTM/GRU/RNN and cells, directly or in a local module class) that are
  not frozen; False when they visibly do not; None when unknown.
- ``keras_recurrent_compiles(program)``: Keras ``compile()`` calls of models with recurrent
  layers, with whether the optimizer given clips (True / False / None for unknown).
- ``per_step_scheduler(program, spelling)``: whether a scheduler was built to be stepped
  per optimizer step (OneCycleLR, CyclicLR, schedules sized by ``steps_per_epoch``,
  ``total_steps`` or ``num_training_steps`` that count batches).
- ``optimizer_constructions(program)``: ASSIGN events that build an optimizer.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from nnlint.analysis.events import Event, Kind, Root, roots
from nnlint.analysis.layers import RECURRENT
from nnlint.analysis.losses import compile_calls
from nnlint.analysis.models import Model, class_model, object_of
from nnlint.analysis.names import dotted
from nnlint.analysis.objects import classify_constructor, objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import Iteration

RECURRENT_TORCH = frozenset(
    {"RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"}
)
KERAS_CLIP_ARGS = frozenset({"clipnorm", "clipvalue", "global_clipnorm"})


def clip_events(iteration: Iteration) -> list[Event]:
    return [e for e in iteration.events if e.kind == Kind.CLIP and not e.info.get("measure_only")]


# -- recurrent layers -------------------------------------------------------------------


def _parameter_owners(program: Program, expr: ast.AST | None) -> list[ast.AST]:
    """The receivers of ``X.parameters()`` inside an optimizer's first argument."""
    owners = []
    if expr is None:
        return owners
    for node in ast.walk(expr):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("parameters", "named_parameters")
        ):
            owners.append(node.func.value)
    return owners


def _model_is_recurrent(model: Model | None) -> bool | None:
    if model is None:
        return None
    layers = model.all_layers()
    if any(layer.kind == RECURRENT for layer in layers):
        return True
    return False if model.complete else None


def _value_is_recurrent(program: Program, spelling: str, seen: set[str]) -> bool | None:
    """Whether the module object known as ``spelling`` holds recurrent layers."""
    if spelling in seen:
        return None
    seen.add(spelling)
    objs = objects(program)
    obj = objs.get(spelling)
    if obj is None or obj.node is None:
        return None
    value = obj.node
    if isinstance(value, ast.Call):
        qual = program.call_name(value)
        if qual is not None and qual.startswith("torch.nn."):
            last = qual.rsplit(".", 1)[-1]
            if last in RECURRENT_TORCH:
                return True
            if last != "Sequential":
                return False
        if obj.constructor and obj.constructor.startswith("local:"):
            return _model_is_recurrent(class_model(program, obj.constructor[6:]))
    found = object_of(program, value)
    if isinstance(found, Model):
        return _model_is_recurrent(found)
    return None


def trains_recurrent(program: Program, optimizer: str | None) -> bool | None:
    objs = objects(program)
    obj = objs.get(optimizer)
    if obj is None or not isinstance(obj.node, ast.Call):
        return None
    call = obj.node
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "params"), None)
    if isinstance(first, ast.Name):
        first = _assigned_value(program, first.id) or first
    owners = _parameter_owners(program, first)
    if not owners:
        return None
    verdicts = []
    for owner in owners:
        spelling = dotted(owner)
        if spelling is None:
            verdicts.append(None)
            continue
        if objs.is_frozen(spelling):
            verdicts.append(False)
            continue
        verdicts.append(_value_is_recurrent(program, objs.canonical(spelling) or spelling, set()))
    if any(v is True for v in verdicts):
        return True
    return None if any(v is None for v in verdicts) else False


def _assigned_value(program: Program, name: str) -> ast.AST | None:
    """The value of the one plain assignment to ``name`` in the module, if it is unique."""
    values = [
        node.value
        for node in program.nodes_of(ast.Assign)
        if len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == name
    ]
    return values[0] if len(values) == 1 else None


@dataclass(frozen=True)
class KerasRecurrentCompile:
    node: ast.Call
    clips: bool | None


def keras_recurrent_compiles(program: Program) -> list[KerasRecurrentCompile]:
    def compute() -> list[KerasRecurrentCompile]:
        found = []
        for compiled in compile_calls(program):
            model = compiled.model
            if model is None or model.framework != "keras":
                continue
            layers = model.all_layers()
            if not any(layer.kind == RECURRENT for layer in layers):
                continue
            if any(layer.extra.get("trainable") is False for layer in layers if layer.kind == RECURRENT):
                continue
            found.append(KerasRecurrentCompile(compiled.node, _keras_optimizer_clips(program, compiled.node)))
        return found

    return program.memo(keras_recurrent_compiles, compute)


def _keras_optimizer_clips(program: Program, call: ast.Call) -> bool | None:
    optimizer = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "optimizer"), None)
    if optimizer is None:
        return False  # compile() defaults to "rmsprop", without clipping
    if isinstance(optimizer, ast.Constant) and isinstance(optimizer.value, str):
        return False
    if isinstance(optimizer, ast.Name):
        optimizer = _assigned_value(program, optimizer.id)
        if optimizer is None:
            return None
    if isinstance(optimizer, ast.Call):
        qual = program.call_name(optimizer)
        if qual is None or not qual.startswith("keras.optimizers."):
            return None
        if any(k.arg is None for k in optimizer.keywords):
            return None  # **config
        return any(k.arg in KERAS_CLIP_ARGS for k in optimizer.keywords)
    return None


# -- schedulers -------------------------------------------------------------------------

_PER_STEP_KEYWORDS = ("steps_per_epoch", "total_steps", "num_training_steps")
_COUNTS_BATCHES = re.compile(r"len\(|step|batch|iter|loader", re.I)


def per_step_scheduler(program: Program, spelling: str | None) -> bool:
    obj = objects(program).get(spelling)
    if obj is None or obj.kind != "scheduler" or not isinstance(obj.node, ast.Call):
        return False
    call = obj.node
    qual = obj.constructor or ""
    last = qual.rsplit(".", 1)[-1]
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if last == "CyclicLR":
        return _sized_in_batches(program, keywords.get("step_size_up"), default=True)
    if last == "OneCycleLR":
        if "steps_per_epoch" in keywords:
            return True
        total = keywords.get("total_steps")
        return total is not None and _sized_in_batches(program, total, default=False)
    if obj.flavor == "hf":
        total = keywords.get("num_training_steps")
        if total is None and len(call.args) >= 3:
            total = call.args[2]
        return total is not None and _sized_in_batches(program, total, default=False)
    return False


def _sized_in_batches(program: Program, expr: ast.AST | None, default: bool) -> bool:
    """Whether a size expression counts optimizer steps (``len(loader) * epochs``,
    ``total_steps``) rather than epochs (``args.epochs``)."""
    if expr is None:
        return default
    if isinstance(expr, ast.Constant):
        return default
    if isinstance(expr, ast.Name):
        value = _assigned_value(program, expr.id)
        if value is not None and not isinstance(value, ast.Constant):
            return _sized_in_batches(program, value, default) or bool(_COUNTS_BATCHES.search(expr.id))
    text = ast.unparse(expr)
    return bool(_COUNTS_BATCHES.search(text))


# -- optimizer constructions ------------------------------------------------------------


@dataclass(frozen=True)
class OptimizerConstruction:
    root: Root
    event: Event  # the ASSIGN event
    call: ast.Call


def optimizer_constructions(program: Program) -> list[OptimizerConstruction]:
    def compute() -> list[OptimizerConstruction]:
        statements = [*program.nodes_of(ast.Assign), *program.nodes_of(ast.AnnAssign)]
        if not any(isinstance(s.value, ast.Call) and classify_constructor(program, s.value)[0] == "optimizer" for s in statements):
            return []  # every construction is such an assignment: no event tree needed to see there is none
        found = []
        for root in roots(program):
            for event in root.events:
                value = event.info.get("value") if event.kind == Kind.ASSIGN else None
                if isinstance(value, ast.Call) and classify_constructor(program, value)[0] == "optimizer":
                    found.append(OptimizerConstruction(root, event, value))
        return found

    return program.memo(optimizer_constructions, compute)


def builds_model(program: Program, event: Event) -> bool:
    value = event.info.get("value") if event.kind == Kind.ASSIGN else None
    if not isinstance(value, ast.Call):
        return False
    kind = classify_constructor(program, value)[0]
    if kind == "model":
        return True
    func = value.func
    return isinstance(func, ast.Name) and bool(re.search(r"model|net|build", func.id, re.I))
