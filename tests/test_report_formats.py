"""Every output format on one fixed input, compared with tests/snapshots/report.<format>.

The input is built by hand (fixed rule metadata and source texts) so that the snapshots
change only when a format changes: a plain finding, one whose message and path need
escaping, one spanning lines, one with a fix, and one in a notebook cell. Set
NNLINT_UPDATE_SNAPSHOTS=1 to rewrite the snapshots, then review the diff.

SARIF is validated by an independent SARIF 2.1.0 model (sarif-pydantic) and against
GitHub code scanning's required properties; JSON and JSON lines round-trip; the CLI is
run once per format on a real file.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pydantic import BaseModel
from sarif_pydantic import Sarif

from nnlint.diagnostic import Applicability, Diagnostic, Edit, Fix
from nnlint.report import FORMATS, statistics
from nnlint.report import json as json_format
from nnlint.report.context import ReportContext, RuleInfo

SNAPSHOTS = Path(__file__).parent / "snapshots"
REPO = Path(__file__).resolve().parents[1]

TRAIN = """import torch

model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
\tloss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
model.eval
print(f"100% done, {loss:.3f}")
"""

NOTEBOOK = json.dumps(
    {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Explore\n"]},
            {"cell_type": "code", "metadata": {}, "source": ["import torch\n"], "outputs": [], "execution_count": 1},
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["model = torch.nn.Linear(4, 2)\n", "model.train\n"],
                "outputs": [],
                "execution_count": 2,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)

RULES = {
    "NN101": RuleInfo(
        code="NN101",
        name="missing-zero-grad",
        summary="Finds training loops that call backward() and step() but never clear gradients",
        help_markdown="## What it does\nFinds training loops that never clear gradients.\n",
        severity="error",
        family="training-loop",
        frameworks=("torch",),
    ),
    "NN115": RuleInfo(
        code="NN115",
        name="method-not-called",
        summary="Finds training methods named as a statement but never called",
        help_markdown="## What it does\nFinds `model.eval` without `()`.\n",
        severity="warning",
        family="training-loop",
        frameworks=("torch",),
    ),
}

DIAGNOSTICS = [
    Diagnostic(
        code="NN101",
        name="missing-zero-grad",
        message="training loop calls loss.backward() and opt.step() but never clears gradients",
        path="src/train.py",
        line=5,
        col=1,
        end_line=8,
        end_col=15,
    ),
    Diagnostic(
        code="NN101",
        name="missing-zero-grad",
        message="tab-indented line, 100% sure: `loss`, really\nsecond line",
        path="src/train.py",
        line=6,
        col=2,
        end_line=6,
        end_col=6,
    ),
    Diagnostic(
        code="NN115",
        name="method-not-called",
        message="`model.eval` is not called: add `()` to run it",
        path="src/train.py",
        line=9,
        col=1,
        end_line=9,
        end_col=11,
        severity="warning",
        fix=Fix(title="Call `model.eval()`", edits=(Edit(9, 11, 9, 11, "()"),), applicability=Applicability.UNSAFE),
    ),
    Diagnostic(
        code="NN115",
        name="method-not-called",
        message="`model.train` is not called: add `()` to run it",
        path="notebooks/explore.ipynb",
        line=2,
        col=1,
        end_line=2,
        end_col=12,
        severity="warning",
        cell=3,
    ),
]


def _context() -> ReportContext:
    return ReportContext(
        root=Path.cwd(),
        sources={"src/train.py": TRAIN, "notebooks/explore.ipynb": NOTEBOOK},
        rules=RULES.get,
        tool_version="0.0.0-test",
    )


def _render(name: str) -> str:
    stream = io.StringIO()
    FORMATS[name](DIAGNOSTICS, stream, _context())
    return stream.getvalue()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_snapshot(name: str) -> None:
    output = _render(name)
    snapshot = SNAPSHOTS / f"report.{name}"
    if os.environ.get("NNLINT_UPDATE_SNAPSHOTS"):
        snapshot.write_text(output, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with NNLINT_UPDATE_SNAPSHOTS=1"
    assert output == snapshot.read_text(encoding="utf-8")


def test_statistics_snapshot() -> None:
    stream = io.StringIO()
    statistics.render(DIAGNOSTICS, stream)
    assert stream.getvalue() == "2\tNN101\tmissing-zero-grad\n2\tNN115\tmethod-not-called\n"
    stream = io.StringIO()
    statistics.render(DIAGNOSTICS, stream, as_json=True)
    assert json.loads(stream.getvalue())[1] == {"code": "NN115", "name": "method-not-called", "count": 2}


def test_text_is_flake8s_line() -> None:
    assert _render("text").splitlines()[0] == (
        "src/train.py:5:1: NN101 training loop calls loss.backward() and opt.step() but never clears gradients"
    )
    assert _render("text").splitlines()[-1].startswith("notebooks/explore.ipynb:cell 3:2:1: NN115 ")
    assert _render("pylint").splitlines()[-1].startswith("notebooks/explore.ipynb:cell 3:2: [NN115] ")


def test_json_round_trips() -> None:
    records = json.loads(_render("json"))
    assert [json_format.from_record(r) for r in records] == DIAGNOSTICS
    lines = [json.loads(line) for line in _render("json-lines").splitlines()]
    assert lines == records
    assert records[-1]["cell"] == 3 and records[0]["cell"] is None


def _extras(model: object, path: str = "$") -> list[str]:
    """Properties the SARIF model did not recognise (a misspelt key would land here)."""
    found: list[str] = []
    if isinstance(model, BaseModel):
        if model.model_extra:
            found += [f"{path}.{key}" for key in model.model_extra]
        for name in type(model).model_fields:
            if name != "properties":
                found += _extras(getattr(model, name), f"{path}.{name}")
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            found += _extras(item, f"{path}[{i}]")
    return found


def check_sarif(document: dict) -> None:
    """sarif-pydantic's SARIF 2.1.0 model, then GitHub code scanning's required fields."""
    model = Sarif.model_validate(document)
    # columnKind is a SARIF 2.1.0 run property (3.14.19) that sarif-pydantic does not model.
    assert [e for e in _extras(model) if not e.endswith("].columnKind")] == []
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    assert document["runs"]
    for run in document["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "nnlint" and driver["semanticVersion"] and driver["informationUri"]
        ids = [rule["id"] for rule in driver["rules"]]
        assert len(ids) == len(set(ids))
        for rule in driver["rules"]:
            for key in ("shortDescription", "fullDescription"):
                assert 0 < len(rule[key]["text"]) <= 1024
            assert rule["help"]["text"] and rule["help"]["markdown"] and rule["helpUri"]
            assert rule["name"] and len(rule["name"]) <= 255
            assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
            assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")
            assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
        for result in run["results"]:
            assert result["message"]["text"]
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["level"] in ("note", "warning", "error")
            assert result["partialFingerprints"] and all(result["partialFingerprints"].values())
            assert 1 <= len(result["locations"]) <= 10
            physical = result["locations"][0]["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert uri and "\\" not in uri and not uri.startswith(("/", "file:"))
            region = physical["region"]
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                assert isinstance(region[key], int) and region[key] >= 1
            assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])


def test_sarif_is_valid_for_github_code_scanning() -> None:
    document = json.loads(_render("sarif"))
    check_sarif(document)
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["NN101", "NN101", "NN115", "NN115"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 1,
        "endLine": 8,
        "endColumn": 15,
    }
    notebook = results[-1]
    assert notebook["properties"]["cell"] == 3
    assert notebook["message"]["text"].startswith("cell 3, line 2: ")
    fingerprints = [r["partialFingerprints"]["nnlintFingerprint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_github_annotations_are_escaped() -> None:
    lines = _render("github").splitlines()
    assert len(lines) == len(DIAGNOSTICS)
    command = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")
    parsed = [command.match(line) for line in lines]
    assert all(parsed)
    multi_line = dict(p.split("=", 1) for p in parsed[0]["props"].split(","))  # type: ignore[index]
    assert multi_line == {"title": "NN101 (missing-zero-grad)", "file": "src/train.py", "line": "5", "endLine": "8"}
    assert "%25 sure" in lines[1] and "%0Asecond line" in lines[1] and "\n" not in lines[1]
    assert lines[2].startswith("::warning ")
    assert "file=notebooks/explore.ipynb,line=1,endLine=1::notebooks/explore.ipynb:cell 3:2:1:" in lines[3]


def test_gitlab_code_quality_fields() -> None:
    issues = json.loads(_render("gitlab"))
    assert len(issues) == len(DIAGNOSTICS)
    for issue in issues:
        assert issue["description"] and issue["check_name"].startswith("NN")
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] and issue["location"]["positions"]["begin"]["line"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert "[cell 3, line 2]" in issues[-1]["description"]


def test_junit_is_well_formed() -> None:
    root = ET.fromstring(_render("junit"))
    assert root.tag == "testsuites" and root.get("tests") == str(len(DIAGNOSTICS))
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["nnlint.NN101", "nnlint.NN101", "nnlint.NN115", "nnlint.NN115"]
    assert all(c.find("failure") is not None for c in cases)
    assert "cell 3, line 2" in (cases[-1].find("failure").text or "")  # type: ignore[union-attr]


def test_full_puts_carets_under_the_finding() -> None:
    blocks = _render("full").split("\n\n")
    assert blocks[2].splitlines()[1:4] == ["  |", "9 | model.eval", "  | ^^^^^^^^^^"]
    assert blocks[1].splitlines()[4] == "  | \t^^^^"
    assert blocks[3].splitlines()[2] == "2 | model.train"


# The CLI end to end, on a real file.
BAD = REPO / "rules" / "NN001-unparsable-file" / "bad_missing_colon.py"


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nnlint", "check", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_cli_output_format(name: str) -> None:
    relative = BAD.relative_to(REPO).as_posix()
    result = _cli("--isolated", "--output-format", name, relative)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    if name in ("json", "gitlab"):
        assert len(json.loads(out)) == 1
    elif name == "json-lines":
        assert json.loads(out)["code"] == "NN001"
    elif name == "sarif":
        document = json.loads(out)
        check_sarif(document)
        uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == relative
    elif name == "junit":
        assert ET.fromstring(out).get("tests") == "1"
    else:
        assert "NN001" in out and f"{relative}:9" in out


def test_cli_output_file_and_statistics(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "nnlint.sarif"
    result = _cli("--isolated", "--output-format", "sarif", "--output-file", str(target), str(BAD))
    assert result.returncode == 1 and result.stdout == ""
    check_sarif(json.loads(target.read_text(encoding="utf-8")))
    result = _cli("--isolated", "--statistics", str(BAD))
    assert result.stdout == "1\tNN001\tunparsable-file\n"
