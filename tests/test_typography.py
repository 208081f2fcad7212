"""Typography rules (whitespace, markup, halfwidth-punctuation, unbalanced-bracket,
traditional-char) on real-looking news lines: the cases a fixture file cannot show on its own
(e-paper layout, one defect giving one finding, decisions made once per document), and the
knowledge they read from kanwu.zh."""
import pytest

from kanwu.document import Document
from kanwu.zh import standard
from kanwu.zh.chars import INDENT_RUN, stretch_start

from .conftest import make_linter


def findings(registry, select, text):
    linter = make_linter(registry, [select])
    return [(d.rule, text[d.start:d.end]) for d in linter.check(Document(text))]


def fixed(registry, select, text, unsafe=False):
    out, _, _ = make_linter(registry, [select]).fix(text, None, unsafe=unsafe)
    return out


# -- kanwu.zh ----------------------------------------------------------------------------------
@pytest.mark.parametrize("run, indent", [
    ("\u3000\u3000", True), ("\u3000\u3000\u3000\u3000", True), ("\xa0\u3000\u3000", True), ("    ", True),
    ("\u3000", False), ("  ", False), (" \u3000", False)])
def test_indent_run(run, indent):
    assert bool(INDENT_RUN.fullmatch(run)) is indent


def test_standard_table_decides_what_is_traditional():
    assert standard.replaces_standard("發", "发")
    assert not standard.replaces_standard("覆", "复")       # 覆 is in the table itself
    assert not standard.replaces_standard("薹", "苔")       # so is 薹
    assert not standard.replaces_standard("輖", "\U0002B40F")  # its simplified form is not
    assert not standard.replaces_standard("頫", "\U0002B5AF", max_level=2)  # level 3: names
    assert standard.SET_USE["於"] == "于"


# -- whitespace --------------------------------------------------------------------------------
def test_mid_line_indent_in_epaper_layout_splits_and_keeps_the_indent(registry):
    text = "\u3000\u3000园区建设全面启动。\u3000\u3000预计今年6月全部投运。\n\u3000\u3000园区位于新区西部。\n"
    assert findings(registry, "whitespace-mid-line-indent", text) == [
        ("whitespace-mid-line-indent", "\u3000\u3000")]
    assert fixed(registry, "whitespace-mid-line-indent", text) == (
        "\u3000\u3000园区建设全面启动。\n\u3000\u3000预计今年6月全部投运。\n\u3000\u3000园区位于新区西部。\n")


def test_lost_break_is_one_finding_not_also_a_space_next_to_punctuation(registry):
    text = "协同效应充分显现。\u3000\u3000经过五年的努力，蓝图正在变为现实。\n"
    assert findings(registry, "whitespace", text) == [("whitespace-mid-line-indent", "\u3000\u3000")]


def test_label_gap_in_mid_line_is_layout(registry):
    text = "\u3000\u3000李红英\u3000\u3000北方民族大学2015级学生。曾获国家奖学金。\n"
    assert findings(registry, "whitespace", text) == []


def test_a_label_alone_is_not_a_series(registry):
    """A short opening stretch and a space is a label only when the page sets several."""
    one = "公共资源如何 治理，是世界共同面对的难题。\n"
    assert findings(registry, "whitespace-between-han", one) == [("whitespace-between-han", " ")]
    series = "北京 大年初二，花灯点亮。\n\n河北 春节期间，游客众多。\n"
    assert findings(registry, "whitespace-between-han", series) == []


@pytest.mark.parametrize("text", [
    "他说：“我们要把这件事办好，群众满意是最高 标准。”\n",      # a quoted sentence is prose
    "这里是全国“治沙 英雄”王有德的“主战场”。\n",            # parts too short for a slogan
    "公交车也就变成了“流动的 四合院”。\n",                  # a part that ends open
    "他写了一篇题为《一张 通往梦想的机票》的文章。\n",        # a title part too short
    "本报北京2月26日电（记者吴 月辉）26日，大会召开。\n",     # a name cut inside a byline
])
def test_between_han_in_prose(registry, text):
    assert [r for r, _ in findings(registry, "whitespace-between-han", text)] == ["whitespace-between-han"]


@pytest.mark.parametrize("text", [
    "开展“定制春联 为爱献礼”等活动。\n",
    "“威名扬燕赵临西城乡留胜迹 忠魂归荆楚红安山水增光辉。”这副挽联记录着历史。\n",
    "《中共中央 国务院关于打赢脱贫攻坚战的决定》明确提出要求。\n",
    "新华社东京2月13日电（记者华 义）日本东京电力公司13日宣布。\n",
    "曾获国家奖学金。本报记者 张 文整理\n",
])
def test_between_han_left_alone(registry, text):
    assert findings(registry, "whitespace-between-han", text) == []


def test_display_lines_keep_their_spaces(registry):
    text = "“愁疙瘩”变“金豆豆” 农光互补收入增（总书记的深情牵挂）\n\n本报记者 贺 勇\n\n翰墨飘香 年味渐浓\n"
    assert findings(registry, "whitespace", text) == []


# -- markup ------------------------------------------------------------------------------------
def test_entity_escaped_twice_is_one_finding_and_decodes_fully(registry):
    text = "&amp;nbsp;总书记的到来提振了士气，&amp;ldquo;冠军&amp;rdquo;。\n"
    assert [s for _, s in findings(registry, "markup-html-entity", text)] == ["&amp;nbsp;", "&amp;ldquo;", "&amp;rdquo;"]
    assert fixed(registry, "markup-html-entity", text) == " 总书记的到来提振了士气，“冠军”。\n"


def test_blockquote_marker_is_not_a_comparison(registry):
    assert findings(registry, "markup-blockquote", ">50%的受访者满意。\n") == []
    assert fixed(registry, "markup-blockquote", "> 人民法院主动拥抱人工智能。\n") == "人民法院主动拥抱人工智能。\n"


# -- halfwidth-punctuation ---------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "详情见www.people.com.cn或http://x.cn/a.html，邮箱news@people.cn。\n",
    "全市经济增长3.5%，软件升级到2.0.1版。\n",
    "她说，The \"best\" choice was made. 这是原话。\n",
    "一.总则\n",
    "他说：“还没想好...”\n",
])
def test_halfwidth_leaves_numbers_urls_english_alone(registry, text):
    assert findings(registry, "halfwidth-punctuation", text) == []


def test_halfwidth_period_and_quotes(registry):
    text = '他说"一带一路"倡议深入人心"。\n'
    assert fixed(registry, "halfwidth-punctuation", '村子大变样.如今，"一带一路"倡议深入人心。\n') == (
        "村子大变样。如今，“一带一路”倡议深入人心。\n")
    # an odd straight quote: every mark is reported, the directions are a guess (unsafe)
    linter = make_linter(registry, ["halfwidth-punctuation"])
    diags = linter.check(Document(text))
    quotes = [d for d in diags if text[d.start] == '"']
    assert len(quotes) == 3 and all(d.fix.applicability.value == "unsafe" for d in quotes)


# -- unbalanced-bracket ------------------------------------------------------------------------
def test_mid_paragraph_quote_is_not_a_running_quotation(registry):
    text = "为建设这项“超级工程，李建华带领团队奋战了三年。\n\n“今年要完工。”他说。\n"
    assert findings(registry, "unbalanced-bracket", text) == [("unbalanced-bracket", "“")]


def test_running_quotation_after_a_colon(registry):
    text = "第九条修改为：“申请办理的程序：\n\n“（一）企业提出申请。\n\n“（二）委员会负责审评。”\n"
    assert findings(registry, "unbalanced-bracket", text) == []


def test_reversed_quotes_and_ascii_twins_are_other_rules_findings(registry):
    text = "他说：”我们要努力。“在民宿体验年味儿（新春新年俗)。\n"
    assert findings(registry, "unbalanced-bracket", text) == []


def test_verse_line_by_line_pairs_across_paragraphs(registry):
    text = "他唱起山歌：\n\n“太阳出来高万丈哎，\n\n哟嗬嗬，\n\n手抓石头脚蹬沙……”\n\n四川古蔺县太平渡渡口。\n"
    assert findings(registry, "unbalanced-bracket", text) == []
    cut = "中国提出的“一带一路\n\n”倡议得到响应。\n"  # a line that runs on is a split, not verse
    assert len(findings(registry, "unbalanced-bracket", cut)) == 2


# -- traditional-char --------------------------------------------------------------------------
def test_name_kept_in_traditional_form_is_decided_per_document(registry):
    both = "老板伍萬忙得停不下来。伍萬介绍，订单排到了春节前。\n"
    assert findings(registry, "traditional-char", both) == []
    simplified_elsewhere = "老板伍萬忙得停不下来。伍萬介绍，伍万的店生意很好。\n"
    assert len(findings(registry, "traditional-char", simplified_elsewhere)) == 2


def test_function_word_after_a_surname_is_no_name(registry):
    assert findings(registry, "traditional-char", "花灯越来越好看，技术都在變。\n") == [("traditional-char", "變")]
    assert findings(registry, "traditional-char", "主任王双說，配送中心每天配送百吨蔬菜。\n") == [
        ("traditional-char", "說")]


def test_title_in_traditional_script_and_mixed_title(registry):
    assert findings(registry, "traditional-char", "他读了《資治通鑑》。\n") == []
    assert len(findings(registry, "traditional-char", "印发《長江經濟带发展规划纲要》。\n")) == 3


def test_typographic_spaces_count_as_spaces(registry):
    text = "全党同志无论在哪\u2003个领域工作，都要坚持人民立场。\n"
    assert findings(registry, "whitespace-between-han", text) == [("whitespace-between-han", "\u2003")]


def test_more_html_tags_not_comments(registry):
    text = "<section>全市经济运行平稳。</section><li>工业增长</li><!-- 广告 -->\n"
    assert [s for _, s in findings(registry, "markup-html-tag", text)] == [
        "<section>", "</section>", "<li>", "</li>"]


def test_single_straight_quotes_and_apostrophes(registry):
    assert fixed(registry, "halfwidth-punctuation", "他说'一带一路'倡议好，China's plan。\n") == (
        "他说‘一带一路’倡议好，China's plan。\n")


@pytest.mark.parametrize("text, flagged", [
    ("分析显示，约1/4.分析显示增长明显。\n", True), ("投诉电话为12378.\n", True), ("同比增长145%.\n", True),
    ("如下：1.加强领导。\n", False), ("全市增长3.5个百分点。\n", False)])
def test_full_stop_after_a_number(registry, text, flagged):
    assert bool(findings(registry, "halfwidth-punctuation", text)) is flagged


def test_two_sentences_are_prose_whatever_the_block_kind(registry):
    """A paragraph the classifier takes for a subheading (short, under a headline) is still
    running text when it holds two sentences."""
    text = ("中卡关系迈上新台阶\n\n习近平指出，我同埃米尔殿下在北京共同宣布建立中\u00a0卡战略伙伴关系。我高兴地看到共识正在落实。\n\n"
            "本报北京2月1日电 会议召开。\n")
    assert findings(registry, "whitespace-between-han", text) == [("whitespace-between-han", "\u00a0")]


def test_stretch_start_stops_at_the_mark_or_the_reach():
    text = "前文。" + "中" * 50 + "，后文"
    assert stretch_start(text, len(text), "。") == 3
    assert stretch_start(text, len(text), "，。") == len(text) - 2
    # without any mark, a text without line breaks is read only `reach` characters back
    assert stretch_start("中" * 1000, 1000, "。", reach=400) == 600
