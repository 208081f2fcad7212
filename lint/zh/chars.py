"""Character and punctuation classes of Chinese text.

Class constants ending in ``_CLASS`` are the *inside* of a character class (no brackets), so
they compose into patterns for both the standard library's ``re`` and ``regex``. The standard
library scans explicit ranges several times faster than ``regex`` scans ``\\p{Han}``, so hot
whole-text passes use ``re`` with ``HAN_CLASS``.
"""
from __future__ import annotations

import re

# -- ideographs --------------------------------------------------------------------------------
# CJK Unified Ideographs with extensions A–H, compatibility ideographs, 々 and 〇.
HAN_CLASS = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CLASS}]")
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


def is_han(ch: str) -> bool:
    """One code point is an ideograph."""
    return bool(ch) and HAN.match(ch) is not None


# -- blanks -----------------------------------------------------------------------------------
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# What counts as blank on a "blank" line: ASCII space/tab, NBSP, ideographic space, and the
# zero-width characters and BOMs that scraping leaves behind.
BLANK = " \t\u00a0\u3000" + ZERO_WIDTH
# Visible-width spaces (no zero-width ones) inside a class.
SPACE_CLASS = " \t\u00a0\u3000"
NEWLINE = r"(?:\r\n|\n|\r(?!\n))"  # a lone \r never takes the \r of a \r\n pair

# -- punctuation ------------------------------------------------------------------------------
# Full-width punctuation and CJK symbols, curly quotes, ellipsis, dash, middle dot: with an
# ideograph, what "Chinese text" means for a neighbouring ASCII mark.
CJK_PUNCT_CLASS = "\u3000-\u303f\uff00-\uffef“”‘’…—·"
SENTENCE_END = "。！？!?…"
# Marks that may follow a sentence end and still belong to the sentence.
CLOSERS = "”’」』）)》】〕"
# Marks after which a clause goes on (a paragraph ending in one is unfinished).
CLAUSE_CONTINUES = "，、,；;：:"

# ASCII punctuation and the full-width form Chinese prose uses for it.
FULLWIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", ".": "。"}
# Full-width forms folded to ASCII, for comparing text blind to punctuation width.
HALFWIDTH = {v: k for k, v in FULLWIDTH.items() if k != "."}
WIDTH_FOLD = str.maketrans(HALFWIDTH)

# Opening mark -> closing mark.
BRACKETS = {"（": "）", "【": "】", "〔": "〕", "［": "］", "｛": "｝", "(": ")", "[": "]"}
QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
TITLE_MARKS = {"《": "》", "〈": "〉"}
PAIRS = {**BRACKETS, **QUOTES, **TITLE_MARKS}
OPENING = frozenset(PAIRS)
CLOSING = {v: k for k, v in PAIRS.items()}
BULLETS = "●○■□◆◇▲△★☆•※◎"

# -- numerals ---------------------------------------------------------------------------------
DIGITS = "0123456789０１２３４５６７８９"
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
CHINESE_DIGITS = "〇零一二三四五六七八九两"
CHINESE_NUMERALS = CHINESE_DIGITS + "十百千万亿"
# Words that order or count things in parallel sentences (第一回合 / 第二回合).
ORDINAL_CHARS = frozenset(DIGITS + CHINESE_NUMERALS + "上下前后首末甲乙丙丁")


# No sentence or clause the rules read runs longer than this; looking no further back keeps a
# text without any marks linear.
SENTENCE_REACH = 400


def stretch_start(text: str, i: int, marks: str, reach: int = SENTENCE_REACH) -> int:
    """Where the sentence or clause holding ``i`` starts: just after the last of ``marks``
    before ``i``, and at most ``reach`` characters back."""
    lo = max(0, i - reach)
    return max(lo, *(text.rfind(c, lo, i) + 1 for c in marks))


def fold_width(text: str) -> str:
    """Full-width punctuation and digits folded to ASCII (same length, offsets kept)."""
    return text.translate(WIDTH_FOLD).translate(FULLWIDTH_DIGITS)


# -- numbers, units and marks of the editing norms (GB/T 15834-2011, GB/T 15835-2011) -----------
# Everything below serves the rules on the editing norms; other rules may share it. Sources: GB/T 15835-2011《出版物上数字用法》, GB/T 15834-2011《标点符号用法》.

ARABIC_DIGIT_CLASS = "0-9０-９"
# Marks that join the two ends of a range. Hyphen-like marks are wrong for a range
# (GB/T 15834-2011 4.13.3.1 keeps the short hyphen for codes, dates and compound names);
# the dash "—" and the wave "～" are right (4.13.3.2, GB/T 15835-2011 5.1.3).
HYPHEN_LIKE = "-－–‐‑−"          # hyphen-minus, full-width, en dash, hyphen, no-break hyphen, minus
RANGE_MARKS = "～〜~—"             # full-width tilde, wave dash, ASCII tilde, em dash
RANGE_DASH = "—"                   # 一字线: spans of time, numbering (GB/T 15834-2011 4.13.3.2 a)
RANGE_WAVE = "～"                  # 浪纹线: ranges of values (GB/T 15835-2011 5.1.3 examples)
# Magnitudes and signs that must be written on both ends of a range (GB/T 15835-2011 5.1.3:
# 9亿～16亿, 13万元～17万元, 15%～30%, never 9～16亿 / 15～30%), longest first.
RANGE_SUFFIXES = ("万亿", "万", "亿", "%", "％", "‰")
# Inside an Arabic number only 万 and 亿 may be written as characters (GB/T 15835-2011 5.3).
ARABIC_MULTIPLIERS = "万亿"
# 千/百 right after Arabic digits that are the prefix of a unit, not a multiplier (4千克 is
# right, 4千 is not), or a word of its own (百分点, 百货).
KILO_UNITS = frozenset("""千克 千米 千瓦 千伏 千焦 千帕 千卡 千赫 千兆 千欧 千牛 千升 千字节 千分之 千分点
百帕 百分 百分之 百分点 百货 百姓 百科 百度 百合 百家号""".split())

# Measure words and units after a number. Longest match wins (个月 before 个, 年级 before 年).
# Time points and numbering (a range of them takes the dash), then quantities.
TIME_POINT_UNITS = frozenset("""年 年代 世纪 月 月份 日 时 点 赛季 学年 年度 财年 年级 版 章 节 卷 页 季度
""".split())
QUANTITY_UNITS = frozenset("""
个 个月 个百分点 个工作日 个小时 个点 岁 周岁 人 人次 名 位 员 口 户 家 天 周 星期 小时 分钟 秒 秒钟 年 次 遍 回
趟 倍 成 折 元 万元 亿元 美元 欧元 日元 英镑 卢布 块 角 米 千米 公里 里 厘米 毫米 微米 纳米 分米 公分 英寸 英尺
英里 海里 码 平方米 平方公里 平方千米 立方米 亩 公顷 克 千克 公斤 斤 吨 万吨 毫克 微克 磅 盎司 升 毫升 公升 加仑 桶
度 ℃ 摄氏度 华氏度 家 户 所 项 种 件 台 辆 架 架次 艘 头 只 匹 株 棵 朵 篇 本 册 部 场 首 幅 句 步 张 条 根 枚
粒 颗 片 套 盒 瓶 袋 包 箱 杯 碗 间 处 座 道 层 级 分 局 盘 笔 宗 起 例 批次 车次 班次 列 趟次 轮次 万人 万人次
万亩 万户 万个 千瓦 千瓦时 万千瓦 兆瓦 瓦 伏 千伏 赫兹 分贝 帕 千帕 兆帕 焦 千焦 卡 千卡 余 多 万 亿 万亿
% ％ ‰""".split())
# Units written in Latin letters after a number (100～150kg, GB/T 15835-2011 4.1.1).
LATIN_UNITS = frozenset("""kg g mg μg t km m cm mm μm nm L l ml mL h min s ms Hz kHz MHz GHz W kW MW GW kWh V kV
A mA mAh dB GB MB TB KB Mbps Gbps ppm""".split())
# Units that make "N-M" an address or an identifier rather than a range (3-2-11室, 5-3号楼).
ADDRESS_UNITS = frozenset("号 号楼 号线 室 栋 幢 楼 单元 排 弄 区 路 街 巷 门牌 号院".split())
# Measure words after a spoken approximation such as 七八个 / 三五天 / 十七八岁 (GB/T 15835-2011
# 5.2.1). Deliberately without 月 日 号 年级 年代 类 等 级 点 线 届 期 and the like: with those,
# "三、四月" "二、三产业" "七、八十年代" list two items in short form, and the 顿号 is right
# (GB/T 15834-2011 4.5.3.4).
APPROXIMATION_UNITS = frozenset("""个 个月 个小时 个人 个百分点 岁 人 名 位 天 年 周 次 遍 回 趟 倍 成 元 块 米 里
公里 千米 斤 公斤 吨 亩 家 户 所 项 种 件 台 辆 架 艘 头 只 株 棵 篇 本 部 场 首 句 步 口 份 张 条 座 层
分钟 小时 点钟 秒 万 千 百 十 多 来 余""".split())
# Era names before a year that is not a Gregorian one (GB/T 15835-2011 4.2.1): 民国38年,
# 平成31年 are not two-digit abbreviations of a Gregorian year.
ERA_NAMES = frozenset("""民国 光绪 宣统 同治 咸丰 道光 嘉庆 乾隆 雍正 康熙 顺治 崇祯 万历 嘉靖 洪武 永乐 贞观 开元 天宝
元和 明治 大正 昭和 平成 令和 公元 公元前 前 檀纪 主体 佛历""".split())

CHINESE_DIGIT_VALUE = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                       "七": 7, "八": 8, "九": 9}
_CN = "〇一二三四五六七八九"


def chinese_digits(number: str) -> str:
    """Arabic digits read one by one, as a year or a code is written: 2019 -> 二〇一九."""
    return "".join(_CN[int(c)] if c.isdigit() else c for c in number.translate(FULLWIDTH_DIGITS))


def chinese_numeral(n: int) -> str:
    """An integer 0 <= n < 10**8 as a counted Chinese numeral: 20 -> 二十, 105 -> 一百零五,
    3052 -> 三千零五十二 (零, not 〇, inside a quantity: GB/T 15835-2011 5.2.5)."""
    if n < 0 or n >= 10 ** 8:
        raise ValueError(n)
    if n == 0:
        return "零"

    def below_10000(m: int, leading: bool) -> str:
        out, zero = [], False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = m // value % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and (out or not leading):
                out.append("零")
            zero = False
            out.append(("" if (d == 1 and unit == "十" and not out and leading) else _CN[d]) + unit)
        return "".join(out)

    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, True if low >= 1000 else False).lstrip("零")
    return text


def longest_prefix(text: str, pos: int, words, longest: int = 5) -> str:
    """The longest word of ``words`` that ``text`` holds at ``pos`` ('' if none)."""
    for n in range(min(longest, len(text) - pos), 0, -1):
        w = text[pos:pos + n]
        if w in words:
            return w
    return ""


def reversed_quote_pairs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(”, “) offsets of double quotation marks in ``text[start:end]`` (one paragraph) that pair
    up only when read the wrong way round: the marks do not nest as “…”, but read two by two
    they are all “…” or ”…“, at least one of them reversed. Such marks are unbalanced to a
    bracket matcher; the the punctuation norms rule reports them as reversed (GB/T 15834-2011
    4.8.2), so a bracket check can leave them out."""
    end = len(text) if end is None else end
    marks = [i for i in range(start, end) if text[i] in "“”"]
    if not marks or len(marks) % 2:
        return []
    depth = 0
    for i in marks:
        depth += 1 if text[i] == "“" else -1
        if depth < 0:
            break
    else:
        if depth == 0:
            return []  # they nest: nothing is reversed
    pairs = list(zip(marks[::2], marks[1::2]))
    if not all(text[a] + text[b] in ("“”", "”“") for a, b in pairs):
        return []
    return [(a, b) for a, b in pairs if text[a] == "”"]


# -- words that fix where a sentence can be cut ---------------------------------------------
# A sentence does not open with an aspect or structural particle or a modal particle, and a
# phrase does not end on a preposition, a conjunction, a structural particle or a degree or
# modal adverb: a paragraph that stops on one of these, or a paragraph that opens with one,
# is half a sentence. (Compiled by the kanwu maintainers from the function words of modern
# Chinese grammar; single words, matched against a segmentation, not characters. 的 may close
# a sentence — 是…的 — so it is no evidence.)
CANNOT_START = frozenset("的 了 着 过 地 得 们 吗 呢 吧 啊 么 嘛 呀 哇 之".split())
CANNOT_END = frozenset("在 和 与 同 跟 及 或 并 而 且 但 却 对 把 被 将 让 使 给 比 向 从 以 由 于 为 自 往 朝 "
                       "按 据 当 就 也 都 还 又 再 才 很 最 更 太 越 愈 要 会 能 可 应 该 所 其 之 这 那 每 各 某 "
                       "一个 一种 一些 这个 那个 这些 那些 以及 并且 而且 但是 因为 所以 如果 虽然 对于 关于 通过 "
                       "根据 按照 为了 随着 作为 由于 正在 已经 将要 不断 进一步".split())


# -- spacing, indentation and the marks of a news page's lines ------------------------------------
# An opening quotation mark or bracket (a space before one is stray in Chinese prose).
OPENING_CLASS = "“‘（《【「『〔〈［｛(["
# A paragraph indent: two or more ideographic spaces, or four or more spaces or NBSPs (what an
# e-paper's &nbsp; indentation becomes). In the middle of a line it is a lost paragraph break
# or a layout gap between a label and its text, never a word space.
INDENT_RUN = re.compile("(?:[ \t\u00a0]*\u3000){2}[\u3000 \t\u00a0]*|[ \t\u00a0]{4,}")
# Words that make a stretch of a line a credit or a byline (names padded with spaces live there):
# （本报记者 贺  勇采访整理）, 资料整理：孟  扬, （新华社记者 王 锐 摄）.
CREDIT_WORDS = ("记者", "通讯员", "实习生", "摄影", "摄", "整理", "执笔", "制图", "供图", "设计", "编辑",
                "文/图", "作者", "撰文", "采写", "报道组")
# Every visible-width space a scraper may leave: the above and the typographic spaces (en, em,
# thin, hair, narrow no-break, medium mathematical), inside a class.
ANY_SPACE_CLASS = SPACE_CLASS + "\u2000-\u200a\u202f\u205f"


# -- characters confused in writing (data/confused_chars.tsv) -----------------------------------


# -- places ------------------------------------------------------------------------------------
# The last character of most Chinese place names: administrative units and landforms
# (豫东平原, 北达科他州, 上虞区). A word ending in one is more likely a place than a phrase.
PLACE_SUFFIXES = frozenset("州省市县区镇乡村屯寨旗盟山岭峰河江湖海湾港岛洲原川谷峡关口城街路巷道桥站寺庙宫")
