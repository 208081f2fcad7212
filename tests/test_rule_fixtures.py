"""Per-rule fixtures: bad.txt must give the findings in bad.expected and fix to bad.fixed.txt;
good.txt (look-alikes) must give no finding of the rule. KANWU_REGEN=1 rewrites the expected
files; review the diff."""
import os

import pytest

from kanwu.document import Document
from kanwu.model import Applicability

from .conftest import FIXTURES, make_linter

REGEN = os.environ.get("KANWU_REGEN") == "1"
RULE_DIRS = sorted(p.name for p in (FIXTURES / "rules").iterdir() if p.is_dir())


def render(doc, diags):
    lines = []
    for d in diags:
        (l1, c1), (l2, c2) = doc.position(d.start), doc.position(d.end)
        fix = f" (fix: {d.fix.applicability.value}: {d.fix.title})" if d.fix else ""
        lines.append(f"{l1}:{c1}-{l2}:{c2} {d.code} [{d.rule}] {d.message}{fix}")
    return "\n".join(lines) + "\n"


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_bad_fixture(registry, rule):
    folder = FIXTURES / "rules" / rule
    linter = make_linter(registry, [rule])
    text = read(folder / "bad.txt")
    doc = Document(text, str(folder / "bad.txt"))
    diags = linter.check(doc)
    assert diags, f"{rule}: bad.txt gives no finding"
    rendered = render(doc, diags)
    fixed, _remaining, _n = linter.fix(text, str(folder / "bad.txt"), unsafe=True)
    if REGEN:
        write(folder / "bad.expected", rendered)
        write(folder / "bad.fixed.txt", fixed)
    assert rendered == read(folder / "bad.expected")
    assert fixed == read(folder / "bad.fixed.txt")


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_good_fixture_is_quiet(registry, rule):
    folder = FIXTURES / "rules" / rule
    linter = make_linter(registry, [rule])
    text = read(folder / "good.txt")
    doc = Document(text, str(folder / "good.txt"))
    assert render(doc, linter.check(doc)) == "\n"


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_fixes_converge_and_are_idempotent(registry, rule):
    folder = FIXTURES / "rules" / rule
    linter = make_linter(registry)  # all rules together: fixes must not fight each other
    text = read(folder / "bad.txt")
    once, remaining, _ = linter.fix(text, "bad.txt", unsafe=True)
    twice, _, applied = linter.fix(once, "bad.txt", unsafe=True)
    assert twice == once and applied == 0
    assert not [d for d in remaining if d.fix and d.fix.applies(True)]


def test_safe_fixes_leave_no_safe_finding(registry):
    linter = make_linter(registry)
    for rule in RULE_DIRS:
        text = read(FIXTURES / "rules" / rule / "bad.txt")
        fixed, remaining, _ = linter.fix(text, "bad.txt")
        assert not [d for d in remaining if d.fix and d.fix.applicability is Applicability.SAFE], rule
