"""Stable fingerprints for CI systems that track findings across commits (SARIF, GitLab).

A fingerprint hashes the path, the code and the whitespace-normalised source line, plus how
many identical findings came before it, so inserting lines above a finding keeps its identity
and two identical findings in one file stay distinct.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import ReportContext


def fingerprints(diagnostics: list[Diagnostic], context: ReportContext) -> Iterator[str]:
    seen: dict[str, int] = {}
    for diagnostic in diagnostics:
        line = " ".join(context.line_text(diagnostic).split())
        key = "\0".join(
            (context.relative_uri(diagnostic.path), str(diagnostic.cell or ""), diagnostic.code, line)
        )
        base = hashlib.sha256(key.encode("utf-8")).hexdigest()
        seen[base] = seen.get(base, 0) + 1
        yield f"{base[:32]}:{seen[base]}"
