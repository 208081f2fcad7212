"""Build shape_similar.tsv: each standard character's closest look-alikes (形近字).

Usage: python build_shape.py PATH/char_similar/data > shape_similar.tsv

The input is the data folder of yongzhuo/char-similar (Apache-2.0): per character its stroke
order as digits (char_order.dict: 1 横 2 竖 3 撇 4 点 5 折), its four-corner code
(char_fourangle.dict) and its first-level components (char_stroke.dict). For every pair of
characters of the 2013 standard table whose stroke orders are close (rapidfuzz, a kanwu
dependency, finds the 80 closest of each), the score is

    0.45 × stroke-order similarity (1 − Levenshtein distance / longer length)
  + 0.30 × four-corner similarity (equal corners, the extra fifth digit counting half)
  + 0.25 × component overlap: the mean of two Dice coefficients, one over the smallest
           components (down to strokes), one over every component of two strokes or more
  + 0.15 when the stroke orders are identical (己/已/巳, 未/末, 日/曰, 土/士)
  + 0.10 when one character is a component of the other, one stroke apart (大/太, 木/本)

A pair is kept when its score reaches THRESHOLD and one of the two has the other among its
TOP_K best; a character keeps at most MAX_DEGREE neighbours (its weakest pairs go first, from
both sides), so the table stays symmetric. Not installed.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

SOURCE = ("stroke orders, four-corner codes and components of github.com/yongzhuo/char-similar@"
          "c9714cca90da0daf3453488c0fa2673ed6ce22ca char_similar/data/{char_order,char_fourangle,char_stroke}.dict, "
          "scored and cut by kanwu")
LICENCE = "Apache-2.0 (char-similar: LICENSE file; setup.py says MIT); derived table MIT (kanwu)"
CANDIDATES, MIN_STROKE_SIM = 80, 0.45
# Scores of 0.71–0.78 are mostly characters sharing a large component (鸢/莺, 瑚/湖, 酊/酐);
# below 0.7 unrelated pairs take over.
THRESHOLD, TOP_K, MAX_DEGREE = 0.71, 5, 10


def standard_chars() -> list[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "standard_chars.tsv"), encoding="utf-8") as f:
        return [line.split("\t")[0] for line in f if not line.startswith("#")]


class Shapes:
    def __init__(self, folder: str) -> None:
        def load(name):
            with open(os.path.join(folder, name + ".dict"), encoding="utf-8") as f:
                return json.load(f)
        self.order = load("char_order")
        self.corners = load("char_fourangle")
        self.parts = load("char_stroke")
        self._leaves: dict[str, Counter] = {}
        self._inside: dict[str, frozenset] = {}

    def leaves(self, c: str, depth: int = 0) -> Counter:
        """The smallest components of ``c``, with repeats."""
        if c not in self._leaves:
            parts = self.parts.get(c)
            if not parts or len(parts) == 1 or depth > 8:
                out = Counter([c])
            else:
                out = Counter()
                for p in parts:
                    out += self.leaves(p, depth + 1) if p != c else Counter([p])
            self._leaves[c] = out
        return self._leaves[c]

    def inside(self, c: str, depth: int = 0) -> frozenset:
        """Every component of ``c`` at any depth."""
        if c not in self._inside:
            out: set = set()
            if depth <= 8:
                for p in self.parts.get(c) or ():
                    if p != c:
                        out.add(p)
                        out |= self.inside(p, depth + 1)
            self._inside[c] = frozenset(out)
        return self._inside[c]

    def corner_sim(self, a: str, b: str) -> float:
        x, y = self.corners.get(a), self.corners.get(b)
        if not x or not y:
            return 0.5
        return (sum(x[i] == y[i] for i in range(4)) + 0.5 * (x[4:5] == y[4:5])) / 4.5

    def units(self, c: str) -> frozenset:
        """``c`` and its components of two strokes or more, at any depth."""
        return frozenset(p for p in self.inside(c) if len(self.order.get(p, "..")) >= 2) | {c}

    def parts_sim(self, a: str, b: str) -> float:
        x, y = self.leaves(a), self.leaves(b)
        small = 2 * sum((x & y).values()) / (sum(x.values()) + sum(y.values()))
        u, v = self.units(a), self.units(b)
        return (small + 2 * len(u & v) / (len(u) + len(v))) / 2

    def score(self, a: str, b: str, stroke_sim: float) -> float:
        s = 0.45 * stroke_sim + 0.30 * self.corner_sim(a, b) + 0.25 * self.parts_sim(a, b)
        if self.order[a] == self.order[b]:
            s += 0.15
        if abs(len(self.order[a]) - len(self.order[b])) <= 1 and (a in self.inside(b) or b in self.inside(a)):
            s += 0.10
        return s


def main(folder: str) -> None:
    shapes = Shapes(folder)
    chars = [c for c in standard_chars() if c in shapes.order]
    seqs = [shapes.order[c] for c in chars]
    best: dict[str, list[tuple[float, str]]] = {}
    for c in chars:
        found = process.extract(shapes.order[c], seqs, scorer=Levenshtein.normalized_similarity,
                                limit=CANDIDATES, score_cutoff=MIN_STROKE_SIM)
        scored = sorted(((shapes.score(c, chars[i], sim), chars[i]) for _, sim, i in found if chars[i] != c),
                        key=lambda t: (-t[0], t[1]))
        best[c] = [t for t in scored[:TOP_K] if t[0] >= THRESHOLD]
    pairs: dict[frozenset, float] = {}
    for c, lst in best.items():
        for s, d in lst:
            pairs[frozenset((c, d))] = max(s, pairs.get(frozenset((c, d)), 0.0))
    neighbours: dict[str, dict[str, float]] = {}
    for pair, s in pairs.items():
        a, b = tuple(pair)
        neighbours.setdefault(a, {})[b] = s
        neighbours.setdefault(b, {})[a] = s
    # cap the degree: drop the weakest pairs of over-full characters, from both ends
    for pair, s in sorted(pairs.items(), key=lambda t: t[1]):
        a, b = tuple(pair)
        if len(neighbours[a]) > MAX_DEGREE or len(neighbours[b]) > MAX_DEGREE:
            del neighbours[a][b], neighbours[b][a]
    order = {c: i for i, c in enumerate(standard_chars())}
    out = sys.stdout
    out.write(f"# source: {SOURCE}; licence: {LICENCE}; built by lint/zh/data/build_shape.py\n")
    out.write("# char\tlook-alikes, closest first (symmetric: each lists the other)\n")
    for c in sorted(neighbours, key=order.__getitem__):
        ns = sorted(neighbours[c], key=lambda d: (-neighbours[c][d], order[d]))
        if ns:
            out.write(f"{c}\t{''.join(ns)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
