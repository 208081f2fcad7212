"""Sentence broken across a page or column break.

## What it does
Flags a body paragraph that stops mid-sentence, at ， 、 or between two Chinese characters,
when the next body paragraph carries the sentence on; also when blank lines or a photo
caption stand between the halves. The evidence a careful reader uses, in order: a paragraph
ending in a comma is broken; a dictionary word of two to four characters across the break
(培训力 | 度 → 力度) confirms a break; otherwise a next paragraph that opens like something new
(本报讯, a dateline, 一、 ●, a quotation) says it is not, and so does a first half that is a
subheading (no sentence-final punctuation and short, or opening with 一、 （一） ●) or a list
or table (no prose punctuation at all). Headlines, decks, bylines, captions and
continuation markers are never the first half.

## Why it matters
Layout leaks into the text: readers, search, deduplication and sentence splitters see two
fragments, and the word cut in half (力 | 度) is lost to every word-based tool.

## Example
    要全面\n\n落实第九版防控方案      ->  要全面落实第九版防控方案
    展板听\n\n韦韬……。 贾鹏 摄\n\n取建设概况  ->  展板听取建设概况\n\n韦韬……。 贾鹏 摄

## Fix safety
Safe when only whitespace stands between the halves: the fix deletes it. Unsafe when a photo
caption stands between them: the fix joins the halves and moves the caption after the joined
paragraph, which an editor should confirm.
"""
from __future__ import annotations

import regex

from kanwu.document import ARTICLE_START, HAN_CHAR
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity

_HAN_TAIL = regex.compile(r"\p{Han}+\Z")
_HAN_HEAD = regex.compile(r"\p{Han}+")
_DATE_END = regex.compile(r"[0-9０-９一二三四五六七八九十〇零]+[年月日号]\Z")
_COMMA_ENDINGS = "，、,"
_SENTENCE_END = regex.compile(r"[。！？!?…]")
_CANNOT_END = set("的在和与对把被为向从以由及将让使给比跟同而之其")  # no phrase ends in these
# A next paragraph whose first sentence is a stub (发光。) continues the sentence before it;
# a short opener followed by a comma (去年，/ 不可否认，) is an ordinary paragraph start.
_STUB_SENTENCE = regex.compile(r"[^，。、；：？！,;:?!“”]{1,4}[。！？]")
_PROSE = regex.compile(r"[，。,；;！？]")
_BULLETS = "●○■□◆◇▲△★☆•※◎"
# A paragraph that opens like the start of something new rather than a continuation.
_NEW_START = regex.compile(rf"^(?:[“「『《【〔\[(（{_BULLETS}]|[一二三四五六七八九十]+[是要、]|第[一二三四五六七八九十]+[，,、]"
                           r"|[0-9０-９]{1,2}月[0-9０-９]{1,2}日[，,]|[（(]?[一二三四五六七八九十\d]+[）)、.．]"
                           r"|(?:编者按|编后|附记|附|按)[：:])")
_ENUMERATED = regex.compile(rf"^(?:[{_BULLETS}]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
                            r"|第[一二三四五六七八九十]+[章节部分]|[0-9０-９]+[、.．]|镜头之?[一二三四五六七八九十])")


class PageBreakSplit(Rule):
    code, name = "KW101", "page-break-split"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    options = {
        "min-length": Option(12, "shortest paragraph (in characters) that can hold a broken sentence", min=1, max=10_000),
        "heading-length": Option(40, "an unpunctuated paragraph this short is a subheading, not half a sentence", min=0, max=10_000),
    }

    def check(self, doc):
        blocks = doc.paragraphs
        text = doc.text
        i = 0
        while i < len(blocks) - 1:
            prev = blocks[i]
            j = i + 1
            captions = []
            while j < len(blocks) and blocks[j].kind == "caption":
                captions.append(blocks[j])
                j += 1
            if j < len(blocks) and self._broken(prev, blocks[j]):
                yield self._finding(doc, text, prev, blocks[j], captions)
            i += 1

    def _broken(self, prev, nxt) -> bool:
        if prev.kind != "body" or nxt.kind != "body" or len(prev) < self.opts["min-length"]:
            return False
        if ARTICLE_START.match(nxt.text):
            return False
        last = prev.text[-1]
        if last in _COMMA_ENDINGS:
            return True
        if not (HAN_CHAR.match(last) and HAN_CHAR.match(nxt.text[0])):
            return False  # numbers either side are tables; a quotation opens a new paragraph
        if _DATE_END.search(prev.text):
            return False  # a date line closing a letter, an inscription or a notice
        if _word_across(prev.text, nxt.text) is not None:
            return True
        if _NEW_START.match(nxt.text):
            return False
        if not _SENTENCE_END.search(prev.text) and not ARTICLE_START.match(prev.text) and (
                len(prev) <= self.opts["heading-length"] or _ENUMERATED.match(prev.text)) and not (
                last in _CANNOT_END or _STUB_SENTENCE.match(nxt.text)):
            # A subheading (六、大企业应当强化自身建设 / 镜头之一：靠社会力量，办一流教育); a paragraph
            # that opens with a dateline (本报讯…) is a story's first lines, never a heading, and
            # a heading neither ends in 的/在/和… nor is followed by a stub sentence (发光。).
            return False
        if not _PROSE.search(prev.text):
            return False  # a list or a table row, not a sentence
        return True

    def _finding(self, doc, text, prev, nxt, captions):
        word = _word_across(prev.text, nxt.text)
        where = f"; {word!r} is cut in half" if word else ""
        if captions:
            moved = doc.newline * 2 + doc.newline.join(c.text for c in captions)
            fix = Fix.unsafe("Join the halves and move the caption after the paragraph",
                             Edit.delete(prev.end, nxt.start), Edit.insert(nxt.end, moved))
            msg = f"sentence broken across a page break, with a photo caption between the halves{where}"
        else:
            fix = Fix.safe("Join the two halves", Edit.delete(prev.end, nxt.start))
            msg = f"sentence broken across a paragraph or page break{where}"
        return self.diagnostic(prev.end - 1, nxt.start + 1, msg, fix)


def _word_across(before: str, after: str) -> str | None:
    """The word the break cuts in half, if any: segmenting the Chinese text either side of the
    break as one run (jieba's dictionary and route), a word of two or more characters must
    start before the break and end after it. A compound of whole words (建设 | 党) segments at
    the break and is no evidence."""
    from kanwu.zh.words import index

    left = _HAN_TAIL.search(before[-6:])
    right = _HAN_HEAD.match(after[:6])
    if not left or not right:
        return None
    ix = index()
    l, r = left.group(), right.group()
    if not any(ix.freq(l[-i:] + r[:j]) for i in range(1, min(3, len(l)) + 1)
               for j in range(1, min(3, len(r)) + 1) if i + j <= 4):
        return None  # no dictionary word spans the break at all: nothing to segment
    cut = len(l)
    pos = 0
    for token in ix.segment(l + r):
        end = pos + len(token)
        if pos < cut < end and len(token) >= 2:
            return token
        pos = end
    return None
