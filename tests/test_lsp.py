"""The language server, driven by a real LSP client (pytest-lsp) over stdio."""
import sys
from typing import Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from . import zygote
from .conftest import SEEDS

SERVER = ClientServerConfig(server_command=zygote.command("server"))


def read_code_actions_as_the_protocol_says(client: LanguageClient) -> None:
    """lsprotocol's client side reads any code action that has a "command" key as a bare
    Command; the protocol tells them apart by whether "command" is a string (a CodeAction's
    is an object)."""
    converter = client.protocol._converter
    converter.register_structure_hook(
        Union[types.Command, types.CodeAction],
        lambda obj, _: converter.structure(obj, types.Command if isinstance(obj.get("command"), str)
                                           else types.CodeAction))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    read_code_actions_as_the_protocol_says(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), initialization_options={}))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def utf32_client(lsp_client: LanguageClient):
    caps = client_capabilities("neovim")
    caps.general = types.GeneralClientCapabilities(position_encodings=["utf-32", "utf-16"])
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=caps))
    assert result.capabilities.position_encoding == "utf-32"
    yield
    await lsp_client.shutdown_session()


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to a text."""
    lines = text.split("\n")

    def offset(pos):
        before = "\n".join(lines[:pos.line]) + ("\n" if pos.line else "")
        line = lines[pos.line] if pos.line < len(lines) else ""
        units, i = 0, 0
        while i < len(line) and units < pos.character:
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return len(before) + i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        s, t = offset(e.range.start), offset(e.range.end)
        text = text[:s] + e.new_text + text[t:]
        lines = text.split("\n")
    return text


async def open_and_wait(client, uri, text):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


@pytest.mark.asyncio
async def test_seed_page_diagnostics_and_quick_fix(client: LanguageClient):
    path = SEEDS / "000_a99d6f3a8a207d3f.txt"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    diags = await open_and_wait(client, uri, text)
    codes = {d.code for d in diags}
    assert {"KW101", "KW102", "KW103", "KW201"} <= codes
    split = next(d for d in diags if d.code == "KW101")
    lines = text.split("\n")
    assert lines[split.range.start.line].endswith("全面")
    assert lines[split.range.start.line][split.range.start.character:] == "面"
    assert lines[split.range.end.line].startswith("落实") and split.range.end.character == 1
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=split.range,
        context=types.CodeActionContext(diagnostics=[split], only=[types.CodeActionKind.QuickFix])))
    join = next(a for a in actions if "KW101" in a.title)
    fixed = apply(text, join.edit.changes[uri])
    assert "全面落实第九版" in fixed and len(fixed) == len(text) - 2


@pytest.mark.asyncio
async def test_fix_all_and_unsafe_labels(client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-fixall.txt"
    text = "本报讯(记者 王明)市长李建国主持会议并讲话。市长李建国主持会议并讲话。要求全面\n\n落实各项措施。\n"
    diags = await open_and_wait(client, uri, text)
    everything = types.Range(types.Position(0, 0), types.Position(3, 0))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=everything,
        context=types.CodeActionContext(diagnostics=diags)))
    titles = [a.title for a in actions]
    assert any("[unsafe: review]" in t and "KW201" in t for t in titles)
    fix_all = next(a for a in actions if a.kind == "source.fixAll.kanwu")
    fixed = apply(text, fix_all.edit.changes[uri])
    assert fixed == "本报讯（记者 王明）市长李建国主持会议并讲话。市长李建国主持会议并讲话。要求全面落实各项措施。\n"


@pytest.mark.asyncio
async def test_non_bmp_characters_do_not_shift_positions(client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-bmp.txt"
    text = "记者𠮷祥、𡒄明报道,全市召开会议。\n"
    diags = await open_and_wait(client, uri, text)
    comma = next(d for d in diags if d.code == "KW301")
    # "记者𠮷祥、𡒄明报道" is 9 code points but 11 UTF-16 units before the comma
    assert (comma.range.start.character, comma.range.end.character) == (11, 12)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=comma.range,
        context=types.CodeActionContext(diagnostics=[comma], only=[types.CodeActionKind.QuickFix])))
    assert apply(text, actions[0].edit.changes[uri]) == "记者𠮷祥、𡒄明报道，全市召开会议。\n"


@pytest.mark.asyncio
async def test_changes_are_relinted(client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-change.txt"
    diags = await open_and_wait(client, uri, "干净的文字。\n")
    assert list(diags) == []
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="影响影响了生产,工作。\n")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert {d.code for d in client.diagnostics[uri]} == {"KW202", "KW301"}


@pytest.mark.asyncio
async def test_utf32_is_negotiated(utf32_client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-utf32.txt"
    diags = await open_and_wait(utf32_client, uri, "记者𠮷祥、𡒄明报道,全市召开会议。\n")
    comma = next(d for d in diags if d.code == "KW301")
    assert comma.range.start.character == 9


@pytest_lsp.fixture(config=SERVER)
async def selecting_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        initialization_options={"select": ["KW3"], "ignore": ["whitespace"]}))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_settings_select_and_ignore(selecting_client: LanguageClient):
    uri = "file:///tmp/kanwu-lsp-settings.txt"
    text = "本报讯(记者 王明)影响影响了生产， 要求全面\n\n落实。\n"
    diags = await open_and_wait(selecting_client, uri, text)
    assert {d.code for d in diags} == {"KW301"}
    # Settings can change while the editor runs: now only repeated-word.
    selecting_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"kanwu": {"select": ["repeated-word"]}}))
    await selecting_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert {d.code for d in selecting_client.diagnostics[uri]} == {"KW202"}


async def until(predicate, seconds=20.0):
    """Wait for the server's next publications until ``predicate()`` holds."""
    import asyncio

    for _ in range(int(seconds / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the server never published what was expected")


@pytest.mark.asyncio
async def test_allow_list_action_adds_the_word_and_hides_it_everywhere(client: LanguageClient, tmp_path):
    """"This is right" from the editor: the action's command writes the project's word list,
    the open documents are checked again, and the CLI honours the entry too."""
    from .conftest import kanwu

    (tmp_path / "kanwu.toml").write_text("", encoding="utf-8")
    page, other = tmp_path / "a.txt", tmp_path / "b.txt"
    text = "他说，受到影响影响了生产。\n\n另一篇，影响影响很大。\n"
    page.write_text(text, encoding="utf-8")
    other.write_text("雨后，影响影响不大。\n", encoding="utf-8")
    diags = await open_and_wait(client, page.as_uri(), text)
    await open_and_wait(client, other.as_uri(), other.read_text(encoding="utf-8"))
    stutter = next(d for d in diags if d.code == "KW202")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=page.as_uri()), range=stutter.range,
        context=types.CodeActionContext(diagnostics=[stutter], only=[types.CodeActionKind.QuickFix])))
    allow = next(a for a in actions if a.command is not None and a.command.command == "kanwu.allow")
    assert "'影响影响' is right" in allow.title and allow.edit is None
    where = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=allow.command.command, arguments=allow.command.arguments))
    assert where == str(tmp_path / "kanwu-allow.txt")
    await until(lambda: all(not [d for d in client.diagnostics.get(u.as_uri(), [None]) if d is None or d.code == "KW202"]
                            for u in (page, other)))
    assert (tmp_path / "kanwu-allow.txt").read_text(encoding="utf-8") == "影响影响\n"
    r = kanwu("check", "--output-format", "concise", str(page), str(other))
    assert r.returncode == 0 and b"KW202" not in r.stdout
    # A bare punctuation mark is no entry: no such action is offered for it.
    comma_page = tmp_path / "c.txt"
    diags = await open_and_wait(client, comma_page.as_uri(), "本报讯,内容。\n")
    comma = next(d for d in diags if d.code == "KW301")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=comma_page.as_uri()), range=comma.range,
        context=types.CodeActionContext(diagnostics=[comma])))
    assert actions and not [a for a in actions if a.command is not None]
