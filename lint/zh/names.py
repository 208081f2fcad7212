"""Person names and titles where newspapers put them: bylines, photo credits, titled mentions.

Bylines (（记者 X、Y 通讯员 Z）, 本报记者 X), photo credits (X 摄, 新华社记者 X摄, X 摄（人民视觉）)
and titled mentions (省委书记林武, 市委副书记、市长张新伟). Names are validated by a surname list
and cut where a verb or punctuation follows, so 林武主持 gives 林武 and 张新伟主持 gives 张新伟.

Each mention also carries what tells one person from another with a near name: the
organisation a reporter or photographer works for (本报, 新华社, 人民视觉: from the dateline
before the byline, the role word, or the credit's agency), the place of the dateline
(本报昆明…电 -> 昆明), and for a titled mention the words standing before its title chain
(山东 in 山东省委书记), which ``same_office`` compares.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import captions, people
from .chars import BLANK
from .patterns import alternation


# What may follow a name in running text: the name ends there.
_BOUNDARY = re.compile(
    r"(?:[\s，。、；：？！,.;:?!（）()“”《》·0-9０-９]|$|主持|出席|讲话|指出|强调|表示|要求|提出|提|作|通报|参加|在|和|与|及|等"
    r"|率|带|到|来|深入|调研|检查|会见|听取|说|介绍|认为|同志|一行|分别|先后|主任|书记|指导|督导|宣布|致辞|代表|为|对|向|就"
    r"|也|还|是|已|将|表|进行|召开|看望|慰问|同|会|摄|文)")


# Found by their rare anchors first (a role word, 摄, 记者), then matched in a small window: a
# whole-text pattern would start an attempt at every Chinese character. Anchors are plain
# literals for the standard library's re; window patterns use regex, whose \p{Han} compiles
# in a tenth of a millisecond where re's explicit CJK ranges take two.
_TWO_HAN = regex.compile(r"\p{Han}{2}")
_BYLINE_ROLE = re.compile(r"记者|通讯员|实习生|摄影")
# names of a byline: separated by blanks or 、, ending at the bracket, the line, or (where the
# closing bracket went missing) at the digits or the next role word that follow
_BYLINE_NAMES = regex.compile(r"[ \u3000]*((?:\p{Han}{2,4}(?:[ \u3000、，,]+|(?=[）)\s\d]|记者|通讯员|实习生)))+)")
_HAN_ONLY = regex.compile(r"\p{Han}+")
_NAME_IN_BYLINE = regex.compile(r"\p{Han}{2,4}")


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    role: str          # "byline" | "credit" | "titled"
    title: str = ""    # the title chain for titled mentions
    org: str = ""      # who the reporter or photographer works for: 本报, 新华社, 人民视觉 ("" unknown)
    place: str = ""    # the dateline's place of a byline: 昆明 in 本报昆明2月2日电（记者 X）
    qualifier: str = ""  # the words before a title chain: 山东 in 山东省委书记 (at most 8 ideographs)

    @property
    def office(self) -> str:
        """The title with what stands before it: 山东省委书记."""
        return self.qualifier + self.title


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


@lru_cache(maxsize=1)
def _org_patterns():
    """(affiliation right before a role word: 本报记者, 新华社驻开罗记者; dateline right before
    a byline's bracket: 本报昆明2月2日电（, 本报讯（)."""
    news = alternation(captions.news_agencies())
    role_prefix = regex.compile(f"(?P<org>{news})(?:驻(?P<place>\\p{{Han}}{{1,8}}?))?(?:特约|见习|首席)?\\Z")
    dateline = regex.compile(
        f"(?P<org>{news})(?:(?P<place>\\p{{Han}}{{1,10}}?)\\s*(?:\\d{{1,2}}月\\d{{1,2}}日)?电|讯)"
        f"[ \u3000]*[（(【][ \u3000]*(?:{news})?\\Z")
    return role_prefix, dateline


def _affiliation(text: str, at: int) -> tuple[str, str]:
    """(organisation, place) of the byline whose role word starts at ``at``."""
    line_start = max(text.rfind("\n", 0, at) + 1, at - 40)
    before = text[line_start:at]
    role_prefix, dateline = _org_patterns()
    m = role_prefix.search(before) or dateline.search(before)
    if m is None:
        return "", ""
    return m.group("org"), m.group("place") or ""


_CREDIT_ORG = regex.compile(r"[（(]\s*([^（）()\s]{2,8}?)(?:发|供图|提供)?\s*[）)]\s*\Z")


def _credit_org(segment: str) -> str:
    """Who a credit names as the photographer's organisation: 新华社 in 新华社记者 X摄, 人民视觉
    in X摄（人民视觉）, 新华社发 in X摄（新华社发）."""
    for org in sorted(captions.news_agencies(), key=len, reverse=True):
        k = segment.find(org)
        if k >= 0 and any(segment.startswith(r, k + len(org)) for r in captions.credit_roles()):
            return org
    m = regex.search(r"[（(]\s*(\S{2,12}?)\s*[）)]\s*\Z", segment)
    if m:
        inner = m.group(1)
        if inner in captions.photo_agencies():
            return inner
        for org in captions.news_agencies():
            if inner == org + "发":
                return inner
    return ""


@lru_cache(maxsize=1)
def _before_name():
    """What may stand right before a name that is not a byline: a post, a role, a conjunction."""
    return re.compile(f"(?:{people.post_pattern()}|记者|通讯员|实习生|摄影|[、和与同及])\\Z")


def mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    # photo credits closing a line: every photographer they name, with the agency
    credits: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        span = captions.credit_at_end(body) if body.strip(BLANK) else None
        if span is not None:
            seg = body[span[0]:span[1]]
            org = _credit_org(seg)
            for name, at in captions.credit_names(body):
                if has_surname(name) and len(name) <= 4:
                    out.append(Mention(name, pos + at, "credit", org=org))
            credits.append((pos + span[0], pos + span[1]))
        pos += len(line)
    byline_end = -1
    for role in _BYLINE_ROLE.finditer(text):
        if role.start() < byline_end or any(s <= role.start() < e for s, e in credits):
            continue  # 通讯员 inside a byline already read from its 记者; a credit's 记者
        m = _BYLINE_NAMES.match(text, role.end())
        if m is None:
            continue
        byline_end = m.end()
        group_start = m.start(1)
        org, place = _affiliation(text, role.start())
        for nm in _NAME_IN_BYLINE.finditer(m.group(1)):
            name = nm.group()
            if name in ("通讯员", "记者", "实习生") or not has_surname(name):
                continue
            out.append(Mention(name, group_start + nm.start(), "byline", org=org, place=place))
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
            q = chain.start()
            while q > max(0, chain.start() - 8) and _HAN_ONLY.match(text[q - 1]):
                q -= 1
            out.append(Mention(name, end, "titled", chain.group(), qualifier=text[q:chain.start()]))
            last_end = end
    out.sort(key=lambda m: m.start)
    return out


# Verbs that end a name wherever it stands: what follows is what the person did.
_DEED = re.compile(r"主持|出席|讲话|指出|强调|表示|要求|会见|会谈|会晤|说|介绍|认为|宣布|致辞|参加|考察|调研|看望|慰问")


def occurrences(text: str, name: str) -> list[int]:
    """Offsets where ``name`` stands as a name in ``text``. After it: a boundary (张新伟主持,
    not 王正坤 for 王正) or the surname of the next name in a list (李克强栗战书). Before it:
    anything but an ideograph, a title, a role word or a conjunction (副总理韩正, 记者李刚, 和
    李刚); a name of three characters or more, or one followed by what a person does
    (……交流汪洋主持), may follow any ideograph."""
    out = []
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        after_ok = _BOUNDARY.match(text, end) or people.is_surname_at(text, end)
        before_ok = (at == 0 or not _HAN_ONLY.match(text[at - 1]) or len(name) >= 3
                     or _before_name().search(text, max(0, at - 12), at) or _DEED.match(text, end))
        if after_ok and before_ok:
            out.append(at)
        at = text.find(name, at + 1)
    return out


def same_office(a: str, b: str) -> bool:
    """Two offices (a title with what stands before it) name the same post: one ends the
    other, give or take two leading words' worth of the sentence (据山东省委书记 and 山东省委
    书记 agree; 村党支部书记 and 山东省委书记 do not)."""
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k >= max(2, min(len(a), len(b)) - 2)


@lru_cache(maxsize=4096)
def specific_office(title: str, qualifier: str = "") -> bool:
    """A title that names one post, not one of many: it holds a central body (国务院副总理,
    全国人大常委会副委员长), or a place stands before a level's committee or body (山东 + 省委
    书记). 村党支部书记, 县委书记 or 局长 alone fit many people."""
    anchor, _ = _title_patterns()
    for part in title.split("、"):
        for k in range(len(part)):
            for n in range(min(8, len(part) - k), 1, -1):
                if people.organisation_scope(part[k:k + n]) == "central":
                    return True
    if len(qualifier) >= 2 and title:
        first = title.split("、")[0]
        for n in range(min(6, len(first)), 0, -1):
            if people.organisation_scope(first[:n]) == "level":
                return True
    return False


# -- per document ----------------------------------------------------------------------------
def doc_mentions(doc) -> list[Mention]:
    """The mentions of a Document, computed once however many rules read them."""
    return doc.view(_mentions_of_doc)


def _mentions_of_doc(doc) -> list[Mention]:
    return mentions(doc.text)
