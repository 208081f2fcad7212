"""Build translit_chars.tsv: characters frequent in transliterated (foreign and minority) names.

Usage: python build_translit.py PATH/jieba/dict.txt > translit_chars.tsv

jieba's dictionary (MIT) tags transliterated person names ``nrt`` (about 5,900 entries: 弗拉迪米尔,
娜塔莎, 布里斯托尔). A character is kept when it is at least MIN_RATIO times more frequent among
those entries than among all entries and occurs in at least MIN_COUNT of them; EXCLUDE drops
what the tag's noise lets through (Japanese and imperial names, place words: 岛, 崇, 堡).
Restricted to the 2013 standard table. Not installed; standard library only.
"""
from __future__ import annotations

import os
import sys
from collections import Counter

SOURCE = "jieba 0.42.1 dict.txt (github.com/fxsjy/jieba), entries tagged nrt"
LICENCE = "MIT (jieba); selection and exclusions MIT (kanwu)"
MIN_COUNT, MIN_RATIO = 10, 3.0
EXCLUDE = set("崇堡昭瓜慈豪岛彻茂")


def standard_chars() -> set[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "standard_chars.tsv"), encoding="utf-8") as f:
        return {line.split("\t")[0] for line in f if not line.startswith("#")}


def main(path: str) -> None:
    nrt: Counter = Counter()
    every: Counter = Counter()
    n_nrt = n_all = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            n_all += 1
            chars = set(parts[0])
            every.update(chars)
            if parts[2] == "nrt":
                n_nrt += 1
                nrt.update(chars)
    std = standard_chars()
    kept = []
    for c, n in nrt.items():
        ratio = (n / n_nrt) / ((every[c] + 1) / n_all)
        if n >= MIN_COUNT and ratio >= MIN_RATIO and c in std and c not in EXCLUDE:
            kept.append((c, n, ratio))
    kept.sort(key=lambda r: (-r[2], r[0]))
    out = sys.stdout
    out.write(f"# source: {SOURCE}; licence: {LICENCE}; built by lint/zh/data/build_translit.py\n")
    out.write("# char\tentries (of %d nrt)\tratio (share among nrt entries / share among all %d)\n" % (n_nrt, n_all))
    for c, n, ratio in kept:
        out.write(f"{c}\t{n}\t{ratio:.1f}\n")


if __name__ == "__main__":
    main(sys.argv[1])
