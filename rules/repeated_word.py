"""Word or particle printed twice in a row (影响影响, 的的), also across a line break.

## What it does
Finds a run of one to eight Chinese characters immediately repeated, or repeated across a line
or paragraph break inside running text (`影响\\n影响了`), and tells a stutter from grammatical
reduplication by what the unit is, using word classes (kanwu.zh.words: jieba's dictionary with
its part-of-speech tags, and tables of function words and reduplication classes):

- **One character**: only a function word can stutter (的的, 在在, 要要, 还还, 对对 before what
  it governs); content characters reduplicate freely (天天, 妈妈, 看看, 层层). Still quiet: a
  character that belongs to a word on its left or right (目的|的, 现在|在, 了|了解, 要|要求), a
  dictionary word (往往, 每每, 某某), AABB and AAA forms (的的确确), a measure word after a
  numeral (一把把), a minority name (其其格), a doubled preposition or adverb closing a clause
  (“对对，” is an answer, 磬莞将将 is verse), 过过 and 着着 after something that is not a verb
  (陪他过过3个新年: the first 过 is the verb), and a separable verb (把把文字关: 把…关).
- **Two or more characters**: a doubled noun or other content word is a stutter (生活生活，,
  一等奖一等奖, 涠洲岛涠洲岛). Quiet: tentative verb reduplication (研究研究, 排练排练节目, 参观参观去)
  unless the unit stands where only a noun can (right after 的 or a preposition, or as the
  object of a verb) or takes 了/着/过 (影响影响了 is a slip); adjectives (通红通红的, 热闹热闹);
  onomatopoeia (呼噜呼噜, 咔嚓咔嚓); intensifiers (非常非常, 很多很多); distributive numeral
  phrases (一个一个, 一户亲戚一户亲戚, 逐项逐项, 整箱整箱); V着V着 (说着说着); free choice (想吃啥吃啥);
  a third copy (精准精准再精准); a whole clause or utterance repeated (“够了够了”, 干部干部，干是当头的);
  transliterated names (玛塔玛塔); and runs that are not whole words (党组织|组织, 大队|大队长).
- **Across a break**: the copies must sit in running text (a body paragraph, or a paragraph
  of several lines that ends a sentence; not a headline, deck, caption or byline), neither
  line may be the unit alone (a list), and across two paragraphs the first must be running
  text cut off by the break: it holds a finished sentence, or follows one, and is no short
  line (a subheading ending in 信心 with the body opening 信心来自… is no stutter).

## Why it matters
A stutter is an OCR, layout or editing slip that every reader notices and no spell checker for
English-like text catches.

## Example
    持续时间长的的问题    ->  持续时间长的问题
    受到影响影响了生产    ->  受到影响了生产
    今后，还还将与八角楼    ->  今后，还将与八角楼

## Fix safety
Safe for a doubled function word (的的, 在在, 已经已经): deleting one copy cannot change meaning.
Unsafe for content words, where an editor should confirm that no other word was lost. The fix
deletes the second copy and leaves any line break between the copies alone.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kanwu.document import HAN_CHAR
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity
from kanwu.zh import people, words
from kanwu.zh.chars import CHINESE_NUMERALS, CLOSERS, HAN_CLASS, QUANTITY_UNITS, SENTENCE_END as _SENTENCE_END

_H = HAN_CLASS
_SPACE = " \t\u00a0\u3000"
# Between the copies: nothing, or a line break (with blank lines and indentation around it).
_GAP = rf"(?:[{_SPACE}]*(?:\r\n|\n|\r)(?:[{_SPACE}]*(?:\r\n|\n|\r))*[{_SPACE}]*)"
_DOUBLED_WORD = re.compile(rf"(?=([{_H}]{{2,8}})\1)")
_LINE_BREAK = re.compile(rf"(?<=[{_H}]){_GAP}(?=[{_H}])")
_LONGEST = 8
_HAN_RUN = re.compile(f"[{_H}]+")
# A clause begins after these (or at a paragraph start) and ends before the second set.
_CLAUSE_BEFORE = frozenset("，。！？；：、“‘「『（(《—…,;:!?\n\r \u3000\t")
_CLAUSE_AFTER = frozenset("，。！？；：、”’」』）)》—…,;:!?\n\r")
_NUMERAL_BEFORE = frozenset(CHINESE_NUMERALS + "几数每0123456789０１２３４５６７８９")
_FUNCTION_TAGS = ("p", "c", "u", "r", "d")
_NOUN_TAGS = frozenset("n nr ns nt nz nrt nrfg j".split())
_VERBLIKE = ("v", "a", "z", "b")
_CONTEXT = 10  # characters of context segmented on each side


def _combining(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _next_char(text: str, i: int) -> str:
    """The character at ``i``, looking past combining marks that belong to the one before."""
    while i < len(text) and _combining(text[i]):
        i += 1
    return text[i] if i < len(text) else ""


def running_text(block) -> bool:
    """A paragraph of running text: body, or a paragraph of several lines that the block
    classifier reads as display text (a stack of lines) although it ends a sentence the way
    body text does: a body paragraph with a stray line break, where a slip across it hides."""
    if block.kind == "body":
        return True
    return block.kind in ("headline", "kicker", "deck", "subheading") and "\n" in block.text \
        and block.text.rstrip(CLOSERS + " \t\u3000")[-1:] in _SENTENCE_END


@lru_cache(maxsize=1)
def _doubled_particle():
    chars = "".join(sorted(words.function_word_chars()))
    return re.compile(f"([{chars}])({_GAP}?)\\1")


@lru_cache(maxsize=1)
def _doubled_names() -> tuple[str, ...]:
    """Name parts holding a doubled character (其其格, 买买提)."""
    return tuple(p for p in people.minority_name_parts() if any(a == b for a, b in zip(p, p[1:])))


class RepeatedWord(Rule):
    code, name = "KW202", "repeated-word"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})

    def check(self, doc):
        text = doc.text
        candidates = [(m.start(), m.group(1), m.group(2)) for m in _doubled_particle().finditer(text)]
        candidates += [(m.start(), m.group(1), "") for m in _DOUBLED_WORD.finditer(text)]
        for m in _LINE_BREAK.finditer(text):  # the same across a line break: 影响\n影响了
            a, b = m.start(), m.end()
            for n in range(min(_LONGEST, a, len(text) - b), 1, -1):
                unit = text[a - n:a]
                if text.startswith(unit, b) and _HAN_RUN.fullmatch(unit):
                    candidates.append((a - n, unit, m.group()))
                    break
        taken = -1
        for s, unit, gap in sorted(candidates):
            n = len(unit)
            second = s + n + len(gap)
            end = second + n
            if s < taken:
                continue
            if not self._placed(doc, s, unit, gap, second):
                continue
            verdict = self._stutter(text, s, unit, second)
            if not verdict:
                continue
            taken = end
            safe = verdict == "function"
            fix = (Fix.safe if safe else Fix.unsafe)(f"Delete the repeated {unit!r}",
                                                    Edit.delete(second, end))
            where = " across a line break" if gap else " in a row"
            yield self.diagnostic(s, end, f"{unit!r} is printed twice{where}", fix)

    # -- where the copies stand ------------------------------------------------------------
    @staticmethod
    def _placed(doc, s, unit, gap, second):
        """Running text: a line of nothing but the repeat is layout (代表代表 in a signature
        block), and a repeat across a break needs body paragraphs on both sides."""
        text = doc.text
        line_start, line_end = doc.line_span(doc.position(s)[0])
        if not gap:
            return text[line_start:line_end].strip(_SPACE) != unit * 2
        first_block, second_block = doc.paragraph_at(s), doc.paragraph_at(second)
        if first_block is None or second_block is None:
            return False
        if not running_text(first_block) or not running_text(second_block):
            return False
        if first_block is not second_block and not any(c in _SENTENCE_END for c in text[first_block.start:s]):
            # Across paragraphs the first one must be running text cut off by the break: it
            # holds a finished sentence, or the paragraph before it does. A display line under
            # a headline (a deck or subheading ending in 信心, the body opening with 信心来自…)
            # is no stutter of it.
            k = first_block.index
            if s - first_block.start < 40:
                return False  # a short line: a subheading such as （三）…，巩固深化巡视巡察工作
            if k > 0:
                before = doc.paragraphs[k - 1]
                if not running_text(before) or before.text.rstrip(CLOSERS)[-1:] not in _SENTENCE_END:
                    return False
        if not text[line_start:s].strip(_SPACE):  # the first line is the unit alone
            return False
        rest = second + len(unit)
        return bool(text[rest:doc.line_span(doc.position(rest)[0])[1]].strip(_SPACE))

    # -- what the unit is --------------------------------------------------------------------
    def _stutter(self, text, s, unit, second):
        """'function' or 'content' for a slip, '' for reduplication or no doubling at all."""
        n = len(unit)
        ix = words.index()
        if ix.freq(unit * 2) >= 5:
            return ""  # a word of its own: 往往, 很多很多, 一点一点 (jieba's floor is 3: 对对)
        tokens, at = self._segment(text, s, unit, second)
        spans, pos = [], 0
        for t in tokens:
            spans.append((pos, pos + len(t)))
            pos += len(t)
        if any(a <= at and b >= at + 2 * n and b - a > 2 * n for a, b in spans):
            return ""  # inside a longer word: 的的确确, 不了了之, 实实在在
        # The word holding the first copy's first character, and the second copy's last.
        left = next(k for k, (a, b) in enumerate(spans) if a <= at < b)
        right = next(k for k, (a, b) in enumerate(spans) if a < at + 2 * n <= b)
        ctx = _Context(text, s, unit, second, tokens, spans, at, left, right)
        if n == 1:
            return self._function_stutter(ctx)
        return self._word_stutter(ctx)

    @staticmethod
    def _segment(text, s, unit, second):
        """The Chinese around the copies, the gap taken out, segmented without reading the
        doubled unit as one word; returns the tokens and where the first copy starts."""
        n = len(unit)
        a = s
        while a > 0 and s - a < _CONTEXT and HAN_CHAR.match(text, a - 1):
            a -= 1
        right = []
        b = second + n
        while b < len(text) and len(right) < _CONTEXT:
            if HAN_CHAR.match(text, b):
                right.append(text[b])
            elif not _combining(text[b]):
                break  # (a combining mark belongs to the character before it: 响́)
            b += 1
        piece = text[a:s] + unit + unit + "".join(right)
        at = s - a
        return words.index().segment(piece, avoid={(at, at + 2 * n)}), at

    @staticmethod
    def _function_stutter(c):
        ch, text, s, end = c.unit, c.text, c.s, c.end
        cls = words.function_word(ch)
        if not cls:
            return ""
        ix = words.index()
        before = text[s - 1] if s > 0 else ""
        after = _next_char(text, end) or ""
        mid_clause = bool(after) and after not in _CLAUSE_AFTER and after not in _SPACE
        if before == ch or after == ch:
            return ""  # AAA: emphatic speech
        if mid_clause and text[end + 1:end + 2] == after and ix.freq(ch + after) > 3:
            return ""  # AABB of a word AB: 的的确确, 和和美美 (not 了了妈妈)
        if before and before in _NUMERAL_BEFORE and words.also_measure_word(ch):
            return ""  # a measure word after a numeral: 一把把, 一只只, 一对对
        for name in _doubled_names():
            k = name.find(ch + ch)
            if k >= 0 and text.startswith(name, s - k):
                return ""  # 其其格
        word, (a, _) = c.tokens[c.left], c.spans[c.left]
        cut_left = a < c.at
        if cut_left:
            # The first copy ends a longer word: 目的|的, 现在|在, 可以|以, 维和|和. Not when the
            # "word" is a phrase jieba lists (检查和, 尝到了: a word, then the function word) or an
            # adverb fused with the copula or a modal (正是, 而是, 还要, 都会): the function
            # word is still there, and a second one is a slip.
            stem = word[:-1]
            if cls == "particle":
                cut_left = not ix.tag(word).startswith(_FUNCTION_TAGS)  # 目的|的, 铺天盖地|地 (not 有的|的)
            elif len(stem) >= 2 and ix.freq(stem) > 3 \
                    or cls in ("copula", "modal", "adverb") and (words.function_word(stem) in ("adverb", "conj", "pronoun")
                                                               or stem in CHINESE_NUMERALS):
                cut_left = False  # 正是|是, 还要|要, 一是|是要
        cut_right = c.spans[c.right][1] > c.at + 2
        if cut_left and cut_right:
            return ""  # each copy belongs to a word: 现在|在家, 变更|更正, 重要|要求
        if cut_right:
            # The second copy opens a longer word: a stutter only when that word is itself a
            # function word headed by the same character (还|还是, 对|对于, 为|为了);
            # 要|要求, 对|对联, 了|了解, 有|有形 are grammatical.
            return "function" if ix.tag(c.tokens[c.right]).startswith(_FUNCTION_TAGS) else ""
        if cut_left and not (cls == "aspect" and mid_clause):
            return ""  # (算了|了一笔账, 忘不了|了他: an aspect particle cannot follow 了 mid-clause)
        if cls not in ("particle", "aspect") and not mid_clause:
            return ""  # a preposition or adverb cannot close a clause: 对对，(an answer), 将将”
        if cls == "aspect" and ch in "过着":
            prev = c.tokens[c.left - 1] if c.left > 0 and not cut_left else ""
            if not ix.tag(prev).startswith(("v", "a")):
                return ""  # 陪他过过3个新年: the first 过 is the verb
        objects = words.separable_objects(ch)
        if objects and any(t in objects for t in c.tokens[c.right + 1:c.right + 5]):
            return ""  # 把把文字关: 把…关 (not 把把发展对华关系: 关系 is another word)
        return "function"

    @staticmethod
    def _word_stutter(c):
        unit, text, s, end = c.unit, c.text, c.s, c.end
        n = len(unit)
        ix = words.index()
        cls = words.reduplication_class
        tag = ix.tag(unit)
        if len(set(unit)) == 1:
            return ""
        starts = {a for a, _ in c.spans}
        if (c.at + n) not in starts:
            return ""  # not whole words: 是不是|不用
        a, b = c.spans[c.left]
        if a < c.at and not c.tokens[c.left][:c.at - a].endswith(("的", "之")):
            return ""  # the first copy ends a longer word: 党组织|组织力 (but 党的建设|建设 is a phrase)
        a, b = c.spans[c.right]
        if b > c.at + 2 * n:
            longer = c.tokens[c.right]
            if a == c.at + n and (any(longer.endswith(p) for p in people.posts()) or tag.startswith("v")):
                return ""  # 大队|大队长: the post of the unit's head; 研究|研究生: a verb and its object
            if a > c.at + n and n < 3:
                return ""  # the second copy runs into the next word
        nxt = c.tokens[c.right + 1] if c.right + 1 < len(c.tokens) and b == c.at + 2 * n else ""
        i = c.left - 1
        prev = c.tokens[i] if i >= 0 else ""
        ptag = ix.tag(prev) if prev else ""
        follow = _next_char(text, end) or "\n"
        before = text[s - 1] if s > 0 else "\n"
        function = "function" if tag.startswith(_FUNCTION_TAGS) and ix.freq(unit) > 3 else "content"
        after = text[end:end + 1 + n]
        if after.startswith(unit) or after[:1] in cls("rhetoric") and after[1:].startswith(unit) \
                or text[max(0, s - n):s] == unit:
            return ""  # a third copy: 精准精准再精准, 抓紧抓紧再抓紧
        if before in "的之" and follow in _CLAUSE_AFTER:
            return function  # the head of a noun phrase closing a clause: 的一年里一年里，
        if _distributive(unit, tag):
            return ""  # 一个一个, 一户亲戚一户亲戚, 逐项逐项, 整箱整箱 (but 一等奖, 成果 are nouns)
        if nxt == "地" and tag not in _NOUN_TAGS:
            return ""  # only a reduplication is an adverbial before 地: 一文钱一文钱地积累
        if unit.endswith("着"):
            return ""  # V着V着: 说着说着
        if any(w in unit for w in cls("free-choice")):
            return ""  # 想吃啥吃啥
        ono = cls("onomatopoeic")
        if tag == "o" or all(ch in ono for ch in unit):
            return ""  # 呼噜呼噜, 咔嚓咔嚓, 哔哩哔哩
        if n == 2 and all(ch in people.translit_chars() for ch in unit):
            return ""  # 玛塔玛塔 (a place named by a doubled syllable)
        if before in "的之" and nxt != "的":
            return function  # the head of a noun phrase: 的影响影响，, 的节日了节日了。
        if unit[-1] in cls("utterance") and function == "content":
            return ""  # an utterance repeated: 吃饭吧吃饭吧, 够了够了 (not 除了除了)
        if unit in cls("intensifier"):
            return ""  # 非常非常
        if before in _CLAUSE_BEFORE and follow in _CLAUSE_AFTER:
            # The whole clause is the repeat: speech (“够了够了”, “过奖过奖，不敢当不敢当！”) or a
            # word repeated to gloss it (干部干部，干是当头的); not a longer term in quotes of
            # its own (“街心花园街心花园”) or a name.
            if n == 2 or tag in ("l", "v", "a", "d", "e", "y") and _quoted(text, s) \
                    and not (before in "“‘「『" and follow in "”’」』"):
                return ""
        if n > 2:
            return function
        if unit[0] in cls("degree") and ix.tag(unit[1]).startswith(("a", "m", "d")):
            return ""  # 很多很多, 好大好大
        # Where the unit stands: a noun's place is a stutter, a verb's place reduplication.
        if nxt in cls("aspect"):
            return function  # 影响影响了
        degree = cls("degree") | cls("intensifier")
        if nxt in degree or nxt[:1] in degree and ix.tag(nxt).startswith(("a", "d")):
            return function  # the subject of an adjective: 受暴雨影响影响较大
        if not tag:
            # Not in the dictionary: an adjective or verb by its characters (亮白亮白).
            tag = "v" if all(ix.tag(ch).startswith(_VERBLIKE) for ch in unit) else "n"
        noun = tag in _NOUN_TAGS or tag in ("vn", "t", "s", "f")
        if tag.startswith("v") and unit[1] in cls("complement"):
            return function  # a resultative or directional verb never reduplicates: 来到来到
        if ptag == "r" and prev not in cls("licensor") and i > 0:
            prev = c.tokens[i - 1]  # 请他鉴定鉴定: the licensor stands before the pronoun
        adjective = tag.startswith(("a", "z")) or ix.tag(unit[-1]) == "a"  # 细长, 脆甜, 墨黑
        if prev in cls("licensor") or nxt in cls("follower") and (nxt not in "的地" or adjective or tag.startswith("v")):
            return ""  # 请他鉴定鉴定, 研究研究一下, 参观参观去, 细长细长的 (not 类型类型的)
        if ptag in ("p", "v") or prev in cls("aspect"):
            return function  # after a preposition or as a verb's object: 进行研究研究, 下足了功夫功夫
        nxt_tag = ix.tag(nxt) if nxt else ""
        if noun and ptag.startswith(("n", "vn")) and nxt_tag.startswith(("n", "vn")):
            return function  # inside a compound noun: 经济发展发展特点, 教育管理管理监督
        if noun and (nxt_tag.startswith(("a", "p")) or nxt[:1] in ("不", "没")):
            return function  # the subject of what follows: 工作工作忙, 投资投资比上年, 生活生活不规范
        if follow in _CLAUSE_AFTER:
            # Closing its clause: a verb or adjective is a predicate (村民们商量商量。, 天空墨黑墨黑，
            # with 墨黑 a state word by its last character); a noun right after a noun is the
            # head of a compound doubled (发展思想思想，).
            if tag.startswith(_VERBLIKE) and tag != "vn" or adjective:
                return ""
            clause = re.split(r"[，。！？；：、“”]", text[max(0, s - 16):s])[-1]
            if "把" in clause:
                return ""  # 把山地的灌溉建设建设，: the 把 construction wants a verb
            return function if ptag.startswith(("n", "vn", "s", "f")) else ""
        if tag.startswith(_VERBLIKE):
            return ""
        return function


def _distributive(unit: str, tag: str) -> bool:
    """A numeral-measure unit doubled to mean "one by one": 一 or 每 with a measure word or
    a noun used as one (一个, 一针, 一户亲戚, 一马勺), 逐/整/成/半 with a measure word (逐项, 整箱,
    成包, 半份); not a word that merely starts so (一等奖, 成果, 整理)."""
    if unit[0] not in words.reduplication_class("distributive"):
        return False
    ix = words.index()
    measure = ix.tag(unit[1]) == "q" or unit[1] in QUANTITY_UNITS or tag in ("m", "q", "mq")
    if unit[0] in "一每":
        if measure or ix.freq(unit) <= 3:
            return True
        return tag in _NOUN_TAGS and len(unit) == 2  # 一针一针 (not 一定, 一等奖, 一国两制)
    return len(unit) == 2 and (measure or unit[0] == "逐")  # not 逐步回归


def _quoted(text: str, s: int) -> bool:
    """Inside a quotation (“” 「」 『』) opened earlier in the same paragraph."""
    start = max(text.rfind("\n", max(0, s - 300), s), s - 300, 0)
    for opening, closing in (("“", "”"), ("「", "」"), ("『", "』")):
        opened = text.rfind(opening, start, s)
        if opened >= 0 and text.rfind(closing, opened, s) < 0:
            return True
    return False


class _Context:
    """One candidate: the text, the copies, and the segmentation around them (``at`` is the
    first copy's offset in the segmented piece; ``left``/``right`` index the tokens holding
    the first copy's first and the second copy's last character)."""

    __slots__ = ("text", "s", "unit", "second", "end", "tokens", "spans", "at", "left", "right")

    def __init__(self, text, s, unit, second, tokens, spans, at, left, right):
        self.text, self.s, self.unit, self.second = text, s, unit, second
        self.end = second + len(unit)
        self.tokens, self.spans, self.at, self.left, self.right = tokens, spans, at, left, right
