"""``kanwu server``: a language server (LSP over stdio, pygls 2.x).

Diagnostics on open, change (debounced) and save; a quick fix for every diagnostic that has
one (unsafe ones labelled so); ``source.fixAll.kanwu`` applying every safe fix. Linting runs in
a worker thread so a large file never blocks the protocol. Positions are converted from code
points to the negotiated encoding (UTF-16 by default, UTF-8 or UTF-32 when the client offers
them) only here, at the edge.

Settings (initializationOptions, or workspace/didChangeConfiguration under "kanwu"):
``{"select": [...], "ignore": [...], "extendSelect": [...], "config": "path/to/kanwu.toml",
"baseline": "path/to/baseline.json"}``. Findings go through the same filter stage as
``kanwu check`` (selection, per-file ignores, baseline).
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .config import find_config
from .document import Document
from .linter import ConvergenceError, Linter, RuleCrash
from .model import Applicability, Diagnostic, Severity
from .pipeline import Session, SetupError

log = logging.getLogger("kanwu.server")
FIX_ALL = "source.fixAll.kanwu"
DEBOUNCE_SECONDS = 0.15
SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
            Severity.INFO: types.DiagnosticSeverity.Information}


# -- positions -------------------------------------------------------------------------------------
def units(s: str, encoding: str) -> int:
    """Length of ``s`` in the client's position units."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(s.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(s)
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


def to_position(doc: Document, offset: int, encoding: str) -> types.Position:
    line, col = doc.position(offset)
    start = doc.line_starts[line - 1]
    return types.Position(line=line - 1, character=units(doc.text[start:start + col - 1], encoding))


def to_offset(doc: Document, pos: types.Position, encoding: str) -> int:
    """Code-point offset of a client position (clamped to the line, as the spec asks)."""
    if pos.line >= len(doc.line_starts):
        return len(doc.text)
    start, end = doc.line_span(pos.line + 1)
    seen = 0
    for i in range(start, end):
        if seen >= pos.character:
            return i
        seen += units(doc.text[i], encoding)
    return end


# -- server ----------------------------------------------------------------------------------------
@dataclass
class Checked:
    version: int | None
    doc: Document
    diagnostics: list[Diagnostic]


class KanwuServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("kanwu", __version__)
        self.options: dict[str, Any] = {}
        self.linters: dict[str | None, Linter] = {}
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task] = {}

    @property
    def encoding(self) -> str:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    def configure(self, options: dict[str, Any] | None) -> None:
        self.options = dict(options or {})
        self.linters.clear()

    def linter_for(self, path: str | None) -> Linter:
        """The same Session (configuration, rules, filter stage, baseline) as ``kanwu check``."""
        config = self.options.get("config") or (find_config(path) if path else None)
        if config not in self.linters:
            session = Session.load(path, config=config, select=self.options.get("select") or None,
                                   ignore=self.options.get("ignore") or (),
                                   extend_select=self.options.get("extendSelect") or (),
                                   baseline=self.options.get("baseline"))
            self.linters[config] = session.linter
        return self.linters[config]

    def lint(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        doc = Document(document.source, path)
        try:
            diags = self.linter_for(path).check(doc)
        except (SetupError, RuleCrash) as e:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"kanwu: {e}"))
            diags = []
        self.checked[uri] = Checked(document.version, doc, diags)
        enc = self.encoding
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version,
            diagnostics=[self.to_lsp(doc, d, enc) for d in diags]))

    def to_lsp(self, doc: Document, d: Diagnostic, enc: str) -> types.Diagnostic:
        return types.Diagnostic(
            range=types.Range(to_position(doc, d.start, enc), to_position(doc, d.end, enc)),
            message=d.message, severity=SEVERITY[d.severity], code=d.code, source="kanwu",
            data={"rule": d.rule, "start": d.start, "end": d.end})

    async def lint_soon(self, uri: str, delay: float) -> None:
        """Debounced: a burst of changes lints once, in a thread, after the typing pauses."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()

        async def later():
            try:
                await asyncio.sleep(delay)
                await asyncio.get_running_loop().run_in_executor(None, self.lint, uri)
            except asyncio.CancelledError:
                pass
        self.pending[uri] = asyncio.ensure_future(later())


server = KanwuServer()


@server.feature(types.INITIALIZE)
def initialize(ls: KanwuServer, params: types.InitializeParams) -> None:
    ls.configure(params.initialization_options if isinstance(params.initialization_options, dict) else {})


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: KanwuServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings.get("kanwu", params.settings) if isinstance(params.settings, dict) else {}
    ls.configure(settings)
    for uri in list(ls.checked):
        ls.lint(uri)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: KanwuServer, params: types.DidOpenTextDocumentParams) -> None:
    await ls.lint_soon(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: KanwuServer, params: types.DidChangeTextDocumentParams) -> None:
    await ls.lint_soon(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: KanwuServer, params: types.DidSaveTextDocumentParams) -> None:
    await ls.lint_soon(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: KanwuServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.checked.pop(uri, None)
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
def code_action(ls: KanwuServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    checked = ls.checked.get(uri)
    if checked is None or checked.doc.text != document.source:
        ls.lint(uri)
        checked = ls.checked[uri]
    doc, enc = checked.doc, ls.encoding
    only = params.context.only
    actions: list[types.CodeAction] = []
    if not only or any(k in (types.CodeActionKind.QuickFix, "quickfix") for k in only):
        lo, hi = to_offset(doc, params.range.start, enc), to_offset(doc, params.range.end, enc)
        for d in checked.diagnostics:
            if d.fix is None or d.fix.applicability is Applicability.DISPLAY_ONLY or not d.fix.edits:
                continue
            if d.end < lo or d.start > hi:
                continue
            unsafe = d.fix.applicability is Applicability.UNSAFE
            edits = [types.TextEdit(types.Range(to_position(doc, e.start, enc), to_position(doc, e.end, enc)),
                                    e.content) for e in d.fix.edits]
            actions.append(types.CodeAction(
                title=f"{d.fix.title} ({d.code} {d.rule}){' [unsafe: review]' if unsafe else ''}",
                kind=types.CodeActionKind.QuickFix, diagnostics=[ls.to_lsp(doc, d, enc)],
                is_preferred=not unsafe, edit=types.WorkspaceEdit(changes={uri: edits})))
    if not only or any(FIX_ALL.startswith(k) for k in only):
        try:
            fixed, _, n = ls.linter_for(doc.path).fix(doc.text, doc.path)
        except ConvergenceError as e:
            ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"kanwu: {e}"))
            fixed, n = doc.text, 0
        if n and fixed != doc.text:
            end = to_position(doc, len(doc.text), enc)
            actions.append(types.CodeAction(
                title=f"kanwu: apply all safe fixes ({n})", kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                    types.Range(types.Position(0, 0), end), fixed)]})))
    return actions


def main() -> None:
    server.start_io()
