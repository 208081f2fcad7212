"""The documentation users read first stays true: every rule is in the README's table, every
rule's page prints, and the README's first commands are the ones CI runs."""
import pytest

from kanwu.registry import Registry

from .conftest import ROOT, kanwu

README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES = Registry.from_entry_points().rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_rule_is_in_the_readme_table(rule):
    assert f"| {rule.code} | {rule.name}" in README, f"README's rule table lacks {rule.code} {rule.name}"


def test_every_family_page_lists_its_checks():
    families = {r.group for r in RULES if r.group}
    for code, name in families:
        out = kanwu("rule", name, check=True).stdout.decode()
        assert all(r.name in out for r in RULES if r.group == (code, name))


def test_readme_commands_are_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/kanwu check seeds/" in README
    assert ".venv/bin/python -m pytest -q\n" in README and ".venv/bin/python -m pytest -q\n" in ci
