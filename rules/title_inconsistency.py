"""One person given conflicting titles (省委副书记、市长张新伟 / 市委副书记、市长张新伟).

## What it does
Collects every titled mention (a title chain such as 市委副书记、市长 right before a name)
across the run. A mention whose chain differs in a single character from a chain the same
person carries more often elsewhere (省委 against 市委) is flagged, with the usual form and
how often it appears. Different titles that are not one-character variants (a promotion, a
second post) are left alone.

## Why it matters
A wrong title misstates who holds which office, which a newspaper must never print; OCR and
hurried editing swap look-alike characters such as 省/市 and 正/副.

## Example
    省委副书记、市长张新伟主持并讲话    (市委副书记、市长张新伟 in 3 other places)

## Fix safety
Display-only: the message shows the usual form, but which title is right is an editor's call.
"""
from __future__ import annotations

from kanwu.model import CorpusRule, Edit, Fix, FixAvailability, Severity
from kanwu.names import doc_mentions


class TitleInconsistency(CorpusRule):
    code, name = "KW402", "title-inconsistency"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS

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
                    if m > n and len(usual) == len(rare) and sum(x != y for x, y in zip(usual, rare)) == 1:
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
