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


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_fixtures_exist_and_fix_availability_matches(registry, rule):
    folder = FIXTURES / "rules" / rule.name
    for name in ("bad.txt", "good.txt", "bad.expected", "bad.fixed.txt"):
        assert (folder / name).is_file(), f"{rule.name}: missing fixture {name}"
    from .test_rule_fixtures import fixture_linter, fixture_stats, rel
    linter = fixture_linter(registry, rule.name, folder)
    text = (folder / "bad.txt").read_text(encoding="utf-8")
    diags = linter.check(Document(text, rel(folder / "bad.txt")), fixture_stats(linter, folder, "bad.txt"))
    with_fix = [d for d in diags if d.fix is not None]
    if rule.fix is FixAvailability.ALWAYS:
        assert len(with_fix) == len(diags) > 0
    elif rule.fix is FixAvailability.NONE:
        assert not with_fix
    else:
        assert with_fix, f"{rule.name} declares fixes sometimes but its fixtures show none"
