"""The project's own code passes ruff and mypy with the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff() -> None:
    result = run("ruff", "check", "--no-cache", "src/nnlint", "tests", "docs/generate.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run("mypy", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr
