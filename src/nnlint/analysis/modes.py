"""Model modes (train/eval) in execution order, and the evaluation passes of a module.

Modes are tracked per model (canonical spelling, objects.py) over each root's expanded event
tree (events.py): a model is TRAIN after construction (``Net()``, ``nn.Sequential(...)``,
torchvision/timm constructors) or ``.train()``/``.train(True)``; EVAL after ``.eval()``,
``.train(False)``, ``from_pretrained`` (transformers returns models in eval mode) and
chains such as ``Net().to(d).eval()``; UNKNOWN for parameters of roots, ``.train(flag)``
(the ``was_training`` idiom), ``torch.load``-ed models and after an opaque call that received
the model. Aliases (``torch.compile(model)``, ``DDP(model)``, ``model.module``) share the
state; ``copy.deepcopy(model)`` copies it. A loop's head state is the join of its entry and
the end of its body; the arms of an if/else are joined; a join of different modes is UNKNOWN.

API (memoised per Program):

- ``model_modes(program) -> ModeFacts``:
  - ``mode_at(event)``: ``("train" | "eval" | "eval?" | None, origin event or None)`` at a
    MODEL_CALL; "eval?" means eval on some path (an if-arm switched to eval, the others
    left train mode), None unknown. Rules that need certainty compare with "train"/"eval".
  - ``next_iteration(loop, event)``: the same, for the body's *second* iteration of ``loop``
    (state at the end of one iteration flowing back to the top), used by NN111.
- ``evaluation_passes(program) -> list[EvalPass]``; ``EvalPass.kind`` is "loop" (a loop over
  a val/valid/test/eval/dev iterable with no backward), "no_grad" (a no_grad block or
  decorated function holding a model call and no backward, outside a batch-level training
  loop), "function" (evaluate/validate/test*/eval*/predict*/infer* holding a model call and
  no backward) or "after_load" (a model call after ``load_state_dict`` with no training in
  between); ``EvalPass.event`` (the LOOP / NO_GRAD / CALL / ROOT event, or the MODEL_CALL for
  "after_load"), ``model_calls`` (in order), ``loops`` (evaluation loops in it, for NN112).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from nnlint.analysis.classes import ClassInfo, classes
from nnlint.analysis.events import SET_GRAD_ENABLED, Event, Kind, Root, called_qualnames, calls_summarised, no_grad_context, roots
from nnlint.analysis.names import dotted, last_name
from nnlint.analysis.objects import STRIPPED_SUFFIXES, model_spellings, objects
from nnlint.analysis.program import Program

State = dict[str, tuple[str | None, Event | None]]
_EVAL_WORD = re.compile(
    r"^(val|valid|validation|test|testing|eval|evaluation|dev|holdout)"
    r"(loader|loaders|set|sets|data|dataset|datasets|iter|iterator|dl|ds|batches|batch|samples|s)?$"
)
_EVAL_FUNCTION = re.compile(r"^(evaluate|evaluation|validate|validation|valid|val|test|eval|predict|infer|inference)(_|$|[A-Z0-9])", re.I)
_NEXT_CAP = 3


@dataclass
class ModeFacts:
    at: dict[int, tuple[str | None, Event | None]] = field(default_factory=dict)
    next_iter: dict[int, dict[int, tuple[str | None, Event | None]]] = field(default_factory=dict)

    def mode_at(self, event: Event) -> tuple[str | None, Event | None]:
        return self.at.get(id(event), (None, None))

    def next_iteration(self, loop: Event, event: Event) -> tuple[str | None, Event | None]:
        return self.next_iter.get(id(loop), {}).get(id(event), (None, None))


def model_modes(program: Program) -> ModeFacts:
    def run() -> ModeFacts:
        try:
            return _Simulator(program).run()
        except RecursionError:
            return ModeFacts()  # every mode unknown: rules stay silent

    return program.memo(model_modes, run)


def _join(a: State, b: State) -> State:
    out: State = {}
    for key in set(a) | set(b):
        ma, mb = a.get(key, (None, None)), b.get(key, (None, None))
        out[key] = ma if ma[0] == mb[0] else (None, None)
    return out


def _join_branch(before: State, results: list[State]) -> State:
    """Join the arms of an if/else. An arm that switches a model to eval while every other
    arm leaves it in train mode gives "eval?" (eval on some path, from that eval() call):
    the usual ``if step % k == 0: evaluate()`` that never switches back."""
    out: State = {}
    for key in set(before).union(*results):
        if key in before:
            values = [r.get(key, (None, None)) for r in results]
        else:
            # Arms that never define the model cannot be followed by a use of it.
            values = [r[key] for r in results if key in r]
        first = values[0]
        if all(v[0] == first[0] for v in values):
            out[key] = first
            continue
        prior = before.get(key, (None, None))
        evals = [v for v in values if v[0] in ("eval", "eval?")]
        others = [v for v in values if v[0] not in ("eval", "eval?")]
        if not others or (prior[0] == "train" and evals and all(v == prior for v in others)):
            out[key] = ("eval?", evals[0][1])
        else:
            out[key] = (None, None)
    return out


class _Simulator:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.objs = objects(program)
        self.facts = ModeFacts()

    def run(self) -> ModeFacts:
        self.held = held_models(self.program)
        callbacks = _callback_roots(self.program)
        for root in roots(self.program):
            # Models switched inside callbacks (functions handed to a framework, such as an
            # ignite ``Engine(update_fn)`` or ``@trainer.on(...)`` handler) change mode
            # whenever that framework runs them: their mode is unknown everywhere else.
            self.volatile = set() if root in callbacks else set().union(*(_switched(r, self.objs) for r in callbacks))
            self.block(root.tree.children, {}, self.facts.at, 0)
        return self.facts

    def inline_argument(self, model: str, event: Event, state: State) -> State:
        """A model built inline as a helper's argument (``evaluate(Seq2Seq(), data)``): its
        constructor's mode, from a synthetic assignment at the call (so it counts as fresh)."""
        obj = self.objs.get(model)
        if obj is None or not isinstance(obj.node, ast.Call):
            return state
        built = self.objs.construction(obj.node)
        if built.kind != "model" or built.mode is None:
            return state
        origin = Event(Kind.ASSIGN, obj.node, model, {"value": obj.node}, order=event.order, end=event.order)
        return {**state, model: (built.mode, origin)}

    def sub(self, subst: dict[str, str], spelling: str | None) -> str | None:
        if spelling is None:
            return None
        head, _, rest = spelling.partition(".")
        if head in subst:
            return f"{subst[head]}.{rest}" if rest else subst[head]
        return spelling

    def block(self, events: list[Event], state: State, record: dict | None, depth: int) -> State:
        for event in events:
            state = self.event(event, state, record, depth)
        return state

    def event(self, event: Event, state: State, record: dict | None, depth: int) -> State:
        objs = self.objs
        kind = event.kind
        if kind == Kind.ASSIGN:
            target = objs.canonical(event.subject)
            value = event.info.get("value")
            if target is None:
                return state
            if value is None:
                if target in state:
                    state = dict(state)
                    state[target] = (None, None)
                return state
            built = objs.construction(value)
            subst = event.info.get("subst", {})
            state = dict(state)
            if built.alias_of is not None:
                source = objs.canonical(self.sub(subst, built.alias_of))
                if source != target:
                    state[target] = state.get(source or "", (None, None))
                if built.mode is not None:
                    state[target] = (built.mode, event)
            elif built.copy_of is not None:
                source = objs.canonical(self.sub(subst, built.copy_of))
                state[target] = state.get(source or "", (None, None)) if built.mode is None else (built.mode, event)
            elif built.kind == "model":
                state[target] = (built.mode, event)
            elif target in state or objs.is_model(target):
                state[target] = (None, None)
            return state
        if kind == Kind.EVAL and event.subject:
            state = dict(state)
            state[objs.canonical(event.subject) or event.subject] = ("eval", event)
            return state
        if kind == Kind.TRAIN and event.subject:
            state = dict(state)
            mode = event.info.get("mode")
            state[objs.canonical(event.subject) or event.subject] = ("train", event) if mode is True else (None, None)
            return state
        if kind == Kind.OPAQUE:
            subjects = [s for s in event.info.get("subjects", ()) if objs.is_model(s)]
            if subjects:
                state = dict(state)
                for s in subjects:
                    state[objs.canonical(s) or s] = (None, None)
            return state
        if kind == Kind.MODEL_CALL:
            if record is not None and event.subject:
                model = objs.canonical(event.subject) or event.subject
                if model not in state and model.startswith("?"):
                    state = self.inline_argument(model, event, state)
                if model in self.volatile:
                    record[id(event)] = (None, None)
                elif model in state:
                    record[id(event)] = state[model]
                else:
                    held = _held_key(self.program, event.node)
                    record[id(event)] = self.held.get(held, (None, None)) if held is not None else (None, None)
            return state
        if kind == Kind.LOOP:
            return self.loop(event, state, record, depth)
        if kind == Kind.BRANCH:
            results = [self.block(arm.children, state, record, depth) for arm in event.children]
            return _join_branch(state, results)
        if event.children:
            return self.block(event.children, state, record, depth)
        return state

    def loop(self, loop: Event, state: State, record: dict | None, depth: int) -> State:
        if depth > 6:
            return {k: (None, None) for k in state}
        if not _changes_modes(loop):
            self.block(loop.children, state, record, depth + 1)
            return state
        first = self.block(loop.children, state, None, depth + 1)
        head = _join(state, first)
        end = self.block(loop.children, head, record, depth + 1)
        if record is self.facts.at and _switches_and_trains(loop):
            nxt: dict = {}
            self.block(loop.children, first, nxt, depth + 1)
            self.facts.next_iter[id(loop)] = nxt
        return _join(state, end)


_STATE_KINDS = frozenset({Kind.EVAL, Kind.TRAIN, Kind.OPAQUE})


def _held_key(program: Program, call: ast.AST) -> tuple[str, str] | None:
    """(class, attribute) for a call ``self.<attr>(...)`` written in a method of a class."""
    func = call.func if isinstance(call, ast.Call) else None
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"):
        return None
    owner = next((a for a in program.ancestors(call) if isinstance(a, ast.ClassDef)), None)
    return (owner.name, func.attr) if owner is not None else None


def held_models(program: Program) -> dict[tuple[str, str], tuple[str | None, Event | None]]:
    """Models that a plain class builds in ``__init__`` and keeps to itself, whose mode no code
    of the file can change: their mode in every method is the constructor's.

    ``self.model = Decoder()`` in the ``__init__`` of a class that is no module and has no
    base, where the file never switches modes inside that class, never mentions ``.model``
    outside it, and the class only calls the model or its methods (never hands it to other
    code, returns or aliases it; ``apply`` excluded). The origin is the ``load_state_dict``
    on it when the class loads weights, else the assignment.
    """
    return program.memo(held_models, lambda: _held(program))


def _held(program: Program) -> dict[tuple[str, str], tuple[str | None, Event | None]]:
    objs = objects(program)
    found: dict[tuple[str, str], tuple[str | None, Event | None]] = {}
    infos = classes(program)
    for info in infos.values():
        init = info.methods.get("__init__")
        if init is None or info.bases or info.is_torch_module or info.is_keras_model or info.is_lightning or info.is_hf_trainer:
            continue
        if any(f"local:{info.name}" in other.bases for other in infos.values()):
            continue
        if _switches_modes(info.node):
            continue
        for stmt in init.body:
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
                continue
            target = stmt.targets[0]
            if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
                continue
            built = objs.construction(stmt.value)
            if built.kind != "model" or built.mode != "train" or not _kept_inside(program, info.node, target):
                continue
            origin = _held_origin(program, info, target)
            if origin is not None:
                found[(info.name, target.attr)] = ("train", origin)
    return found


def _switches_modes(node: ast.AST) -> bool:
    return any(
        isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in ("eval", "train", "apply")
        for sub in ast.walk(node)
    )


def _kept_inside(program: Program, cls: ast.ClassDef, target: ast.Attribute) -> bool:
    """Every mention of ``.<attr>`` in the file is in the class, on ``self``, and either the
    one assignment, a call of it, or an attribute of it (``self.model.parameters()``)."""
    inside = {id(n) for n in ast.walk(cls)}
    for node in program.nodes_of(ast.Attribute):
        if node.attr != target.attr:
            continue
        if id(node) not in inside or not (isinstance(node.value, ast.Name) and node.value.id == "self"):
            return False
        if node is target:
            continue
        parent = program.parent(node)
        if isinstance(parent, ast.Call) and parent.func is node:
            continue
        if isinstance(parent, ast.Attribute) and parent.value is node:
            continue
        return False
    return True


def _held_origin(program: Program, info: ClassInfo, target: ast.Attribute) -> Event | None:
    """The ``load_state_dict`` on the model in one of the class's methods, else its assignment."""
    methods = {id(m) for m in info.methods.values()}
    assign: Event | None = None
    for root in roots(program):
        if id(root.node) not in methods:
            continue
        for event in root.events:
            if event.kind == Kind.LOAD and event.subject == f"self.{target.attr}":
                return event
            if event.kind == Kind.ASSIGN and event.node is target:
                assign = event
    return assign


def _changes_modes(loop: Event) -> bool:
    """Whether anything in the loop can change a model's mode (else one pass is enough)."""
    cached = loop.info.get("_changes_modes")
    if cached is None:
        cached = any(e.kind in _STATE_KINDS or (e.kind == Kind.ASSIGN and e.info.get("value") is not None) for e in loop.walk())
        loop.info["_changes_modes"] = cached
    return cached


def _callback_roots(program: Program) -> list[Root]:
    """Roots that some framework may call (see ``Root.callback``)."""
    return [root for root in roots(program) if root.callback]


def _switched(root: Root, objs) -> set[str]:  # type: ignore[no-untyped-def]
    return {objs.canonical(e.subject) or e.subject for e in root.events if e.kind in (Kind.EVAL, Kind.TRAIN) and e.subject}


def _switches_and_trains(loop: Event) -> bool:
    kinds = {e.kind for e in loop.walk()}
    return Kind.EVAL in kinds and Kind.BACKWARD in kinds


@dataclass(eq=False)
class EvalPass:
    kind: str
    root: Root
    event: Event
    model_calls: list[Event] = field(default_factory=list)
    loops: list[Event] = field(default_factory=list)


def evaluation_passes(program: Program) -> list[EvalPass]:
    return program.memo(evaluation_passes, lambda: _passes(program) if may_evaluate(program) else [])


def may_evaluate(program: Program) -> bool:
    """Whether ``evaluation_passes`` can find a pass, read without building events or objects.

    Every kind of pass starts at something the file spells and holds a model call: a loop
    over an evaluation set, a function named like an evaluation or a no_grad context that
    may call a model (``may_call_model``), a ``load_state_dict`` call, or a call of another
    module's function whose summary replays such a pass (nnlint.analysis.summaries). Most
    files of a model library have none: their ``validate_*`` methods check a configuration and
    their no_grad methods initialise weights. Their event trees and objects cost several
    times their parse.
    """

    def scan() -> bool:
        loops: list[ast.For | ast.AsyncFor] = [*program.nodes_of(ast.For), *program.nodes_of(ast.AsyncFor)]
        if any(_eval_like(loop.iter) and may_call_model(program, loop) for loop in loops):
            return True
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [*program.nodes_of(ast.FunctionDef), *program.nodes_of(ast.AsyncFunctionDef)]
        for function in functions:
            anchored = _EVAL_FUNCTION.match(function.name) or any(no_grad_context(program, d) is not None for d in function.decorator_list)
            if anchored and may_call_model(program, function):
                return True
        blocks: list[ast.With | ast.AsyncWith] = [*program.nodes_of(ast.With), *program.nodes_of(ast.AsyncWith)]
        for block in blocks:
            if any(no_grad_context(program, item.context_expr) is not None for item in block.items) and may_call_model(program, block):
                return True
        for call in program.nodes_of(ast.Call):
            if isinstance(call.func, ast.Attribute) and call.func.attr == "load_state_dict":
                return True
            if program.call_name(call) in SET_GRAD_ENABLED:  # also ``from torch import set_grad_enabled as ...``
                return True
        return _replays_evaluation(program)

    return program.memo(may_evaluate, scan)


def may_call_model(program: Program, region: ast.AST) -> bool:
    """Whether a call under ``region`` may become a model call when the events are built
    (nnlint.analysis.events ``_Builder.call``), read from the calls' spellings: ``.forward``
    and ``.generate``, a call of a function of the file that may itself call one (the
    builder inlines it), of another module's function with a summary, or of a spelling that
    may name a model (``_may_name_model``). Calls of library functions, builtins and
    methods of values the file never assigns (``emb.cos()``) call no model."""
    return _may_call_model(program, region, set())


def _may_call_model(program: Program, region: ast.AST, seen: set[int]) -> bool:
    from nnlint.analysis.summaries import may_summarise

    known: dict[int, bool] = program.memo(_may_call_model, dict)
    if known.get(id(region)):
        return True
    functions = _functions_by_name(program)
    for call in program.walk(region):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        name = last_name(func)
        if isinstance(func, ast.Attribute) and name in ("forward", "generate"):
            break
        names = [name]
        if name == "step":  # ``opt.step(closure)``: the builder inlines the closure there
            closure = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "closure"), None)
            names.append(last_name(closure))
        callees = [f for n in names for f in functions.get(n or "", ()) if id(f) not in seen]
        seen.update(id(f) for f in callees)
        if any(_may_call_model(program, callee, seen) for callee in callees):
            break
        qual = program.call_name(call)
        if qual is not None:
            if may_summarise(program, qual):
                break
            continue
        raw = dotted(func)
        if raw is not None and _may_name_model(program, raw, raw.partition(".")[0] in _parameter_names(program)):
            break
    else:
        return False
    known[id(region)] = True  # only a yes is kept: a no found inside a cycle may be partial
    return True


_STRIPPED = tuple(suffix.lstrip(".") for suffix in STRIPPED_SUFFIXES)


def _may_name_model(program: Program, raw: str, head_is_parameter: bool) -> bool:
    """Whether the spelling ``raw`` may name a model of the file once events are built. A
    parameter at its head stands for any spelling of a caller, so only what follows it is
    known; ``.module`` and ``._orig_mod`` are stripped as ``Objects.canonical`` does."""
    spellings, tails = _model_spellings_and_tails(program)
    head, _, rest = raw.partition(".")
    parts = rest.split(".") if rest else []
    while parts and parts[-1] in _STRIPPED:
        parts.pop()
    if not parts:
        return head_is_parameter or head in spellings
    stripped = ".".join(parts)
    return raw in spellings or rest in tails or stripped in tails


def _model_spellings_and_tails(program: Program) -> tuple[frozenset[str], frozenset[str]]:
    def collect() -> tuple[frozenset[str], frozenset[str]]:
        spellings = model_spellings(program)
        tails = {spelling.split(".", cut)[-1] for spelling in spellings for cut in range(1, spelling.count(".") + 1)}
        return spellings, frozenset(tails)

    return program.memo(_model_spellings_and_tails, collect)


def _parameter_names(program: Program) -> frozenset[str]:
    def collect() -> frozenset[str]:
        names: set[str] = set()
        for node in [*program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef), *program.nodes_of(ast.Lambda)]:
            arguments = node.args
            for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg):
                if arg is not None:
                    names.add(arg.arg)
        return frozenset(names)

    return program.memo(_parameter_names, collect)


def _functions_by_name(program: Program) -> dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]:
    def collect() -> dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]:
        found: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef):
            found.setdefault(node.name, []).append(node)
        return found

    return program.memo(_functions_by_name, collect)


def _replays_evaluation(program: Program) -> bool:
    """Whether a call of another module's function may replay a pass into this file: its
    summary loads weights, or holds a no_grad block or a function named like an evaluation
    (its own name included) around a call that may be a model call here."""
    from nnlint.analysis.summaries import summary

    if not calls_summarised(program):
        return False
    for qual in called_qualnames(program):
        found = summary(program, qual)
        if found is None:
            continue
        if _EVAL_FUNCTION.match(found.function.name) and any(_replays_model_call(program, e) for top in found.events for e in top.walk()):
            return True
        for top in found.events:
            for event in top.walk():
                if event.kind == Kind.LOAD:
                    return True
                opens = event.kind == Kind.NO_GRAD or (
                    event.kind == Kind.CALL and not event.info.get("closure") and _EVAL_FUNCTION.match(event.info["function"].name)
                )
                if opens and any(_replays_model_call(program, e) for e in event.walk()):
                    return True
    return False


def _replays_model_call(program: Program, event: Event) -> bool:
    """A replayed model call, or a call of a parameter that may name a model of this file
    once spelled as the caller's argument (``Summary.instantiate``)."""
    if event.kind == Kind.MODEL_CALL:
        return True
    return event.kind == Kind.PARAM_CALL and event.subject is not None and _may_name_model(program, event.subject, True)


def eval_like_iterable(program: Program, loop: Event) -> bool:
    it = loop.info.get("iter")
    return it is not None and _eval_like(it)


def _eval_like(iterable: ast.AST) -> bool:
    """``val_loader``, ``test_set``, ``dataloaders["valid"]``: an evaluation set by its words."""
    words: list[str] = []
    for node in _iter_names(iterable):
        words.extend(w for w in re.split(r"[^A-Za-z0-9]+|_", node) if w)
    return any(_EVAL_WORD.match(w.lower()) for w in words)


def _iter_names(node) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.append(sub.id)
        elif isinstance(sub, ast.Attribute):
            out.append(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.append(sub.value)
    return out


def _holds_backward(event: Event) -> bool:
    return any(e.kind == Kind.BACKWARD or (e.kind == Kind.GRAD_READ and e.info.get("autograd")) for e in event.walk())


def _batch_training_loop(event: Event) -> bool:
    """Whether the innermost loop around ``event`` runs a backward at its own level."""
    loop = event.enclosing(Kind.LOOP)
    if loop is None:
        return False
    for e in loop.walk():
        if e.kind == Kind.BACKWARD and e.enclosing(Kind.LOOP) is loop:
            return True
    return False


def _draws_eval_batch(event: Event) -> bool:
    """A batch drawn from a test or validation loader in the same iteration, before the
    block (``_, (x, y) = next(enumerate(test_loader))`` every few training steps): the block
    scores it, an evaluation even inside the training loop."""
    loop = event.enclosing(Kind.LOOP)
    if loop is None:
        return False
    for e in loop.walk():
        if e.order >= event.order:
            break
        value = e.info.get("value") or e.info.get("tuple_value") if e.kind == Kind.ASSIGN else None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "next" and value.args:
            words = [w for name in _iter_names(value.args[0]) for w in re.split(r"[^A-Za-z0-9]+|_", name) if w]
            if any(_EVAL_WORD.match(w.lower()) for w in words):
                return True
    return False


def _feeds_training(event: Event) -> bool:
    """A no_grad block that a later backward of the same loop iteration follows: data
    collection for training (RL rollouts, teacher outputs, targets), not an evaluation."""
    for loop in event.ancestors():
        if loop.kind == Kind.LOOP and any(e.kind == Kind.BACKWARD and e.order > event.end for e in loop.walk()):
            return True
    return False


def _function_name(event: Event) -> str | None:
    if event.kind == Kind.CALL and not event.info.get("closure"):
        return event.info["function"].name
    if event.kind == Kind.ROOT and event.parent is None:
        name = getattr(event.node, "name", None)
        if name and name.startswith("test_"):
            return None  # pytest tests
        return name
    return None


def _passes(program: Program) -> list[EvalPass]:
    found: list[EvalPass] = []
    for root in roots(program):
        for event in root.events:
            kind = None
            if event.kind == Kind.LOOP and not event.info.get("implicit") and eval_like_iterable(program, event):
                kind = "loop"
            elif (
                event.kind == Kind.NO_GRAD
                and not event.info.get("enable")
                and (not _batch_training_loop(event) or _draws_eval_batch(event))
                and not _feeds_training(event)
            ):
                kind = "no_grad"
            else:
                name = _function_name(event)
                if name and _EVAL_FUNCTION.match(name):
                    kind = "function"
            if kind is None:
                continue
            if _holds_backward(event):
                continue
            calls = [e for e in event.walk() if e.kind == Kind.MODEL_CALL]
            if not calls:
                continue
            loops = [e for e in event.walk() if e.kind == Kind.LOOP and not e.info.get("implicit") and any(c for c in calls if e.contains(c))]
            if kind == "loop":
                loops.insert(0, event)
            found.append(EvalPass(kind, root, event, calls, loops))
        found.extend(_after_load(program, root))
    return found


def _after_load(program: Program, root: Root) -> list[EvalPass]:
    objs = objects(program)
    out = []
    loaded: dict[str, Event] = {}
    for event in root.events:
        if event.kind == Kind.LOAD and event.subject:
            loaded[objs.canonical(event.subject) or event.subject] = event
        elif event.kind == Kind.BACKWARD:
            loaded.clear()
        elif event.kind == Kind.MODEL_CALL and event.subject:
            model = objs.canonical(event.subject) or event.subject
            if model in loaded:
                scope = event.enclosing(Kind.LOOP) or root.tree
                if not _holds_backward(scope):
                    out.append(EvalPass("after_load", root, event, [event], []))
                del loaded[model]
    return out


def loop_iter_spelling(loop: Event) -> str | None:
    it = loop.info.get("iter")
    return dotted(it) if it is not None else None
