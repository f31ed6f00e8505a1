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

from nnlint.analysis.dataflow import keyword, training_loop_nodes
from nnlint.analysis.program import Program

SEEDING_FRAMEWORKS = ("transformers.Trainer", "transformers.Seq2SeqTrainer", "trl.", "lightning.LightningCLI", "lightning.cli.LightningCLI")
SEEDED_GENERATORS = frozenset({"numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator", "random.Random"})
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
    for node in ast.walk(program.tree):
        if not isinstance(node, ast.Call):
            continue
        name = program.call_name(node) or ""
        func = node.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if "seed" in last.lower() or name.startswith(SEEDING_FRAMEWORKS):
            seeded = True
        elif name in SEEDED_GENERATORS and (node.args or node.keywords):
            seeded = True
        elif name.startswith("sklearn.") and any(part in name.rsplit(".", 1)[-1] for part in RANDOM_SKLEARN):
            if keyword(node, "random_state") is None and not name.endswith(("KFold",)) or (
                name.endswith("KFold") and keyword(node, "shuffle") is not None and keyword(node, "random_state") is None
            ):
                sklearn_unseeded = True
    if not uses_deep and not sklearn_unseeded:
        seeded = True
    return SeedFacts(seeded, None if seeded else _first_training(program))


def _first_training(program: Program) -> ast.AST | None:
    """The first module-level statement (or ``__main__`` call) that trains."""
    functions = {
        node.name: node for node in ast.walk(program.tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    loops = training_loop_nodes(program)

    def trains(node: ast.AST, depth: int) -> ast.AST | None:
        for inner in ast.walk(node):
            if id(inner) in loops:
                return inner
            if isinstance(inner, ast.Call):
                func = inner.func
                if isinstance(func, ast.Attribute) and func.attr in ("fit", "fit_generator", "train"):
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
