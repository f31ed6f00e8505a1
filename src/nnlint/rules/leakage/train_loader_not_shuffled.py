"""NN405: a DataLoader that feeds a training loop without shuffling."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from nnlint.analysis.classes import classes
from nnlint.analysis.dataflow import constant, dataflow, keyword, resolve, scope_of, training_loop_nodes
from nnlint.analysis.names import dotted, last_name
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

LOADER = "torch.utils.data.DataLoader"
ITER_WRAPPERS = frozenset({"enumerate", "tqdm", "iter", "zip", "trange"})
RANDOM_DATA = ("Random", "Fake", "Dummy", "Boring")  # order of random samples does not matter
SELF_SHUFFLING = ("webdataset", "torchdata", "ffcv", "streaming")


class TrainLoaderNotShuffled(Rule):
    """
    ## What it does
    Finds a PyTorch `DataLoader` that feeds a training loop (or a Lightning
    `train_dataloader`, or `trainer.fit`) without `shuffle=True`, a `sampler` or a
    `batch_sampler`; and Keras `fit(x, y, shuffle=False)` on arrays. When `train_dataloader`
    returns `self._make_loader(...)`, the helper's `DataLoader` is read with the call's
    arguments bound (a `shuffle` parameter takes the caller's value or its default).

    ## Why is this bad?
    Without shuffling every epoch sees the batches in the same order, often sorted by class
    or by time as the files were read. Batches are not representative, the gradient is biased
    towards the last classes seen, and the loss oscillates or plateaus.

    ## Example
    ```python
    from torch.utils.data import DataLoader

    train_loader = DataLoader(train_set, batch_size=64)
    for epoch in range(10):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
    ```

    Use instead:
    ```python
    from torch.utils.data import DataLoader

    train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
    for epoch in range(10):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
    ```

    ## Known problems
    Validation and test loaders, `shuffle=is_train`, an `IterableDataset` (which cannot be
    shuffled by the loader), datasets that shuffle themselves (webdataset, Hugging Face
    streaming) and Keras models with `stateful=True` layers are not findings.

    ## References
    - [PyTorch: DataLoader](https://pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader)
    - [Keras: Model.fit](https://keras.io/api/models/model_training_apis/#fit-method)
    """

    code = "NN405"
    name = "train-loader-not-shuffled"
    message = "{loader} feeds the training loop without shuffle=True, a sampler or a batch_sampler"
    frameworks = frozenset({"torch", "keras", "lightning"})
    needs = ("DataLoader", "shuffle")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        flow = dataflow(program)
        fed = _training_iterables(program)
        stateful = "stateful" in program.source
        for call in flow.calls:
            node = call.node
            if call.qualname == LOADER:
                if _unshuffled(program, flow, node, call.scope) and _feeds_training(program, node, fed):
                    yield self.report(program, node, loader=_loader_text(program, node))
                    continue
                helper = _helper_for_train_dataloader(program, flow, node)
                if helper is not None:
                    loader = f"the {program.text(node.func)}(...) that train_dataloader() gets from {program.text(helper.func)}(...)"
                    yield self.report(program, node, loader=loader)
            elif call.method == "fit" and not stateful and constant(keyword(node, "shuffle")) is False:
                if len(node.args) >= 2 or keyword(node, "y") is not None:
                    yield self.report(
                        program, node, message="{fit} trains on arrays with shuffle=False", fit=program.text(node.func) + "(...)"
                    )


class _Unknown(Exception):
    """A helper's parameter the caller leaves to no visible value."""


def _unshuffled(  # type: ignore[no-untyped-def]
    program: Program, flow, node: ast.Call, scope: ast.AST, bound: dict[str, ast.AST | None] | None = None, line: int | None = None
) -> bool:
    """``bound``: the helper's parameters as one caller passes them (``scope`` and ``line``
    are then the caller's), so ``shuffle=shuffle`` reads the caller's argument."""

    def value(expr: ast.AST | None) -> ast.AST | None:
        if bound is not None and isinstance(expr, ast.Name) and expr.id in bound:
            found = bound[expr.id]
            if found is None:
                raise _Unknown
            return None if isinstance(found, ast.Constant) and found.value is None else found
        return expr

    if any(kw.arg is None for kw in node.keywords):
        return False
    try:
        if value(keyword(node, "sampler")) is not None or value(keyword(node, "batch_sampler")) is not None:
            return False
        shuffle = value(keyword(node, "shuffle"))
        if shuffle is None and len(node.args) >= 3:
            shuffle = value(node.args[2])
        if len(node.args) >= 4:
            return False
        if shuffle is not None and constant(shuffle) is not False:
            return False
        given = node.args[0] if node.args else keyword(node, "dataset")
        dataset = value(given)
    except _Unknown:
        return False
    if dataset is given:  # the helper's own name: read it where the DataLoader is built
        return not _self_shuffling(program, flow, dataset, scope_of(program, node), node.lineno)
    return not _self_shuffling(program, flow, dataset, scope, line if line is not None else node.lineno)


def _helper_for_train_dataloader(program: Program, flow, node: ast.Call) -> ast.Call | None:  # type: ignore[no-untyped-def]
    """``return self._make_loader(...)`` in ``train_dataloader()`` when the helper method of
    the same class returns this DataLoader, and with that call's arguments bound the loader
    does not shuffle: the call in ``train_dataloader()``."""
    helper = scope_of(program, node)
    if not isinstance(program.parent(node), ast.Return) or not isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    owner = program.parent(helper)
    if helper.name == "train_dataloader" or not isinstance(owner, ast.ClassDef):
        return None
    for train in owner.body:
        if not isinstance(train, (ast.FunctionDef, ast.AsyncFunctionDef)) or train.name != "train_dataloader":
            continue
        for ret in ast.walk(train):
            call = ret.value if isinstance(ret, ast.Return) else None
            if not isinstance(call, ast.Call) or dotted(call.func) != f"self.{helper.name}":
                continue
            bound = _bind(helper, call)
            if bound is not None and _unshuffled(program, flow, node, train, bound, call.lineno):
                return call
    return None


def _bind(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> dict[str, ast.AST | None] | None:
    """Each parameter of a method called as ``self.m(...)``: the caller's argument, else the
    default, else None (unknown); None for ``*args`` / ``**kwargs`` at the call."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    args = function.args
    positional = [*args.posonlyargs, *args.args][1:]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    bound: dict[str, ast.AST | None] = {a.arg: d for a, d in zip(positional, defaults)}
    bound.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults)})
    if len(call.args) > len(positional):
        return None
    for param, arg in zip(positional, call.args):
        bound[param.arg] = arg
    for kw in call.keywords:
        if kw.arg not in bound:
            return None
        bound[kw.arg] = kw.value
    return bound


def _self_shuffling(program: Program, flow, dataset: ast.AST | None, scope: ast.AST, line: int) -> bool:  # type: ignore[no-untyped-def]
    if dataset is None:
        return True
    spelled = (dotted(dataset) or "").lower()
    if any(word.lower() in spelled for word in RANDOM_DATA):
        return True
    candidates = [resolve(flow, scope, dataset, line)]
    if spelled.startswith("self."):
        candidates += _self_assignments(program, scope, dotted(dataset))  # type: ignore[arg-type]
    return any(_builds_self_shuffling(program, found) for found in candidates if found is not None)


def _self_assignments(program: Program, scope: ast.AST, spelled: str) -> list[ast.AST]:
    """Values assigned to ``self.x`` anywhere in the class around ``scope``."""
    for outer in program.ancestors(scope):
        if isinstance(outer, ast.ClassDef):
            return [
                node.value
                for node in ast.walk(outer)
                if isinstance(node, ast.Assign) and any(dotted(t) == spelled for t in node.targets)
            ]
    return []


def _builds_self_shuffling(program: Program, found: ast.AST) -> bool:
    for node in ast.walk(found):
        if isinstance(node, ast.Call):
            name = program.call_name(node) or ""
            if (dotted(node.func) or "").rsplit(".", 1)[-1].startswith(RANDOM_DATA):
                return True
            if name.startswith(SELF_SHUFFLING) or "Iterable" in name or constant(keyword(node, "streaming")) is True:
                return True
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("shuffle", "to_iterable_dataset"):
                return True
            local = classes(program).get(dotted(node.func) or "")
            if local is not None and any(b and "Iterable" in b for b in local.bases):
                return True
    return False


def _training_iterables(program: Program) -> set[str]:
    """Spellings iterated by training loops, mapped through the parameters of their function."""
    loops = training_loop_nodes(program)
    names: set[str] = set()
    for node in program.nodes_of(ast.For, ast.AsyncFor):
        if id(node) in loops:
            for spelled in _iterated(node.iter):
                names.add(spelled)
                names.update(_arguments_for(program, node, spelled))
    for node in program.nodes_of(ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "fit":
            if (program.qualname(node.func.value) or "").startswith("lightning") or "trainer" in (dotted(node.func.value) or "").lower():
                for arg in node.args[1:2] + [k.value for k in node.keywords if k.arg in ("train_dataloaders", "train_dataloader")]:
                    if dotted(arg):
                        names.add(dotted(arg))  # type: ignore[arg-type]
    return names


def _iterated(node: ast.AST) -> Iterator[str]:
    spelled = dotted(node)
    if spelled:
        yield spelled
    elif isinstance(node, ast.Call) and (dotted(node.func) or "").rsplit(".", 1)[-1] in ITER_WRAPPERS:
        for arg in node.args[:1]:
            yield from _iterated(arg)


def _arguments_for(program: Program, loop: ast.AST, spelled: str, depth: int = 0) -> set[str]:
    """The caller's spellings bound to a parameter ``spelled`` of the loop's function."""
    function = scope_of(program, loop)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or depth > 2:
        return set()
    params = [a.arg for a in function.args.posonlyargs + function.args.args]
    if spelled not in params and spelled not in [a.arg for a in function.args.kwonlyargs]:
        return set()
    index = params.index(spelled) if spelled in params else None
    if params and params[0] in ("self", "cls") and index is not None:
        index -= 1
    found: set[str] = set()
    for node in _calls_by_callee(program).get(function.name, ()):
        bound = [k.value for k in node.keywords if k.arg == spelled]
        if index is not None and 0 <= index < len(node.args):
            bound.append(node.args[index])
        for value in bound:
            if dotted(value):
                found.add(dotted(value))  # type: ignore[arg-type]
                found.update(_arguments_for(program, node, dotted(value), depth + 1))  # type: ignore[arg-type]
    return found


def _calls_by_callee(program: Program) -> dict[str, list[ast.Call]]:
    """Calls by the last name of their callee (``f(...)``, ``x.f(...)``), in ``ast.walk`` order.

    Asked once per training loop and per parameter followed: a look-up, not a scan of the file.
    """

    def collect() -> dict[str, list[ast.Call]]:
        found: dict[str, list[ast.Call]] = {}
        for node in program.nodes_of(ast.Call):
            func = node.func
            callee = last_name(func)
            if callee is not None:
                found.setdefault(callee, []).append(node)
        return found

    return program.memo(_calls_by_callee, collect)


def _dead(program: Program, node: ast.AST) -> bool:
    """Inside the branch of ``if 1:`` / ``if 0:`` that never runs."""
    child = node
    for outer in program.ancestors(node):
        if isinstance(outer, ast.If) and isinstance(outer.test, ast.Constant):
            runs = outer.body if outer.test.value else outer.orelse
            if child not in runs:
                return True
        child = outer
    return False


def _feeds_training(program: Program, node: ast.Call, fed: set[str]) -> bool:
    if _dead(program, node):
        return False
    parent = program.parent(node)
    for outer in program.ancestors(node):
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if outer.name == "train_dataloader" and isinstance(parent, ast.Return):
                return True
            break
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        names = [dotted(t) for t in targets]
        return any(n in fed for n in names) or any(n in fed for n in _returned_as(program, node, names))
    if isinstance(parent, ast.For) and parent.iter is node:
        return id(parent) in training_loop_nodes(program)
    return False


def _returned_as(program: Program, node: ast.AST, names: list[str | None]) -> set[str]:
    """``return train_dl, val_dl`` from a helper -> the caller's names at the same positions."""
    function = scope_of(program, node)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    positions: set[int | None] = set()
    for inner in program.walk(function):
        if isinstance(inner, ast.Return) and inner.value is not None:
            if dotted(inner.value) in names:
                positions.add(None)
            elif isinstance(inner.value, ast.Tuple):
                positions.update(i for i, e in enumerate(inner.value.elts) if dotted(e) and dotted(e) in names)
    found: set[str] = set()
    for assign in program.nodes_of(ast.Assign):
        if not (isinstance(assign.value, ast.Call) and len(assign.targets) == 1):
            continue
        func = assign.value.func
        callee = last_name(func)
        if callee != function.name:
            continue
        target = assign.targets[0]
        for position in positions:
            if position is None and dotted(target):
                found.add(dotted(target))  # type: ignore[arg-type]
            elif position is not None and isinstance(target, ast.Tuple) and position < len(target.elts):
                spelled = dotted(target.elts[position])
                if spelled:
                    found.add(spelled)
    return found


def _loader_text(program: Program, node: ast.Call) -> str:
    """``train_loader = DataLoader(...)`` -> "train_loader (DataLoader(...))"."""
    call = program.text(node.func) + "(...)"
    parent = program.parent(node)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
        return f"{program.text(parent.targets[0])} = {call}"
    if isinstance(parent, ast.Return):
        return f"the {call} returned by train_dataloader()" if _in_function(program, node, "train_dataloader") else call
    return call


def _in_function(program: Program, node: ast.AST, name: str) -> bool:
    for outer in program.ancestors(node):
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return outer.name == name
    return False
