"""The tables of kanwu.zh: headers, counts, and real-looking examples for every loader."""
import re
import subprocess
import sys

import pytest
import regex

from kanwu.zh import people, similar, standard, tables


# -- every table -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", tables.tables())
def test_every_table_opens_with_source_and_licence(name):
    head = tables.header(name)
    assert head.startswith("# source: ") and "licence: " in head, name
    with open(tables.path(name), encoding="utf-8") as f:
        body = [line for line in f if not line.startswith("#")]
    assert body and all(line.endswith("\n") and line.strip() for line in body), name


def test_the_expected_tables_are_there():
    assert {"standard_chars.tsv", "surnames.txt", "titles.tsv", "shape_similar.tsv", "translit_chars.tsv",
            "minority_names.txt"} <= set(tables.tables())


def test_loaders_import_neither_pypinyin_nor_jieba():
    code = ("import sys\n"
            "from kanwu.zh import standard, people, similar\n"
            "assert standard.level('一') == 1 and people.is_surname_at('欧阳修', 0) == 2\n"
            "assert similar.same_sound('莺', '莹') and similar.confusables('侯')\n"
            "import re; re.compile(people.title_chain_pattern())\n"
            "print(sorted(m for m in ('pypinyin', 'jieba', 'opencc') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- standard ----------------------------------------------------------------------------------
def test_standard_table_counts():
    assert len(standard.chars()) == 8105
    assert len(standard.chars(1)) == 3500
    assert len(standard.chars(2)) == 6500
    assert sum(standard.level(c) == 3 for c in standard.chars()) == 1605
    assert sorted(standard.number(c) for c in standard.chars()) == list(range(1, 8106))


def test_standard_examples():
    for ch in "薹喆堃赟":
        assert standard.is_standard(ch), ch
    for ch in "發眾":
        assert not standard.is_standard(ch) and standard.level(ch) == 0
    assert standard.level("的") == 1 and standard.number("一") == 1
    assert standard.level("赟") == 2 and standard.level("堃") == 3
    assert standard.level("於") == 3  # admitted for the surname
    assert standard.level("") == 0 and standard.level("中国") == 0


# -- people ------------------------------------------------------------------------------------
def test_surnames():
    singles, compounds = people.single_surnames(), people.compound_surnames()
    assert {"欧阳", "司马", "诸葛", "上官", "独孤"} <= compounds
    assert set("王李张刘陈殷肖覃付赵钱孙") <= singles
    assert people.SINGLE_SURNAMES is singles and people.COMPOUND_SURNAMES is compounds
    assert 500 <= len(singles) <= 700 and 60 <= len(compounds) <= 80
    assert all(standard.is_standard(c) for s in singles | compounds for c in s)
    assert "麹" in singles and "麴" not in singles  # the 百家姓's 麴 in its standard form


def test_is_surname_at():
    text = "省委书记欧阳明、殷红和司马光的"
    assert people.is_surname_at(text, 4) == 2
    assert people.is_surname_at(text, 8) == 1
    assert people.is_surname_at(text, 11) == 2
    assert people.is_surname_at(text, 14) == 0  # 的
    assert people.is_surname_at(text, 99) == 0 and people.is_surname_at(text, -1) == 0


def test_posts_and_organisations():
    assert {"书记", "省长", "市长", "主任", "主席", "部长", "局长", "厅长", "院长", "组长", "秘书长", "常委",
            "委员", "总经理", "董事长", "校长", "党委书记"} <= set(people.posts())
    assert {"中央", "国务院", "全国人大常委会", "全国政协", "省委", "市委", "县委", "区委", "省纪委", "组织部"} \
        <= set(people.organisations())
    assert {"常务", "副", "代"} <= set(people.prefixes())


# What lint/names.py's ORG?ROLE matched before the move: the table must match it all.
OLD_ORG = ("中央 国务院 全国人大常委会 全国政协 省委 市委 县委 区委 省政府 市政府 县政府 区政府 省人大常委会 "
           "市人大常委会 省政协 市政协 省纪委 市纪委 省 市 县 区").split()
OLD_ROLE = ("常务副省长 常务副市长 常委 副书记 书记 副省长 省长 副市长 市长 副县长 县长 副区长 区长 副主任 主任 "
            "副主席 主席 副秘书长 秘书长 副部长 部长 副局长 局长 副组长 组长 副院长 院长 副厅长 厅长").split()


def test_title_pattern_covers_the_old_hand_pattern():
    title = re.compile(people.title_pattern())
    missed = [o + r for o in OLD_ORG + [""] for r in OLD_ROLE if not title.fullmatch(o + r)]
    assert missed == []


@pytest.mark.parametrize("chain", ["省委书记", "市委副书记、市长", "省委常委、常务副省长", "全国人大常委会副委员长",
                                   "省委常委、组织部部长", "原省委书记", "省纪委监委副主任", "县委书记、代县长",
                                   "集团董事长", "中央政治局常委"])
def test_title_chain_matches_news_titles(chain):
    for engine in (re, regex):
        m = engine.compile(people.title_chain_pattern() + r"\Z").search(chain)
        assert m is not None and chain.endswith(m.group()), (engine.__name__, chain)
    # the chain ends where the name begins
    name_after = re.compile(f"({people.title_chain_pattern()})林武")
    assert name_after.search(f"会上，{chain}林武讲话").group(1).endswith(chain[-2:])


def test_title_chain_does_not_match_plain_words():
    chain = re.compile(people.title_chain_pattern())
    for text in ("委员会", "省份", "市场", "主要", "会议"):
        assert not chain.fullmatch(text), text
    assert re.fullmatch(people.post_pattern(), "副省长") is None  # prefixes belong to the title


def test_transliterated_names():
    assert {"斯", "尔", "娜", "莎", "克"} <= people.translit_chars()
    assert {"阿依", "古丽", "其其格", "扎西", "卓玛"} <= people.minority_name_parts()
    for name in ("阿依古丽", "其其格", "娜塔莎", "约翰·史密斯", "扎西次仁", "弗拉基米尔"):
        assert people.looks_transliterated(name), name
    for name in ("王小明", "李娜", "张伟", "欧阳修", "林武"):
        assert not people.looks_transliterated(name), name


# -- shape -------------------------------------------------------------------------------------
@pytest.mark.parametrize("group", ["鸢莺", "己已巳", "戊戍戌", "未末", "日曰", "大太犬", "人入八", "土士", "侯候",
                                   "拔拨", "辩辨辫瓣"])
def test_look_alikes(group):
    for a in group:
        for b in group:
            if a != b:
                assert similar.similar_shape(a, b), (a, b)
                assert b in similar.shape_neighbours(a)


def test_shape_table_is_symmetric_small_and_standard():
    table = similar._shapes()
    assert len(table) > 5000
    for ch, ns in table.items():
        assert 1 <= len(ns) <= 16 and ch not in ns  # 10 scored, plus a proofreaders' group
        assert standard.is_standard(ch) and all(standard.is_standard(n) for n in ns)
        assert all(ch in table[n] for n in ns), ch
    assert not similar.similar_shape("大", "大") and not similar.similar_shape("大", "海")
    assert similar.shape_neighbours("發") == frozenset()


# -- sound -------------------------------------------------------------------------------------
def test_readings():
    assert similar.readings("行") >= {"xing", "hang"}
    assert "lv" in similar.readings("绿") and "nv" in similar.readings("女")
    assert similar.readings("。") == frozenset() and similar.readings("中国") == frozenset()


def test_the_packed_reading_table_gives_every_reading_of_pypinyin():
    import json
    import os

    import pypinyin

    with open(os.path.join(os.path.dirname(pypinyin.__file__), "pinyin_dict.json"), encoding="utf-8") as f:
        table = json.load(f)
    assert len(table) > 40000
    assert all(similar.raw_readings(chr(int(k))) == v for k, v in table.items())
    assert similar.raw_readings("中国") == similar.raw_readings("a") == ""


def test_same_and_near_sound():
    assert similar.same_sound("莺", "莹") and similar.same_sound("侯", "候")
    assert not similar.same_sound("莹", "鸢")
    for a, b in ("南兰", "身生", "湖福", "花发", "是四", "陈城", "心星", "张脏"):
        assert similar.near_sound(a, b) and not similar.same_sound(a, b), (a, b)
    assert similar.near_sound("莺", "莹")
    assert not similar.near_sound("大", "小") and not similar.near_sound("。", "，")
    assert similar.fold("zhang") == "zan" and similar.fold("ng") == "ng"


def test_confusable():
    assert similar.confusable("鸢", "莺") == "shape"
    assert similar.confusable("侯", "候") == "shape"  # both, shape first
    assert similar.confusable("莺", "莹") == "sound"
    assert similar.confusable("莹", "鸢") is None
    assert similar.confusable("南", "兰") is None and similar.confusable("南", "兰", near=True) == "sound"
    assert similar.confusable("大", "大") is None


def test_confusables_are_common_characters():
    c = similar.confusables("侯")
    assert {"候", "猴", "喉", "后", "厚"} <= c and "侯" not in c
    assert all(1 <= standard.level(x) <= 2 for x in c)
    assert {"已", "巳", "记", "纪"} <= similar.confusables("己")
    assert "乚" not in similar.confusables("乙")  # level 3 and beyond are left out


def test_a_reading_table_entry_of_another_shape_is_built_afresh(tmp_path, monkeypatch):
    import marshal
    import os

    from kanwu import cache

    monkeypatch.setenv("KANWU_CACHE_DIR", str(tmp_path))
    similar._pinyin_table.cache_clear()
    try:
        assert similar.raw_readings("女") == "nǚ,nǜ,rǔ"
        (entry,) = [n for n in os.listdir(tmp_path) if n.startswith("pinyin2-") and not n.endswith(".sum")]
        for planted in ({"22899": "nǚ"}, (b"", "", b""), [1, 2, 3], "text"):  # sound entries, wrong shapes
            cache.store(entry, marshal.dumps(planted))
            similar._pinyin_table.cache_clear()
            assert similar.raw_readings("女") == "nǚ,nǜ,rǔ", planted
    finally:
        similar._pinyin_table.cache_clear()
