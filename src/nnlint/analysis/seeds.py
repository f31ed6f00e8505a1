"""Random seeds: whether a script seeds its generators, and where it starts training.

A seed counts wherever it is in the file: a call whose name mentions a seed
(``torch.manual_seed``, ``np.random.seed``, ``seed_everything``, ``set_seed``, a project's own
``fix_seed``), a seeded generator (``np.random.default_rng(0)``, ``torch.Generator()
.manual_seed(0)``), or a framework that seeds for the user (Hugging Face ``Trainer``,
``LightningCLI``). Precision first: anything that looks like seeding silences NN501.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from nnlint.analysis.dataflow import constant, dataflow, keyword, training_loop_nodes
from nnlint.analysis.imports import project_symbol
from nnlint.analysis.program import Program

SEEDING_FRAMEWORKS = ("transformers.Trainer", "transformers.Seq2SeqTrainer", "trl.", "lightning.LightningCLI", "lightning.cli.LightningCLI")
SEEDED_GENERATORS = frozenset({"numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator", "random.Random"})
# Fitting these prepares data; it does not train a model.
NOT_TRAINING = (
    "sklearn.preprocessing.", "sklearn.feature_extraction.", "sklearn.impute.", "sklearn.compose.",
    "keras.layers.", "sklearn.decomposition.", "sklearn.feature_selection.",
)
# sklearn classes and functions whose result depends on random_state.
RANDOM_SKLEARN = (
    "train_test_split", "KFold", "ShuffleSplit", "RandomForest", "ExtraTrees", "GradientBoosting",
    "HistGradientBoosting", "SGD", "MLP", "KMeans", "Bagging", "AdaBoost", "DecisionTree",
    "RandomizedSearchCV", "Perceptron", "IsolationForest", "TSNE", "RandomTreesEmbedding",
)


@dataclass
class SeedFacts:
    seeded: bool
    first_training: ast.AST | None  # where the entry point first trains, or None


def seed_facts(program: Program) -> SeedFacts:
    return program.memo(seed_facts, lambda: _compute(program))


def _compute(program: Program) -> SeedFacts:
    seeded = False
    sklearn_unseeded = False
    uses_deep = any(
        program.names.imports(root) for root in ("torch", "keras", "tensorflow", "jax", "lightning", "transformers")
    )
    seeded_inside = _seeded_by_wrapper(program)
    seeded_later = False  # ``est.set_params(random_state=...)`` seeds estimators built unseeded
    for node in program.nodes_of(ast.Call):
        name = program.call_name(node) or ""
        func = node.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if "seed" in last.lower() or name.startswith(SEEDING_FRAMEWORKS):
            seeded = True
        elif _seeds_elsewhere(program, name, 0):  # ``setup(args)`` from utils.py seeds inside
            seeded = True
        elif name in SEEDED_GENERATORS and (node.args or node.keywords):
            seeded = True
        elif last == "set_params" and keyword(node, "random_state") is not None:
            seeded_later = True
        elif name.startswith("sklearn.") and any(part in name.rsplit(".", 1)[-1] for part in RANDOM_SKLEARN):
            if _unseeded_sklearn_call(name, node) and id(node) not in seeded_inside:
                sklearn_unseeded = True
    if not uses_deep and (not sklearn_unseeded or seeded_later):
        seeded = True
    return SeedFacts(seeded, None if seeded else _first_training(program))


MAX_LEVELS = 3


def _seeds_elsewhere(program: Program, qualname: str, level: int) -> bool:
    """Whether a function of another project module seeds (directly, or through its own
    module's functions and further project functions, ``MAX_LEVELS`` modules deep)."""
    symbol = project_symbol(program, qualname) if qualname and level < MAX_LEVELS else None
    if symbol is None:
        return False
    other, function = symbol.program, symbol.node
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return other.memo(("seeds", id(function)), lambda: _seeds_in(other, function, level, set()))


def _seeds_in(program: Program, function: ast.FunctionDef | ast.AsyncFunctionDef, level: int, seen: set[int]) -> bool:
    seen.add(id(function))
    local = {f.name: f for f in program.tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        name = program.call_name(node) or ""
        func = node.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if "seed" in last.lower() or (name in SEEDED_GENERATORS and (node.args or node.keywords)):
            return True
        if isinstance(func, ast.Name) and func.id in local and id(local[func.id]) not in seen:
            if _seeds_in(program, local[func.id], level, seen):
                return True
        elif name and _seeds_elsewhere(program, name, level + 1):
            return True
    return False


def _first_training(program: Program) -> ast.AST | None:
    """The first module-level statement (or ``__main__`` call) that trains."""
    functions = {node.name: node for node in program.nodes_of(ast.FunctionDef, ast.AsyncFunctionDef)}
    loops = training_loop_nodes(program)
    flow = dataflow(program)
    receivers = {id(call.node): call.receiver_value for call in flow.calls}

    def trains(node: ast.AST, depth: int) -> ast.AST | None:
        for inner in program.walk(node):
            if id(inner) in loops:
                return inner
            if isinstance(inner, ast.Call):
                func = inner.func
                if isinstance(func, ast.Attribute) and func.attr in ("fit", "fit_generator", "train"):
                    receiver = receivers.get(id(inner))
                    if receiver is not None and receiver.estimator and receiver.estimator.startswith(NOT_TRAINING):
                        continue
                    if func.attr != "train" or (isinstance(func.value, ast.Name) and "trainer" in func.value.id.lower()):
                        return inner
                if isinstance(func, ast.Name) and func.id in functions and depth < 4:
                    if trains(functions[func.id], depth + 1) is not None:
                        return inner
        return None

    for stmt in program.tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            continue
        found = trains(stmt, 0)
        if found is not None:
            return found
    return None


def _unseeded_sklearn_call(name: str, node: ast.Call) -> bool:
    """A random sklearn call without random_state (``**params`` may hold one: unknown)."""
    if keyword(node, "random_state") is not None or any(kw.arg is None for kw in node.keywords):
        return False
    if name.endswith("KFold"):
        return constant(keyword(node, "shuffle")) is True
    if name.endswith("train_test_split") and constant(keyword(node, "shuffle")) is False:
        return False
    if name.endswith("KMeans") and keyword(node, "init") is not None and not isinstance(keyword(node, "init"), ast.Constant):
        return False
    return True


def _seeded_by_wrapper(program: Program) -> set[int]:
    """Estimators handed to an ensemble or search that has ``random_state`` (it seeds them)."""
    found: set[int] = set()
    names: set[str] = set()
    for node in program.nodes_of(ast.Call):
        if keyword(node, "random_state") is not None:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for inner in program.walk(arg):
                    if isinstance(inner, ast.Call):
                        found.add(id(inner))
                    elif isinstance(inner, ast.Name):
                        names.add(inner.id)
    for assign in program.nodes_of(ast.Assign):
        if isinstance(assign.value, ast.Call):
            if any(isinstance(t, ast.Name) and t.id in names for t in assign.targets):
                found.add(id(assign.value))
    return found
