"""Numbers written against GB/T 15835-2011 (出版物上数字用法): family KW501 `number-usage`.

Each check below has its own code and name; `KW501` and `number-usage` select them all.

## What it does
Each check enforces one clause of GB/T 15835-2011 and has its own message:

- **Range joined by a hyphen** (5.1.3; GB/T 15834-2011 4.13.3.1–4.13.3.2): a range of values
  or a span of time is joined by the dash "—" or the wave "～", never by the short hyphen,
  which the standard keeps for codes, phone numbers and all-numeric dates. Only a pair
  `N-M` followed by a unit, with N < M, counts as a range (and a span of clock times,
  8:30-17:00): 010-12345678, 2019-01-05, GB/T 15834-2011, 5-4-3, ARJ21-700 and a score
  such as 3-1 are left alone.
- **Magnitude missing on the first end** (5.1.3): 万, 亿 and % must be written on both ends
  of a range, or the range reads wrong (15～30% is 15 to 30 percent only by guesswork).
- **Two-digit year** (5.1.4): a four-digit year is not shortened to two digits. Only forms
  that are certainly years are flagged: `98年3月` (a month follows) and `’98`. 90后,
  20世纪90年代 and a bare 70年 (seventy years) are not abbreviations; era years
  (民国38年, 平成31年) are not Gregorian.
  A year in Chinese digits shortened so that it reads as an approximation is flagged too
  (七八年三月: 七八 is also "seven or eight", 5.2.2).
- **Arabic and Chinese digits mixed in one number** (5.3, 5.2.5): only 万 and 亿 may be
  written as characters inside an Arabic number (4000万, 3.5万 are right; 4千, 3千万 are
  not; 千克, 千米, 千瓦, 千伏 are units). A year or code in Chinese digits is written with
  〇, not with the digit 0, the letter O or the circle ○ (二0一二年, 二O一二年, 二○一二年).
- **Arabic digits in an approximation** (4.2.2): an approximation with 几 is written in
  Chinese numerals (二十几岁, not 20几岁); so is one made of two neighbouring numbers
  (五六个, not 5、6个).
- **顿号 inside an approximation** (5.2.1; GB/T 15834-2011 4.5.3.4): two neighbouring
  numbers that form an approximation take no 顿号 (十七八岁, 七八个, 三四十人). A 顿号 that
  lists two items in short form is right and stays: 第二、三季度, 二、三产业, 七、八十年代,
  三、四月.
- **约 together with 左右** (opt-in: selected by its name or its family's, not by ALL): 约 and 左右 say
  the same thing twice. GB/T 15835-2011 does not state this; it is a house-style check.

## Why it matters
Newspapers are proofread against GB/T 15835-2011; these are the slips that editors mark and
that no other open-source linter checks for Chinese. A hyphen in a range reads as a code
(3-5 could be a house number), a missing 万 changes an amount by four orders of magnitude
for a careless reader, and OCR turns 〇 into 0 and O.

## Example
    2013-2015年，每年增长3-5个百分点    ->  2013—2015年，每年增长3～5个百分点
    增长15～30%，投资9～16亿元            ->  增长15%～30%，投资9亿～16亿元
    98年3月，他来到深圳                  ->  (write the year in full: 1998年3月)
    二0一二年，全县新增4千个岗位          ->  二〇一二年，全县新增4000个岗位
    20几岁的年轻人，十七、八岁的学生       ->  二十几岁的年轻人，十七八岁的学生

## Fix safety
Safe where the standard leaves one reading and the edit touches only the offending marks:
the range mark (the dash for spans of time and numbering, the wave for values; both are
standard and mean the same, the options choose), the missing 万/亿/%, 〇 for 0/O, 4千 →
4000, 20几 → 二十几, and the 顿号 dropped from a Chinese approximation. Unsafe where a reader
must judge: the century of a two-digit year, 5、6个 (it may list two items), a year mixing
Chinese and Arabic digits, and 约…左右 (which word to drop).
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh.chars import (ADDRESS_UNITS, APPROXIMATION_UNITS, CHINESE_DIGIT_VALUE,
                            ERA_NAMES, FULLWIDTH_DIGITS, HYPHEN_LIKE, KILO_UNITS, LATIN_UNITS,
                            QUANTITY_UNITS, RANGE_DASH, RANGE_SUFFIXES, RANGE_WAVE,
                            TIME_POINT_UNITS, HAN, chinese_digits, chinese_numeral, longest_prefix,
                            stretch_start)


class Hit(NamedTuple):
    start: int
    end: int
    message: str
    fix: Fix | None


D = "0-9０-９"
NUM = rf"[{D}]+(?:[.．][{D}]+)?"
# Not part of a longer token: no letter, digit, decimal point, hyphen, slash or colon before.
_NOT_AFTER_TOKEN = rf"(?<![{D}A-Za-zＡ-Ｚａ-ｚ.．/:：#_{re.escape(HYPHEN_LIKE)}])"
_H = re.escape(HYPHEN_LIKE)
_SUFFIX = "|".join(re.escape(s) for s in RANGE_SUFFIXES)
_UNITS = QUANTITY_UNITS | TIME_POINT_UNITS | ADDRESS_UNITS | frozenset(RANGE_SUFFIXES)


def _value(number: str) -> float:
    return float(number.translate(FULLWIDTH_DIGITS).replace("．", "."))


def _leading_zero(number: str) -> bool:
    n = number.translate(FULLWIDTH_DIGITS)
    return len(n) > 1 and n[0] == "0" and n[1] != "."


# -- 5.1.3: a range joined by a hyphen -------------------------------------------------------
_HYPHEN_RANGE = re.compile(
    rf"{_NOT_AFTER_TOKEN}(?P<a>{NUM})(?P<asuf>{_SUFFIX})?(?P<h>[{_H}])(?P<b>{NUM})"
    rf"(?![{D}.．{_H}])")
_LATIN_WORD = re.compile(r"[A-Za-zμ]+")


def hyphen_ranges(text: str, opts: dict) -> Iterator[Hit]:
    """N-M followed by a unit, N < M: a range written with a hyphen (5.1.3)."""
    if not any(h in text for h in HYPHEN_LIKE):
        return
    for m in _HYPHEN_RANGE.finditer(text):
        a, b = m.group("a"), m.group("b")
        if _leading_zero(a) or _leading_zero(b) or _value(a) >= _value(b):
            continue
        unit = _unit_after(text, m.end())
        if not unit or unit in ADDRESS_UNITS:
            continue
        if unit in RANGE_SUFFIXES and m.group("asuf") not in (None, unit):
            continue
        before = text[m.start() - 1:m.start()]
        span = unit in TIME_POINT_UNITS or before == "第"
        if unit == "年" and not (len(a) == len(b) == 4):
            span = False  # 3-5年: a number of years, not a span of calendar years
        if unit in ("月", "月份", "日", "时", "点") and _value(b) > {"月": 12, "月份": 12, "日": 31}.get(unit, 24):
            continue
        mark = opts["range-mark-time"] if span else opts["range-mark-value"]
        what = "span of time or numbering" if span else "range of values"
        h = m.start("h")
        yield Hit(m.start(), m.end(), f"{what} joined by a hyphen {m.group('h')!r}; use {mark!r} "
                                f"(GB/T 15835-2011 5.1.3)",
                      Fix.safe(f"Replace the hyphen with {mark!r}", Edit.replace(h, h + 1, mark)))


# 8:30-17:00: a span of clock times joined by a hyphen.
_CLOCK_RANGE = re.compile(rf"(?<![{D}.．:：{_H}])(?P<a>[{D}]{{1,2}}[:：][{D}]{{2}})(?P<h>[{_H}])"
                          rf"(?P<b>[{D}]{{1,2}}[:：][{D}]{{2}})(?![{D}:：{_H}])")


def _minutes(clock: str) -> int:
    h, m = re.split("[:：]", clock.translate(FULLWIDTH_DIGITS))
    return int(h) * 60 + int(m) if int(h) <= 24 and int(m) < 60 else -1


def clock_ranges(text: str, opts: dict) -> Iterator[Hit]:
    """8:30-17:00: a span of clock times written with a hyphen (5.1.3, 5.1.5)."""
    if ":" not in text and "：" not in text:
        return
    for m in _CLOCK_RANGE.finditer(text):
        a, b = _minutes(m.group("a")), _minutes(m.group("b"))
        if a < 0 or b <= a:
            continue
        mark, h = opts["range-mark-time"], m.start("h")
        yield Hit(m.start(), m.end(), f"span of time joined by a hyphen {m.group('h')!r}; use {mark!r} "
                                          f"(GB/T 15835-2011 5.1.3)",
                      Fix.safe(f"Replace the hyphen with {mark!r}", Edit.replace(h, h + 1, mark)))


def _unit_after(text: str, pos: int) -> str:
    """The unit or measure word right after a number ('' if none): 个月, 年, %, kg."""
    latin = _LATIN_WORD.match(text, pos)
    if latin:
        return latin.group() if latin.group() in LATIN_UNITS else ""
    return longest_prefix(text, pos, _UNITS)


# -- 5.1.3: 万/亿/% on both ends of a range --------------------------------------------------
_RANGE_NO_SUFFIX = re.compile(
    rf"{_NOT_AFTER_TOKEN}(?P<a>{NUM})(?P<mark>[～〜~—–{_H}])(?P<b>{NUM})(?P<suf>{_SUFFIX})")


def range_suffixes(text: str, opts: dict) -> Iterator[Hit]:
    """15～30% / 9～16亿: the magnitude must be written on the first end too (5.1.3)."""
    for m in _RANGE_NO_SUFFIX.finditer(text):
        mark = m.group("mark")
        a, b, suf = m.group("a"), m.group("b"), m.group("suf")
        if _leading_zero(a) or _leading_zero(b) or _value(a) >= _value(b):
            continue
        at = m.end("a")
        yield Hit(m.start(), m.end(), f"{suf!r} is written only on the second end of the range; "
                                          f"write it on both ({a}{suf}{mark}{b}{suf}, GB/T 15835-2011 5.1.3)",
                      Fix.safe(f"Insert {suf!r} after {a}", Edit.insert(at, suf)))


# -- 5.1.4: two-digit years ------------------------------------------------------------------
_TWO_DIGIT_YEAR = re.compile(
    rf"(?<![{D}A-Za-zＡ-Ｚａ-ｚ.．/{_H}])(?P<y>[{D}]{{2}})年(?=(?:[{D}]{{1,2}}|[一二三四五六七八九十]{{1,3}})月)")
_APOSTROPHE_YEAR = re.compile(rf"(?<![A-Za-z{D}])['’](?P<y>[{D}]{{2}})(?![{D}])(?=年|[\u4e00-\u9fff])")


# 5.2.2: a year in Chinese digits shortened so that it reads as an approximation (七八年三月).
_CHINESE_SHORT_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十百千万两第])(?P<a>[一二三四五六七八])(?P<b>[二三四五六七八九])年"
                                 r"(?=[一二三四五六七八九十]{1,3}月)")


def _full_year(yy: str) -> str:
    y = int(yy.translate(FULLWIDTH_DIGITS))
    return f"{2000 + y if y <= 30 else 1900 + y}"


def two_digit_years(text: str, opts: dict) -> Iterator[Hit]:
    """98年3月 / ’98: a year shortened to two digits (5.1.4)."""
    if "年" in text:
        for m in _TWO_DIGIT_YEAR.finditer(text):
            if _era_before(text, m.start()):
                continue
            yy = m.group("y")
            full = _full_year(yy)
            yield Hit(m.start(), m.end(), f"two-digit year {yy}年; write the year in full, e.g. {full}年 "
                                              f"(GB/T 15835-2011 5.1.4)",
                          Fix.unsafe(f"Write {full} (check the century)", Edit.replace(m.start("y"), m.end("y"), full)))
        for m in _CHINESE_SHORT_YEAR.finditer(text):
            a, b = CHINESE_DIGIT_VALUE[m.group("a")], CHINESE_DIGIT_VALUE[m.group("b")]
            if b != a + 1 or _era_before(text, m.start()):
                continue
            full = chinese_digits(_full_year(f"{a}{b}"))
            yield Hit(m.start(), m.end(), f"year {m.group()!r} shortened so that it reads as an approximation "
                                              f"({m.group('a')}{m.group('b')} = {a} or {b}); write {full}年 "
                                              f"(GB/T 15835-2011 5.2.2)",
                          Fix.unsafe(f"Write {full} (check the century)",
                                     Edit.replace(m.start(), m.start() + 2, full)))
    if "'" in text or "’" in text:
        for m in _APOSTROPHE_YEAR.finditer(text):
            if text[m.start()] == "’" and _closes_single_quote(text, m.start()):
                continue  # ‘创新’18条: the mark closes a quotation
            yy = m.group("y")
            full = _full_year(yy)
            yield Hit(m.start(), m.end(), f"two-digit year ’{yy}; write the year in full, e.g. {full}年 "
                                              f"(GB/T 15835-2011 5.1.4)",
                          Fix.unsafe(f"Write {full} (check the century)", Edit.replace(m.start(), m.end(), full)))


def _closes_single_quote(text: str, i: int) -> bool:
    """The ’ at ``i`` closes a ‘ opened earlier in the same sentence."""
    start = stretch_start(text, i, "。！？\n")
    opened = text.rfind("‘", start, i)
    return opened >= 0 and text.rfind("’", opened, i) < 0


# Words after which a date begins (在98年3月, 截至05年7月); after any other character (近12年2月
# 份最低气温: "February in the last twelve years") NN年 counts years.
_DATE_LEAD = ("在", "于", "到", "至", "从", "自", "是", "截至", "截止", "直到", "早在", "那是", "当时", "大约", "约")


def _era_before(text: str, start: int) -> bool:
    """What stands before a short year makes it something else: an era year (民国38年), an
    ordinal (第12年) or a count of years (近12年2月份)."""
    head = text[max(0, start - 3):start]
    if any(head.endswith(e) for e in ERA_NAMES):
        return True
    prev = head[-1:]
    return bool(prev) and HAN.match(prev) is not None and not any(head.endswith(w) for w in _DATE_LEAD)


# -- 5.3 and 5.2.5: Arabic and Chinese digits in one number ----------------------------------
_ZERO_LIKE = "0０OＯ○◯"  # the digit, the letter, and the circles that stand in for 〇
_CN_DIGITS = "〇一二三四五六七八九"
# A run of Chinese digits with 0 or O among them (a year or code: 二0一二, 三O二).
_DIGIT_RUN = re.compile(rf"(?<![{D}A-Za-zＡ-Ｚａ-ｚ])[{_CN_DIGITS}{D}OＯ○◯]{{3,}}(?![{D}A-Za-zＡ-Ｚａ-ｚ])")
# 0 or O right after 十/百/千/万/亿 inside a counted Chinese numeral (三千0五十二).
_ZERO_IN_COUNT = re.compile(rf"(?<=[一二三四五六七八九][十百千万亿])[{_ZERO_LIKE}](?=[一二三四五六七八九])")
# Arabic digits with 千 or 百 as a multiplier (4千, 3千万, 2.5千, 1百零8).
_ARABIC_KILO = re.compile(
    rf"(?<![{D}A-Za-zＡ-Ｚａ-ｚ.．{_H}])(?P<n>{NUM})(?P<m>[千百])(?:(?P<z>零)?(?P<r>[{D}]+)(?![{D}.．]))?")


def mixed_numerals(text: str, opts: dict) -> Iterator[Hit]:
    """One number written partly in Arabic and partly in Chinese digits (5.3, 5.2.5)."""
    yield from _digit_runs(text)
    for m in _ZERO_IN_COUNT.finditer(text):
        i = m.start()
        yield Hit(i, i + 1, f"{text[i]!r} inside a Chinese numeral; a counted number writes zero "
                                f"as '零' (GB/T 15835-2011 5.2.5)",
                      Fix.safe("Replace with '零'", Edit.replace(i, i + 1, "零")))
    if "千" in text or "百" in text:
        yield from _arabic_kilo(text)


def _digit_runs(text):
    for m in _DIGIT_RUN.finditer(text):
        run = m.group()
        if not any(c in _CN_DIGITS[1:] for c in run):
            continue
        arabic = [i for i, c in enumerate(run) if c in "0123456789０１２３４５６７８９OＯ○◯"]
        if not arabic:
            continue
        zero_only = all(run[i] in _ZERO_LIKE for i in arabic)
        s = m.start()
        if run[0] not in _CN_DIGITS and not zero_only:
            continue  # 2019 followed by Chinese digits is two tokens, not one number
        if zero_only:
            if run[0] not in _CN_DIGITS[1:] and run[-1] not in _CN_DIGITS:
                continue
            # In a year (二0一二年) zero is certainly 〇; elsewhere (一00人) the digits may be
            # an OCR slip for 100, so an editor decides.
            year = text[m.end():m.end() + 1] == "年"
            if not year and any(run[i] in "○◯" for i in arabic):
                continue  # 王○○: circles also stand for withheld characters
            edits = [Edit.replace(s + i, s + i + 1, "〇") for i in arabic]
            yield Hit(s, m.end(), f"{run!r} writes zero as a digit, a letter O or a circle among Chinese digits; "
                                      f"use '〇' (GB/T 15835-2011 5.2.5)",
                          (Fix.safe if year else Fix.unsafe)("Write '〇'", *edits))
        elif len(run) == 4 and text[m.end():m.end() + 1] == "年":
            arabic_year = "".join(str(CHINESE_DIGIT_VALUE.get(c, c)) if c not in "OＯ" else "0"
                                  for c in run).translate(FULLWIDTH_DIGITS)
            yield Hit(s, m.end(), f"year {run!r} mixes Chinese and Arabic digits; write "
                                      f"{arabic_year} or {chinese_digits(arabic_year)} (GB/T 15835-2011 5.3)",
                          Fix.unsafe(f"Write {arabic_year}", Edit.replace(s, m.end(), arabic_year)))


def _arabic_kilo(text):
    for m in _ARABIC_KILO.finditer(text):
        mult = m.group("m")
        if longest_prefix(text, m.start("m"), KILO_UNITS, 4):
            continue
        n = m.group("n").translate(FULLWIDTH_DIGITS).replace("．", ".")
        scale = 1000 if mult == "千" else 100
        rest = m.group("r")
        if rest is not None and not m.group("z") and len(rest) != len(str(scale)) - 1:
            rest_value = None  # 3千5: the next place, 3500; leave the arithmetic to an editor
        else:
            rest_value = int(rest.translate(FULLWIDTH_DIGITS)) if rest else 0
        end = m.end() if rest is not None else m.end("m")
        written = text[m.start():end]
        value = float(n) * scale
        fix = None
        if rest_value is not None and value == int(value) and "." not in (rest or ""):
            new = str(int(value) + rest_value)
            fix = Fix.safe(f"Write {new}", Edit.replace(m.start(), end, new))
        yield Hit(m.start(), end, f"{written!r} mixes Arabic digits and {mult!r}; inside an Arabic number "
                                      f"only 万 and 亿 may be characters (GB/T 15835-2011 5.3)", fix)


# -- 4.2.2: Arabic digits in an approximation ------------------------------------------------
_ARABIC_JI = re.compile(rf"(?<![{D}A-Za-zＡ-Ｚａ-ｚ.．{_H}])(?P<n>[{D}]+)(?P<w>[万亿]?)几(?![乎何率内经])")
_ARABIC_PAIR = re.compile(rf"(?<![{D}A-Za-zＡ-Ｚａ-ｚ.．第、{_H}])(?P<a>[1-9１-９])、(?P<b>[1-9１-９])(?![{D}.．])")


def arabic_approximations(text: str, opts: dict) -> Iterator[Hit]:
    """20几岁 / 5、6个: an approximation written in Arabic digits (4.2.2)."""
    if "几" in text:
        for m in _ARABIC_JI.finditer(text):
            n = int(m.group("n").translate(FULLWIDTH_DIGITS))
            if n < 10 or n >= 10 ** 8 or _leading_zero(m.group("n")):
                continue
            cn = chinese_numeral(n)
            if m.group("w") and cn == "二":
                cn = "两"
            yield Hit(m.start(), m.end(), f"approximation {m.group()!r} in Arabic digits; write "
                                              f"{cn}{m.group('w')}几 (GB/T 15835-2011 4.2.2)",
                          Fix.safe(f"Write {cn}{m.group('w')}几", Edit.replace(m.start("n"), m.end("n"), cn)))
    if "、" in text:
        for m in _ARABIC_PAIR.finditer(text):
            a, b = int(m.group("a").translate(FULLWIDTH_DIGITS)), int(m.group("b").translate(FULLWIDTH_DIGITS))
            if not _neighbours(a, b):
                continue
            unit = longest_prefix(text, m.end(), APPROXIMATION_UNITS | TIME_POINT_UNITS | ADDRESS_UNITS)
            if unit not in APPROXIMATION_UNITS or unit in ("万", "千", "百", "十", "多", "来", "余"):
                continue
            if text[m.start() - 1:m.start()] in ("第", "前", "后") or _ordinal_before(text, m.start()):
                continue
            cn = chinese_numeral(a) + ("两" if b == 2 else chinese_numeral(b))
            yield Hit(m.start(), m.end(), f"approximation {m.group()!r} in Arabic digits with a 顿号; "
                                              f"write {cn}{unit} (GB/T 15835-2011 4.2.2, 5.2.1)",
                          Fix.unsafe(f"Write {cn}", Edit.replace(m.start(), m.end(), cn)))


def _neighbours(a: int, b: int) -> bool:
    return b == a + 1 or (a, b) in ((3, 5), (1, 2))


# -- 5.2.1: no 顿号 inside an approximation ----------------------------------------------------
_CN_PAIR = re.compile(r"(?P<a>[一两二三四五六七八九])、(?P<b>[一两二三四五六七八九])(?P<m>[十百千万]?)")
_ORDINAL_HEADS = ("第", "初", "高", "大", "周", "星期", "礼拜", "卷", "其", "前", "后", "每", "单",
                  "双", "之", "老", "小")


def _ordinal_before(text: str, start: int) -> bool:
    head = text[max(0, start - 2):start]
    return any(head.endswith(h) for h in _ORDINAL_HEADS)


def approximation_commas(text: str, opts: dict) -> Iterator[Hit]:
    """十七、八岁 / 七、八个: a 顿号 between the two numbers of an approximation (5.2.1)."""
    if "、" not in text:
        return
    for m in _CN_PAIR.finditer(text):
        a, b = CHINESE_DIGIT_VALUE[m.group("a")], CHINESE_DIGIT_VALUE[m.group("b")]
        if not (b == a + 1 or (a, b) in ((3, 5), (1, 2))):
            continue
        s = m.start()
        prev = text[s - 1:s]
        if prev in CHINESE_DIGIT_VALUE or prev in "百千万亿、":
            continue  # 一九七、八, 一百一、二, 一、二、三: not a pair of neighbouring numbers
        if prev != "十" and _ordinal_before(text, s):
            continue  # 第二、三季度, 周三、四: two items in short form
        if prev == "十" and _ordinal_before(text, s - 1):
            continue  # 第十一、二届
        unit = longest_prefix(text, m.end(), APPROXIMATION_UNITS | TIME_POINT_UNITS | ADDRESS_UNITS
                              | {"年代", "年级", "等奖", "产业", "线"})
        if m.group("m"):
            unit = unit or "多"  # 三、四十 followed by a noun: still an approximation
            if unit in ("年代", "年级") or unit in ADDRESS_UNITS:
                continue
        elif unit not in APPROXIMATION_UNITS or unit in ("十", "百", "千", "万"):
            continue
        comma = s + 1
        s -= prev == "十"
        yield Hit(s, m.end(), f"'、' inside the approximation {text[s:m.end()]!r}; neighbouring numbers "
                                  f"that form an approximation take no 顿号 (GB/T 15835-2011 5.2.1)",
                      Fix.safe("Delete the '、'", Edit.delete(comma, comma + 1)))


# -- house style: 约 ... 左右 ----------------------------------------------------------------
_ABOUT = re.compile(r"(?<![签节制预公条合相邀特履违毁解失契践赴如爽守背立盟和誓婚租隐大])(?P<w>大约|约)"
                    rf"(?=[{D}一二三四五六七八九十百千万两半])(?P<body>[^，。；！？、：\n（）“”]{{1,14}}?)左右")


def redundant_approximations(text: str, opts: dict) -> Iterator[Hit]:
    """约3小时左右: 约 and 左右 together say the same thing twice (house style, off by default)."""
    if "左右" not in text:
        return
    for m in _ABOUT.finditer(text):
        end = m.end()
        yield Hit(m.start(), end, f"{m.group('w')!r} and '左右' in one approximation; keep one of them",
                      Fix.unsafe("Delete '左右'", Edit.delete(end - 2, end)))


class _NumberUsage(Rule):
    group = ("KW501", "number-usage")
    # 差错率: a breach of GB/T 15835 counts 0.1, at most 1 per page for the whole family
    error_weight, error_cap = 0.1, 1.0
    severity = Severity.WARNING
    checks: tuple = ()

    def check(self, doc):
        text = doc.text
        if not _ANY_NUMERAL.search(text):
            return
        for check in self.checks:
            for f in check(text, self.opts):
                yield self.diagnostic(f.start, f.end, f.message, f.fix)


_ANY_NUMERAL = re.compile(rf"[{D}〇一二三四五六七八九两]")


class RangeHyphen(_NumberUsage):
    """Range of values or span of time joined by a hyphen (GB/T 15835-2011 5.1.3).

    ## What it does
    Flags `N-M` followed by a unit with N < M, and spans of clock times (8:30-17:00): a range
    is joined by the dash "—" or the wave "～", never by the short hyphen, which the standard
    keeps for codes, phone numbers and all-numeric dates (GB/T 15834-2011 4.13.3). 010-12345678,
    2019-01-05, GB/T 15834-2011, 5-4-3, ARJ21-700 and a score such as 3-1 are left alone.

    ## Why it matters
    A hyphen makes a range read as a code (3-5 could be a house number).

    ## Example
        2013-2015年，每年增长3-5个百分点    ->  2013—2015年，每年增长3～5个百分点

    ## Fix safety
    Safe: the hyphen becomes the range mark (the options choose "～" or "—" for values and for
    spans of time; both are standard and mean the same).
    """

    code, name = "KW511", "number-usage-range-hyphen"
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})
    checks = (hyphen_ranges, clock_ranges)
    options = {
        "range-mark-value": Option(RANGE_WAVE, "mark that replaces a hyphen in a range of values "
                                               "(GB/T 15835-2011 allows '～' and '—')"),
        "range-mark-time": Option(RANGE_DASH, "mark that replaces a hyphen in a span of time or "
                                              "numbering (2013—2015年, 第3—5名)"),
    }

    def __init__(self, options=None):
        super().__init__(options)
        for key in ("range-mark-value", "range-mark-time"):
            if self.opts[key] not in ("～", "—"):
                raise ValueError(f"option {key!r} of rule {self.name!r} must be '～' or '—'")


class RangeMagnitude(_NumberUsage):
    """万, 亿 or % written only on the second end of a range (GB/T 15835-2011 5.1.3).

    ## What it does
    Flags a range whose magnitude (万, 亿) or percent sign stands only after the second number.

    ## Why it matters
    15～30% reads as "15 to 30 percent" only by guesswork; a missing 万 changes an amount by
    four orders of magnitude for a careless reader.

    ## Example
        增长15～30%，投资9～16亿元    ->  增长15%～30%，投资9亿～16亿元

    ## Fix safety
    Safe: the fix inserts the same magnitude after the first number.
    """

    code, name = "KW512", "number-usage-range-magnitude"
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})
    checks = (range_suffixes,)


class TwoDigitYear(_NumberUsage):
    """Year shortened to two digits (GB/T 15835-2011 5.1.4, 5.2.2).

    ## What it does
    Flags forms that are certainly years written with two digits: `98年3月` (a month follows),
    `’98`, and a year in Chinese digits shortened so that it reads as an approximation
    (七八年三月). 90后, 20世纪90年代, a bare 70年 (seventy years) and era years (民国38年) are
    not abbreviations.

    ## Why it matters
    The standard writes years in full; a two-digit year is ambiguous across centuries.

    ## Example
        98年3月，他来到深圳    ->  1998年3月，他来到深圳

    ## Fix safety
    Unsafe: the century is a guess (up to 30 reads as 20xx), so an editor must confirm.
    """

    code, name = "KW513", "number-usage-two-digit-year"
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE})
    checks = (two_digit_years,)


class MixedNumerals(_NumberUsage):
    """Arabic and Chinese digits mixed in one number (GB/T 15835-2011 5.3, 5.2.5).

    ## What it does
    Flags a number that mixes digit systems: inside an Arabic number only 万 and 亿 may be
    written as characters (4000万 and 3.5万 are right; 4千 and 3千万 are not; 千克, 千米, 千瓦,
    千伏 are units), and a year or code in Chinese digits is written with 〇, not with the digit
    0, the letter O or the circle ○ (二0一二年).

    ## Why it matters
    OCR turns 〇 into 0 and O; mixed forms are read wrongly and break search for the number.

    ## Example
        二0一二年，全县新增4千个岗位    ->  二〇一二年，全县新增4000个岗位

    ## Fix safety
    Safe where one reading is left (〇 in a year, 4千 → 4000, 三千0五十二 → 三千零五十二);
    unsafe where an editor must judge (a year mixing Chinese and Arabic digits, 一00人).
    """

    code, name = "KW514", "number-usage-mixed-numerals"
    fix = FixAvailability.SOMETIMES
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    checks = (mixed_numerals,)


class ArabicApproximation(_NumberUsage):
    """Approximation written with Arabic digits (GB/T 15835-2011 4.2.2).

    ## What it does
    Flags an approximation with 几 or of two neighbouring numbers written in Arabic digits:
    20几岁, 5、6个.

    ## Why it matters
    The standard writes approximations in Chinese numerals: 二十几岁, 五六个.

    ## Example
        20几岁的年轻人    ->  二十几岁的年轻人

    ## Fix safety
    Safe for 20几 → 二十几; unsafe for 5、6个 → 五六个 (it may list two items).
    """

    code, name = "KW515", "number-usage-arabic-approximation"
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    checks = (arabic_approximations,)


class ApproximationComma(_NumberUsage):
    """顿号 between the two numbers of an approximation (GB/T 15835-2011 5.2.1; 15834 4.5.3.4).

    ## What it does
    Flags a 顿号 between two neighbouring Chinese numbers that form an approximation: 十七、八岁,
    七、八十, 三、五辆. A 顿号 listing two items in short form is right and stays: 第二、三季度,
    二、三产业, 七、八十年代, 三、四月, 一、二等奖.

    ## Why it matters
    An approximation is one number; the 顿号 makes it read as a list.

    ## Example
        十七、八岁的学生    ->  十七八岁的学生

    ## Fix safety
    Safe: the fix deletes the 顿号 only.
    """

    code, name = "KW516", "number-usage-approximation-comma"
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})
    checks = (approximation_commas,)


class RedundantApproximation(_NumberUsage):
    """约 or 大约 together with 左右 (house style; opt-in).

    ## What it does
    Flags 约/大约 and 左右 around the same number. GB/T 15835-2011 does not state this; it is a
    house-style check, so it runs only when it or its family is selected by name or code
    (`extend-select = ["number-usage-redundant-approximation"]` or `["number-usage"]`), not by ALL.

    ## Why it matters
    约 and 左右 say the same thing twice.

    ## Example
        约有300人左右    ->  约有300人  /  有300人左右

    ## Fix safety
    Unsafe: which of the two words to drop is an editor's choice.
    """

    code, name = "KW517", "number-usage-redundant-approximation"
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE})
    opt_in = True
    checks = (redundant_approximations,)
