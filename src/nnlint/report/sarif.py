"""SARIF 2.1.0, shaped for GitHub code scanning (``github/codeql-action/upload-sarif``).

One run; ``tool.driver.rules`` lists every rule that has a finding, with its summary, its
documentation as help text and markdown, and a link. Results carry repository-relative
URIs with ``/``, full regions (``endColumn`` is exclusive, as nnlint's is) and a
``partialFingerprints`` entry. Notebook cells have no line of their own in the file, so a
notebook result points at line 1 and its message and properties name the cell.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import INFORMATION_URI, ReportContext, RuleInfo
from nnlint.report.fingerprint import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning"}
MAX_TEXT = 1024


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def rule_descriptor(rule: RuleInfo) -> dict[str, Any]:
    level = LEVELS.get(rule.severity, "note")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(rule.summary)},
        "help": {"text": _clip(f"{rule.summary}. See {rule.url}"), "markdown": rule.help_markdown or rule.summary},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": [tag for tag in (rule.family, *rule.frameworks) if tag],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY.get(rule.severity, "recommendation"),
        },
    }


def _region(diagnostic: Diagnostic) -> dict[str, int]:
    if diagnostic.cell is not None:
        return {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    return {
        "startLine": diagnostic.line,
        "startColumn": diagnostic.col,
        "endLine": diagnostic.end_line,
        "endColumn": max(diagnostic.end_col, diagnostic.col) if diagnostic.end_line == diagnostic.line else diagnostic.end_col,
    }


def document(diagnostics: list[Diagnostic], context: ReportContext) -> dict[str, Any]:
    rules: dict[str, RuleInfo] = {}
    for diagnostic in diagnostics:
        rules.setdefault(diagnostic.code, context.rule(diagnostic))
    order = sorted(rules)
    index = {code: i for i, code in enumerate(order)}
    results = []
    for diagnostic, fingerprint in zip(diagnostics, fingerprints(diagnostics, context)):
        message = diagnostic.message
        properties: dict[str, Any] = {"name": diagnostic.name}
        if diagnostic.cell is not None:
            message = f"cell {diagnostic.cell}, line {diagnostic.line}: {message}"
            properties.update(
                cell=diagnostic.cell,
                cellRegion={
                    "startLine": diagnostic.line,
                    "startColumn": diagnostic.col,
                    "endLine": diagnostic.end_line,
                    "endColumn": diagnostic.end_col,
                },
            )
        results.append(
            {
                "ruleId": diagnostic.code,
                "ruleIndex": index[diagnostic.code],
                "level": LEVELS.get(diagnostic.severity, "note"),
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": context.relative_uri(diagnostic.path)},
                            "region": _region(diagnostic),
                        }
                    }
                ],
                "partialFingerprints": {"nnlintFingerprint/v1": fingerprint},
                "properties": properties,
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nnlint",
                        "semanticVersion": context.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(rules[code]) for code in order],
                    }
                },
                "automationDetails": {"id": "nnlint/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    json.dump(document(diagnostics, context or ReportContext()), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
