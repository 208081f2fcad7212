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

`kanwu names PATHS` shows the clusters; `--write-glossary FILE` saves them as a `[glossary]`
table for the glossary rule.

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

import json
from dataclasses import dataclass

from kanwu.model import Applicability, CorpusRule, Edit, Fix, FixAvailability, Option, Severity
from kanwu.zh.names import doc_mentions
from kanwu.zh.similar import same_sound

from .name_stats import collect_names, merge_names


@dataclass(frozen=True)
class Variant:
    variant: str
    canonical: str
    variant_docs: int
    canonical_docs: int
    evidence: str


def find_variants(stats: dict, min_canonical_docs: int = 2, max_share: float = 0.5) -> list[Variant]:
    """Minority spellings of a name: same length and surname, one character apart, never in
    the same document as the majority spelling, with evidence that they are one person."""
    by_shape: dict[tuple, list[str]] = {}
    for name in stats:
        by_shape.setdefault((len(name), name[0]), []).append(name)
    out = []
    for names in by_shape.values():
        names.sort()
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                diff = [k for k in range(len(a)) if a[k] != b[k]]
                if len(diff) != 1 or diff[0] == 0:
                    continue
                da, db = stats[a], stats[b]
                if da.docs & db.docs or not (da.roles & db.roles):
                    continue  # two spellings in one document are two people; roles must agree
                major, minor = (a, b) if len(da.docs) >= len(db.docs) else (b, a)
                dm, dn = stats[major], stats[minor]
                if len(dm.docs) < min_canonical_docs or len(dn.docs) > max_share * len(dm.docs):
                    continue
                k = diff[0]
                evidence = []
                if dm.partners & dn.partners:
                    evidence.append("shares a byline partner (" + "、".join(sorted(dm.partners & dn.partners)) + ")")
                if dm.titles & dn.titles:
                    evidence.append("has the same title (" + "、".join(sorted(dm.titles & dn.titles)) + ")")
                if same_sound(major[k], minor[k]):
                    evidence.append(f"{minor[k]} and {major[k]} sound alike")
                if len(major) == 2 and not any("sound" in e for e in evidence):
                    continue  # two-character names are too short to judge by context alone
                if evidence:
                    out.append(Variant(minor, major, len(dn.docs), len(dm.docs), "; ".join(evidence)))
    return sorted(out, key=lambda v: (v.canonical, v.variant))


class NameVariant(CorpusRule):
    code, name = "KW401", "name-variant"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE})
    product = "names"
    product_export = "write-glossary"
    options = {
        "min-canonical-docs": Option(2, "documents the common spelling must appear in", min=1, max=1_000_000_000),
        "max-share": Option(0.5, "largest ratio of the rare spelling's documents to the common one's", min=0, max=1),
    }

    def empty(self):
        return {}

    def collect(self, doc, doc_id):
        return collect_names(doc, doc_id)

    def merge(self, a, b):
        return merge_names(a, b)

    def _variants(self, stats):
        return find_variants(stats, self.opts["min-canonical-docs"], self.opts["max-share"])

    def finalize(self, stats):
        return {v.variant: v for v in self._variants(stats)}

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

    # -- the "names" product --------------------------------------------------------------
    def summarize(self, merged):
        clusters: dict[str, list[Variant]] = {}
        for v in self._variants(merged):
            clusters.setdefault(v.canonical, []).append(v)
        rows = [{"canonical": c, "documents": len(merged[c].docs), "files": sorted(merged[c].docs),
                 "variants": [{"spelling": v.variant, "documents": v.variant_docs,
                               "files": sorted(merged[v.variant].docs), "evidence": v.evidence} for v in vs]}
                for c, vs in sorted(clusters.items())]
        return {"title": "Name clusters", "names": len(merged), "clusters": rows,
                "columns": ["canonical", "variant", "evidence"],
                "rows": [[f"{r['canonical']} ({r['documents']} files)", f"{v['spelling']} ({v['documents']} files)",
                          v["evidence"]] for r in rows for v in r["variants"]]}

    def render(self, summary):
        lines = [f"{summary['names']} names harvested; {len(summary['clusters'])} with variant spellings."]
        for row in summary["clusters"]:
            lines.append(f"\n{row['canonical']}  ({row['documents']} files)")
            for v in row["variants"]:
                lines.append(f"  ~ {v['spelling']}  ({v['documents']} file{'s' * (v['documents'] != 1)}: "
                             f"{', '.join(v['files'][:5])}) - {v['evidence']}")
        return "\n".join(lines)

    def export(self, summary):
        lines = ["# Name clusters found by `kanwu names`. Review every entry before committing:",
                 "# two colleagues can have near names. Used by the glossary rule.", "[glossary]"]
        for row in summary["clusters"]:
            wrong = ", ".join(json.dumps(v["spelling"], ensure_ascii=False) for v in row["variants"])
            lines.append(f"{json.dumps(row['canonical'], ensure_ascii=False)} = [{wrong}]")
        return "\n".join(lines) + "\n"
