#!/usr/bin/env python3
"""Convert the People's Daily e-paper crawl (caspiankexin/people-daily-crawler-date) into
clean article records for the quality harness (benchmarks/quality.py).

    python benchmarks/pd_corpus.py RAW_DIR OUT_DIR

RAW_DIR is what `7zz x 2019年N月.7z` leaves: folders 2019年N月/YYYYMMDD/YYYYMMDD-PP-NN.txt,
one article per file (PP = page of the e-paper, NN = article on that page), UTF-8 with CRLF:
an optional blank line, one to three headline lines (kicker / main headline with its column
tag / deck), a blank line, then one body paragraph per line, each indented with two U+3000.

Only January to June 2019 is read: every other month is reserved for the maintainers'
acceptance tests, so a file whose name does not say 201901..201906 is never opened.

OUT_DIR/articles.jsonl gets one record per article, sorted by id:
    {"id": "20190204-04-03", "date": "20190204", "page": "04", "seq": "03",
     "heads": [headline lines], "paras": [body paragraphs]}
What the conversion does, and nothing more (the text's own slips are kept as they are):
- CRLF -> LF; leading indentation and trailing whitespace of every line removed; empty
  paragraphs dropped;
- NBSP (the site's &nbsp; spacing) -> one ASCII space per run, except that the spacing between
  a dateline and its reporter bracket is dropped (本报北京2月20日电  （记者X） -> 电（记者X）), and
  the padding that makes a two-character name as wide as a three-character one (贺  勇) is
  removed in credit, byline and signature lines (本报记者 贺勇, 曹峰摄（人民视觉））.
The output is deterministic (same input, same bytes). It is not ours: never commit it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ALLOWED = re.compile(r"^2019(0[1-6])(\d\d)-(\d\d)-(\d\d)\.txt$")
HAN = "\u4e00-\u9fff"
NBSP_RUN = re.compile("\xa0+")
DATELINE_GAP = re.compile(r"(电)[ \xa0\u3000]+(（)")
# lines whose spaces are layout: photo/text credits, staff bylines, signatures
CREDIT_LINE = re.compile(
    r"(摄(影报道)?|[文图]|制图|供图)(（[^（）]{1,8}）)?\s*$|^(本报记者|本报通讯员|新华社记者|记者|通讯员|"
    r"版式设计|制图|本版制图|——)")
CREDIT_SUFFIX = re.compile(r"(摄影报道|摄影|摄|制图|供图|图|文)(（[^（）]{1,8}）)?$")


def unpad(line: str) -> str:
    """Remove the padding inside two-character names of a credit or byline line.

    '本报记者 张 炜 崔 佳' -> '本报记者 张炜 崔佳'; '曹 峰摄（人民视觉）' -> '曹峰摄（人民视觉）';
    '曹 一图 杨立新文' -> '曹一图 杨立新文'. A single Han character standing alone between spaces
    is half of a padded name; it joins the next token when that is one character long (with
    an optional credit suffix such as 摄 or 图).
    """
    label = re.match(r"^[^ ：]{1,6}：", line)  # 制图：王 婷 -> the label is not part of the name
    if label:
        return label.group() + unpad(line[label.end():].lstrip())
    tokens = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (len(tok) == 1 and re.match(f"[{HAN}]", tok) and i + 1 < len(tokens)):
            nxt = tokens[i + 1]
            m = CREDIT_SUFFIX.search(nxt)
            core = nxt[:m.start()] if m and m.start() > 0 else nxt
            if len(core) == 1 and re.match(f"[{HAN}]", core):
                out.append(tok + nxt)
                i += 2
                continue
        out.append(tok)
        i += 1
    return " ".join(out)


def clean_line(line: str, *, body: bool) -> str:
    line = line.strip(" \t\r\n\xa0\u3000\u200b\ufeff")
    line = DATELINE_GAP.sub(r"\1\2", line)
    line = NBSP_RUN.sub(" ", line)
    line = re.sub(" {2,}", " ", line)
    if body and len(line) <= 60 and CREDIT_LINE.search(line):
        lead = "——" if line.startswith("——") else ""
        line = lead + unpad(line[len(lead):])
    return line


def parse(text: str) -> tuple[list[str], list[str]]:
    """Headline lines (unindented lines before the first indented one) and paragraphs."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heads: list[str] = []
    paras: list[str] = []
    in_body = False
    for raw in lines:
        if raw.startswith("\u3000") or raw.startswith("\xa0\xa0"):
            in_body = True
        if not in_body:
            h = clean_line(raw, body=False)
            if h:
                heads.append(h)
            continue
        p = clean_line(raw, body=True)
        if p:
            paras.append(p)
    return heads, paras


def convert(raw_dir: Path, out_dir: Path) -> dict:
    records = []
    skipped = 0
    for root, dirs, files in os.walk(raw_dir):
        dirs.sort()
        for name in sorted(files):
            m = ALLOWED.match(name)
            if not m:
                skipped += 1  # another month, or not an article: never opened
                continue
            text = Path(root, name).read_bytes().decode("utf-8-sig")
            heads, paras = parse(text)
            if not paras:
                continue
            art_id = name[:-4]
            date, page, seq = art_id.split("-")
            records.append({"id": art_id, "date": date, "page": page, "seq": seq,
                            "heads": heads, "paras": paras})
    records.sort(key=lambda r: r["id"])
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "articles.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    chars = sum(len("".join(r["heads"])) + len("".join(r["paras"])) for r in records)
    months = sorted({r["date"][:6] for r in records})
    return {"articles": len(records), "chars": chars, "months": months,
            "pages": len({(r["date"], r["page"]) for r in records}), "skipped_files": skipped}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    a = ap.parse_args(argv)
    stats = convert(a.raw_dir, a.out_dir)
    print(json.dumps(stats, ensure_ascii=False), file=sys.stderr)
    return 0 if stats["articles"] else 1


if __name__ == "__main__":
    sys.exit(main())
