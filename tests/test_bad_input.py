"""Every class of bad input gets one clear message, never a traceback (issue 8).

Each test runs the real command line with every rule selected (``--select ALL --preview``) and
checks the exact output: a finding where the input deserves one, silence where it does not,
exit code 2 only for usage and configuration mistakes.
"""

from __future__ import annotations

import ast
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnlint.cli import main

PY = "Python {}.{}".format(*sys.version_info[:2])
TRAIN = """\
import torch


def train(model, loader, optimizer, criterion):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["check", "--isolated", "--select", "ALL", "--preview", "--no-cache", "-j", "1", *args], input=input)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def nn001(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in result.stdout.splitlines() if " NN001 " in line]


def clean(result) -> bool:  # type: ignore[no-untyped-def]
    return result.exit_code == 0 and result.stdout == ""


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_empty_file(here: Path) -> None:
    write(here / "empty.py", b"")
    assert clean(check("empty.py"))


def test_comments_only(here: Path) -> None:
    write(here / "c.py", "#!/usr/bin/env python\n# just a comment\n\n   # indented comment\n")
    assert clean(check("c.py"))


def test_utf8_bom(here: Path) -> None:
    write(here / "bom.py", b"\xef\xbb\xbf" + TRAIN.encode())
    assert clean(check("bom.py"))
    write(here / "bom_bad.py", b"\xef\xbb\xbfx = (\n")
    assert nn001(check("bom_bad.py")) == [f"bom_bad.py:1:5: NN001 cannot parse with {PY}: '(' was never closed"]


def test_pep263_latin1_cookie(here: Path) -> None:
    write(here / "latin.py", ("# -*- coding: latin-1 -*-\n# entraînement\n" + TRAIN).encode("latin-1"))
    assert clean(check("latin.py"))
    write(here / "wrong.py", "# -*- coding: ascii -*-\nx = 'é'\n".encode("utf-8"))
    assert nn001(check("wrong.py"))[0].startswith("wrong.py:2:6: NN001 cannot decode as ascii: ordinal not in range(128)")
    write(here / "unknown.py", b"# -*- coding: klingon -*-\nx = 1\n")
    assert nn001(check("unknown.py")) == ["unknown.py:1:1: NN001 cannot decode: unknown encoding: klingon"]


def test_crlf_line_endings(here: Path) -> None:
    write(here / "crlf.py", TRAIN.replace("\n", "\r\n"))
    assert clean(check("crlf.py"))
    write(here / "crlf_bad.py", "x = 1\r\ny = (\r\n")
    assert nn001(check("crlf_bad.py")) == [f"crlf_bad.py:2:5: NN001 cannot parse with {PY}: '(' was never closed"]


def test_lone_cr_line_endings(here: Path) -> None:
    write(here / "cr.py", TRAIN.replace("\n", "\r"))
    assert clean(check("cr.py"))
    write(here / "cr_bad.py", "x = 1\ry = (\r")
    assert nn001(check("cr_bad.py")) == [f"cr_bad.py:2:5: NN001 cannot parse with {PY}: '(' was never closed"]


def test_tabs_and_form_feeds(here: Path) -> None:
    write(here / "tabs.py", TRAIN.replace("    ", "\t") + "\f\n\fdef f():\n\treturn 1\n")
    assert clean(check("tabs.py"))
    write(here / "mixed.py", "if True:\n        x = 1\n\ty = 2\n")
    assert nn001(check("mixed.py"))[0].startswith("mixed.py:3:")


def test_invalid_utf8_without_cookie(here: Path) -> None:
    write(here / "bad.py", b"x = 1\ns = 'caf\xe9'\n")
    assert nn001(check("bad.py")) == [
        "bad.py:2:9: NN001 cannot decode as utf-8: invalid continuation byte 0xe9; save the file as UTF-8 or declare its encoding (# -*- coding: latin-1 -*-)"
    ]


def test_nul_bytes(here: Path) -> None:
    write(here / "nul.py", b"x = 1\ny = 2\x00\n")
    assert nn001(check("nul.py")) == ["nul.py:2:6: NN001 source contains a NUL byte (is this a binary file?)"]


def test_binary_file_named_py(here: Path) -> None:
    write(here / "model.py", bytes(range(256)) * 64)
    (line,) = nn001(check("model.py"))
    assert line == "model.py:1:1: NN001 source contains a NUL byte (is this a binary file?)"
    write(here / "image.py", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 8)
    (line,) = nn001(check("image.py"))
    assert line.startswith("image.py:1:1: NN001 cannot decode as utf-8: invalid start byte 0x89")


def test_nesting_deep_enough_for_the_recursion_limit(here: Path) -> None:
    write(here / "deep.py", "x = " + "(" * 500 + "1" + ")" * 500 + "\n")
    assert nn001(check("deep.py")) == [f"deep.py:1:{oracle_col('deep.py')}: NN001 cannot parse with {PY}: too many nested parentheses"]
    write(here / "deeper.py", "x = " + "-" * 200_000 + "1\n")
    assert nn001(check("deeper.py")) == [f"deeper.py:1:1: NN001 cannot parse with {PY}: nesting too deep (the parser hit Python's recursion limit)"]
    write(here / "chain.py", "x = y" + ".a" * 50_000 + "\n")
    assert "nesting too deep" in nn001(check("chain.py"))[0]
    # Deep, but within what the parser accepts: analysed, no finding.
    write(here / "sum.py", "x = " + " + ".join(["1"] * 800) + "\n")
    assert clean(check("sum.py"))


def oracle_col(name: str) -> int:
    """Where CPython itself places the syntax error (1-based, in characters)."""
    try:
        ast.parse(Path(name).read_text(encoding="utf-8"))
    except SyntaxError as error:
        return error.offset or 1
    raise AssertionError(f"{name} parses")


def test_very_long_lines(here: Path) -> None:
    write(here / "long.py", "VOCAB = '" + "tokens " * 150_000 + "'\nIDS = [" + ", ".join(map(str, range(5_000))) + "]\n" + TRAIN)
    assert clean(check("long.py"))
    write(here / "long_bad.py", "x = 'é" + "a" * 1_000_000 + "' +\n")
    assert nn001(check("long_bad.py")) == [f"long_bad.py:1:{oracle_col('long_bad.py')}: NN001 cannot parse with {PY}: invalid syntax"]


def test_unreadable_file(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(here / "secret.py", TRAIN)
    os.chmod(path, 0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it does for a user
        real = Path.read_bytes

        def deny(self: Path) -> bytes:
            if self.name == "secret.py":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", deny)
    assert nn001(check("secret.py")) == ["secret.py:1:1: NN001 cannot read file: Permission denied"]


def test_broken_symlink(here: Path) -> None:
    (here / "link.py").symlink_to(here / "gone.py")
    expected = ["link.py:1:1: NN001 cannot read file: broken symbolic link (points to '%s', which does not exist)" % (here / "gone.py")]
    assert nn001(check("link.py")) == expected
    assert nn001(check(".")) == expected


def test_symlink_loop(here: Path) -> None:
    (here / "a.py").symlink_to(here / "b.py")
    (here / "b.py").symlink_to(here / "a.py")
    assert nn001(check("a.py")) == ["a.py:1:1: NN001 cannot read file: symbolic link loop"]
    (here / "pkg").mkdir()
    (here / "pkg" / "loop").symlink_to(here / "pkg")
    write(here / "pkg" / "t.py", TRAIN)
    result = check("pkg")
    assert clean(result)


def test_folder_named_x_py(here: Path) -> None:
    write(here / "x.py" / "inner.py", "loss.backward(\n")
    result = check("x.py")
    assert nn001(result) == [f"x.py/inner.py:1:14: NN001 cannot parse with {PY}: '(' was never closed"]


def test_paths_with_spaces_and_non_ascii(here: Path) -> None:
    # The words make a walk parse them (nnlint.prefilter skips files that mention none).
    write(here / "my project" / "entraînement données.py", "loss.backward(\n")
    write(here / "模型" / "训练.py", "optimizer.step(\n")
    result = check(".")
    assert [line.split(":")[0] for line in nn001(result)] == ["my project/entraînement données.py", "模型/训练.py"]
    assert clean(check("--extend-exclude", "my project", "--extend-exclude", "模型", "."))


def test_columns_count_characters_on_non_ascii_lines(here: Path) -> None:
    write(here / "cols.py", "s = 'données' + $\n")
    assert nn001(check("cols.py")) == [f"cols.py:1:17: NN001 cannot parse with {PY}: invalid syntax"]


def test_stdin_with_stdin_filename(here: Path) -> None:
    result = check("-", "--stdin-filename", "src/train.py", input=b"x = (\n")
    assert nn001(result) == [f"src/train.py:1:5: NN001 cannot parse with {PY}: '(' was never closed"]
    assert clean(check("-", input=TRAIN.encode()))
    assert nn001(check("-", input=b"\xff\n"))[0].startswith("-:1:1: NN001 cannot decode as utf-8")
    assert clean(check("-", input=b""))


def test_python2_code(here: Path) -> None:
    write(here / "py2.py", "import torch\nprint 'epoch', 1\nexec 'x = 1'\n")
    assert nn001(check("py2.py")) == [
        f"py2.py:2:1: NN001 cannot parse with {PY}: Missing parentheses in call to 'print'. Did you mean print(...)?"
    ]
    write(here / "py2_except.py", "try:\n    pass\nexcept Exception, e:\n    pass\n")
    assert nn001(check("py2_except.py"))[0].startswith("py2_except.py:3:")


NEWEST = {
    "pep695.py": "type Vector[T] = list[T]\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n\nclass Box[T]:\n    item: T\n",
    "pep701.py": "names = ['a']\nprint(f\"{'\\n'.join(names)}\")\nprint(f\"{f\"{f\"{1}\"}\"}\")\n",
    "match.py": "def f(cmd):\n    match cmd:\n        case {'op': 'fit', **rest}:\n            return rest\n        case [x, *_] if x:\n            return x\n        case _:\n            return None\n",
    "pep654.py": "try:\n    pass\nexcept* ValueError as group:\n    pass\n",
}


@pytest.mark.parametrize("name", sorted(NEWEST))
def test_newest_syntax(here: Path, name: str) -> None:
    source = NEWEST[name]
    write(here / name, source)
    result = check(name)
    try:
        ast.parse(source)
    except SyntaxError as error:  # newer than this Python: NN001 naming the version
        (line,) = nn001(result)
        assert line.startswith(f"{name}:{error.lineno}:") and f"cannot parse with {PY}" in line
    else:
        assert clean(result), result.stdout


@pytest.mark.slow
def test_large_file_20_mb(here: Path) -> None:
    """A generated 20 MB module: a vocabulary as a string and a comment block, then a loop."""
    vocab = "".join(f"token_{n}\\n" for n in range(1_000_000))
    comments = "".join(f"# generated row {n}: {'x' * 60}\n" for n in range(120_000))
    source = f"VOCAB = '{vocab}'\n{comments}{TRAIN}"
    assert len(source.encode()) > 20_000_000
    write(here / "big.py", source)
    start = time.monotonic()
    assert clean(check("big.py"))
    write(here / "big_bad.py", source + "    return y.sum() +\n")
    line = source.count("\n") + 1
    assert nn001(check("big_bad.py")) == [f"big_bad.py:{line}:{oracle_col('big_bad.py')}: NN001 cannot parse with {PY}: invalid syntax"]
    assert time.monotonic() - start < 180


# -- configuration: exit 2, one message (details in test_config.py) -------------------------


def config_error(here: Path, toml: str, *args: str) -> str:
    write(here / "pyproject.toml", toml)
    write(here / "a.py", TRAIN)
    result = CliRunner().invoke(main, ["check", *args, "a.py"])
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


def test_config_malformed_toml(here: Path) -> None:
    line = config_error(here, "[tool.nnlint]\nselect = [\n\n[other]\n")
    assert "pyproject.toml: invalid TOML" in line and "line 4" in line


def test_config_wrong_type(here: Path) -> None:
    assert "[tool.nnlint] ignore: expected a list of strings, got int 5" in config_error(here, "[tool.nnlint]\nignore = 5\n")


def test_config_unknown_key(here: Path) -> None:
    assert "unknown key 'extend_select' (did you mean 'extend-select'?)" in config_error(here, "[tool.nnlint]\nextend_select = []\n")


def test_config_conflicting_options(here: Path) -> None:
    line = config_error(here, "[tool.nnlint]\n", "--config", "pyproject.toml", "--isolated")
    assert line == "nnlint: error: --config and --isolated conflict: --isolated ignores every configuration file"


def test_config_missing_file(here: Path) -> None:
    line = config_error(here, "[tool.nnlint]\n", "--config", "missing.toml")
    assert line == "nnlint: error: missing.toml: configuration file not found"
