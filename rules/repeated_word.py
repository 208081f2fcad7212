"""Word or particle printed twice in a row (影响影响, 的的).

## What it does
Finds a run of one to four Chinese characters immediately repeated, then confirms it with a
word segmentation of the surrounding sentence: both copies must stand as words of their own.
Legitimate reduplication stays quiet: single characters other than function words (层层, 牢牢,
时时, 麻麻亮), measure-word patterns (一遍一遍, 一级一级), AABB forms (的的确确), V着V着 (想着想着),
pronoun-like forms (如何如何, 多少多少), and ABAB forms where the language licenses them: inside
a quotation, where speech repeats and reduplicates freely (“过奖过奖，不敢当不敢当！”); and for
two-character units after a word that asks for a tentative action (请他鉴定鉴定, 你不想见识见识,
要好好研究研究), before 的/地 or 而已/一下/吧 (细长细长的, 热闹热闹而已), or closing a clause the way
vivid adjectives do (天空墨黑墨黑，). A paragraph that is nothing but the repeat (代表代表 in a
two-column signature block) is layout, not a stutter. Repeats across word boundaries are not words at all: 学习习近平
is 学习 / 习近平, 小组组长 is 小组 / 组长.

## Why it matters
A stutter is an OCR or editing slip that every reader notices and no spell checker for
English-like text catches.

## Example
    持续时间长的的问题    ->  持续时间长的问题
    受到影响影响了生产    ->  受到影响了生产

## Fix safety
Safe for a doubled function word (的的, 了了, 在在): deleting one copy cannot change meaning.
Unsafe for content words, where an editor should confirm that no other word was lost.
"""
from __future__ import annotations

import re

import regex

from kanwu.document import HAN_CHAR, HAN_RANGES as H
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity

PARTICLES = frozenset("的了在是和与及或把被将从向于之其而并也就都为以让给由但却已着过得")
# Two passes of the standard library's re (several times faster here than \p{Han} in regex):
# doubled function words, and doubled runs of two to four characters.
_DOUBLED_PARTICLE = re.compile(f"([{''.join(sorted(PARTICLES))}])\\1")
_DOUBLED_WORD = re.compile(rf"(?=([{H}]{{2,4}})\1)")
REDUPLICATING = frozenset("""研究 讨论 考虑 商量 休息 活动 锻炼 打扫 收拾 整理 放松 交流 了解 学习 练习 准备
介绍 比较 尝试 体验 感受 清理 检查 溜达 琢磨 打听 意思 老远 如何 多少 那么 这么 怎么 这样 那样 什么 如此 某某
哪里 谁谁""".split())
_CLAUSE_END = frozenset("，。！？；、…”’」』")
# Words that ask for a tentative action ("do a little X"), licensing ABAB verb reduplication;
# they must be the word right before the repeat (or before a pronoun right before it).
_LICENSORS = frozenset("""请 让 叫 要 想 不想 去 来 得 该 应 应该 可以 可 帮 给 需要 好好 再 不妨 一起 咱 咱们 大家 打算 准备
也要 还要 就要 都要 得要 也得 还得 可要 不如 何不 不如让""".split())
_PRONOUNS = frozenset("他 她 我 你 它 您 他们 她们 我们 你们 咱们 大家 人家 自己".split())
_MEASURE = regex.compile(r"[一每]\p{Han}{1,3}\Z")  # 一遍一遍, 一文钱一文钱, 一个困难一个困难


class RepeatedWord(Rule):
    code, name = "KW202", "repeated-word"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})

    def check(self, doc):
        text = doc.text
        candidates = [(m.start(), m.group(1)) for m in _DOUBLED_PARTICLE.finditer(text)]
        candidates += [(m.start(), m.group(1)) for m in _DOUBLED_WORD.finditer(text)]
        for s, unit in sorted(candidates):
            n = len(unit)
            if not self._candidate(text, s, unit):
                continue
            if not self._confirmed(text, s, unit):
                continue
            particle = n == 1
            fix = (Fix.safe if particle else Fix.unsafe)(f"Delete the repeated {unit!r}",
                                                          Edit.delete(s + n, s + 2 * n))
            yield self.diagnostic(s, s + 2 * n, f"{unit!r} is printed twice in a row", fix)

    @staticmethod
    def _candidate(text, s, unit):
        n = len(unit)
        if n == 1:
            if unit not in PARTICLES:
                return False
            # AABB (的的确确) and AAA (的的的, emphatic speech) are not stutters of the A.
            after = text[s + 2:s + 4]
            if len(after) == 2 and after[0] == after[1]:
                return False
            if s + 2 < len(text) and text[s + 2] == unit or s > 0 and text[s - 1] == unit:
                return False
            return True
        if len(set(unit)) == 1 or _MEASURE.match(unit) or unit in REDUPLICATING or unit.endswith("着"):
            return False
        closes_clause = text[s + 2 * n:s + 2 * n + 1] in _CLAUSE_END
        if closes_clause and RepeatedWord._quoted(text, s):
            return False  # speech repeats for emphasis: “过奖过奖，不敢当不敢当！”
        if n == 2 and (closes_clause or RepeatedWord._licensed(text, s)):
            return False
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", s)
        if text[line_start:line_end if line_end >= 0 else len(text)].strip() == unit * 2:
            return False
        return True

    @staticmethod
    def _quoted(text, s):
        """Inside a quotation (“” 「」 『』) opened earlier in the same sentence or line."""
        start = max(text.rfind("\n", 0, s), text.rfind("。", 0, s)) + 1
        for opening, closing in (("“", "”"), ("「", "」"), ("『", "』")):
            opened = text.rfind(opening, start, s)
            if opened >= 0 and text.rfind(closing, opened, s) < 0:
                return True
        return False

    @staticmethod
    def _licensed(text, s):
        """Context in which a two-character ABAB is reduplication, not a stutter: a word asking
        for a tentative action right before it (by segmentation: 带来 | 招聘招聘 is no 来),
        or 的/地/吧/而已/一下 after it."""
        after = text[s + 4:s + 6]
        if after[:1] in ("的", "地", "吧") or after in ("而已", "一下", "罢了"):
            return True
        a = s
        while a > 0 and s - a < 8 and HAN_CHAR.match(text, a - 1):
            a -= 1
        if a == s:
            return False
        from kanwu.zh.words import index

        tokens = index().segment(text[a:s])
        if len(tokens) >= 2 and tokens[-1] in _PRONOUNS:
            tokens = tokens[:-1]
        return tokens[-1] in _LICENSORS

    @staticmethod
    def _confirmed(text, s, unit):
        """Both copies are words of their own in a segmentation of the local context."""
        from kanwu.zh.words import index

        n = len(unit)
        left = max(0, s - 12)
        right = min(len(text), s + 2 * n + 12)
        piece = text[left:right]
        # Segment only the run of Chinese around the candidate.
        rel = s - left
        a = rel
        while a > 0 and HAN_CHAR.match(piece, a - 1):
            a -= 1
        b = rel + 2 * n
        while b < len(piece) and HAN_CHAR.match(piece, b):
            b += 1
        tokens = index().segment(piece[a:b])
        pos, starts = 0, {}
        for t in tokens:
            starts[a + pos] = t
            pos += len(t)
        return starts.get(rel) == unit and starts.get(rel + n) == unit
