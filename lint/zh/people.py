"""People in news text: surnames, official posts and organisations, transliterated names.

Tables (read on first use):

- ``data/surnames.txt``: the 百家姓 and surnames frequent today (欧阳, 司马; 殷, 肖, 覃).
- ``data/titles.tsv``: posts (书记, 省长, 董事长), prefixes of a post (常务, 副, 代), prefixes of
  a whole title (原, 前) and organisations (中央, 国务院, 省委, 组织部), from which the title
  patterns are built: ``省委常委、常务副省长`` is a chain of two titles.
- ``data/translit_chars.tsv`` and ``data/minority_names.txt``: characters frequent in
  transliterated names (斯, 尔, 娜) and parts of minority names (阿依, 古丽, 其其格, 扎西).

``SINGLE_SURNAMES`` and ``COMPOUND_SURNAMES`` are module attributes built on first access.
"""
from __future__ import annotations

import math
from functools import lru_cache

from . import tables
from .patterns import alternation

SURNAMES = "surnames.txt"
TITLES = "titles.tsv"
TRANSLIT = "translit_chars.tsv"
MINORITY = "minority_names.txt"


# -- surnames ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Every surname, single and compound."""
    return frozenset(r[0] for r in tables.rows(SURNAMES))


@lru_cache(maxsize=1)
def single_surnames() -> frozenset[str]:
    """One-character surnames: 王, 殷, 肖."""
    return frozenset(s for s in surnames() if len(s) == 1)


@lru_cache(maxsize=1)
def compound_surnames() -> frozenset[str]:
    """Two-character surnames: 欧阳, 司马, 诸葛."""
    return frozenset(s for s in surnames() if len(s) == 2)


def is_surname_at(text: str, i: int) -> int:
    """Length of the surname starting at ``text[i]``: 2 for a compound one (preferred), 1 for a
    single one, 0 for none."""
    if i < 0:
        return 0
    if text[i:i + 2] in compound_surnames():
        return 2
    if text[i:i + 1] in single_surnames():
        return 1
    return 0


def __getattr__(name: str):
    # SINGLE_SURNAMES / COMPOUND_SURNAMES read the table only when first used
    if name == "SINGLE_SURNAMES":
        return single_surnames()
    if name == "COMPOUND_SURNAMES":
        return compound_surnames()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- posts and organisations -------------------------------------------------------------------
@lru_cache(maxsize=1)
def _titles() -> dict[str, tuple[str, ...]]:
    by_kind: dict[str, list[str]] = {}
    for r in tables.rows(TITLES):
        by_kind.setdefault(r[1], []).append(r[0])
    return {k: tuple(v) for k, v in by_kind.items()}


def posts() -> tuple[str, ...]:
    """Posts: 书记, 省长, 主任, 董事长 (without prefixes such as 副)."""
    return _titles().get("post", ())


def organisations() -> tuple[str, ...]:
    """Organisations and their parts: 中央, 国务院, 省委, 组织部, and levels (省, 市) that a
    body follows (市 + 政府)."""
    return _titles().get("organisation", ())


def prefixes() -> tuple[str, ...]:
    """What stands before a post: 常务, 副, 代 (常务副省长, 代市长)."""
    return _titles().get("prefix", ())


def former_prefixes() -> tuple[str, ...]:
    """What stands before a whole title: 原, 前 (原省委书记)."""
    return _titles().get("former", ())


@lru_cache(maxsize=1)
def post_pattern() -> str:
    """Regex source for one post word, longest first (the anchor a titled mention ends with)."""
    return alternation(posts())


@lru_cache(maxsize=1)
def title_pattern() -> str:
    """Regex source for one title: [原|前] organisation* prefix* post, as in 省委组织部部长,
    常务副省长, 市委书记, 原县长."""
    return (f"(?:{alternation(former_prefixes())})?(?:{alternation(organisations())})*"
            f"(?:{alternation(prefixes())})*{post_pattern()}")


@lru_cache(maxsize=1)
def title_chain_pattern() -> str:
    """Regex source for titles joined by 、: 市委副书记、市长. Plain syntax, for ``re`` and
    ``regex`` alike; add ``\\Z`` or a name pattern after it as needed."""
    t = title_pattern()
    return f"(?:{t}、)*{t}"


@lru_cache(maxsize=1)
def _organisation_scopes() -> dict[str, str]:
    out = {}
    for r in tables.rows(TITLES):
        if r[1] != "organisation":
            continue
        note = r[2] if len(r) > 2 else ""
        out[r[0]] = ("central" if note.startswith("central") else
                     "body" if note.startswith("body") else "level")
    return out


def organisation_scope(word: str) -> str:
    """What an organisation word names: ``"central"`` a national body (国务院, 全国人大, 外交部),
    ``"level"`` an administrative level or its party committee or body (省, 市委, 县政府),
    ``"body"`` a body that needs a level or a place before it (组织部, 党委, 公安局); "" for a
    word that is no organisation."""
    return _organisation_scopes().get(word, "")


# -- transliterated and minority names ---------------------------------------------------------
@lru_cache(maxsize=1)
def translit_chars() -> frozenset[str]:
    """Characters frequent in transliterated names: 斯, 尔, 克, 娜, 莎, 阿."""
    return frozenset(r[0] for r in tables.rows(TRANSLIT))


@lru_cache(maxsize=1)
def minority_name_parts() -> frozenset[str]:
    """Parts of Uyghur, Kazakh, Mongolian, Tibetan and Yi names as written in Chinese: 阿依,
    古丽, 买买提, 其其格, 巴特尔, 扎西, 次仁, 卓玛."""
    return frozenset(r[0] for r in tables.rows(MINORITY))


@lru_cache(maxsize=1)
def _minority_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(p) for p in minority_name_parts()}, reverse=True))


def looks_transliterated(name: str) -> bool:
    """A heuristic: ``name`` reads as a transliterated or minority name rather than a Han name
    of surname + given name (阿依古丽, 其其格, 娜塔莎, 约翰·史密斯; not 王小明, 李娜)."""
    if "·" in name or "•" in name:
        return True
    parts = minority_name_parts()
    for n in _minority_lengths():
        if any(name[k:k + n] in parts for k in range(len(name) - n + 1)):
            return True
    if len(name) < 3:
        return False
    tc = translit_chars()
    return sum(c in tc for c in name) >= max(2, math.ceil(len(name) * 2 / 3))
