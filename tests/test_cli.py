"""The CLI end to end: click's runner for quick cases, a real subprocess for the rest."""
import json
import os
import shutil

import jsonschema
import pytest
from click.testing import CliRunner

from kanwu.cli import main

from .conftest import SEEDS, kanwu

NOISY = "本报讯(记者 王明)3月5日,全市召开会议,要求全面\n\n落实各项措施。（下转第2版）\n"
FIXED = "本报讯（记者 王明）3月5日，全市召开会议，要求全面落实各项措施。\n"

POSITION = {"type": "object", "required": ["line", "column", "offset"], "additionalProperties": False,
            "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1},
                           "offset": {"type": "integer", "minimum": 0}}}
EDIT = {"type": "object", "required": ["start", "end", "content"], "additionalProperties": False,
        "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "content": {"type": "string"}}}
FINDING_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["path", "rule", "code", "severity", "message", "start", "end", "fix"],
        "additionalProperties": False,
        "properties": {
            "path": {"type": "string"}, "rule": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            "code": {"type": "string", "pattern": "^KW[1-9][0-9]{2}$"},
            "severity": {"enum": ["error", "warning", "info"]}, "message": {"type": "string"},
            "start": POSITION, "end": POSITION, "record": {"type": "integer", "minimum": 0},
            "record_id": {"type": "string"}, "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{20}$"},
            "fix": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["applicability", "title", "edits"], "additionalProperties": False,
                "properties": {"applicability": {"enum": ["safe", "unsafe"]}, "title": {"type": "string"},
                               "edits": {"type": "array", "items": EDIT}}}]},
            "suggestion": {"type": "object", "required": ["applicability", "title", "edits"],
                           "properties": {"applicability": {"const": "display-only"}}},
        },
    },
}

# The parts of the SARIF 2.1.0 schema (OASIS) that kanwu's output uses, with the same
# constraints: additionalProperties false, required keys, enums, minimums.
_MSG = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
        "additionalProperties": False}
SARIF_SCHEMA = {
    "type": "object", "required": ["version", "runs"], "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"}, "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"], "additionalProperties": False,
            "properties": {
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "tool": {"type": "object", "required": ["driver"], "additionalProperties": False, "properties": {
                    "driver": {"type": "object", "required": ["name"], "additionalProperties": False, "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "semanticVersion": {"type": "string"}, "informationUri": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"], "additionalProperties": False, "properties": {
                                "id": {"type": "string"}, "name": {"type": "string"},
                                "shortDescription": _MSG, "fullDescription": _MSG, "help": _MSG,
                                "defaultConfiguration": {"type": "object", "additionalProperties": False, "properties": {
                                    "level": {"enum": ["none", "note", "warning", "error"]}}},
                                "properties": {"type": "object"}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "additionalProperties": False, "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]}, "message": _MSG,
                        "properties": {"type": "object"},
                        "locations": {"type": "array", "items": {"type": "object", "additionalProperties": False, "properties": {
                            "physicalLocation": {"type": "object", "additionalProperties": False, "properties": {
                                "artifactLocation": {"type": "object", "additionalProperties": False,
                                                     "properties": {"uri": {"type": "string"}}},
                                "region": {"type": "object", "additionalProperties": False, "properties": {
                                    k: {"type": "integer", "minimum": 1} for k in ("startLine", "startColumn", "endLine", "endColumn")
                                } | {"charOffset": {"type": "integer", "minimum": -1},
                                     "charLength": {"type": "integer", "minimum": 0}}}}}}}},
                        "fixes": {"type": "array", "items": {
                            "type": "object", "required": ["artifactChanges"], "additionalProperties": False, "properties": {
                                "description": _MSG,
                                "artifactChanges": {"type": "array", "minItems": 1, "items": {
                                    "type": "object", "required": ["artifactLocation", "replacements"],
                                    "additionalProperties": False, "properties": {
                                        "artifactLocation": {"type": "object"},
                                        "replacements": {"type": "array", "minItems": 1, "items": {
                                            "type": "object", "required": ["deletedRegion"], "additionalProperties": False,
                                            "properties": {"deletedRegion": {"type": "object"},
                                                           "insertedContent": {"type": "object"}}}}}}}}}}}}},
            }}},
    },
}


@pytest.fixture
def page(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(NOISY, encoding="utf-8")
    return p


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_json_output_matches_contract(page):
    r = invoke("check", "--output-format", "json", str(page))
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    jsonschema.validate(data, FINDING_SCHEMA)
    rules = {d["rule"] for d in data}
    assert {"halfwidth-punctuation", "page-break-split", "continuation-marker"} <= rules
    text = page.read_text(encoding="utf-8")
    for d in data:
        assert 0 <= d["start"]["offset"] <= d["end"]["offset"] <= len(text)


def test_json_on_seeds_matches_contract():
    r = kanwu("check", "--output-format", "json", str(SEEDS))
    assert r.returncode == 1, r.stderr.decode()
    data = json.loads(r.stdout)
    jsonschema.validate(data, FINDING_SCHEMA)
    assert len(data) > 300


def test_sarif_is_valid(page):
    r = invoke("check", "--output-format", "sarif", str(page))
    log = json.loads(r.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    run = log["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]


def test_concise_and_full_formats(page):
    r = invoke("check", "--output-format", "concise", str(page))
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{page}:1:4: KW301 [halfwidth-punctuation]")
    r = invoke("check", "--output-format", "full", str(page))
    assert "^" in r.stdout and "= fix: Join the two halves" in r.stdout


def test_github_format(page):
    r = invoke("check", "--output-format", "github", str(page))
    assert r.stdout.startswith(f"::warning file={page},line=1,col=4,")


def test_fix_then_check_is_clean_and_second_fix_changes_nothing(page):
    r = invoke("check", "--fix", str(page))
    assert page.read_text(encoding="utf-8") == FIXED
    assert r.exit_code == 0, r.output
    before = page.read_bytes()
    r = invoke("check", "--fix", str(page))
    assert page.read_bytes() == before and r.exit_code == 0


def test_diff_writes_nothing(page):
    r = invoke("check", "--diff", str(page))
    assert r.exit_code == 1
    assert "+本报讯（记者 王明）" in r.stdout and page.read_text(encoding="utf-8") == NOISY


def test_statistics(page):
    r = invoke("check", "--statistics", str(page))
    assert "KW301  halfwidth-punctuation" in r.stdout and r.exit_code == 1


def test_select_ignore_and_exit_zero(page):
    r = invoke("check", "--select", "KW1", "--ignore", "continuation-marker", "--output-format", "json", str(page))
    assert {d["rule"] for d in json.loads(r.stdout)} == {"page-break-split"}
    assert invoke("check", "--exit-zero", str(page)).exit_code == 0
    r = invoke("check", "--select", "KW9", str(page))
    assert r.exit_code == 2 and "unknown rule selector 'KW9'" in r.output


def test_stdin_filter_is_byte_exact():
    data = ("\ufeff" + NOISY.replace("\n", "\r\n")).encode("utf-8")
    r = kanwu("check", "--fix", "-", input=data)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == ("\ufeff" + FIXED.replace("\n", "\r\n")).encode("utf-8")
    r = kanwu("check", "--fix", "-", input=b"")
    assert r.returncode == 0 and r.stdout == b""


def test_stdin_report_uses_stdin_filename():
    r = kanwu("check", "--stdin-filename", "news/a.txt", "--output-format", "concise", "-",
              input=NOISY.encode())
    assert r.returncode == 1 and r.stdout.decode().startswith("news/a.txt:1:4:")


def test_bad_files_are_reported_and_others_still_checked(tmp_path):
    (tmp_path / "good.txt").write_text(NOISY, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("中文内容，".encode() * 30 + b"\xff\xfe" + "尾部".encode())
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    r = kanwu("check", "--output-format", "json", str(tmp_path))
    err = r.stderr.decode()
    assert r.returncode == 2
    assert "bad.txt: invalid UTF-8 at byte 450" in err and "bin.txt: binary content" in err
    assert "dangling.txt: dangling symbolic link" in err and "Traceback" not in err
    assert {os.path.basename(d["path"]) for d in json.loads(r.stdout)} == {"good.txt"}


def test_missing_path_and_bad_config(tmp_path):
    r = kanwu("check", str(tmp_path / "nope"))
    assert r.returncode == 2 and "no such file or directory" in r.stderr.decode()
    (tmp_path / "kanwu.toml").write_text("[rules.whitespace]\nmax-blank-lines = true\n")
    (tmp_path / "a.txt").write_text("文字。\n", encoding="utf-8")
    r = kanwu("check", str(tmp_path))
    err = r.stderr.decode()
    assert r.returncode == 2 and "kanwu.toml" in err and "max-blank-lines" in err and "Traceback" not in err


def test_config_from_pyproject_is_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.kanwu]\nselect = ["continuation-marker"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(NOISY, encoding="utf-8")
    r = kanwu("check", "--output-format", "json", str(tmp_path / "sub"))
    assert {d["rule"] for d in json.loads(r.stdout)} == {"continuation-marker"}


def test_jsonl_corpus(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": 1, "text": NOISY}, ensure_ascii=False), "not json",
             json.dumps({"id": 2, "body": "x"}), json.dumps({"id": 3, "text": "干净的文字。"}, ensure_ascii=False)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = kanwu("check", "--output-format", "json", str(corpus))
    err = r.stderr.decode()
    assert r.returncode == 2 and "c.jsonl:2: not valid JSON" in err and "c.jsonl:3: record has no string field 'text'" in err
    data = json.loads(r.stdout)
    jsonschema.validate(data, FINDING_SCHEMA)
    assert {d["record"] for d in data} == {0}
    r = kanwu("check", "--fix", str(corpus))
    out = corpus.read_text(encoding="utf-8").split("\n")
    assert json.loads(out[0]) == {"id": 1, "text": FIXED}
    assert out[1:4] == lines[1:4]


def test_rule_docs():
    r = invoke("rule", "--all")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) >= 11
    r = invoke("rule", "KW101")
    assert "## What it does" in r.stdout and "page-break-split" in r.stdout
    r = invoke("rule", "--all", "--output-format", "json")
    assert all(item["documentation"] for item in json.loads(r.stdout))
    r = invoke("rule", "nope")
    assert r.exit_code == 2


def test_version_and_help():
    r = kanwu("--version")
    assert r.returncode == 0 and b"kanwu, version" in r.stdout
    r = kanwu("check", "--help")
    assert b"--unsafe-fixes" in r.stdout and b"--output-format" in r.stdout


def test_fix_on_copy_of_seeds_leaves_no_safe_finding(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy, ignore=shutil.ignore_patterns("*.jsonl"))
    kanwu("check", "--fix", str(copy), check=True)
    r = kanwu("check", "--output-format", "json", str(copy))
    assert not [d for d in json.loads(r.stdout) if d["fix"] and d["fix"]["applicability"] == "safe"]
    snapshot = {p.name: p.read_bytes() for p in copy.iterdir()}
    kanwu("check", "--fix", str(copy), check=True)
    assert snapshot == {p.name: p.read_bytes() for p in copy.iterdir()}


def test_baseline_reports_only_new_findings(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    base = tmp_path / "baseline.json"
    r = kanwu("check", "--output-format", "json", str(page))
    base.write_bytes(r.stdout)
    r = kanwu("check", "--baseline", str(base), str(page))
    assert r.returncode == 0 and b"hidden by the baseline" in r.stderr
    # Text added above moves every offset: the old findings stay known, and the file now has
    # one more half-width comma than the baseline recorded, so one is reported.
    page.write_text("新增的一段,内容。\n\n" + NOISY, encoding="utf-8")
    r = kanwu("check", "--baseline", str(base), "--output-format", "json", str(page))
    new = json.loads(r.stdout)
    assert r.returncode == 1 and [d["rule"] for d in new] == ["halfwidth-punctuation"]
    assert "use '，'" in new[0]["message"]
    base.write_text("not json", encoding="utf-8")
    r = kanwu("check", "--baseline", str(base), str(page))
    assert r.returncode == 2 and b"not a kanwu JSON findings file" in r.stderr and b"Traceback" not in r.stderr


def test_baseline_counts_equal_findings(tmp_path):
    """A baseline remembers how many findings of one fingerprint a file had: a second copy of
    the same line with the same defect is new."""
    page = tmp_path / "page.txt"
    page.write_text("本报讯,内容。\n", encoding="utf-8")
    base = tmp_path / "baseline.json"
    base.write_bytes(kanwu("check", "--isolated", "--output-format", "json", str(page)).stdout)
    page.write_text("本报讯,内容。\n本报讯,内容。\n", encoding="utf-8")
    r = kanwu("check", "--isolated", "--baseline", str(base), "--output-format", "json", str(page))
    assert [d["start"]["line"] for d in json.loads(r.stdout)] == [2]


def test_jsonl_fix_touches_only_the_text_field(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = ['{"id": 1e400, "n": 0.1000, "big": ' + "9" * 5000 + ', "text": "本报讯,内容。", "text2": "x,y"}',
             '{ "k" : "\\u4e2d" , "text" : "\\u672c\\u62a5\\u8baf,\\u5185\\u5bb9\\u3002", "nested": {"a": [1, 2.50]} }',
             '{"text": "a", "text": "本报讯,重复键。", "z": "\\u2028"}',
             '{"text": "干净的文字。", "id": "x"}']
    corpus.write_bytes(("\n".join(lines) + "\r\n").encode("utf-8"))
    kanwu("check", "--isolated", "--fix", str(corpus))
    out = corpus.read_bytes().decode("utf-8").split("\n")
    assert out[0] == lines[0].replace("本报讯,内容", "本报讯，内容")
    assert out[1] == lines[1].replace("\\u62a5\\u8baf,\\u5185", "\\u62a5\\u8baf\\uff0c\\u5185")
    assert out[2] == lines[2].replace("本报讯,重复键", "本报讯，重复键")
    assert out[3] == lines[3] + "\r" and len(out) == 5 and out[4] == ""
