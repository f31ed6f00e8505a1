"""NN501 (opt-in): a training script that never seeds its random generators."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from nnlint.analysis.program import Program
from nnlint.analysis.seeds import seed_facts
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class MissingSeed(Rule):
    """
    ## What it does
    Finds a training entry point (a script that trains: a training loop or `fit()` reached
    from module level or `__main__`) that never seeds the random generators it uses.

    ## Why is this bad?
    Weight initialisation, shuffling, dropout and augmentation draw random numbers. Without a
    seed two runs of the same script give different curves and scores, so a change cannot be
    told apart from noise and a bug cannot be reproduced.

    ## Example
    ```python
    import torch

    model = torch.nn.Linear(10, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    ```

    Use instead:
    ```python
    import torch

    torch.manual_seed(0)
    model = torch.nn.Linear(10, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in loader:
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    ```

    ## Known problems
    Any call whose name mentions a seed counts as seeding, wherever it is in the file; seeds
    set in another module of the project are not seen (import the helper and call it from the
    script). scikit-learn-only scripts that pass `random_state=` everywhere are not findings.

    ## References
    - [PyTorch: Reproducibility](https://pytorch.org/docs/stable/notes/randomness.html)
    - [Keras: set_random_seed](https://keras.io/api/utils/python_utils/#setrandomseed-function)
    """

    code = "NN501"
    name = "missing-seed"
    message = "training starts at {call} but the script never seeds its random generators"
    frameworks = frozenset({"torch", "keras", "tensorflow", "sklearn", "lightning"})
    default = False
    needs = ("fit", "backward", "train")

    def check(self, program: Program) -> Iterable[Diagnostic]:
        facts = seed_facts(program)
        if facts.seeded or facts.first_training is None:
            return
        node = facts.first_training
        text = program.text(node.func) + "(...)" if isinstance(node, ast.Call) else program.text(node).split(":")[0]
        yield self.report(program, node, call=text)
