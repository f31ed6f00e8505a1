"""``json`` and ``json-lines``: ruff's object shape, positions 1-based, ``cell`` for notebooks.

    {"code": "NN101", "name": "missing-zero-grad", "message": "...", "severity": "error",
     "filename": "train.py", "cell": null, "location": {"row": 12, "column": 5},
     "end_location": {"row": 12, "column": 20}, "noqa_row": 12, "fix": null, "url": "..."}

``filename`` is the path as nnlint was given it. ``from_record`` reads an object back into
a Diagnostic, so the output round-trips.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from nnlint.diagnostic import Applicability, Diagnostic, Edit, Fix
from nnlint.report.context import ReportContext, rule_url


def _position(row: int, column: int) -> dict[str, int]:
    return {"row": row, "column": column}


def record(diagnostic: Diagnostic) -> dict[str, Any]:
    fix = None
    if diagnostic.fix is not None:
        fix = {
            "applicability": diagnostic.fix.applicability.value,
            "message": diagnostic.fix.title,
            "edits": [
                {
                    "content": edit.content,
                    "location": _position(edit.line, edit.col),
                    "end_location": _position(edit.end_line, edit.end_col),
                }
                for edit in diagnostic.fix.edits
            ],
        }
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "message": diagnostic.message,
        "severity": diagnostic.severity,
        "filename": diagnostic.path,
        "cell": diagnostic.cell,
        "location": _position(diagnostic.line, diagnostic.col),
        "end_location": _position(diagnostic.end_line, diagnostic.end_col),
        "noqa_row": diagnostic.line,
        "fix": fix,
        "url": rule_url(diagnostic.code),
    }


def from_record(data: dict[str, Any]) -> Diagnostic:
    fix = None
    if data.get("fix"):
        raw = data["fix"]
        fix = Fix(
            title=raw["message"],
            applicability=Applicability(raw["applicability"]),
            edits=tuple(
                Edit(
                    line=e["location"]["row"],
                    col=e["location"]["column"],
                    end_line=e["end_location"]["row"],
                    end_col=e["end_location"]["column"],
                    content=e["content"],
                )
                for e in raw["edits"]
            ),
        )
    return Diagnostic(
        code=data["code"],
        name=data["name"],
        message=data["message"],
        path=data["filename"],
        line=data["location"]["row"],
        col=data["location"]["column"],
        end_line=data["end_location"]["row"],
        end_col=data["end_location"]["column"],
        severity=data["severity"],
        fix=fix,
        cell=data.get("cell"),
    )


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    json.dump([record(d) for d in diagnostics], stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def render_lines(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    for diagnostic in diagnostics:
        stream.write(json.dumps(record(diagnostic), ensure_ascii=False) + "\n")
