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


def fold_width(text: str) -> str:
    """Full-width punctuation and digits folded to ASCII (same length, offsets kept)."""
    return text.translate(WIDTH_FOLD).translate(FULLWIDTH_DIGITS)
