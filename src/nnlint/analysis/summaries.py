"""Function summaries: what a function of another module does to the objects it is given.

``train_one_epoch(model, loader, optimizer)`` in engine.py and ``evaluate(model, loader)``
in utils.py are called from train.py. Within one module the callee is inlined
(nnlint.analysis.events); across modules its events are computed once, in its own module
(with that module's helpers inlined and its own imports summarised in turn, so the facts
travel through several levels of calls), and replayed at each call site with the callee's
parameters spelled as the caller's arguments.

What is replayed:
- Every event on a parameter, in order, with the structure that decides its meaning:
  ``no_grad`` blocks, branches (``if``/``else`` arms), closures. Loops are flattened: a
  loop inside the callee is one pass in the caller's order.
- Events on objects the callee makes itself (its own optimizer, a local model) are dropped:
  they are invisible to the caller and judged in the callee's own file.
- A callee that runs a whole training step itself (a backward and an optimizer step) is
  judged in its own file. The caller sees only its mode switches (``model.train()``), that
  it trains (its backward), and an opaque use of the objects it is given (it may clear,
  step and switch them), so the same bug is never reported twice, once in each file.

Placement: every replayed event's node is the call site, so a finding that needs the
callee's behaviour is reported on the caller's line that calls it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from nnlint.analysis.events import Event, Kind, function_root, parameter_names
from nnlint.analysis.imports import Symbol, project_symbol, trains_or_evaluates
from nnlint.analysis.program import Program

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef

_ON_SUBJECT = frozenset(
    {Kind.STEP, Kind.ZERO_GRAD, Kind.SCHED_STEP, Kind.EVAL, Kind.TRAIN, Kind.MODEL_CALL, Kind.LOAD, Kind.UNSCALE}
)
_FREE = frozenset({Kind.BACKWARD, Kind.CLIP, Kind.GRAD_READ, Kind.GRAD_WRITE})  # kept, subject or not
_STRUCTURE = frozenset({Kind.BRANCH, Kind.ARM, Kind.NO_GRAD, Kind.CALL})
_SHOWN_BY_TRAINER = frozenset({Kind.EVAL, Kind.TRAIN, Kind.BACKWARD})  # all a callee that trains shows
# ast-valued details that point into the callee's file: never carried to the caller.
_LOCAL_INFO = frozenset({"value", "iter", "target", "subst", "tuple_value"})


@dataclass(frozen=True)
class Summary:
    """The replayable events of one function, in the callee's spellings."""

    function: FuncNode
    params: tuple[str, ...]
    events: tuple[Event, ...]
    trains: bool  # runs backward and an optimizer step itself

    def instantiate(
        self, call: ast.Call, subst: dict[str, str], sites: tuple[ast.AST, ...], is_model: Callable[[str], bool]
    ) -> list[Event]:
        """Fresh events for one call site; ``subst`` maps parameters to the caller's spellings,
        ``is_model`` says which of the caller's spellings are models."""
        out: list[Event] = []
        if self.trains:  # first, so that the mode switches replayed after it decide the modes
            passed = tuple(dict.fromkeys(subst[p] for p in self.params if p in subst))
            if passed:
                out.append(Event(Kind.OPAQUE, call, None, {"subjects": passed, "external": True}, stack=sites))
        for event in self.events:
            out.extend(self._copy(event, call, subst, sites, is_model))
        return out

    def _copy(
        self, event: Event, call: ast.Call, subst: dict[str, str], sites: tuple[ast.AST, ...], is_model: Callable[[str], bool]
    ) -> list[Event]:
        kind = event.kind
        if kind == Kind.PARAM_CALL:
            spelling = _rename(event.subject, subst, self.params)
            if spelling is None or not is_model(spelling):
                return []
            kind = Kind.MODEL_CALL
        if kind == Kind.LOOP:
            return [copy for child in event.children for copy in self._copy(child, call, subst, sites, is_model)]
        if self.trains and kind not in _SHOWN_BY_TRAINER and kind not in _STRUCTURE:
            return []
        subject = _rename(event.subject, subst, self.params)
        if kind in _ON_SUBJECT and subject is None and not (kind == Kind.ZERO_GRAD and event.subject is None):
            return []  # an object of the callee's own (a ``p.grad = None`` clear has no subject)
        info = {k: v for k, v in event.info.items() if k not in _LOCAL_INFO}
        info["external"] = True
        if kind == Kind.OPAQUE:
            subjects = tuple(s for s in (_rename(x, subst, self.params) for x in info.get("subjects", ())) if s)
            if not subjects:
                return []
            info["subjects"] = subjects
        if "scaler" in info:
            info["scaler"] = _rename(info["scaler"], subst, self.params)
        children = [copy for child in event.children for copy in self._copy(child, call, subst, sites, is_model)]
        if kind in _STRUCTURE and not children and kind != Kind.ARM:
            return []
        if kind not in _STRUCTURE | _ON_SUBJECT | _FREE | {Kind.OPAQUE}:
            return children
        return [Event(kind, call, subject, info, children=children, stack=sites)]


def _rename(spelling: str | None, subst: dict[str, str], params: tuple[str, ...]) -> str | None:
    """The caller's spelling of a callee spelling rooted at a parameter, else None."""
    if spelling is None:
        return None
    head, _, rest = spelling.partition(".")
    if head not in params or head not in subst:
        return None
    base = subst[head]
    return f"{base}.{rest}" if rest else base


def summary(program: Program, qualname: str) -> Summary | None:
    """The summary of the project function ``qualname`` names in ``program``, if any."""
    symbol = _summarisable(program, qualname)
    if symbol is None:
        return None
    loader = symbol.loader
    key = ("summary", symbol.path, symbol.name)
    if key in loader.active:
        return None  # recursion between modules: the call stays opaque
    loader.active.add(key)
    try:
        other, function = symbol.program, symbol.node
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None  # edited since the loader remembered it
        found = other.memo(key, lambda: _summarise(other, function))
        other.compact()
        return found
    finally:
        loader.active.discard(key)


def may_summarise(program: Program, qualname: str) -> bool:
    """Whether ``summary`` may find one, without analysing the other module's function (the
    question a file asks before building its events: does any call replay a callee's?)."""
    return _summarisable(program, qualname) is not None


def _summarisable(program: Program, qualname: str) -> Symbol | None:
    if not trains_or_evaluates(program) or program.modules is None:
        return None
    symbol = project_symbol(program, qualname)
    if symbol is None:
        return None
    # Most imported helpers do nothing a rule asks about; remembered, so that their module
    # is not parsed again to find that out.
    if not symbol.loader.fact(("summarised", symbol.path, symbol.name), lambda: _worth_summarising(symbol)):
        return None
    return symbol


def _worth_summarising(symbol: Symbol) -> bool:
    if symbol.is_class:
        return False
    function = symbol.node
    return isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and may_matter(symbol.program, function, 0)


# What makes a callee's events matter to its callers; anything else stays an opaque call.
_TRAINING_WORDS = re.compile(
    r"zero_grad|\.step\(|backward|\.eval\(|\.train\(|no_grad|inference_mode|set_grad_enabled|clip_grad|clip_by|unscale_|\.grad\b|load_state_dict"
)
MAX_LEVELS = 3


def may_matter(program: Program, function: FuncNode, level: int) -> bool:
    """Whether a function does anything a summary replays: training words in its text, a call
    of one of its parameters (``model(x)``), or a call of a project function that does
    (through ``MAX_LEVELS`` modules). Decided from the text and imports alone, so the other
    module is analysed only for the few functions that matter (most imported helpers of a
    large package, such as ``apply_rotary_pos_emb``, do not)."""

    def decide() -> bool:
        text = "\n".join(program.lines[function.lineno - 1 : function.end_lineno or function.lineno])
        if _TRAINING_WORDS.search(text):
            return True
        params = set(parameter_names(function))
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("forward", "generate"):
                func = func.value
            if isinstance(func, ast.Name) and func.id in params:
                return True
            if level < MAX_LEVELS:
                callee = project_symbol(program, program.qualname(node.func))
                if callee is not None:
                    target = callee.node
                    if isinstance(target, (ast.FunctionDef, ast.AsyncFunctionDef)) and may_matter(callee.program, target, level + 1):
                        return True
        return False

    return program.memo(("may_matter", id(function)), decide)


def _summarise(program: Program, function: FuncNode) -> Summary | None:
    root = function_root(program, function)
    if root is None:
        return None
    kinds = {event.kind for event in root.events}
    trains = Kind.BACKWARD in kinds and Kind.STEP in kinds
    return Summary(function, root.params, tuple(root.tree.children), trains)
