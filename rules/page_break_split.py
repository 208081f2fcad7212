"""Sentence broken across a page or column break.

## What it does
Flags a body paragraph that stops mid-sentence, at a Chinese character or at ， 、 with no
sentence-final punctuation, when the next body paragraph carries the sentence on. Also when
blank lines or a photo caption stand between the two halves. A paragraph followed by a
headline, a byline, a continuation marker or a new article (本报讯, a dateline) is an ending,
not a break; so are headlines, decks, bylines and section labels themselves. The characters
either side of the break are looked up in the dictionary (two to four characters across the
break forming a word, as in 培训力 | 度 → 力度) and the finding says so.

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

from kanwu.document import ARTICLE_START
from kanwu.model import Edit, Fix, FixAvailability, Option, Rule, Severity

_HAN_WORD = regex.compile(r"\p{Han}+")
_OPEN_END = regex.compile(r"[\p{Han}A-Za-z0-9０-９]")  # matched against the last character
_COMMA_ENDINGS = "，、,"
# A paragraph that opens like the start of something new rather than a continuation.
_NEW_START = regex.compile(r"^(?:[“「『《【〔\[(（]|[一二三四五六七八九十]+[是要、]|第[一二三四五六七八九十]+[，,、]"
                           r"|\d{1,2}月\d{1,2}日[，,]|[（(]?[一二三四五六七八九十\d]+[）)、.])")


class PageBreakSplit(Rule):
    code, name = "KW101", "page-break-split"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    options = {"min-length": Option(12, "shortest paragraph (in characters) that can hold a broken sentence")}

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
        if not _OPEN_END.match(last):
            return False
        # An unpunctuated ending followed by something that opens like a new item is more
        # likely an article that ends without a full stop than a break.
        return not _NEW_START.match(nxt.text) or _word_across(prev.text, nxt.text) is not None

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
    """A dictionary word of 2-4 characters that spans the break, if any."""
    from kanwu.words import index

    ix = index()
    best = None
    for left in range(1, 4):
        for right in range(1, 4):
            if left + right > 4 or left > len(before) or right > len(after):
                continue
            w = before[-left:] + after[:right]
            if not _HAN_WORD.fullmatch(w):
                continue
            f = ix.freq(w)
            if f >= 3 and (best is None or f > best[1]):
                best = (w, f)
    return best[0] if best else None
