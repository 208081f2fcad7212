"""Traditional characters inside simplified Chinese text.

## What it does
Converts each paragraph with OpenCC's traditional-to-simplified conversion (phrase-aware, so
著名 and 乾隆 stay as they are) and flags a character the conversion changes when it is a
traditional form that the 2013 General Standard Chinese Characters table (通用规范汉字表)
replaces, in running modern text:

- the character itself is outside the table (覆, 薹 are in it and stay), and its
  simplified form is in the table's first level (the 3,500 common characters), or in the
  second level inside a word of the dictionary. A simplified form of the third level serves
  names, places, terms and classical texts, where the traditional form is kept on purpose
  (赵孟頫, 《礼记》's 絅), and one outside the table is not standard at all (周輖);
- it is not part of a person's name spelt so on purpose (a surname and a given name that is
  no word, written the same way at least twice or once before a verb of saying, and never in
  simplified form: 老板伍萬……伍萬介绍 — every mention of the name is left alone), of a title printed
  in traditional script throughout (《蘭亭集序》), or of a quotation from a classical text
  (《礼记》载：“……”, 曰：“……”);
- a character the table keeps for set uses only (乾 in 乾坤 and 乾隆, 於 as a surname, 徵 in
  宫商角徵羽) is flagged only inside a common word that OpenCC changes (关於, 乾净): names and
  places keep it (萧乾, 於之莹, 乾清宫); 噁 (二噁英) and 塚 (Japanese names) are left alone.

`strict` flags every character OpenCC changes; `allow` exempts strings (names, quoted titles,
trade marks).

## Why it matters
Mixed scripts come from OCR models trained on both scripts and from copy-paste; they split
search terms (發展 never matches 发展) and look like typos to readers.

## Example
    加快發展现代服务业    ->  加快发展现代服务业

## Fix safety
Unsafe: the fix replaces the character with OpenCC's simplified form, but a name or a
quotation may keep its traditional form on purpose, so an editor should confirm.
"""
from __future__ import annotations

import re

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh import standard
from kanwu.zh.chars import HAN, SENTENCE_REACH
from kanwu.zh.names import split_name
from kanwu.zh.people import is_surname_at

_SURROGATE = re.compile("[\ud800-\udfff]")
# Outside the table, but admitted by its notes for set uses although OpenCC maps them.
ADMITTED = frozenset("噁塚")
# 《礼记·玉藻》载：“……” / 子曰：“……”: a quotation from a classical text.
_CLASSICAL_INTRO = re.compile(r"(?:》[^“《》。]{0,4}(?:载|云|曰|记|称|言|写道|记载)|[曰云])[：:]?$")
_SPEAKS = re.compile(r"(?:介绍|表示|告诉|认为|指出|坦言|感慨|回忆|笑着|说|称|透露|解释)")
_TITLE = re.compile(r"《[^《》\n]{1,40}》")


class TraditionalChar(Rule):
    code, name = "KW304", "traditional-char"
    error_weight = 0.5  # 差错率: traditional and simplified characters mixed (简繁混用)
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE})
    options = {
        "allow": Option([], "strings exempt from the rule (names, quoted titles)", list, items=str),
        "strict": Option(False, "flag every character OpenCC changes, also names, titles, classical "
                                "quotations and characters the standard table keeps"),
    }

    _converter = None

    @classmethod
    def _convert(cls, s: str) -> str:
        if cls._converter is None:
            import opencc
            cls._converter = opencc.OpenCC("t2s")
        # OpenCC takes UTF-8: a lone surrogate (JSONL's "\ud800" escapes make them) becomes
        # U+FFFD, one character for one, so offsets stay put.
        return cls._converter.convert(_SURROGATE.sub("\ufffd", s))

    def check(self, doc):
        text = doc.text
        if text.isascii() or self._convert(text) == _SURROGATE.sub("\ufffd", text):
            return
        allowed = set()
        for word in self.opts["allow"]:
            k = text.find(word)
            while k >= 0:
                allowed.update(range(k, k + len(word)))
                k = text.find(word, k + 1)
        strict = self.opts["strict"]
        found = []
        for block in doc.paragraphs:
            original = _SURROGATE.sub("\ufffd", block.text)
            simple = self._convert(original)
            if simple == original:
                continue
            if len(simple) != len(original):  # a phrase conversion changed the length
                simple = "".join(self._convert(c) if len(self._convert(c)) == 1 else c for c in original)
            pairs = [(k, original[k], simple[k]) for k in range(len(simple)) if simple[k] != original[k]]
            if not strict:
                pairs = [p for p in pairs if self._replaced(original, simple, *p)]
            found += [(block, simple, p) for p in pairs if block.start + p[0] not in allowed]
        if not strict and found:
            found = self._not_names_titles_quotes(text, found)
        for block, _, (k, old, new) in found:
            at = block.start + k
            yield self.diagnostic(at, at + len(old), f"traditional character {old!r} in simplified text; "
                                                     f"simplified form is {new!r}",
                                  Fix.unsafe(f"Replace with {new!r}", Edit.replace(at, at + len(old), new)))

    @staticmethod
    def _replaced(original, simple, k, old, new):
        """A traditional form the standard table replaces, in a word of running text."""
        if old in standard.SET_USE:
            # OpenCC keeps the set phrases (乾隆, 宫商角徵羽) but not names and places (萧乾,
            # 於之莹, 乾清宫): flag only a common word it changes (关於 -> 关于, 乾净 -> 干净)
            return standard.SET_USE[old] == new and _in_common_word(simple, k)
        if old in ADMITTED or not standard.replaces_standard(old, new, max_level=2):
            return False
        return standard.level(new) == 1 or _in_word(simple, k)

    def _not_names_titles_quotes(self, text, found):
        names = set()  # traditional spellings that stand as a person's name somewhere in the text
        for block, simple, (k, _, _) in found:
            span = _name_at(simple, k)
            if span:
                name = block.text[span[0]:span[1]]
                # a spelling kept on purpose is kept throughout (never the simplified way), and
                # stands as a name: written so twice, or once as the subject of a verb of saying
                if simple[span[0]:span[1]] not in text and (
                        text.count(name) >= 2 or _SPEAKS.match(simple, span[1])):
                    names.add(name)
        out = []
        for block, simple, (k, old, new) in found:
            t = block.text
            if names and any(t.find(n, max(0, k - 3), k + 4) >= 0 and
                             t.find(n, max(0, k - 3), k + 4) <= k < t.find(n, max(0, k - 3), k + 4) + len(n)
                             for n in names):
                continue  # a person's name in its own spelling
            if self._traditional_title(t, k) or _classical_quote(t, k):
                continue
            out.append((block, simple, (k, old, new)))
        return out

    def _traditional_title(self, t, k):
        """Inside 《…》 printed in traditional script throughout: at least two characters are
        converted, and no character of the title is a simplified form with a traditional twin."""
        for m in _TITLE.finditer(t, max(0, k - 41), min(len(t), k + 42)):
            if m.start() < k < m.end() - 1:
                title = m.group()[1:-1]
                simple = self._convert(title)
                if sum(a != b for a, b in zip(title, simple)) < 2:
                    return False
                return all(a != b or _no_traditional_twin(a) for a, b in zip(title, simple))
        return False


_s2t = None


def _no_traditional_twin(ch: str) -> bool:
    """The character is written the same in traditional script (人, 大), so a title in
    traditional script may hold it."""
    global _s2t
    if _s2t is None:
        import opencc
        _s2t = opencc.OpenCC("s2t")
    return _s2t.convert(ch) == ch


def _segment_at(simple: str, k: int) -> tuple[int, int]:
    """The span of the word holding simple[k] in the segmentation of its run of Chinese."""
    from kanwu.zh.words import index

    a = k
    while a > max(0, k - 8) and HAN.match(simple, a - 1):
        a -= 1
    b = k + 1
    while b < min(len(simple), k + 9) and HAN.match(simple, b):
        b += 1
    pos = a
    for w in index().segment(simple[a:b]):
        if pos <= k < pos + len(w):
            return pos, pos + len(w)
        pos += len(w)
    return k, k + 1


def _in_word(simple: str, k: int) -> bool:
    s, e = _segment_at(simple, k)
    return e - s > 1


# A dictionary entry rarer than this that spells a whole name is taken for the name (伍万).
_NAME_WORD_FREQ = 20


def _word_beyond(simple: str, k: int, s: int, e: int) -> bool:
    """simple[k] belongs to a word other than the name simple[s:e] itself, or the name is a
    common word (高兴)."""
    from kanwu.zh.words import index

    ws, we = _segment_at(simple, k)
    if (ws, we) == (s, e):
        return index().freq(simple[s:e]) >= _NAME_WORD_FREQ
    return we - ws > 1


def _name_at(simple: str, k: int) -> tuple[int, int] | None:
    """(start, end) of a person's name holding simple[k] in its given name: a surname before
    it, a boundary after it, and neither the surname nor the given name part of a word."""
    for s in (k - 2, k - 3):
        if s >= 0 and is_surname_at(simple, s) and s + len(split_name(simple, s) or "") == k:
            return None  # 王双 + 说: a name ends here, and the character after it is a word
    for s in (k - 1, k - 2):
        if s < 0 or not is_surname_at(simple, s):
            continue
        name = split_name(simple, s)
        if not name or not s < k < s + len(name):
            continue
        if any(_word_beyond(simple, p, s, s + len(name)) for p in range(s, s + len(name))):
            continue  # 高兴, 马上: a word, not a name
        return s, s + len(name)
    return None


def _in_common_word(simple: str, k: int) -> bool:
    """simple[k] is part of a common word of the dictionary (关于, 干净), not of a name."""
    from kanwu.zh.words import index

    s, e = _segment_at(simple, k)
    return e - s > 1 and index().freq(simple[s:e]) >= _NAME_WORD_FREQ


def _classical_quote(t: str, k: int) -> bool:
    """Inside a quotation introduced as a classical text's: 《礼记·玉藻》载：“……”, 子曰：“……”."""
    o = t.rfind("“", max(0, k - SENTENCE_REACH), k)
    if o < 0 or t.rfind("”", o, k) >= 0:
        return False
    return _CLASSICAL_INTRO.search(t, max(0, o - 16), o) is not None
