"""Half-width (ASCII) punctuation inside Chinese text.

## What it does
Flags an ASCII punctuation mark that Chinese prose writes full width:

- `, ; : ( ) ? !` touching Chinese text (a Chinese character or full-width punctuation right
  before or after). A bracket pair is judged as a pair: when one half touches Chinese text or
  the pair encloses Chinese, both halves are flagged.
- `.` ending a Chinese sentence: after a Chinese character (or a closing quote or bracket) and
  before Chinese text, a quotation mark or the end of the paragraph.
- straight quotes `"` and `'` in Chinese prose: a pair that encloses Chinese text or stands in
  Chinese text becomes “…” (‘…’), the left mark and the right mark chosen by position; an
  apostrophe inside a Latin word (China's) is not a quote.

Numbers (1,000, 10:30, 3.5, version 2.0.1), URLs and e-mail addresses, dotted abbreviations,
runs of dots and stretches of Latin text (an English sentence with its own quotes) are left
alone.

## Why it matters
Chinese typography uses full-width punctuation. OCR engines and some content systems emit
ASCII marks, which look wrong in print, break line-breaking rules, and make the same text
compare unequal in search and deduplication. A straight quote cannot show where a quotation
opens and closes.

## Example
    1月4日,省委书记林武主持召开    ->  1月4日，省委书记林武主持召开
    各县(市、区)设分会场           ->  各县（市、区）设分会场
    期盼着村子大变样.如今           ->  期盼着村子大变样。如今
    中国提出的"一带一路"倡议        ->  中国提出的“一带一路”倡议

## Fix safety
Safe: each fix replaces one character with its full-width form and touches nothing else;
straight quotes that pair up in their paragraph become “ and ” in turn. When a paragraph
holds an odd number of straight quotes the direction of the unpaired one is guessed from its
neighbours, so that fix is unsafe.
"""
from __future__ import annotations

import re

import regex

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity
from kanwu.zh.chars import CHINESE_NUMERALS, CJK_PUNCT_CLASS, CLOSERS, FULLWIDTH, HAN, HAN_CLASS

_CJK = regex.compile(rf"[\p{{Han}}{CJK_PUNCT_CLASS}]")
_CANDIDATE = re.compile(r"""[,;:()?!."']""")
_APOSTROPHE = re.compile(r"[A-Za-z0-9]'[A-Za-z0-9]|[A-Za-z]'(?![A-Za-z])")
_URL = regex.compile(r"(?:https?|ftp)://[^\s\p{Han}，。；！？（）“”]+|www\.[^\s\p{Han}，。；！？（）“”]+"
                     r"|[\w.+-]+@[\w-]+\.[\w.]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# What may stand before a full stop that ends a Chinese sentence, and after it.
# (a number's unit sign may end a sentence too: 增长145%.)
_BEFORE_STOP = re.compile(f"[{HAN_CLASS}{CLOSERS}\"]|(?<=[0-9０-９])[%％‰℃°]")
_AFTER_STOP = re.compile(f"[{HAN_CLASS}{CJK_PUNCT_CLASS}\"]|\\s*$|\\s+[{HAN_CLASS}]")
# After Chinese text a number may open the next sentence: 黄久生.1996年起 (not after a number:
# 3.5, 2.0.1).
_HAN_OR_CLOSER = re.compile(f"[{HAN_CLASS}{CLOSERS}]")
_QUOTE_PAIR = {'"': ("“", "”"), "'": ("‘", "’")}
_CHINESE = regex.compile(rf"[\p{{Han}}{CJK_PUNCT_CLASS}]")


class HalfwidthPunctuation(Rule):
    code, name = "KW301", "halfwidth-punctuation"
    error_weight = 0.1  # 差错率: a punctuation slip (标点符号的一般错用)
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})

    def check(self, doc):
        text = doc.text
        if not _CANDIDATE.search(text):
            return
        skip = set()
        if "//" in text or "@" in text or "." in text:
            for m in _URL.finditer(text):
                if "." in m.group() or "@" in m.group():
                    skip.update(range(*m.span()))
        for block in doc.paragraphs:
            yield from self._block(text, block.start, block.end, skip)

    def _block(self, text, start, end, skip):
        flagged = {}
        opens = []
        quotes = {'"': [], "'": []}
        for m in _CANDIDATE.finditer(text, start, end):
            i = m.start()
            if i in skip:
                continue
            ch = text[i]
            if ch in quotes:
                if ch == "'" and i > start and _APOSTROPHE.match(text, i - 1):
                    continue  # China's, rock'n'roll
                quotes[ch].append(i)
                continue
            if ch == ".":
                if self._ends_sentence(text, i, start, end):
                    flagged[i] = FULLWIDTH["."]
                continue
            if ch == "(":
                opens.append(i)
            elif ch == ")" and opens:
                o = opens.pop()
                if (self._touches(text, o) or self._touches(text, i)
                        or HAN.search(text, o + 1, i)):
                    flagged[o], flagged[i] = "（", "）"
                continue
            if ch != "(" and self._touches(text, i):
                if ch == ":" and self._between_digits(text, i):
                    continue
                flagged[i] = FULLWIDTH[ch]
        for o in opens:  # unpaired opening brackets
            if self._touches(text, o):
                flagged[o] = "（"
        guessed = set()
        for ch, marks in quotes.items():
            for i, full, sure in self._quotes(text, marks, start, end, *_QUOTE_PAIR[ch]):
                flagged[i] = full
                if not sure:
                    guessed.add(i)
        for i in sorted(flagged):
            ch, full = text[i], flagged[i]
            edit = Edit.replace(i, i + 1, full)
            fix = (Fix.unsafe(f"Replace with {full!r} (direction guessed)", edit) if i in guessed
                   else Fix.safe(f"Replace with {full!r}", edit))
            yield self.diagnostic(i, i + 1, f"half-width {ch!r} in Chinese text; use {full!r}", fix)

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

    @staticmethod
    def _ends_sentence(text, i, start, end):
        """An ASCII full stop closing a Chinese sentence: Chinese before it, and Chinese text, a
        quotation mark or the paragraph's end after it; not one dot of several, not a list
        number (一.), not a dot between the parts of a transliterated name."""
        if i == start or not (_BEFORE_STOP.match(text, i - 1) or _number_in_sentence(text, i, start)):
            return False
        if text[i - 1] == "." or (i + 1 < end and text[i + 1] == "."):
            return False
        after_number = i + 1 < end and text[i + 1].isdigit() and _HAN_OR_CLOSER.match(text, i - 1)
        if not (after_number or _AFTER_STOP.match(text[:end], i + 1)):
            return False
        if _enumerator(text, i, start):
            return False
        return not _name_dot(text, i, start, end)

    def _quotes(self, text, quotes, start, end, left, right):
        """(offset, full-width mark, sure) for the straight quotes of one paragraph that stand
        in Chinese prose. An even number pairs up in order (sure); with an odd number each mark
        takes the direction its neighbours show, or else the one its place in the sequence
        gives it (unsure)."""
        out = []
        if len(quotes) % 2 == 0:
            for o, c in zip(quotes[::2], quotes[1::2]):
                if _CHINESE.search(text, o + 1, c) or self._touches(text, o) or self._touches(text, c):
                    out += [(o, left, True), (c, right, True)]  # else an English phrase quoted in English
            return out
        opening = True
        for q in quotes:
            seen = _direction(text, q, start, end, default="")
            is_open = opening if not seen else seen == "“"
            if is_open == opening:
                opening = not opening
            if self._touches(text, q):
                out.append((q, left if is_open else right, False))
        return out


def _direction(text, i, start, end, default="“"):
    """“ or ” for a straight quote from its neighbours: a mark after a space, an opening mark or
    a clause's punctuation and before text opens; one after text and before punctuation, a
    space or the paragraph's end closes."""
    before = text[i - 1] if i > start else ""
    after = text[i + 1] if i + 1 < end else ""
    opens_before = before == "" or before.isspace() or before in "：:，,。；;！!？?、（(《“‘【"
    closes_after = after == "" or after.isspace() or after in "，,。.；;：:！!？?、）)》”’】"
    if opens_before and not closes_after:
        return "“"
    if closes_after and not opens_before:
        return "”"
    return default


def _number_in_sentence(text, i, start):
    """A number ends right before the dot and a Chinese character stands before the number (约1/4.
    分析显示, 电话为12378.): the dot ends the sentence. A number opening a sentence or a line is a
    list number (1.加强领导) and stays."""
    a = i
    while a > start and (text[a - 1].isdigit() or text[a - 1] in "./"):
        a -= 1
    return a < i and a > start and text[i - 1].isdigit() and HAN.match(text, a - 1) is not None


def _enumerator(text, i, start):
    """一.总则 / 二.工作目标: Chinese numerals opening a paragraph or a sentence before the dot
    are a list number (whose mark is 、), not a sentence."""
    a = i
    while a > start and i - a < 3 and text[a - 1] in CHINESE_NUMERALS:
        a -= 1
    if a == i:
        return False
    if a > start and text[a - 1] == "第":
        a -= 1
    return a == start or text[a - 1] in " \t\u3000\n。！？；：:"


def _name_dot(text, i, start, end):
    """A dot between the parts of a transliterated name (马克.吐温), which wants a middle dot,
    not a full stop."""
    from kanwu.zh.people import translit_chars

    a = i
    while a > max(start, i - 4) and HAN.match(text, a - 1):
        a -= 1
    b = i + 1
    while b < min(end, i + 5) and HAN.match(text, b):
        b += 1
    left, right = text[a:i], text[i + 1:b]
    if not left or not right:
        return False
    tc = translit_chars()
    both = left + right
    return sum(c in tc for c in both) * 3 >= len(both) * 2 and len(left) <= 4
