"""What a corpus says about each spelling of a person's name: the statistics the corpus
rules on names (name-variant) collect per document and merge across the run."""
from __future__ import annotations

from dataclasses import dataclass, field

from kanwu.zh.names import doc_mentions, specific_office


@dataclass(slots=True)
class NameStats:
    """What a corpus says about one spelling of a name. Sets, so merging is a union."""

    docs: set = field(default_factory=set)      # documents it appears in
    roles: set = field(default_factory=set)     # "staff" (bylines, credits) or "titled"
    partners: set = field(default_factory=set)  # names sharing a byline with it
    titles: set = field(default_factory=set)    # title chains it is given
    orgs: set = field(default_factory=set)      # who it writes or photographs for: 本报, 新华社, 人民视觉
    places: set = field(default_factory=set)    # dateline places of its bylines: 北京, 昆明
    offices: set = field(default_factory=set)   # (qualifier + title, specific?): ("山东省委书记", True)

    def update(self, other: "NameStats") -> None:
        self.docs |= other.docs
        self.roles |= other.roles
        self.partners |= other.partners
        self.titles |= other.titles
        self.orgs |= other.orgs
        self.places |= other.places
        self.offices |= other.offices


def collect_names(doc, doc_id: str) -> dict[str, NameStats]:
    out: dict[str, NameStats] = {}
    byline_groups: dict[int, list[str]] = {}
    text = doc.text
    for m in doc_mentions(doc):
        entry = out.get(m.name)
        if entry is None:
            entry = out[m.name] = NameStats()
        entry.docs.add(doc_id)
        entry.roles.add("staff" if m.role in ("byline", "credit") else "titled")
        if m.title:
            entry.titles.add(m.title)
            entry.offices.add((m.office, specific_office(m.title, m.qualifier)))
        if m.org:
            entry.orgs.add(m.org)
        if m.place:
            entry.places.add(m.place)
        if m.role == "byline":
            # names of one byline sit within a few characters of each other
            byline_groups.setdefault(_group_key(text, m.start), []).append(m.name)
    for names in byline_groups.values():
        for n in names:
            out[n].partners.update(x for x in names if x != n)
    return out


def _group_key(text: str, at: int) -> int:
    """The position of the bracket or line start that opens the byline holding ``at``."""
    k = at
    while k > 0 and text[k - 1] not in "（(\n" and at - k < 60:
        k -= 1
    return k


def merge_names(a: dict[str, NameStats], b: dict[str, NameStats]) -> dict[str, NameStats]:
    """Union ``b`` into the accumulator ``a`` (updated in place and returned; ``b`` untouched)."""
    for name, entry in b.items():
        mine = a.get(name)
        if mine is None:
            a[name] = mine = NameStats()
        mine.update(entry)
    return a
