"""The seed pages against their gold list: recall per family, negatives, and fixed strings.

Corpus families (name-variant, title-inconsistency) need the whole folder in one run, which
is exactly how this test runs kanwu."""
import collections
import json
import shutil

import pytest

from .conftest import SEEDS, kanwu

GOLD = [json.loads(line) for line in (SEEDS / "GOLD.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
SLACK = 2


def text_of(name, root=SEEDS):
    with open(root / name, encoding="utf-8", newline="") as f:
        return f.read()


def spans(text, snippet, occurrence=None):
    out, i = [], text.find(snippet)
    while i >= 0:
        out.append((i, i + len(snippet)))
        i = text.find(snippet, i + 1)
    return out[occurrence - 1:occurrence] if occurrence else out


@pytest.fixture(scope="module")
def findings():
    r = kanwu("check", "--output-format", "json", "--exit-zero", str(SEEDS))
    assert r.returncode == 0, r.stderr.decode()
    by_file = collections.defaultdict(list)
    for f in json.loads(r.stdout):
        by_file[f["path"].rsplit("/", 1)[-1]].append(f)
    return by_file


def of(f, family):
    """A finding of a family: its rule, or one check split out of it (whitespace-trailing)."""
    return family == "any" or f["rule"] == family or f["rule"].startswith(family + "-")


def hits(findings, name, family, s, e, slack):
    return [f for f in findings[name] if of(f, family)
            and f["start"]["offset"] < e + slack and f["end"]["offset"] > s - slack]


def recall_by_family(findings):
    found, total = collections.Counter(), collections.Counter()
    for g in GOLD:
        fam = g["family"]
        if "not" in g:
            continue
        if "count" in g:
            n = sum(1 for f in findings[g["file"]] if of(f, fam))
            total[fam] += g["count"]
            found[fam] += min(n, g["count"])
            continue
        total[fam] += 1
        sp = spans(text_of(g["file"]), g["at"], g.get("occurrence"))
        assert sp, g
        found[fam] += bool(hits(findings, g["file"], fam, *sp[0], SLACK))
    return {fam: found[fam] / total[fam] for fam in total}


def test_recall_per_family(findings):
    recall = recall_by_family(findings)
    low = {fam: r for fam, r in recall.items() if r < 0.95}
    assert not low, low


def test_no_negative_case_is_touched(findings):
    touched = []
    for g in GOLD:
        if "not" in g:
            for s, e in spans(text_of(g["file"]), g["not"]):
                touched += [(g["file"], g["not"], f["rule"]) for f in hits(findings, g["file"], g["family"], s, e, 0)]
    assert touched == []


def test_fix_produces_every_gold_fixed_string(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy, ignore=shutil.ignore_patterns("*.jsonl"))
    kanwu("check", "--fix", "--exit-zero", str(copy), check=True)
    missing = [g["fixed"] for g in GOLD if "fixed" in g and g["fixed"] not in text_of(g["file"], copy)]
    assert missing == []
