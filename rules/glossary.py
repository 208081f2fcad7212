"""Spelling that differs from the configured glossary.

## What it does
Flags every wrong form listed in the `[glossary]` table of the configuration (canonical
spelling -> list of wrong forms: names, place names, terms), matched in one pass of a
single compiled alternation, longest form first, so thousands of entries stay fast. A table
written by `kanwu names --write-glossary` and reviewed by a person fits here, which gives a
pre-commit run that sees only staged files the corpus' knowledge of names.

## Why it matters
Every newsroom has spellings it has decided once (a reporter's name, 呼和浩特 not 呼和浩持);
the glossary makes the decision stick in every file, not only in the files checked together.

## Example
    [glossary]
    "殷雪莹" = ["殷雪鸢"]
    （记者 殷雪鸢、梁涛）    ->  （记者 殷雪莹、梁涛）

## Fix safety
Safe: the table is a person's decision; the fix replaces exactly the listed form.
"""
from __future__ import annotations

import regex

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity


class Glossary(Rule):
    code, name = "KW403", "glossary"
    error_weight = 1.0  # 差错率: a known wrong spelling
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})
    config_table = "glossary"

    def __init__(self, options=None) -> None:
        super().__init__(options)
        self._canonical: dict[str, str] = {}
        self._pattern = None

    def configure(self, table):
        canonical = {}
        for canon, wrongs in table.items():
            if isinstance(wrongs, str):
                wrongs = [wrongs]
            if not (isinstance(wrongs, list) and wrongs and all(isinstance(w, str) and w for w in wrongs)):
                raise ValueError(f"glossary entry {canon!r} must be a list of non-empty strings (the wrong forms)")
            if not canon:
                raise ValueError("a glossary entry has an empty canonical form")
            for w in wrongs:
                if w != canon:
                    canonical[w] = canon
        self._canonical = canonical
        if canonical:
            alternation = "|".join(regex.escape(w) for w in sorted(canonical, key=len, reverse=True))
            self._pattern = regex.compile(alternation)

    def check(self, doc):
        if self._pattern is None:
            return
        for m in self._pattern.finditer(doc.text):
            canon = self._canonical[m.group()]
            yield self.diagnostic(m.start(), m.end(), f"{m.group()!r} is spelled {canon!r} in the glossary",
                                  Fix.safe(f"Replace with {canon!r}", Edit.replace(m.start(), m.end(), canon)))
