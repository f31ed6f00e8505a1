"""``nnlint server`` end to end: a real LSP client (pytest-lsp) talks to the server over stdio.

The client opens a document with mistakes, checks the published ranges (0-based, UTF-16 on
a line with an emoji), edits the mistake away, checks the empty list, asks for the "Ignore
... for this line" code action, applies its edit and sees the finding go. The workspace's
pyproject.toml selects the rule under test, so other rules cannot change the outcome.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from nnlint.engine import check_source

RULE = "NN115"
BAD = (
    "import torch\n"
    "\n"
    "model = torch.nn.Linear(4, 2)\n"
    "model.eval\n"
    'label = "\U0001F600"; model.train\n'
    "with torch.no_grad():\n"
    "    print(model(torch.zeros(1, 4)))\n"
)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "nnlint", "server", "--debounce", "0.1"])
)
async def client(lsp_client: LanguageClient, workspace: Path):
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="project")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(f'[tool.nnlint]\nselect = ["NN001", "{RULE}"]\n', encoding="utf-8")
    return tmp_path


async def _published(client: LanguageClient) -> None:
    """The next textDocument/publishDiagnostics, or a failure instead of a hung test."""
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=60)


def _range(line: int, start: int, end: int) -> types.Range:
    return types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end))


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply single-line TextEdits (UTF-16 columns), last first."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        assert edit.range.start.line == edit.range.end.line
        encoded = lines[edit.range.start.line].encode("utf-16-le")
        before = encoded[: 2 * edit.range.start.character].decode("utf-16-le")
        after = encoded[2 * edit.range.end.character :].decode("utf-16-le")
        lines[edit.range.start.line] = before + edit.new_text + after
    return "\n".join(lines)


async def _change(client: LanguageClient, uri: str, version: int, text: str) -> list[types.Diagnostic]:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await _published(client)
    return client.diagnostics[uri]


@pytest.mark.asyncio
async def test_diagnostics_edit_and_ignore_action(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "train.py"
    path.write_text(BAD, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=BAD)
        )
    )
    await _published(client)
    found = client.diagnostics[uri]
    assert [(d.code, d.range) for d in found] == [
        (RULE, _range(3, 0, 10)),
        (RULE, _range(4, 14, 25)),  # the emoji is one code point but two UTF-16 units
    ]
    first = found[0]
    assert first.source == "nnlint"
    assert first.severity == types.DiagnosticSeverity.Error
    expected = [d.message for d in check_source(BAD, "train.py") if d.code == RULE]
    assert first.message == expected[0]  # what `nnlint check` says
    assert first.code_description is not None and first.code_description.href.endswith(f"/{RULE}.md")

    fixed = BAD.replace("model.eval\n", "model.eval()\n").replace("model.train\n", "model.train()\n")
    assert list(await _change(client, uri, 2, fixed)) == []

    again = await _change(client, uri, 3, BAD)
    target = again[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target]),
        )
    )
    assert actions is not None
    ignore = [a for a in actions if isinstance(a, types.CodeAction) and a.title == f"Ignore {RULE} for this line"]
    assert len(ignore) == 1
    assert ignore[0].kind == types.CodeActionKind.QuickFix
    assert ignore[0].edit is not None and ignore[0].edit.changes is not None
    edited = _apply(BAD, list(ignore[0].edit.changes[uri]))
    assert edited.splitlines()[3] == f"model.eval  # noqa: {RULE}"
    remaining = await _change(client, uri, 4, edited)
    assert [(d.code, d.range.start.line) for d in remaining] == [(RULE, 4)]

    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await _published(client)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_ignore_action_extends_an_existing_noqa(client: LanguageClient, workspace: Path) -> None:
    text = BAD.replace("model.eval\n", "model.eval  # noqa: NN999\n")
    uri = (workspace / "extend.py").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        )
    )
    await _published(client)
    target = client.diagnostics[uri][0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=target.range,
            context=types.CodeActionContext(diagnostics=[target]),
        )
    )
    ignore = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Ignore")]
    edited = _apply(text, list(ignore[0].edit.changes[uri]))  # type: ignore[union-attr]
    assert edited.splitlines()[3] == f"model.eval  # noqa: NN999, {RULE}"


@pytest.mark.asyncio
async def test_settings_come_from_the_workspace_pyproject(client: LanguageClient, workspace: Path) -> None:
    """An ignore in [tool.nnlint] silences the rule; a save after editing the file re-reads it."""
    path = workspace / "train.py"
    path.write_text(BAD, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=BAD)
        )
    )
    await _published(client)
    assert len(client.diagnostics[uri]) == 2
    config = workspace / "pyproject.toml"
    config.write_text('[tool.nnlint]\nselect = ["NN001"]\n# changed\n', encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await _published(client)
    assert list(client.diagnostics[uri]) == []


def test_missing_extra_gives_an_install_hint() -> None:
    """Without pygls, ``nnlint server`` says how to install it and exits 2."""
    import subprocess

    code = "import sys; sys.modules['pygls'] = None; from nnlint.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "server"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 2
    assert 'pip install "nnlint[lsp]"' in result.stderr
    assert "pygls" in result.stderr


FIXABLE = (
    "import torch\n"
    "\n"
    "model = torch.nn.Linear(4, 2)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for x, y in loader:\n"
    "    x.to('cuda')\n"
    "    opt.zero_grad()\n"
    "    loss = torch.nn.functional.mse_loss(model(x), y)\n"
    "    loss.backward()\n"
    "    opt.step()\n"
)


@pytest.mark.asyncio
async def test_fix_action_and_fix_all(client: LanguageClient, workspace: Path) -> None:
    """A rule with a fix (NN603) offers it as the preferred quick fix and in source.fixAll."""
    (workspace / "pyproject.toml").write_text('[tool.nnlint]\nselect = ["NN603"]\n', encoding="utf-8")
    uri = (workspace / "fixable.py").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=FIXABLE)
        )
    )
    await _published(client)
    found = client.diagnostics[uri]
    assert [(d.code, d.range) for d in found] == [("NN603", _range(5, 4, 16))]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=list(found)),
        )
    )
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Fix NN603")]
    assert len(fixes) == 1 and fixes[0].edit is not None and fixes[0].edit.changes is not None
    fixed = _apply(FIXABLE, list(fixes[0].edit.changes[uri]))
    assert "    x = x.to('cuda')\n" in fixed

    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=_range(0, 0, 0),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    assert [a.kind for a in fix_all or [] if isinstance(a, types.CodeAction)] == ["source.fixAll.nnlint"]
    assert _apply(FIXABLE, list(fix_all[0].edit.changes[uri])) == fixed  # type: ignore[union-attr,index]
    assert list(await _change(client, uri, 2, fixed)) == []


@pytest.mark.asyncio
async def test_broken_configuration_is_reported_and_defaults_are_used(client: LanguageClient, workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text("[tool.nnlint]\nselect = [\n", encoding="utf-8")
    uri = (workspace / "train.py").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=BAD)
        )
    )
    await _published(client)
    assert any("invalid TOML" in m.message for m in client.messages), client.messages
    assert [d.code for d in client.diagnostics[uri]].count(RULE) == 2
