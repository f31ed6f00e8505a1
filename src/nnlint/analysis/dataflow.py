"""Data flow: which values derive from which, where data is split, what was fitted on what.

Scripts and notebooks keep most of their logic at module level, so the module body is one
scope read top to bottom, and every function body is a scope of its own (parameters are
unknown values). Within a scope, statements are read in order (both arms of a branch, a
loop body once), and every expression gets a ``Value``:

- ``sides``: which side of a split it belongs to (``train``, ``val``, ``test``); empty for
  data that was never split (the *whole* data). Sides come from the position of an output
  of ``train_test_split`` / ``KFold.split`` / ``random_split``, from the name of a variable
  that selects part of another (``X_test = X[n:]``, ``test = df.drop(train.index)``,
  ``Subset(ds, val_idx)``), or from the name of fresh data (``x_test`` from ``load_data()``).
  A value derived from several inputs has the union of their sides; estimators and
  statistics carry no side (``scaler.transform(X_test)`` is still test data).
- ``fits``: stateful preprocessing fits and sample statistics whose state the value carries
  (``scaler.fit_transform(X)``, ``(X - X.mean(0)) / X.std(0)``).
- ``oversampled``: oversampling calls (or stacks of rows with augmented copies of
  themselves) whose duplicated rows the value holds.
- ``origins``: the fresh values it derives from (for "fitted on X, then X is split").
- ``estimator``: the qualified class of the estimator object the value holds.
- ``element``: one item taken in a loop (a sample, a batch, one data set of a list), so a
  statistic over it is per sample; ``synthetic``: drawn from a random generator.

Module-level helper functions are read once and what they return flows to their callers
(per position for ``return X, y``); parameters whose name announces a side (``x_test``,
``train_ds``) start on that side. Everything else a function receives is unknown.
A function of another module of the project (``X = scale(X)``, ``load_and_split(path)``) is
summarised once in its own module in terms of its parameters (``function_summary``): what it
returns per position, fits, oversamples and splits. The summary is replayed at each call with
the caller's argument values (``apply_summary``), its facts placed on the caller's call.

API (memoised per Program): ``dataflow(program) -> DataFlow`` with ``fits`` (``FitFact``),
``splits`` (``SplitFact``), ``calls`` (``CallFact``: every call with the values of its
receiver and arguments at that point), ``definition(scope, name, line)`` (the expression
last assigned to a name before a line) and ``trains_after(line)``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace

from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program

# Stateful preprocessing: learns something from the rows it is fitted on.
STATEFUL_PREPROCESSORS = frozenset(
    {
        "sklearn.preprocessing." + n
        for n in (
            "StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "QuantileTransformer",
            "PowerTransformer", "KBinsDiscretizer", "TargetEncoder", "SplineTransformer", "Imputer",
        )
    }
    | {"sklearn.impute." + n for n in ("SimpleImputer", "KNNImputer", "IterativeImputer")}
    | {
        "sklearn.decomposition." + n
        for n in (
            "PCA", "IncrementalPCA", "KernelPCA", "SparsePCA", "TruncatedSVD", "FastICA", "NMF",
            "FactorAnalysis", "LatentDirichletAllocation", "DictionaryLearning",
        )
    }
    | {
        "sklearn.feature_selection." + n
        for n in (
            "SelectKBest", "SelectPercentile", "SelectFpr", "SelectFdr", "SelectFwe", "RFE", "RFECV",
            "SelectFromModel", "SequentialFeatureSelector", "GenericUnivariateSelect",
        )
    }
    | {"sklearn.feature_extraction.text.TfidfVectorizer", "sklearn.feature_extraction.text.TfidfTransformer"}
    | {"keras.layers.Normalization", "keras.layers.experimental.preprocessing.Normalization"}
)
# Transformers that learn nothing harmful from the rows (or only the set of categories).
STATELESS_PREPROCESSORS = frozenset(
    {
        "sklearn.preprocessing." + n
        for n in (
            "Normalizer", "Binarizer", "FunctionTransformer", "PolynomialFeatures", "OneHotEncoder",
            "OrdinalEncoder", "LabelEncoder", "LabelBinarizer", "MultiLabelBinarizer",
        )
    }
    | {
        "sklearn.feature_extraction.text.HashingVectorizer",
        "sklearn.feature_extraction.text.CountVectorizer",
        "sklearn.feature_extraction.DictVectorizer",
        "sklearn.feature_extraction.FeatureHasher",
    }
)
COMPOSITES = frozenset(
    {
        "sklearn.pipeline.Pipeline", "sklearn.pipeline.make_pipeline", "imblearn.pipeline.Pipeline",
        "imblearn.pipeline.make_pipeline", "sklearn.compose.ColumnTransformer",
        "sklearn.compose.make_column_transformer", "sklearn.pipeline.FeatureUnion",
        "sklearn.pipeline.make_union",
    }
)
SEARCH_CV = frozenset(
    {
        "sklearn.model_selection." + n
        for n in ("GridSearchCV", "RandomizedSearchCV", "HalvingGridSearchCV", "HalvingRandomSearchCV")
    }
)
CV_FUNCTIONS = frozenset(
    {
        "sklearn.model_selection." + n
        for n in (
            "cross_val_score", "cross_validate", "cross_val_predict", "learning_curve",
            "validation_curve", "permutation_test_score",
        )
    }
)
CONCATENATIONS = frozenset(
    {
        "numpy.concatenate", "numpy.vstack", "numpy.row_stack", "pandas.concat", "torch.cat",
        "torch.concat", "tensorflow.concat",
    }
)
SPLIT_FUNCTIONS = frozenset(
    {"sklearn.model_selection.train_test_split", "sklearn.cross_validation.train_test_split"}
)
RANDOM_SPLIT = frozenset({"torch.utils.data.random_split"})
SUBSET = frozenset({"torch.utils.data.Subset"})
OVERSAMPLER_PREFIXES = ("imblearn.over_sampling.", "imblearn.combine.")
STATISTICS = frozenset({"mean", "std", "var", "min", "max", "median", "amin", "amax", "nanmean", "nanstd", "nanvar", "nanmedian", "nanmin", "nanmax"})
STAT_ROOTS = ("numpy.", "torch.", "tensorflow.math.", "tensorflow.")
FIT_METHODS = frozenset({"fit", "fit_transform", "fit_resample", "fit_sample", "adapt"})
TRANSFORM_METHODS = frozenset({"transform", "inverse_transform"})
TRAINING_METHODS = frozenset({"fit", "fit_generator", "train_on_batch", "partial_fit", "search"})
SELECTION_METHODS = frozenset({"sample", "drop", "take", "skip", "shard", "head", "tail", "iloc", "loc"})

_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
TEST_WORDS = frozenset({"test", "tst", "testing", "holdout", "heldout"})
VAL_WORDS = frozenset({"val", "valid", "validation", "dev", "vali", "va"})
TRAIN_WORDS = frozenset({"train", "training", "trn", "tr"})
LABEL_NAME = re.compile(r"^(y|Y)(_|$|[A-Z0-9])|label|target|^lbl", re.I)


def side_hint(name: str | None) -> str | None:
    """The side a variable's name announces (``X_test`` -> test), or None."""
    if not name:
        return None
    last = name.rsplit(".", 1)[-1]
    words = {w.lower() for w in _TOKEN.findall(last)}
    found = {
        side
        for side, vocab in (("test", TEST_WORDS), ("val", VAL_WORDS), ("train", TRAIN_WORDS))
        if words & vocab
    }
    return found.pop() if len(found) == 1 else None


def label_like(name: str | None) -> bool:
    return bool(name) and bool(LABEL_NAME.search(name.rsplit(".", 1)[-1]))


@dataclass(frozen=True)
class Value:
    sides: frozenset[str] = frozenset()
    fits: frozenset[int] = frozenset()
    oversampled: frozenset[int] = frozenset()
    splits: frozenset[int] = frozenset()
    origins: frozenset[int] = frozenset()
    estimator: str | None = None
    constructor: ast.Call | None = None
    element: bool = False  # one sample (or batch) taken in a loop, not the data set
    synthetic: bool = False  # drawn from a random generator (simulated data)

    def __or__(self, other: Value) -> Value:
        """Both values' facts; the estimator is dropped (a mix is no estimator)."""
        if other is EMPTY and self.estimator is None and self.constructor is None:
            return self  # the commonest union: with an expression that carries nothing
        if self is EMPTY and other.estimator is None and other.constructor is None:
            return other
        return Value(
            self.sides | other.sides,
            self.fits | other.fits,
            self.oversampled | other.oversampled,
            self.splits | other.splits,
            self.origins | other.origins,
            element=self.element or other.element,
            synthetic=self.synthetic or other.synthetic,
        )

    @property
    def is_test(self) -> bool:
        return self.sides == {"test"}

    @property
    def is_whole(self) -> bool:
        return not self.sides


EMPTY = Value()


@dataclass
class FitFact:
    """``est.fit(X)`` / ``fit_transform`` / ``fit_resample`` / ``adapt``, or a statistic."""

    id: int
    node: ast.Call
    method: str  # fit | fit_transform | fit_resample | fit_sample | adapt | stat
    estimator: str | None  # qualified class (None: unknown, e.g. a model built elsewhere)
    receiver: str | None  # spelling of the estimator variable
    data: Value
    data_name: str | None
    kind: str  # preprocess | stateless | stat | oversample | search | model | unknown
    scope: ast.AST
    line: int
    # A fit made inside a function of another module, placed on the caller's call: where it
    # happens there (``scaler.fit_transform in features.py:12``), the caller's spelling of
    # the data and the caller's argument node (None: data the helper made itself).
    via: str | None = None
    text: str | None = None
    argument: ast.AST | None = None


@dataclass
class SplitFact:
    """A place where data is divided into sides (or cross-validated)."""

    id: int
    node: ast.AST
    kind: str  # train_test_split | kfold | random_split | subset | select | cv
    inputs: list[Value]
    input_names: list[str | None]
    outputs: dict[str, str | None]  # target spelling -> side
    scope: ast.AST
    line: int
    options: dict[str, ast.AST] = field(default_factory=dict)  # keywords of the split call
    via: str | None = None  # a split inside a function of another module (kind helper or cv)


@dataclass
class CallFact:
    node: ast.Call
    qualname: str | None
    method: str | None
    receiver: str | None
    receiver_value: Value
    args: list[Value]
    kwargs: dict[str, Value]
    scope: ast.AST
    line: int
    trains: bool = False  # a function of another module that fits or trains a model


@dataclass
class DataFlow:
    fits: list[FitFact] = field(default_factory=list)
    splits: list[SplitFact] = field(default_factory=list)
    calls: list[CallFact] = field(default_factory=list)
    values: dict[int, Value] = field(default_factory=dict)  # id(ast expr) -> value
    assignments: dict[tuple[int, str], list[tuple[int, ast.AST]]] = field(default_factory=dict)

    def fit(self, fit_id: int) -> FitFact:
        return self.fits[fit_id]

    def value(self, node: ast.AST) -> Value:
        return self.values.get(id(node), EMPTY)

    def definition(self, scope: ast.AST, name: str, line: int) -> ast.AST | None:
        """The expression last assigned to ``name`` in ``scope`` before ``line``."""
        found = None
        for at, expr in self.assignments.get((id(scope), name), []):
            if at <= line:
                found = expr
        return found

    def trains_after(self, line: int) -> bool:
        """Whether a model is fitted, cross-validated or trained after ``line``."""
        for call in self.calls:
            if call.line <= line:
                continue
            if call.trains:
                return True
            if _trains(call.method, call.qualname):
                if call.method == "fit" and call.receiver_value.estimator in STATEFUL_PREPROCESSORS | STATELESS_PREPROCESSORS:
                    continue
                return True
        return False


def dataflow(program: Program) -> DataFlow:
    return program.memo(dataflow, lambda: _Builder(program).build())


def may_train(program: Program) -> bool:
    """Whether ``DataFlow.trains_after`` can hold anywhere in the file, read without building
    the data flow (a model library has none of it): a call of a training method or of a
    cross-validation function, or of another module's function that may fit
    (``_follows_imports``, the condition for reading helpers at all)."""
    return _call_shapes(program).trains or _follows_imports(program)


def may_fit(program: Program) -> bool:
    """Whether ``DataFlow.fits`` can hold a fit other than a statistic (``X.mean()``): a fit
    method, an oversampling call, or a helper of another module (see ``may_train``)."""
    shapes = _call_shapes(program)
    return shapes.fits or shapes.oversamples or _follows_imports(program)


def may_oversample(program: Program) -> bool:
    """Whether a value can be ``oversampled``: imblearn's fit_resample, ``resample``,
    ``sample(replace=...)``, rows stacked with copies of themselves, or a helper."""
    return _call_shapes(program).oversamples or _follows_imports(program)


@dataclass(frozen=True)
class _CallShapes:
    trains: bool
    fits: bool
    oversamples: bool


def _call_shapes(program: Program) -> _CallShapes:
    """One pass over the file's calls for the ``may_*`` questions above: each looks only at
    the call's own shape (its method, qualified name and arguments), a superset of what the
    data flow then recognises."""

    def scan() -> _CallShapes:
        trains = fits = oversamples = False
        for call in program.nodes_of(ast.Call):
            func = call.func
            method = func.attr if isinstance(func, ast.Attribute) else None
            name = program.call_name(call)
            trains = trains or _trains(method, name)
            fits = fits or method in FIT_METHODS
            oversamples = oversamples or (
                method in ("fit_resample", "fit_sample")
                or (method == "sample" and keyword(call, "replace") is not None)
                or name == "sklearn.utils.resample"
                or (name in CONCATENATIONS and _stacks_rows(call))
            )
        return _CallShapes(trains, fits, oversamples)

    return program.memo(_call_shapes, scan)


def _trains(method: str | None, qualname: str | None) -> bool:
    """A call that fits, trains or cross-validates a model, by its method or qualified name."""
    return method in TRAINING_METHODS or method in ("backward", "train") or qualname in CV_FUNCTIONS


def _stacks_rows(call: ast.Call) -> bool:
    """The shape ``augmented_copies`` needs: a list of two or more names, joined along rows."""
    axis = keyword(call, "axis") if keyword(call, "axis") is not None else keyword(call, "dim")
    if axis is None and len(call.args) > 1 and not isinstance(call.args[0], ast.Starred):
        axis = call.args[1]
    if axis is not None and constant(axis) not in (0, "index", "rows"):
        return False
    return bool(call.args) and isinstance(call.args[0], (ast.List, ast.Tuple)) and sum(1 for e in call.args[0].elts if dotted(e)) > 1


def keyword(call: ast.Call, name: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def constant(node: ast.AST | None) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        return -value if isinstance(value, (int, float)) else None
    return None


class _Builder:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.flow = DataFlow()
        self.env: dict[str, Value] = {}
        self.scope: ast.AST = program.tree
        self.next_origin = 0
        # Module-level functions, read once each; what they return (helpers that load and
        # preprocess data, then return it to the caller that splits it).
        self.functions = {
            node.name: node for node in program.tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        self.done: set[int] = set()
        self.returns: dict[int, list[Value | list[Value]]] = {}
        self.tuple_results: dict[int, list[Value]] = {}
        self.level = 0  # modules away from the linted file (summaries of other modules)
        self.follows_imports: bool | None = None  # decided on the first imported call

    # -- scopes -------------------------------------------------------------------------
    def build(self) -> DataFlow:
        self.block(self.program.tree.body)
        for node in _function_defs(self.program.tree.body):
            self.function(node)
        return self.flow

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if id(node) in self.done:
            return
        self.done.add(id(node))
        saved = self.env, self.scope
        self.env, self.scope = {}, node
        self.returns[id(node)] = []
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            hint = side_hint(arg.arg)
            if hint:  # def train(model, x_train, y_train, x_test, y_test)
                self.env[arg.arg] = Value(sides=frozenset({hint}), origins=frozenset({self.new_origin()}))
        self.block(node.body)
        self.env, self.scope = saved

    def summary(self, name: str) -> tuple[Value, list[Value] | None] | None:
        """What a module-level function returns: the union, and per position for tuples."""
        node = self.functions.get(name)
        if node is None:
            return None
        self.function(node)
        found = self.returns.get(id(node), [])
        if not found:
            return None
        union = EMPTY
        for item in found:
            for value in item if isinstance(item, list) else [item]:
                union = union | value
        tuples = [item for item in found if isinstance(item, list)]
        positions = tuples[0] if tuples and len(tuples) == len(found) and len({len(t) for t in tuples}) == 1 else None
        return union, positions

    def block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            try:
                self.statement(stmt)
            except RecursionError:
                continue

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if isinstance(stmt, ast.ClassDef):
                return
            return
        if isinstance(stmt, ast.Assign):
            self.assign(stmt.targets, stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self.assign([stmt.target], stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            value = self.expr(stmt.value)
            key = dotted(stmt.target)
            if key:
                self.env[key] = self.env.get(key, EMPTY) | value
            elif isinstance(stmt.target, ast.Subscript):
                self.update_base(stmt.target, value)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.for_loop(stmt)
        elif isinstance(stmt, ast.While):
            self.expr(stmt.test)
            self.block(stmt.body)
            self.block(stmt.orelse)
        elif isinstance(stmt, ast.If):
            self.expr(stmt.test)
            self.block(stmt.body)
            self.block(stmt.orelse)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                value = self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, value, item.context_expr)
            self.block(stmt.body)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self.block(stmt.body)
            for handler in stmt.handlers:
                self.block(handler.body)
            self.block(stmt.orelse)
            self.block(stmt.finalbody)
        elif isinstance(stmt, ast.Match):
            self.expr(stmt.subject)
            for case in stmt.cases:
                self.block(case.body)
        elif isinstance(stmt, ast.Return) and stmt.value is not None and self.returned_split(stmt.value):
            return
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            value = self.expr(stmt.value)
            if isinstance(stmt.value, ast.Tuple):
                value = [self.flow.value(e) for e in stmt.value.elts]  # type: ignore[assignment]
            self.returns.setdefault(id(self.scope), []).append(value)
        elif isinstance(stmt, ast.Expr) and stmt.value is not None:
            self.expr(stmt.value)

    # -- assignments ----------------------------------------------------------------------
    def assign(self, targets: list[ast.expr], value_node: ast.expr) -> None:
        if isinstance(value_node, ast.Call) and self.split_call(targets, value_node):
            return
        value = self.expr(value_node)
        for target in targets:
            self.bind(target, value, value_node)

    def record_assignment(self, name: str, expr: ast.AST) -> None:
        self.flow.assignments.setdefault((id(self.scope), name), []).append((expr.lineno, expr) if hasattr(expr, "lineno") else (0, expr))

    def bind(self, target: ast.AST, value: Value, expr: ast.AST | None, unpacked_from: ast.AST | None = None) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            elements = None
            if isinstance(expr, (ast.Tuple, ast.List)) and len(expr.elts) == len(target.elts):
                elements = expr.elts
            positional = self.tuple_results.get(id(expr)) if expr is not None else None
            if positional is not None and len(positional) != len(target.elts):
                positional = None
            for i, element in enumerate(target.elts):
                if isinstance(element, ast.Starred):
                    element = element.value
                sub_expr = elements[i] if elements else None
                sub_value = self.flow.value(sub_expr) if sub_expr is not None else replace(value, origins=value.origins)
                if positional is not None:
                    sub_value = positional[i]
                self.bind(element, sub_value, sub_expr, unpacked_from=expr if sub_expr is None else None)
                if sub_expr is None and expr is not None and dotted(element):
                    self.record_assignment(dotted(element), expr)  # type: ignore[arg-type]
            return
        if isinstance(target, ast.Subscript):
            self.update_base(target, value)
            return
        key = dotted(target)
        if key is None:
            return
        if expr is not None:
            self.record_assignment(key, expr)
        hint = side_hint(key)
        base = self.selection_base(expr) if expr is not None else None
        if hint and base is not None and hint not in base.sides:
            split = SplitFact(
                len(self.flow.splits), expr, "select", [base], [None], {key: hint}, self.scope, expr.lineno
            )
            self.flow.splits.append(split)
            value = replace(value | Value(splits=frozenset({split.id})), sides=frozenset({hint}))
        elif hint and len(value.sides) > 1 and hint in value.sides and isinstance(unpacked_from, ast.Call):
            # x_train, x_test = preprocess(x_train, x_test): each output keeps its own side.
            value = replace(value, sides=frozenset({hint}))
        elif hint and not value.sides and not value.estimator and not isinstance(expr, ast.Constant):
            value = replace(value, sides=frozenset({hint}))
        if not value.origins and not value.estimator:
            value = replace(value, origins=frozenset({self.new_origin()}))
        self.env[key] = value

    def new_origin(self) -> int:
        self.next_origin += 1
        return self.next_origin

    def selection_base(self, expr: ast.AST) -> Value | None:
        """The value of X when ``expr`` selects part of X (slice, index, sample, drop, Subset)."""
        node = expr
        if isinstance(node, ast.Subscript):
            return self.flow.value(node.value) if id(node.value) in self.flow.values else self.lookup(node.value)
        if isinstance(node, ast.Call):
            if self.program.call_name(node) in SUBSET and node.args:
                return self.flow.value(node.args[0])
            if isinstance(node.func, ast.Attribute) and node.func.attr in SELECTION_METHODS:
                if node.func.attr == "drop" and not any(
                    isinstance(n, ast.Attribute) and n.attr == "index" for a in node.args + [k.value for k in node.keywords] for n in ast.walk(a)
                ):
                    return None
                if node.func.attr == "sample" and not any(k.arg == "frac" for k in node.keywords):
                    return None
                return self.flow.value(node.func.value)
        return None

    def update_base(self, target: ast.Subscript, value: Value) -> None:
        base = target.value
        while isinstance(base, ast.Subscript):
            base = base.value
        key = dotted(base)
        if key is None:
            return
        old = self.env.get(key, EMPTY)
        merged = old | replace(value, sides=frozenset())
        self.env[key] = replace(
            merged, sides=old.sides, estimator=old.estimator, constructor=old.constructor, element=old.element
        )

    def split_call(self, targets: list[ast.expr], call: ast.Call) -> bool:
        name = self.program.call_name(call)
        if len(targets) != 1 or not isinstance(targets[0], (ast.Tuple, ast.List)):
            return False
        outs = [dotted(e.value if isinstance(e, ast.Starred) else e) for e in targets[0].elts]
        if name in SPLIT_FUNCTIONS:
            arrays = [a for a in call.args if not isinstance(a, ast.Starred)]
            values = [self.expr(a) for a in arrays]
            for kw in call.keywords:
                self.expr(kw.value)
            if not arrays or len(outs) != 2 * len(arrays):
                return False
            outputs = {}
            split = SplitFact(
                len(self.flow.splits), call, "train_test_split", values, [dotted(a) for a in arrays], outputs,
                self.scope, call.lineno, {k.arg: k.value for k in call.keywords if k.arg},
            )
            self.flow.splits.append(split)
            self.record_call(call, name, values, {})
            for i, out in enumerate(outs):
                side = "train" if i % 2 == 0 else (side_hint(out) if side_hint(out) in ("val", "test") else "test")
                outputs[out or f"#{i}"] = side
                value = replace(values[i // 2] | Value(splits=frozenset({split.id})), sides=frozenset({side}))
                self.bind_plain(targets[0].elts[i], value, call)
            return True
        if name in RANDOM_SPLIT:
            dataset = self.expr(call.args[0]) if call.args else EMPTY
            for arg in call.args[1:]:
                self.expr(arg)
            outputs = {}
            split = SplitFact(len(self.flow.splits), call, "random_split", [dataset], [dotted(call.args[0]) if call.args else None], outputs, self.scope, call.lineno)
            self.flow.splits.append(split)
            for i, out in enumerate(outs):
                side = side_hint(out) or ("train" if i == 0 else None)
                outputs[out or f"#{i}"] = side
                value = dataset | Value(splits=frozenset({split.id}))
                value = replace(value, sides=frozenset({side}) if side else frozenset())
                self.bind_plain(targets[0].elts[i], value, call)
            return True
        return False

    def bind_plain(self, target: ast.AST, value: Value, expr: ast.AST) -> None:
        if isinstance(target, ast.Starred):
            target = target.value
        key = dotted(target)
        if key:
            self.record_assignment(key, expr)
            self.env[key] = value

    def for_loop(self, stmt: ast.For | ast.AsyncFor) -> None:
        iterator = stmt.iter
        target = stmt.target
        if (
            isinstance(iterator, ast.Call)
            and isinstance(iterator.func, ast.Name)
            and iterator.func.id == "enumerate"
            and iterator.args
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
        ):
            iterator, target = iterator.args[0], target.elts[1]
        if (
            isinstance(iterator, ast.Call)
            and isinstance(iterator.func, ast.Attribute)
            and iterator.func.attr == "split"
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and self.is_cv_splitter(iterator.func.value)
        ):
            values = [self.expr(a) for a in iterator.args]
            outputs = {}
            split = SplitFact(len(self.flow.splits), iterator, "kfold", values[:1], [dotted(a) for a in iterator.args[:1]], outputs, self.scope, iterator.lineno)
            self.flow.splits.append(split)
            for i, element in enumerate(target.elts):
                out = dotted(element)
                side = "train" if i == 0 else (side_hint(out) if side_hint(out) in ("val", "test") else "test")
                outputs[out or f"#{i}"] = side
                self.bind_plain(element, Value(sides=frozenset({side}), splits=frozenset({split.id}), origins=frozenset({self.new_origin()})), iterator)
        else:
            value = self.expr(stmt.iter)
            self.bind(stmt.target, replace(value, element=True), None)
        self.block(stmt.body)
        self.block(stmt.orelse)

    def is_cv_splitter(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            name = self.program.call_name(node) or ""
        else:
            value = self.lookup(node)
            name = value.estimator or ""
        return name.startswith("sklearn.model_selection.") and not name.endswith("train_test_split")

    # -- expressions ----------------------------------------------------------------------
    def lookup(self, node: ast.AST) -> Value:
        key = dotted(node)
        while key:
            if key in self.env:
                return self.env[key]
            if "." not in key:
                break
            key = key.rsplit(".", 1)[0]
        return EMPTY

    def expr(self, node: ast.AST | None) -> Value:
        if node is None:
            return EMPTY
        value = self._expr(node)
        self.flow.values[id(node)] = value
        return value

    def _expr(self, node: ast.AST) -> Value:
        if isinstance(node, (ast.Name, ast.Attribute)):
            value = self.lookup(node)
            if isinstance(node, ast.Attribute) and not dotted(node):
                value = value | self.expr(node.value)
            return value
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, (ast.Lambda, ast.Constant)):
            return EMPTY
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            return EMPTY
        value = EMPTY
        for child in self.program.children(node):
            if isinstance(child, ast.expr):
                value = value | self.expr(child)
            elif isinstance(child, ast.comprehension):
                value = value | self.expr(child.iter)
                for cond in child.ifs:
                    self.expr(cond)
            elif isinstance(child, ast.keyword):
                value = value | self.expr(child.value)
        return value

    def call(self, call: ast.Call) -> Value:
        program = self.program
        name = program.call_name(call)
        func = call.func
        method = func.attr if isinstance(func, ast.Attribute) else None
        receiver_node = func.value if isinstance(func, ast.Attribute) else None
        receiver = self.expr(receiver_node) if receiver_node is not None and name is None else EMPTY
        if receiver_node is not None and name is not None:
            receiver = self.lookup(receiver_node)
        called = self.lookup(func) if isinstance(func, ast.Name) else EMPTY
        args = [self.expr(a.value if isinstance(a, ast.Starred) else a) for a in call.args]
        kwargs = {k.arg or "**": self.expr(k.value) for k in call.keywords}
        recorded = self.record_call(call, name, args, kwargs, method, receiver_node, receiver)
        everything = EMPTY
        for v in [*args, *kwargs.values()]:
            everything = everything | v
        helper = self.helper_summary(func, name)
        if helper is not None:
            recorded.trains = helper.trains
            applied = apply_summary(self, call, helper, args, kwargs)
            if applied is not None:
                return applied

        if name and name.startswith(("numpy.random.", "torch.rand", "torch.normal")):
            return everything | Value(synthetic=True)
        # Constructors of estimators.
        if name and self.is_estimator_class(name):
            return Value(estimator=name, constructor=call)
        # Statistics over samples.
        stat = self.statistic(call, name, method, receiver_node, receiver, args)
        if stat is not None:
            return stat
        if method in FIT_METHODS and receiver_node is not None:
            return self.fit(call, method, receiver_node, receiver, args)
        if method in TRANSFORM_METHODS and receiver_node is not None:
            return everything | Value(fits=receiver.fits)
        if name in CV_FUNCTIONS and len(call.args) >= 2:
            data = args[1]
            self.flow.splits.append(SplitFact(len(self.flow.splits), call, "cv", [data], [dotted(call.args[1])], {}, self.scope, call.lineno))
            return EMPTY
        if name in CONCATENATIONS:
            copies = self.augmented_copies(call)
            if copies:
                fact = self.new_fit(call, "concat", name, None, everything, None, "oversample")
                return everything | Value(oversampled=frozenset({fact.id}))
        if name == "sklearn.utils.resample" and constant(keyword(call, "replace")) is not False:
            fact = self.new_fit(call, "fit_resample", name, None, args[0] if args else EMPTY, call.args[0] if call.args else None, "oversample")
            return everything | Value(oversampled=frozenset({fact.id}))
        if method == "sample" and constant(keyword(call, "replace")) is True and receiver_node is not None:
            fact = self.new_fit(call, "fit_resample", None, dotted(receiver_node), receiver, dotted(receiver_node), "oversample")
            return receiver | everything | Value(oversampled=frozenset({fact.id}))
        if method in ("set_output", "set_params") and receiver.estimator:
            return receiver
        if method is not None and name is None and receiver.estimator:
            # predict / score / other methods of an estimator: the result derives from the data.
            return everything
        if isinstance(func, ast.Name) and called.estimator:
            return everything | Value(fits=called.fits)
        if method == "fillna" or constant(keyword(call, "inplace")) is True:
            if receiver_node is not None and dotted(receiver_node) and constant(keyword(call, "inplace")) is True:
                key = dotted(receiver_node)
                self.env[key] = self.env.get(key, EMPTY) | replace(everything, sides=frozenset())
        result = receiver | everything | called
        if isinstance(func, ast.Name) and func.id in self.functions:
            summary = self.summary(func.id)
            if summary is not None:
                union, positions = summary
                result = result | union
                if positions is not None:
                    self.tuple_results[id(call)] = [everything | v for v in positions]
        return replace(result, estimator=None, constructor=None)

    def augmented_copies(self, call: ast.Call) -> bool:
        """``np.concatenate([X, augment(X)])``: rows stacked with transformed copies of themselves."""
        if not _stacks_rows(call):
            return False
        assert isinstance(call.args[0], (ast.List, ast.Tuple))
        parts = [e for e in call.args[0].elts if dotted(e)]
        for original in parts:
            for copy in parts:
                if copy is original or dotted(copy) == dotted(original):
                    continue
                source = self.flow.definition(self.scope, dotted(copy) or "", call.lineno)
                if isinstance(source, ast.Call) and self.copies_of(source, dotted(original) or ""):
                    return True
        return False

    def copies_of(self, source: ast.Call, original: str) -> bool:
        func = source.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if last in SELECTION_METHODS or last in ("concat", "concatenate", "vstack", "cat", "read_csv", "load"):
            return False
        inputs = [*source.args, *(k.value for k in source.keywords)]
        if isinstance(func, ast.Attribute):
            inputs.append(func.value)
        return any(dotted(node) == original for node in inputs)

    def record_call(self, call: ast.Call, name: str | None, args: list[Value], kwargs: dict[str, Value], method: str | None = None, receiver_node: ast.AST | None = None, receiver: Value = EMPTY) -> CallFact:
        fact = CallFact(call, name, method, dotted(receiver_node) if receiver_node is not None else None, receiver, args, kwargs, self.scope, call.lineno)
        self.flow.calls.append(fact)
        return fact

    # -- functions of other modules -----------------------------------------------------
    def helper_summary(self, func: ast.AST, name: str | None) -> DataSummary | None:
        """The summary of a project function of another module this call calls, if any.

        Module-level functions of the linted file keep their own treatment (``summary``);
        only while summarising another module's function are its own helpers summarised too.
        """
        if isinstance(func, ast.Name) and func.id in self.functions:
            return None
        if name is None or self.program.modules is None:
            return None
        if self.follows_imports is None:
            self.follows_imports = _follows_imports(self.program)
        if not self.follows_imports:
            return None
        from nnlint.analysis.imports import project_symbol

        symbol = project_symbol(self.program, name)
        if symbol is None:
            return None
        level = self.level + 1

        def worth() -> bool:
            if symbol.is_class:
                return False
            node = symbol.node
            return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and level <= MAX_LEVELS and _worth_summarising(symbol.program, node, level, set())

        # Remembered by the loader: most helpers of a large package are not worth it, and
        # their module need not be parsed again to find that out.
        if not symbol.loader.fact(("data summarised", symbol.path, symbol.name, level), worth):
            return None
        node = symbol.node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None  # edited since the loader remembered it
        return function_summary(symbol.program, node, level)

    def returned_split(self, node: ast.expr) -> bool:
        """``return train_test_split(X, y)`` (read only in summaries: one output per position)."""
        return False

    def is_estimator_class(self, name: str) -> bool:
        last = name.rsplit(".", 1)[-1]
        if not last[:1].isupper() and name not in COMPOSITES:
            return False
        return name.startswith(("sklearn.", "imblearn.", "xgboost.", "lightgbm.", "catboost.", "category_encoders.", "keras.layers.Normalization", "keras.layers.experimental.preprocessing.Normalization", "keras_tuner.")) or name in COMPOSITES

    def estimator_kind(self, name: str | None, constructor: ast.Call | None) -> str:
        if name is None:
            return "unknown"
        if name in STATEFUL_PREPROCESSORS or name.startswith("category_encoders."):
            return "preprocess"
        if name in STATELESS_PREPROCESSORS:
            return "stateless"
        if name.startswith(OVERSAMPLER_PREFIXES):
            return "oversample"
        if name.startswith("imblearn.under_sampling."):
            return "stateless"
        if name in SEARCH_CV:
            return "search"
        if name in COMPOSITES and constructor is not None:
            return self.composite_kind(name, constructor)
        return "model"

    def composite_kind(self, name: str, constructor: ast.Call) -> str:
        """A pipeline of transformers is a transformer; one ending in a model is a model."""
        steps: list[str] = []
        for node in ast.walk(constructor):
            if isinstance(node, ast.Call) and node is not constructor:
                qual = self.program.call_name(node)
                if qual and self.is_estimator_class(qual) and qual not in COMPOSITES:
                    steps.append(qual)
        if not steps:
            return "model"
        kinds = [self.estimator_kind(s, None) for s in steps]
        if "ColumnTransformer" in name or "column_transformer" in name or "Union" in name or "union" in name:
            return "preprocess" if "preprocess" in kinds else "stateless"
        if kinds[-1] in ("preprocess", "stateless"):
            return "preprocess" if "preprocess" in kinds else "stateless"
        return "model"

    def new_fit(self, call: ast.Call, method: str, estimator: str | None, receiver: str | None, data: Value, data_name: str | None, kind: str) -> FitFact:
        fact = FitFact(len(self.flow.fits), call, method, estimator, receiver, data, data_name, kind, self.scope, call.lineno)
        self.flow.fits.append(fact)
        return fact

    def fit(self, call: ast.Call, method: str, receiver_node: ast.AST, receiver: Value, args: list[Value]) -> Value:
        estimator = receiver.estimator
        constructor = receiver.constructor
        if isinstance(receiver_node, ast.Call):
            estimator = self.program.call_name(receiver_node) or estimator
            constructor = receiver_node
        kind = self.estimator_kind(estimator, constructor)
        data = args[0] if args else EMPTY
        data_name = dotted(call.args[0]) if call.args else None
        if method == "adapt" and kind not in ("preprocess",):
            kind = "preprocess" if estimator is None and _looks_like_normalizer(receiver_node) else kind
            if estimator is None and kind != "preprocess":
                return EMPTY
        fact = self.new_fit(call, method, estimator, dotted(receiver_node), data, data_name, kind)
        if kind == "search":
            self.flow.splits.append(SplitFact(len(self.flow.splits), call, "cv", [data], [data_name], {}, self.scope, call.lineno))
        key = dotted(receiver_node)
        fitted = Value(estimator=estimator, constructor=constructor)
        if kind == "preprocess":
            old = self.env.get(key, receiver) if key else receiver
            fitted = replace(fitted, fits=old.fits | {fact.id})
            if key:
                self.env[key] = replace(old, fits=fitted.fits)
            if method == "fit_transform":
                return replace(data, fits=data.fits | {fact.id})
            return fitted
        if kind == "oversample" and method in ("fit_resample", "fit_sample"):
            everything = EMPTY
            for v in args:
                everything = everything | v
            return everything | Value(oversampled=frozenset({fact.id}))
        if method in ("fit_transform", "fit_resample", "fit_sample"):
            everything = EMPTY
            for v in args:
                everything = everything | v
            return everything
        return fitted if estimator else EMPTY

    def statistic(self, call: ast.Call, name: str | None, method: str | None, receiver_node: ast.AST | None, receiver: Value, args: list[Value]) -> Value | None:
        if name is not None:
            if not name.startswith(STAT_ROOTS) or name.rsplit(".", 1)[-1] not in STATISTICS or not call.args:
                return None
            data, data_node = args[0], call.args[0]
            axis_node = call.args[1] if len(call.args) > 1 else keyword(call, "axis") or keyword(call, "dim")
        elif method in STATISTICS and receiver_node is not None:
            data, data_node = receiver, receiver_node
            axis_node = call.args[0] if call.args else keyword(call, "axis") or keyword(call, "dim")
        else:
            return None
        if not data.origins and not data.sides:
            return EMPTY
        if data.element or not _across_samples(axis_node):
            return replace(data, estimator=None, constructor=None)
        fact = self.new_fit(call, "stat", None, None, data, dotted(data_node), "stat")
        return Value(fits=frozenset({fact.id}))


def _function_defs(body: list[ast.stmt]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function and method, found through statements only (cheaper than ast.walk)."""
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(stmt)
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(stmt, name, None)
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, (ast.stmt, ast.excepthandler, ast.match_case))]))
    return found


def _looks_like_normalizer(node: ast.AST) -> bool:
    name = (dotted(node) or "").lower()
    return "norm" in name


def _across_samples(axis: ast.AST | None) -> bool:
    """Whether a reduction over ``axis`` mixes rows (samples): no axis, 0, or a tuple with 0."""
    if axis is None:
        return True
    value = constant(axis)
    if isinstance(axis, ast.Constant) and value is None:
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return value == 0
    if isinstance(value, str):
        return value == "index"
    if isinstance(axis, (ast.Tuple, ast.List)):
        return any(constant(e) == 0 for e in axis.elts)
    return False


SCORE_NAMES = frozenset(
    {
        "score", "evaluate", "classification_report", "confusion_matrix", "mean_squared_error",
        "mean_absolute_error", "log_loss", "accuracy", "evaluate_generator", "test_step",
        "mean_absolute_percentage_error", "matthews_corrcoef", "hamming_loss", "zero_one_loss",
    }
)


def is_score_call(call: CallFact) -> bool:
    last = call.method or (call.qualname or "").rsplit(".", 1)[-1]
    if not last:
        return False
    return last in SCORE_NAMES or last.endswith("_score")


def touches_test(call: CallFact) -> bool:
    return call.receiver_value.is_test or any(v.is_test for v in [*call.args, *call.kwargs.values()])


def test_scores(flow: DataFlow) -> list[CallFact]:
    """Calls that compute a score on the test side (``model.evaluate(X_test, y_test)``)."""
    return [c for c in flow.calls if is_score_call(c) and touches_test(c)]


def resolve(flow: DataFlow, scope: ast.AST, node: ast.AST | None, line: int, depth: int = 3) -> ast.AST | None:
    """Follow a plain name back to the expression assigned to it (a few steps)."""
    while depth and isinstance(node, ast.Name):
        found = flow.definition(scope, node.id, line)
        if found is None:
            return node
        node, depth = found, depth - 1
    return node


def data_text(program: Program, fit: FitFact) -> str:
    """The user's spelling of the data a fit or statistic learnt from."""
    if fit.text is not None:
        return fit.text
    node = fit.node
    if fit.method == "stat" and not (program.call_name(node) and node.args):
        target = getattr(node.func, "value", None)
    else:
        target = node.args[0] if node.args else None
    return program.text(target) if target is not None else (fit.data_name or "the data")


def training_loop_nodes(program: Program) -> set[int]:
    """ids of the loop statements that train (hold a backward, possibly through helpers)."""

    def compute() -> set[int]:
        try:
            from nnlint.analysis.training import training_loops

            return {id(event.node) for _, event in training_loops(program)}
        except (ImportError, AttributeError):  # pragma: no cover - stand-in until it lands
            found = set()
            for node in program.nodes:
                if isinstance(node, (ast.For, ast.While)) and any(
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("backward", "step")
                    for n in ast.walk(node)
                ):
                    found.add(id(node))
            return found

    return program.memo(training_loop_nodes, compute)


def scope_of(program: Program, node: ast.AST) -> ast.AST:
    for outer in program.ancestors(node):
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return outer
    return program.tree


# -- functions of other modules ----------------------------------------------------------
#
# ``X = scale(X)`` with ``scale`` in features.py, ``X_train, X_test, y_train, y_test =
# load_and_split(path)`` with ``load_and_split`` in data.py: a function of another project
# module is read once, in its own module, with each parameter a value of its own, and what it
# returns is written in terms of its parameters (``DataSummary``). At each call site the
# caller's argument values are put in; fits, oversampling and splits made inside become facts
# of the caller placed on the call, so findings are reported on the caller's line, in its names.

MAX_LEVELS = 3  # modules followed from the linted file
# A function none of whose text has these words neither fits, splits nor names data sides.
_SUMMARY_WORDS = re.compile(
    r"fit|adapt|split|sample|mean|std|var\b|min|max|median|Subset|concat|stack|cross_val|fold|Fold"
    r"|test|val|train|tst|trn|holdout|backward|cat\("
)
# Callers that may need what another module does to their data: they split, cross-validate,
# fit, adapt or score (the words of scikit-learn and Keras code), or call a helper named so.
# Plain substrings first (cheap on large files), a regular expression only for common words.
_CALLER_WORDS = (
    "train_test_split", "random_split", "cross_val", "Fold(", "Subset(", ".fit(", "fit_transform", "fit_resample",
    ".adapt(", "_score(", ".score(",
)
_CALLER_CALLS = re.compile(r"split\w*\(|evaluat\w*\(|cv")  # word edges checked by hand: faster
_CONDITIONAL = (ast.If, ast.IfExp, ast.Match, ast.ExceptHandler, ast.While, ast.comprehension)


@dataclass(frozen=True)
class _Part:
    """A value inside the summarised function, in terms of its parameters."""

    params: frozenset[int] = frozenset()  # the parameters it derives from (by position)
    sides: frozenset[str] = frozenset()  # sides given inside the function (a split there)
    fits: tuple[int, ...] = ()  # indexes into DataSummary.fits
    oversampled: tuple[int, ...] = ()
    splits: tuple[int, ...] = ()  # indexes into DataSummary.splits
    fresh: bool = False  # also derives from data the function makes (reads) itself
    synthetic: bool = False
    element: bool = False


@dataclass(frozen=True)
class _FitTemplate:
    method: str
    estimator: str | None
    kind: str
    data: _Part
    via: str  # ``scaler.fit_transform(X) in features.py:12``
    direct: bool  # fitted on a parameter itself (or a column selection of it)
    data_name: str | None  # the function's own spelling of the data
    data_text: str  # for messages when the data is not a parameter: ``df in data.py``


@dataclass(frozen=True)
class _SplitTemplate:
    kind: str  # helper (train_test_split, random_split, a selection) | cv (cross-validation, KFold)
    inputs: tuple[_Part, ...]
    names: tuple[str | None, ...]
    via: str
    judged_there: bool  # the module trains after it itself: its own fits are reported there


@dataclass(frozen=True)
class DataSummary:
    """What a function returns, fits and splits, in terms of its parameters."""

    params: tuple[str, ...]
    positional: int
    result: _Part
    positions: tuple[_Part, ...] | None
    fits: tuple[_FitTemplate, ...]
    splits: tuple[_SplitTemplate, ...]
    trains: bool  # fits a model, cross-validates or runs backward
    variadic: bool  # takes *args or **kwargs: arguments cannot all be matched to parameters


def _follows_imports(program: Program) -> bool:
    """``split_data(``, ``load_and_split(``, ``evaluate_model(``, ``cv``, ``cv_auc(``; not
    ``str.split(``."""
    return program.memo(_follows_imports, lambda: _mentions_helpers(program.source))


def _mentions_helpers(source: str) -> bool:
    if any(word in source for word in _CALLER_WORDS):
        return True
    for match in _CALLER_CALLS.finditer(source):
        before = source[match.start() - 1] if match.start() else " "
        after = source[match.end()] if match.end() < len(source) else " "
        word = before.isalnum() or before == "_"
        if match.group().startswith("split") and (before == "_" or not (word or before == ".")):
            return True
        if match.group().startswith("evaluat") and not word:
            return True
        if match.group() == "cv":  # \bcv\b, \bcv_, _cv\b
            word_after = after.isalnum() or after == "_"
            if (not word and (not word_after or after == "_")) or (before == "_" and not word_after):
                return True
    return False


def function_summary(program: Program, function: ast.FunctionDef | ast.AsyncFunctionDef, level: int) -> DataSummary | None:
    """The summary of ``function`` (a top-level function of ``program``), memoised on
    ``program``; None when it is too far away, recursive, or has nothing to summarise."""
    loader = program.modules
    key = ("data_summary", function.name, function.lineno)
    if loader is None or level > MAX_LEVELS or (key, program.path) in loader.active:
        return None
    if not _worth_summarising(program, function, level, set()):
        return None
    loader.active.add((key, program.path))
    try:
        return program.memo(key, lambda: _Summariser(program, function, level).summarise())
    finally:
        loader.active.discard((key, program.path))


def _worth_summarising(program: Program, function: ast.FunctionDef | ast.AsyncFunctionDef, level: int, seen: set[int]) -> bool:
    """Whether the function's text has words of fitting, splitting or data sides, or it calls
    a function (of its module, or of the project within ``MAX_LEVELS``) that does. Decided
    from the text and imports, so most helpers of a large package are never analysed."""

    def decide() -> bool:
        text = "\n".join(program.lines[function.lineno - 1 : function.end_lineno or function.lineno])
        if _SUMMARY_WORDS.search(text):
            return True
        from nnlint.analysis.imports import project_symbol, top_level_definitions

        local = top_level_definitions(program)
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            callee, where, depth = None, program, level
            if isinstance(node.func, ast.Name) and node.func.id in local:
                callee = local[node.func.id]
            elif level < MAX_LEVELS:
                symbol = project_symbol(program, program.call_name(node))
                if symbol is not None:
                    callee, where, depth = symbol.node, symbol.program, level + 1
            if isinstance(callee, (ast.FunctionDef, ast.AsyncFunctionDef)) and id(callee) not in seen:
                seen.add(id(callee))
                if _worth_summarising(where, callee, depth, seen):
                    return True
        return False

    return program.memo(("data_worth", id(function)), decide)


class _Summariser(_Builder):
    def __init__(self, program: Program, function: ast.FunctionDef | ast.AsyncFunctionDef, level: int) -> None:
        super().__init__(program)
        self.level = level
        self.follows_imports = True
        self.target = function
        self.param_origins: dict[int, int] = {}
        self.params: tuple[str, ...] = ()
        self.fit_templates: list[_FitTemplate] = []
        self.split_templates: list[_SplitTemplate] = []
        self.exported_fits: dict[int, int | None] = {}
        self.exported_splits: dict[int, int | None] = {}
        self.file = program.path.replace("\\", "/").rsplit("/", 1)[-1]

    def summarise(self) -> DataSummary | None:
        node = self.target
        arguments = node.args
        positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        self.params = tuple(positional + [a.arg for a in arguments.kwonlyargs])
        self.scope, self.env = node, {}
        self.done.add(id(node))
        self.returns[id(node)] = []
        for i, name in enumerate(self.params):
            origin = self.new_origin()
            self.param_origins[origin] = i
            self.env[name] = Value(origins=frozenset({origin}))
        self.block(node.body)
        found = self.returns.get(id(node), [])
        union = EMPTY
        for item in found:
            for value in item if isinstance(item, list) else [item]:
                union = union | value
        positions = None
        if found and all(isinstance(item, list) for item in found) and len({len(item) for item in found}) == 1:  # type: ignore[arg-type]
            width = len(found[0])  # type: ignore[arg-type]
            merged = [EMPTY] * width
            for item in found:
                merged = [a | b for a, b in zip(merged, item)]  # type: ignore[arg-type]
            positions = tuple(self.part(v) for v in merged)
        result = self.part(union)
        for split in self.flow.splits:
            self.export_split(split.id)
        return DataSummary(
            self.params, len(positional), result, positions, tuple(self.fit_templates), tuple(self.split_templates),
            self.flow.trains_after(0), arguments.vararg is not None or arguments.kwarg is not None,
        )

    def helper_summary(self, func: ast.AST, name: str | None) -> DataSummary | None:
        if isinstance(func, ast.Name) and func.id in self.functions:
            return function_summary(self.program, self.functions[func.id], self.level)
        return super().helper_summary(func, name)

    def returned_split(self, node: ast.expr) -> bool:
        if not isinstance(node, ast.Call):
            return False
        name = self.program.call_name(node)
        if name in SPLIT_FUNCTIONS:
            width = 2 * len([a for a in node.args if not isinstance(a, ast.Starred)])
        elif name in RANDOM_SPLIT and len(node.args) > 1 and isinstance(node.args[1], (ast.List, ast.Tuple)):
            width = len(node.args[1].elts)
        else:
            return False
        names = [f"#return{i}" for i in range(width)]
        target = ast.Tuple(elts=[ast.Name(id=n, ctx=ast.Store()) for n in names], ctx=ast.Store())
        if not width or not self.split_call([target], node):
            return False
        self.returns.setdefault(id(self.scope), []).append([self.env.get(n, EMPTY) for n in names])
        return True

    # -- export ------------------------------------------------------------------------
    def conditional(self, node: ast.AST) -> bool:
        for outer in self.program.ancestors(node):
            if outer is self.target:
                return False
            if isinstance(outer, _CONDITIONAL):
                return True
        return True

    def part(self, value: Value) -> _Part:
        params = frozenset(self.param_origins[o] for o in value.origins if o in self.param_origins)
        fits = tuple(i for i in (self.export_fit(f) for f in sorted(value.fits)) if i is not None)
        oversampled = tuple(i for i in (self.export_fit(f) for f in sorted(value.oversampled)) if i is not None)
        splits = tuple(i for i in (self.export_split(s) for s in sorted(value.splits)) if i is not None)
        fresh = any(o not in self.param_origins for o in value.origins)
        return _Part(params, value.sides, fits, oversampled, splits, fresh, value.synthetic, value.element)

    def export_fit(self, fit_id: int) -> int | None:
        if fit_id not in self.exported_fits:
            self.exported_fits[fit_id] = None  # a fit whose data derives from itself: dropped
            self.exported_fits[fit_id] = self._export_fit(self.flow.fits[fit_id])
        return self.exported_fits[fit_id]

    def _export_fit(self, fact: FitFact) -> int | None:
        if fact.kind == "stateless" or fact.data.sides or fact.data.element or self.conditional(fact.node):
            return None  # fitted on one side of a split made here, per sample, or only sometimes
        argument = fact.argument if fact.via else _fit_argument(fact)
        names = [n.id for n in ast.walk(argument) if isinstance(n, ast.Name)] if argument is not None else []
        names += [  # df["target"], df["y_reg"]: a column of labels (a median threshold makes a label)
            n.slice.value for n in (ast.walk(argument) if argument is not None else ()) if isinstance(n, ast.Subscript)
            and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)
        ]
        if fact.kind in ("preprocess", "stat") and (label_like(fact.data_name) or any(label_like(n) for n in names)):
            return None
        data = self.part(fact.data)
        base = argument
        while isinstance(base, (ast.Subscript, ast.Attribute)):
            base = base.value
        direct = isinstance(base, ast.Name) and base.id in self.params and data.params == {self.params.index(base.id)}
        if fact.via:  # made by a function this one calls: its text is in this module's names
            via = fact.via
            text = f"{fact.text} in {self.file}" if fact.argument is not None else fact.text or "the data"
        else:
            call = self.program.text(fact.node)
            if len(call) > 48:
                call = self.program.text(fact.node.func) + "(...)"
            via = f"{call} in {self.file}:{fact.line}"
            text = f"{self.program.text(argument)} in {self.file}" if argument is not None else f"the data in {self.file}"
        self.fit_templates.append(_FitTemplate(fact.method, fact.estimator, fact.kind, data, via, direct, fact.data_name, text))
        return len(self.fit_templates) - 1

    def export_split(self, split_id: int) -> int | None:
        if split_id not in self.exported_splits:
            self.exported_splits[split_id] = None
            self.exported_splits[split_id] = self._export_split(self.flow.splits[split_id])
        return self.exported_splits[split_id]

    def _export_split(self, split: SplitFact) -> int | None:
        if self.conditional(split.node):
            return None
        inputs = tuple(self.part(v) for v in split.inputs)
        if not any(p.params or p.fits or p.oversampled for p in inputs):
            return None  # data the function made and split itself, with nothing fitted on it
        if split.via:
            via = split.via
        else:
            node = split.node
            spelled = self.program.text(node.func) if isinstance(node, ast.Call) else "a selection"
            via = f"{spelled} in {self.file}:{split.line}"
        judged_there = False
        if any(not self.fit_templates[f].data.params for p in inputs for f in p.fits):
            own = dataflow(self.program)  # the module read as itself: does NN401 see it there?
            judged_there = any(s.node is split.node for s in own.splits) and own.trains_after(split.line)
        kind = "cv" if split.kind in ("cv", "kfold") else "helper"
        self.split_templates.append(_SplitTemplate(kind, inputs, tuple(split.input_names), via, judged_there))
        return len(self.split_templates) - 1


def _fit_argument(fact: FitFact) -> ast.AST | None:
    node = fact.node
    if fact.method == "stat" and not node.args:
        return getattr(node.func, "value", None)
    return node.args[0] if node.args else None


def apply_summary(builder: _Builder, call: ast.Call, summary: DataSummary, args: list[Value], kwargs: dict[str, Value]) -> Value | None:
    """The value of ``call`` in the caller, given its argument values; fits and splits made
    inside the function become the caller's facts, placed on ``call``. None when arguments
    cannot be matched to parameters (``*args``, ``**kwargs``): the call stays unknown."""
    if summary.variadic or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    bound: dict[int, tuple[Value, ast.AST]] = {}
    for i, node in enumerate(call.args):
        if i < summary.positional:
            bound[i] = (args[i], node)
    for kw in call.keywords:
        if kw.arg in summary.params:
            bound[summary.params.index(kw.arg)] = (kwargs[kw.arg], kw.value)
    application = _Application(builder, call, summary, bound)
    for index in range(len(summary.splits)):
        application.split(index)
    if summary.positions is not None:
        builder.tuple_results[id(call)] = [application.value_of(p) for p in summary.positions]
    return application.value_of(summary.result)


class _Application:
    """One call of a summarised helper, its facts made on demand (a method, not closures that
    call each other: those would form a cycle holding the builder)."""

    def __init__(self, builder: _Builder, call: ast.Call, summary: DataSummary, bound: dict[int, tuple[Value, ast.AST]]) -> None:
        self.builder = builder
        self.call = call
        self.summary = summary
        self.bound = bound
        self.fresh = builder.new_origin()
        self.made_fits: dict[int, FitFact | None] = {}
        self.made_splits: dict[int, SplitFact | None] = {}

    def argument(self, i: int) -> Value:
        value, node = self.bound[i]
        if not value.origins and not value.sides and not isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Starred)):
            value = value | Value(origins=frozenset({self.fresh}))  # a literal path the function reads
        return value

    def value_of(self, part: _Part, internal_fits: bool = True) -> Value:
        value = EMPTY
        for i in sorted(part.params):
            if i in self.bound:
                value = value | self.argument(i)
        if part.fresh:
            value = value | Value(origins=frozenset({self.fresh}))
        if part.sides:
            value = replace(value, sides=part.sides)
        fits = {f.id for f in (self.fit(t) for t in part.fits if internal_fits or self.summary.fits[t].data.params) if f is not None}
        oversampled = {f.id for f in (self.fit(t) for t in part.oversampled) if f is not None}
        splits = {s.id for s in (self.split(t) for t in part.splits) if s is not None}
        return replace(
            value, fits=value.fits | fits, oversampled=value.oversampled | oversampled, splits=value.splits | splits,
            synthetic=value.synthetic or part.synthetic, element=value.element or part.element,
        )

    def fit(self, index: int) -> FitFact | None:
        if index in self.made_fits:
            return self.made_fits[index]
        self.made_fits[index] = None
        template = self.summary.fits[index]
        params = [i for i in sorted(template.data.params) if i in self.bound]
        if template.data.params and not params and not template.data.fresh:
            return None  # fitted on a parameter the caller leaves to its default
        data = self.value_of(template.data)
        node = self.bound[params[0]][1] if template.direct and len(params) == 1 else None
        builder = self.builder
        fact = builder.new_fit(self.call, template.method, template.estimator, None, data, dotted(node) if node is not None else template.data_name, template.kind)
        fact.via = template.via
        fact.text = builder.program.text(node) if node is not None else template.data_text
        fact.argument = node
        self.made_fits[index] = fact
        return fact

    def split(self, index: int) -> SplitFact | None:
        if index in self.made_splits:
            return self.made_splits[index]
        self.made_splits[index] = None
        template = self.summary.splits[index]
        inputs = [self.value_of(p, internal_fits=not template.judged_there) for p in template.inputs]
        names = []
        bound, params = self.bound, self.summary.params
        for part, name in zip(template.inputs, template.names):
            node = bound[next(iter(part.params))][1] if name in params and len(part.params) == 1 and next(iter(part.params)) in bound else None
            names.append(dotted(node) if node is not None and dotted(node) and not label_like(name) else name)
        builder = self.builder
        fact = SplitFact(len(builder.flow.splits), self.call, template.kind, inputs, names, {}, builder.scope, self.call.lineno, via=template.via)
        builder.flow.splits.append(fact)
        self.made_splits[index] = fact
        return fact
