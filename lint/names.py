"""Harvesting person names and titles from where newspapers put them.

Bylines (（记者 X、Y 通讯员 Z）, 本报记者 X), photo credits (X 摄) and titled mentions
(省委书记林武, 市委副书记、市长张新伟). Names are validated by a surname list and cut where a
verb or punctuation follows, so 林武主持 gives 林武 and 张新伟主持 gives 张新伟.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import regex


SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆"
    "朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫"
    "杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧"
    "闭由"
)
SURNAMES_2 = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
              "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "呼延", "百里", "澹台", "万俟"}

# What may follow a name in running text: the name ends there.
_BOUNDARY = re.compile(
    r"(?:[\s，。、；：？！,.;:?!（）()“”《》·]|$|主持|出席|讲话|指出|强调|表示|要求|提出|提|作|通报|参加|在|和|与|及|等"
    r"|率|带|到|来|深入|调研|检查|会见|听取|说|介绍|认为|同志|一行|分别|先后|主任|书记|指导|督导|宣布|致辞|代表|为|对|向|就"
    r"|也|还|是|已|将|表|进行|召开|看望|慰问|同|会|摄|文)")
NAME = r"\p{Han}{2,4}"

ORG = (r"(?:中央|国务院|全国人大常委会|全国政协|省委|市委|县委|区委|省政府|市政府|县政府|区政府|省人大常委会|"
       r"市人大常委会|省政协|市政协|省纪委|市纪委|省|市|县|区)")
ROLE = (r"(?:常务副省长|常务副市长|常委|副书记|书记|副省长|省长|副市长|市长|副县长|县长|副区长|区长|副主任|主任|"
        r"副主席|主席|副秘书长|秘书长|副部长|部长|副局长|局长|副组长|组长|副院长|院长|副厅长|厅长)")
TITLE = rf"{ORG}?{ROLE}"
# Found by their rare anchors first (a role word, 摄, 记者), then matched in a small window: a
# whole-text pattern would start an attempt at every Chinese character. Anchors are plain
# literals for the standard library's re; window patterns use regex, whose \p{Han} compiles
# in a tenth of a millisecond where re's explicit CJK ranges take two.
_ROLE_END = re.compile(r"(?:[省市县区局部厅院组]长|书记|主任|主席|常委)")
_TWO_HAN = regex.compile(r"\p{Han}{2}")
_CHAIN_BEFORE = re.compile(rf"(?:{TITLE}、)*{TITLE}\Z")
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


def split_name(text: str, at: int, max_len: int = 3) -> str | None:
    """The person name starting at ``at``: a known surname and a cut where a boundary follows."""
    two = text[at:at + 2]
    given_from = at + 2 if two in SURNAMES_2 else at + 1
    if given_from == at + 1 and text[at:at + 1] not in SURNAMES_1:
        return None
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
            if name in ("通讯员", "记者", "实习生") or (name[0] not in SURNAMES_1 and name[:2] not in SURNAMES_2):
                continue
            out.append(Mention(name, group_start + nm.start(), "byline"))
    at = text.find("摄")
    while at >= 0:
        m = _CREDIT_BEFORE.search(text, max(0, at - 8), at)
        if m and (m.group(1)[0] in SURNAMES_1 or m.group(1)[:2] in SURNAMES_2):
            out.append(Mention(m.group(1), m.start(1), "credit"))
        at = text.find("摄", at + 1)
    last_end = -1
    for r in _ROLE_END.finditer(text):
        end = r.end()
        if not _TWO_HAN.match(text, end):
            continue
        chain = _CHAIN_BEFORE.search(text, max(0, end - 48, last_end), end)
        if chain is None:
            continue
        name = split_name(text, end)
        if name:
            out.append(Mention(name, end, "titled", chain.group()))
            last_end = end
    return out


# -- clusters across a corpus --------------------------------------------------------------------
def doc_mentions(doc) -> list[Mention]:
    """The mentions of a Document, computed once however many rules read them."""
    return doc.view(_mentions_of_doc)


def _mentions_of_doc(doc) -> list[Mention]:
    return mentions(doc.text)


@dataclass(slots=True)
class NameStats:
    """What a corpus says about one spelling of a name. Sets, so merging is a union."""

    docs: set = field(default_factory=set)      # documents it appears in
    roles: set = field(default_factory=set)     # "staff" (bylines, credits) or "titled"
    partners: set = field(default_factory=set)  # names sharing a byline with it
    titles: set = field(default_factory=set)    # title chains it is given

    def update(self, other: "NameStats") -> None:
        self.docs |= other.docs
        self.roles |= other.roles
        self.partners |= other.partners
        self.titles |= other.titles


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


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[str, str]:
    """pypinyin's character table, read from its JSON file directly: importing the pypinyin
    package loads its phrase tables and trains a segmenter (0.4 s), none of which one
    character's readings need."""
    import importlib.util
    import json
    import os

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = os.path.join(list(spec.submodule_search_locations)[0], "pinyin_dict.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _readings(ch: str) -> set[str]:
    """Toneless pinyin readings of one character."""
    import unicodedata

    raw = _pinyin_table().get(str(ord(ch)), "")
    return {"".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
            for r in raw.split(",") if r}


def same_sound(a: str, b: str) -> bool:
    return bool(_readings(a) & _readings(b))
