"""NN001: the engine reports it; this class carries its metadata and documentation."""

from __future__ import annotations

from collections.abc import Iterable

from nnlint.analysis.program import Program
from nnlint.diagnostic import Diagnostic
from nnlint.rule import Rule


class UnparsableFile(Rule):
    """
    ## What it does
    Reports a file that nnlint cannot read, decode or parse, at the position of the error,
    with the reason the parser gave.

    ## Why is this bad?
    A file that does not parse is not checked at all, so every other rule is silent on it.
    The file is parsed with the grammar of the Python that runs nnlint: code that uses newer
    syntax (for example PEP 695 type parameters on Python 3.10) is reported here, so run
    nnlint with the Python your project targets.

    ## Example
    ```python
    for batch in loader
        loss = model(batch)
    ```

    Use instead:
    ```python
    for batch in loader:
        loss = model(batch)
    ```
    """

    code = "NN001"
    name = "unparsable-file"
    message = "{reason}"
    frameworks = frozenset()
    needs = ()  # reported by the engine while parsing; see nnlint.prefilter

    def check(self, program: Program) -> Iterable[Diagnostic]:
        return ()
