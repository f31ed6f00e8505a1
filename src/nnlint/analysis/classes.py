"""The classes of a module and what they are: torch modules, Keras models, Lightning modules.

Bases are resolved through imports and through other classes of the same module, so
``class Net(Base)`` with ``class Base(nn.Module)`` above it is a torch module. A base defined
in another module of the project (``from .base import BaseModel``) is classified in its own
module (nnlint.analysis.imports); a base found nowhere stays unknown (``None``): rules keep
silent on unknowns.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from nnlint.analysis.imports import Symbol, project_symbol
from nnlint.analysis.program import Program

TORCH_MODULE_BASES = frozenset(
    {
        "torch.nn.Module",
        "torch.nn.Sequential",
        "torch.nn.ModuleList",
        "torch.nn.ModuleDict",
        "lightning.LightningModule",
        "lightning.pytorch.LightningModule",
    }
)
KERAS_MODEL_BASES = frozenset({"keras.Model", "keras.models.Model", "keras.layers.Layer", "keras.Layer", "keras.Sequential", "keras.models.Sequential"})
LIGHTNING_BASES = frozenset({"lightning.LightningModule"})
HF_TRAINER_BASES = frozenset({"transformers.Trainer", "transformers.Seq2SeqTrainer", "trl.SFTTrainer"})


@dataclass
class ClassBases:
    """A class as its verdicts are decided: its name and what it derives from."""

    name: str
    bases: list[str | None]  # qualified names, or local class names prefixed "local:"
    is_torch_module: bool | None = None
    is_keras_model: bool | None = None
    is_lightning: bool = False
    is_hf_trainer: bool = False


@dataclass
class ClassInfo(ClassBases):
    """A class of the module being read, with its tree."""

    node: ast.ClassDef = field(kw_only=True)
    methods: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict, kw_only=True)


def _is_torch_base(name: str) -> bool:
    if name in TORCH_MODULE_BASES:
        return True
    # Subclassing a concrete layer (nn.Linear, nn.LSTM) or a known model family.
    if name.startswith("torch.nn.") and name.rsplit(".", 1)[-1][:1].isupper():
        return name.rsplit(".", 1)[-1] not in {"Parameter", "Buffer"}
    if name.startswith(("torchvision.models.", "timm.models.")) and name.rsplit(".", 1)[-1][:1].isupper():
        return True
    if name.startswith("transformers.") and name.endswith(("PreTrainedModel", "Model")) and ".TF" not in name and not name.rsplit(".", 1)[-1].startswith(("TF", "Flax")):
        return True
    return False


# Packages whose classes we know; a base from anywhere else (the user's project) is unknown.
KNOWN_ROOTS = frozenset(
    {
        "torch", "keras", "tensorflow", "lightning", "transformers", "torchvision", "timm",
        "sklearn", "numpy", "abc", "typing", "enum", "dataclasses", "collections", "object",
        "Exception", "dict", "list", "tuple", "str", "int", "float", "NamedTuple", "Protocol",
        "Generic", "ABC", "threading", "json", "pathlib", "argparse", "logging", "unittest",
    }
)


def _verdict(name: str, predicate) -> bool | None:  # type: ignore[no-untyped-def]
    if name.startswith("."):
        return None
    if predicate(name):
        return True
    return False if name.split(".")[0] in KNOWN_ROOTS else None


def _is_keras_base(name: str) -> bool:
    return name in KERAS_MODEL_BASES or (name.startswith("keras.") and name.endswith(("Model", "Layer")))


def classes(program: Program) -> dict[str, ClassInfo]:
    """Every class defined in the module (top level and nested), by name, classified."""

    def classify_all() -> dict[str, ClassInfo]:
        found = _class_table(program)
        for info in found.values():
            _classify(info, found, set(), lambda base: project_class_verdict(program, base))
        return found

    return program.memo(classes, classify_all)


def _class_table(program: Program) -> dict[str, ClassInfo]:
    """The classes of the module, each classified only when asked (``_classify`` fills in the
    verdicts). Another module is asked about one class: classifying all of its classes
    would resolve every base they name, reading modules nothing asked about."""
    return program.memo(_class_table, lambda: _collect(program))


def _collect(program: Program) -> dict[str, ClassInfo]:
    found: dict[str, ClassInfo] = {}
    for node in program.statements_of(ast.ClassDef):
        info = ClassInfo(node.name, class_bases(program, node), node=node)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                info.methods[item.name] = item
        found.setdefault(node.name, info)
    return found


def class_bases(program: Program, node: ast.ClassDef) -> list[str | None]:
    """Each base's qualified name (``local:Base`` for a class of the module, None unknown)."""
    bases: list[str | None] = []
    for base in node.bases:
        qual = program.qualname(base)
        if qual is None and isinstance(base, ast.Name):
            qual = f"local:{base.id}"
        bases.append(qual)
    return bases


@dataclass(frozen=True)
class ClassVerdict:
    """What a class of another module is, without its tree (remembered across files)."""

    is_torch_module: bool | None
    is_keras_model: bool | None
    is_lightning: bool
    is_hf_trainer: bool


def project_class_verdict(program: Program, qualname: str) -> ClassVerdict | None:
    """Whether a class of another project module is a torch module, a Keras model, ...

    Hundreds of files of a repository derive from the same few base classes, so the answer
    is kept by the module loader, not re-read from the other module for each of them."""
    symbol = project_symbol(program, qualname)
    return None if symbol is None else symbol_verdict(symbol)


def symbol_verdict(symbol: Symbol) -> ClassVerdict | None:
    """The verdict on a class of another module, decided from that module's outline (the
    bases of its classes), so that a class asked about after the module's tree left the
    loader's table does not cost a parse."""
    loader = symbol.loader

    def verdict() -> ClassVerdict | None:
        outline = loader.outline(symbol.path)
        if outline is None or symbol.name not in outline.top_classes:
            return None
        with _classifying(symbol) as free:
            if not free:
                return None
            table = {name: ClassBases(name, list(bases)) for name, bases in outline.class_bases.items()}
            info = table[symbol.name]

            def resolve(base: str) -> ClassVerdict | None:
                found = loader.symbol_in(symbol.path, base)
                return None if found is None else symbol_verdict(found)

            _classify(info, table, set(), resolve)
            return ClassVerdict(info.is_torch_module, info.is_keras_model, info.is_lightning, info.is_hf_trainer)

    return loader.fact(("class", symbol.path, symbol.name), verdict)


def project_class(program: Program, qualname: str) -> ClassInfo | None:
    """The classified class a qualified name of ``program`` denotes in another project module."""
    symbol = project_symbol(program, qualname)
    return None if symbol is None else _classified(symbol)


def _classified(symbol: Symbol) -> ClassInfo | None:
    if not isinstance(symbol.node, ast.ClassDef):
        return None
    with _classifying(symbol) as free:
        if not free:
            return None
        other = symbol.program
        found = _class_table(other)
        info = found.get(symbol.name)
        if info is not None:
            _classify(info, found, set(), lambda base: project_class_verdict(other, base))
        other.compact()
        return info


@contextmanager
def _classifying(symbol: Symbol) -> Iterator[bool]:
    """Marks the classes of ``symbol``'s module as being classified; False when they already
    are (a cycle of modules deriving from each other: the answer is unknown, not remembered)."""
    loader, key = symbol.loader, ("classes", symbol.path)
    if key in loader.active:
        loader.cut_short()
        yield False
        return
    loader.active.add(key)
    try:
        yield True
    finally:
        loader.active.discard(key)


def _classify(
    info: ClassBases, found: Mapping[str, ClassBases], seen: set[str], resolve: Callable[[str], ClassVerdict | None]
) -> None:
    """Fill in ``info``'s verdicts from its bases: known libraries by name, classes of the same
    module recursively, others through ``resolve`` (a class of another project module)."""
    if info.is_torch_module is not None or info.name in seen:
        return
    seen.add(info.name)
    torch_verdicts: list[bool | None] = []
    keras_verdicts: list[bool | None] = []
    for base in info.bases:
        if base is None:
            torch_verdicts.append(None)
            keras_verdicts.append(None)
        elif base.startswith("local:"):
            local = found.get(base[6:])
            if local is None and base[6:] in KNOWN_ROOTS:
                torch_verdicts.append(False)
                keras_verdicts.append(False)
                continue
            if local is None:
                torch_verdicts.append(None)
                keras_verdicts.append(None)
                continue
            _classify(local, found, seen, resolve)
            torch_verdicts.append(local.is_torch_module)
            keras_verdicts.append(local.is_keras_model)
            info.is_lightning |= local.is_lightning
            info.is_hf_trainer |= local.is_hf_trainer
        else:
            torch_verdict = _verdict(base, _is_torch_base)
            keras_verdict = _verdict(base, _is_keras_base)
            if torch_verdict is None and keras_verdict is None:
                other = resolve(base)
                if other is not None:
                    torch_verdict, keras_verdict = other.is_torch_module, other.is_keras_model
                    info.is_lightning |= other.is_lightning
                    info.is_hf_trainer |= other.is_hf_trainer
            torch_verdicts.append(torch_verdict)
            keras_verdicts.append(keras_verdict)
            info.is_lightning |= base in LIGHTNING_BASES
            info.is_hf_trainer |= base in HF_TRAINER_BASES
    info.is_torch_module = _any(torch_verdicts)
    info.is_keras_model = _any(keras_verdicts)


def _any(verdicts: list[bool | None]) -> bool | None:
    if any(v is True for v in verdicts):
        return True
    if any(v is None for v in verdicts):
        return None
    return False


def enclosing_class(program: Program, node: ast.AST) -> ClassInfo | None:
    for ancestor in program.ancestors(node):
        if isinstance(ancestor, ast.ClassDef):
            return classes(program).get(ancestor.name)
    return None
