"""Every option of every rule changes what the rule reports: each is run with a non-default
value on text where it matters, through the same Session the CLI uses, and must give other
findings than the default. A rule option nobody exercises fails the completeness test."""
import json

import pytest

from kanwu.pipeline import RunOptions, Session
from kanwu.registry import Registry

DUP = "会议强调，要坚决落实各项防控措施，确保群众生命安全。"
HEADLINES = ("全市新建口袋公园二十个\n\n老旧小区加装电梯 居民上下楼方便\n\n"
             "本报讯（记者 周伟）今年以来，我市持续推进城市更新，新建口袋公园二十个，市民在家门口就能休闲健身。\n\n"
             "据介绍，口袋公园建设充分利用城市边角地，因地制宜布置绿地和健身设施，让市民推窗见绿、出门进园。\n\n"
             "市园林局负责同志表示，明年还将新建一批口袋公园，并对已建成的公园加强日常管护，确保设施完好、环境整洁。\n\n"
             "不少市民说，家门口的公园越来越多，周末不用跑远路，带着孩子在附近就能玩得很开心，生活品质明显提升。\n\n"
             "本报讯（记者 吴敏）记者从市住建局获悉，今年全市老旧小区加装电梯一百部，居民上下楼不再难。\n\n"
             "加装电梯工作由社区牵头。\n")
CASES = {
    # (rule, option): (non-default value, {file: text})
    ("page-break-split", "min-length"): (12, {"a.txt": "本报讯 会议指出。\n\n会议要求，各单位要，\n\n全面落实方案，确保安全。\n"}),
    ("page-break-split", "prose-length"): (15, {"a.txt": "本报讯 会议指出。\n\n在新的一年里我们将加快推进乡村振兴\n\n工作取得新成效。\n"}),
    ("photo-caption", "uncredited-max-length"): (5, {"a.txt": (
        "标题\n\n本报讯（记者 孙丽 文/摄）游客在城墙上拍照留念，感受历史文化魅力。\n\n"
        "景区负责人介绍，今年以来服务设施不断完善。\n\n游客在城墙上拍照留念。\n")}),
    ("photo-caption", "min-coverage"): (1.0, {"a.txt": (
        "标题\n\n本报讯（记者 孙丽 文/摄）游客在城墙上拍照留念，感受历史文化魅力。\n\n"
        "景区负责人介绍，今年以来服务设施不断完善。\n\n游客在城墙上拍照合影。\n")}),
    ("misplaced-headline", "min-coverage"): (0.9, {"a.txt": HEADLINES}),
    ("misplaced-headline", "margin"): (0.9, {"a.txt": HEADLINES}),
    ("duplicate-sentence", "min-length"): (30, {"a.txt": f"本报讯 {DUP}今天天气很好，阳光明媚。{DUP}\n"}),
    ("duplicate-sentence", "min-length-adjacent"): (3, {"a.txt": "本报讯 会议召开。会议召开。\n"}),
    ("duplicate-sentence", "min-length-across-articles"): (12, {"a.txt": (
        f"标题一\n\n本报讯 {DUP}\n\n本报讯 {DUP}\n")}),
    ("duplicate-sentence", "max-distance"): (0, {"a.txt": f"本报讯 {DUP}{DUP.replace('确保', '确宝')}\n"}),
    ("duplicate-sentence", "window"): (1, {"a.txt": f"本报讯 {DUP}今天天气很好，阳光明媚。{DUP}\n"}),
    ("duplicate-sentence", "max-paragraph-gap"): (0, {"a.txt": f"本报讯 {DUP}\n\n{DUP}\n"}),
    ("traditional-char", "allow"): (["發展"], {"a.txt": "加快發展现代服务业。\n"}),
    ("traditional-char", "strict"): (True, {"a.txt": "作家萧乾的作品。\n"}),
    ("whitespace-blank-lines", "max-blank-lines"): (1, {"a.txt": "第一段。\n\n\n第二段。\n"}),
    ("number-usage-range-hyphen", "range-mark-value"): ("—", {"a.txt": "每亩增收200-300元。\n"}),
    ("number-usage-range-hyphen", "range-mark-time"): ("～", {"a.txt": "2013-2015年，全省累计完成投资。\n"}),
    ("duplicate-paragraph", "min-length"): (10, {"a.txt": f"本报讯 {DUP}\n", "b.txt": f"本报讯 {DUP}\n"}),
    ("duplicate-paragraph", "max-documents"): (2, {f"{k}.txt": "本报讯 " + DUP * 3 + "\n" for k in "abc"}),
    ("typo-suspect", "min-gain"): (40.0, {"a.txt": "本报讯 春节假期刚过，不少企业迫不急待地开工复产。\n"}),
    ("name-variant", "min-canonical-docs"): (3, {
        "a.txt": "本报讯（记者 殷雪莹、梁涛）会议召开。\n", "b.txt": "本报讯（记者 殷雪莹、梁涛）会议结束。\n",
        "c.txt": "本报讯（记者 殷雪鸢、梁涛）工作推进。\n"}),
    ("title-inconsistency", "min-usual"): (3, {
        "a.txt": "市委副书记、市长王建平主持会议。\n", "b.txt": "市委副书记、市长王建平出席会议。\n",
        "c.txt": "省委副书记、市长王建平讲话。\n"}),
    ("name-variant", "max-share"): (0.1, {
        "a.txt": "本报讯（记者 殷雪莹、梁涛）会议召开。\n", "b.txt": "本报讯（记者 殷雪莹、梁涛）会议结束。\n",
        "c.txt": "本报讯（记者 殷雪鸢、梁涛）工作推进。\n"}),
}


def findings(tmp_path, rule, files, options):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    table = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in options.items())
    (tmp_path / "kanwu.toml").write_text(f'[rules.{rule}]\n{table}\n', encoding="utf-8")
    session = Session.load(str(tmp_path), config=str(tmp_path / "kanwu.toml"), select=[rule])
    paths, errors = session.discover([str(tmp_path)])
    assert not errors
    return [(f.path.rsplit("/", 1)[-1], f.start.offset, f.end.offset, f.message.replace(str(tmp_path), "DIR"))
            for r in session.check(paths, RunOptions()) for f in r.findings]


@pytest.mark.parametrize("rule,option", sorted(CASES), ids=lambda x: str(x))
def test_option_changes_findings(tmp_path, rule, option):
    value, files = CASES[(rule, option)]
    (tmp_path / "default").mkdir()
    (tmp_path / "set").mkdir()
    default = findings(tmp_path / "default", rule, files, {})
    changed = findings(tmp_path / "set", rule, files, {option: value})
    assert default != changed, f"{rule}: setting {option} = {value!r} changed nothing"


def test_every_option_is_exercised():
    registry = Registry.from_entry_points()
    declared = {(r.name, o) for r in registry.rules for o in r.options}
    assert declared - set(CASES) == set(), "options without a test that shows their effect"
