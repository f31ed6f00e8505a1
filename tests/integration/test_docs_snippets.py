"""The snippets of docs/integrations.md, run.

Blocks are found by their ``<!-- snippet: NAME -->`` marker. Workflow files for GitHub
Actions and GitLab CI are validated against the schemas that check-jsonschema ships (the
schemastore ones those systems publish), and each ``nnlint check`` command in them is run on
a small project with a mistake; the flake8 configuration is used by the real flake8. The
pre-commit configuration is run by tests/integration/test_pre_commit_hook.py.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from test_report_formats import check_sarif

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "integrations.md"
BAD = REPO / "rules" / "NN001-unparsable-file" / "bad_missing_colon.py"


def snippet(name: str, doc: Path = DOC) -> str:
    """The fenced block right after ``<!-- snippet: name -->``, dedented."""
    text = doc.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- snippet: {re.escape(name)} -->\s*\n(?P<indent>[ \t]*)```[a-z]*\n(?P<body>.*?)\n[ \t]*```", text, re.S
    )
    assert match, f"no snippet {name!r} in {doc.name}"
    return textwrap.dedent(match["body"]) + "\n"


def _validate(schema: str, name: str, tmp_path: Path) -> dict:
    target = tmp_path / name
    target.write_text(snippet(name.rsplit(".", 1)[0]), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    shutil.copy(BAD, project / "train.py")
    return project


def _run_nnlint(command: str, project: Path) -> subprocess.CompletedProcess[str]:
    args = shlex.split(command)
    assert args[0] == "nnlint"
    return subprocess.run(
        [sys.executable, "-m", "nnlint", *args[1:]], cwd=project, capture_output=True, text=True, timeout=120
    )


def _nnlint_commands(lines: list[str]) -> list[str]:
    commands = [line for line in lines if line.startswith("nnlint ")]
    assert commands
    return commands


def test_github_sarif_workflow(tmp_path: Path) -> None:
    workflow = _validate("vendor.github-workflows", "github-sarif-workflow.yml", tmp_path)
    steps = workflow["jobs"]["nnlint"]["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload and upload[0]["if"] == "always()"
    project = _project(tmp_path)
    for command in _nnlint_commands([s.get("run", "") for s in steps]):
        assert _run_nnlint(command, project).returncode == 1
    document = json.loads((project / upload[0]["with"]["sarif_file"]).read_text(encoding="utf-8"))
    check_sarif(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "train.py"


def test_github_annotations_workflow(tmp_path: Path) -> None:
    workflow = _validate("vendor.github-workflows", "github-annotations-workflow.yml", tmp_path)
    project = _project(tmp_path)
    for command in _nnlint_commands([s.get("run", "") for s in workflow["jobs"]["nnlint"]["steps"]]):
        result = _run_nnlint(command, project)
        assert result.returncode == 1
        assert result.stdout.startswith("::error title=NN001 (unparsable-file),file=train.py,line=9,col=25,")


def test_gitlab_code_quality_job(tmp_path: Path) -> None:
    pipeline = _validate("vendor.gitlab-ci", "gitlab-ci.yml", tmp_path)
    job = pipeline["nnlint"]
    project = _project(tmp_path)
    for command in _nnlint_commands(job["script"]):
        assert _run_nnlint(command, project).returncode == 1
    report = json.loads((project / job["artifacts"]["reports"]["codequality"]).read_text(encoding="utf-8"))
    assert report[0]["check_name"] == "NN001" and report[0]["location"]["path"] == "train.py"
    assert job["artifacts"]["when"] == "always"


def test_gitlab_junit_alternative(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run_nnlint("nnlint check --output-format junit --output-file nnlint-junit.xml", project).returncode == 1
    assert ET.parse(project / "nnlint-junit.xml").getroot().get("failures") == "1"


def test_flake8_configuration(tmp_path: Path) -> None:
    """``select = E,F,W`` alone hides NN; the documented ``extend-select = NN`` brings it back."""
    source = (REPO / "rules" / "NN115-method-not-called" / "bad_validation_without_eval.py").read_text(encoding="utf-8")
    (tmp_path / "train.py").write_text(source, encoding="utf-8")
    config = snippet("flake8-config")
    (tmp_path / ".flake8").write_text(config, encoding="utf-8")
    with_nn = subprocess.run([sys.executable, "-m", "flake8", "train.py"], cwd=tmp_path, capture_output=True, text=True)
    assert " NN115 " in with_nn.stdout, with_nn.stdout + with_nn.stderr
    (tmp_path / ".flake8").write_text(config.replace("extend-select = NN\n", ""), encoding="utf-8")
    without = subprocess.run([sys.executable, "-m", "flake8", "train.py"], cwd=tmp_path, capture_output=True, text=True)
    assert " NN" not in without.stdout


@pytest.mark.parametrize("name", ["pre-commit-config", "github-sarif-workflow", "gitlab-ci", "flake8-config"])
def test_snippet_exists(name: str) -> None:
    assert snippet(name).strip()


def test_output_formats_page_matches_the_cli(tmp_path: Path) -> None:
    """docs/output-formats.md shows real output: the findings of its train.py (positions and
    codes; rule wording may move on) are the ones `nnlint check` reports today."""
    page = (REPO / "docs" / "output-formats.md").read_text(encoding="utf-8")
    source = re.search(r"```python\n(.*?)```", page, re.S)
    text_block = re.search(r"\$ nnlint check train\.py\n(.*?)```", page, re.S)
    assert source and text_block
    (tmp_path / "train.py").write_text(source[1], encoding="utf-8")
    result = _run_nnlint("nnlint check --isolated train.py", tmp_path)
    where = re.compile(r"^(train\.py:\d+:\d+: NN\d+) ", re.M)
    assert where.findall(result.stdout) == where.findall(text_block[1])
