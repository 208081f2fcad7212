"""The 通用规范汉字表 (General Standard Chinese Characters, 2013): 8,105 characters in three levels.

Level 1 (3,500) is the common core; level 2 (3,000) completes what general publishing needs;
level 3 (1,605) holds characters for names, places, science and classical text. A character
outside the table is traditional, variant or rare in simplified news text (發, 眾).

Read from ``data/standard_chars.tsv`` on first use.
"""
from __future__ import annotations

from functools import lru_cache

from .. import cache
from . import tables

TABLE = "standard_chars.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[int, int]]:
    """character -> (number in the table, level)."""
    return cache.memo("standard", [tables.path(TABLE)],
                      lambda: {r[0]: (int(r[1]), int(r[2])) for r in tables.rows(TABLE)})


def is_standard(ch: str) -> bool:
    """``ch`` is one of the 8,105 characters of the table."""
    return ch in _table()


def level(ch: str) -> int:
    """1, 2 or 3 for a character of the table; 0 for any other string."""
    entry = _table().get(ch)
    return entry[1] if entry else 0


def number(ch: str) -> int:
    """The character's number in the table (1–8105), 0 if it is not in it."""
    entry = _table().get(ch)
    return entry[0] if entry else 0


@lru_cache(maxsize=4)
def chars(max_level: int = 3) -> frozenset[str]:
    """Every character of level 1 up to ``max_level``."""
    return frozenset(c for c, (_, lv) in _table().items() if lv <= max_level)


def replaces_standard(ch: str, simplified: str, max_level: int = 3) -> bool:
    """``ch`` is a traditional or variant form that the table replaces: ``ch`` is outside the
    table and its simplified form ``simplified`` is in it, at a level up to ``max_level``
    (發 -> 发; not 覆, which is in the table itself; not 輖, whose simplified 𫐏 is not)."""
    return ch != simplified and not is_standard(ch) and 0 < level(simplified) <= max_level


# Characters of the table admitted only for set uses (the table's notes): 乾 in 乾坤 and 乾隆,
# 於 as a surname, 徵 in 宫商角徵羽, 蒐 for the plant and the spring hunt, 夥 for "many"
# (获益甚夥). Anywhere else their partner is the standard character. -> partner.
SET_USE = {"乾": "干", "於": "于", "徵": "征", "蒐": "搜", "夥": "伙"}
