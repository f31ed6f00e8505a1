"""NN403: the test split drives a decision during training and is then reported as the score."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from nnlint.analysis.dataflow import (
    CallFact,
    DataFlow,
    EMPTY,
    constant,
    dataflow,
    keyword,
    resolve,
    touches_test,
    training_loop_nodes,
)
from nnlint.analysis.events import Kind, may_hold
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

SELECTING_CALLBACKS = frozenset({"EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau"})
SCALAR_CALLS = frozenset({"len", "int", "float", "range", "round", "min", "max", "abs", "ceil", "floor"})
SAVE_CALLS = frozenset({"save", "save_checkpoint", "save_model", "save_weights", "deepcopy", "state_dict", "save_pretrained"})


class TestUsedForValidation(Rule):
    """
    ## What it does
    Finds the test split used to make a decision during training (early stopping,
    `ModelCheckpoint(save_best_only=True)`, `ReduceLROnPlateau`, a tuner, a best-score
    comparison that keeps a checkpoint, `early_stopping_rounds` with the test set in
    `eval_set`, Hugging Face `load_best_model_at_end` with the test set as `eval_dataset`)
    when the same test split is then used to report the final score.

    ## Why is this bad?
    The epoch, checkpoint or learning-rate schedule was chosen because it scored best on the
    test set, so the reported test score is a maximum over many tries on that set: it is
    optimistic, and the model has no unseen data left to be judged on. Hold out a separate
    validation split for these decisions.

    ## Example
    ```python
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model.fit(
        x_train, y_train, epochs=50,
        validation_data=(x_test, y_test),
        callbacks=[keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)],
    )
    print(model.evaluate(x_test, y_test))
    ```

    Use instead:
    ```python
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model.fit(
        x_train, y_train, epochs=50, validation_split=0.1,
        callbacks=[keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)],
    )
    print(model.evaluate(x_test, y_test))
    ```

    ## Known problems
    `validation_data=(x_test, y_test)` without a callback only prints metrics per epoch and
    is not reported. A test loader evaluated every epoch is reported only when its result
    is compared to keep a checkpoint, stop early or step `ReduceLROnPlateau`.

    ## References
    - [Keras: EarlyStopping](https://keras.io/api/callbacks/early_stopping/)
    - [scikit-learn: Cross-validation, evaluating estimator performance](https://scikit-learn.org/stable/modules/cross_validation.html)
    """

    code = "NN403"
    name = "test-used-for-validation"
    message = "{what} selects on the test data {data}, which also gives the final score: hold out a separate validation split"
    frameworks = frozenset({"keras", "torch", "sklearn", "transformers"})
    needs = ("test",)

    def check(self, program: Program) -> Iterable[Diagnostic]:
        if not (may_hold(program, Kind.BACKWARD) or _fits_or_builds_trainer(program)):
            return  # no training loop and no fit: nothing selects on any data
        flow = dataflow(program)
        for call in flow.calls:
            yield from self._framework_fit(program, flow, call)
        yield from self._loops(program, flow)

    def _framework_fit(self, program: Program, flow: DataFlow, call: CallFact) -> Iterator[Diagnostic]:
        node = call.node
        if call.method in _FRAMEWORK_FITS:
            data = keyword(node, "validation_data")
            if data is not None and flow.value(data).is_test and _reported_later(flow, call):
                if call.method == "search" or _selecting_callbacks(program, flow, call):
                    yield self.report(program, data, what=_what(program, flow, call), data=program.text(data))
                    return
            eval_set = keyword(node, "eval_set")
            if eval_set is not None:
                last = eval_set.elts[-1] if isinstance(eval_set, (ast.List, ast.Tuple)) and eval_set.elts else eval_set
                if flow.value(last).is_test and _early_stopping_rounds(program, flow, call) and _reported_later(flow, call):
                    yield self.report(program, eval_set, what="early stopping on eval_set", data=program.text(last))
            return
        last = (call.qualname or "").rsplit(".", 1)[-1] if call.qualname else (call.method or "")
        if last.endswith("Trainer"):
            data = keyword(node, "eval_dataset")
            args = resolve(flow, call.scope, keyword(node, "args"), call.line)
            if (
                data is not None
                and flow.value(data).is_test
                and isinstance(args, ast.Call)
                and constant(keyword(args, "load_best_model_at_end")) is True
                and _reported_later(flow, call)
            ):
                yield self.report(program, data, what="load_best_model_at_end", data=program.text(data))

    def _loops(self, program: Program, flow: DataFlow) -> Iterator[Diagnostic]:
        loops = training_loop_nodes(program)
        seen: set[int] = set()
        for loop in program.nodes:
            if id(loop) not in loops:
                continue
            for node in ast.walk(loop):
                if id(node) in seen:
                    continue
                if isinstance(node, ast.If) and _compares_test(program, flow, node.test) and _keeps_best(node):
                    seen.add(id(node))
                    yield self.report(program, node.test, what=f"`{program.text(node.test)}`", data=_test_operand(program, flow, node.test))
                elif (
                    isinstance(node, ast.Assign)
                    and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and _compares_test(program, flow, node.value)
                    and _flag_saves(loop, node.targets[0].id)
                ):
                    seen.add(id(node))
                    yield self.report(program, node.value, what=f"`{program.text(node.value)}`", data=_test_operand(program, flow, node.value))
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "step"
                    and node.args
                    and flow.value(node.args[0]).is_test
                    and _is_plateau(program, flow, node)
                ):
                    seen.add(id(node))
                    yield self.report(program, node, what=program.text(node), data=program.text(node.args[0]))


def _what(program: Program, flow: DataFlow, call: CallFact) -> str:
    if call.method == "search":
        return f"{program.text(call.node.func)}"
    return f"{program.text(call.node.func)} with early stopping, best-checkpoint or plateau callbacks"


def _reported_later(flow: DataFlow, call: CallFact) -> bool:
    return any(c.line > call.node.end_lineno and touches_test(c) and c.method not in ("fit", "search") for c in flow.calls)  # type: ignore[operator]


def _callback_calls(program: Program, flow: DataFlow, call: CallFact, node: ast.AST | None, depth: int = 0) -> Iterator[ast.Call]:
    node = resolve(flow, call.scope, node, call.line)
    if node is None or depth > 3:
        return
    if isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            yield from _callback_calls(program, flow, call, element, depth + 1)
    elif isinstance(node, ast.BinOp):
        yield from _callback_calls(program, flow, call, node.left, depth + 1)
        yield from _callback_calls(program, flow, call, node.right, depth + 1)
    elif isinstance(node, ast.Call):
        yield node


def _selecting_callbacks(program: Program, flow: DataFlow, call: CallFact) -> bool:
    for callback in _callback_calls(program, flow, call, keyword(call.node, "callbacks")):
        name = program.call_name(callback) or ""
        last = name.rsplit(".", 1)[-1]
        if not name.startswith("keras.") or last not in SELECTING_CALLBACKS:
            continue
        monitor = keyword(callback, "monitor")
        if monitor is not None and not (isinstance(constant(monitor), str) and str(constant(monitor)).startswith("val")):
            continue
        if last == "ModelCheckpoint" and constant(keyword(callback, "save_best_only")) is not True:
            continue
        return True
    return False


def _early_stopping_rounds(program: Program, flow: DataFlow, call: CallFact) -> bool:
    if keyword(call.node, "early_stopping_rounds") is not None:
        return True
    constructor = call.receiver_value.constructor
    if constructor is not None and keyword(constructor, "early_stopping_rounds") is not None:
        return True
    for callback in _callback_calls(program, flow, call, keyword(call.node, "callbacks")):
        if "early_stopping" in (program.call_name(callback) or "").lower():
            return True
    return False


def _compares_test(program: Program, flow: DataFlow, test: ast.AST) -> bool:
    """``acc > best`` where ``acc`` was computed by a call that read the test data."""
    if not isinstance(test, ast.Compare) or not all(isinstance(op, (ast.Gt, ast.Lt, ast.GtE, ast.LtE)) for op in test.ops):
        return False
    return any(_test_metric(program, flow, operand) for operand in [test.left, *test.comparators])


def _test_metric(program: Program, flow: DataFlow, operand: ast.AST) -> bool:
    if not flow.values.get(id(operand), EMPTY).is_test:
        return False
    source = operand
    if isinstance(operand, ast.Name):
        scope = program.tree
        for outer in program.ancestors(operand):
            if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
                scope = outer
                break
        source = flow.definition(scope, operand.id, operand.lineno)
    while isinstance(source, ast.Subscript):
        source = source.value
    if not isinstance(source, ast.Call):
        return False
    func = source.func
    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if last in SCALAR_CALLS:
        return False
    return any(flow.value(arg).is_test for arg in [*source.args, *(k.value for k in source.keywords)])


def _test_operand(program: Program, flow: DataFlow, test: ast.Compare) -> str:
    for operand in [test.left, *test.comparators]:
        if _test_metric(program, flow, operand):
            return program.text(operand)
    return program.text(test)


def _keeps_best(node: ast.If) -> bool:
    for stmt in node.body:
        for inner in ast.walk(stmt):
            if isinstance(inner, ast.Break):
                return True
            if isinstance(inner, ast.Call):
                func = inner.func
                last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if last in SAVE_CALLS:
                    return True
    return False


def _flag_saves(loop: ast.AST, flag: str) -> bool:
    """``save_checkpoint(state, is_best)``: the comparison's result picks the checkpoint."""
    for node in ast.walk(loop):
        if isinstance(node, ast.Call):
            func = node.func
            last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if "save" in last.lower() and any(isinstance(a, ast.Name) and a.id == flag for a in [*node.args, *(k.value for k in node.keywords)]):
                return True
    return False


def _is_plateau(program: Program, flow: DataFlow, node: ast.Call) -> bool:
    receiver = node.func.value  # type: ignore[attr-defined]
    scope = program.tree
    for outer in program.ancestors(node):
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope = outer
            break
    found = resolve(flow, scope, receiver, node.lineno)
    return isinstance(found, ast.Call) and (program.call_name(found) or "").endswith("ReduceLROnPlateau")


_FRAMEWORK_FITS = ("fit", "fit_generator", "search")


def _fits_or_builds_trainer(program: Program) -> bool:
    """Whether the file has a call ``_framework_fit`` reads: a fit or search method, or a
    Hugging Face ``...Trainer`` (by the text, however it is spelled)."""
    if "Trainer" in program.source:
        return True
    return any(
        isinstance(call.func, ast.Attribute) and call.func.attr in _FRAMEWORK_FITS
        for call in program.nodes_of(ast.Call)
    )
