"""JUnit XML: one testsuite per file, one failing testcase per finding (ruff's shape).

CI systems that only understand test reports (Jenkins, Azure, GitLab's test tab) show each
finding as a failed test named ``nnlint.NN101``.
"""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET

from nnlint.diagnostic import Diagnostic
from nnlint.report.context import ReportContext


def _classname(path: str) -> str:
    stem = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    return stem.replace("/", ".").replace("\\", ".")


def render(diagnostics: list[Diagnostic], stream: TextIO, context: ReportContext | None = None) -> None:
    root = ET.Element(
        "testsuites", name="nnlint", tests=str(len(diagnostics)), failures=str(len(diagnostics)), errors="0"
    )
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    for path, found in by_path.items():
        suite = ET.SubElement(
            root, "testsuite", name=path, tests=str(len(found)), failures=str(len(found)), errors="0"
        )
        for d in found:
            attributes = {
                "name": f"nnlint.{d.code}",
                "classname": _classname(path),
                "file": path,
                "line": str(d.line),
                "column": str(d.col),
            }
            case = ET.SubElement(suite, "testcase", attributes)
            where = f"cell {d.cell}, " if d.cell is not None else ""
            failure = ET.SubElement(case, "failure", message=d.message, type=f"{d.code} {d.name}")
            failure.text = (
                f"{where}line {d.line}, col {d.col} to line {d.end_line}, col {d.end_col}, "
                f"{d.code} ({d.name}): {d.message}"
            )
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")
