"""Characters that get confused: by shape (OCR reads 己 for 已, 候 for 侯) and by sound (an input
method or a dictating reporter writes 莹 for 莺).

- Shape: ``data/shape_similar.tsv``, each standard character's closest look-alikes, symmetric.
- Sound: toneless pinyin readings from pypinyin's ``pinyin_dict.json``, read directly: importing
  the pypinyin package loads its phrase tables and trains a segmenter (0.4 s), none of which one
  character's readings need.

Everything is read on first use.
"""
from __future__ import annotations

import bisect
import importlib.util
import json
import os
import unicodedata
from array import array
from functools import lru_cache

from .. import cache
from . import standard, tables

SHAPES = "shape_similar.tsv"
CONFUSED = "confused_chars.tsv"


# -- shape -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _shapes() -> dict[str, str]:
    """The scored shape table, joined with the groups proofreaders know are confused (己已巳,
    赅骇): pairs that differ in one component, which stroke scores miss. Character -> its
    look-alikes, as one string (kept in the user cache: strings load faster than sets)."""
    def build() -> dict[str, str]:
        out = {r[0]: set(r[1]) for r in tables.rows(SHAPES)}
        for row in tables.rows(CONFUSED):
            for ch in row[0]:
                out.setdefault(ch, set()).update(c for c in row[0] if c != ch)
        return {ch: "".join(sorted(cs)) for ch, cs in out.items()}

    return cache.memo("shapes2", [tables.path(SHAPES), tables.path(CONFUSED)], build)


def shape_neighbours(ch: str) -> frozenset[str]:
    """The look-alikes of one character (形近字): 己 -> {已, 巳, 弓, 巴}; empty if none known."""
    return frozenset(_shapes().get(ch, ""))


def similar_shape(a: str, b: str) -> bool:
    """``a`` and ``b`` are different characters that look alike (the relation is symmetric)."""
    return len(b) == 1 and a != b and b in _shapes().get(a, "")


# -- sound -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _pinyin_table() -> tuple[array, str, array]:
    """pypinyin's table, packed: (code points in order, their readings with tone marks joined,
    where each code point's readings start); kept in the user cache, where it loads in a
    millisecond (a dict of 42,000 entries takes 30)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return array("I"), "", array("I", [0])
    path = os.path.join(list(spec.submodule_search_locations)[0], "pinyin_dict.json")

    def build() -> tuple[bytes, str, bytes]:
        with open(path, encoding="utf-8") as f:
            table = {int(k): v for k, v in json.load(f).items()}
        points = sorted(table)
        starts, pos = [], 0
        for cp in points:
            starts.append(pos)
            pos += len(table[cp])
        starts.append(pos)
        return array("I", points).tobytes(), "".join(table[cp] for cp in points), array("I", starts).tobytes()

    def unpack(packed) -> tuple[array, str, array]:
        points, joined, starts = array("I", packed[0]), packed[1], array("I", packed[2])
        if len(starts) != len(points) + 1 or not isinstance(joined, str):
            raise ValueError("not a packed reading table")
        return points, joined, starts

    try:
        try:
            return unpack(cache.memo("pinyin2", [path], build))
        except (ValueError, TypeError, IndexError, KeyError):  # a cache entry of another shape: built afresh
            return unpack(build())
    except (OSError, ValueError):  # pypinyin's file is missing or unreadable
        return array("I"), "", array("I", [0])


def raw_readings(ch: str) -> str:
    """One character's readings in pypinyin's table, with tone marks, comma-separated, most
    common first (行 -> "xíng,háng,..."); "" if it has none or ``ch`` is not one character."""
    if len(ch) != 1:
        return ""
    points, joined, starts = _pinyin_table()
    cp = ord(ch)
    k = bisect.bisect_left(points, cp)
    return joined[starts[k]:starts[k + 1]] if k < len(points) and points[k] == cp else ""


def _toneless(reading: str) -> str:
    out = []
    for c in unicodedata.normalize("NFD", reading):
        if c == "\u0308":  # diaeresis: ü is written v
            out[-1] = "v"
        elif not unicodedata.combining(c):
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=8192)
def readings(ch: str) -> frozenset[str]:
    """Toneless pinyin readings of one character, ü written v: 行 -> {xing, hang}, 女 -> {nv}.
    Empty for anything pypinyin does not know (punctuation, a string of two characters)."""
    raw = raw_readings(ch)
    return frozenset(_toneless(r) for r in raw.split(",") if r)


def same_sound(a: str, b: str) -> bool:
    """``a`` and ``b`` share a reading, tones ignored (莺 and 莹: ying)."""
    return bool(readings(a) & readings(b))


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
             "r", "z", "c", "s", "y", "w")
_VOWELS = frozenset("aeiouv")
_FOLD_INITIAL = {"zh": "z", "ch": "c", "sh": "s", "n": "l", "h": "f"}
# after h -> f, the finals a southern speaker says for hu-: 花 hua ~ 发 fa, 会 hui ~ 费 fei
_FOLD_FU = {"ua": "a", "uai": "ai", "uan": "an", "ui": "ei", "un": "en", "uo": "o"}


@lru_cache(maxsize=2048)
def fold(syllable: str) -> str:
    """A toneless syllable with the usual confusions folded away: z/zh, c/ch, s/sh, n/l, f/h,
    an/ang, en/eng, in/ing (zhang -> zan, neng -> len, huang -> fan)."""
    ini = next((i for i in _INITIALS if syllable.startswith(i) and syllable[len(i):len(i) + 1] in _VOWELS), "")
    fin = syllable[len(ini):]
    ini = _FOLD_INITIAL.get(ini, ini)
    if fin.endswith(("ang", "eng", "ing")):
        fin = fin[:-1]
    if ini == "f":
        fin = _FOLD_FU.get(fin, fin)
    return ini + fin


def near_sound(a: str, b: str) -> bool:
    """``a`` and ``b`` sound alike once z/zh, c/ch, s/sh, n/l, f/h, an/ang, en/eng and in/ing
    are folded (tones ignored): 南 and 兰, 身 and 生, 湖 and 福. Includes ``same_sound``."""
    ra, rb = readings(a), readings(b)
    if not ra or not rb:
        return False
    return bool(ra & rb) or bool({fold(r) for r in ra} & {fold(r) for r in rb})


# -- both --------------------------------------------------------------------------------------
def confusable(a: str, b: str, near: bool = False) -> str | None:
    """How two different characters get confused: ``"shape"`` if they look alike, else
    ``"sound"`` if they share a reading (with ``near``, also a folded one), else None."""
    if a == b:
        return None
    if similar_shape(a, b):
        return "shape"
    if same_sound(a, b) or near and near_sound(a, b):
        return "sound"
    return None


@lru_cache(maxsize=1)
def _by_reading() -> dict[str, frozenset[str]]:
    """Toneless reading -> the level 1–2 standard characters that have it."""
    index: dict[str, set[str]] = {}
    for c in standard.chars(2):
        for r in readings(c):
            index.setdefault(r, set()).add(c)
    return {r: frozenset(cs) for r, cs in index.items()}


@lru_cache(maxsize=4096)
def confusables(ch: str) -> frozenset[str]:
    """Candidates for what ``ch`` was meant to be: its look-alikes and the characters sharing a
    reading with it, restricted to the level 1–2 standard characters (for a typo rule to test
    against a dictionary). ``ch`` itself is not included."""
    common = standard.chars(2)
    out = {c for c in shape_neighbours(ch) if c in common}
    by = _by_reading()
    for r in readings(ch):
        out |= by.get(r, frozenset())
    out.discard(ch)
    return frozenset(out)
