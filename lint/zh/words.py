"""Dictionary look-ups and local word segmentation without initialising jieba.

jieba's full initialisation (building its prefix dictionary) costs most of a second; rules
that only need "is this a word?" or a segmentation of one short sentence should not pay for
it. The first use builds a sorted copy of jieba's own ``dict.txt`` in the user cache (keyed by
the dictionary's size and mtime); afterwards look-ups are binary searches over a memory map,
and segmentation is jieba's DAG / maximum-probability route (without its HMM for unknown
words) over those look-ups.

Each entry keeps jieba's part-of-speech tag (ICTCLAS-style: ``n`` noun, ``v`` verb, ``vn``
verb used as a noun, ``a`` adjective, ``z`` state word such as 雪白, ``d`` adverb, ``p``
preposition, ``c`` conjunction, ``u`` particle, ``r`` pronoun, ``m`` numeral, ``q`` measure
word, ``o`` onomatopoeia, ``i`` idiom, ``l`` fixed phrase, ``nr``/``ns``/``nt``/``nz`` names).
The tags are jieba's, noisy for rare words (谢谢 is tagged ``nr``): a rule should use them as
one piece of evidence, and never for words of frequency 3, jieba's floor for its long tail.
"""
from __future__ import annotations

import importlib.util
import math
import mmap
import os
import re
from array import array
from functools import lru_cache

from .. import cache
from . import tables

MAX_WORD = 8


def _jieba_dict() -> str:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed; it provides kanwu's Chinese dictionary")
    return os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")


def _offsets(data: bytes) -> array:
    """Start offset of every line after the header, plus a sentinel at the end."""
    offs = array("I")
    pos = data.find(b"\n") + 1
    while pos < len(data):
        offs.append(pos)
        pos = data.find(b"\n", pos) + 1
        if pos == 0:
            break
    offs.append(len(data))
    return offs


def _build(src: str) -> bytes:
    """``word freq tag`` lines sorted by word; a word listed twice sums its frequencies and
    keeps the tag of its more frequent entry ("x" when jieba gives none)."""
    entries: dict[bytes, list] = {}
    total = 0
    with open(src, "rb") as f:
        for raw in f:
            parts = raw.split()
            if len(parts) < 2:
                continue
            try:
                n = int(parts[1])
            except ValueError:
                continue
            tag = parts[2] if len(parts) > 2 else b"x"
            e = entries.get(parts[0])
            if e is None:
                entries[parts[0]] = [n, tag, n]
            else:
                if n > e[2]:
                    e[1], e[2] = tag, n
                e[0] += n
            total += n
    lines = [b"\ttotal %d\n" % total]
    lines.extend(b"%s %d %s\n" % (w, e[0], e[1]) for w, e in sorted(entries.items()))
    return b"".join(lines)


class WordIndex:
    def __init__(self, path: str | None = None) -> None:
        src = path or _jieba_dict()
        st = os.stat(src)
        name = f"words2-{st.st_size}-{int(st.st_mtime)}"  # 2: lines carry the tag
        idx, off = cache.find(name + ".idx"), cache.find(name + ".off")
        if idx is None or off is None or os.path.dirname(idx) != os.path.dirname(off):
            data = _build(src)
            idx = cache.store(name + ".idx", data)
            off = cache.store(name + ".off", _offsets(data).tobytes()) if idx else None
        try:
            with open(idx, "rb") as f:
                self._mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            with open(off, "rb") as f:
                self._offs = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)).cast("I")
        except (OSError, TypeError):  # no usable cache anywhere: keep it in memory
            self._mm = _build(src)
            self._offs = memoryview(_offsets(self._mm).tobytes()).cast("I")
        head_end = self._mm.find(b"\n")
        self.total = int(self._mm[:head_end].split()[1])
        self.entry = lru_cache(maxsize=200_000)(self._entry)

    def freq(self, word: str) -> int:
        """How often jieba's corpus has ``word`` (0: not a word of the dictionary)."""
        return self.entry(word)[0]

    def tag(self, word: str) -> str:
        """jieba's part-of-speech tag of ``word`` ('' if it is not in the dictionary)."""
        return self.entry(word)[1]

    def _entry(self, word: str) -> tuple[int, str]:
        """(frequency, tag); a binary search over the sorted lines, each probe reading one line
        via the offsets."""
        key = word.encode("utf-8") + b" "  # the space ends the word: "ab " sorts before "abc "
        mm, offs = self._mm, self._offs
        lo, hi = 0, len(offs) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            s = offs[mid]
            w = mm[s:s + len(key)]
            if w < key:
                lo = mid + 1
            elif w > key:
                hi = mid
            else:
                n, _, tag = mm[s + len(key):offs[mid + 1] - 1].partition(b" ")
                return int(n), tag.decode("ascii", "replace")
        return 0, ""

    def is_word(self, word: str, min_freq: int = 1) -> bool:
        return self.freq(word) >= min_freq

    def segment(self, sentence: str, avoid=()) -> list[str]:
        """jieba's maximum-probability segmentation of one short sentence (no HMM). ``avoid``:
        (start, end) spans of ``sentence`` that may not be read as one word (to ask how a
        doubled 对对 reads when it is not jieba's rare entry 对对)."""
        n = len(sentence)
        if n == 0:
            return []
        log_total = math.log(self.total)
        dag = []
        for k in range(n):
            ends = [k]
            for j in range(k + 1, min(n, k + MAX_WORD)):
                if self.freq(sentence[k:j + 1]) and (k, j + 1) not in avoid:
                    ends.append(j)
            dag.append(ends)
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            route[i] = max((math.log(self.freq(sentence[i:x + 1]) or 1) - log_total + route[x + 1][0], x)
                           for x in dag[i])
        out, i = [], 0
        while i < n:
            j = route[i][1] + 1
            out.append(sentence[i:j])
            i = j
        return out


@lru_cache(maxsize=1)
def index() -> WordIndex:
    """The process-wide word index, opened on first use."""
    return WordIndex()


# -- word classes (data/function_words.tsv, data/reduplication.tsv) ---------------------------------
@lru_cache(maxsize=1)
def _function_words() -> dict[str, tuple[str, str, bool]]:
    return {r[0]: (r[1], r[2] if len(r) > 2 else "", len(r) > 3 and r[3] == "q")
            for r in tables.rows("function_words.tsv")}


def function_word_chars() -> frozenset[str]:
    """Every one-character function word of the table (的, 在, 把 …)."""
    return frozenset(_function_words())


def function_word(ch: str) -> str:
    """The class of a one-character function word (particle, aspect, prep, conj, adverb, modal,
    copula, pronoun), or '' for anything else: 的 -> particle, 在 -> prep, 人 -> ''."""
    return _function_words().get(ch, ("", "", False))[0]


def separable_objects(ch: str) -> str:
    """Characters that close a separable verb (离合词) opened by the function character ``ch``:
    把 -> 关脉门舵 (把文字关 is 把关 split open, so 把把文字关 is no slip)."""
    return _function_words().get(ch, ("", "", False))[1]


def also_measure_word(ch: str) -> bool:
    """The function character is also a measure word, which doubles after a numeral: 一把把,
    一只只, 一对对 (but 一是是要 is a slip)."""
    return _function_words().get(ch, ("", "", False))[2]


@lru_cache(maxsize=1)
def _reduplication() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for r in tables.rows("reduplication.tsv"):
        out.setdefault(r[1], set()).add(r[0])
    return {k: frozenset(v) for k, v in out.items()}


def reduplication_class(name: str) -> frozenset[str]:
    """Words of one class of ``data/reduplication.tsv``: ``licensor`` (请, 要, 好好: before a
    tentative doubled verb), ``follower`` (一下, 吧, 的), ``aspect`` (了着过), ``utterance``
    (吧, 啊: a unit ending in one is a whole utterance), ``intensifier`` (非常), ``degree`` (很,
    好, 太), ``distributive`` (一, 每, 逐, 整), ``free-choice`` (啥, 什么), ``rhetoric`` (再, 又),
    ``onomatopoeic`` (characters: 咔, 嚓, 噜)."""
    return _reduplication().get(name, frozenset())


# -- fixed expressions, for a typo check (data/fixed_expressions.tsv) -------------------------------
_EXPRESSION = re.compile(rb"^((?:[\xe4-\xe9][\x80-\xbf]{2}){4,}) (\d+) (\w+)$", re.M)
# jieba tags of entries that are no yardstick for a typo: transliterated names, foreign words,
# numerals and measure words (第十八届), organisations and other proper names
_NOT_EXPRESSIONS = {b"nrt", b"x", b"eng", b"m", b"q", b"mq", b"nt", b"nz"}
EXPRESSION_MIN_FREQ = 5


def _expression(word: str, tag: bytes) -> bool:
    """jieba tags many idioms as names (墨守成规 nr, 甘拜下风 ns); a real person's name of four
    characters opens with a compound surname, a real place ends in a place character."""
    if tag in _NOT_EXPRESSIONS:
        return False
    if tag in (b"nr", b"nrfg"):
        from .people import compound_surnames

        return word[:2] not in compound_surnames()
    if tag == b"ns":
        from .chars import PLACE_SUFFIXES

        return word[-1] not in PLACE_SUFFIXES
    return True


@lru_cache(maxsize=1)
def extra_entries() -> dict[str, str]:
    """Entries of ``data/fixed_expressions.tsv``: entry -> kind (``expression`` or ``word``)."""
    return {r[0]: r[1] for r in tables.rows("fixed_expressions.tsv")}


@lru_cache(maxsize=1)
def fixed_expressions() -> dict[str, int]:
    """Expressions of four or more Chinese characters a typo can be measured against, with
    their frequency: jieba's entries of frequency 5 or more (idioms, set phrases, common words;
    not names of people, places or organisations, numerals or foreign words), and the
    expressions of ``data/fixed_expressions.tsv``. Built once and kept in the user cache."""
    return _expressions()


@lru_cache(maxsize=1)
def expression_index():
    """What a typo check needs to find, fast, the windows of a text one character away from a
    fixed expression (four to eight characters): (opens, closes). Built once and kept in the
    user cache.

    ``opens`` maps the first bigram of expressions to what :func:`expression_entry` unpacks:
    (four-character expressions, the string of their characters in place 3, in place 2, longer
    expressions); ``closes`` maps the last bigram to (four-character expressions, their
    characters in place 1, in place 0, longer expressions). A slip in place 2 or later keeps an
    expression's first bigram, one before its last two characters keeps the last bigram. Each
    value is packed in one string: the index loads in milliseconds, and only the entries a text
    reaches are unpacked."""
    return _cached("expression-index2", _build_index)


@lru_cache(maxsize=None)
def expression_entry(packed: str) -> tuple[tuple[str, ...], str, str, tuple[str, ...]]:
    """An entry of :func:`expression_index`, unpacked."""
    four, a, b, longer = packed.split("\t")
    return (tuple(four[k:k + 4] for k in range(0, len(four), 4)), a, b,
            tuple(longer.split("|")) if longer else ())


def _build_index():
    opens: dict[str, tuple[list, list]] = {}
    closes: dict[str, tuple[list, list]] = {}
    for e in fixed_expressions():
        n = len(e)
        if n > EXPRESSION_LONGEST:
            continue
        opens.setdefault(e[:2], ([], []))[n > 4].append(e)
        closes.setdefault(e[-2:], ([], []))[n > 4].append(e)
    def pack(four: list[str], inner: int, outer: int, longer: list[str]) -> str:
        return "\t".join(("".join(four), "".join(sorted({e[inner] for e in four})),
                          "".join(sorted({e[outer] for e in four})), "|".join(longer)))

    return ({b: pack(four, 3, 2, longer) for b, (four, longer) in opens.items()},
            {b: pack(four, 1, 0, longer) for b, (four, longer) in closes.items()})


EXPRESSION_LONGEST = 8


def _expressions() -> dict[str, int]:
    return _cached("expressions3", _build_expressions)


def _cached(kind: str, build):
    """``build()``, kept in the user cache: a change to jieba's dictionary or to
    ``data/fixed_expressions.tsv`` builds it again."""
    ix = index()
    return cache.memo(kind, [tables.path("fixed_expressions.tsv")], build,
                      version=f"{ix.total}-{len(ix._offs)}")


def _build_expressions() -> dict[str, int]:
    ix = index()
    found: dict[str, int] = {}
    for m in _EXPRESSION.finditer(ix._mm):
        n = int(m.group(2))
        if n >= EXPRESSION_MIN_FREQ:
            word = m.group(1).decode("utf-8")
            if _expression(word, m.group(3)):
                found[word] = n
    for entry, kind in extra_entries().items():
        if kind == "expression":
            found.setdefault(entry, EXPRESSION_MIN_FREQ)
    return found


def is_known(word: str) -> bool:
    """``word`` is a correct word or expression as written: in jieba's dictionary above its
    floor of 3 (where it keeps misspellings such as 迫不急待), or in ``data/fixed_expressions.tsv``."""
    return index().freq(word) > 3 or word in extra_entries()


# -- sound -------------------------------------------------------------------------------------
def primary_reading(ch: str) -> str:
    """The first, most common toneless reading of a character in pypinyin's table (见 -> jian,
    not its literary xian): the one a typist means when an input method offers a homophone."""
    from . import similar

    raw = similar.raw_readings(ch)
    return similar._toneless(raw.split(",")[0]) if raw else ""  # noqa: SLF001
