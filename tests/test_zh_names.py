"""kanwu.zh.names and the name knowledge of kanwu.zh.people: mentions with what tells people
apart (organisation, dateline place, the words before a title), occurrences of a name, and
whether two offices agree; real-looking People's Daily and Xinhua lines."""
from kanwu.zh import people
from kanwu.zh.names import mentions, occurrences, same_office, specific_office

PAGE = """本报北京2月14日电（记者王政、韩鑫）工信部14日召开新闻发布会。

新华社华盛顿2月12日电（记者周舟）美国航天局12日发布消息。

本报记者 王明峰

新华社记者 方喆摄

村民在田中劳作。 刘新吾 陈勇摄影报道

王正摄（人民视觉）

（本报记者贺勇、曹玲娟、李茂颖）

本报讯（记者 孙丽 文/摄）连日来，游客络绎不绝。

本报北京2月5日电（记者郑海鸥2月4日晚，晚会在京举行。

。”山东省委书记刘家义说，村党支部书记刘家奇说。新华社北京2月13日电 中共中央政治局常委、国务院副总理韩正13日主持召开会议。
"""


def by_name():
    return {m.name: m for m in mentions(PAGE)}


def test_bylines_carry_organisation_and_place():
    m = by_name()
    assert (m["王政"].role, m["王政"].org, m["王政"].place) == ("byline", "本报", "北京")
    assert (m["韩鑫"].org, m["韩鑫"].place) == ("本报", "北京")
    assert (m["周舟"].org, m["周舟"].place) == ("新华社", "华盛顿")
    assert (m["王明峰"].org, m["王明峰"].place) == ("本报", "")           # 本报记者 on its own line
    assert m["曹玲娟"].org == "本报" and m["孙丽"].org == "本报"
    assert m["郑海鸥"].place == "北京"  # the byline's closing bracket went missing


def test_credits_name_every_photographer_with_the_agency():
    m = by_name()
    assert (m["方喆"].role, m["方喆"].org) == ("credit", "新华社")
    assert m["王正"].org == "人民视觉"
    assert m["刘新吾"].role == m["陈勇"].role == "credit"
    assert "方喆摄" not in m and "王明峰" in m


def test_titled_mentions_carry_the_words_before_the_chain():
    m = by_name()
    assert (m["刘家义"].title, m["刘家义"].qualifier, m["刘家义"].office) == ("省委书记", "山东", "山东省委书记")
    assert m["刘家奇"].office == "村党支部书记"
    assert m["韩正"].title == "中共中央政治局常委、国务院副总理"  # a date follows the name


def test_occurrences_of_a_name():
    text = "韩正主持会议，副总理韩正说，王正坤来了，记者王正说，国王正在讲话。李克强栗战书出席。交流汪洋主持"
    assert occurrences(text, "韩正") == [0, 10]
    assert occurrences(text, "王正") == [text.index("记者王正") + 2]       # not 王正坤, not 国王正在
    assert occurrences(text, "李克强") == [text.index("李克强")]           # a list of names
    assert occurrences(text, "汪洋") == [text.index("汪洋")]               # before what he did


def test_offices_agree_and_name_one_post():
    assert same_office("据山东省委书记", "山东省委书记") and same_office("省委书记", "山东省委书记")
    assert not same_office("村党支部书记", "山东省委书记")
    assert specific_office("国务院副总理") and specific_office("全国人大常委会副委员长")
    assert specific_office("省委书记", "山东")
    assert not specific_office("书记", "村党支部") and not specific_office("县委书记") and not specific_office("局长")


def test_organisation_scope():
    assert people.organisation_scope("国务院") == "central" and people.organisation_scope("外交部") == "central"
    assert people.organisation_scope("省委") == "level" and people.organisation_scope("县政府") == "level"
    assert people.organisation_scope("组织部") == "body" and people.organisation_scope("吃饭") == ""
