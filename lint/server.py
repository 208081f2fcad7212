"""``kanwu server``: a language server (LSP over stdio, pygls 2.x).

Diagnostics on open, change (debounced) and save; a quick fix for every diagnostic that has
one (unsafe ones labelled so); ``source.fixAll.kanwu`` applying every safe fix; and for a
finding whose flagged text is a word, an action that says it is right: the command
``kanwu.allow`` adds it to the project's allow-list word file, and every open document is
checked again. Positions are
converted from code points to the negotiated encoding (UTF-16 by default, UTF-8 or UTF-32 when
the client offers them) only here, at the edge.

Heavy work (checking a document, fixing it for a code action) runs in one worker thread, off
the message loop, on a snapshot of the document; when the document changes meanwhile, the
stale result is dropped (a code action answers ContentModified) and a fix in progress stops.
The message reader survives malformed frames (a missing, malformed or oversized
Content-Length, a body that is not JSON): each is logged and skipped, and reading resumes at
the next header. Invalid settings are reported (window message and log) and the last valid
settings stay in force until valid ones arrive.

Settings (initializationOptions, or workspace/didChangeConfiguration under "kanwu"):
``{"select": [...], "ignore": [...], "extendSelect": [...], "config": "path/to/kanwu.toml",
"baseline": "path/to/baseline.json"}``. Findings go through the same filter stage as
``kanwu check`` (selection, per-file ignores, baseline).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified, JsonRpcInvalidParams
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .config import ConfigError, add_allowed, find_config
from .document import Document
from .baseline import Baseline, BaselineError
from .filters import allow_entry
from .linter import ConvergenceError, Linter, RuleCrash
from .model import Applicability, Diagnostic, Severity
from .pipeline import Session, SetupError
from .registry import Registry, RegistryError

log = logging.getLogger("kanwu.server")
FIX_ALL = "source.fixAll.kanwu"
ALLOW = "kanwu.allow"
DEBOUNCE_SECONDS = 0.05  # a pause in typing this long starts a check; a later change supersedes it
MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # a frame claiming more is refused, not allocated
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


# -- reading messages ------------------------------------------------------------------------------
_CONTENT_LENGTH = re.compile(rb"Content-Length:[ \t]*([^\r\n]*?)[ \t]*\r?\n\Z", re.IGNORECASE)
_LINE_LIMIT = 65536


class _Stdin:
    """Blocking reads of the client's stream, done in a thread so the loop stays free."""

    def __init__(self, stream, pool: ThreadPoolExecutor) -> None:
        self.stream, self.pool = stream, pool

    async def readline(self) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self.pool, self.stream.readline, _LINE_LIMIT)

    async def read(self, n: int) -> bytes:
        """Up to ``n`` bytes (fewer only at the end of the stream), read a megabyte at a time."""
        loop, parts, got = asyncio.get_running_loop(), [], 0
        while got < n:
            chunk = await loop.run_in_executor(self.pool, self.stream.read, min(n - got, 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)


async def read_messages(stop: threading.Event, reader: _Stdin, protocol, limit: int = MAX_MESSAGE_BYTES) -> None:
    """pygls' message loop, hardened. A header block must hold a Content-Length of at most
    ``limit`` bytes; a frame without one, with a malformed or oversized one, or whose body is
    not JSON, is logged and skipped, and reading resumes at the next Content-Length header
    (found even at the end of a line of garbage, which is where it lands after a frame whose
    length lied)."""
    length: bytes | None = None
    carry = b""
    while not stop.is_set():
        line = await reader.readline()
        if not line:
            break
        if not line.endswith(b"\n"):  # an over-long line: garbage, but a header may straddle chunks
            carry = line[-64:]
            continue
        found = _CONTENT_LENGTH.search(carry + line)
        carry = b""
        if found:
            length = found.group(1)
            continue
        if line.strip() or length is None:
            continue  # another header (Content-Type), or a blank line between frames
        raw, length = length, None
        size = int(raw) if raw.isdigit() else -1
        if not 0 < size <= limit:
            log.error("kanwu server: skipped a message with Content-Length %r (expected 1 to %d bytes)",
                      raw.decode("latin-1"), limit)
            continue
        body = await reader.read(size)
        if len(body) < size:
            break  # the stream ended inside a frame
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
        except ValueError as e:
            log.error("kanwu server: skipped a message that is not JSON (%s)", e)
            continue
        except Exception as e:  # JSON, but not the shape its method requires
            log.error("kanwu server: skipped a message that does not fit the protocol (%s)", e)
            _answer_invalid(protocol, body)
            continue
        try:
            protocol.handle_message(message)
        except Exception as e:  # a message pygls cannot handle must not end the session
            log.error("kanwu server: skipped a message it cannot handle (%s: %s)", type(e).__name__, e)


def _answer_invalid(protocol, body: bytes) -> None:
    """A request (it has an id) with invalid params still gets its answer: an error."""
    raw = json.loads(body)
    if isinstance(raw, dict) and "id" in raw and isinstance(raw["id"], (int, str)):
        protocol._send_response(raw["id"], error=JsonRpcInvalidParams().to_response_error())


# -- settings --------------------------------------------------------------------------------------
class SettingsError(Exception):
    pass


_LISTS = ("select", "ignore", "extendSelect")
_PATHS = ("config", "baseline")


def validate_settings(options: Any) -> dict[str, Any]:
    """The settings, checked: lists of known rule selectors, paths of readable files."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise SettingsError(f"settings must be an object, not {options!r}")
    out: dict[str, Any] = {}
    registry = None
    for key, value in options.items():
        if value is None:
            continue
        if key in _LISTS:
            value = [value] if isinstance(value, str) else value
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise SettingsError(f"{key!r} must be a list of rule names or codes, not {value!r}")
            registry = registry or Registry.from_entry_points()
            try:
                for v in value:
                    registry.validate_selector(v)
            except RegistryError as e:
                raise SettingsError(f"{key!r}: {e}") from None
        elif key in _PATHS:
            if not isinstance(value, str):
                raise SettingsError(f"{key!r} must be a file path, not {value!r}")
            if not value:
                continue
            if not os.path.isfile(value):
                raise SettingsError(f"{key!r}: {value}: no such file")
            if key == "baseline":
                try:
                    Baseline.load(value)
                except BaselineError as e:
                    raise SettingsError(str(e)) from None
        else:
            log.warning("kanwu server: unknown setting %r ignored", key)
            continue
        out[key] = value
    return out


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
        self.sessions: dict[str | None, Session] = {}
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="kanwu-lint")  # heavy work, one at a time
        self.last_error: str | None = None

    @property
    def encoding(self) -> str:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    def start_io(self, stdin=None, stdout=None) -> None:
        """pygls' stdio server with kanwu's hardened reader (see :func:`read_messages`)."""
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        reader = _Stdin(stdin or sys.stdin.buffer, self.thread_pool)
        try:
            asyncio.run(read_messages(self._stop_event, reader, self.protocol))
        except BrokenPipeError:
            log.error("kanwu server: the client went away")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.worker.shutdown(wait=False, cancel_futures=True)
            self.shutdown()

    def report(self, message: str | None) -> None:
        """An error for the person at the editor: logged, and shown once (not on every keystroke)."""
        if message and message != self.last_error:
            log.error("%s", message)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"kanwu: {message}"))
        self.last_error = message

    def configure(self, options: Any) -> bool:
        """Take new settings; invalid ones are reported and the previous settings stay."""
        try:
            self.options = validate_settings(options)
        except SettingsError as e:
            self.report(f"invalid settings, the previous ones stay in force: {e}")
            return False
        self.sessions.clear()
        self.last_error = None
        return True

    def allow(self, uri: str, entry: str) -> str:
        """Add an entry to the allow-list of the document's project and check every open
        document again; returns the word file's path."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        where = add_allowed(self.session_for(path).settings, entry)
        self.sessions.clear()  # the next check reads the word list again
        self.checked.clear()
        for open_uri in list(self.workspace.text_documents):
            self.lint_soon(open_uri, 0)
        return where

    def linter_for(self, path: str | None) -> Linter:
        """The same Session (configuration, rules, filter stage, baseline) as ``kanwu check``."""
        return self.session_for(path).linter

    def session_for(self, path: str | None) -> Session:
        try:
            config = self.options.get("config") or (find_config(path) if path else None)
        except ConfigError as e:  # a broken pyproject.toml of the user's own, say
            raise SetupError(str(e)) from None
        if config not in self.sessions:
            session = Session.load(path, config=config, select=self.options.get("select") or None,
                                   ignore=self.options.get("ignore") or (),
                                   extend_select=self.options.get("extendSelect") or (),
                                   baseline=self.options.get("baseline"))
            for note in session.settings.notes:
                log.warning("kanwu server: %s", note)
            self.sessions[config] = session
        return self.sessions[config]

    def version_of(self, uri: str) -> int | None:
        document = self.workspace.text_documents.get(uri)
        return None if document is None else document.version

    def snapshot(self, uri: str) -> tuple[int | None, str] | None:
        document = self.workspace.text_documents.get(uri)
        return None if document is None else (document.version, document.source)

    # -- the worker thread's part ---------------------------------------------------------
    def check_text(self, uri: str, version: int | None, text: str) -> tuple[Checked | None, str | None]:
        """(the findings, an error to show); (None, None) when the document changed since."""
        if self.version_of(uri) != version:
            return None, None
        path = to_fs_path(uri) if uri.startswith("file:") else None
        doc = Document(text, path)
        try:
            return Checked(version, doc, self.linter_for(path).check(doc)), None
        except (SetupError, RuleCrash) as e:
            return Checked(version, doc, []), str(e)
        except Exception as e:  # a bug must not take the editor's session down
            log.exception("kanwu server: checking %s failed", uri)
            return Checked(version, doc, []), f"internal error: {type(e).__name__}: {e}"

    def fix_text(self, uri: str, checked: Checked) -> tuple[str, int, str | None]:
        """Every safe fix applied; stops early when the document changes meanwhile."""
        doc = checked.doc

        def still_current(d, text) -> bool | None:
            return True if self.version_of(uri) == checked.version else None
        try:
            fixed, _, n = self.linter_for(doc.path).fix(doc.text, doc.path, decide=still_current)
            return fixed, n, None
        except (ConvergenceError, SetupError, RuleCrash) as e:
            return doc.text, 0, str(e)

    # -- the loop's part ------------------------------------------------------------------
    async def checked_now(self, uri: str) -> Checked | None:
        """The findings for the document as it is now (None if it changed while checking)."""
        snap = self.snapshot(uri)
        if snap is None:
            return None
        checked = self.checked.get(uri)
        if checked is not None and checked.version == snap[0] and checked.doc.text == snap[1]:
            return checked
        checked, message = await asyncio.get_running_loop().run_in_executor(self.worker, self.check_text, uri, *snap)
        if checked is None or self.version_of(uri) != checked.version:
            return None  # superseded: a newer check is on its way
        self.report(message)
        self.checked[uri] = checked
        return checked

    async def lint(self, uri: str) -> None:
        checked = await self.checked_now(uri)
        if checked is None:
            return
        enc = self.encoding
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=checked.version,
            diagnostics=[self.to_lsp(checked.doc, d, enc) for d in checked.diagnostics]))

    def to_lsp(self, doc: Document, d: Diagnostic, enc: str) -> types.Diagnostic:
        return types.Diagnostic(
            range=types.Range(to_position(doc, d.start, enc), to_position(doc, d.end, enc)),
            message=d.message, severity=SEVERITY[d.severity], code=d.code, source="kanwu",
            data={"rule": d.rule, "start": d.start, "end": d.end})

    def lint_soon(self, uri: str, delay: float) -> None:
        """Debounced: a burst of changes lints once, after the typing pauses; a change
        supersedes the check of the text before it."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()

        async def later():
            try:
                await asyncio.sleep(delay)
                await self.lint(uri)
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("kanwu server: linting %s failed", uri)
        self.pending[uri] = asyncio.ensure_future(later())


server = KanwuServer()


@server.feature(types.INITIALIZE)
def initialize(ls: KanwuServer, params: types.InitializeParams) -> None:
    ls.configure(params.initialization_options)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: KanwuServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings.get("kanwu", params.settings) if isinstance(params.settings, dict) else params.settings
    if ls.configure(settings):
        ls.checked.clear()
        for uri in list(ls.workspace.text_documents):
            ls.lint_soon(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: KanwuServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint_soon(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: KanwuServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.lint_soon(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: KanwuServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.lint_soon(params.text_document.uri, 0)


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
async def code_action(ls: KanwuServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    checked = await ls.checked_now(uri)
    if checked is None:
        if ls.version_of(uri) is None:
            return []
        raise JsonRpcContentModified("the document changed while kanwu was checking it")
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
        offered: set[str] = set()
        for d in checked.diagnostics:  # "this is right": for findings on a word, fixable or not
            entry = allow_entry(doc.text[d.start:d.end])
            if d.end < lo or d.start > hi or entry is None or entry in offered:
                continue
            offered.add(entry)
            title = f"kanwu: '{entry}' is right: add it to the allow-list"
            actions.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                            diagnostics=[ls.to_lsp(doc, d, enc)],
                                            command=types.Command(title=title, command=ALLOW, arguments=[uri, entry])))
    if not only or any(FIX_ALL.startswith(k) for k in only):
        fixed, n, message = await asyncio.get_running_loop().run_in_executor(ls.worker, ls.fix_text, uri, checked)
        ls.report(message)
        if ls.version_of(uri) != checked.version:
            raise JsonRpcContentModified("the document changed while kanwu was fixing it")
        if n and fixed != doc.text:
            end = to_position(doc, len(doc.text), enc)
            actions.append(types.CodeAction(
                title=f"kanwu: apply all safe fixes ({n})", kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                    types.Range(types.Position(0, 0), end), fixed)]})))
    return actions


@server.command(ALLOW)
def allow_command(ls: KanwuServer, uri: str, entry: str) -> str | None:
    """``kanwu.allow [uri, text]``: the text is right; returns the word file it was added to."""
    word = allow_entry(entry) if isinstance(entry, str) else None
    if word is None or not isinstance(uri, str):
        ls.report(f"cannot allow {entry!r}: an entry is one line holding a word")
        return None
    try:
        where = ls.allow(uri, word)
    except (OSError, SetupError, ConfigError) as e:
        ls.report(f"cannot add {word!r} to the allow-list: {e}")
        return None
    ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, f"kanwu: added {word!r} to {where}"))
    return where


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    server.start_io()
