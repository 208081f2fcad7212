"""The quality harness's pure parts (benchmarks/pd_corpus.py, inject.py, quality.py): fast, no
corpus needed. The pages are built from the repository's own seed pages."""
import os
import random
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import inject  # noqa: E402
import pd_corpus  # noqa: E402
import quality  # noqa: E402


def test_unpad_joins_padded_two_character_names_only():
    assert pd_corpus.unpad("本报记者 张 炜 崔 佳") == "本报记者 张炜 崔佳"
    assert pd_corpus.unpad("曹 峰摄（人民视觉）") == "曹峰摄（人民视觉）"
    assert pd_corpus.unpad("曹 一图 杨立新文") == "曹一图 杨立新文"
    assert pd_corpus.unpad("本报记者 刘成友 王伟健") == "本报记者 刘成友 王伟健"
    assert pd_corpus.unpad("制图：王 婷") == "制图：王婷"


def test_clean_line_dateline_and_nbsp():
    assert (pd_corpus.clean_line("\u3000\u3000本报北京2月20日电\xa0\xa0（记者李昌禹）20日，", body=True)
            == "本报北京2月20日电（记者李昌禹）20日，")
    assert (pd_corpus.clean_line("新华社北京2月3日电\xa0\xa0中华人民共和国", body=True)
            == "新华社北京2月3日电 中华人民共和国")
    assert pd_corpus.clean_line("\u3000\u3000本报记者\xa0\xa0常\xa0\xa0钦\xa0\xa0郁静娴\xa0", body=True) \
        == "本报记者 常钦 郁静娴"
    assert pd_corpus.clean_line("\u3000\u3000——编\xa0\xa0者\xa0\xa0", body=True) == "——编者"


def test_parse_heads_and_paragraphs():
    raw = "\r\n引题\r\n主标题（栏目）\r\n\r\n\u3000\u3000第一段。\r\n\u3000\u3000\r\n\u3000\u3000第二段。\xa0\r\n"
    assert pd_corpus.parse(raw) == (["引题", "主标题（栏目）"], ["第一段。", "第二段。"])


def test_convert_never_opens_other_months(tmp_path):
    day = tmp_path / "2019年2月" / "20190215"
    day.mkdir(parents=True)
    (day / "20190215-01-01.txt").write_bytes("标题\r\n\r\n\u3000\u3000正文。\r\n".encode())
    other = tmp_path / "2019年7月" / "20190715"
    other.mkdir(parents=True)
    os.symlink(tmp_path / "nowhere", other / "20190715-01-01.txt")  # opening it would fail
    stats = pd_corpus.convert(tmp_path, tmp_path / "out")
    assert stats["articles"] == 1 and stats["months"] == ["201902"] and stats["skipped_files"] == 1


def test_render_strips_markers_and_reports_offsets():
    page = inject.Page("p.txt", [inject.Block("head", 0, "标题"), inject.Block("para", 0, "甲乙丙丁。")],
                       ["\n\n"])
    marks = page.add(inject.Gold("repeated-word", "x", "standard", "乙"))
    page.blocks[1].text = inject.wrap(page.blocks[1].text, 1, 2, marks, "乙乙")
    text, spans = inject.render(page)
    assert text == "\n\n标题\n\n甲乙乙丙丁。"
    s, e = spans[0]
    assert text[s:e] == "乙乙"
    assert not inject.free(page.blocks[1].text, 0, 1)
    assert inject.free(page.blocks[1].text, 7, 8)  # two past the end marker


def seed_articles():
    arts = []
    for n, p in enumerate(sorted((ROOT / "seeds").glob("*.txt"))):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", p.read_text(encoding="utf-8")) if b.strip()]
        start = next(i for i, b in enumerate(blocks) if b.startswith("本报讯"))
        arts.append(inject.Article(f"20220101-{n:02d}-01", blocks[:start], blocks[start:]))
        arts.append(inject.Article(f"20220101-{n:02d}-02", blocks[:1], blocks[start + 1:]))
    return arts


@pytest.mark.parametrize("level", inject.LEVELS)
def test_build_set_is_deterministic_and_gold_spans_hold(level):
    arts = seed_articles()
    a = inject.build_set(arts, pages=5, seed=3, level=level)
    b = inject.build_set(arts, pages=5, seed=3, level=level)
    assert a.injected == b.injected and a.golds == b.golds and a.clean == b.clean
    texts = dict(a.injected)
    assert a.golds
    for g in a.golds:
        t = texts[g["file"]]
        assert 0 <= g["start"] <= g["end"] <= len(t)
        assert g["family"] in inject.FAMILIES and g["level"] == level
        if g.get("fixed") and g["family"] in ("halfwidth-punctuation", "repeated-word",
                                              "traditional-char"):
            assert t[g["start"]:g["end"]] != g["fixed"]
    for _, t in a.injected:
        assert not inject.MARK_RE.search(t)
    for _, t, negs in a.clean:
        assert not inject.MARK_RE.search(t)
        for s, e in negs:
            assert s < e


def test_continuation_text_shapes():
    rng = random.Random(0)
    std = {inject.continuation_text(rng, "down", "standard") for _ in range(50)}
    assert all(re.fullmatch(r"（下转第[0-9一二三四五六七八九十]+版）", m) for m in std)
    hard = {inject.continuation_text(rng, "up", "hard") for _ in range(200)}
    assert any(m.startswith("(") for m in hard) and any(not m.startswith(("(", "（")) for m in hard)


def test_score_overlap_with_slack_and_prefix_rules():
    golds = [{"file": "a.txt", "family": "whitespace", "start": 10, "end": 11, "shape": "s"},
             {"file": "a.txt", "family": "markup", "start": 50, "end": 52, "shape": "t"}]
    negs = [{"file": "a.txt", "family": "repeated-word", "start": 30, "end": 32, "shape": "AA"}]

    def f(rule, s, e):
        return {"path": "/x/a.txt", "rule": rule, "start": {"offset": s}, "end": {"offset": e}}

    res = quality.score(golds, negs, [f("whitespace-trailing", 12, 13), f("repeated-word", 31, 32),
                                      f("markup", 60, 61)])
    assert res["recall"] == {"whitespace": 1.0, "markup": 0.0}
    assert res["negatives"] == {"AA": [1, 1]}
    assert res["macro_recall"] == 0.5
