"""One filter stage for every front end: the same selection, per-file ignores and baseline
give the same findings in `kanwu check`, `kanwu report --output-format json` and the
language server (a real client over stdio)."""
import collections
import json
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from . import zygote
from .conftest import kanwu

OLD = "本报讯(记者 王明)3月5日,全市召开会议。\n\n加快發展现代服务业。\n"
NEW = OLD + "\n会议要求各级各部门，要认真贯彻落实会议精神，全面\n\n落实各项措施,确保安全。\n\n再接再厉,加快發展。\n"
CAPTION = "游客在城墙上参观游览,感受历史。 新华社记者 李明 摄\n\n会议要求,全面落实。\n"
CONFIG = 'ignore = ["traditional-char"]\n[per-file-ignores]\n"captions/*" = ["halfwidth-punctuation"]\n'


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "kanwu.toml").write_text(CONFIG, encoding="utf-8")
    (root / "pages").mkdir()
    (root / "captions").mkdir()
    page, caption = root / "pages" / "a.txt", root / "captions" / "b.txt"
    page.write_text(OLD, encoding="utf-8")
    caption.write_text(CAPTION, encoding="utf-8")
    baseline = root / "baseline.json"
    baseline.write_bytes(kanwu("check", "--output-format", "json", str(root), cwd=root).stdout)
    page.write_text(NEW, encoding="utf-8")  # new findings below the recorded ones
    return root, baseline


def from_check(root, baseline):
    r = kanwu("check", "--output-format", "json", "--baseline", str(baseline), str(root))
    assert r.returncode == 1, r.stderr.decode()
    return {(f["path"].rsplit("/", 1)[-1], f["code"], f["start"]["line"] - 1, f["start"]["column"] - 1)
            for f in json.loads(r.stdout)}


def test_check_hides_the_baseline_and_honours_selection(project):
    root, baseline = project
    found = from_check(root, baseline)
    codes = collections.Counter(code for _, code, _, _ in found)
    assert "KW304" not in codes                          # ignored in kanwu.toml
    assert not [f for f in found if f[0] == "b.txt" and f[1] == "KW301"]  # per-file ignore
    assert all(line >= 3 for name, _, line, _ in found if name == "a.txt")  # old findings are known
    assert {"KW101", "KW301"} <= set(codes)


def test_report_json_counts_the_same_findings(project):
    root, baseline = project
    found = from_check(root, baseline)
    r = kanwu("report", "--output-format", "json", "--baseline", str(baseline), str(root))
    summary = json.loads(r.stdout)
    counts = {f["path"].rsplit("/", 1)[-1]: f["by_rule"] for f in summary["by_file"]}
    expected = collections.defaultdict(collections.Counter)
    rule_of = {r["code"]: r["rule"] for r in summary["by_rule"]}
    for name, code, _, _ in found:
        expected[name][rule_of[code]] += 1
    assert {k: dict(v) for k, v in expected.items()} == {k: v for k, v in counts.items() if v}


SERVER = ClientServerConfig(server_command=zygote.command("server"))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), initialization_options={}))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_language_server_shows_the_same_findings(client: LanguageClient, project):
    root, baseline = project
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"kanwu": {"baseline": str(baseline)}}))
    seen = set()
    for path in (root / "pages" / "a.txt", root / "captions" / "b.txt"):
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=path.as_uri(), language_id="plaintext", version=1, text=path.read_text(encoding="utf-8"))))
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        seen |= {(path.name, d.code, d.range.start.line, d.range.start.character)
                 for d in client.diagnostics[path.as_uri()]}
    corpus_codes = {"KW203", "KW401", "KW402"}  # corpus rules need the whole run; editors see one page
    assert seen == {f for f in from_check(root, baseline) if f[1] not in corpus_codes}
