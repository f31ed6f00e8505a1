"""NN602: ``torch.load`` and the URL loaders unpickling arbitrary code."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from nnlint.analysis.program import Program
from nnlint.diagnostic import Applicability, Diagnostic, Fix
from nnlint.rule import Option, Rule

SAFE_BY_DEFAULT = (2, 6)
URL_LOADERS = frozenset({"torch.hub.load_state_dict_from_url", "torch.utils.model_zoo.load_url"})


class UnsafeTorchLoad(Rule):
    """
    ## What it does
    Finds `torch.load` calls that unpickle arbitrary objects: with `weights_only=False`, or
    without `weights_only` when the project supports PyTorch older than 2.6 (where `False`
    was the default); and `torch.hub.load_state_dict_from_url` /
    `torch.utils.model_zoo.load_url` without `weights_only=True` (their default is still
    `False`, and they load files from the network).

    ## Why is this bad?
    A checkpoint is a pickle. Unpickling runs whatever code the file tells it to, so loading a
    checkpoint downloaded from a hub, a shared drive or a pull request runs that code with
    your permissions. `weights_only=True` restricts loading to tensors and plain containers;
    other types can be allowed one by one with `torch.serialization.add_safe_globals`.

    ## Example
    ```python
    import torch

    state = torch.load("checkpoint.pt", map_location="cpu", weights_only=False)
    model.load_state_dict(state)
    ```

    Use instead:
    ```python
    import torch

    state = torch.load("checkpoint.pt", map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    ```

    ## Known problems
    Whether the project supports torch < 2.6 is read from the lower bound of the `torch`
    requirement in the nearest pyproject.toml (`[project] dependencies`) or requirements*.txt;
    when none is found, old versions are assumed supported and a missing `weights_only` is
    reported. Set `target-torch-version` to say otherwise. A call that passes `**kwargs` or a
    non-literal `weights_only` is not reported, nor a fallback in `except TypeError:` after a
    `try:` that loads with `weights_only` (for PyTorch builds that lack the argument).

    ## Options
    - `target-torch-version`: the oldest PyTorch the code must run on, such as `"2.6"`;
      overrides the requirement found in the project files.

    ## Fix safety
    The fix adds `weights_only=True` (the default of PyTorch 2.6 and later). It is safe when
    the loaded object goes straight into `load_state_dict(...)`: a state dict holds only
    tensors and plain containers, so it loads the same. Elsewhere it is unsafe: a checkpoint
    that pickles a whole model, an `argparse.Namespace` or other objects then fails to load
    on the older PyTorch versions the project supports (it already fails on 2.6 and later).
    Replacing an explicit `weights_only=False` is unsafe too: the author chose it, perhaps for
    a checkpoint that needs it.

    ## References
    - [torch.load](https://pytorch.org/docs/stable/generated/torch.load.html)
    - [Serialization semantics: weights_only](https://pytorch.org/docs/stable/notes/serialization.html#weights-only)
    - [torch.hub.load_state_dict_from_url](https://pytorch.org/docs/stable/hub.html#torch.hub.load_state_dict_from_url)
    """

    code = "NN602"
    name = "unsafe-torch-load"
    message = "`{func}(...)` {why}; pass weights_only=True (allow other types with torch.serialization.add_safe_globals)"
    frameworks = frozenset({"torch"})
    fix_availability = "always"
    needs = ("load",)
    options = {
        "target-torch-version": Option(
            str, "", "The oldest PyTorch version the code must run on (e.g. \"2.6\"); default: read from the project"
        )
    }

    def check(self, program: Program) -> Iterable[Diagnostic]:
        old_torch = self._supports_old_torch(program)
        for node in program.nodes_of(ast.Call):
            qual = program.call_name(node)
            if qual != "torch.load" and qual not in URL_LOADERS:
                continue
            if any(k.arg is None for k in node.keywords) or self._compat_fallback(program, node, qual):
                continue
            weights_only = next((k.value for k in node.keywords if k.arg == "weights_only"), None)
            func = program.text(node.func)
            if weights_only is not None:
                if isinstance(weights_only, ast.Constant) and weights_only.value is False:
                    yield self.report(program, node, func=func, why="with weights_only=False unpickles arbitrary code")
                continue
            if qual in URL_LOADERS:
                yield self.report(program, node, func=func, why="unpickles a downloaded file without weights_only=True")
            elif old_torch:
                yield self.report(
                    program, node, func=func,
                    why="without weights_only unpickles arbitrary code on torch < 2.6, which this project supports",
                )

    @staticmethod
    def _compat_fallback(program: Program, call: ast.Call, qual: str) -> bool:
        """The call in ``except TypeError:`` after a try that passes weights_only (old torch)."""
        for ancestor in program.ancestors(call):
            if isinstance(ancestor, ast.ExceptHandler) and "TypeError" in ast.dump(ancestor.type or ast.Pass()):
                owner = program.parent(ancestor)
                if isinstance(owner, ast.Try):
                    for stmt in owner.body:
                        for inner in ast.walk(stmt):
                            if (
                                isinstance(inner, ast.Call)
                                and program.call_name(inner) == qual
                                and any(k.arg == "weights_only" for k in inner.keywords)
                            ):
                                return True
        return False

    def _supports_old_torch(self, program: Program) -> bool:
        target = str(self.option_values.get("target-torch-version") or "").strip()
        version: tuple[int, ...] | None = None
        if target:
            version = tuple(int(p) for p in re.findall(r"\d+", target)[:3]) or None
        if version is None:
            version = program.project.torch_min_version
        return version is None or version[:2] < SAFE_BY_DEFAULT

    def fix(self, program: Program, diagnostic: Diagnostic) -> Fix | None:
        from nnlint.fix import add_keyword, edit_replace, node_at

        call = node_at(program, diagnostic, ast.Call)
        if call is None:
            return None
        existing = next((k for k in call.keywords if k.arg == "weights_only"), None)
        if existing is not None:
            edit = edit_replace(program, existing.value, "True")
            return Fix("Load with weights_only=True", (edit,), Applicability.UNSAFE)
        added = add_keyword(program, call, "weights_only", "True")
        if added is None:
            return None
        parent = program.parent(call)
        into_state_dict = (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and parent.func.attr == "load_state_dict"
            and parent.args[:1] == [call]
        )
        safety = Applicability.SAFE if into_state_dict else Applicability.UNSAFE
        return Fix("Add weights_only=True", (added,), safety)
