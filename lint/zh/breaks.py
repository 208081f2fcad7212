"""Where a sentence can be cut, and the evidence that two paragraphs are one sentence cut by a
page or column break: a word running across the break (培训力 | 度), a number and its unit
(3 | 000元), a first half stopping at ，/、 or on a word that cannot end a phrase, a second half
opening with what cannot open a paragraph, a quotation opened before the break and closed
after it. The block classifier and the page-break rule share it."""
from __future__ import annotations

import regex

from .chars import BLANK, CANNOT_END, CANNOT_START, CLOSING, OPENING, PAIRS, is_han

_HAN_TAIL = regex.compile(r"\p{Han}+\Z")
_HAN_HEAD = regex.compile(r"\p{Han}+")
_DIGIT_TAIL = regex.compile(r"(?:[0-9０-９][0-9０-９.．,，]*|[〇零一二三四五六七八九十两][〇零一二三四五六七八九十百千两]+)\Z")
_UNIT_HEAD = regex.compile(r"[0-9０-９]|(?:万|亿|千|百)?(?:元|人|个|吨|公里|千米|米|平方米|亩|户|家|项|次|辆|台|件|名|位|所|座|天|年|小时|人次|余|多|%|％)")
# An article's opening: a dateline or news-agency line (本报北京2月1日电（记者X）, 新华社…电,
# 据新华社…电, 本报讯, （本报…电 记者…）).
DATELINE = regex.compile(
    r"^[（(]?(?:本报讯|据?本报[^\s，。,]{0,16}[电讯]|据?新华社[^\s，。,]{0,20}电|据?中新社[^\s，。,]{0,20}电"
    r"|[^\s，。,]{0,10}日报[^\s，。,]{0,10}讯|[（(【\[]\s*记者[^）)】\]]{1,40}[）)】\]]"
    r"|据[^\s，。,]{2,12}(?:报道|消息)|本报(?:[^\s，。,]{0,20})电)"
)
# How a paragraph opens when it is a new one: a dateline, a quotation or bracket, a numbered
# item, a date or time phrase with its comma, a label.
NEW_START = regex.compile(
    r"^(?:[“「『《【〔\[(（]|[0-9０-９]{1,4}(?:年|月|日|时)[^，。]{0,8}[，,]|[一二三四五六七八九十]+是"
    r"|(?:今年|去年|近年|近日|目前|如今|此外|同时|另外|据悉|据了解|截至)[^，。]{0,8}[，,]"
    r"|第[一二三四五六七八九十]+[，,、])")


def evidence(before: str, after: str, min_gain: float = 2.0) -> tuple[bool, str | None]:
    """(strong evidence that ``after`` goes on with ``before``'s sentence, the word cut in half).
    ``min_gain``: how much likelier (in nats) reading across the break must be for a word cut
    in half to count; raise it where the text around is display text."""
    if DATELINE.match(after):
        return False, None  # an article's first paragraph goes on with nothing before it
    word = word_across(before, after, min_gain)
    if word:
        return True, word
    if before.rstrip(BLANK)[-1:] in "，、," or _cannot_end(before):
        return True, None  # the first half cannot end where it stops
    return linked(before, after, min_gain) is not None, None


def linked(before: str, after: str, min_gain: float = 2.0) -> str | None:
    """How ``after`` itself shows it goes on with ``before`` (not only that ``before`` stops
    short): "word", "number", "inside" (it opens mid-sentence) or "quote"; None if it does not."""
    if DATELINE.match(after):
        return None
    if word_across(before, after, min_gain):
        return "word"
    if _DIGIT_TAIL.search(before) and _UNIT_HEAD.match(after):
        return "number"  # 3 | 000元, 25 | 万元, 五千 | 万人次
    if starts_inside(after):
        return "inside"
    mark = open_mark(before)
    if mark is not None and closes(after, mark):
        return "quote"
    return None


def _cannot_end(before: str) -> bool:
    """The text stops on a word no phrase ends with; a trailing 的 counts unless its clause has
    是 (the 是…的 construction ends sentences)."""
    word = last_word(before)
    if word == "的":
        clause = regex.split(r"[，。；：！？,;:!?]", before.rstrip(BLANK))[-1]
        return "是" not in clause
    return word in CANNOT_END


def starts_inside(after: str) -> bool:
    """The paragraph opens mid-sentence: with a closing mark or a word that cannot open one."""
    first = after[:1]
    return first in CLOSING or first in "，。、；：！？,.;:!?…" or first_word(after) in CANNOT_START


def first_word(text: str) -> str:
    from kanwu.zh.words import index
    head = _HAN_HEAD.match(text[:8])
    return index().segment(head.group())[0] if head else ""


def last_word(text: str) -> str:
    from kanwu.zh.words import index
    tail = _HAN_TAIL.search(text.rstrip(BLANK)[-8:])
    return index().segment(tail.group())[-1] if tail else ""


def open_mark(text: str) -> str | None:
    """The innermost quotation or bracket left open at the end of ``text``."""
    stack: list[str] = []
    for ch in text:
        if ch in OPENING and ch not in "\"'":
            stack.append(ch)
        elif ch in CLOSING and stack and CLOSING[ch] == stack[-1]:
            stack.pop()
    return stack[-1] if stack else None


def closes(text: str, opening: str, within: int = 200) -> bool:
    """``text`` closes ``opening`` before it opens another of the same kind."""
    closing = PAIRS[opening]
    for ch in text[:within]:
        if ch == closing:
            return True
        if ch == opening:
            return False
    return False


def verse(before: str, after: str) -> bool:
    """Two short lines of a poem or couplet, one per paragraph."""
    return len(before) <= 20 and len(after.split("\n")[0]) <= 22 and "，" not in before[:-1]


def word_across(before: str, after: str, min_gain: float = 2.0) -> str | None:
    """The word the break cuts in half, if any: segmenting the Chinese text either side of the
    break as one run (jieba's dictionary and route), a word of two or more characters must
    start before the break and end after it. A compound of whole words (建设 | 党) segments at
    the break and is no evidence."""
    from kanwu.zh.words import index

    left = _HAN_TAIL.search(before[-6:])
    right = _HAN_HEAD.match(after[:6])
    if not left or not right or not is_han(before[-1:]):
        return None
    ix = index()
    l, r = left.group(), right.group()
    if not any(ix.freq(l[-i:] + r[:j]) for i in range(1, min(3, len(l)) + 1)
               for j in range(1, min(3, len(r)) + 1) if i + j <= 4):
        return None  # no dictionary word spans the break at all: nothing to segment
    cut = len(l)
    pos = 0
    joined = ix.segment(l + r)
    for token in joined:
        end = pos + len(token)
        if pos < cut < end and len(token) >= 2:
            # Evidence only when reading across the break is much likelier than reading each
            # side on its own: 培训力|度 (力 alone is a poor word) is, 约谈|谈到 (谈谈) is not.
            if _logp(ix, joined) - _logp(ix, ix.segment(l)) - _logp(ix, ix.segment(r)) >= min_gain:
                return token
            return None
        pos = end
    return None


def _logp(ix, tokens: list[str]) -> float:
    """Log-probability of a segmentation under jieba's unigram word model."""
    import math
    log_total = math.log(ix.total)
    return sum(math.log(ix.freq(t) or 1) - log_total for t in tokens)
