"""The 差错率 estimate: errors per 10,000 characters, counted as newsroom quality checks count.

Newspapers and publishers judge a text by its 差错率, the errors per 10,000 characters; the
usual line for a newspaper is 3 per 10,000 (万分之三). kanwu estimates it from its findings,
page by page (a file, or one record of a JSONL corpus), with the counting conventions of
编校质量 checks:

1. each finding counts its rule's ``error_weight`` (rule metadata, declared by the rule: 1 for
   a wrong, missing or extra character or word, 0.5 for a traditional character in
   simplified text, 0.1 for a slip of punctuation, number form or layout, 0 for what is not
   an error of the text — corpus statistics, placement, spacing no reader sees; a rule that
   declares nothing counts 1, or 0 at severity info);
2. a finding in a headline (the page's display lines: kicker, headline, deck, subheading)
   counts double;
3. the same error repeated on a page (the same rule flagging the same text) counts at most 3
   times; a finding on blank text (a break between paragraphs) is an error of its own place;
4. a rule's ``error_cap`` bounds what its findings (its family's, for a split check) add to
   one page: number-form breaches count 0.1 each, at most 1 per page.

The rate is the counted errors × 10,000 / the page's characters; the corpus rate is the sum
of the pages' counted errors over all their characters. The figure is an estimate: kanwu
finds what its rules find, and a person decides what is an error.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from .model import Finding, Rule, Severity
from .zh.blocks import DISPLAY

LINE_PER_10K = 3.0      # the usual newspaper line: 3 errors per 10,000 characters
HEADLINE_FACTOR = 2     # an error in a headline counts double
REPEAT_LIMIT = 3        # the same error repeated on a page counts at most this many times


def weight_of(rule: type[Rule]) -> float:
    if rule.error_weight is not None:
        return float(rule.error_weight)
    return 0.0 if rule.severity is Severity.INFO else 1.0


class Counting:
    """The counting rules of one run's rules."""

    def __init__(self, rules: Sequence[type[Rule]]) -> None:
        self.weight = {r.name: weight_of(r) for r in rules}
        self.cap_key = {r.name: (r.group[1] if r.group else r.name) for r in rules}
        self.cap = {self.cap_key[r.name]: float(r.error_cap) for r in rules if r.error_cap is not None}

    def errors(self, findings: Iterable[Finding]) -> float:
        """The errors counted for the findings of one file (pages: the file, or each record)."""
        pages: dict = defaultdict(list)
        for d in findings:
            pages[d.record].append(d)
        return sum(self.page(page) for page in pages.values())

    def page(self, findings: Iterable[Finding]) -> float:
        seen: dict[tuple[str, str], int] = defaultdict(int)
        by_cap: dict[str, float] = defaultdict(float)
        for d in findings:
            w = self.weight.get(d.rule, 1.0)
            if not w:
                continue
            flagged = d.context[1] if d.context is not None else ""
            if flagged.strip():
                seen[(d.rule, flagged)] += 1
                if seen[(d.rule, flagged)] > REPEAT_LIMIT:
                    continue
            by_cap[self.cap_key.get(d.rule, d.rule)] += w * (HEADLINE_FACTOR if d.block in DISPLAY else 1)
        return sum(min(v, self.cap.get(k, v)) for k, v in by_cap.items())

    def table(self, rules: Sequence[type[Rule]]) -> list[dict]:
        """Every rule's weight and cap, for the report and the documentation."""
        return [{"code": r.code, "rule": r.name, "weight": self.weight[r.name],
                 "cap_per_page": self.cap.get(self.cap_key[r.name])} for r in rules]


def rate(errors: float, characters: int) -> float:
    """Errors per 10,000 characters, rounded to two places."""
    return round(errors * 10000 / characters, 2) if characters else 0.0
