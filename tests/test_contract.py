"""One contract over every registered rule, built-in or not."""
import re

import pytest

from kanwu.document import Document
from kanwu.model import FixAvailability, Rule

from .conftest import FIXTURES

FAMILIES = {"1": "layout", "2": "duplication", "3": "typography", "4": "consistency", "5": "typos"}


def all_rules():
    from kanwu.registry import Registry
    return Registry.from_entry_points().rules


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_metadata_and_docs(rule):
    assert issubclass(rule, Rule)
    assert rule.validate_metadata() == []
    assert rule.code[2] in FAMILIES
    assert rule.summary() and not rule.summary().startswith("#")
    assert re.search(r"## Example\n+.+", rule.documentation())


def test_codes_and_names_unique():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


@pytest.fixture(scope="module")
def observed():
    """Every finding on the seed pages and on every rule's bad fixture, by rule: what the
    rules really produce, to hold their declared metadata against."""
    from kanwu.pipeline import RunOptions, Session
    from .conftest import SEEDS
    from .test_rule_fixtures import fixture_linter, fixture_stats, rel
    from kanwu.registry import Registry

    by_rule: dict[str, list] = {}
    session = Session.load(str(SEEDS))
    files, _ = session.discover([str(SEEDS)])
    for r in session.check(files, RunOptions()):
        for f in r.findings:
            by_rule.setdefault(f.rule, []).append(f.fix)
    registry = Registry.from_entry_points()
    for folder in sorted((FIXTURES / "rules").iterdir()):
        linter = fixture_linter(registry, folder.name, folder)
        text = (folder / "bad.txt").read_text(encoding="utf-8")
        for d in linter.check(Document(text, rel(folder / "bad.txt")), fixture_stats(linter, folder, "bad.txt")):
            by_rule.setdefault(d.rule, []).append(d.fix)
    return by_rule


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_declared_fix_metadata_matches_behaviour(rule, observed):
    for name in ("bad.txt", "good.txt", "bad.expected", "bad.fixed.txt"):
        assert (FIXTURES / "rules" / rule.name / name).is_file(), f"{rule.name}: missing fixture {name}"
    fixes = observed.get(rule.name, [])
    assert fixes, f"{rule.name}: no finding on its bad fixture or the seeds"
    with_fix = [f for f in fixes if f is not None]
    kinds = {f.applicability for f in with_fix}
    if rule.fix is FixAvailability.ALWAYS:
        assert len(with_fix) == len(fixes), f"{rule.name} declares a fix always, but some findings have none"
    elif rule.fix is FixAvailability.NONE:
        assert not with_fix, f"{rule.name} declares no fix, but produces some"
    else:
        assert with_fix and len(with_fix) < len(fixes), f"{rule.name} declares fixes sometimes, but shows " \
            f"{'none' if not with_fix else 'one on every finding'}"
    assert kinds <= set(rule.fix_kinds), f"{rule.name} produces {kinds - set(rule.fix_kinds)} fixes it does not declare"
    assert kinds == set(rule.fix_kinds), f"{rule.name} declares {set(rule.fix_kinds) - kinds} fixes it never produces"
