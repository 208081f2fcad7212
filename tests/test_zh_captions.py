"""kanwu.zh.captions: credits, captions and continuation markers on real-looking lines
(People's Daily and Xinhua shapes), and the prose they must leave alone."""
import pytest

from kanwu.zh import captions as c

CREDITS = [
    "新华社记者 方喆摄", "本报记者 于洋摄", "蒙钟德摄（影像中国）", "人民视觉", "影像中国", "新华社发",
    "（新华社发）", "（人民视觉）", "（影像中国）", "（资料图片）", "图片来源：人民视觉", "本版图片来源：人民视觉",
    "本报记者 罗艾桦文 陈北跑摄", "本报记者 沈文敏文 影像中国供图", "韩鑫 张炯摄影报道", "朱慧卿作（新华社发）",
    "雷声 周石 国徽 张守向 李伟 王正坤 莫千威摄影报道", "杨玉岗 范长江摄影报道（影像中国）", "（文中漫画来自影像中国）",
    "人民网记者 王锐摄", "本报记者 雷 声\u3000龚相娟摄影报道", "（本报记者 解\u3000豪摄）", "（新华社记者  王 锐  摄）",
    "姚  峰 摄", "岚涩摄", "王磊/摄", "刘芳 供图", "受访者供图", "张晓明、李华摄", "（新华社记者 刘诗平摄）",
    "（图片由受访者提供）", "新华社/路透", "视觉中国供图", "新华社发 王建华摄", "（新华社记者 李贺 2月6日摄）",
]
NOT_CREDITS = [
    "（记者 孙丽 文/摄）", "本报记者 张三 文/摄", "本报记者 张三", "版式设计：蔡华伟", "本版制图：蔡华伟", "（新华社）",
    "（据新华社电）", "巡检气田 守护安全（见图）", "零下18摄氏度", "拍摄", "（航拍照片）", "数据来源：国家统计局",
    "（本报约翰内斯堡电）", "新华社北京2月1日电", "人民日报",
]


@pytest.mark.parametrize("text", CREDITS)
def test_credit_lines(text):
    assert c.is_credit(text), text
    assert c.credit_at_end(text) == (0, len(text))
    assert not c.is_caption(text)


@pytest.mark.parametrize("text", NOT_CREDITS)
def test_not_credit_lines(text):
    assert not c.is_credit(text), text


def test_page_credits_follow_no_caption():
    assert c.is_page_credit("本版图片来源：人民视觉") and c.is_page_credit("图片来源：人民视觉")
    assert c.is_page_credit("（文中漫画来自影像中国）")
    assert not c.is_page_credit("新华社记者 方喆摄") and not c.is_page_credit("人民视觉")


@pytest.mark.parametrize("text, credit", [
    ("确保列车运行安全。李学军 摄", "李学军 摄"),
    ("督导检查疫情防控工作。 贾鹏 摄", "贾鹏 摄"),
    ("向旅客宣传法制知识。（新华社记者 刘诗平摄）", "（新华社记者 刘诗平摄）"),
    ("处处一片火热生产的场景。（人民视觉）", "（人民视觉）"),
    ("农民辛勤劳作。蒙钟德摄（影像中国）", "蒙钟德摄（影像中国）"),
    ("图为“双鱼座”轮进港（航拍照片）。（人民视觉）", "（人民视觉）"),
    ("工人们在车间里忙碌着。本报记者 贺  勇摄  ", "本报记者 贺  勇摄"),
    ("小女儿目不转睛地看着。（本报记者 宋\u3000文摄）", "（本报记者 宋\u3000文摄）"),
    ("村民在田中劳作。新华社发", "新华社发"),
    ("学生们在教室里学习剪纸。王磊/摄", "王磊/摄"),
])
def test_credit_at_end(text, credit):
    span = c.credit_at_end(text)
    assert span is not None and text[span[0]:span[1]] == credit


@pytest.mark.parametrize("text", [
    "超过8000万人生活在零下18摄氏度以下的低温中。", "他拿出手机拍摄了一段视频。", "这些照片都是他自己拍摄",
    "本报讯（记者 孙丽 文/摄）连日来，古城景区迎来大批游客。", "消息来自新华社", "他的作品由新华社发",
    "从此打造视觉中国", "这张照片是他在山顶所摄",
])
def test_prose_has_no_credit(text):
    assert c.credit_at_end(text) is None, text


@pytest.mark.parametrize("text", [
    "图为11月23日晚的永辉超市万达店。", "图②：江苏丰县，民警在指挥交通。", "图1：北京站，客运员引导旅客进站乘车。",
    "上图：沙窝村村民在蔬菜大棚里拔萝卜。", "图片说明：",
    "11月23日，太原中铁路交通建设运营有限公司贾家寨车辆段，公司检修人员加紧对列车进行检修保养，确保列车运行安全。李学军 摄",
    "市民在公园里晨练。（影像中国）",
    "2月7日，春节假期，许多读者来到国家图书馆。图为读者在图书馆阅览大厅看书学习。陈晓根摄（影像中国）",
    "图为验证台上，民警帮助一位怀抱孩子的旅客采集信息。\n本报记者 姚峰摄",
    "当日，第二届全国青年运动会冲浪项目比赛在海南省万宁市开赛。\n\n新华社记者 杨冠宇摄".replace("\n\n", "\n"),
])
def test_captions(text):
    assert c.is_caption(text), text


@pytest.mark.parametrize("text", [
    "上图书馆看书成了不少年轻人过年的新习惯。", "对方的意图为何，我们还不清楚。", "巡检气田 守护安全（见图）",
    "新华社记者 方喆摄", "本报讯（记者 孙丽 文/摄）连日来，古城景区迎来大批游客。",
    "车站还在候车大厅设置了便民服务台，为旅客提供热水。工作人员表示，将继续做好服务。图为志愿者为旅客指路。（人民视觉）",
    "（下转第2版）", "正文写完了。\n本版图片来源：人民视觉",
])
def test_not_captions(text):
    assert not c.is_caption(text), text


def test_caption_above_credit():
    assert c.caption_above_credit("1月30日零点刚过，高铁维修工们整装完毕，出发开始新一天的巡线检修工作。")
    assert c.caption_above_credit("图⑥：中老铁路项目施工现场。")
    assert not c.caption_above_credit("巡检气田 守护安全（见图）")          # a headline
    assert not c.caption_above_credit("版式设计：蔡华伟")
    assert not c.caption_above_credit("本报北京2月1日电（记者 王锐）春节前夕，北京各大商场人气旺盛。")
    assert not c.caption_above_credit("这" * 300 + "。")                    # too long for a caption


def test_caption_paragraphs_above():
    # a photo-news caption over two paragraphs under its headline
    assert c.caption_paragraphs_above(["2月12日，参赛选手在比赛中。", "风驰"], "当日，全国青年运动会高山滑雪比赛举行。") == 1
    assert c.caption_paragraphs_above(["北山羊是国家一级保护动物。", "2月23日，一群北山羊在西天山嬉戏。", "西天山下北山羊"],
                                      "天气渐暖，成群的北山羊开始下山觅食嬉戏。") == 2
    # prose above a caption stays prose
    assert c.caption_paragraphs_above(["他说，今年的收成比去年好。", "村里的合作社去年分红三十万元，村民们喜笑颜开。"],
                                      "村民在田间劳作。") == 0


LONG = ("全市秋粮收购工作进展顺利。截至目前，已收购玉米八十万吨，比去年同期增长百分之十二，各收储企业积极组织收购，"
        "确保农民卖粮不难。粮食部门要做好仓储保障，确保颗粒归仓，全力保障农民利益不受损失。")


@pytest.mark.parametrize("caption", [
    "当日，龙凤村村民憧憬着新的一年。图为“双鱼座”轮进港（航拍照片）。（人民视觉）",
    "图为文艺表演队伍从太平桥上经过。",
    "近日，车站派出所女子执勤队来到车站候车室，开展便民服务。 张三 摄",
    "村民在田中劳作。新华社发",
    "2月6日，村民在田间劳作，热热闹闹迎新春。村民们说，今年收成好。（新华社记者 王锐摄）",
])
def test_glued_caption(caption):
    text = LONG + caption
    assert not c.is_caption(text)
    assert c.glued_caption(text) == (len(LONG), len(text))


def test_no_glued_caption_in_prose():
    assert c.glued_caption(LONG) is None
    assert c.glued_caption("图为景区新建成的游客服务中心。") is None  # a caption as a whole


def test_credit_names():
    assert c.credit_names("新华社记者 方喆摄") == [("方喆", 6)]
    assert c.credit_names("……劳作。本报记者 贺  勇摄") == [("贺勇", 10)]
    assert [n for n, _ in c.credit_names("雷声 周石 国徽 张守向摄影报道")] == ["雷声", "周石", "国徽", "张守向"]
    assert [n for n, _ in c.credit_names("本报记者 罗艾桦文 陈北跑摄")] == ["罗艾桦", "陈北跑"]
    assert c.credit_names("（人民视觉）") == [] and c.credit_names("正文。") == []


MARKERS = ["（下转第2版）", "（上接第一版）", "【转第四版】", "下转第2版", "（紧转第15版）", "(紧转第十三版)", "转第四版",
           "紧接第3版", "续第２版", "（转A8版）", "(接第１２版)", "（接上页）", "（下转A3）", "〔续第二版〕", "转 第 5 版"]


@pytest.mark.parametrize("text", MARKERS)
def test_markers_on_their_own_line(text):
    assert c.is_marker(text) and c.marker_spans(text) == [(0, len(text))]


@pytest.mark.parametrize("text, marker", [
    ("坚决消除各类风险隐患。（下转第2版）", "（下转第2版）"),
    ("坚决消除各类风险隐患。转第四版", "转第四版"),
    ("确保颗粒归仓。紧转第15版", "紧转第15版"),
    ("（上接第一版）市疫情防控工作有序推进。", "（上接第一版）"),
    ("接第3版市疫情防控工作有序推进。", "接第3版"),
    ("续第３版中央一号文件着眼稳就业。", "续第３版"),
    ("“我们一定做好。”续第２版", "续第２版"),
    ("全面落实……\n转第四版\n后文", "转第四版"),
])
def test_markers_in_paragraphs(text, marker):
    spans = c.marker_spans(text)
    assert [text[s:e] for s, e in spans] == [marker]


@pytest.mark.parametrize("text", [
    "他转第二版面的稿件给编辑审阅。", "详见本报今日第五版。", "接上级通知，全市启动应急响应。",
    "本报讯 全市秋粮收购工作进展顺利，第3版刊登了详细报道。", "转第三版的报道引起关注。", "续第一版的文章",
    "接第3版的说法", "他接第3版任务", "第3版转第4版", "（续）", "（转载）", "转发第2版稿件", "紧接着，他转身离开。",
])
def test_prose_is_no_marker(text):
    assert c.marker_spans(text) == [], text


def test_tables_have_their_kinds():
    assert {"人民视觉", "视觉中国", "影像中国"} <= set(c.photo_agencies())
    assert {"新华社", "中新社", "本报"} <= set(c.news_agencies())
    assert {"摄", "摄影报道", "供图"} <= set(c.credit_verbs())
    assert {"记者", "通讯员"} <= set(c.credit_roles())
    assert {"资料图片"} <= set(c.credit_labels())
    assert {"下转", "紧转", "上接"} <= set(c.marker_verbs("strong")) and {"转", "接", "续"} <= set(c.marker_verbs("weak"))
