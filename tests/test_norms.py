"""Editing norms (KW5xx) against a test set of their own: tests/fixtures/norms/.

cases.tsv holds one violation per line in news style (sentence, rule, the text the finding must
cover, the fixed sentence); lookalikes.txt holds correct sentences that must stay silent: the
forms GB/T 15834-2011 and GB/T 15835-2011 allow that look like the ones they forbid. Both run
through the real rules as the registry loads them, with their default options."""
import csv
from dataclasses import dataclass

import pytest

from kanwu.document import Document
from kanwu.rules.number_usage import approximation_commas, hyphen_ranges, range_suffixes

from .conftest import FIXTURES, make_linter

NORMS = FIXTURES / "norms"
RULES = ("number-usage", "punctuation-usage")


@dataclass
class Case:
    line: int
    sentence: str
    rule: str
    expected: str
    fixed: str


def load_cases():
    with open(NORMS / "cases.tsv", encoding="utf-8", newline="") as f:
        rows = [(i, r) for i, r in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1)
                if r and not r[0].startswith("#")]
    header, *rows = rows
    assert header[1] == ["sentence", "rule", "expected", "fixed"]
    return [Case(i, *r) for i, r in rows]


def load_lookalikes():
    lines = (NORMS / "lookalikes.txt").read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("#")]


CASES = load_cases()
LOOKALIKES = load_lookalikes()


@pytest.fixture(scope="module")
def linters(registry):
    return {rule: make_linter(registry, [rule]) for rule in RULES}


def findings(linter, text):
    return linter.check(Document(text))


def found(case, diags):
    """A finding of the case's rule covers the expected text."""
    s = case.sentence.find(case.expected)
    assert s >= 0, f"line {case.line}: {case.expected!r} is not in the sentence"
    e = s + len(case.expected)
    return any((d.rule == case.rule or d.rule.startswith(case.rule + "-")) and d.start < e and d.end > s for d in diags)


def test_the_set_is_big_enough():
    for rule in RULES:
        assert sum(c.rule == rule for c in CASES) >= 30, rule
    assert len(LOOKALIKES) >= 60


def test_recall_on_cases(linters):
    missed = [c for c in CASES if not found(c, findings(linters[c.rule], c.sentence))]
    for rule in RULES:
        total = sum(c.rule == rule for c in CASES)
        recall = 1 - sum(c.rule == rule for c in missed) / total
        assert recall >= 0.9, (rule, recall, [c.sentence for c in missed if c.rule == rule])


def test_found_cases_fix_to_the_expected_sentence(linters):
    wrong = []
    for c in CASES:
        if not c.fixed or not found(c, findings(linters[c.rule], c.sentence)):
            continue
        fixed, _remaining, _n = linters[c.rule].fix(c.sentence, unsafe=True)
        if fixed != c.fixed:
            wrong.append((c.line, fixed, c.fixed))
    assert wrong == []


@pytest.mark.parametrize("rule", RULES)
def test_lookalikes_stay_silent(linters, rule):
    noisy = [(s, [(s[d.start:d.end], d.message) for d in findings(linters[rule], s)]) for s in LOOKALIKES]
    assert [n for n in noisy if n[1]] == []


def test_lookalikes_as_one_document_stay_silent(linters):
    """The same sentences as paragraphs of one page: nothing leaks across lines."""
    text = "\n\n".join(LOOKALIKES) + "\n"
    for rule in RULES:
        assert findings(linters[rule], text) == [], rule


def test_each_check_is_separable():
    """A check is a plain function of the text: it can move to its own code without the rule."""
    opts = {"range-mark-value": "～", "range-mark-time": "—"}
    assert [f.message for f in hyphen_ranges("增长3-5个百分点", opts)]
    assert not list(range_suffixes("增长3-5个百分点", opts))
    assert [f.fix.edits[0].start for f in approximation_commas("十七、八岁", opts)] == [2]


def test_house_style_options(registry):
    from kanwu.config import Settings
    from kanwu.linter import Linter

    text = "约3小时左右就到了，历时3-5年。"
    default = Linter.configure(registry, Settings(), select=["ALL"])
    assert [d.message for d in default.check(Document(text)) if "左右" in d.message] == []
    # the house-style check is opt-in: ALL leaves it out, naming it (or its family) selects it
    styled = Linter.configure(registry, Settings(rule_options={"number-usage": {"range-mark-value": "—"}}),
                              select=["number-usage", "number-usage-redundant-approximation"])
    fixed, _, _ = styled.fix(text, unsafe=True)
    assert fixed == "约3小时就到了，历时3—5年。"


def test_marked_item_comma_check_can_be_switched_off(registry):
    from kanwu.config import Settings
    from kanwu.linter import Linter

    text = "坚持“打虎”、“拍蝇”多管齐下，，狠抓落实。"
    off = Linter.configure(registry, Settings(), select=["punctuation-usage"],
                           ignore=["punctuation-usage-comma-between-marked-items"])
    assert [text[d.start:d.end] for d in off.check(Document(text))] == ["，，"]


# Text made of what these rules look at: digits, range marks, magnitudes, Chinese numerals,
# quotation and title marks, dots and dashes.
_NORMS_ALPHABET = list("0123456789０３-－–—～~%万亿千百十几、，。？！：；“”‘’《》〈〉.…-年月岁个人约左右第二三七八十〇Oo ") + [
    "2013", "15", "98年", "二0一", "的", "\n\n", "千克", "GB/T ", "010-", "——", "...", "。。。"]


@pytest.fixture(scope="module")
def norms_linter(registry):
    from kanwu.config import Settings
    from kanwu.linter import Linter

    return Linter.configure(registry, Settings(), select=[*RULES, "number-usage-redundant-approximation"])


def test_fixes_converge_and_stay_local_on_generated_text(norms_linter):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from kanwu.linter import apply_fixes
    from kanwu.model import Applicability

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(_NORMS_ALPHABET), max_size=60).map("".join))
    def run(text):
        diags = norms_linter.check(Document(text))
        for d in diags:
            assert 0 <= d.start <= d.end <= len(text)
        fixed, remaining, _ = norms_linter.fix(text, unsafe=True)
        again, _, applied = norms_linter.fix(fixed, unsafe=True)
        assert again == fixed and applied == 0
        safe = [d for d in diags if d.fix and d.fix.applicability is Applicability.SAFE]
        out, used = apply_fixes(text, safe)
        edits = sorted((e for d in used for e in d.fix.edits), key=lambda e: (e.start, e.end))
        rebuilt, pos = [], 0
        for e in edits:
            rebuilt += [text[pos:e.start], e.content]
            pos = e.end
        assert "".join(rebuilt) + text[pos:] == out

    run()
