"""Person name spelled two ways across the corpus (殷雪莹 / 殷雪鸢).

## What it does
Harvests names from where newspapers put them: bylines (本报昆明2月2日电（记者 X、Y）, 本报记者 X
on its own line), photo credits (新华社记者 X摄, X 摄（人民视觉）) and titled mentions (山东省委
书记X, 市长张新伟), with what tells people apart: the organisation a reporter works for, the
dateline's place, byline partners, the office before a name. Across the whole run, two
spellings of the same length and surname that differ in one character of the given name are
one person spelled two ways when:

- the rarer spelling is in at most half as many documents as the common one (which is the
  canonical spelling) and never in the same document;
- the two characters are a plausible slip: they look alike (明/朋) or sound alike (峰/锋); a
  same-sound slip never produces a rare character (周輖 is a name, not a slip for 周舟);
- nothing says they are two people: not two officials whose offices disagree (山东省委书记 and
  村党支部书记), not two reporters of different organisations (本报 and 新华社) unless a byline
  partner or a specific office (国务院副总理) ties them;
- a two-character name, which collides with other people's far more often, also shares the
  organisation, a byline partner or a specific office.

The rarer spelling is reported wherever it stands as a name in the documents it was
harvested from, with both spellings, their document counts and the evidence.

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
from kanwu.zh import standard
from kanwu.zh.names import doc_mentions, occurrences, same_office
from kanwu.zh.similar import confusable, same_sound

from .name_stats import collect_names, merge_names


@dataclass(frozen=True)
class Variant:
    variant: str
    canonical: str
    variant_docs: int
    canonical_docs: int
    evidence: str


def _link(major: str, minor: str) -> str | None:
    """How the common spelling's character became the rare one: "shape" (形近, 明/朋), "sound"
    (同音, 峰/锋), "near sound" (n/l, an/ang folded), or None. A same-sound slip comes from an
    input method, which offers common characters: a rare one (outside levels 1-2 of the
    通用规范汉字表) spelled on purpose is a name (周輖), not a slip for a common one (周舟)."""
    kind = confusable(major, minor, near=True)
    if kind == "sound" and not same_sound(major, minor):
        kind = "near sound"
    if kind in ("sound", "near sound") and standard.level(minor) not in (1, 2) and standard.level(major) in (1, 2):
        return None
    return kind


def _compatible_offices(a: set, b: set) -> tuple[bool, bool]:
    """(some office of ``a`` agrees with one of ``b``, and one of those agreeing is specific)."""
    agree = specific = False
    for oa, sa in a:
        for ob, sb in b:
            parts_a, parts_b = oa.split("、"), ob.split("、")
            if same_office(oa, ob) or any(same_office(x, y) for x in parts_a for y in parts_b
                                          if len(x) >= 3 and len(y) >= 3):
                agree = True
                specific = specific or (sa and sb)
    return agree, specific


def find_variants(stats: dict, min_canonical_docs: int = 2, max_share: float = 0.5) -> list[Variant]:
    """Minority spellings of a name: same length and surname, one character of the given name
    apart, never in the same document as the majority spelling, and one person by the evidence
    a careful editor weighs.

    - The differing characters must be a plausible slip: they look alike or sound alike (for
      a near sound, the context must be strong). A three-character name sharing a byline
      partner needs no more.
    - Nothing may say they are two people: both titled with offices that disagree (山东省委书记
      and 村党支部书记), or working for different organisations (本报 and 新华社) unless a byline
      partner or a specific office ties them.
    - A two-character name collides with another person's far more often, so it also needs the
      same organisation, a shared byline partner or a shared specific office (国务院副总理)."""
    by_shape: dict[tuple, list[str]] = {}
    for name in stats:
        by_shape.setdefault((len(name), name[0]), []).append(name)
    out = []
    for names in by_shape.values():
        names.sort()
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                # the first character is the surname's; a compound surname's second may slip
                # like a given name's (欧阳洁 / 欧扬洁)
                diff = [k for k in range(1, len(a)) if a[k] != b[k]]
                if len(diff) != 1:
                    continue
                da, db = stats[a], stats[b]
                if da.docs & db.docs or not (da.roles & db.roles):
                    continue  # two spellings in one document are two people; roles must agree
                major, minor = (a, b) if len(da.docs) >= len(db.docs) else (b, a)
                dm, dn = stats[major], stats[minor]
                if len(dm.docs) < min_canonical_docs or len(dn.docs) > max_share * len(dm.docs):
                    continue
                v = _judge(major, minor, dm, dn, diff[0])
                if v:
                    out.append(Variant(minor, major, len(dn.docs), len(dm.docs), v))
    return sorted(out, key=lambda v: (v.canonical, v.variant))


def _judge(major: str, minor: str, dm, dn, k: int) -> str | None:
    """The evidence that ``minor`` is ``major`` misspelt, or None."""
    link = _link(major[k], minor[k])
    partners = dm.partners & dn.partners
    agree, specific = _compatible_offices(dm.offices, dn.offices)
    if dm.offices and dn.offices and not agree and "titled" in dm.roles & dn.roles \
            and not (dm.roles & dn.roles) - {"titled"}:
        return None  # both known only by their offices, and the offices disagree
    strong = bool(partners) or specific
    orgs = dm.orgs & dn.orgs
    if dm.orgs and dn.orgs and not orgs and not strong:
        return None  # 本报 and 新华社, 人民视觉 and 影像中国: two people
    if link is None and not (partners and len(major) >= 3):
        return None
    if link == "near sound" and not strong:
        return None
    if len(major) == 2 and not (strong or orgs):
        return None
    evidence = []
    if link:
        evidence.append(f"{minor[k]} and {major[k]} " + ("look alike" if link == "shape" else
                                                         "sound alike" if link == "sound" else "sound nearly alike"))
    if partners:
        evidence.append("shares a byline partner (" + "、".join(sorted(partners)) + ")")
    if specific:
        offices = sorted(o for o, s in dm.offices if s and any(same_office(o, x) for x, _ in dn.offices)) \
            or sorted(o for o, s in dm.offices if s)
        evidence.append("has the same office (" + (offices[0] if offices else "") + ")")
    if orgs:
        evidence.append("works for the same organisation (" + "、".join(sorted(orgs)) + ")")
    places = dm.places & dn.places
    if places:
        evidence.append("files from the same place (" + "、".join(sorted(places)) + ")")
    return "; ".join(evidence)


class NameVariant(CorpusRule):
    code, name = "KW401", "name-variant"
    error_weight = 1.0  # 差错率: a name misspelt is a wrong character
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

    def keys(self, doc):
        return frozenset(m.name for m in doc_mentions(doc))

    def _variants(self, stats):
        return find_variants(stats, self.opts["min-canonical-docs"], self.opts["max-share"])

    def finalize(self, stats):
        return {v.variant: v for v in self._variants(stats)}

    def check(self, doc, stats=None):
        if not stats:
            return
        seen: set[int] = set()
        text = doc.text
        for m in doc_mentions(doc):
            v = stats.get(m.name)
            if v is None or m.start in seen:
                continue
            # every place the rare spelling stands as a name in this document, not only the
            # byline or title it was harvested from
            for at in [m.start] + occurrences(text, m.name):
                if at not in seen:
                    seen.add(at)
                    yield self._finding(at, v)

    def _finding(self, at, v):
        return self.diagnostic(
            at, at + len(v.variant),
            f"{v.variant!r} ({v.variant_docs} file{'s' * (v.variant_docs != 1)}) looks like a variant of "
            f"{v.canonical!r} ({v.canonical_docs} files): {v.evidence}",
            Fix.unsafe(f"Replace with {v.canonical!r}", Edit.replace(at, at + len(v.variant), v.canonical)))

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
