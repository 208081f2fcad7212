"""typo-suspect (KW503) against a test set of its own (tests/fixtures/typos/), and the word
knowledge it and the repeat rules stand on (kanwu.zh.words, kanwu.zh.chars).

typos.tsv: sentences in news style with one 错别字 in a fixed expression each (sentence, written
form, correct form); lookalikes.txt: correct sentences that must stay silent (idioms with rare
characters, phrases one character away from an idiom, names, wordplay in quotes and titles).
Both were written while the rule was developed, so the recall measured here is optimistic; the
rule's docstring says what it is built to miss."""
import subprocess
import sys

import pytest

from kanwu.document import Document
from kanwu.zh import chars, words

from .conftest import FIXTURES, make_linter

TYPOS = FIXTURES / "typos"


def load_typos():
    rows = []
    for line in (TYPOS / "typos.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            sentence, written, correct = line.split("\t")
            assert written in sentence and len(written) == len(correct), line
            rows.append((sentence, written, correct))
    return rows


def load_lookalikes(path):
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


CASES = load_typos()
LOOKALIKES = load_lookalikes(TYPOS / "lookalikes.txt")


@pytest.fixture(scope="module")
def linter(registry):
    return make_linter(registry, ["typo-suspect"])


def test_the_set_is_big_enough():
    assert len(CASES) >= 75 and len(LOOKALIKES) >= 55


def test_recall_on_typos(linter):
    missed = []
    for sentence, written, correct in CASES:
        start = sentence.index(written)
        k = next(i for i in range(len(written)) if written[i] != correct[i])
        hits = [d for d in linter.check(Document(sentence))
                if (d.start, d.end) == (start, start + len(written))
                and d.fix.edits[0].start == start + k and d.fix.edits[0].content == correct[k]]
        if not hits:
            missed.append(written)
    assert 1 - len(missed) / len(CASES) >= 0.85, missed


def test_lookalikes_stay_silent(linter):
    loud = [(s, [d.message for d in linter.check(Document(s))]) for s in LOOKALIKES]
    assert [x for x in loud if x[1]] == []


def test_norms_lookalikes_stay_silent(linter):
    """The correct sentences of the other editing-norm rules are correct for this one too."""
    lookalikes = load_lookalikes(FIXTURES / "norms" / "lookalikes.txt")
    assert [s for s in lookalikes if linter.check(Document(s))] == []


def test_display_lines_quotes_and_titles_are_left_alone(linter):
    for text in ("迫不急待的春天\n\n本报讯 正文。",          # a headline
                 "本报讯 他说这是“迫不急待”。",             # a short quotation: wordplay or a quoted term
                 "本报讯 节目《迫不急待》开播。"):           # a title
        assert linter.check(Document(text)) == [], text
    long_quote = "本报讯 他说：“春节假期刚过，不少企业迫不急待地开工复产，我们也一样。”"
    assert len(linter.check(Document(long_quote))) == 1  # speech is text like any other


# -- kanwu.zh.words -------------------------------------------------------------------------------
def test_the_index_keeps_jiebas_tags():
    ix = words.index()
    assert ix.tag("啪嗒") == "o" and ix.tag("研究") == "vn" and ix.tag("雪白") == "z"
    assert ix.entry("的")[0] > 100_000 and ix.tag("不是一个词语") == "" and ix.freq("不是一个词语") == 0


def test_segment_can_avoid_a_span():
    assert words.index().segment("大家要对对联", avoid={(3, 5)}) == ["大家", "要", "对", "对联"]


def test_word_classes():
    assert words.function_word("的") == "particle" and words.function_word("在") == "prep"
    assert words.function_word("人") == "" and words.function_word("看") == ""
    assert "关" in words.separable_objects("把") and words.separable_objects("的") == ""
    assert words.also_measure_word("把") and not words.also_measure_word("的")
    assert {"请", "要", "好好"} <= words.reduplication_class("licensor")
    assert {"咔", "嚓", "噜"} <= words.reduplication_class("onomatopoeic")
    assert "到" in words.reduplication_class("complement") and words.reduplication_class("nonesuch") == frozenset()


def test_fixed_expressions():
    fe = words.fixed_expressions()
    assert {"迫不及待", "再接再厉", "墨守成规", "甘拜下风", "不忘初心"} <= set(fe)
    assert "迫不急待" not in fe          # jieba keeps the misspelling at its floor frequency 3
    assert "北达科他州" not in fe and "豫东平原" not in fe and "第十八届" not in fe  # places, numerals
    assert words.is_known("占比") and words.is_known("迫不及待") and not words.is_known("迫不急待")
    opens, closes = words.expression_index()
    four, at3, at2, _ = words.expression_entry(opens["迫不"])
    assert "迫不及待" in four and "待" in at3 and "及" in at2
    assert "迫不及待" in words.expression_entry(closes["及待"])[0]
    assert all(len(e) == 4 for e in four) and all(len(e) > 4 for e in words.expression_entry(opens["一心"])[3])


def test_primary_reading_and_confused_characters():
    assert words.primary_reading("见") == "jian" and words.primary_reading("行") in ("xing", "hang")
    assert words.primary_reading("") == ""
    from kanwu.zh import similar
    assert similar.similar_shape("赅", "骇") and similar.similar_shape("祟", "崇")
    assert not similar.similar_shape("人", "人") and not similar.similar_shape("人", "天")
    assert "州" in chars.PLACE_SUFFIXES


def test_loading_the_expressions_imports_neither_jieba_nor_pypinyin():
    code = ("import sys\n"
            "from kanwu.zh import words\n"
            "assert words.expression_index() and words.primary_reading('见') == 'jian'\n"
            "print(sorted(m for m in ('pypinyin', 'jieba') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
