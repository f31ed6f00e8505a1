"""The training objects of a module: optimizers, schedulers, scalers, models, engines, losses.

An object is named by the dotted spelling it is assigned to (``opt``, ``self.optimizer``),
because that spelling is what later calls use as receiver (``opt.step()``). The module is
read as one namespace: ``optimizer = optim.SGD(...)`` in ``main()`` and a parameter called
``optimizer`` in ``train()`` are the same object once ``train(..., optimizer)`` is inlined
(see events.py), which is how real scripts are written.

API (memoised per Program):

- ``objects(program) -> Objects``
  - ``Objects.kind(spelling)``: "optimizer", "scheduler", "scaler", "model", "engine",
    "accelerator", "loss" or None. Spellings with no known constructor fall back on their
    name (``optimizer``, ``opt_g``, ``lr_scheduler``, ``scaler``) for optimizers, schedulers
    and scalers only; models need a constructor or evidence (called *and* receiving
    ``.eval()``/``.train()``/``.parameters()``/...).
  - ``Objects.by_spelling[sp]``: the ``TrackedObject`` (kind, constructor qualname, flavour,
    the model an optimizer trains, the assigning node).
  - ``Objects.canonical(sp)``: follows wrapper aliases (``ddp = DDP(model)``,
    ``m = torch.compile(model)``) and strips ``.module`` / ``._orig_mod`` / ``.optimizer``.
  - ``Objects.model_of(opt_spelling)``: which model's ``parameters()`` the optimizer got.
  - ``Objects.frozen``: models whose parameters are all frozen (``requires_grad_(False)``).
  - ``Objects.may_have_dropout_or_batchnorm(sp)``: False only when the layers are visible
    and none is a Dropout/BatchNorm-like or unknown layer.
  - ``Objects.construction(call)``: what a constructor call builds, for mode tracking.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from nnlint.analysis.classes import ClassInfo, classes, project_class, project_class_verdict
from nnlint.analysis.imports import Symbol, project_symbol, trains_or_evaluates
from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program

# Method calls that return the same module (chains like ``Net().to(dev).eval()``).
MODULE_CHAIN_METHODS = frozenset(
    {"to", "cuda", "cpu", "float", "half", "double", "bfloat16", "eval", "train", "requires_grad_", "share_memory", "to_empty"}
)
# Wrappers that return a view of the same module: state (mode, parameters) is shared.
MODEL_WRAPPERS = frozenset(
    {
        "torch.nn.DataParallel",
        "torch.nn.parallel.DataParallel",
        "torch.nn.parallel.DistributedDataParallel",
        "torch.nn.parallel.distributed.DistributedDataParallel",
        "torch.distributed.fsdp.FullyShardedDataParallel",
        "torch.compile",
        "torch.jit.script",
    }
)
STRIPPED_SUFFIXES = (".module", "._orig_mod")
OPTIMIZER_PACKAGES = ("bitsandbytes.optim.", "timm.optim.", "apex.optimizers.", "torch_optimizer.", "deepspeed.ops.")
OPTIMIZER_NAMES = frozenset(
    {
        "transformers.AdamW",
        "transformers.Adafactor",
        "transformers.optimization.AdamW",
        "transformers.optimization.Adafactor",
        "torch.distributed.optim.ZeroRedundancyOptimizer",
        "lion_pytorch.Lion",
    }
)
# Words one of which an optimizer construction spells, whatever the import alias: every name
# above and torch.optim's classes (the text pre-filter's `needs` of optimizer rules).
OPTIMIZER_WORDS = ("optim", "Optim", "Adam", "Adafactor", "Lion", "deepspeed")
SCALERS = frozenset({"torch.amp.GradScaler", "torch.distributed.fsdp.sharded_grad_scaler.ShardedGradScaler"})
ACCELERATORS = frozenset({"accelerate.Accelerator", "lightning.Fabric"})
PREPARE_METHODS = frozenset({"prepare", "setup"})
_OPT_NAME = re.compile(r"(?i:(^|_)(opt|optim|optimi[sz]er)s?($|_)|optimi[sz]er)|^opt[A-Z0-9_]")
_SCHED_NAME = re.compile(r"sched", re.I)
_SCALER_NAME = re.compile(r"(^|_)(grad_)?scaler$", re.I)
KNOWN_LIBRARIES = ("torch.", "keras.", "tensorflow.", "lightning.", "transformers.", "sklearn.", "numpy.", "timm.")
_DROPOUT_LIKE = re.compile(r"Dropout|BatchNorm|InstanceNorm|RReLU")  # layers that act differently in eval()


@dataclass
class TrackedObject:
    spelling: str
    kind: str
    node: ast.AST | None = None  # the assigned value
    constructor: str | None = None  # qualified name, or "local:Class"
    flavor: str | None = None  # scheduler: torch|plateau|timm|hf; model: pretrained|loaded|built
    model: str | None = None  # for optimizers: the model whose parameters it trains


@dataclass
class Construction:
    """What an assigned value builds: a new object (with its initial mode) or an alias."""

    kind: str | None = None
    mode: str | None = None  # "train", "eval" or None (unknown) for models
    alias_of: str | None = None
    copy_of: str | None = None


@dataclass
class Objects:
    program: Program
    by_spelling: dict[str, TrackedObject] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    frozen: set[str] = field(default_factory=set)
    evidence_models: set[str] = field(default_factory=set)
    instances: dict[str, str] = field(default_factory=dict)  # spelling -> local class name

    def canonical(self, spelling: str | None) -> str | None:
        if spelling is None:
            return None
        seen = set()
        while True:
            for suffix in STRIPPED_SUFFIXES:
                if spelling.endswith(suffix) and spelling[: -len(suffix)]:
                    spelling = spelling[: -len(suffix)]
                    break
            else:
                if spelling in self.aliases and spelling not in seen:
                    seen.add(spelling)
                    spelling = self.aliases[spelling]
                    continue
                return spelling

    def _as_self(self, spelling: str) -> str | None:
        """``trainer.optimizer`` -> ``self.optimizer`` when ``trainer`` is a local class instance."""
        head, _, rest = spelling.partition(".")
        return f"self.{rest}" if rest and head in self.instances else None

    def kind(self, spelling: str | None) -> str | None:
        if spelling is None:
            return None
        for sp in (spelling, self.canonical(spelling), self._as_self(spelling)):
            obj = self.by_spelling.get(sp or "")
            if obj is not None:
                return obj.kind
        sp = self.canonical(spelling) or spelling
        if sp in self.evidence_models:
            return "model"
        last = sp.rsplit(".", 1)[-1]
        if _SCHED_NAME.search(last):
            return "scheduler"
        if _SCALER_NAME.search(last):
            return "scaler"
        if _OPT_NAME.search(last):
            return "optimizer"
        return None

    def get(self, spelling: str | None) -> TrackedObject | None:
        if spelling is None:
            return None
        return (
            self.by_spelling.get(spelling)
            or self.by_spelling.get(self.canonical(spelling) or "")
            or self.by_spelling.get(self._as_self(spelling) or "")
        )

    def is_model(self, spelling: str | None) -> bool:
        return self.kind(spelling) == "model"

    def has_optimizer(self) -> bool:
        return any(o.kind in ("optimizer", "engine") for o in self.by_spelling.values())

    def model_of(self, optimizer: str | None) -> str | None:
        obj = self.get(optimizer)
        return self.canonical(obj.model) if obj is not None and obj.model else None

    def scheduler_flavor(self, spelling: str | None) -> str | None:
        obj = self.get(spelling)
        return obj.flavor if obj is not None and obj.kind == "scheduler" else None

    def is_frozen(self, model: str | None) -> bool:
        return model is not None and (self.canonical(model) in self.frozen or model in self.frozen)

    def may_have_dropout_or_batchnorm(self, model: str | None) -> bool:
        """False only when every layer of the model is visible and none behaves differently
        in train and eval mode (Dropout, BatchNorm, ...) or is unknown."""
        obj = self.get(model)
        if obj is None or obj.constructor is None:
            return True
        symbol = _project_model_class(self.program, obj.constructor)
        if symbol is not None:  # judged by its own module's layers
            return _constructor_may_switch(symbol.program, f"local:{symbol.name}", None, set())
        return _constructor_may_switch(self.program, obj.constructor, obj.node, set())

    def built_with_weights(self, model: str | None) -> bool:
        """Whether the constructor may load trained weights (``weights=``, ``pretrained=True``,
        ``from_pretrained``, ``load_state_dict`` or ``torch.load`` in a local ``__init__``);
        False for a freshly initialised network (a smoke test of shapes, not an evaluation)."""
        obj = self.get(model)
        if obj is None or obj.constructor is None or not isinstance(obj.node, ast.Call):
            return True
        return _may_load_weights(self.program, obj.node, set())

    def construction(self, value: ast.AST) -> Construction:
        return construction(self.program, self, value)


def objects(program: Program) -> Objects:
    """The tracked objects of the module, computed once."""
    return program.memo(objects, lambda: _collect(program))


def _chain_root(program: Program, node: ast.AST) -> tuple[ast.AST, list[ast.Call]]:
    """``Net().to(dev).eval()`` -> (``Net()``, [to, eval] calls outermost last)."""
    chain: list[ast.Call] = []
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in MODULE_CHAIN_METHODS
    ):
        chain.append(node)
        node = node.func.value
    chain.reverse()
    return node, chain


def _chain_mode(chain: list[ast.Call], start: str | None) -> str | None:
    mode = start
    for call in chain:
        if call.func.attr == "eval" and not call.args:  # type: ignore[attr-defined]
            mode = "eval"
        elif call.func.attr == "train":  # type: ignore[attr-defined]
            arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "mode"), None)
            if arg is None:
                mode = "train"
            elif isinstance(arg, ast.Constant) and isinstance(arg.value, bool):
                mode = "train" if arg.value else "eval"
            else:
                mode = None
    return mode


def classify_constructor(program: Program, call: ast.Call) -> tuple[str | None, str | None, str | None]:
    """(kind, flavour, constructor name) of a call that builds a training object."""
    qual = program.call_name(call)
    local = classes(program)
    if qual is None:
        func = call.func
        if isinstance(func, ast.Name) and func.id in local:
            info = local[func.id]
            if info.is_torch_module:
                return "model", "built", f"local:{func.id}"
            if _is_local_optimizer(program, info, local):
                return "optimizer", None, f"local:{func.id}"
            return None, None, f"local:{func.id}"
        if isinstance(func, ast.Attribute) and func.attr == "from_pretrained":
            base = func.value
            if isinstance(base, ast.Name) and base.id in local and local[base.id].is_torch_module:
                return "model", _own_from_pretrained(local[base.id]), f"local:{base.id}"
        return None, None, None
    last = qual.rsplit(".", 1)[-1]
    if qual.startswith("torch.optim.lr_scheduler.") or qual == "torch.optim.swa_utils.SWALR":
        return "scheduler", "plateau" if last == "ReduceLROnPlateau" else "torch", qual
    if qual.startswith("torch.optim.swa_utils."):
        return ("model", "built", qual) if last == "AveragedModel" else (None, None, qual)
    if qual.startswith("timm.scheduler."):
        return "scheduler", "timm", qual
    if (qual.startswith(("transformers.", "diffusers.optimization.")) and last.startswith("get_") and "schedule" in last):
        return "scheduler", "hf", qual
    if (qual.startswith("torch.optim.") and last[:1].isupper() and last != "Optimizer") or qual in OPTIMIZER_NAMES:
        return "optimizer", None, qual
    if qual.startswith(OPTIMIZER_PACKAGES) and (last[:1].isupper() or "optimizer" in last):
        return "optimizer", None, qual
    if qual in SCALERS:
        return "scaler", None, qual
    if qual in ACCELERATORS:
        return "accelerator", None, qual
    if qual.startswith("torch.nn.") and last[:1].isupper():
        if last.endswith("Loss"):
            return "loss", None, qual
        if last in ("Parameter", "Buffer", "Module", "ParameterList", "ParameterDict"):
            return None, None, qual
        return "model", "built", qual
    if qual.startswith("torchvision.models.") and last not in ("get_weight", "get_model_weights", "list_models"):
        return "model", "built", qual
    if qual in ("timm.create_model", "timm.models.create_model"):
        return "model", "built", qual
    if last == "from_pretrained" and qual.startswith(("transformers.", "diffusers.", "peft.")):
        cls = qual.rsplit(".", 2)[-2]
        if ("Model" in cls or "For" in cls or cls.startswith(("UNet", "Auto"))) and not re.search(
            r"Tokenizer|Processor|Config|FeatureExtractor|ImageProcessor", cls
        ):
            if cls.startswith("Auto") and "Model" not in cls:
                return None, None, qual
            return "model", "pretrained", qual
    if not qual.startswith(KNOWN_LIBRARIES) and trains_or_evaluates(program):  # a model class of another module
        verdict = project_class_verdict(program, qual)
        if verdict is not None and verdict.is_torch_module:
            return "model", "built", qual
        if last == "from_pretrained":
            other = project_class(program, qual.rsplit(".", 1)[0])
            if other is not None and other.is_torch_module:
                return "model", _own_from_pretrained(other), qual
    return None, None, qual


def _own_from_pretrained(info: ClassInfo) -> str:
    """A classmethod of the user's own model (nanoGPT's GPT.from_pretrained) builds the
    class, so train mode ("built"), unless its body switches modes ("loaded": unknown)."""
    method = info.methods.get("from_pretrained")
    switches = method is not None and any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("eval", "train")
        for n in ast.walk(method)
    )
    return "loaded" if switches or method is None else "built"


def _project_model_class(program: Program, constructor: str) -> Symbol | None:
    """The class of another project module a tracked model was built from, if any."""
    if constructor.startswith("local:") or constructor.startswith(KNOWN_LIBRARIES):
        return None
    symbol = project_symbol(program, constructor)
    return symbol if symbol is not None and isinstance(symbol.node, ast.ClassDef) else None


def _is_local_optimizer(program: Program, info: ClassInfo, local: dict[str, ClassInfo]) -> bool:
    for base in info.bases:
        if base is None:
            continue
        if base.startswith("local:") and base[6:] in local and base[6:] != info.name:
            if _is_local_optimizer(program, local[base[6:]], local):
                return True
        elif base.startswith("torch.optim.") and base.rsplit(".", 1)[-1][:1].isupper():
            return True
    return False


def construction(program: Program, objs: Objects, value: ast.AST) -> Construction:
    """What assigning ``value`` makes of its target: a new object, an alias, or nothing known."""
    root, chain = _chain_root(program, value)
    if chain and dotted(root) is not None:
        source = dotted(root)
        if objs.is_model(source):
            return Construction("model", None, alias_of=source)  # mode handled by the chain events
    if isinstance(root, ast.Call):
        qual = program.call_name(root)
        first = root.args[0] if root.args else None
        source = dotted(first) if first is not None else None
        if qual in MODEL_WRAPPERS and source is not None and objs.kind(source) == "model":
            return Construction("model", _chain_mode(chain, None), alias_of=source)
        kind, flavor, _ = classify_constructor(program, root)
        if kind == "model":
            start = "eval" if flavor == "pretrained" else "train" if flavor == "built" else None
            return Construction("model", _chain_mode(chain, start))
        if kind is not None:
            return Construction(kind)
        first = root.args[0] if root.args else None
        source = dotted(first) if first is not None else None
        if source is not None and objs.kind(source) == "model":
            if qual in MODEL_WRAPPERS:
                return Construction("model", _chain_mode(chain, None), alias_of=source)
            if qual == "copy.deepcopy":
                return Construction("model", _chain_mode(chain, None), copy_of=source)
        if qual == "torch.load":
            return Construction(None, None)
    if isinstance(root, (ast.Name, ast.Attribute)) and not chain:
        source = dotted(root)
        if source is not None and objs.kind(source) is not None:
            return Construction(objs.kind(source), None, alias_of=source)
    return Construction(None)


def _model_spelling_in(program: Program, node: ast.AST) -> str | None:
    """The one model whose ``.parameters()`` an optimizer's arguments mention, if only one."""
    found = set()
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr in ("parameters", "named_parameters")
        ):
            sp = dotted(sub.func.value)
            if sp is not None:
                found.add(sp)
    return found.pop() if len(found) == 1 else None


def _targets(target: ast.AST) -> list[ast.AST]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return list(target.elts)
    return [target]


def _collect(program: Program) -> Objects:
    objs = Objects(program)
    local = classes(program)
    assigns: list[tuple[list[ast.expr], ast.AST]] = []
    calls_of: set[str] = set()
    for node in program.nodes_of(ast.Assign, ast.AnnAssign, ast.NamedExpr):  # in walk order, as _assign reads them
        if isinstance(node, ast.Assign):
            assigns.append((node.targets, node.value))
        elif node.value is not None:
            assigns.append(([node.target], node.value))
    for call in program.nodes_of(ast.Call):
        sp = dotted(call.func)
        if sp is not None:
            calls_of.add(sp)
        if isinstance(call.func, ast.Attribute):
            _note_evidence(call, objs)
    for loop in program.nodes_of(ast.For):
        _note_frozen_loop(loop, objs)
    objs.evidence_models = {sp for sp in objs.evidence_models if sp in calls_of}
    # Two passes: aliases and prepare() tuples need the kinds of their sources.
    for _ in range(2):
        for targets, value in assigns:
            for target in targets:
                _assign(program, objs, local, target, value)
    return objs


# Methods whose receiver, when it is also called, is taken for a model (``Objects.evidence_models``).
_EVIDENCE_METHODS = frozenset(
    {"eval", "train", "parameters", "named_parameters", "state_dict", "load_state_dict", "zero_grad", "named_modules"}
)


def model_spellings(program: Program) -> frozenset[str]:
    """Every spelling ``objects`` may take for a model, read without classifying anything:
    the file's assignment targets and the receivers of model methods. ``Objects.kind`` finds
    a model only under such a spelling, after stripping ``.module`` or reading ``trainer.x``
    as ``self.x``; a call whose callee is none of them calls no model of the file."""

    def collect() -> frozenset[str]:
        found: set[str] = set()
        assignments: list[ast.Assign | ast.AnnAssign | ast.NamedExpr] = [
            *program.nodes_of(ast.Assign),
            *program.nodes_of(ast.AnnAssign),
            *program.nodes_of(ast.NamedExpr),
        ]
        for node in assignments:  # into a set: any order
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found.add(target.id)
                    continue
                for sub in ast.walk(target):
                    spelling = dotted(sub) if isinstance(sub, (ast.Name, ast.Attribute)) else None
                    if spelling is not None:
                        found.add(spelling)
        for call in program.nodes_of(ast.Call):
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr in _EVIDENCE_METHODS:
                receiver = dotted(func.value)
                if receiver is not None:
                    found.add(receiver)
        return frozenset(found)

    return program.memo(model_spellings, collect)


def _note_evidence(call: ast.Call, objs: Objects) -> None:
    attr = call.func.attr  # type: ignore[attr-defined]
    sp = dotted(call.func.value)  # type: ignore[attr-defined]
    if sp is None:
        return
    if attr in _EVIDENCE_METHODS:
        if attr == "zero_grad" and (_OPT_NAME.search(sp.rsplit(".", 1)[-1]) or sp.endswith(".optimizer")):
            return
        objs.evidence_models.add(sp)
    if attr == "requires_grad_" and call.args and isinstance(call.args[0], ast.Constant) and call.args[0].value is False:
        objs.frozen.add(sp)


def _note_frozen_loop(loop: ast.For, objs: Objects) -> None:
    it = loop.iter
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "parameters"):
        return
    model = dotted(it.func.value)
    if model is None or not isinstance(loop.target, ast.Name):
        return
    for stmt in loop.body:
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Attribute)
            and stmt.targets[0].attr == "requires_grad"
            and isinstance(stmt.value, ast.Constant)
            and stmt.value.value is False
            and dotted(stmt.targets[0].value) == loop.target.id
        ):
            objs.frozen.add(model)


def _assign(program: Program, objs: Objects, local: dict[str, ClassInfo], target: ast.AST, value: ast.AST) -> None:
    if isinstance(target, (ast.Tuple, ast.List)):
        if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
            for t, v in zip(target.elts, value.elts):
                _assign(program, objs, local, t, v)
            return
        if isinstance(value, ast.Call):
            _assign_tuple_call(program, objs, target.elts, value)
        return
    spelling = dotted(target)
    if spelling is None:
        return
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in local:
        objs.instances.setdefault(spelling, value.func.id)
    if spelling in objs.by_spelling:
        return
    built = construction(program, objs, value)
    root, _ = _chain_root(program, value)
    if built.alias_of is not None:
        if built.alias_of != spelling:
            objs.aliases.setdefault(spelling, built.alias_of)
        return  # ``model = torch.compile(model)``: the same object
    if built.copy_of is not None:
        source = objs.get(built.copy_of)
        objs.by_spelling[spelling] = TrackedObject(
            spelling, "model", value, source.constructor if source else None, source.flavor if source else None
        )
        return
    if built.kind is None:
        return
    kind, flavor, ctor = (None, None, None)
    if isinstance(root, ast.Call):
        kind, flavor, ctor = classify_constructor(program, root)
    obj = TrackedObject(spelling, built.kind, root, ctor, flavor)
    if built.kind == "optimizer" and isinstance(root, ast.Call):
        obj.model = _model_spelling_in(program, root)
    objs.by_spelling[spelling] = obj


def track_argument(program: Program, objs: Objects, spelling: str, value: ast.AST) -> None:
    """Track an object built inline as a call argument (``fit(net, SGD(net.parameters()))``)
    under the synthetic spelling the inliner (events.py) gives the callee's parameter."""
    if spelling in objs.by_spelling or not isinstance(value, ast.Call):
        return
    kind, flavor, ctor = classify_constructor(program, value)
    if kind is None:
        return
    obj = TrackedObject(spelling, kind, value, ctor, flavor)
    if kind == "optimizer":
        obj.model = _model_spelling_in(program, value)
    objs.by_spelling[spelling] = obj


def _assign_tuple_call(program: Program, objs: Objects, targets: Sequence[ast.AST], value: ast.Call) -> None:
    qual = program.call_name(value)
    func = value.func
    if qual == "deepspeed.initialize":
        kinds = ["engine", "optimizer", None, "scheduler"]
        for target, kind in zip(targets, kinds):
            sp = dotted(target)
            if sp is not None and kind is not None and sp not in objs.by_spelling:
                objs.by_spelling[sp] = TrackedObject(sp, kind, value, qual, "engine")
        return
    if isinstance(func, ast.Attribute) and func.attr in PREPARE_METHODS and len(value.args) == len(targets):
        for target, arg in zip(targets, value.args):
            sp, source = dotted(target), dotted(arg)
            if sp is None or source is None:
                continue
            if sp != source and objs.kind(source) is not None:
                objs.aliases.setdefault(sp, source)


_DEFAULT_DROPOUT = {"Transformer": 5, "TransformerEncoderLayer": 3, "TransformerDecoderLayer": 3}  # dropout's position
_OPTIONAL_DROPOUT = {"LSTM": 5, "GRU": 5, "RNN": 6, "MultiheadAttention": 2}


def _dropout_inside(call: ast.Call, qual: str) -> bool:
    """A torch layer with dropout of its own: Transformer layers (p=0.1 unless given 0),
    recurrent layers and attention when given a ``dropout`` that is not a literal 0."""
    last = qual.rsplit(".", 1)[-1]
    position = _DEFAULT_DROPOUT.get(last, _OPTIONAL_DROPOUT.get(last))
    if position is None:
        return False
    given = next((k.value for k in call.keywords if k.arg == "dropout"), None)
    if given is None and len(call.args) > position:
        given = call.args[position]
    if given is None:
        return last in _DEFAULT_DROPOUT
    return not (isinstance(given, ast.Constant) and given.value == 0)


def _constructor_may_switch(program: Program, ctor: str, node: ast.AST | None, seen: set[str]) -> bool:
    if ctor.startswith("local:"):
        name = ctor[6:]
        if name in seen:
            return True
        seen = seen | {name}
        info = classes(program).get(name)
        if info is None:
            return True
        for base in info.bases:
            if base is None:
                return True
            if base.startswith("local:"):
                if _constructor_may_switch(program, base, None, seen):
                    return True
            elif not base.startswith(("torch.nn.Module", "lightning.")):
                other = _project_model_class(program, base)  # a base class from another module
                if other is None or _constructor_may_switch(other.program, f"local:{other.name}", None, seen):
                    return True
        init = info.methods.get("__init__")
        if init is None:  # layers only from its bases, already judged above; a bare nn.Module has none
            return not all(b == "torch.nn.Module" or (b and b.startswith("local:")) or _project_model_class(program, b or "") for b in info.bases)
        for sub in _init_calls(info, init):
            if isinstance(sub, ast.Call):
                qual = program.call_name(sub)
                if qual is not None and qual.startswith("torch.nn.") and (_DROPOUT_LIKE.search(qual) or _dropout_inside(sub, qual)):
                    return True
                if qual is not None and qual.startswith("torch.nn.functional"):
                    continue
                if isinstance(sub.func, ast.Name) and sub.func.id in classes(program):
                    if _constructor_may_switch(program, f"local:{sub.func.id}", None, seen):
                        return True
                    continue
                if qual is None and _is_layer_like(sub):
                    return True
                if qual is not None and not qual.startswith(("torch.", "math.", "numpy.")) and qual.split(".")[0] not in (
                    "super", "len", "range", "list", "dict", "int", "float"
                ):
                    return True
        return False
    if ctor.startswith("torch.nn."):
        if _DROPOUT_LIKE.search(ctor):
            return True
        if ctor.rsplit(".", 1)[-1] in ("Sequential", "ModuleList", "ModuleDict") and isinstance(node, ast.Call):
            for arg in ast.walk(node):
                if arg is node or not isinstance(arg, ast.Call):
                    continue
                qual = program.call_name(arg)
                if qual is None:
                    if isinstance(arg.func, ast.Name) and arg.func.id in classes(program):
                        if _constructor_may_switch(program, f"local:{arg.func.id}", None, seen):
                            return True
                        continue
                    return True
                if _DROPOUT_LIKE.search(qual) or not qual.startswith("torch."):
                    return True
            return False
        return ctor.rsplit(".", 1)[-1] in ("Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer", "TransformerDecoderLayer", "LSTM", "GRU", "RNN", "MultiheadAttention")
    return True


def _init_calls(info: ClassInfo, init: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    """The calls ``__init__`` makes, with those of the class's own methods it calls
    (``self._initialize_weights()``) in place of the method call."""
    calls: list[ast.Call] = []
    pending, seen = [init], {init.name}
    while pending:
        for sub in ast.walk(pending.pop()):
            if not isinstance(sub, ast.Call):
                continue
            func = sub.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self" and func.attr in info.methods:
                if func.attr not in seen:
                    seen.add(func.attr)
                    pending.append(info.methods[func.attr])
                continue
            calls.append(sub)
    return calls


def _is_layer_like(call: ast.Call) -> bool:
    """A call inside ``__init__`` that builds something unknown (``make_layers(...)``)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in ("register_buffer", "register_parameter", "apply", "init_weights", "append", "extend", "add_module"):
        return func.attr in ("add_module", "append", "extend")
    if isinstance(func, ast.Name) and func.id in ("super", "len", "range", "int", "float", "list", "dict", "tuple", "isinstance", "print", "max", "min", "getattr", "setattr", "zip", "enumerate"):
        return False
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
        return False
    return True


def _may_load_weights(program: Program, call: ast.Call, seen: set[str]) -> bool:
    for kw in call.keywords:
        if kw.arg in ("weights", "pretrained", "pretrained_weights", "checkpoint", "checkpoint_path"):
            return not (isinstance(kw.value, ast.Constant) and kw.value.value in (None, False))
        if kw.arg is None:
            return True  # **kwargs: unknown
    qual = program.call_name(call)
    if qual is not None:
        return qual.startswith(("transformers.", "diffusers.", "peft.")) or qual.endswith("from_pretrained")
    if not isinstance(call.func, ast.Name):
        return True
    info = classes(program).get(call.func.id)
    if info is None or call.func.id in seen:
        return True
    seen = seen | {call.func.id}
    for method in info.methods.values():
        for node in ast.walk(method):
            if isinstance(node, ast.Call):
                attr = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if attr in ("load_state_dict", "from_pretrained", "load", "load_checkpoint", "load_pretrained"):
                    return True
                if any(kw.arg in ("weights", "pretrained") for kw in node.keywords):
                    return True
    for base in info.bases:
        if base is None or not base.startswith(("local:", "torch.nn.", "lightning.")):
            return True
    return False
