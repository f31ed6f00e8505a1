"""NN407: a validation split cut from a Dataset that applies random training augmentation."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.dataflow import DataFlow, SplitFact, constant, dataflow, keyword, resolve, side_hint
from nnlint.analysis.names import dotted
from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule

RANDOM_OPS = frozenset({"RandAugment", "AutoAugment", "TrivialAugmentWide", "AugMix", "ColorJitter"})
KERAS_AUGMENTING = frozenset(
    {
        "rotation_range", "width_shift_range", "height_shift_range", "shear_range", "zoom_range",
        "horizontal_flip", "vertical_flip", "brightness_range", "channel_shift_range",
    }
)


class AugmentedValidationSplit(Rule):
    """
    ## What it does
    Finds `random_split` or `Subset` of one Dataset built with a random training transform
    (`RandomCrop`, `RandomHorizontalFlip`, `RandAugment`, `ColorJitter`, ...) where one part
    is used for validation, and Keras `ImageDataGenerator(validation_split=...)` with
    augmentation arguments whose `subset="validation"` flow is augmented too.

    ## Why is this bad?
    The parts of a split share the parent dataset and its transform, so validation images are
    randomly cropped and flipped as well: the validation score is noisy and pessimistic, and
    checkpoint selection or early stopping based on it picks the wrong epoch.

    ## Example
    ```python
    from torch.utils.data import random_split
    from torchvision import datasets, transforms

    train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()])
    full = datasets.ImageFolder("data/train", transform=train_tf)
    train_set, val_set = random_split(full, [0.9, 0.1])
    ```

    Use instead:
    ```python
    import torch
    from torch.utils.data import Subset
    from torchvision import datasets, transforms

    train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()])
    eval_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])
    train_full = datasets.ImageFolder("data/train", transform=train_tf)
    eval_full = datasets.ImageFolder("data/train", transform=eval_tf)
    order = torch.randperm(len(train_full)).tolist()
    train_set = Subset(train_full, order[:-1000])
    val_set = Subset(eval_full, order[-1000:])
    ```

    ## References
    - [PyTorch: random_split](https://pytorch.org/docs/stable/data.html#torch.utils.data.random_split)
    """

    code = "NN407"
    name = "augmented-validation-split"
    message = "{split} takes {part} from {dataset}, whose transform is random: the validation data is augmented too"
    frameworks = frozenset({"torch", "keras"})
    needs = ("random_split", "Subset", "validation_split")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        flow = dataflow(program)
        for split in flow.splits:
            node = split.node
            if not isinstance(node, ast.Call):
                continue
            name = program.call_name(node) or ""
            if name.endswith("random_split") and split.kind == "random_split":
                held_out = [out for i, (out, side) in enumerate(split.outputs.items()) if i > 0 and side != "train"]
            elif name.endswith("Subset") and split.kind == "select":
                held_out = [out for out, side in split.outputs.items() if side in ("val", "test")]
            else:
                continue
            if not held_out or not node.args:
                continue
            dataset = _dataset_call(program, flow, split, node.args[0])
            if dataset is None or not _random_transform(program, flow, split, dataset):
                continue
            if any(_gets_own_transform(program, flow, split, out) for out in held_out):
                continue
            yield self.report(program, node, split=program.text(node.func), part=held_out[0], dataset=program.text(node.args[0]))
        yield from self._keras_generators(program, flow)

    def _keras_generators(self, program: Program, flow: DataFlow) -> Iterable[Diagnostic]:
        for call in flow.calls:
            node = call.node
            if not (call.method or "").startswith("flow") or constant(keyword(node, "subset")) != "validation":
                continue
            generator = resolve(flow, call.scope, node.func.value, call.line)  # type: ignore[attr-defined]
            if not isinstance(generator, ast.Call) or not (program.call_name(generator) or "").endswith("ImageDataGenerator"):
                continue
            if not any(kw.arg in KERAS_AUGMENTING and constant(kw.value) not in (0, False, None, 0.0) for kw in generator.keywords):
                continue
            yield self.report(
                program, node, split=program.text(node.func), part='subset="validation"', dataset=program.text(node.func.value)  # type: ignore[attr-defined]
            )


def _dataset_call(program: Program, flow: DataFlow, split: SplitFact, node: ast.AST) -> ast.Call | None:
    found = resolve(flow, split.scope, node, split.line)
    return found if isinstance(found, ast.Call) else None


def _random_transform(program: Program, flow: DataFlow, split: SplitFact, dataset: ast.Call) -> bool:
    transform = keyword(dataset, "transform")
    if transform is None:
        return False
    transform = resolve(flow, split.scope, transform, split.line)
    if transform is None:
        return False
    for node in ast.walk(transform):
        if isinstance(node, ast.Call):
            name = program.call_name(node) or ""
            if not name.startswith("torchvision.transforms"):
                continue
            last = name.rsplit(".", 1)[-1]
            if last.startswith("Random") or last in RANDOM_OPS:
                return True
    return False


def _gets_own_transform(program: Program, flow: DataFlow, split: SplitFact, out: str) -> bool:
    """``val_set.dataset.transform = eval_tf`` or a wrapper that applies its own transform."""
    for node in ast.walk(split.scope):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                spelled = dotted(target) or ""
                if spelled.startswith(out + ".") and spelled.endswith("transform"):
                    return True
    for call in flow.calls:
        if call.scope is not split.scope or call.line < split.line:
            continue
        args = [dotted(a) for a in call.node.args] + [dotted(k.value) for k in call.node.keywords]
        if out in args and (
            any("transform" in (k.arg or "") or "tf" == (k.arg or "") for k in call.node.keywords)
            or any(side_hint(a) is None and "transform" in (a or "").lower() or (a or "").lower().endswith("_tf") for a in args)
        ):
            return True
    return False
