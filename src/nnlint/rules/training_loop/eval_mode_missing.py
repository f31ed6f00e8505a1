"""NN110: an evaluation pass runs while the model is still in training mode."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.events import Event, Kind, parameter_names
from nnlint.analysis.modes import EvalPass, evaluation_passes, model_modes
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic, Fix
from nnlint.rule import Rule


class EvalModeMissing(Rule):
    """
    ## What it does
    Finds an evaluation pass (a loop over a validation or test set, an `evaluate` /
    `validate` / `test` / `predict` function, a `torch.no_grad()` block that computes
    outputs, including one inside the training loop that scores a batch drawn with
    `next(...)` from a test or validation loader, or predictions right after
    `load_state_dict`) that calls a model which is
    certainly still in training mode and has dropout or batch-norm layers (or layers
    nnlint cannot see).

    ## Why is this bad?
    In training mode dropout keeps dropping units and batch-norm normalises with the
    statistics of the evaluation batch and updates its running averages with test data.
    Metrics are noisy and too low, predictions change from run to run, and the running
    statistics drift toward the evaluation data.

    ## Example
    ```python
    import torch
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))
    model.load_state_dict(torch.load("model.pt", weights_only=True))
    with torch.no_grad():
        predictions = model(inputs).argmax(dim=1)
    ```

    Use instead:
    ```python
    import torch
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 2))
    model.load_state_dict(torch.load("model.pt", weights_only=True))
    model.eval()
    with torch.no_grad():
        predictions = model(inputs).argmax(dim=1)
    ```

    ## Known problems
    The mode is only reported when it is certain: after a model is passed to code nnlint
    cannot read, or switched with `model.train(flag)`, it is unknown and the rule is
    silent. A deliberate `model.train()` right before predicting (Monte Carlo dropout) is
    not reported. A model that a plain class builds in `__init__` counts as in training mode
    in the class's methods only when the class keeps it to itself (never returns or passes
    it on) and nothing in the file switches modes inside the class or names the attribute
    outside it; code in other modules that reaches into the object is not seen. A freshly
    built model that was never trained or loaded is not reported (a shape check), unless it
    is handed to an evaluation function (`evaluate(model, data)`) as an argument.

    ## Fix safety
    The fix inserts `model.eval()` before the evaluation pass (the outermost loop or `with`
    block around the call that neither trains nor switches modes). It is unsafe: code that
    trains after the pass must switch back with `model.train()` (NN111 reports when it does
    not), and a pass that meant to keep dropout on (MC dropout) changes meaning.

    ## References
    - https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval
    """

    code = "NN110"
    name = "eval-mode-missing"
    message = "{call} runs in an evaluation pass while {model} is still in training mode"
    needs = ("eval", "test", "predict", "no_grad", "inference_mode", "load_state_dict", "valid", "infer")
    fix_availability = "sometimes"

    def check(self, program: Program) -> Iterable[Diagnostic]:
        passes = evaluation_passes(program)
        if not passes:
            return  # no mode tracking needed (a file of layers: most files of a model library)
        objs = objects(program)
        modes = model_modes(program)
        reported: set[int] = set()
        for eval_pass in passes:
            seen: set[str] = set()
            for call in eval_pass.model_calls:
                model = objs.canonical(call.subject) or call.subject or ""
                if model in seen:
                    continue
                seen.add(model)
                mode, origin = modes.mode_at(call)
                if mode != "train" or id(call.node) in reported:
                    continue
                if not objs.may_have_dropout_or_batchnorm(model):
                    continue
                if origin is not None and origin.kind == Kind.TRAIN and not any(
                    e.kind == Kind.BACKWARD and origin.order < e.order < call.order for e in eval_pass.root.events
                ):
                    continue  # model.train() on purpose right before predicting (MC dropout)
                if origin is not None and origin.kind == Kind.ASSIGN and not objs.built_with_weights(model) and not _handed_to_evaluation(eval_pass, call) and not any(
                    origin.order < e.order < call.order
                    and (e.kind == Kind.BACKWARD or (e.kind == Kind.LOAD and objs.canonical(e.subject) == model))
                    for e in eval_pass.root.events
                ):
                    continue  # a freshly built, untrained model: a shape check, not an evaluation (unless handed to ``evaluate(model, ...)``)
                reported.add(id(call.node))
                func = call.node.func
                if isinstance(func, ast.Attribute) and func.attr in ("forward", "generate"):
                    func = func.value
                name = call.subject if call.info.get("external") else program.text(func)
                yield self.report(program, call.node, call=program.text(call.node), model=name)

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.diagnostic import Applicability, Fix
        from nnlint.fix import edit_insert, line_indent, node_at

        call = node_at(program, diagnostic, ast.Call)
        if call is None:
            return None
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("forward", "generate"):
            func = func.value
        if not isinstance(func, (ast.Name, ast.Attribute)) or program.qualname(func) is not None:
            return None  # ``evaluate(model, loader)`` imported from another module: no model to switch here
        target: ast.AST | None = None
        for ancestor in program.ancestors(call):
            if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                break
            if isinstance(ancestor, ast.stmt) and target is None:
                target = ancestor  # the call's own statement
            if isinstance(ancestor, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)):
                if any(
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("backward", "train", "step")
                    for n in ast.walk(ancestor)
                ):
                    break
                target = ancestor
        if target is None or program.lines[target.lineno - 1][: target.col_offset].strip():
            return None
        text = f"{line_indent(program, target.lineno)}{program.text(func)}.eval()\n"
        return Fix("Switch the model to eval mode before the evaluation pass", (edit_insert(target.lineno, 1, text),), Applicability.UNSAFE)


def _handed_to_evaluation(eval_pass: EvalPass, call: Event) -> bool:
    """The model is a parameter of the evaluation function the pass is (``def evaluate(self,
    model, data)`` called with it): evaluating it is that function's job, fresh or not."""
    if eval_pass.kind != "function" or eval_pass.event.kind != Kind.CALL:
        return False
    function = eval_pass.event.info.get("function")
    func = call.node.func
    if isinstance(func, ast.Attribute) and func.attr in ("forward", "generate"):
        func = func.value
    if function is None or not isinstance(func, ast.Name):
        return False
    return func.id in parameter_names(function)
