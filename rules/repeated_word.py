"""Word or particle printed twice in a row (影响影响, 的的).

## What it does
Finds a run of one to four Chinese characters immediately repeated, then confirms it with a
word segmentation of the surrounding sentence: both copies must stand as words of their own.
Legitimate reduplication stays quiet: single characters other than function words (层层, 牢牢,
时时, 麻麻亮), measure-word patterns (一遍一遍, 一级一级), AABB forms (的的确确), and a short
list of verbs that reduplicate in speech (研究研究). Repeats across word boundaries are not words
at all: 学习习近平 is 学习 / 习近平, 小组组长 is 小组 / 组长.

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

from kanwu.document import HAN_RANGES as H
from kanwu.model import Edit, Fix, FixAvailability, Rule, Severity

PARTICLES = frozenset("的了在是和与及或把被将从向于之其而并也就都为以让给由但却已着过得")
# Two passes of the standard library's re (several times faster here than \p{Han} in regex):
# doubled function words, and doubled runs of two to four characters.
_DOUBLED_PARTICLE = re.compile(f"([{''.join(sorted(PARTICLES))}])\\1")
_DOUBLED_WORD = re.compile(rf"(?=([{H}]{{2,4}})\1)")
_HAN_CHAR = regex.compile(r"\p{Han}")
REDUPLICATING = frozenset("""研究 讨论 考虑 商量 休息 活动 锻炼 打扫 收拾 整理 放松 交流 了解 学习 练习 准备
介绍 比较 尝试 体验 感受 清理 检查 溜达 琢磨 打听""".split())
_MEASURE = regex.compile(r"[一每]\p{Han}\Z")


class RepeatedWord(Rule):
    code, name = "KW202", "repeated-word"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS

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
        if len(set(unit)) == 1 or _MEASURE.match(unit) or unit in REDUPLICATING:
            return False
        return True

    @staticmethod
    def _confirmed(text, s, unit):
        """Both copies are words of their own in a segmentation of the local context."""
        from kanwu.words import index

        n = len(unit)
        left = max(0, s - 12)
        right = min(len(text), s + 2 * n + 12)
        piece = text[left:right]
        # Segment only the run of Chinese around the candidate.
        rel = s - left
        a = rel
        while a > 0 and _HAN_CHAR.match(piece, a - 1):
            a -= 1
        b = rel + 2 * n
        while b < len(piece) and _HAN_CHAR.match(piece, b):
            b += 1
        tokens = index().segment(piece[a:b])
        pos, starts = 0, {}
        for t in tokens:
            starts[a + pos] = t
            pos += len(t)
        return starts.get(rel) == unit and starts.get(rel + n) == unit
