"""Build surnames.txt: the 百家姓 plus surnames frequent today that it lacks.

Usage: python build_surnames.py PATH/蒙学/baijiaxing.json > surnames.txt

The input is chinese-poetry/chinese-poetry's 蒙学/baijiaxing.json (MIT; the text itself is an
anonymous Northern Song primer in the public domain). Its first 51 lines are single surnames;
from 万俟司马 on, each four-character half holds two compound surnames, except the halves
listed below. Characters outside the 2013 standard table are replaced by their standard form.

MODERN is compiled by the kanwu authors (MIT): single surnames common in today's population
registers and news that the 百家姓 lacks (肖, 付, 覃, 兰 ...), and a few compound ones
(独孤, 完颜 ...). Not installed; standard library only.
"""
from __future__ import annotations

import json
import sys

SOURCE = ("《百家姓》(北宋, public domain) via github.com/chinese-poetry/chinese-poetry@5d14ccb55ecc781c05b73c8f5acfdf241256dfae "
          "蒙学/baijiaxing.json, plus surnames frequent today compiled by the kanwu authors")
LICENCE = "public domain text, digitised under MIT (chinese-poetry); additions MIT (kanwu)"

# Halves of the compound section that are single surnames, or a mix.
SINGLE_HALVES = {"晋楚闫法", "汝鄢涂钦", "岳帅缑亢", "况后有琴", "商牟佘佴", "墨哈谯笪", "年爱阳佟"}
MIXED_HALVES = {"呼延归海": ["呼延", "归", "海"], "第五言福": ["第五", "言", "福"], "百家姓终": []}
FIRST_COMPOUND_LINE = "万俟司马，上官欧阳。"
STANDARD_FORM = {"麴": "麹"}

MODERN_SINGLE = (
    # already in kanwu's hand list (lint/names.py) and missing from the 百家姓
    "丛亓付仝但位信修兰冶冼初区南卿原呼奉官宾尉尧展战揭敬斯普智曲朴来栗植楼檀母漆玉由盘粟练肖芦苑苟衣覃谌豆"
    "赫辜迟邝邸银门闭阿隋鲜鹿麦"
    # further surnames of some frequency (regional ones included: 覃 庹 禚 in the south and north,
    # 妥 纳 撒 among the Hui, 刀 among the Dai)
    "庹占招靖蹇雒苻綦郇禚眭操续过么刀铁才凡旷淦粘尕者线保拜喇妥纳撒黑锁沐仉"
)
MODERN_COMPOUND = ["独孤", "完颜", "纳兰", "贺兰"]


def parse(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    singles: list[str] = []
    compounds: list[str] = []
    in_compounds = False
    for line in paragraphs:
        if line == FIRST_COMPOUND_LINE:
            in_compounds = True
        for half in line.strip("。").split("，"):
            if not in_compounds or half in SINGLE_HALVES:
                singles.extend(half)
            elif half in MIXED_HALVES:
                for s in MIXED_HALVES[half]:
                    (compounds if len(s) == 2 else singles).append(s)
            else:
                if len(half) != 4:
                    sys.exit(f"unexpected half {half!r}")
                compounds.extend((half[:2], half[2:]))
    return singles, compounds


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        paragraphs = json.load(f)["paragraphs"]
    singles, compounds = parse(paragraphs)
    norm = lambda s: "".join(STANDARD_FORM.get(c, c) for c in s)  # noqa: E731
    rows: dict[str, str] = {}
    for s in singles + compounds:
        rows.setdefault(norm(s), "bjx")
    for s in list(MODERN_SINGLE) + MODERN_COMPOUND:
        rows.setdefault(s, "modern")
    out = sys.stdout
    out.write(f"# source: {SOURCE}; licence: {LICENCE}; built by lint/zh/data/build_surnames.py\n")
    out.write("# surname\tfrom (bjx: 百家姓 order; modern: added by kanwu)\n")
    for s, origin in rows.items():
        out.write(f"{s}\t{origin}\n")


if __name__ == "__main__":
    main(sys.argv[1])
