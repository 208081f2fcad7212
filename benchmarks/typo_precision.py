#!/usr/bin/env python3
"""typo-suspect's precision on sentences with annotated typos (issue 16).

    python benchmarks/typo_precision.py --data DIR [--kanwu PATH] [--show N] FILE...

Each FILE (under DIR) holds one sentence a line as ECSpell's domain sets do
(https://github.com/aopolin-lv/ECSpell, MIT, Data/domains_data/*.{train,test}):
``errors<TAB>sentence as written<TAB>sentence corrected``. The written sentences go to kanwu as
one page, one paragraph each (``check --select typo-suspect``); a finding is right when its span
covers a character the correction changes. Printed: sentences, findings, right and wrong, the
precision, and the wrong findings (with whether their sentence has any annotated typo) to read
by hand: a dataset misses typos too. Recall is not the point: typo-suspect looks only at fixed
expressions of four or more characters, and most typos make another real word.

The data is not ours and never goes into git; see benchmarks/README.md for how to fetch it.
Standard library only.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile


def read(path: str) -> list[tuple[str, str]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and len(parts[1]) == len(parts[2]) and parts[1]:
                out.append((parts[1], parts[2]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="folder holding the FILEs")
    ap.add_argument("--kanwu", default="kanwu", help="kanwu executable (default: kanwu on PATH)")
    ap.add_argument("--show", type=int, default=20, help="wrong findings to print (default 20)")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    rows = [r for name in a.files for r in read(os.path.join(a.data, name))]
    starts, text = [], []
    pos = 0
    for wrong, _ in rows:
        starts.append(pos)
        text.append(wrong + "\n\n")
        pos += len(wrong) + 2
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "sentences.txt")
        with open(page, "w", encoding="utf-8") as f:
            f.write("".join(text))
        run = subprocess.run([a.kanwu, "check", "--isolated", "--select", "typo-suspect", "--exit-zero",
                              "--output-format", "json", page], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"kanwu failed: {run.stderr.strip()}")
    findings = json.loads(run.stdout)
    right, wrong_ones = 0, []
    for f in findings:
        a_, b_ = f["start"]["offset"], f["end"]["offset"]
        k = bisect.bisect_right(starts, a_) - 1
        s, (written, corrected) = starts[k], rows[k]
        changed = [i for i, (x, y) in enumerate(zip(written, corrected)) if x != y]
        if any(a_ - s <= i < b_ - s for i in changed):
            right += 1
        else:
            wrong_ones.append((written, a_ - s, b_ - s, bool(changed), f["message"]))
    typed = sum(1 for w, c in rows if w != c)
    n = len(findings)
    print(f"{len(rows)} sentences ({typed} with annotated typos); typo-suspect findings {n}: "
          f"right {right}, wrong {len(wrong_ones)}; precision {right / n if n else 0:.2f}")
    for written, s, e, has_typo, msg in wrong_ones[:a.show]:
        print(f"  {written[max(0, s - 10):s]}[{written[s:e]}]{written[e:e + 10]}  "
              f"({'sentence has other typos' if has_typo else 'sentence marked correct'}): {msg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
