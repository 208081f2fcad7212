"""The language server under abuse: raw malformed frames written to a real `kanwu server`
process, invalid settings from a real LSP client (pytest-lsp), and heavy documents that
change while they are being checked."""
import asyncio
import json
import subprocess
import sys
import threading
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from . import zygote
from .conftest import SEEDS

SERVER = ClientServerConfig(server_command=zygote.command("server"))


def frame(body) -> bytes:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def read_frame(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("the server closed its output")
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        elif line in (b"\r\n", b"\n") and length is not None:
            return json.loads(stream.read(length))


def test_malformed_frames_are_skipped_and_the_session_goes_on():
    proc = subprocess.Popen([sys.executable, "-m", "kanwu", "server"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        send = proc.stdin
        send.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                          "params": {"capabilities": {}, "processId": None, "rootUri": None}}))
        send.flush()
        assert read_frame(proc.stdout)["id"] == 1
        send.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        send.write(b"Content-Length: abc\r\n\r\n{}")                      # not a number
        send.write(b"Content-Length: 999999999999999999999\r\n\r\n")      # more than any memory
        send.write(b"Content-Length: -5\r\n\r\n")
        send.write(b"Content-Type: application/json\r\n\r\n{}")           # no length at all
        send.write(frame(b"{not json"))
        send.write(frame(b"\xff\xfe\x00"))
        send.write(frame(b"[1, 2, 3]"))                                   # JSON, not a message
        send.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"nonsense": 1}}))
        send.write(frame({"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction", "params": {"x": 1}}))
        send.write(b"Content-Length: 10\r\n\r\n" + b'{"jsonrpc": "2.0", "method": "lie"}')  # length lies
        uri = "file:///tmp/kanwu-raw.txt"
        send.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": "影响影响了生产,工作。\n"}}}))
        send.flush()
        answered = False
        while True:
            message = read_frame(proc.stdout)
            answered |= message.get("id") == 7 and message["error"]["code"] == -32602  # invalid params
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                break
        assert answered
        assert {d["code"] for d in message["params"]["diagnostics"]} == {"KW202", "KW301"}
        send.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        send.flush()
        while read_frame(proc.stdout).get("id") != 2:
            pass
        send.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        send.flush()
        assert proc.wait(20) == 0
        err = proc.stderr.read().decode()
        assert "skipped a message with Content-Length 'abc'" in err
        assert "skipped a message with Content-Length '999999999999999999999'" in err
        assert "skipped a message that is not JSON" in err
    finally:
        watchdog.cancel()
        proc.kill()


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), initialization_options={"select": "KW3"}))
    yield
    await lsp_client.shutdown_session()


async def _diagnostics_after(client, action):
    action()
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


@pytest.mark.asyncio
async def test_invalid_settings_are_reported_and_valid_ones_apply_again(client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-settings-safety.txt"
    text = "影响影响了生产,工作。\n"
    await _diagnostics_after(client, lambda: client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text))))
    assert {d.code for d in client.diagnostics[uri]} == {"KW301"}  # "KW3" as one string was taken as a list
    for bad in ({"select": [1, 2]}, {"config": 3}, {"select": ["no-such-rule"]}, 7):
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"kanwu": bad}))
        shown = await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
        assert shown.type == types.MessageType.Error and "invalid settings" in shown.message, shown.message
    # The last valid settings stayed in force; new valid ones take effect.
    await _diagnostics_after(client, lambda: client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"kanwu": {"select": ["repeated-word"]}})))
    assert {d.code for d in client.diagnostics[uri]} == {"KW202"}


@pytest.mark.asyncio
async def test_a_big_document_is_checked_off_the_loop_and_superseded_by_its_change(client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-big.txt"
    big = (SEEDS / "000_a99d6f3a8a207d3f.txt").read_text(encoding="utf-8") * 150  # about 2 MB
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=big)))
    await asyncio.sleep(0.3)  # the check of version 1 is under way in the worker thread
    started = time.monotonic()
    with pytest.raises(Exception, match="kanwu/no-such-method|not found"):
        await client.protocol.send_request_async("kanwu/no-such-method", {})
    assert time.monotonic() - started < 1.0  # the loop answered while the big check ran
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="全市召开会议,要求落实。\n")]))
    action = client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(1, 0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.kanwu"])))
    actions = await asyncio.wait_for(action, 60)
    fix_all = next(a for a in actions if a.kind == "source.fixAll.kanwu")
    assert fix_all.edit.changes[uri][0].new_text == "全市召开会议，要求落实。\n"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and {d.code for d in client.diagnostics.get(uri, [])} != {"KW301"}:
        await asyncio.sleep(0.05)
    await asyncio.sleep(1)  # the stale check of the big text, if it were published, would land now
    assert {d.code for d in client.diagnostics[uri]} == {"KW301"}


@pytest.mark.asyncio
async def test_a_broken_configuration_file_is_named_not_an_internal_error(client: LanguageClient, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.kanwu]\nselect = [\n", encoding="utf-8")
    page = tmp_path / "a.txt"
    page.write_text("影响影响了生产,工作。\n", encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=page.as_uri(), language_id="plaintext", version=1, text=page.read_text("utf-8"))))
    shown = await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert shown.type == types.MessageType.Error, shown.message
    assert str(tmp_path / "pyproject.toml") in shown.message and "internal error" not in shown.message, shown.message
