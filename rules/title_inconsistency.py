"""One person given conflicting titles (省委副书记、市长张新伟 / 市委副书记、市长张新伟).

## What it does
Collects every titled mention (a title chain such as 市委副书记、市长 right before a name)
across the run. A mention whose chain has the same posts as a chain the same person carries
more often elsewhere, but one character different in the organisation they belong to (省委
against 市委), is flagged with the usual form and how often it appears. Different posts (主席
and 主任, a promotion, a second job) are left alone: one person can hold several.

## Why it matters
A wrong title misstates who holds which office, which a newspaper must never print; OCR and
hurried editing swap look-alike characters such as 省/市 and 正/副.

## Example
    省委副书记、市长张新伟主持并讲话    (市委副书记、市长张新伟 in 3 other places)

## Fix safety
Display-only: the message shows the usual form, but which title is right is an editor's call.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kanwu.model import Applicability, CorpusRule, Edit, Fix, FixAvailability, Severity
from kanwu.zh import people
from kanwu.zh.names import doc_mentions
from kanwu.zh.patterns import alternation


@lru_cache(maxsize=1)
def _post():
    """One title split into (organisation part, post part): 省委 | 副书记, 市 | 长."""
    org = f"(?:{alternation(people.former_prefixes())})?(?:{alternation(people.organisations())})*"
    return re.compile(f"({org})((?:{alternation(people.prefixes())})*{people.post_pattern()})")


def _org_variant(a: str, b: str) -> bool:
    """Same posts in the same order; the organisations differ in one character in total."""
    pa, pb = a.split("、"), b.split("、")
    if len(pa) != len(pb):
        return False
    diff = 0
    for x, y in zip(pa, pb):
        mx, my = _post().fullmatch(x), _post().fullmatch(y)
        if not mx or not my or mx.group(2) != my.group(2) or len(mx.group(1)) != len(my.group(1)):
            return False
        diff += sum(c != d for c, d in zip(mx.group(1), my.group(1)))
    return diff == 1


class TitleInconsistency(CorpusRule):
    code, name = "KW402", "title-inconsistency"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.DISPLAY_ONLY})

    def empty(self):
        return {}

    def collect(self, doc, doc_id):
        out: dict[str, dict[str, int]] = {}
        for m in doc_mentions(doc):
            if m.title:
                chains = out.setdefault(m.name, {})
                chains[m.title] = chains.get(m.title, 0) + 1
        return out

    def merge(self, a, b):
        for name, chains in b.items():
            mine = a.setdefault(name, {})
            for chain, n in chains.items():
                mine[chain] = mine.get(chain, 0) + n
        return a

    def finalize(self, stats):
        """(name, rare chain) -> (usual chain, its count), for chains one character apart."""
        out = {}
        for name, chains in stats.items():
            for rare, n in chains.items():
                for usual, m in chains.items():
                    if m > n and _org_variant(rare, usual):
                        out[(name, rare)] = (usual, m)
        return out

    def check(self, doc, stats=None):
        if not stats:
            return
        for m in doc_mentions(doc):
            hit = stats.get((m.name, m.title)) if m.title else None
            if hit is None:
                continue
            usual, count = hit
            start = m.start - len(m.title)
            yield self.diagnostic(
                start, m.start + len(m.name),
                f"{m.name} is titled {m.title!r} here but {usual!r} in {count} other place{'s' * (count != 1)}",
                Fix.display_only(f"Use the usual title {usual!r}", Edit.replace(start, m.start, usual)))
