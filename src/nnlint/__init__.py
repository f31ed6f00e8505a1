"""nnlint: a static linter for machine-learning training code."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check_source"]


def check_source(source: str, path: str = "<string>", settings=None):  # type: ignore[no-untyped-def]
    """The findings for one source text (see nnlint.engine.check_source)."""
    from nnlint.engine import check_source as _check

    return _check(source, path, settings)
