#!/usr/bin/env python3
"""Injected-defect quality harness: kanwu's recall and its clean-text finding rate, measured on
real newspaper text it has never seen.

    python benchmarks/quality.py --corpus DIR [--seed N] [--level standard|hard] [--pages N]
                                 [--kanwu PATH] [--out DIR] [--json]
                                 [--show-clean RULE [--limit N]] [--show-missed FAMILY [--limit N]]

DIR holds articles.jsonl as written by benchmarks/pd_corpus.py (see benchmarks/README.md,
"Quality harness", for how to rebuild it; the text is not ours and never goes into git).

From real e-paper pages (the articles of one page, in order) the harness writes two folders
under --out: clean/ (the pages as a scraper leaves them: headlines, datelines, paragraphs,
captions, with no defect added) and injected/ (the same pages with defects of every family
injected, benchmarks/inject.py), plus gold.jsonl (one defect per line, with code-point offsets
into the injected page; the format benchmarks' score_gold.py reads) and negatives.jsonl
(natural look-alikes such as 天天, 研究研究, “来啦！来啦！” that must stay silent). kanwu runs once
over each folder (`check --output-format json --exit-zero --isolated`), so the corpus rules see
the whole set.

Printed: recall per family and shape, macro recall (a defect is found when a finding of its
family, rule == family or rule starting with family + "-", overlaps its span widened by 2 code
points, as ../shared/tools/score_gold.py does); look-alikes touched; findings per 100,000
characters per rule on the clean pages and on the injected pages. --seed makes everything
repeatable. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inject import FAMILIES, build_set, load_articles  # noqa: E402

SLACK = 2


def of(rule: str, family: str) -> bool:
    return family == "any" or rule == family or rule.startswith(family + "-")


def overlaps(f: dict, s: int, e: int, slack: int) -> bool:
    return f["start"]["offset"] < e + slack and f["end"]["offset"] > s - slack


def score(golds: list[dict], negatives: list[dict], findings: list[dict]) -> dict:
    """Recall per family and shape, look-alikes touched. Pure: used by the tests."""
    by_file: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        by_file[os.path.basename(f["path"])].append(f)
    found, total = Counter(), Counter()
    sfound, stotal = Counter(), Counter()
    missed = []
    for g in golds:
        hit = any(of(f["rule"], g["family"]) and overlaps(f, g["start"], g["end"], SLACK)
                  for f in by_file[g["file"]])
        key = (g["family"], g["shape"])
        total[g["family"]] += 1
        stotal[key] += 1
        if hit:
            found[g["family"]] += 1
            sfound[key] += 1
        else:
            missed.append(g)
    touched = Counter()
    neg_total = Counter(n["shape"] for n in negatives)
    touched_list = []
    for n in negatives:
        for f in by_file[n["file"]]:
            if of(f["rule"], n["family"]) and overlaps(f, n["start"], n["end"], 0):
                touched[n["shape"]] += 1
                touched_list.append((n, f))
                break
    recall = {fam: found[fam] / total[fam] for fam in FAMILIES if total[fam]}
    return {
        "recall": recall,
        "found": {fam: found[fam] for fam in recall},
        "total": {fam: total[fam] for fam in recall},
        "macro_recall": sum(recall.values()) / max(1, len(recall)),
        "micro_recall": sum(found.values()) / max(1, sum(total.values())),
        "shapes": {f"{fam}/{shape}": [sfound[(fam, shape)], n]
                   for (fam, shape), n in sorted(stotal.items())},
        "negatives": {k: [touched[k], n] for k, n in sorted(neg_total.items())},
        "missed": missed,
        "touched": touched_list,
    }


def rates(findings: list[dict], chars: int) -> dict[str, dict]:
    c = Counter(f["rule"] for f in findings)
    per = 100_000 / max(1, chars)
    return {r: {"findings": n, "per_100k": round(n * per, 2)} for r, n in sorted(c.items())}


def kanwu_cmd(kanwu: str | None) -> list[str]:
    if kanwu:
        return [kanwu]
    exe = shutil.which("kanwu")
    if exe:
        return [exe]
    return [sys.executable, "-m", "kanwu"]


def run_kanwu(cmd: list[str], folder: Path, jobs: int) -> tuple[list[dict], float]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd + ["check", "--output-format", "json", "--exit-zero", "--isolated",
                                 "--jobs", str(jobs), str(folder)],
                          capture_output=True, text=True, encoding="utf-8")
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"kanwu failed on {folder} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout or "[]"), dt


def write_set(out: Path, built) -> None:
    for sub in ("clean", "injected"):
        d = out / sub
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    for name, text, _ in built.clean:
        (out / "clean" / name).write_text(text, encoding="utf-8", newline="")
    for name, text in built.injected:
        (out / "injected" / name).write_text(text, encoding="utf-8", newline="")
    with open(out / "gold.jsonl", "w", encoding="utf-8") as fh:
        for g in built.golds:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
    with open(out / "negatives.jsonl", "w", encoding="utf-8") as fh:
        for n in built.negatives:
            fh.write(json.dumps(n, ensure_ascii=False) + "\n")


def context(text: str, s: int, e: int, width: int = 40) -> str:
    a, b = max(0, s - width), min(len(text), e + width)
    return (repr(text[a:s])[1:-1] + "⟦" + repr(text[s:e])[1:-1] + "⟧" + repr(text[e:b])[1:-1])


def table(res: dict, clean_rates: dict, inj_rates: dict, meta: dict) -> str:
    lines = [f"level {meta['level']}, seed {meta['seed']}: {meta['pages']} pages, "
             f"{meta['clean_chars']:,} chars clean / {meta['injected_chars']:,} injected; "
             f"kanwu {meta['kanwu_seconds_clean']:.1f} s + {meta['kanwu_seconds_injected']:.1f} s",
             "", f"{'family':24} {'found/total':>12}  recall"]
    for fam in FAMILIES:
        if fam in res["recall"]:
            lines.append(f"{fam:24} {res['found'][fam]:>5}/{res['total'][fam]:<6} "
                         f"{res['recall'][fam]:6.2f}")
        else:
            lines.append(f"{fam:24} {'-':>12}       (none injected)")
    lines.append(f"macro recall {res['macro_recall']:.3f}   micro recall {res['micro_recall']:.3f}")
    lines += ["", "recall per shape:"]
    for k, (f, n) in res["shapes"].items():
        lines.append(f"  {k:48} {f:>4}/{n:<4} {f / n:5.2f}")
    lines += ["", "natural look-alikes touched by repeated-word (must stay silent):"]
    for k, (t, n) in res["negatives"].items():
        lines.append(f"  {k:8} {t}/{n}")
    lines += ["", f"{'rule':24} {'clean':>7} {'per 100k':>9} {'injected':>9} {'per 100k':>9}"]
    rules = sorted(set(clean_rates) | set(inj_rates))
    for r in rules:
        c = clean_rates.get(r, {"findings": 0, "per_100k": 0})
        i = inj_rates.get(r, {"findings": 0, "per_100k": 0})
        lines.append(f"{r:24} {c['findings']:>7} {c['per_100k']:>9.2f} {i['findings']:>9} "
                     f"{i['per_100k']:>9.2f}")
    ct = sum(v["findings"] for v in clean_rates.values())
    it = sum(v["findings"] for v in inj_rates.values())
    lines.append(f"{'total':24} {ct:>7} {ct * 1e5 / max(1, meta['clean_chars']):>9.2f} {it:>9} "
                 f"{it * 1e5 / max(1, meta['injected_chars']):>9.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder with articles.jsonl")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--level", choices=["standard", "hard"], default="standard")
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--kanwu", help="kanwu executable (default: kanwu on PATH)")
    ap.add_argument("--jobs", type=int, default=2, help="kanwu --jobs (default 2)")
    ap.add_argument("--out", type=Path, help="where to write the pages (default: a temp folder)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--show-clean", metavar="RULE", help="print findings of RULE on the clean pages")
    ap.add_argument("--show-missed", metavar="FAMILY", help="print missed injections of FAMILY")
    ap.add_argument("--limit", type=int, default=20)
    a = ap.parse_args(argv)

    articles = load_articles(a.corpus)
    built = build_set(articles, pages=a.pages, seed=a.seed, level=a.level)
    tmp = None
    out = a.out
    if out is None:
        tmp = tempfile.TemporaryDirectory(prefix="kanwu-quality-")
        out = Path(tmp.name)
    out.mkdir(parents=True, exist_ok=True)
    write_set(out, built)
    cmd = kanwu_cmd(a.kanwu)
    clean_f, t_clean = run_kanwu(cmd, out / "clean", a.jobs)
    inj_f, t_inj = run_kanwu(cmd, out / "injected", a.jobs)
    (out / "findings-clean.json").write_text(json.dumps(clean_f, ensure_ascii=False), encoding="utf-8")
    (out / "findings-injected.json").write_text(json.dumps(inj_f, ensure_ascii=False), encoding="utf-8")

    clean_chars = sum(len(t) for _, t, _ in built.clean)
    inj_chars = sum(len(t) for _, t in built.injected)
    res = score(built.golds, built.negatives, inj_f)
    clean_neg = [dict(file=n, family="repeated-word", start=s, end=e, shape="clean")
                 for n, _, spans in built.clean for s, e in spans]
    meta = {"level": a.level, "seed": a.seed, "pages": len(built.injected),
            "clean_chars": clean_chars, "injected_chars": inj_chars,
            "kanwu_seconds_clean": t_clean, "kanwu_seconds_injected": t_inj,
            "kanwu": " ".join(cmd), "out": str(out) if a.out else None}
    cr, ir = rates(clean_f, clean_chars), rates(inj_f, inj_chars)
    if a.json:
        print(json.dumps({"meta": meta, "recall": res["recall"], "found": res["found"],
                          "total": res["total"], "macro_recall": res["macro_recall"],
                          "micro_recall": res["micro_recall"], "shapes": res["shapes"],
                          "negatives_touched": res["negatives"],
                          "clean_negatives_touched": score([], clean_neg, clean_f)["negatives"],
                          "clean": cr, "injected": ir}, ensure_ascii=False, indent=1))
    else:
        print(table(res, cr, ir, meta))

    texts_clean = {n: t for n, t, _ in built.clean}
    texts_inj = dict(built.injected)
    if a.show_clean:
        sel = [f for f in clean_f if of(f["rule"], a.show_clean)]
        print(f"\n{len(sel)} findings of {a.show_clean} on the clean pages; first {a.limit}:")
        for f in sel[:a.limit]:
            n = os.path.basename(f["path"])
            print(f"\n{n}:{f['start']['line']} {f['rule']}: {f['message']}")
            print("   ", context(texts_clean[n], f["start"]["offset"], f["end"]["offset"]))
    if a.show_missed:
        sel = [g for g in res["missed"] if g["family"] == a.show_missed]
        print(f"\n{len(sel)} missed {a.show_missed} injections; first {a.limit}:")
        for g in sel[:a.limit]:
            t = texts_inj[g["file"]]
            near = [f"{f['rule']}@{f['start']['offset']}-{f['end']['offset']}"
                    for f in inj_f if os.path.basename(f["path"]) == g["file"]
                    and overlaps(f, g["start"], g["end"], 30)]
            print(f"\n{g['file']} [{g['shape']}] {g['start']}-{g['end']}"
                  + (f" fixed={g['fixed']!r}" if "fixed" in g else "")
                  + (f"  nearby: {', '.join(near)}" if near else ""))
            print("   ", context(t, g["start"], g["end"]))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
