"""The block classifier and the break evidence of kanwu.zh, on real-looking news pages."""
import pytest

from kanwu.zh import blocks, breaks

PAGE = [
    ("新春走基层", "kicker"),
    ("旱塬有了“解渴水”“致富水”", "headline"),
    ("是全面封禁还是合理引导，是刚性约束还是柔性管理？小手机引出大课题", "deck"),
    ("本报记者 王明 李华", "byline"),
    ("本报兰州2月1日电（记者王明）轻转水龙头，就可以喝上甘甜的自来水。", "body"),
    ("拓宽门路，脱贫靠产业", "subheading"),
    ("沿山路蜿蜒而上，象坪村进入视野，村民家的养猪场就建在路尽头的山腰上。", "body"),
    ("不等不靠，致富凭双手", "subheading"),
    ("新田村平均海拔1600多米，村民老两口在山上的老房子里一住就是30多年。", "body"),
    ("村民在新建的蔬菜大棚里劳作。 新华社记者 李明 摄", "caption"),
    ("李明 摄", "credit"),
    ("（下转第二版）", "marker"),
    ("——习近平", "attribution"),
    ("（本报华盛顿1月31日电）", "attribution"),
]


def test_a_page_of_display_text_furniture_and_body():
    texts = [t for t, _ in PAGE]
    assert blocks.classify(texts) == [k for _, k in PAGE]


@pytest.mark.parametrize("text,kind", [
    ("本报记者 王明", "byline"),
    ("（记者 殷雪莹、梁涛）", "byline"),
    ("记者新春探访乡村治理", None),  # 新春探访 is no name
    ("本版制图：沈亦伶 黄超", "attribution"),  # the page's staff, not a picture's credit
    ("版式设计：蔡华伟", "attribution"),
    ("设计：理念先行", None),
    ("李明 摄", "credit"),
    ("图为11月23日晚的永辉超市万达店。", "caption"),
    ("（上接第1版）", "marker"),
    ("——巴黎第十二区区长卡特琳·巴拉蒂—埃尔巴兹", "attribution"),
])
def test_furniture_is_known_by_its_shape(text, kind):
    assert blocks.Shape.of(text).fixed == kind


@pytest.mark.parametrize("text,ending", [
    ("会议指出，要坚决落实。", "sentence"),
    ("“我们一定会做好。”", "sentence"),
    ("他说：“现在，家门口就能买到新鲜蔬菜，日子越过越红火”", "sentence"),  # speech closes it
    ("让乡村“扬眉吐气”（新语）", "bare"),      # a quoted term and a column tag
    ("继续同世界各国人民一道构建人类命运共同体。（讲话全文另发）", "sentence"),
    ("主要职责包括：", "clause"),
    ("加强对困难群众的走访慰问；", "clause"),
    ("河北张北县德胜村——", "bare"),            # a short line leading into a headline
    ("会议要求各级各部门，要全面", "bare"),
    ("各供热企业要切实提高站位，", "open"),
])
def test_how_a_paragraph_ends(text, ending):
    assert blocks.ending(text) == ending


def test_a_deck_is_display_but_a_broken_paragraph_is_body():
    deck = ["小手机引出大课题（人民时评）", "如何让文化遗产接近青春的心灵、获得更大的发扬",
            "雪后放晴的巴黎，天空绽放令人心动的蓝色。"]
    assert blocks.classify(deck)[1] == "deck"
    broken = ["会议指出，疫情防控形势依然严峻复杂。",
              "会议要求，各地要加强设备巡检，确保居民供暖温度稳定达",
              "标，坚决防止出现停暖断暖现象。"]
    assert blocks.classify(broken)[1] == "body"


def test_prose_past_a_full_stop_that_stops_short_is_body_even_before_a_headline():
    # the second half went below another article's headline: the first half is still prose
    cut = ["我说这是真的。父亲点了点头，带我去赶集。",
           "通往集市的泥土路，早已变成了宽广平坦的柏油路。路上，各种轿车、小",
           "侠客岛、学习小组创办五周年座谈会举行",
           "型货车、农用三轮车，还有摩托车和电动车，一辆接着一辆，朝着集市驶去。"]
    kinds = blocks.classify(cut)
    assert kinds[1] == "body" and kinds[2] in blocks.DISPLAY
    # under a headline, a summary box is a deck; prose longer than any deck is not
    summary = "当前，全球产业链正在转向品牌竞争。" + "打造更多国际知名品牌，成为我国制造企业提升全球竞争力的关键" * 6 + "、"
    page = ["加快优质品牌“走出去”步伐", summary, "落实责任书需要责任心（有的放矢）", "守东道国法律法规，鼓励绿色投资。"]
    assert len(summary) > blocks.DECK_MAX and blocks.classify(page)[1] == "body"
    # a headline after body text may open with a question or an exclamation: still display
    for title in ("为何能惊动北京？专家来解读", "好日子来了！幸福年就要来了"):
        page = ["村民们说，日子一年比一年好。", title, "本报北京2月1日电（记者王明）会议召开。"]
        assert blocks.classify(page)[1] == "headline", title


def test_a_jump_marker_makes_its_paragraph_a_first_half():
    texts = ["某某标题", "除夕当天，古城西安白鹿原白鹿仓，热闹", "（下转第十二版）", "另一篇的标题"]
    assert blocks.classify(texts)[1] == "body"


@pytest.mark.parametrize("before,after,strong,word", [
    ("各供热企业要确保居民供暖温度稳定达", "标，坚决防止出现停暖断暖现象。", True, "达标"),
    ("对老旧小区管网进行全面排", "查，及时消除安全隐患。", True, "排查"),
    ("地中海七国覆盖了欧盟40", "%的人口和一半的海岸线。", True, None),   # a number and its unit
    ("全力构建“九河十湖、蓝脉绿网", "”的城市水系。", True, None),          # a quotation closed after
    ("中国有历史悠久的", "灯彩艺术。", True, None),                        # 的 cannot end a phrase
    ("现在，韩俊把", "滑雪场经营得红红火火。", True, None),                 # nor 把
    ("小手机引出大课题", "如何更好地兴利除弊。", False, None),
    ("会议要求各级各部门，要全面", "本报北京2月1日电 会议召开。", False, None),  # a dateline opens an article
])
def test_break_evidence(before, after, strong, word):
    assert breaks.evidence(before, after) == (strong, word)


def test_a_word_read_across_a_break_must_be_much_likelier_than_two_words():
    before, after = "29个地方政府和3个省级部门被约谈", "谈到决议的落实情况，李干杰指出。"
    assert breaks.word_across(before, after, blocks.DISPLAY_GAIN) is None  # 约谈 | 谈到, not 谈谈
    assert breaks.word_across("各供热企业要确保居民供暖温度稳定达", "标，坚决防止", blocks.DISPLAY_GAIN) == "达标"


def test_verse_one_line_per_paragraph_is_not_a_break():
    assert breaks.verse("漫漫归乡路，", "自驾不再怵。")
    assert not breaks.verse("会议要求各级各部门各单位认真贯彻落实会议精神，", "全面落实各项措施，确保安全。")
