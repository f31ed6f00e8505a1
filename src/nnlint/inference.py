"""The one way nnlint may use astroid: inference that reads files and never runs them.

astroid answers what a name imported from another module of the project is. It builds its
trees by parsing source; the only way it executes code is by importing compiled extension
modules to build stubs for them, which ``configure_astroid`` forbids (no extension is loaded,
none is allow-listed). Call it before any astroid use; tests/test_never_runs_code.py checks it.
"""

from __future__ import annotations

from typing import Any


def configure_astroid() -> Any:
    """The astroid manager, set so that inference cannot import or execute user code."""
    import astroid

    manager = astroid.MANAGER
    manager.always_load_extensions = False
    manager.extension_package_whitelist = set()
    manager.max_inferable_values = min(getattr(manager, "max_inferable_values", 100), 100)
    return manager
