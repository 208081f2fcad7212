#!/usr/bin/env python3
"""Deterministic news-like corpus: seed paragraphs shuffled into pages, defects injected.

    python benchmarks/corpus.py OUT --pages 2000 [--page-kb 2] [--seed 1]
    python benchmarks/corpus.py OUT --mb 20 [--jsonl]

Every page is built from the paragraphs of seeds/*.txt (cleaned of their own half-width
punctuation) with, at random but reproducibly: a sentence broken across a blank line, half-
width commas, a doubled word, a continuation marker, a photo caption, a byline with one of
two spellings of a reporter's name. Used by the tests (identical findings across engines)
and by the benchmarks.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})


def seed_paragraphs() -> list[str]:
    paras = []
    for p in sorted(SEEDS.glob("*.txt")):
        for block in re.split(r"\n\s*\n", p.read_text(encoding="utf-8")):
            block = block.strip().lstrip("#").strip()
            if len(block) >= 40 and block[-1] in "。”！？":
                paras.append(block.translate(FULL))
    return paras


def make_page(rng: random.Random, paras: list[str], target: int, index: int) -> str:
    name = "周晓梅" if rng.random() < 0.9 else "周晓海"
    out = [f"第{index}号新闻标题 全面推进各项工作",
           f"本报讯（记者 {name}、马强）{rng.randint(1, 12)}月{rng.randint(1, 28)}日，" + rng.choice(paras)]
    size = sum(map(len, out))
    order = rng.sample(range(len(paras)), len(paras))  # no paragraph twice on a page
    while size < target and order:
        p = paras[order.pop()]
        roll = rng.random()
        if roll < 0.15 and len(p) > 30:  # sentence broken across a page break
            k = rng.randint(10, len(p) - 10)
            while not ("\u4e00" <= p[k - 1] <= "\u9fff" and "\u4e00" <= p[k] <= "\u9fff"):
                k += 1
                if k >= len(p) - 1:
                    break
            p = p[:k] + "\n\n" + p[k:]
        elif roll < 0.3:
            p = p.replace("，", ",", rng.randint(1, 3))
        elif roll < 0.36:
            k = p.find("的")
            if k > 0:
                p = p[:k] + "的" + p[k:]
        elif roll < 0.4:
            p = p + "（下转第2版）"
        elif roll < 0.44:
            out.append(p)
            p = "工作人员在现场检查。 王海 摄"
        out.append(p)
        size += len(p)
    return "\n\n".join(out) + "\n"


def generate(out: str | os.PathLike, pages: int | None = None, mb: float | None = None, page_kb: float = 5,
             seed: int = 1, jsonl: bool = False) -> list[str]:
    rng = random.Random(seed)
    paras = seed_paragraphs()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target_chars = int(page_kb * 1024 / 3)  # ~3 bytes per Chinese character in UTF-8
    budget = int(mb * 1024 * 1024) if mb else None
    written, paths, i = 0, [], 0
    # a JSONL corpus is written record by record: the benchmarks build one of 150 MB
    sink = open(out / "corpus.jsonl", "w", encoding="utf-8", newline="\n") if jsonl else None
    try:
        while (pages is not None and i < pages) or (budget is not None and written < budget):
            text = make_page(rng, paras, target_chars, i)
            written += len(text.encode("utf-8"))
            if sink:
                sink.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
            else:
                path = out / f"{i // 1000:03d}" / f"page{i:06d}.txt"
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
                paths.append(str(path))
            i += 1
    finally:
        if sink:
            sink.close()
    return [sink.name] if sink else paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pages", type=int)
    ap.add_argument("--mb", type=float)
    ap.add_argument("--page-kb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jsonl", action="store_true")
    a = ap.parse_args()
    if not a.pages and not a.mb:
        ap.error("give --pages or --mb")
    paths = generate(a.out, a.pages, a.mb, a.page_kb, a.seed, a.jsonl)
    print(f"wrote {len(paths)} file(s) under {a.out}")


if __name__ == "__main__":
    main()
