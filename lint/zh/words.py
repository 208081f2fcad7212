"""Dictionary look-ups and local word segmentation without initialising jieba.

jieba's full initialisation (building its prefix dictionary) costs most of a second; rules
that only need "is this a word?" or a segmentation of one short sentence should not pay for
it. The first use builds a sorted copy of jieba's own ``dict.txt`` in the user cache (keyed by
the dictionary's size and mtime); afterwards look-ups are binary searches over a memory map,
and segmentation is jieba's DAG / maximum-probability route (without its HMM for unknown
words) over those look-ups.
"""
from __future__ import annotations

import importlib.util
import math
import mmap
import os
from array import array
from functools import lru_cache

from .. import cache

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
    entries: dict[bytes, int] = {}
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
            entries[parts[0]] = entries.get(parts[0], 0) + n
            total += n
    lines = [b"\ttotal %d\n" % total]
    lines.extend(b"%s %d\n" % (w, n) for w, n in sorted(entries.items()))
    return b"".join(lines)


class WordIndex:
    def __init__(self, path: str | None = None) -> None:
        src = path or _jieba_dict()
        st = os.stat(src)
        name = f"words-{st.st_size}-{int(st.st_mtime)}"
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
        self.freq = lru_cache(maxsize=200_000)(self._freq)

    def _freq(self, word: str) -> int:
        """Binary search over the sorted lines; each probe reads one line via the offsets."""
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
                return int(mm[s + len(key):offs[mid + 1] - 1])
        return 0

    def is_word(self, word: str, min_freq: int = 1) -> bool:
        return self.freq(word) >= min_freq

    def segment(self, sentence: str) -> list[str]:
        """jieba's maximum-probability segmentation of one short sentence (no HMM)."""
        n = len(sentence)
        if n == 0:
            return []
        log_total = math.log(self.total)
        dag = []
        for k in range(n):
            ends = [k]
            for j in range(k + 1, min(n, k + MAX_WORD)):
                if self.freq(sentence[k:j + 1]):
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
