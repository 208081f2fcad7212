"""Half-width (ASCII) punctuation inside Chinese text.

## What it does
Flags every ASCII `, ; : ( ) ? !` that touches Chinese text: a Chinese character or full-width
punctuation right before or after it. A bracket pair is judged as a pair: when one half
touches Chinese text or the pair encloses Chinese, both halves are flagged. Numbers (1,000,
10:30, 3.5), URLs and stretches of Latin text are left alone.

## Why it matters
Chinese typography uses full-width punctuation. OCR engines and some content systems emit
ASCII marks, which look wrong in print, break line-breaking rules, and make the same text
compare unequal in search and deduplication.

## Example
    1月4日,省委书记林武主持召开    ->  1月4日，省委书记林武主持召开
    各县(市、区)设分会场           ->  各县（市、区）设分会场

## Fix safety
Safe: each fix replaces one character with its full-width form and touches nothing else.
"""
from __future__ import annotations

import re

import regex

from kanwu.document import HAN_CHAR
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity

from ._chars import CJK_PUNCT, FULLWIDTH

_CJK = regex.compile(rf"[\p{{Han}}{CJK_PUNCT}]")
_CANDIDATE = re.compile(r"[,;:()?!]")
_URL = regex.compile(r"(?:https?|ftp)://[^\s\p{Han}，。；！？（）]+|www\.[^\s\p{Han}，。；！？（）]+|[\w.+-]+@[\w-]+\.[\w.]+")


class HalfwidthPunctuation(Rule):
    code, name = "KW301", "halfwidth-punctuation"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})

    def check(self, doc):
        text = doc.text
        if not _CANDIDATE.search(text):
            return
        skip = set()
        if "//" in text or "www." in text or "@" in text:
            for m in _URL.finditer(text):
                skip.update(range(*m.span()))
        for block in doc.paragraphs:
            yield from self._block(text, block.start, block.end, skip)

    def _block(self, text, start, end, skip):
        flagged = set()
        opens = []
        for m in _CANDIDATE.finditer(text, start, end):
            i = m.start()
            if i in skip:
                continue
            ch = text[i]
            if ch == "(":
                opens.append(i)
            elif ch == ")" and opens:
                o = opens.pop()
                if (self._touches(text, o) or self._touches(text, i)
                        or HAN_CHAR.search(text, o + 1, i)):
                    flagged.update((o, i))
                continue
            if ch != "(" and self._touches(text, i):
                if ch == ":" and self._between_digits(text, i):
                    continue
                flagged.add(i)
        for o in opens:  # unpaired opening brackets
            if self._touches(text, o):
                flagged.add(o)
        for i in sorted(flagged):
            ch = text[i]
            full = FULLWIDTH[ch]
            yield self.diagnostic(i, i + 1, f"half-width {ch!r} in Chinese text; use {full!r}",
                                  Fix.safe(f"Replace with {full!r}", Edit.replace(i, i + 1, full)))

    @staticmethod
    def _touches(text, i):
        # Everything Chinese sits at or above U+2000 (curly quotes, dashes, CJK): a code-point
        # test first spares the pattern for the ASCII neighbours that most candidates have.
        if i > 0 and text[i - 1] >= "\u2000" and _CJK.match(text, i - 1) is not None:
            return True
        return i + 1 < len(text) and text[i + 1] >= "\u2000" and _CJK.match(text, i + 1) is not None

    @staticmethod
    def _between_digits(text, i):
        return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
