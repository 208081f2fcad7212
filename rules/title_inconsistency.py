"""One person given conflicting titles (省委副书记、市长张新伟 / 市委副书记、市长张新伟).

## What it does
Collects every titled mention (a title chain such as 市委副书记、市长 right before a name, with
the words just before it) across the run. A mention is flagged when its chain contradicts the
one the same person carries more often elsewhere: the chains agree title by title except in
one place, and that place is

- an organisation swapped for another of the same shape (省委 / 市委, 区委 / 县委, 全国人大 /
  全国政协, 统战部 / 组织部, 中央 / 中共), the post kept;
- a post swapped for its sibling at another level or rank of membership (省长 / 市长, 区长 /
  县长, 政治局常委 / 政治局委员);
- 副 added or dropped (副总理 / 总理, 副委员长 / 委员长) in an office only one person holds
  (one of a central body, or one named with its place): for 副市长 / 市长 of an unnamed city,
  a promotion is as likely as a slip.

A chain that only adds or leaves out a title (中共中央政治局常委、国务院副总理 and 国务院副总理),
spells an organisation in full or short (中共中央 / 中央, 国家发展改革委 / 国家发改委), names
another place (山东省委书记 / 江苏省委书记: another person or a transfer) or another post
altogether (书记 / 主任: a second job) is left alone: one person can hold several posts.

## Why it matters
A wrong title misstates who holds which office, which a newspaper must never print; OCR and
hurried editing swap look-alike characters such as 省/市 and 正/副.

## Example
    省委副书记、市长张新伟主持并讲话    (市委副书记、市长张新伟 in 3 other places)
    中共中央政治局委员、国务院副总理韩正  (…政治局常委、国务院副总理韩正 in 4 other places)

## Fix safety
Display-only: the message shows the usual form, but which title is right is an editor's call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kanwu.model import Applicability, CorpusRule, Edit, Fix, FixAvailability, Option, Severity
from kanwu.zh import people
from kanwu.zh.names import doc_mentions, specific_office

# An administrative level: the characters whose swap turns 省长 into 市长, 区委 into 县委.
_LEVELS = frozenset("省市县区州乡镇旗盟")


@dataclass(frozen=True)
class Contradiction:
    kind: str    # "organisation" | "post" | "rank"
    start: int   # offset of the changed characters in the rare office (qualifier + chain)
    old: str     # what the rare office has there
    new: str     # what the usual chain has there
    aligned: int = 0  # offset in the rare office where the title aligned with the usual one starts


def _titles(qualifier: str, chain: str) -> list[tuple[str, list[bool]]]:
    """The titles of a chain, last first, each with a flag per character: part of the chain
    (True) or of the words before it (False, on the first title only)."""
    parts = chain.split("、")
    out = []
    for k, p in enumerate(parts):
        if k == 0 and qualifier:
            out.append((qualifier + p, [False] * len(qualifier) + [True] * len(p)))
        else:
            out.append((p, [True] * len(p)))
    return out[::-1]


def contradiction(qualifier: str, chain: str, usual: str) -> Contradiction | None:
    """How the office ``qualifier + chain`` contradicts the chain ``usual`` the same person
    carries elsewhere, or None when it does not (see the module's documentation)."""
    if chain == usual:
        return None
    rare_titles, usual_titles = _titles(qualifier, chain), _titles("", usual)
    found: Contradiction | None = None
    end = len(qualifier) + len(chain)  # end of the current rare title in the office
    for k in range(min(len(rare_titles), len(usual_titles))):
        (a, flags), (b, _) = rare_titles[k], usual_titles[k]
        start = end - len(a)
        end = start - 1  # the 、 before it
        c = _differ(a, flags, b)
        if c is None:
            continue
        if c is _OTHER or found is not None:
            return None  # another post altogether, or two titles differ: not one slip
        found = Contradiction(c[0], start + c[1], c[2], c[3], start + max(0, len(a) - len(b)))
    return found


_OTHER = ("other", 0, "", "")


def _differ(a: str, flags: list[bool], b: str):
    """How one title of the rare chain (``a``, with the words before the chain flagged False)
    differs from the title of the usual chain at its place (``b``): None when it does not, or
    only by words before it or an organisation spelt in full; ``(kind, at, old, new)`` for a
    contradiction; ``_OTHER`` for another title. The two are aligned from their ends, where
    the name follows."""
    s = 0
    while s < min(len(a), len(b)) and a[-1 - s] == b[-1 - s]:
        s += 1
    ra, rb = a[:len(a) - s], b[:len(b) - s]
    tail = a[len(a) - s:]
    if not ra or not rb:
        extra = ra or rb
        if not extra:
            return None
        if extra == "副":
            return ("rank", 0, ra, rb)  # 副市长 / 市长
        return None  # words before the chain, 常务 / 代 before a post, 中共中央 for 中央
    for extra, other in ((ra, rb), (rb, ra)):
        if extra[-1] == "副" and _suffix_compatible(extra[:-1], other):
            old, new = (ra[-1], "") if extra is ra else ("", rb[-1])
            return ("rank", len(ra) - len(old), old, new)  # 国务院副总理 / 国务院总理
    for n in (1, 2, 3):
        if n > min(len(ra), len(rb)) or not _suffix_compatible(ra[:-n], rb[:-n]):
            continue
        old, new, at = ra[-n:], rb[-n:], len(ra) - n
        if not any(flags[at:at + n]) and not (ra[:-n] and rb[:-n]):
            return None  # a place before the chain (山东 / 江苏): another person, or a transfer
        if all(c in _LEVELS for c in old + new) and tail == "长":
            return ("post", at, old, new)  # 省长 / 市长, 区长 / 县长
        if {old, new} == {"常委", "委员"}:
            return ("post", at, old, new)  # 政治局常委 / 政治局委员
        if _post_at_end().search(tail):
            return ("organisation", at, old, new)  # 省委 / 市委, 全国人大 / 全国政协, 中央 / 中共
        return _OTHER  # the post itself changed: 书记 / 主任
    return _OTHER if any(flags[:len(ra)]) else None


def _suffix_compatible(x: str, y: str) -> bool:
    return x.endswith(y) or y.endswith(x)


@lru_cache(maxsize=1)
def _post_at_end():
    """A whole post ending a title's tail: 副委员长, 部长, 主席 (not 长 alone)."""
    return re.compile(f"(?:{people.post_pattern()})\\Z")


class TitleInconsistency(CorpusRule):
    code, name = "KW402", "title-inconsistency"
    error_weight = 0.0  # 差错率: titles change; which one is right needs a person
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.DISPLAY_ONLY})
    options = {
        "min-usual": Option(2, "mentions the usual title chain must have", min=1, max=1_000_000_000),
    }

    def empty(self):
        return {}

    def collect(self, doc, doc_id):
        out: dict[str, dict[str, int]] = {}
        for m in doc_mentions(doc):
            if m.title:
                chains = out.setdefault(m.name, {})
                chains[m.title] = chains.get(m.title, 0) + 1
        return out

    def keys(self, doc):
        return frozenset(m.name for m in doc_mentions(doc) if m.title)

    def merge(self, a, b):
        for name, chains in b.items():
            mine = a.setdefault(name, {})
            for chain, n in chains.items():
                mine[chain] = mine.get(chain, 0) + n
        return a

    def finalize(self, stats):
        """name -> its chains and their counts, for names with a usual chain and another one."""
        least = self.opts["min-usual"]
        return {name: chains for name, chains in stats.items()
                if len(chains) > 1 and max(_support(chains, c) for c in chains) >= least}

    def check(self, doc, stats=None):
        if not stats:
            return
        least = self.opts["min-usual"]
        for m in doc_mentions(doc):
            chains = stats.get(m.name) if m.title else None
            if not chains:
                continue
            rare = _support(chains, m.title)
            titles = m.title.count("、")
            ranked = sorted(((c, _support(chains, c)) for c in chains),
                            key=lambda kv: (-kv[1], -chains[kv[0]], abs(kv[0].count("、") - titles), kv[0]))
            for usual, count in ranked:
                if count <= rare or count < least:
                    break
                c = contradiction(m.qualifier, m.title, usual)
                if c is None:
                    continue
                if c.kind == "rank" and not (specific_office(usual) or specific_office(m.title, m.qualifier)):
                    continue  # 副市长 / 市长 of an unnamed city: a promotion as likely as a slip
                office_start = m.start - len(m.title) - len(m.qualifier)
                at = office_start + c.start
                start = min(office_start + c.aligned, m.start - len(m.title))
                others = count
                yield self.diagnostic(
                    start, m.start + len(m.name),
                    f"{m.name} is titled {doc.text[start:m.start]!r} here but {usual!r} in {others} other "
                    f"place{'s' * (others != 1)} ({_KINDS[c.kind]})",
                    Fix.display_only(f"Use the usual title {usual!r}", Edit.replace(at, at + len(c.old), c.new)))
                break


def _support(chains: dict[str, int], chain: str) -> int:
    """Mentions that agree with ``chain``: the same titles wherever the two chains align from
    the end (国务院副总理 agrees with 中共中央政治局常委、国务院副总理)."""
    mine = chain.split("、")[::-1]
    total = 0
    for other, n in chains.items():
        theirs = other.split("、")[::-1]
        if all(x == y for x, y in zip(mine, theirs)):
            total += n
    return total


_KINDS = {"organisation": "another organisation", "post": "the same post at another level",
          "rank": "副 added or dropped"}
