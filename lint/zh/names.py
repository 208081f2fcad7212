"""Person names and titles where newspapers put them: bylines, photo credits, titled mentions.

Bylines (（记者 X、Y 通讯员 Z）, 本报记者 X), photo credits (X 摄) and titled mentions
(省委书记林武, 市委副书记、市长张新伟). Names are validated by a surname list and cut where a
verb or punctuation follows, so 林武主持 gives 林武 and 张新伟主持 gives 张新伟.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import people


# What may follow a name in running text: the name ends there.
_BOUNDARY = re.compile(
    r"(?:[\s，。、；：？！,.;:?!（）()“”《》·]|$|主持|出席|讲话|指出|强调|表示|要求|提出|提|作|通报|参加|在|和|与|及|等"
    r"|率|带|到|来|深入|调研|检查|会见|听取|说|介绍|认为|同志|一行|分别|先后|主任|书记|指导|督导|宣布|致辞|代表|为|对|向|就"
    r"|也|还|是|已|将|表|进行|召开|看望|慰问|同|会|摄|文)")


# Found by their rare anchors first (a role word, 摄, 记者), then matched in a small window: a
# whole-text pattern would start an attempt at every Chinese character. Anchors are plain
# literals for the standard library's re; window patterns use regex, whose \p{Han} compiles
# in a tenth of a millisecond where re's explicit CJK ranges take two.
_TWO_HAN = regex.compile(r"\p{Han}{2}")
_BYLINE_ROLE = re.compile(r"记者|通讯员|实习生|摄影")
_BYLINE_NAMES = regex.compile(r"[ \u3000]*((?:\p{Han}{2,4}(?:[ \u3000、，,]+|(?=[）)\s])))+)")
_HAN_ONLY = regex.compile(r"\p{Han}+")
_CREDIT_BEFORE = regex.compile(r"(?<!\p{Han})(\p{Han}{2,4})[ \u3000]*/?\Z")
_NAME_IN_BYLINE = regex.compile(r"\p{Han}{2,4}")


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    role: str          # "byline" | "credit" | "titled"
    title: str = ""    # the title chain for titled mentions


@lru_cache(maxsize=1)
def _title_patterns():
    """(anchor: a post ending a title, chain: titles joined by 、 ending where the anchor ends)."""
    return re.compile(people.post_pattern()), re.compile(people.title_chain_pattern() + r"\Z")


def has_surname(name: str) -> bool:
    return people.is_surname_at(name, 0) > 0


def split_name(text: str, at: int, max_len: int = 3) -> str | None:
    """The person name starting at ``at``: a known surname and a cut where a boundary follows."""
    surname = people.is_surname_at(text, at)
    if not surname:
        return None
    given_from = at + surname
    best = None
    for end in range(given_from + 1, min(len(text), at + max_len + (1 if given_from == at + 2 else 0)) + 1):
        if not _HAN_ONLY.fullmatch(text, at, end):
            break
        if _BOUNDARY.match(text, end):
            best = text[at:end]
            break
    return best


def mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    byline_end = -1
    for role in _BYLINE_ROLE.finditer(text):
        if role.start() < byline_end:
            continue  # 通讯员 inside a byline already read from its 记者
        m = _BYLINE_NAMES.match(text, role.end())
        if m is None:
            continue
        byline_end = m.end()
        group_start = m.start(1)
        for nm in _NAME_IN_BYLINE.finditer(m.group(1)):
            name = nm.group()
            if name in ("通讯员", "记者", "实习生") or not has_surname(name):
                continue
            out.append(Mention(name, group_start + nm.start(), "byline"))
    at = text.find("摄")
    while at >= 0:
        m = _CREDIT_BEFORE.search(text, max(0, at - 8), at)
        if m and has_surname(m.group(1)):
            out.append(Mention(m.group(1), m.start(1), "credit"))
        at = text.find("摄", at + 1)
    last_end = -1
    anchor, chain_before = _title_patterns()
    for r in anchor.finditer(text):
        end = r.end()
        if not _TWO_HAN.match(text, end):
            continue
        chain = chain_before.search(text, max(0, end - 48, last_end), end)
        if chain is None:
            continue
        name = split_name(text, end)
        if name:
            out.append(Mention(name, end, "titled", chain.group()))
            last_end = end
    return out


# -- per document ----------------------------------------------------------------------------
def doc_mentions(doc) -> list[Mention]:
    """The mentions of a Document, computed once however many rules read them."""
    return doc.view(_mentions_of_doc)


def _mentions_of_doc(doc) -> list[Mention]:
    return mentions(doc.text)
