"""``nnlint server``: a Language Server Protocol server over stdio, built on pygls 2.

Diagnostics are published when a Python document is opened or saved, after a short pause
when it changes (the debounce, so typing does not lint every keystroke), and cleared when
it is closed. Settings come from the nearest pyproject.toml with a ``[tool.nnlint]`` table
above the document, read again when that file changes; excluded files get no diagnostics.
Code actions: the rule's fix where it has one, "Ignore NN101 for this line" (adds a
``# noqa: NN101`` comment or extends the one already there) and ``source.fixAll.nnlint``
(every safe fix at once).

Positions: nnlint counts 1-based code points, LSP 0-based code units of the negotiated
encoding (UTF-16 unless the client offers another); pygls' position codec converts.
pygls and lsprotocol come with the optional extra ``nnlint[lsp]``; importing this module
without them raises ImportError, which the CLI turns into an install hint.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from nnlint import __version__, noqa
from nnlint.config import ConfigError, Settings, find_config, load_settings
from nnlint.diagnostic import Applicability, Diagnostic
from nnlint.engine import LintOptions, Linter
from nnlint.files import is_excluded
from nnlint.report.context import rule_url

SOURCE = "nnlint"
DEBOUNCE_SECONDS = 0.3
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
_NOQA_CODES = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*)", re.IGNORECASE)

log = logging.getLogger(__name__)


class NnlintServer(LanguageServer):
    """The server and its per-session state: pending debounced lints, linters per config."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__(SOURCE, __version__)
        self.debounce = debounce
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._linters: dict[tuple[Path | None, float], Linter] = {}
        self._reported: set[str] = set()  # configuration errors already shown, once each

    def linter_for(self, path: Path) -> tuple[Linter | None, Settings]:
        """The linter for a document's folder, or None when its settings exclude it."""
        folder = path.parent if path.parent.is_dir() else Path.cwd()
        try:
            config = find_config(folder)
            key = (config, config.stat().st_mtime if config else 0.0)
            if key not in self._linters:
                settings = load_settings(config) if config else replace(Settings(), root=folder)
                self._linters[key] = Linter(settings)
        except (ConfigError, OSError) as error:
            message = f"nnlint: {error}; using default settings"
            if message not in self._reported:
                self._reported.add(message)
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
            key = (None, -1.0)
            self._linters.setdefault(key, Linter(replace(Settings(), root=folder)))
        linter = self._linters[key]
        if linter.settings.config_path is not None and is_excluded(path, linter.settings):
            return None, linter.settings
        return linter, linter.settings

    def lint(self, document: TextDocument) -> list[Diagnostic]:
        path = Path(document.path)
        linter, _ = self.linter_for(path)
        if linter is None:
            return []
        result = linter.lint_source(document.source, str(path), path, LintOptions(fixes=True))
        for error in result.errors:
            log.error("%s", error)
        return result.diagnostics

    def publish(self, uri: str) -> None:
        self._pending.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        diagnostics = [to_lsp(d, document) for d in self.lint(document)] if is_python(document) else []
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    def publish_later(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.publish(uri)
            return
        self._pending[uri] = loop.call_later(self.debounce, self.publish, uri)

    def clear(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def is_python(document: TextDocument) -> bool:
    if document.language_id:
        return document.language_id == "python"
    return document.path.endswith((".py", ".pyi"))


def _client_range(document: TextDocument, line: int, col: int, end_line: int, end_col: int) -> types.Range:
    """1-based code-point positions to a 0-based range in the client's code units."""
    server_range = types.Range(
        start=types.Position(line=max(line - 1, 0), character=max(col - 1, 0)),
        end=types.Position(line=max(end_line - 1, 0), character=max(end_col - 1, 0)),
    )
    return document.position_codec.range_to_client_units(document.lines, server_range)


def to_lsp(diagnostic: Diagnostic, document: TextDocument) -> types.Diagnostic:
    data: dict[str, Any] = {"name": diagnostic.name, "noqa_line": diagnostic.line - 1}
    if diagnostic.fix is not None:
        data["fix"] = {
            "title": diagnostic.fix.title,
            "safe": diagnostic.fix.applicability is Applicability.SAFE,
            "edits": [
                {
                    "range": _range_json(_client_range(document, e.line, e.col, e.end_line, e.end_col)),
                    "newText": e.content,
                }
                for e in diagnostic.fix.edits
            ],
        }
    return types.Diagnostic(
        range=_client_range(document, diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col),
        message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=rule_url(diagnostic.code)),
        source=SOURCE,
        data=data,
    )


def _range_json(value: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": value.start.line, "character": value.start.character},
        "end": {"line": value.end.line, "character": value.end.character},
    }


def _range_from_json(value: dict[str, Any]) -> types.Range:
    return types.Range(
        start=types.Position(line=value["start"]["line"], character=value["start"]["character"]),
        end=types.Position(line=value["end"]["line"], character=value["end"]["character"]),
    )


def noqa_edit(document: TextDocument, line: int, code: str) -> types.TextEdit | None:
    """The edit that silences ``code`` on 0-based ``line``: extend its ``# noqa: ...`` or add
    one; None when a blanket ``# noqa`` is there already."""
    if line >= len(document.lines):
        return None
    text = document.lines[line].rstrip("\r\n")
    existing = noqa.parse(document.source).lines
    if line + 1 in existing and existing[line + 1] is None:
        return None
    matches = list(_NOQA_CODES.finditer(text)) if line + 1 in existing else []
    if matches:
        column, insert = matches[-1].end("codes"), f", {code}"
    else:
        column, insert = len(text), f"  # noqa: {code}"
    position = document.position_codec.position_to_client_units(
        document.lines, types.Position(line=line, character=column)
    )
    return types.TextEdit(range=types.Range(start=position, end=position), new_text=insert)


def _data(diagnostic: types.Diagnostic) -> dict[str, Any]:
    return diagnostic.data if isinstance(diagnostic.data, dict) else {}


def code_actions(server: NnlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = server.workspace.get_text_document(uri)
    only = params.context.only
    wants_quickfix = not only or any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only)
    actions: list[types.CodeAction] = []
    if wants_quickfix:
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE:
                continue
            code = str(diagnostic.code)
            fix = _data(diagnostic).get("fix")
            if fix:
                edits = [types.TextEdit(range=_range_from_json(e["range"]), new_text=e["newText"]) for e in fix["edits"]]
                actions.append(
                    types.CodeAction(
                        title=f"Fix {code}: {fix['title']}",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=bool(fix.get("safe")),
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
            line = _data(diagnostic).get("noqa_line", diagnostic.range.start.line)
            edit = noqa_edit(document, int(line), code)
            if edit is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Ignore {code} for this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=types.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
    if only and any(FIX_ALL_KIND.startswith(k) for k in only):
        fix_all = fix_all_action(server, document)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def fix_all_action(server: NnlintServer, document: TextDocument) -> types.CodeAction | None:
    """Every safe fix of the document whose edits do not overlap an earlier one."""
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    edits: list[types.TextEdit] = []
    for diagnostic in server.lint(document):
        fix = diagnostic.fix
        if fix is None or fix.applicability is not Applicability.SAFE:
            continue
        spans = [((e.line, e.col), (e.end_line, e.end_col)) for e in fix.edits]
        if any(start < t_end and t_start < end for start, end in spans for t_start, t_end in taken):
            continue
        taken += spans
        edits += [
            types.TextEdit(range=_client_range(document, e.line, e.col, e.end_line, e.end_col), new_text=e.content)
            for e in fix.edits
        ]
    if not edits:
        return None
    return types.CodeAction(
        title="nnlint: apply all safe fixes",
        kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={document.uri: edits}),
    )


def create_server(debounce: float = DEBOUNCE_SECONDS) -> NnlintServer:
    server = NnlintServer(debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NnlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NnlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NnlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NnlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    def code_action(ls: NnlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(ls, params)

    return server


def serve_stdio(debounce: float = DEBOUNCE_SECONDS) -> None:
    create_server(debounce).start_io()
