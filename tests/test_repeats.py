"""repeated-word and duplicate-sentence beyond their fixtures: cost that stays linear, and
cases the fixtures cannot show (a stutter across paragraphs needs the paragraph before)."""
import random

from kanwu.document import Document
from kanwu.rules import duplicate_sentence
from kanwu.rules.duplicate_sentence import DuplicateSentence
from kanwu.rules.repeated_word import RepeatedWord

COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形"


def test_duplicate_sentence_compares_a_bounded_number_of_pairs(monkeypatch):
    calls = []
    real = duplicate_sentence._distance
    monkeypatch.setattr(duplicate_sentence, "_distance", lambda a, b, k: calls.append(1) or real(a, b, k))
    rng = random.Random(7)
    # 20,000 sentences of one length in one paragraph, no newline anywhere: a window of 200
    # compared pairwise would cost four million distances.
    text = "".join("".join(rng.choice(COMMON) for _ in range(20)) + "。" for _ in range(20_000))
    assert list(DuplicateSentence().check(Document(text))) == []
    assert len(calls) < 2_000
    calls.clear()
    same = "会议要求各部门进一步压实安全生产责任。" * 5_000
    assert len(list(DuplicateSentence().check(Document(same)))) == 4_999
    assert len(calls) <= 5_000  # each copy is compared with its latest original once


def test_repeated_word_across_paragraphs_needs_running_text():
    rule = RepeatedWord()
    cut = "春耕\n\n本报北京2月1日电 今年雨水多。农田受到了严重的影响\n\n影响了春耕生产。"
    assert [d.start for d in rule.check(Document(cut))] == [cut.index("影响")]
    # a display line ending in the word, the body opening with it, under a headline
    deck = "标题\n\n坚定发展信心\n\n信心来自基本面的底气。"
    assert list(rule.check(Document(deck))) == []


def test_repeated_word_fix_keeps_the_line_break():
    text = "标题\n\n他们在会上交流了经验，还就下一步的\n的工作作了部署。\n"  # one paragraph, two lines
    [d] = RepeatedWord().check(Document(text))
    assert d.fix.applicability.value == "safe"
    (edit,) = d.fix.edits
    assert text[:edit.start] + edit.content + text[edit.end:] == "标题\n\n他们在会上交流了经验，还就下一步的\n工作作了部署。\n"
