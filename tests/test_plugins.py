"""A rule from another distribution, registered through the same entry-point group as the
built-in rules, is picked up by the real CLI. Nothing is installed: the test distribution's
metadata lies on PYTHONPATH, which is all importlib.metadata needs."""
import json
import os

from .conftest import kanwu

RULE = '''
"""Flags the word 测试 (a third-party rule pack's example).

## What it does
Flags 测试.
## Why it matters
It shows plugins work.
## Example
    测试 -> 检验
## Fix safety
Safe.
"""
from kanwu.model import Edit, Fix, FixAvailability, Rule


class TestWord(Rule):
    code, name, fix = "KW599", "test-word", FixAvailability.ALWAYS

    def check(self, doc):
        i = doc.text.find("测试")
        while i >= 0:
            yield self.diagnostic(i, i + 2, "the word 测试", Fix.safe("Use 检验", Edit.replace(i, i + 2, "检验")))
            i = doc.text.find("测试", i + 1)
'''


def test_third_party_rule_is_discovered(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "extra_rules.py").write_text(RULE, encoding="utf-8")
    info = site / "extra_rules-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-rules\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[kanwu.rules]\ntest-word = extra_rules:TestWord\n")
    page = tmp_path / "a.txt"
    page.write_text("这是一个测试。\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    r = kanwu("rule", "--all", env=env)
    assert b"KW599  test-word" in r.stdout
    r = kanwu("check", "--select", "test-word", "--output-format", "json", str(page), env=env)
    assert [d["code"] for d in json.loads(r.stdout)] == ["KW599"]
    kanwu("check", "--select", "KW5", "--fix", str(page), env=env, check=True)
    assert page.read_text(encoding="utf-8") == "这是一个检验。\n"
    # Without the pack on the path, the rule does not exist.
    r = kanwu("check", "--select", "test-word", str(page))
    assert r.returncode == 2 and b"unknown rule selector 'test-word'" in r.stderr
