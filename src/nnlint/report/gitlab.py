"""GitLab Code Quality report (the ``codequality`` artifact): a JSON array of issues.

Paths are relative to the repository root, as GitLab matches them against the merge
request's diff. Notebook findings point at line 1 and name the cell in the description.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import ReportContext
from nnlint.report.fingerprint import fingerprints

SEVERITIES = {"error": "major", "warning": "minor"}


def issue(diagnostic: Diagnostic, fingerprint: str, context: ReportContext) -> dict[str, Any]:
    description = f"{diagnostic.code} ({diagnostic.name}): {diagnostic.message}"
    if diagnostic.cell is not None:
        begin = {"line": 1, "column": 1}
        end = {"line": 1, "column": 1}
        description += f" [cell {diagnostic.cell}, line {diagnostic.line}]"
    else:
        begin = {"line": diagnostic.line, "column": diagnostic.col}
        end = {"line": diagnostic.end_line, "column": diagnostic.end_col}
    return {
        "type": "issue",
        "check_name": diagnostic.code,
        "description": description,
        "categories": ["Bug Risk"],
        "severity": SEVERITIES.get(diagnostic.severity, "info"),
        "fingerprint": fingerprint,
        "location": {
            "path": context.relative_uri(diagnostic.path),
            "positions": {"begin": begin, "end": end},
        },
    }


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    context = context or ReportContext()
    issues = [
        issue(d, f, context) for d, f in zip(diagnostics, fingerprints(diagnostics, context))
    ]
    json.dump(issues, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
