"""Photo caption standing in the article text.

## What it does
Flags photo captions and credits that a scrape or OCR left in the article text, over their
whole extent:

- a credit line (`新华社记者 方喆摄`, `蒙钟德摄（影像中国）`, `人民视觉`, `本报记者 贺  勇摄`) together
  with the caption paragraph right above it, when there is one;
- a caption paragraph: one opening with `图为`, `图①：`, `图1：`, `上图：`, or a short paragraph
  closing with a credit (`……确保列车运行安全。李学军 摄`, `……晨练。（新华社记者 某某摄）`,
  `……劳作。（人民视觉）`), or a caption line followed by its credit line;
- a caption glued to the end of a body paragraph: its last sentences, ending in a credit or
  opening with `图为`;
- a one-sentence paragraph closing an article whose byline credits a photo (`文/摄`) when the
  sentence is drawn from the article itself (an uncredited caption).

A credit that names the source of a page's pictures (`本版图片来源：人民视觉`) is flagged alone.
What a caption, a credit and an agency look like is `kanwu.zh.captions` (agencies and credit
words are in its data file).

## Why it matters
On the printed page the caption sat under a picture; in the text it interrupts the article,
often in the middle of a sentence, and gets quoted as if it were the reporter's prose.

## Example
    ……确保列车运行安全。李学军 摄
    图为11月23日晚的永辉超市万达店。
    村民在田间劳作。\n\n新华社记者 某某摄      (one finding over both lines)

## Fix safety
Display-only: the suggestion shows the caption removed, but whether to drop it, move it or
keep it as a caption field is an editor's decision.
"""
from __future__ import annotations

import regex

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh import captions
from kanwu.zh.chars import BLANK

from ._articles import PHOTO_BYLINE, articles, bigrams, coverage

_ONE_SENTENCE = regex.compile(r"[^。！？!?]+[。！？]?")
_LINE = regex.compile(r"[^\r\n]+")


class PhotoCaption(Rule):
    code, name = "KW103", "photo-caption"
    error_weight = 0.0  # 差错率: a caption is right text in a layout place, not an error of the text
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.DISPLAY_ONLY})
    options = {
        "uncredited-max-length": Option(80, "longest uncredited caption recognised after a photo byline", min=1, max=10_000),
        "min-coverage": Option(0.6, "share of an uncredited caption's bigrams that must occur in its article", min=0, max=1),
    }

    def check(self, doc):
        blocks = doc.paragraphs
        text = doc.text
        covered: set[int] = set()
        for b in blocks:
            i = b.index
            if i in covered or captions.is_marker(b.text):
                continue
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            credit_below = (nxt is not None and captions.is_credit(nxt.text)
                            and not captions.is_page_credit(nxt.text))
            if captions.is_credit(b.text):
                covered.add(i)
                yield self._whole(doc, b, b, "photo credit in the article text")
                continue
            if captions.is_caption(b.text) or credit_below and captions.caption_above_credit(b.text):
                covered.add(i)
                first, last = b, b
                if credit_below:
                    covered.add(i + 1)
                    last = nxt
                    # a photo-news caption may run over the short paragraphs above it
                    above = []
                    for k in range(i - 1, max(-1, i - 5), -1):
                        if k in covered:
                            break
                        above.append(blocks[k].text)
                    up = captions.caption_paragraphs_above(above, b.text)
                    first = blocks[i - up]
                yield self._whole(doc, first, last, "photo caption in the article text"
                                  + (" with its credit" if last is not b else ""))
                continue
            if self._photo_news(blocks, i, covered):
                # a caption paragraph under its headline, closing with its credit: all of it
                covered.add(i)
                yield self._whole(doc, b, b, "photo caption in the article text")
                continue
            span = self._inside(text, b)
            if span is not None:
                s, e, message = span
                if credit_below:
                    covered.add(i + 1)
                    yield self._glued(doc, s, nxt.end, message + ", with its credit on the next line")
                else:
                    yield self._glued(doc, s, e, message)
                covered.add(i)
            elif credit_below:
                covered.add(i + 1)
                yield self._whole(doc, nxt, nxt, "photo credit in the article text")
        yield from self._uncredited(doc, covered)

    @staticmethod
    def _photo_news(blocks, i, covered):
        """Paragraph ``i`` is a photo-news caption as a whole: it closes with a credit, is short
        enough for a caption, and stands under a headline (or another caption), not under prose."""
        b = blocks[i]
        span = captions.credit_at_end(b.text)
        if span is None or span[0] == 0 or "\n" in b.text.strip(BLANK):
            return False
        if not captions.caption_above_credit(b.text[:span[0]]):
            return False
        prev = blocks[i - 1] if i > 0 else None
        return prev is None or (i - 1) in covered or captions.is_display_line(prev.text)

    # -- a caption inside a body paragraph ------------------------------------------------------
    def _inside(self, text, b):
        """(start, end, message) of a caption at the end of paragraph ``b`` that is not a
        caption as a whole: a caption line over a credit line, or a caption glued after prose."""
        lines = [(b.start + m.start(), b.start + m.end()) for m in _LINE.finditer(b.text)]
        lines = [(s, e) for s, e in lines if text[s:e].strip(BLANK)]
        if len(lines) > 1 and captions.is_credit(text[lines[-1][0]:lines[-1][1]]):
            cs, ce = lines[-1]
            ps, pe = lines[-2]
            above = text[ps:pe]
            if not captions.is_page_credit(text[cs:ce]) and (
                    captions.caption_above_credit(above) or captions.is_caption(above)):
                return _strip(text, ps, ce) + ("photo caption and its credit line in the article text",)
            glued = captions.glued_caption(above)
            if glued is not None and not captions.is_page_credit(text[cs:ce]):
                return ps + glued[0], ce, "photo caption glued to a paragraph, with its credit line"
            return _strip(text, cs, ce) + ("photo credit in the article text",)
        glued = captions.glued_caption(b.text)
        if glued is not None:
            return b.start + glued[0], b.start + glued[1], "photo caption glued to the end of a paragraph"
        return None

    # -- an uncredited caption closing an article with a photo byline ----------------------------
    def _uncredited(self, doc, covered):
        blocks = doc.paragraphs
        for first, last in articles(blocks):
            while last > first and last in covered:
                last -= 1  # the uncredited caption may precede credited ones
            if not PHOTO_BYLINE.search(blocks[first].text) or last == first:
                continue
            b = blocks[last]
            if b.index in covered or b.kind != "body" or len(b) > self.opts["uncredited-max-length"]:
                continue
            if not _ONE_SENTENCE.fullmatch(b.text):
                continue
            body = "".join(blocks[k].text for k in range(first, last))
            if coverage(b.text, bigrams(body)) >= self.opts["min-coverage"]:
                yield self._whole(doc, b, b, "uncredited photo caption closing an article whose byline credits a photo")

    # -- findings -------------------------------------------------------------------------------
    def _whole(self, doc, first, last, message):
        """Whole paragraphs ``first``..``last``: the fix removes them with the blank lines after."""
        blocks = doc.paragraphs
        end = blocks[last.index + 1].start if last.index + 1 < len(blocks) else last.end
        fix = Fix.display_only("Take the caption out of the article text", Edit.delete(first.start, end))
        return self.diagnostic(first.start, last.end, message, fix)

    def _glued(self, doc, start, end, message):
        """Part of a paragraph, from a point inside it (a sentence, a line) to its end or to the
        end of the credit line under it: the fix removes it with the blanks and line breaks
        before it, so the paragraph keeps its own end and the blank line after it."""
        text = doc.text
        s = start
        while s > 0 and text[s - 1] in BLANK + "\r\n":
            s -= 1
        fix = Fix.display_only("Take the caption out of the article text", Edit.delete(s, end))
        return self.diagnostic(start, end, message, fix)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in BLANK:
        s += 1
    while e > s and text[e - 1] in BLANK:
        e -= 1
    return s, e
