"""Person name spelled two ways across the corpus (殷雪莹 / 殷雪鸢).

## What it does
Harvests names from where newspapers put them: bylines (（记者 X、Y 通讯员 Z）), photo credits
(X 摄) and titled mentions (市长张新伟). Across the whole run, two spellings of the same
length and surname that differ in one character of the given name are one person spelled
two ways when the rarer spelling is in at most half as many documents as the common one,
they never appear in the same document, they play the same role (both staff, or both
officials), and something ties them together: a shared byline partner, the same title, or
the differing characters sounding alike. The rarer spelling is reported at each place it is
harvested, with both spellings and their document counts.

## Why it matters
A reporter's or official's name spelled wrongly is the error readers and subjects notice
first; across an archive it splits search results and author statistics.

## Example
    000.txt, 003.txt: （记者 殷雪莹、梁涛）
    004.txt:          （记者 殷雪鸢、梁涛）   ->  殷雪鸢: 1 file; 殷雪莹: 2 files

## Fix safety
Unsafe: the fix replaces the rarer spelling with the common one, but two colleagues can have
near names, so an editor should confirm. Thresholds are options; precision is preferred
over recall.
"""
from __future__ import annotations

from kanwu.model import CorpusRule, Edit, Fix, FixAvailability, Option, Severity
from kanwu.names import collect_names, doc_mentions, find_variants, merge_names


class NameVariant(CorpusRule):
    code, name = "KW401", "name-variant"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    options = {
        "min-canonical-docs": Option(2, "documents the common spelling must appear in"),
        "max-share": Option(0.5, "largest ratio of the rare spelling's documents to the common one's"),
    }

    def empty(self):
        return {}

    def collect(self, doc, doc_id):
        return collect_names(doc, doc_id)

    def merge(self, a, b):
        return merge_names(a, b)

    def finalize(self, stats):
        return {v.variant: v for v in find_variants(stats, self.opts["min-canonical-docs"], self.opts["max-share"])}

    def check(self, doc, stats=None):
        if not stats:
            return
        for m in doc_mentions(doc):
            v = stats.get(m.name)
            if v is None:
                continue
            yield self.diagnostic(
                m.start, m.start + len(m.name),
                f"{v.variant!r} ({v.variant_docs} file{'s' * (v.variant_docs != 1)}) looks like a variant of "
                f"{v.canonical!r} ({v.canonical_docs} files): {v.evidence}",
                Fix.unsafe(f"Replace with {v.canonical!r}", Edit.replace(m.start, m.start + len(m.name), v.canonical)))
