"""Pages in the shape of scraped e-paper pages, built from clean articles, with defects injected.

Pure functions and a small page model; no I/O beyond reading the article records. Used by
benchmarks/quality.py (the command) and tests/test_quality_harness.py.

A page is a list of blocks (headline lines, paragraphs, inserted captions and markers) and the
separators between them. An injection edits block texts or separators and records a gold
entry: the family (the kanwu rule that should report it), the shape of the defect, and, where
the fix is obvious, the text the span should read after the fix. Gold spans travel with the
text as private-use marker characters (U+F0000 upwards, never present in news text), so later
edits never have to shift offsets; `render` strips them and returns code-point offsets.

Content is never invented: captions, credits, headlines, names and title chains come from the
corpus; the generator adds only layout (breaks, markers, spaces, markup) and character-level
slips (a doubled word, a look-alike character, a traditional form, an ASCII comma).
"""
from __future__ import annotations

import copy
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FAMILIES = [
    "page-break-split", "continuation-marker", "photo-caption", "misplaced-headline",
    "duplicate-sentence", "repeated-word", "halfwidth-punctuation", "whitespace", "markup",
    "traditional-char", "unbalanced-bracket", "name-variant", "title-inconsistency",
]
LEVELS = ("standard", "hard")

MARK0 = 0xF0000  # gold k: start chr(MARK0 + 2k), end chr(MARK0 + 2k + 1)
MARK_RE = re.compile("[\U000F0000-\U000FFFFD]")
HAN_RE = re.compile("[\u4e00-\u9fff]")
END_PUNCT = "。！？"
CN_PUNCT = "，。、；：？！“”‘’（）《》…—"


def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def is_mark(c: str) -> bool:
    return c >= "\U000F0000"


# ---------------------------------------------------------------------------------------
# character tables (generic knowledge of the script, not content)

SHAPE_PAIRS = (
    "己已 未末 日曰 人入 大太 土士 千干 于千 天夫 王玉 史吏 拨拔 侯候 晴睛 辨辩 戊戌 折析 拆折 "
    "问间 免兔 今令 待侍 特持 幕暮 撤撒 概慨 卷券 贷货 徒徙 冶治 处外 师帅 扬杨 场扬 乌鸟 臣巨 "
    "要耍 贝见 木术 由田 甲申 白自 且旦 宇字 活话 练炼 清情 请清 精睛 理埋 传转 为办 历厉 庄压 "
    "斤斥 仑仓 宣宜 官宫 营菅 莹萤 明朋 华毕 娟涓 浩皓 琳淋 玲铃 彬杉 晶品 瑶谣 海悔 博搏 "
    "辉挥 宏宋 峰蜂 祥详 韦苇 毅殷 斐裴 蕾雷 云去 乐东 桂佳 俊浚 骏峻 凯剀 昊吴 建健 牛生 "
    "省市 记纪 任仕 主王 刚则 红江 国围 新亲 "
).split()
SHAPE: dict[str, list[str]] = defaultdict(list)
for _a, _b in SHAPE_PAIRS:
    SHAPE[_a].append(_b)
    SHAPE[_b].append(_a)

SOUND_GROUPS = (
    "莹盈营萤滢颖英瑛鹰 伟玮炜苇韦巍卫 丽莉俐利立黎 静婧靖晶菁京精敬景 军君均钧俊峻骏郡 "
    "华桦骅花 明鸣铭茗名 红虹宏鸿洪弘 琳林霖麟临 玲凌灵岭龄伶苓羚 峰锋丰枫风烽 勇永咏涌泳 "
    "杰洁捷婕 敏闽珉民岷 涛韬滔陶桃 刚钢岗纲 辉晖徽慧惠蕙 平萍苹屏坪 芳方舫 燕艳彦雁炎岩妍研 "
    "晓小筱孝笑肖啸 文雯纹闻 斌彬滨宾缤 冰兵炳 磊蕾雷垒 婷亭廷庭霆 瑶遥尧姚 琦绮崎奇琪淇祺齐其 "
    "祥翔详湘香襄 宇雨羽语玉钰煜裕昱禹 嘉佳家加 娟涓鹃隽 倩茜谦乾 凯恺铠楷 浩皓昊灏豪 鹏朋彭蓬 "
    "亮靓良梁 斐飞菲霏 晨辰臣尘陈 新欣鑫馨昕心信 建健剑键坚鉴 志智治致芝 东冬栋 兰岚澜蓝 春纯淳 "
    "梅玫媚 强蔷 涵寒韩含晗翰瀚汉 宁凝柠 雪学薛 云芸昀耘允韵 荣蓉容融熔 婉宛皖 毅艺怡宜仪义益亦逸轶 "
    "超朝潮 丹单郸 昌畅常 杨阳扬洋 波博柏伯勃 泽则择 锦晋进瑾金津劲 珍真贞振震镇 枨成诚城承程呈 "
    "彤童同桐佟 轩萱宣璇 恒衡亨 龙隆珑 庆青清晴卿擎 友有佑 楠南男 思斯丝 颖影 军君 飞非 "
).split()
SOUND: dict[str, list[str]] = defaultdict(list)
for _g in SOUND_GROUPS:
    for _c in _g:
        SOUND[_c].extend(x for x in _g if x != _c and x not in SOUND[_c])

TRAD = dict(zip(
    "国会们说这来时经开对学动实现进长过还业产关区体设务员问题华东书记农电车马门间义习传应当级线组"
    "织变亲听气认让论议计规达运边节广乐观视质资贸费银钱铁红纪约济场报举为导领总统万与号办机构标条项"
    "态势积极创从众优兴热党决战龙鸟鱼岁护险检验疗医药卫环绿",
    "國會們說這來時經開對學動實現進長過還業產關區體設務員問題華東書記農電車馬門間義習傳應當級線組"
    "織變親聽氣認讓論議計規達運邊節廣樂觀視質資貿費銀錢鐵紅紀約濟場報舉為導領總統萬與號辦機構標條項"
    "態勢積極創從眾優興熱黨決戰龍鳥魚歲護險檢驗療醫藥衛環綠"))

CN_NUM = "〇一二三四五六七八九十"
FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def cn_numeral(n: int) -> str:
    if n <= 10:
        return "十" if n == 10 else CN_NUM[n]
    if n < 20:
        return "十" + CN_NUM[n - 10]
    return CN_NUM[n // 10] + "十" + (CN_NUM[n % 10] if n % 10 else "")


# ---------------------------------------------------------------------------------------
# articles and what the corpus offers

DATELINE_RE = re.compile(r"^(据)?(本报|新华社|人民日报|中新社)[\u4e00-\u9fff]{0,12}(\d{1,2}月\d{1,2}日)?电|^本报讯")
CREDIT_RE = re.compile(
    r"^(?:(新华社记者|本报记者|记者|新华社发)\s?)?((?:[\u4e00-\u9fff]{2,4}\s?){1,3}?)(摄影报道|摄)"
    r"(?:（([^（）]{2,8})）)?$")
BYLINE_NAMES_RE = re.compile(r"（(?:[^（）]{0,12}?)记者\s?([^（）]{2,30}?)）")
STAFF_LINE_RE = re.compile(r"^本报记者 ([\u4e00-\u9fff ]{2,40})$")
POST = (r"(?:总书记|书记|副书记|常委|委员|省长|副省长|市长|副市长|区长|县长|州长|主席|副主席|总理|副总理|"
        r"部长|副部长|主任|副主任|委员长|副委员长)")
CHAIN_RE = re.compile(
    r"((?:(?:中共|全国|国务院|中央|[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|州|自治区))[\u4e00-\u9fff]{0,10}?"
    + POST + r"、?){1,3})([\u4e00-\u9fff]{2,3}?)"
    r"(?=[，、。；：）]|\d|在|到|主持|出席|会见|会晤|表示|说|强调|指出|参加|视察|考察|调研|讲话|与|和|等|一行|同志)")
# the organisation of a title swapped, the post kept (the seeds' slip: 省委 for 市委)
ORG_SWAP_STANDARD = {"省委": "市委", "市委": "省委", "区委": "县委", "县委": "区委",
                     "中央军委": "中共军委", "中央统战部": "中共统战部", "中央组织部": "中共组织部",
                     "中央宣传部": "中共宣传部", "全国人大": "全国政协", "全国政协": "全国人大"}
# rarer: a government body's level, another department, or the post itself (副 dropped)
ORG_SWAP_HARD = {"省政府": "市政府", "市政府": "省政府", "省人大": "市人大", "市人大": "省人大",
                 "省长": "市长", "市长": "省长", "区长": "县长", "县长": "区长",
                 "统战部": "组织部", "组织部": "统战部", "政治局常委": "政治局委员",
                 "副总理": "总理", "副委员长": "委员长", "副主席": "主席"}
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝栗郁")
NOT_NAME = set("国家会议委员处带队监组部省市区县共人大常政协书记主席长任党中央全这那的了在是和与等")


@dataclass
class Article:
    id: str
    heads: list[str]
    paras: list[str]


def load_articles(corpus: Path) -> list[Article]:
    path = corpus / "articles.jsonl" if corpus.is_dir() else corpus
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append(Article(r["id"], r["heads"], r["paras"]))
    return out


def group_pages(articles: list[Article], max_chars: int = 9000) -> list[list[Article]]:
    """The real e-paper pages (date + page number), articles in their order; a page longer
    than max_chars keeps its first articles (at least one, cut at a paragraph)."""
    pages: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        pages[a.id.rsplit("-", 1)[0]].append(a)
    out = []
    for key in sorted(pages):
        arts, size, kept = pages[key], 0, []
        for a in arts:
            n = sum(map(len, a.heads)) + sum(map(len, a.paras))
            if kept and size + n > max_chars:
                break
            if not kept and n > max_chars:
                paras, s = [], 0
                for p in a.paras:
                    if paras and s + len(p) > max_chars:
                        break
                    paras.append(p)
                    s += len(p)
                a = Article(a.id, a.heads, paras)
                n = s
            kept.append(a)
            size += n
        if kept and size >= 200:
            out.append(kept)
    return out


def credit_parts(p: str):
    """(prefix, [names], suffix-kind, agency) of a photo credit line, or None."""
    m = CREDIT_RE.match(p)
    if not m:
        return None
    names = [n for n in m.group(2).split() if 2 <= len(n) <= 4]
    if not names:
        return None
    return m.group(1) or "", names, m.group(3), m.group(4) or ""


@dataclass
class Pools:
    captions: list[str] = field(default_factory=list)      # caption sentences (real)
    tuwei: list[str] = field(default_factory=list)         # 图为… sentences (real)
    photographers: list[str] = field(default_factory=list)  # names from credit lines
    agencies: list[str] = field(default_factory=list)      # 人民视觉, 新华社发, 影像中国 …
    headlines: list[str] = field(default_factory=list)     # headline lines of every article


def build_pools(articles: list[Article]) -> Pools:
    caps, tuwei, names, agencies, heads = set(), set(), Counter(), Counter(), set()
    for a in articles:
        heads.update(h for h in a.heads if 4 <= len(h) <= 30)
        for i, p in enumerate(a.paras):
            for m in re.finditer(r"(?:^|(?<=[。！？]))图为[^。！？]{4,120}。", p):
                tuwei.add(m.group())
            cp = credit_parts(p)
            if not cp:
                continue
            names.update(cp[1])
            if cp[3]:
                agencies[cp[3]] += 1
            if i > 0:
                prev = a.paras[i - 1]
                if 10 <= len(prev) <= 120 and prev[-1] in "。）" and not DATELINE_RE.match(prev):
                    caps.add(prev)
    return Pools(sorted(caps), sorted(tuwei), sorted(names), sorted(agencies),
                 sorted(heads))


# ---------------------------------------------------------------------------------------
# the page model

@dataclass
class Block:
    kind: str   # head | para | caption | marker | inserted-head
    art: int    # article on the page (-1: inserted)
    text: str


@dataclass
class Gold:
    family: str
    shape: str
    level: str
    fixed: str | None = None
    negative: bool = False   # a look-alike that must stay silent


@dataclass
class Page:
    name: str
    blocks: list[Block]
    seps: list[str]          # seps[i] stands between blocks[i] and blocks[i + 1]
    golds: list[Gold] = field(default_factory=list)
    lead: str = "\n\n"
    source: list[str] = field(default_factory=list)  # article ids

    def add(self, gold: Gold) -> tuple[str, str]:
        k = len(self.golds)
        self.golds.append(gold)
        return chr(MARK0 + 2 * k), chr(MARK0 + 2 * k + 1)

    def arts(self) -> list[int]:
        return sorted({b.art for b in self.blocks if b.art >= 0})

    def heads_of(self, art: int) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.art == art and b.kind == "head"]

    def paras_of(self, art: int) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.art == art and b.kind == "para"]

    def insert(self, i: int, block: Block, sep_before: str, sep_after: str | None = None):
        """Put block at index i (between blocks i-1 and i), with sep_before in front of it."""
        if i == 0:
            raise ValueError("no insertion before the first block")
        if i == len(self.blocks):
            self.blocks.append(block)
            self.seps.append(sep_before)
            return
        old = self.seps[i - 1]
        self.blocks.insert(i, block)
        self.seps[i - 1] = sep_before
        self.seps.insert(i, sep_after if sep_after is not None else old)

    def remove(self, i: int) -> tuple[Block, str]:
        """Take block i out; the separator in front of it is kept for its neighbours."""
        b = self.blocks.pop(i)
        if i < len(self.seps):
            sep = self.seps.pop(i)
        else:
            sep = self.seps.pop(i - 1)
        return b, sep


def build_page(name: str, arts: list[Article], rng) -> Page:
    blocks: list[Block] = []
    seps: list[str] = []
    for ai, a in enumerate(arts):
        if ai:
            seps.append(rng.choice(["\n\n", "\n\n\n\n"]))
        heads = a.heads or []
        joiner = "\n" if len(heads) > 1 and rng.random() < 0.2 else "\n\n"
        for hi, h in enumerate(heads):
            blocks.append(Block("head", ai, h))
            seps.append(joiner if hi < len(heads) - 1 else "\n\n")
        for pi, p in enumerate(a.paras):
            blocks.append(Block("para", ai, p))
            if pi < len(a.paras) - 1:
                seps.append("\n\n")
    while len(seps) >= len(blocks):  # an article without paragraphs leaves one separator over
        seps.pop()
    return Page(name, blocks, seps, source=[a.id for a in arts])


def render(page: Page) -> tuple[str, list[tuple[int, int]]]:
    """The page's text without markers, and (start, end) code-point offsets of every gold."""
    parts = [page.lead]
    for i, b in enumerate(page.blocks):
        parts.append(b.text)
        if i < len(page.seps):
            parts.append(page.seps[i])
    raw = "".join(parts)
    spans: list[list[int]] = [[-1, -1] for _ in page.golds]
    out = []
    n = 0
    for c in raw:
        if is_mark(c):
            k, end = divmod(ord(c) - MARK0, 2)
            spans[k][end] = n
        else:
            out.append(c)
            n += 1
    return "".join(out), [tuple(s) for s in spans]


def block_spans(page: Page) -> list[tuple[int, int]]:
    """(start, end) of every block in the rendered text, markers not counted."""
    out, n = [], len(page.lead)
    for i, b in enumerate(page.blocks):
        k = len(strip_marks(b.text))
        out.append((n, n + k))
        n += k + (len(strip_marks(page.seps[i])) if i < len(page.seps) else 0)
    return out


def strip_marks(s: str) -> str:
    return MARK_RE.sub("", s)


# ---------------------------------------------------------------------------------------
# where an edit may go

def free(text: str, s: int, e: int, margin: int = 2) -> bool:
    """No gold (or look-alike) marker within margin of [s, e), and s not inside a gold span."""
    lo, hi = max(0, s - margin), min(len(text), e + margin)
    if MARK_RE.search(text, lo, hi):
        return False
    depth = 0
    for m in MARK_RE.finditer(text, 0, lo):
        depth += -1 if (ord(m.group()) - MARK0) % 2 else 1
    return depth == 0


def has_gold(page: Page, text: str) -> bool:
    """Does text hold a marker of a real gold (not of a look-alike)?"""
    return any(not page.golds[(ord(m.group()) - MARK0) // 2].negative for m in MARK_RE.finditer(text))


def protect(page: Page) -> tuple[str, str]:
    """Markers for a span later injections must leave alone (not a gold, not scored)."""
    return page.add(Gold("protected", "-", "-", negative=True))


def wrap(text: str, s: int, e: int, marks: tuple[str, str], new: str | None = None) -> str:
    return text[:s] + marks[0] + (text[s:e] if new is None else new) + marks[1] + text[e:]


def quote_depth(text: str) -> list[int]:
    """Depth inside “…” before each index (0 outside)."""
    d, out = 0, []
    for c in text:
        out.append(d)
        if c == "“":
            d += 1
        elif c == "”":
            d = max(0, d - 1)
    return out


def body_blocks(page: Page, min_len: int = 30) -> list[int]:
    """Paragraphs of running text: long enough, with a full stop, not a credit or dateline-only."""
    out = []
    for i, b in enumerate(page.blocks):
        t = strip_marks(b.text)
        if b.kind == "para" and len(t) >= min_len and "。" in t and not credit_parts(t):
            out.append(i)
    return out


def first_para(page: Page, art: int) -> int | None:
    ps = page.paras_of(art)
    return ps[0] if ps else None


def text_start(page: Page, i: int) -> int:
    """Index in block i's text after its dateline (a split or an edit must not cut it)."""
    t = page.blocks[i].text
    if page.blocks[i].kind == "para" and first_para(page, page.blocks[i].art) == i:
        m = re.match(r"[^，。]{0,40}?）", t)
        if m and DATELINE_RE.match(t):
            return m.end()
        m = DATELINE_RE.match(t)
        if m:
            return m.end()
    return 0


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^。！？\n]+?[。！？]+[”’」』）]?", text):
        out.append((m.start(), m.end()))
    return out


# ---------------------------------------------------------------------------------------
# natural look-alikes: reduplications a repeated-word check must leave alone

NEG_PATTERNS = [
    ("AA", re.compile(r"([\u4e00-\u9fff])\1(?![\u4e00-\u9fff]?\1)")),
    ("ABAB", re.compile(r"([\u4e00-\u9fff]{2})\1")),
    ("chant", re.compile(r"(“?[\u4e00-\u9fff]{1,4}[！，])\1")),
]


def mark_negatives(page: Page) -> None:
    for b in page.blocks:
        if b.kind not in ("para", "head"):
            continue
        spans = []
        for kind, rx in NEG_PATTERNS:
            for m in rx.finditer(b.text):
                spans.append((m.start(), m.end(), kind))
        spans.sort()
        keep, last = [], -1
        for s, e, kind in spans:
            if s >= last:
                keep.append((s, e, kind))
                last = e
        for s, e, kind in reversed(keep):
            marks = page.add(Gold("repeated-word", kind, "-", negative=True))
            b.text = wrap(b.text, s, e, marks)


# ---------------------------------------------------------------------------------------
# injections: each returns True when it changed the page

class Ctx:
    def __init__(self, rng, pools: Pools, level: str):
        self.rng, self.pools, self.level = rng, pools, level


def _split_positions(page: Page, i: int, shape: str) -> list[int]:
    t = page.blocks[i].text
    lo = max(text_start(page, i), 6)
    qd = quote_depth(t)
    ks = []
    if shape == "number-unit":
        for m in re.finditer(r"(\d+(?:\.\d+)?)(万|亿)?(元|人|个|吨|公里|千米|米|平方米|亩|户|家|项|次|辆|台|件|名|位|所|座|天|年|小时|%|人次|余)", t):
            if m.start() < lo or not free(t, m.start(), m.end()):
                continue
            # between two digits of the number (3\n\n000元), or between number and unit
            ks.extend(k for k in range(m.start() + 1, m.end(1)) if t[k].isdigit() and t[k - 1].isdigit())
            ks.append(m.end(1))
        return ks
    for k in range(lo, len(t) - 2):
        a, b = t[k - 1], t[k]
        if not free(t, k - 1, k + 1):
            continue
        if shape in ("han-han", "wide-gap", "marker-between", "caption-between",
                     "headline-between", "jump"):
            ok = is_han(a) and is_han(b) and qd[k] == 0
        elif shape == "after-comma":
            ok = a == "，" and (is_han(b) or b == "“")
        elif shape == "after-dun":
            ok = a == "、" and is_han(b)
        elif shape == "before-close-quote":
            ok = b == "”" and is_han(a) and k + 1 < len(t)
        elif shape == "inside-quote":
            ok = is_han(a) and is_han(b) and qd[k] > 0 and t[k + 1] != "”"
        else:
            ok = False
        if ok and k >= 8 and len(t) - k >= (1 if shape == "before-close-quote" else 6):
            ks.append(k)
    return ks


def inject_split(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = body_blocks(page, 40)
    rng.shuffle(cands)
    for i in cands[:6]:
        ks = _split_positions(page, i, shape)
        if not ks:
            continue
        k = rng.choice(ks)
        t = page.blocks[i].text
        art = page.blocks[i].art
        fixed = "" if shape in ("han-han", "after-comma", "after-dun", "wide-gap", "number-unit",
                                "before-close-quote", "inside-quote") else None
        marks = page.add(Gold("page-break-split", shape, ctx.level, fixed))
        first, second = t[:k] + marks[0], marks[1] + t[k:]
        if shape == "jump":
            later = [j for j in page.paras_of(art) if j > i]
            if len(later) < 2 or has_gold(page, t[k:]):  # what moves must not carry half a span
                page.golds.pop()
                continue
            m = min(len(later), rng.choice([2, 3]))
            page.blocks[i].text = t[:k] + marks[0]
            page.blocks[i + 1].text = marks[1] + page.blocks[i + 1].text
            page.insert(later[m - 1] + 1, Block("para", art, t[k:]), "\n\n")
            return True
        page.blocks[i].text = first
        sep = "\n\n\n\n" if shape == "wide-gap" else "\n\n"
        if shape == "marker-between":
            mk = continuation_text(rng, "down", "standard")
            cm = page.add(Gold("continuation-marker", "between-halves", ctx.level, ""))
            page.insert(i + 1, Block("marker", art, cm[0] + mk + cm[1]), "\n\n", "\n\n")
            page.insert(i + 2, Block("para", art, second), "\n\n")
            return True
        if shape == "caption-between":
            cap = make_caption(ctx, rng.choice(["name-space-she", "xinhua-bracket", "agency",
                                                "tuwei"]))
            if not cap:
                page.blocks[i].text = t
                page.golds.pop()
                return False
            pm = page.add(Gold("photo-caption", "between-halves", ctx.level))
            page.insert(i + 1, Block("caption", -1, pm[0] + cap + pm[1]), "\n\n\n\n", "\n\n")
            page.insert(i + 2, Block("para", art, second), "\n\n")
            return True
        if shape == "headline-between":
            own = {strip_marks(b.text) for b in page.blocks if b.kind == "head"}
            pool = [h for h in ctx.pools.headlines if h not in own]
            h = rng.choice(pool)
            page.insert(i + 1, Block("inserted-head", -1, h), "\n\n\n\n", "\n\n")
            page.insert(i + 2, Block("para", art, second), "\n\n")
            return True
        page.insert(i + 1, Block("para", art, second), sep)
        return True
    return False


# continuation markers ------------------------------------------------------------------

def continuation_text(rng, direction: str, level: str) -> str:
    n = rng.randint(2, 16) if direction == "down" else rng.randint(1, 4)
    if level == "standard":
        verb = "下转" if direction == "down" else "上接"
        ref = f"第{n}版" if rng.random() < 0.5 else f"第{cn_numeral(n)}版"
        return f"（{verb}{ref}）"
    verb = rng.choice(["转", "紧转"] if direction == "down" else ["接", "紧接", "续"])
    ref = rng.choice([f"第{str(n).translate(FW_DIGITS)}版", f"{rng.choice('ABCD')}{n}版",
                      f"第{cn_numeral(n)}版", f"第{n}版"])
    br = rng.choice(["（）", "()", "", "（）"])
    return f"{br[:1]}{verb}{ref}{br[1:]}"


def inject_marker(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = body_blocks(page)
    rng.shuffle(cands)
    for i in cands[:6]:
        b = page.blocks[i]
        t = b.text
        if not t or not free(t, len(t) - 1, len(t)) or not free(t, 0, 1):
            continue
        art = b.art
        if shape in ("own-line", "own-line-bare"):
            mk = continuation_text(rng, "down", ctx.level)
            if shape == "own-line-bare":
                mk = mk.strip("（）()")
            marks = page.add(Gold("continuation-marker", shape, ctx.level, ""))
            page.insert(i + 1, Block("marker", art, marks[0] + mk + marks[1]), "\n\n",
                        rng.choice(["\n\n", "\n\n\n\n"]))
            return True
        if shape == "glued-end":
            if t[-1] not in "。”！？":
                continue
            mk = continuation_text(rng, "down", ctx.level)
            marks = page.add(Gold("continuation-marker", shape, ctx.level, ""))
            b.text = t + marks[0] + mk + marks[1]
            return True
        if shape == "up-start":
            if first_para(page, art) == i:
                continue
            mk = continuation_text(rng, "up", ctx.level)
            marks = page.add(Gold("continuation-marker", shape, ctx.level, ""))
            b.text = marks[0] + mk + marks[1] + t
            return True
    return False


# photo captions --------------------------------------------------------------------------

def pad(name: str, rng) -> str:
    gap = rng.choice([" ", "  ", "\u3000"])
    return gap.join(name) if len(name) == 2 else name


def make_caption(ctx: Ctx, shape: str) -> str | None:
    rng, pools = ctx.rng, ctx.pools
    if not pools.captions or not pools.photographers:
        return None
    cap = rng.choice(pools.captions)
    name = rng.choice(pools.photographers)
    if shape == "name-space-she":
        return f"{cap} {name} 摄"
    if shape == "xinhua-bracket":
        return f"{cap}（新华社记者 {name}摄）"
    if shape == "agency":
        return f"{cap}（{rng.choice(['人民视觉', '新华社发'] + pools.agencies[:3])}）"
    if shape == "name-bracket":
        return f"{cap}（{name} 摄）"
    if shape == "tuwei":
        return rng.choice(pools.tuwei) if pools.tuwei else None
    if shape == "padded-name":
        two = [n for n in pools.photographers if len(n) == 2] or [name]
        n2 = rng.choice(two)
        return rng.choice([f"{cap} {pad(n2, rng)} 摄", f"{cap}（本报记者 {pad(n2, rng)}摄）",
                           f"{cap}（新华社记者  {pad(n2, rng)}  摄）"])
    if shape == "two-line":
        credit = rng.choice([f"新华社记者 {name}摄", f"{name}摄（人民视觉）", f"本报记者 {name}摄",
                             f"{name}摄（新华社发）"])
        first = rng.choice(pools.tuwei) if pools.tuwei and rng.random() < 0.4 else cap
        return first + rng.choice(["\n", "\n\n"]) + credit
    return None


def inject_caption(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = [i for i in body_blocks(page) if i + 1 < len(page.blocks)
             and page.blocks[i + 1].kind == "para" and page.blocks[i + 1].art == page.blocks[i].art]
    rng.shuffle(cands)
    for i in cands[:6]:
        b = page.blocks[i]
        if shape == "glued":
            if b.text[-1:] not in ("。",) or not free(b.text, len(b.text) - 1, len(b.text)):
                continue
            cap = make_caption(ctx, rng.choice(["name-space-she", "xinhua-bracket", "agency",
                                                "tuwei"]))
            if not cap:
                return False
            marks = page.add(Gold("photo-caption", shape, ctx.level))
            b.text = b.text + marks[0] + cap + marks[1]
            return True
        if not free(b.text, len(b.text) - 1, len(b.text)):
            continue
        cap = make_caption(ctx, shape)
        if not cap:
            return False
        marks = page.add(Gold("photo-caption", shape, ctx.level))
        page.insert(i + 1, Block("caption", -1, marks[0] + cap + marks[1]),
                    rng.choice(["\n\n\n\n", "\n\n"]), "\n\n")
        return True
    return False


# misplaced headlines ---------------------------------------------------------------------

def inject_misplaced_headline(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    arts = page.arts()
    cands = []
    for j in arts[1:]:
        hs = page.heads_of(j)
        fp = first_para(page, j)
        if not hs or fp is None or any(has_gold(page, page.blocks[h].text) for h in hs):
            continue
        dated = bool(DATELINE_RE.match(strip_marks(page.blocks[fp].text)))
        if (shape == "no-dateline") == dated:
            continue
        target = arts[arts.index(j) - (2 if shape == "far" else 1)] if arts.index(j) >= (2 if shape == "far" else 1) else None
        if target is None or not page.heads_of(target):
            continue
        if shape == "partial" and len(hs) < 2:
            continue
        cands.append((j, target))
    if not cands:
        return False
    j, target = rng.choice(cands)
    hs = page.heads_of(j)
    # all of the headline moves; for a partial move only its main (longest) line, the kicker stays
    move = [max(hs, key=lambda h: len(page.blocks[h].text))] if shape == "partial" else hs
    taken = []
    for h in sorted(move, reverse=True):
        blk, _ = page.remove(h)
        taken.insert(0, blk)
    marks = page.add(Gold("misplaced-headline", shape, ctx.level))
    taken[0].text = marks[0] + taken[0].text
    taken[-1].text = taken[-1].text + marks[1]
    th = page.heads_of(target)
    at = th[0] if rng.random() < 0.5 else th[-1] + 1
    joiner = "\n" if rng.random() < 0.3 else "\n\n"
    for n, blk in enumerate(taken):
        if at == 0:
            page.blocks.insert(0, blk)
            page.seps.insert(0, "\n\n")
        else:
            page.insert(at, blk, page.seps[at - 1] if n == 0 and at == th[0] else
                        (joiner if n else "\n\n"), "\n\n")
        at += 1
    return True


# duplicated sentences --------------------------------------------------------------------

def alter(s: str, rng, how: str) -> str | None:
    if how == "digit":
        ds = [i for i, c in enumerate(s) if c.isdigit()]
        if not ds:
            return None
        i = rng.choice(ds)
        return s[:i] + rng.choice([d for d in "0123456789" if d != s[i]]) + s[i + 1:]
    n = 1 if how == "lookalike-1" else 2
    idx = [i for i, c in enumerate(s) if c in SHAPE]
    if len(idx) < n:
        return None
    out = list(s)
    for i in rng.sample(idx, n):
        out[i] = rng.choice(SHAPE[s[i]])
    return "".join(out)


def inject_duplicate(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = body_blocks(page)
    rng.shuffle(cands)
    for i in cands[:8]:
        b = page.blocks[i]
        t = b.text
        lo = text_start(page, i)
        sents = [(s, e) for s, e in sentences(t) if s >= lo and 14 <= e - s <= 80 and free(t, s, e, 1)]
        if shape == "next-paragraph":
            sents = [(s, e) for s, e in sents if e == len(t)]
        if not sents:
            continue
        s, e = rng.choice(sents)
        sent = t[s:e].lstrip()
        copy_ = sent
        if shape == "digit-changed":
            copy_ = alter(sent, rng, "digit")
        elif shape in ("lookalike-1", "lookalike-2"):
            copy_ = alter(sent, rng, shape)
        if copy_ is None:
            continue
        fixed = "" if copy_ == sent else None
        if shape == "next-paragraph":
            if i + 1 >= len(page.blocks) or page.blocks[i + 1].kind != "para" \
                    or page.blocks[i + 1].art != b.art or not free(page.blocks[i + 1].text, 0, 1):
                continue
            marks = page.add(Gold("duplicate-sentence", shape, ctx.level, ""))
            page.blocks[i + 1].text = marks[0] + copy_ + marks[1] + page.blocks[i + 1].text
            b.text = wrap(t, s, e, protect(page))
            return True
        at = e
        if shape == "one-later":
            nxt = [(s2, e2) for s2, e2 in sentences(t) if s2 >= e]
            if not nxt or not free(t, nxt[0][0], nxt[0][1], 1):
                continue
            at = nxt[0][1]
        marks = page.add(Gold("duplicate-sentence", shape, ctx.level, fixed))
        t = t[:at] + marks[0] + copy_ + marks[1] + t[at:]
        b.text = wrap(t, s, e, protect(page))  # later slips must not make the copies differ
        return True
    return False


# repeated words --------------------------------------------------------------------------

PARTICLE_BAD = {  # neighbours that would make the doubled particle a real word sequence
    "的": ("目", "确"), "了": ("为", "除", "解", "了"), "在": ("现", "存", "实", "所", "自", "潜", "内", "外", "正", "好"),
    "是": ("非", "于", "就", "但", "或", "还", "总", "凡", "只", "可"), "和": ("平", "温", "缓", "总", "饱", "柔", "暖", "调", "谐", "气", "睦"),
}
CLAUSE_WORDS = "在对把将要也还并从为"
WORD_EDGE = "，。、；：！？“”《》（）的了在是和与及等"


def inject_repeat(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = body_blocks(page)
    rng.shuffle(cands)
    for i in cands[:8]:
        b = page.blocks[i]
        t = b.text
        lo = text_start(page, i)
        sites = []
        if shape in ("particle-mid", "particle-newline"):
            for m in re.finditer("[的了在是和]", t):
                k = m.start()
                c = t[k]
                if k < lo + 2 or k + 2 > len(t) or not (is_han(t[k - 1]) and is_han(t[k + 1])):
                    continue
                if t[k - 1] in PARTICLE_BAD[c] or t[k + 1] in PARTICLE_BAD[c] or t[k - 1] == c or t[k + 1] == c:
                    continue
                if free(t, k, k + 1):
                    sites.append((k, k + 1))
        elif shape == "clause-start":
            for m in re.finditer(f"[，。；]([{CLAUSE_WORDS}])(?=[\u4e00-\u9fff])", t):
                k = m.start(1)
                if k > lo and t[k + 1] != t[k] and free(t, k, k + 1):
                    sites.append((k, k + 1))
        elif shape in ("content-before-punct", "content-newline"):
            for m in re.finditer(r"的([\u4e00-\u9fff]{2,3})(?=[，。、；！？])", t):
                w = m.group(1)
                if m.start() > lo and len(set(w)) == len(w) and free(t, m.start(1), m.end(1)):
                    sites.append((m.start(1), m.end(1)))
        elif shape == "content-mid":
            # a word of the article's headline (3-4 characters, standing between clause
            # boundaries or particles somewhere in the article, so it is a word and not a
            # slice across two), doubled where the clause goes on after it
            heads = "".join(strip_marks(page.blocks[h].text) for h in page.heads_of(b.art))
            body = "".join(strip_marks(page.blocks[j].text) for j in page.paras_of(b.art))
            for n in (4, 3):
                words = {heads[k:k + n] for k in range(len(heads) - n + 1)}
                words = {w for w in words if all(is_han(c) for c in w) and len(set(w)) == n
                         and re.search(f"(^|[{WORD_EDGE}]){w}([{WORD_EDGE}]|$)", body)}
                for w in sorted(words):
                    for m in re.finditer(w, t):
                        k = m.start()
                        if k >= lo and m.end() < len(t) and is_han(t[m.end()]) \
                                and free(t, k, m.end()):
                            sites.append((k, m.end()))
                if sites:
                    break
        if not sites:
            continue
        s, e = rng.choice(sites)
        w = t[s:e]
        glue = "\n" if shape in ("particle-newline", "content-newline") else ""
        marks = page.add(Gold("repeated-word", shape, ctx.level, w))
        b.text = t[:s] + marks[0] + w + glue + w + marks[1] + t[e:]
        return True
    return False


# half-width punctuation ------------------------------------------------------------------

HALF = {"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "。": "."}


def inject_halfwidth(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = body_blocks(page)
    rng.shuffle(cands)
    for i in cands[:8]:
        b = page.blocks[i]
        t = b.text
        lo = text_start(page, i)
        if shape == "paren-pair" or shape == "quote-pair":
            o, c = ("（", "）") if shape == "paren-pair" else ("“", "”")
            pairs = [(m.start(), m.end() - 1) for m in re.finditer(f"{o}[^{o}{c}\n]{{1,40}}{c}", t)
                     if m.start() >= lo and free(t, m.start(), m.end())]
            if not pairs:
                continue
            s, e = rng.choice(pairs)
            a1, a2 = ("(", ")") if shape == "paren-pair" else ('"', '"')
            m2 = page.add(Gold("halfwidth-punctuation", shape, ctx.level, t[e]))
            t = t[:e] + m2[0] + a2 + m2[1] + t[e + 1:]
            m1 = page.add(Gold("halfwidth-punctuation", shape, ctx.level, t[s]))
            b.text = t[:s] + m1[0] + a1 + m1[1] + t[s + 1:]
            return True
        chars = {"comma": "，", "semicolon": "；", "colon": "：", "question": "？",
                 "exclamation": "！", "period": "。"}[shape]
        sites = [k for k in range(lo, len(t)) if t[k] == chars and k > 0 and is_han(t[k - 1])
                 and free(t, k, k + 1)]
        if shape == "period":  # a sentence-final full stop followed by more Chinese text
            sites = [k for k in sites if k + 1 < len(t) and is_han(t[k + 1])]
        if not sites:
            continue
        n = min(len(sites), rng.choice([1, 1, 2, 3]) if shape == "comma" else 1)
        for k in sorted(rng.sample(sites, n), reverse=True):
            marks = page.add(Gold("halfwidth-punctuation", shape, ctx.level, t[k]))
            t = t[:k] + marks[0] + HALF[t[k]] + marks[1] + t[k + 1:]
        b.text = t
        return True
    return False


# whitespace ------------------------------------------------------------------------------

def inject_whitespace(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    cands = body_blocks(page)
    rng.shuffle(cands)
    if shape == "ws-only-line":
        seps = [j for j, s in enumerate(page.seps) if s == "\n\n"]
        if not seps:
            return False
        j = rng.choice(seps)
        ws = rng.choice([" ", "  ", "\u3000", "\t", "\xa0"])
        marks = page.add(Gold("whitespace", shape, ctx.level, ""))
        page.seps[j] = "\n" + marks[0] + ws + marks[1] + "\n"
        return True
    for i in cands[:8]:
        b = page.blocks[i]
        t = b.text
        lo = text_start(page, i)
        if shape == "trailing":
            if not free(t, len(t) - 1, len(t)):
                continue
            ws = rng.choice([" ", "  ", "\u3000", " \t", "\xa0"])
            marks = page.add(Gold("whitespace", shape, ctx.level, ""))
            b.text = t + marks[0] + ws + marks[1]
            return True
        if shape == "indent-mid-line":
            # the next paragraph of the same article lost its break: glued on with its indent
            if i + 1 >= len(page.blocks) or page.blocks[i + 1].kind != "para" \
                    or page.blocks[i + 1].art != b.art or t[-1:] not in "。”！？" \
                    or not free(t, len(t) - 1, len(t)) or not free(page.blocks[i + 1].text, 0, 1):
                continue
            nxt, _ = page.remove(i + 1)
            marks = page.add(Gold("whitespace", shape, ctx.level, "\n\n"))
            b.text = t + marks[0] + "\u3000\u3000" + marks[1] + nxt.text
            return True
        if shape == "space-before-open":
            sites = [k for k in range(lo + 1, len(t)) if t[k] in "“（《" and is_han(t[k - 1])
                     and free(t, k - 1, k + 1)]
        elif shape == "space-after-comma":
            sites = [k + 1 for k in range(lo, len(t) - 1) if t[k] in "，。、；" and is_han(t[k + 1])
                     and free(t, k, k + 2)]
        else:
            sites = [k for k in range(lo + 1, len(t)) if is_han(t[k - 1]) and is_han(t[k])
                     and free(t, k - 1, k + 1)]
        if not sites:
            continue
        k = rng.choice(sites)
        ws = {"space-between-han": " ", "ideographic-space": "\u3000", "nbsp": "\xa0",
              "space-before-open": " ", "space-after-comma": " ",
              "zero-width": "\u200b", "zero-width-other": rng.choice(["\u200c", "\u200d", "\u2060", "\ufeff"]),
              }[shape]
        marks = page.add(Gold("whitespace", shape, ctx.level, ""))
        b.text = t[:k] + marks[0] + ws + marks[1] + t[k:]
        return True
    return False


# markup ----------------------------------------------------------------------------------

def inject_markup(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    lv = ctx.level
    if shape in ("md-heading", "md-heading-deep"):
        hs = [i for i, b in enumerate(page.blocks) if b.kind == "head" and free(b.text, 0, 1)]
        subs = [i for i, b in enumerate(page.blocks) if b.kind == "para" and 4 <= len(b.text) <= 24
                and b.text[-1] not in "。！？”）：" and not credit_parts(b.text) and free(b.text, 0, 1)]
        pool = hs + subs
        if not pool:
            return False
        i = rng.choice(pool)
        tok = rng.choice(["# ", "## "]) if shape == "md-heading" else rng.choice(["### ", "#### ", "##"])
        marks = page.add(Gold("markup", shape, lv, ""))
        page.blocks[i].text = marks[0] + tok + marks[1] + page.blocks[i].text
        return True
    cands = body_blocks(page)
    rng.shuffle(cands)
    if shape in ("bold", "strong"):
        subs = [i for i, b in enumerate(page.blocks) if b.kind == "para" and 4 <= len(b.text) <= 24
                and b.text[-1] not in "。！？”）：" and not credit_parts(b.text)
                and free(b.text, 0, len(b.text))]
        if subs and rng.random() < 0.5:
            i = rng.choice(subs)
            b = page.blocks[i]
            s, e = 0, len(b.text)
        else:
            found = None
            for i in cands[:6]:
                b = page.blocks[i]
                qs = [(m.start(), m.end()) for m in re.finditer(r"“[^“”]{2,12}”", b.text)
                      if free(b.text, m.start(), m.end())]
                if qs:
                    found = (i, rng.choice(qs))
                    break
            if not found:
                return False
            i, (s, e) = found
            b = page.blocks[i]
        o, c = ("**", "**") if shape == "bold" else ("<strong>", "</strong>")
        t = b.text
        m2 = page.add(Gold("markup", shape, lv, ""))
        t = t[:e] + m2[0] + c + m2[1] + t[e:]
        m1 = page.add(Gold("markup", shape, lv, ""))
        b.text = t[:s] + m1[0] + o + m1[1] + t[s:]
        return True
    for i in cands[:6]:
        b = page.blocks[i]
        t = b.text
        if shape == "html-br":
            if not free(t, len(t) - 1, len(t)):
                continue
            marks = page.add(Gold("markup", shape, lv, ""))
            b.text = t + marks[0] + rng.choice(["<br>", "<br/>", "<br />"]) + marks[1]
            return True
        if shape == "html-p":
            if not free(t, 0, 1) or not free(t, len(t) - 1, len(t)):
                continue
            m2 = page.add(Gold("markup", shape, lv, ""))
            t = t + m2[0] + "</p>" + m2[1]
            m1 = page.add(Gold("markup", shape, lv, ""))
            b.text = m1[0] + "<p>" + m1[1] + t
            return True
        if shape == "blockquote":
            if not free(t, 0, 1) or first_para(page, b.art) == i:
                continue
            marks = page.add(Gold("markup", shape, lv, ""))
            b.text = marks[0] + "> " + marks[1] + t
            return True
        if shape == "entity-nbsp":
            m = re.match(r".{0,30}?电(?=（)", t) if DATELINE_RE.match(t) else None
            if m and free(t, m.end() - 1, m.end() + 1):
                k = m.end()
            else:
                sites = [k for k in range(1, len(t)) if t[k - 1] in "，。" and is_han(t[k])
                         and free(t, k - 1, k + 1)]
                if not sites:
                    continue
                k = rng.choice(sites)
            marks = page.add(Gold("markup", shape, lv, ""))
            b.text = t[:k] + marks[0] + rng.choice(["&nbsp;", "&nbsp;&nbsp;"]) + marks[1] + t[k:]
            return True
        if shape == "entity-quote":
            qs = [(m.start(), m.end() - 1) for m in re.finditer(r"“[^“”]{1,30}”", t)
                  if free(t, m.start(), m.end())]
            if not qs:
                continue
            s, e = rng.choice(qs)
            m2 = page.add(Gold("markup", shape, lv, "”"))
            t = t[:e] + m2[0] + "&rdquo;" + m2[1] + t[e + 1:]
            m1 = page.add(Gold("markup", shape, lv, "“"))
            b.text = t[:s] + m1[0] + "&ldquo;" + m1[1] + t[s + 1:]
            return True
        if shape == "entity-other":
            if not free(t, 0, 1):
                continue
            ent = rng.choice(["&#12288;&#12288;", "&emsp;&emsp;", "&amp;nbsp;"])
            marks = page.add(Gold("markup", shape, lv, ""))
            b.text = marks[0] + ent + marks[1] + t
            return True
    return False


# traditional characters ------------------------------------------------------------------

def inject_traditional(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    if shape == "in-headline":
        pool = [i for i, b in enumerate(page.blocks) if b.kind == "head"]
    else:
        pool = body_blocks(page)
    rng.shuffle(pool)
    for i in pool[:8]:
        b = page.blocks[i]
        t = b.text
        lo = text_start(page, i)
        if shape == "in-headline":
            spans = [(0, len(t))] if not MARK_RE.search(t) else []
        else:
            spans = [(s, e) for s, e in sentences(t) if s >= lo and free(t, s, e, 1)]
        rng.shuffle(spans)
        for s, e in spans:
            ks = [k for k in range(s, e) if t[k] in TRAD]
            want = rng.randint(2, 4) if shape == "few-chars" else 1
            if len(ks) < want:
                continue
            if shape == "few-chars":  # a run of nearby characters, as a converter slip does
                start = rng.randrange(len(ks) - want + 1)
                ks = ks[start:start + want]
                if ks[-1] - ks[0] > 12:
                    continue
            else:
                ks = [rng.choice(ks)]
            lo_k, hi_k = ks[0], ks[-1] + 1
            new = "".join(TRAD[c] if k in ks else c for k, c in enumerate(t[lo_k:hi_k], lo_k))
            marks = page.add(Gold("traditional-char", shape, ctx.level, t[lo_k:hi_k]))
            b.text = wrap(t, lo_k, hi_k, marks, new)
            return True
    return False


# unbalanced brackets ---------------------------------------------------------------------

def inject_unbalanced(page: Page, ctx: Ctx, shape: str) -> bool:
    rng = ctx.rng
    o, c = {"paren": "（）", "quote": "“”", "book": "《》", "quote-nested": "“”",
            "dateline-paren": "（）"}[shape]
    pool = body_blocks(page)
    if shape == "dateline-paren":
        pool = [first_para(page, a) for a in page.arts()]
        pool = [i for i in pool if i is not None and DATELINE_RE.match(page.blocks[i].text)]
    rng.shuffle(pool)
    for i in pool[:8]:
        t = page.blocks[i].text
        if t.count(o) != t.count(c):
            continue
        if shape == "quote-nested" and t.count(o) < 2:
            continue
        pairs = [(m.start(), m.end() - 1) for m in re.finditer(f"{o}[^{o}{c}\n]{{1,60}}{c}", t)
                 if free(t, m.start(), m.end())]
        if shape == "dateline-paren":
            pairs = pairs[:1]
        if not pairs:
            continue
        s, e = rng.choice(pairs)
        marks = page.add(Gold("unbalanced-bracket", shape, ctx.level))
        page.blocks[i].text = t[:s] + marks[0] + t[s:e] + marks[1] + t[e + 1:]
        return True
    return False


# ---------------------------------------------------------------------------------------
# corpus families: across the whole set of pages

def harvest_names(page: Page) -> dict[str, str]:
    """Staff names in bylines and credits of the page -> role ('staff')."""
    names = {}
    for b in page.blocks:
        t = strip_marks(b.text)
        if b.kind != "para":
            continue
        found = []
        for m in BYLINE_NAMES_RE.finditer(t[:80]):
            found += re.split(r"[、 和]", m.group(1))
        m = STAFF_LINE_RE.match(t)
        if m:
            found += m.group(1).split()
        cp = credit_parts(t)
        if cp:
            found += cp[1]
        for n in found:  # a person's name: 2-3 characters opening with a surname (not 记者手记)
            if 2 <= len(n) <= 3 and all(is_han(ch) for ch in n) and n[0] in SURNAMES:
                names[n] = "staff"
    return names


def harvest_titled(page: Page) -> list[tuple[int, int, int, str, str]]:
    """(block, start, end, chain, name) of titled mentions (省委书记 X)."""
    out = []
    for i, b in enumerate(page.blocks):
        if b.kind != "para":
            continue
        for m in CHAIN_RE.finditer(b.text):  # a match never spans a marker (not Han)
            chain, name = m.group(1), m.group(2)
            if name[0] not in SURNAMES or any(c in NOT_NAME for c in name[1:]):
                continue
            out.append((i, m.start(), m.end(2), chain, name))
    return out


def variant_of(name: str, rng, how: str, taken: set[str]) -> str | None:
    table = SOUND if how == "sound" else SHAPE
    opts = []
    for k in range(1, len(name)):  # the given name, never the surname
        for c in table.get(name[k], []):
            v = name[:k] + c + name[k + 1:]
            if v not in taken:
                opts.append(v)
    return rng.choice(sorted(opts)) if opts else None


def inject_name_variants(pages: list[Page], rng, level: str, budget: int) -> int:
    per_name: dict[str, list[int]] = defaultdict(list)
    for pi, p in enumerate(pages):
        for n in harvest_names(p):
            per_name[n].append(pi)
    titled: dict[str, list[int]] = defaultdict(list)
    for pi, p in enumerate(pages):
        for _, _, _, _, n in harvest_titled(p):
            if pi not in titled[n]:
                titled[n].append(pi)
    alltext = "".join(strip_marks(b.text) for p in pages for b in p.blocks)
    cands = []
    for n, ps in sorted(per_name.items()):
        if len(ps) >= 3:
            cands.append((n, ps, "byline"))
    if level == "hard":
        for n, ps in sorted(titled.items()):
            if len(ps) >= 3 and n not in per_name:
                cands.append((n, ps, "official"))
    rng.shuffle(cands)
    done = 0
    used_pages: set[int] = set()
    for n, ps, role in cands:
        if done >= budget:
            break
        how = "sound" if level == "standard" else rng.choice(["shape", "sound"] if role == "official" else ["shape"])
        v = variant_of(n, rng, how, set())
        if not v or v in alltext:
            continue
        k = 1 if len(ps) < 6 else 2
        chosen = [pi for pi in rng.sample(ps, len(ps)) if pi not in used_pages][:k]
        if len(chosen) < k:
            continue
        for pi in chosen:
            page = pages[pi]
            hit = False
            for b in page.blocks:
                pos = 0
                while True:
                    s = b.text.find(n, pos)
                    if s < 0:
                        break
                    if free(b.text, s, s + len(n), 0):
                        marks = page.add(Gold("name-variant", f"{role}-{how}", level, n))
                        b.text = wrap(b.text, s, s + len(n), marks, v)
                        hit = True
                        pos = s + len(v) + 2
                    else:
                        pos = s + 1
            if hit:
                used_pages.add(pi)
        done += 1
    return done


def inject_title_inconsistency(pages: list[Page], rng, level: str, budget: int) -> int:
    mentions: dict[str, list[tuple[int, int, int, int, str]]] = defaultdict(list)
    for pi, p in enumerate(pages):
        for i, s, e, chain, n in harvest_titled(p):
            mentions[n].append((pi, i, s, e, chain))
    swaps = ORG_SWAP_STANDARD if level == "standard" else ORG_SWAP_HARD
    done = 0
    names = sorted(mentions)
    rng.shuffle(names)
    for n in names:
        if done >= budget:
            break
        ms = mentions[n]
        if len(ms) < 3:
            continue
        common = Counter(m[4][-8:] for m in ms).most_common(1)[0][0]
        same = [m for m in ms if m[4].endswith(common)]
        if len(same) < 3:
            continue
        keys = [k for k in swaps if k in same[0][4]]
        if not keys:
            continue
        key = rng.choice(keys)
        # a minority of the mentions: one, or two (on different pages) of five or more
        want = 1 if len(same) < 5 else 2
        seen_pages: set[int] = set()
        hit = 0
        for pi, i, s, e, chain in rng.sample(same, len(same)):
            if hit >= want or pi in seen_pages:
                continue
            t = pages[pi].blocks[i].text
            seg = t[s:e]
            if not free(t, s, e, 0) or key not in seg:
                continue
            j = seg.rfind(key)
            new = seg[:j] + swaps[key] + seg[j + len(key):]
            marks = pages[pi].add(Gold("title-inconsistency", f"swap-{key}", level, seg))
            pages[pi].blocks[i].text = wrap(t, s, e, marks, new)
            seen_pages.add(pi)
            hit += 1
        done += bool(hit)
    return done


# ---------------------------------------------------------------------------------------
# shapes per family and level

SHAPES: dict[str, dict[str, list[str]]] = {
    "page-break-split": {
        "standard": ["han-han", "after-comma", "after-dun", "wide-gap", "marker-between"],
        "hard": ["number-unit", "before-close-quote", "inside-quote", "caption-between",
                 "headline-between", "jump"]},
    "continuation-marker": {
        "standard": ["own-line", "glued-end", "up-start"],
        "hard": ["own-line", "own-line-bare", "glued-end", "up-start"]},
    "photo-caption": {
        "standard": ["name-space-she", "xinhua-bracket", "agency", "name-bracket", "tuwei"],
        "hard": ["padded-name", "two-line", "glued"]},
    "misplaced-headline": {"standard": ["stacked"], "hard": ["far", "no-dateline", "partial"]},
    "duplicate-sentence": {"standard": ["exact-adjacent", "digit-changed"],
                           "hard": ["lookalike-1", "lookalike-2", "next-paragraph", "one-later"]},
    "repeated-word": {"standard": ["particle-mid", "content-before-punct", "clause-start"],
                      "hard": ["particle-newline", "content-newline", "content-mid"]},
    "halfwidth-punctuation": {
        "standard": ["comma", "semicolon", "colon", "question", "exclamation", "paren-pair"],
        "hard": ["period", "quote-pair"]},
    "whitespace": {"standard": ["trailing", "ws-only-line", "space-between-han", "zero-width"],
                   "hard": ["ideographic-space", "nbsp", "space-before-open", "indent-mid-line",
                            "space-after-comma", "zero-width-other"]},
    "markup": {"standard": ["md-heading", "bold", "html-br", "entity-nbsp"],
               "hard": ["md-heading-deep", "strong", "html-p", "blockquote", "entity-quote",
                        "entity-other"]},
    "traditional-char": {"standard": ["few-chars"], "hard": ["one-char", "in-headline"]},
    "unbalanced-bracket": {"standard": ["paren", "quote"],
                           "hard": ["book", "quote-nested", "dateline-paren"]},
}

INJECTORS = {
    "page-break-split": inject_split,
    "continuation-marker": inject_marker,
    "photo-caption": inject_caption,
    "misplaced-headline": inject_misplaced_headline,
    "duplicate-sentence": inject_duplicate,
    "repeated-word": inject_repeat,
    "halfwidth-punctuation": inject_halfwidth,
    "whitespace": inject_whitespace,
    "markup": inject_markup,
    "traditional-char": inject_traditional,
    "unbalanced-bracket": inject_unbalanced,
}

# chance that a page gets one instance of a family (a second one at half that chance)
RATE = {"page-break-split": 0.45, "continuation-marker": 0.35, "photo-caption": 0.35,
        "misplaced-headline": 0.3, "duplicate-sentence": 0.35, "repeated-word": 0.45,
        "halfwidth-punctuation": 0.35, "whitespace": 0.45, "markup": 0.3,
        "traditional-char": 0.3, "unbalanced-bracket": 0.3}


def inject_page(page: Page, rng, pools: Pools, level: str) -> None:
    ctx = Ctx(rng, pools, level)
    for fam in INJECTORS:
        n = (rng.random() < RATE[fam]) + (rng.random() < RATE[fam] / 2)
        for _ in range(n):
            shapes = SHAPES[fam][level][:]
            rng.shuffle(shapes)
            for shape in shapes[:3]:
                if INJECTORS[fam](page, ctx, shape):
                    break


@dataclass
class Built:
    clean: list[tuple[str, str, list[tuple[int, int]]]]   # name, text, negative spans
    injected: list[tuple[str, str]]                          # name, text
    golds: list[dict]                                        # one per gold, with offsets
    negatives: list[dict]
    clean_pages: list[Page] = field(default_factory=list)  # the page model, for reading findings


def build_set(articles: list[Article], *, pages: int, seed: int, level: str) -> Built:
    import random
    rng = random.Random(f"{seed}:{level}")
    pools = build_pools(articles)
    allpages = group_pages(articles)
    pick = sorted(rng.sample(range(len(allpages)), min(pages, len(allpages))))
    built = []
    for n, pi in enumerate(pick):
        name = f"p{n:04d}_{allpages[pi][0].id.rsplit('-', 1)[0]}.txt"
        page = build_page(name, allpages[pi], rng)
        mark_negatives(page)
        built.append(page)
    clean_pages = [copy.deepcopy(p) for p in built]
    budget = max(2, len(built) // 15)
    inject_name_variants(built, rng, level, budget)
    inject_title_inconsistency(built, rng, level, budget)
    for page in built:
        inject_page(page, rng, pools, level)
    out = Built([], [], [], [], clean_pages)
    for cp in clean_pages:
        text, spans = render(cp)
        negs = [s for g, s in zip(cp.golds, spans) if g.negative]
        out.clean.append((cp.name, text, negs))
    for page in built:
        text, spans = render(page)
        out.injected.append((page.name, text))
        for g, (s, e) in zip(page.golds, spans):
            rec = {"file": page.name, "family": g.family, "start": s, "end": e,
                   "shape": g.shape, "level": g.level}
            if g.negative:
                if g.family != "protected":
                    rec["not"] = text[s:e]
                    out.negatives.append(rec)
                continue
            if g.fixed is not None:
                rec["fixed"] = g.fixed
            out.golds.append(rec)
    return out
