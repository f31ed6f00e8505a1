"""docs/editors.md's Neovim and Emacs snippets, run as written in the real editors, headless.

These editors are not Python packages, so the tests run only where they are installed:
Neovim 0.11 or later (``nvim`` on PATH, or NNLINT_TEST_NVIM naming the binary) and Emacs with
eglot (``emacs`` on PATH, or NNLINT_TEST_EMACS). The server itself is tested everywhere by
test_lsp_server.py; these check that the documented editor settings start it and show its
findings.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_docs_snippets import snippet

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "editors.md"
SOURCE = "import torch\n\nmodel = torch.nn.Linear(4, 2)\nmodel.eval\n"


def _editor(name: str, env_var: str) -> str | None:
    return os.environ.get(env_var) or shutil.which(name)


def _env() -> dict[str, str]:
    """PATH starts with this interpreter's scripts folder, where `nnlint` is installed."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _project(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "pyproject.toml").write_text('[tool.nnlint]\nselect = ["NN115"]\n', encoding="utf-8")
    (tmp_path / "train.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def _nvim_version(binary: str) -> tuple[int, int]:
    first = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    match = re.search(r"v(\d+)\.(\d+)", first)
    return (int(match[1]), int(match[2])) if match else (0, 0)


NVIM_CHECK = """
vim.cmd.edit('train.py')
vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 100)
for _, d in ipairs(vim.diagnostic.get(0)) do
  io.stdout:write(string.format('%d:%d-%d %s %s %s\\n', d.lnum, d.col, d.end_col, d.source, d.code, d.message))
end
vim.cmd('qa!')
"""


def test_neovim_snippet(tmp_path: Path) -> None:
    nvim = _editor("nvim", "NNLINT_TEST_NVIM")
    if nvim is None or _nvim_version(nvim) < (0, 11):
        pytest.skip("needs Neovim 0.11+ (set NNLINT_TEST_NVIM)")
    project = _project(tmp_path)
    (project / "init.lua").write_text(snippet("neovim", DOC), encoding="utf-8")
    (project / "check.lua").write_text(NVIM_CHECK, encoding="utf-8")
    result = subprocess.run(
        [nvim, "--headless", "--clean", "-u", "init.lua", "-c", "luafile check.lua"],
        cwd=project, env=_env(), capture_output=True, text=True, timeout=60,
    )
    assert "3:0-10 nnlint NN115 `model.eval`" in result.stdout, result.stdout + result.stderr


EMACS_CHECK = """
(package-initialize)
(require 'eglot)
(load (expand-file-name "init.el"))
(find-file (expand-file-name "train.py"))
(python-mode)
(unless (eglot-current-server) (apply #'eglot (eglot--guess-contact)))
(let ((tries 0))
  (while (and (< tries 100) (null (flymake-diagnostics)))
    (accept-process-output nil 0.2)
    (setq tries (1+ tries))))
(dolist (d (flymake-diagnostics))
  (princ (format "%d:%d %s\\n"
                 (line-number-at-pos (flymake-diagnostic-beg d))
                 (save-excursion (goto-char (flymake-diagnostic-beg d)) (current-column))
                 (flymake-diagnostic-text d))))
(kill-emacs 0)
"""


def test_emacs_eglot_snippet(tmp_path: Path) -> None:
    emacs = _editor("emacs", "NNLINT_TEST_EMACS")
    if emacs is None:
        pytest.skip("needs Emacs with eglot (set NNLINT_TEST_EMACS)")
    probe = subprocess.run([emacs, "--batch", "-q", "--eval", "(progn (package-initialize) (require 'eglot))"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        pytest.skip("Emacs has no eglot")
    project = _project(tmp_path)
    (project / "init.el").write_text(snippet("emacs", DOC), encoding="utf-8")
    (project / "check.el").write_text(EMACS_CHECK, encoding="utf-8")
    result = subprocess.run(
        [emacs, "--batch", "-q", "-l", "check.el"], cwd=project, env=_env(), capture_output=True, text=True, timeout=90
    )
    assert "4:0 nnlint [NN115]: `model.eval`" in result.stdout, result.stdout + result.stderr
