"""Per-rule fixtures: bad.txt must give the findings in bad.expected and fix to bad.fixed.txt;
good.txt (look-alikes) must give no finding of the rule. KANWU_REGEN=1 rewrites the expected
files; review the diff.

A fixture folder may hold a kanwu.toml (settings for the rule, e.g. a glossary) and, for
corpus rules, a corpus/ folder of other documents that bad.txt and good.txt are checked
against, as if the folder had been checked in one run."""
import os
from functools import reduce

import pytest

from kanwu.config import load_settings
from kanwu.document import Document
from kanwu.linter import Linter
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


def fixture_linter(registry, rule, folder):
    cfg = folder / "kanwu.toml"
    if cfg.exists():
        return Linter.configure(registry, load_settings(str(cfg)), select=[rule] if rule else None)
    return make_linter(registry, [rule] if rule else ["ALL"])


def fixture_stats(linter, folder, name):
    """Corpus stats over corpus/*.txt plus the fixture file itself."""
    if not linter.corpus_rules:
        return None
    paths = sorted((folder / "corpus").glob("*.txt")) + [folder / name]
    partials = [linter.collect(Document(read(p), rel(p)), rel(p)) for p in paths]
    return linter.finalize(reduce(linter.merge, partials, linter.empty_stats()))


def rel(path):
    """Fixture documents are named relative to the fixtures folder, so messages are stable."""
    return str(path.relative_to(FIXTURES))


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def load(registry, rule, name, only_rule=True):
    """(linter, corpus stats, text, document) for one fixture file of a rule's folder."""
    folder = FIXTURES / "rules" / rule
    linter = fixture_linter(registry, rule if only_rule else None, folder)
    text = read(folder / name)
    return linter, fixture_stats(linter, folder, name), text, Document(text, rel(folder / name))


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_bad_fixture(registry, rule):
    folder = FIXTURES / "rules" / rule
    linter, stats, text, doc = load(registry, rule, "bad.txt")
    diags = linter.check(doc, stats)
    assert diags, f"{rule}: bad.txt gives no finding"
    rendered = render(doc, diags)
    fixed, _remaining, _n = linter.fix(text, doc.path, unsafe=True, stats=stats)
    if REGEN:
        write(folder / "bad.expected", rendered)
        write(folder / "bad.fixed.txt", fixed)
    assert rendered == read(folder / "bad.expected")
    assert fixed == read(folder / "bad.fixed.txt")


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_good_fixture_is_quiet(registry, rule):
    linter, stats, _text, doc = load(registry, rule, "good.txt")
    assert render(doc, linter.check(doc, stats)) == "\n"


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_fixes_converge_and_are_idempotent(registry, rule):
    # All rules together: fixes must not fight each other.
    linter, stats, text, _doc = load(registry, rule, "bad.txt", only_rule=False)
    once, remaining, _ = linter.fix(text, "bad.txt", unsafe=True, stats=stats)
    twice, _, applied = linter.fix(once, "bad.txt", unsafe=True, stats=stats)
    assert twice == once and applied == 0
    assert not [d for d in remaining if d.fix and d.fix.applies(True)]


def test_safe_fixes_leave_no_safe_finding(registry):
    linter = make_linter(registry)
    for rule in RULE_DIRS:
        text = read(FIXTURES / "rules" / rule / "bad.txt")
        fixed, remaining, _ = linter.fix(text, "bad.txt")
        assert not [d for d in remaining if d.fix and d.fix.applicability is Applicability.SAFE], rule
