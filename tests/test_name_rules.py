"""The judgements behind name-variant and title-inconsistency, case by case: when two
spellings are one person, and when two title chains contradict each other."""
import pytest

from rules.name_stats import NameStats
from rules.name_variant import find_variants
from rules.title_inconsistency import contradiction


def stats(docs, org=(), place=(), partners=(), offices=(), roles=("staff",)):
    return NameStats(docs=set(docs), roles=set(roles), partners=set(partners), orgs=set(org),
                     places=set(place), offices=set(offices), titles={o for o, _ in offices})


def variants(table):
    return {(v.variant, v.canonical) for v in find_variants(table)}


def test_a_shape_slip_of_a_three_character_name_is_one_person():
    t = {"韩晓明": stats("ab", org=["本报"], place=["北京"]), "韩晓朋": stats("c", org=["本报"], place=["北京"])}
    assert variants(t) == {("韩晓朋", "韩晓明")}


def test_a_sound_slip_never_gives_a_rare_character():
    t = {"周舟": stats("abcde", org=["新华社"]), "周輖": stats("fg")}
    assert variants(t) == set()


def test_different_organisations_are_different_people():
    t = {"王正": stats("ab", org=["人民视觉"]), "王政": stats("c", org=["本报"], place=["北京"])}
    assert variants(t) == set()
    t = {"刘建华": stats("ab", org=["新华社"]), "刘建化": stats("c", org=["本报"])}
    assert variants(t) == set()
    t["刘建化"].partners.add("周强")
    t["刘建华"].partners.add("周强")  # a shared byline partner outweighs it
    assert variants(t) == {("刘建化", "刘建华")}


def test_disagreeing_offices_are_different_people():
    t = {"刘家奇": stats("ab", roles=["titled"], offices=[("村党支部书记", False)]),
         "刘家义": stats("c", roles=["titled"], offices=[("山东省委书记", True)])}
    assert variants(t) == set()


def test_a_two_character_name_needs_more_than_a_slip():
    t = {"刘健": stats("ab", roles=["titled"], offices=[("海口市环卫局局长", False)]),
         "刘建": stats("c", roles=["titled"], offices=[("海口市环卫局局长", False)])}
    assert variants(t) == set()  # the office fits many people
    t = {"靳博": stats("ab", org=["本报"]), "靳搏": stats("c", org=["本报"])}
    assert variants(t) == {("靳搏", "靳博")}
    t = {"汪洋": stats("ab", roles=["titled"], offices=[("中共中央政治局常委、全国政协主席", True)]),
         "汪阳": stats("c", roles=["titled"], offices=[("中共中央政治局常委、全国政协主席", True)])}
    assert variants(t) == {("汪阳", "汪洋")}


def test_no_link_no_variant_unless_a_partner_ties_a_long_name():
    t = {"赵永新": stats("ab", org=["本报"]), "赵永平": stats("c", org=["本报"], place=["北京"])}
    assert variants(t) == set()
    t = {"殷雪莹": stats("ab", org=["本报"], partners=["梁涛"]), "殷雪鸢": stats("c", org=["本报"], partners=["梁涛"])}
    assert variants(t) == {("殷雪鸢", "殷雪莹")}


def test_two_spellings_in_one_document_or_equally_common_are_two_people():
    t = {"韩晓明": stats("ab", org=["本报"]), "韩晓朋": stats("b", org=["本报"])}
    assert variants(t) == set()
    t = {"韩晓明": stats("ab", org=["本报"]), "韩晓朋": stats("cd", org=["本报"])}
    assert variants(t) == set()


@pytest.mark.parametrize("qualifier, chain, usual, kind", [
    ("", "省委副书记、市长", "市委副书记、市长", "organisation"),
    ("", "全国政协常委会副委员长", "全国人大常委会副委员长", "organisation"),
    ("", "中共中央政治局常委、全国人大主席", "中共中央政治局常委、全国政协主席", "organisation"),
    ("", "中央书记处书记、中央组织部部长", "中央书记处书记、中央统战部部长", "organisation"),
    ("中共军委", "副主席", "中央军委副主席", "organisation"),
    ("", "省政府副省长", "市政府副省长", "organisation"),
    ("", "中共中央政治局委员、国务院副总理", "中共中央政治局常委、国务院副总理", "post"),
    ("云南", "省市长", "省省长", "post"),
    ("", "区长", "县长", "post"),
    ("", "国务院总理", "国务院副总理", "rank"),
    ("", "全国人大常委会委员长", "全国人大常委会副委员长", "rank"),
])
def test_contradicting_chains(qualifier, chain, usual, kind):
    c = contradiction(qualifier, chain, usual)
    assert c is not None and c.kind == kind


@pytest.mark.parametrize("qualifier, chain, usual", [
    ("", "国务院副总理", "中共中央政治局常委、国务院副总理"),   # a title left out
    ("", "中央政治局常委", "中共中央政治局常委"),               # spelt short
    ("", "国家发改委主任", "国家发展改革委主任"),
    ("", "常务副省长", "副省长"), ("", "代市长", "市长"),      # a post's own prefixes
    ("江苏", "省委书记", "省委书记"),                         # a place: another person or a transfer
    ("据山东", "省委书记", "省委书记"),                       # words of the sentence
    ("", "书记", "主任"), ("", "市长", "市委书记"),            # another post
    ("村党支部", "书记", "镇党委书记"),
])
def test_compatible_chains(qualifier, chain, usual):
    assert contradiction(qualifier, chain, usual) is None
