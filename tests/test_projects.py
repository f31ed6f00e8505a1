"""Whole-program analysis on multi-file projects (rules/projects/): a PyTorch package in a src
layout and a Keras package, where the model, the loop and the helpers live in different
modules. Every file's findings must be exactly its ``# expect:`` annotations, whether the
project is linted as a whole or one file at a time, and the findings that need another
module must disappear when that module is not visible."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from nnlint.analysis.events import Kind, roots
from nnlint.analysis.imports import ModuleLoader
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.cache import Cache
from nnlint.config import Selection, Settings
from nnlint.engine import Linter
from nnlint.runner import run
from rule_examples import RULES_DIR, parse_annotations

PROJECTS = sorted(p for p in (RULES_DIR / "projects").iterdir() if p.is_dir())
TORCH = RULES_DIR / "projects" / "torch-src-layout"
KERAS = RULES_DIR / "projects" / "keras-package"


def expected(folder: Path) -> Counter:
    found: Counter = Counter()
    for path in sorted(folder.rglob("*.py")):
        for (line, code), count in parse_annotations(path.read_text(encoding="utf-8")).expected.items():
            found[(str(path), line, code)] += count
    return found


def actual(paths: list[Path], **kwargs) -> Counter:
    result = run([str(p) for p in paths], Settings(), jobs=1, **kwargs)
    assert not result.internal_errors
    return Counter((d.path, d.line, d.code) for d in result.diagnostics)


@pytest.mark.parametrize("folder", PROJECTS, ids=[p.name for p in PROJECTS])
def test_project_as_a_whole(folder: Path) -> None:
    assert expected(folder), "a project fixture must expect at least one finding"
    assert actual([folder]) == expected(folder)


@pytest.mark.parametrize("folder", PROJECTS, ids=[p.name for p in PROJECTS])
def test_each_file_alone_gives_the_same_findings(folder: Path) -> None:
    """What pre-commit and editors do: one file at a time, other modules read on demand."""
    found: Counter = Counter()
    for path in sorted(folder.rglob("*.py")):
        found += actual([path])
    assert found == expected(folder)


def test_the_evaluation_bug_needs_the_other_modules() -> None:
    """Without its imports, scripts/train.py is silent: the model class, the training helper
    and the evaluation helper are all defined elsewhere."""
    script = TORCH / "scripts" / "train.py"
    alone = Linter(Settings()).lint_source(script.read_text(encoding="utf-8"), "train.py", path=None)
    assert alone.diagnostics == []
    with_project = Linter(Settings()).lint_path(script)
    assert [(d.line, d.code) for d in with_project.diagnostics] == [(24, "NN110")]
    assert "model is still in training mode" in with_project.diagnostics[0].message


def test_a_single_file_reads_only_the_modules_it_uses() -> None:
    script = TORCH / "scripts" / "train.py"
    result = Linter(Settings()).lint_path(script)
    read = {Path(p).relative_to(TORCH.resolve()).as_posix() for p in result.dependencies}
    package = "src/visionlab/"
    assert read >= {package + "__init__.py", package + "engine.py", package + "optim.py", package + "models/resnet.py", package + "models/base.py"}
    assert not any(p.startswith("scripts/") for p in read)  # never the sibling scripts


def program(path: Path, loader: ModuleLoader | None = None) -> Program:
    source = path.read_text(encoding="utf-8")
    return Program.from_source(source, str(path), file=path.absolute(), modules=loader or ModuleLoader())


def test_classes_from_other_modules_through_reexports_and_star_imports() -> None:
    """``SmallResNet`` is imported from ``visionlab.models`` (a star import of .resnet) and
    derives from ``BaseModel`` (.base), an nn.Module: a model, with batch norm inside."""
    objs = objects(program(TORCH / "scripts" / "train.py"))
    assert objs.kind("model") == "model"
    assert objs.may_have_dropout_or_batchnorm("model")
    mlp = objects(program(TORCH / "scripts" / "train_mlp.py"))
    assert mlp.kind("model") == "model"
    assert not mlp.may_have_dropout_or_batchnorm("model")  # Linear and ReLU only


def test_summaries_replay_the_callee_on_the_callers_objects() -> None:
    events = [e for r in roots(program(TORCH / "scripts" / "finetune.py")) for e in r.events]
    external = [e for e in events if e.info.get("external")]
    kinds = {(e.kind, e.subject) for e in external}
    # clear_gradients(optimizer) -> optimizer.zero_grad(); apply_update -> clip + step,
    # each on the caller's own ``optimizer`` and ``model``.
    assert (Kind.ZERO_GRAD, "optimizer") in kinds
    assert (Kind.STEP, "optimizer") in kinds
    assert (Kind.CLIP, None) in kinds
    assert {e.node.lineno for e in external} == {15, 18, 30}  # placed on the caller's lines


def test_a_training_callee_is_judged_in_its_own_file() -> None:
    """train_one_epoch steps its optimizer itself: the caller sees its mode switch and an
    opaque use of what it passes, never its zero_grad/step (no double report)."""
    events = [e for r in roots(program(TORCH / "scripts" / "train.py")) for e in r.events if e.info.get("external")]
    kinds = [e.kind for e in events]
    assert Kind.TRAIN in kinds and Kind.OPAQUE in kinds
    assert Kind.STEP not in kinds and Kind.ZERO_GRAD not in kinds


def test_import_cycles_and_missing_modules_stay_silent(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a.py").write_text("from b import helper\n\ndef run(model):\n    helper(model)\n")
    (tmp_path / "b.py").write_text("from a import run\n\ndef helper(model):\n    run(model)\n")
    (tmp_path / "c.py").write_text("from nowhere import thing\nfrom b import missing\nthing(1)\nmissing(2)\n")
    (tmp_path / "broken.py").write_text("def (:\n    loss.backward()\n")  # a word: walked files are pre-filtered
    (tmp_path / "d.py").write_text("from broken import f\nf()\n")
    (tmp_path / "aliases.py").write_text("A = B\nB = A\n")
    (tmp_path / "e.py").write_text("import torch\nfrom aliases import A\nmodel = A()\nmodel.eval()\n")
    result = run([str(tmp_path)], Settings(), jobs=1)
    assert not result.internal_errors
    assert [d.code for d in result.diagnostics] == ["NN001"]  # broken.py itself, nothing else


def test_the_cache_is_stale_when_a_module_it_read_changes(tmp_path: Path) -> None:
    project = tmp_path / "torch-src-layout"
    shutil.copytree(TORCH, project)
    cache = Cache(tmp_path / "cache")
    cache.prepare()
    script = project / "scripts" / "train.py"
    first = actual([script], cache=cache)
    assert [code for (_, _, code) in first] == ["NN110"]
    engine = project / "src" / "visionlab" / "engine.py"
    text = engine.read_text(encoding="utf-8")
    fixed = text.replace('    """Accuracy on ``loader``; the caller decides the model\'s mode."""\n', "    model.eval()\n")
    assert fixed != text
    engine.write_text(fixed, encoding="utf-8")
    assert actual([script], cache=cache) == Counter()


def drop_trees(loader: ModuleLoader) -> None:
    """Every kept tree leaves the loader's table (as in a large run), its answers stay."""
    loader._programs.clear()


def test_a_remembered_class_verdict_follows_the_modules_it_was_read_from(tmp_path: Path) -> None:
    """One loader serves many files (a run, the editor server): what it remembers about a
    class of another module is re-read when that module, or a module its bases come from,
    changes; and is not re-parsed for each file while nothing changed."""
    from nnlint.analysis.classes import classes

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "layers.py").write_text("import torch.nn as nn\n\n\nclass Layer(nn.Module):\n    pass\n")
    (tmp_path / "base.py").write_text("from layers import Layer\n\n\nclass Base(Layer):\n    pass\n")
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text("from base import Base\n\n\nclass Net(Base):\n    pass\n")
    loader = ModuleLoader()
    parsed: list[Path] = []
    real_parse = loader._parse
    loader._parse = lambda path: parsed.append(path) or real_parse(path)  # type: ignore[method-assign]

    def verdict(name: str) -> bool | None:
        loader.start_file()
        module = program(tmp_path / name, loader)
        found = classes(module)["Net"].is_torch_module
        assert loader.consulted == {str(tmp_path / "base.py"), str(tmp_path / "layers.py")}
        return found

    assert verdict("a.py") is True
    assert sorted(p.name for p in parsed) == ["base.py", "layers.py"]
    drop_trees(loader)  # the answer alone is kept
    assert verdict("b.py") is True
    assert len(parsed) == 2
    (tmp_path / "layers.py").write_text("class Layer:\n    pass\n")
    assert verdict("c.py") is False


def test_a_module_is_not_parsed_again_for_a_new_question(tmp_path: Path) -> None:
    """What finding a name and classifying a class read of a module (its outline) is kept
    without its tree: another class, or a helper asked about by a later file, costs no parse;
    an edit of the module is still seen."""
    from nnlint.analysis.classes import classes
    from nnlint.analysis.summaries import summary

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "layers.py").write_text(
        "import torch.nn as nn\n\n\nclass Block(nn.Module):\n    pass\n\n\nclass Head(Block):\n    pass\n\n\n"
        "class Config:\n    pass\n\n\ndef scale(x):\n    return x * 2\n"
    )
    (tmp_path / "a.py").write_text("from layers import Block\n\n\nclass Net(Block):\n    pass\n")
    (tmp_path / "b.py").write_text(
        "from layers import Head, Config, scale\n\n\nclass Net(Head):\n    pass\n\n\nclass Options(Config):\n    pass\n\n\n"
        "def train(model, opt):\n    loss = scale(model(1))\n    loss.backward()\n    opt.step()\n"
    )
    loader = ModuleLoader()
    parsed: list[str] = []
    real_parse = loader._parse
    loader._parse = lambda path: parsed.append(path.name) or real_parse(path)  # type: ignore[method-assign]

    def read(name: str) -> Program:
        loader.start_file()
        return program(tmp_path / name, loader)

    assert classes(read("a.py"))["Net"].is_torch_module is True
    assert parsed == ["layers.py"]
    drop_trees(loader)
    b = read("b.py")
    found = classes(b)
    assert (found["Net"].is_torch_module, found["Options"].is_torch_module) == (True, False)
    assert parsed == ["layers.py"]
    assert summary(b, "layers.scale") is None  # it does nothing a rule asks about
    drop_trees(loader)
    assert summary(b, "layers.scale") is None
    assert parsed == ["layers.py", "layers.py"]  # once, to learn that scale() is plain
    (tmp_path / "layers.py").write_text("class Block:\n    pass\n\n\nclass Head(Block):\n    pass\n\n\nclass Config:\n    pass\n")
    assert classes(read("b.py"))["Net"].is_torch_module is False


def test_keras_hierarchy_across_modules() -> None:
    from nnlint.analysis.classes import classes

    own = classes(program(KERAS / "train.py"))
    assert own["GRUTagger"].is_keras_model is True
    assert own["GRUTagger"].is_torch_module is False
    without = classes(Program.from_source((KERAS / "train.py").read_text(encoding="utf-8")))
    assert without["GRUTagger"].is_keras_model is None  # unknown when the base cannot be read


def test_a_class_bound_by_assignment_is_followed(tmp_path: Path) -> None:
    """An alias is followed by reading; a class returned by a factory is inferred by astroid."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "nets.py").write_text(
        "import torch.nn as nn\n\n\nclass _Impl(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.fc = nn.Linear(2, 2)\n\n\n"
        "def _pick():\n    return _Impl\n\n\nResNet = _Impl\nWideResNet = _pick()\nNotAClass = 3\n"
    )
    (tmp_path / "run.py").write_text(
        "from nets import NotAClass, ResNet, WideResNet\nmodel = ResNet()\nwide = WideResNet()\n"
        "other = NotAClass()\nmodel.eval()\n"
    )
    objs = objects(program(tmp_path / "run.py"))
    assert objs.kind("model") == "model"
    assert objs.kind("wide") == "model"
    assert objs.kind("other") is None


def test_files_that_neither_train_nor_evaluate_skip_the_project_lookups(tmp_path: Path) -> None:
    """A module of layers only needs its base classes; what the objects it builds from other
    modules are is asked only by training and evaluation code (see docs/whole-program.md)."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "blocks.py").write_text("import torch.nn as nn\n\n\nclass Block(nn.Module):\n    pass\n")
    (tmp_path / "layers.py").write_text("from blocks import Block\n\n\nclass Head(Block):\n    pass\n\n\nhead = Block()\n")
    from nnlint.analysis.classes import classes

    layers = program(tmp_path / "layers.py")
    assert classes(layers)["Head"].is_torch_module is True
    assert objects(layers).kind("head") is None



def test_a_sibling_script_model_is_followed() -> None:
    """nanoGPT's layout: ``from model import GPT`` beside train.py, no package. Knowing that
    GPT is a module with dropout is what makes the missing ``model.train()`` visible."""
    script = RULES_DIR / "projects" / "gpt-sibling-scripts" / "train.py"
    alone = Linter(Settings()).lint_source(script.read_text(encoding="utf-8"), "train.py", path=None)
    assert alone.diagnostics == []
    found = Linter(Settings()).lint_path(script)
    assert [(d.line, d.code) for d in found.diagnostics] == [(30, "NN111")]


def test_seeding_inside_a_helper_of_another_module_counts(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "utils.py").write_text(
        "import random\n\nimport torch\n\n\ndef _fix(seed):\n    random.seed(seed)\n    torch.manual_seed(seed)\n\n\n"
        "def setup(args):\n    _fix(args.seed)\n\n\ndef log(text):\n    print(text)\n"
    )
    loop = (
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for x, y in loader:\n    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()\n"
    )
    (tmp_path / "seeded.py").write_text("import torch\nfrom utils import setup\n\nsetup(args)\n" + loop)
    (tmp_path / "unseeded.py").write_text("import torch\nfrom utils import log\n\nlog('start')\n" + loop)
    settings = Settings(selections=(Selection(select=("NN501",)),))
    result = run([str(tmp_path / "seeded.py"), str(tmp_path / "unseeded.py")], settings, jobs=1)
    assert [(Path(d.path).name, d.code) for d in result.diagnostics] == [("unseeded.py", "NN501")]


def test_a_long_running_linter_sees_edits_of_the_modules_it_read(tmp_path: Path) -> None:
    """The editor server keeps one Linter for hours: an edited helper module is re-read."""
    project = tmp_path / "torch-src-layout"
    shutil.copytree(TORCH, project)
    linter = Linter(Settings())
    script = project / "scripts" / "train.py"
    assert [d.code for d in linter.lint_path(script).diagnostics] == ["NN110"]
    engine = project / "src" / "visionlab" / "engine.py"
    text = engine.read_text(encoding="utf-8")
    engine.write_text(text.replace('    """Accuracy on ``loader``; the caller decides the model\'s mode."""\n', "    model.eval()\n"), encoding="utf-8")
    assert linter.lint_path(script).diagnostics == []


def test_a_linted_file_is_not_parsed_again_when_a_later_file_imports_it(tmp_path: Path) -> None:
    """The engine hands the loader the outline of each file it lints from disk; an editor's
    buffer (which may differ from the file) is not handed over."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "layers.py").write_text("import torch.nn as nn\n\n\nclass Block(nn.Module):\n    def forward(self, x):\n        return x\n")
    (tmp_path / "net.py").write_text("from layers import Block\n\n\nclass Net(Block):\n    pass\n\n\nnet = Net()\ny = net.forward(1)\n")
    for on_disk, parses in ((True, []), (False, ["layers.py"])):
        linter = Linter(Settings(selections=(Selection(select=("NN601",)),)))
        parsed: list[str] = []
        real_parse = linter.modules._parse
        linter.modules._parse = lambda path: parsed.append(path.name) or real_parse(path)  # type: ignore[method-assign]
        layers = tmp_path / "layers.py"
        if on_disk:
            linter.lint_path(layers)
        else:
            linter.lint_source(layers.read_text(), str(layers), layers)
        codes = [d.code for d in linter.lint_path(tmp_path / "net.py").diagnostics]
        assert codes == ["NN601"]  # needs to know that Block is a torch module
        assert parsed == parses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("loss.backward()", True),
        ("with torch.inference_mode():", True),
        ("opt.step()", True),
        ("optimizer = SGD(params)", True),
        ("def train_one_epoch(model):", True),
        ("evaluate(model, loader)", True),
        ("metrics = test(model)", True),
        ("if self.training:", False),  # ``train`` not followed by a call
        ("suboptimal = 1", False),  # ``optim`` inside a word
        ("pretrain(model)", False),  # ``train`` inside a word
        ("tester.run()", False),
        ("test_loader (x)", False),  # a space before the parenthesis
        ("step = 1", False),
    ],
)
def test_training_code_is_recognised_by_its_words(text: str, expected: bool) -> None:
    """Only a file that looks like training or evaluation code asks what its imported
    functions do (imports.trains_or_evaluates): words at a word boundary, called."""
    from nnlint.analysis.imports import looks_like_training

    assert looks_like_training(text) is expected
    assert looks_like_training(f"x = 1\n{text}\n") is expected
