"""Continuation marker left in the text, such as （下转第2版） or （上接第一版）.

## What it does
Flags the jump lines a printed page uses to send readers to another page: 下转/转/紧转 and
上接/接/紧接/续 with a page reference (第N版, 第二版, A8版, 第１２版, 上页). A bracketed marker (full-
or half-width brackets, 【】〔〕) is flagged wherever it stands. A bare one (转第四版) only where
a jump line stands: a line of its own, the end of a paragraph right after its last full stop,
or the start of a paragraph; so 接上级通知 and 他转第二版面的稿件 are prose. What a marker looks
like is `kanwu.zh.captions.marker_spans` (its verbs are a data file).

## Why it matters
In a scraped or OCR'd article the jump line is layout noise: it interrupts the sentence flow,
pollutes search and deduplication, and means nothing once the article is one text.

## Example
    坚决消除各类风险隐患。（下转第2版）    ->  坚决消除各类风险隐患。
    全面落实……\n\n（上接第一版）\n\n市疫情    ->  全面落实……\n\n市疫情
    确保颗粒归仓。紧转第15版                ->  确保颗粒归仓。

## Fix safety
Safe: the fix removes the marker, and the blank line it leaves when it stood alone; no other
text is touched.
"""
from __future__ import annotations

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity
from kanwu.zh.captions import marker_spans
from kanwu.zh.chars import BLANK


class ContinuationMarker(Rule):
    code, name = "KW102", "continuation-marker"
    error_weight = 0.1  # 差错率: a page-jump note left in the text is a layout slip
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})

    def check(self, doc):
        paragraphs = doc.paragraphs
        text = doc.text
        for s, e in marker_spans(text):
            block = doc.paragraph_at(s)
            if block is not None and block.start == s and block.end == e:
                # A paragraph of its own: remove it with the blank line that separated it.
                i = block.index
                if i + 1 < len(paragraphs):
                    edit = Edit.delete(s, paragraphs[i + 1].start)
                elif i > 0:
                    edit = Edit.delete(paragraphs[i - 1].end, e)
                else:
                    edit = Edit.delete(s, e)
            elif block is not None and block.start == s:
                # Opening a paragraph: the blanks after it go with it.
                ee = e
                while ee < block.end and text[ee] in BLANK:
                    ee += 1
                edit = Edit.delete(s, ee)
            else:
                # Glued to a paragraph's end or inside it: the blanks before it go with it.
                # (and the line break, when it stood on a line of its own inside the paragraph).
                floor = block.start if block is not None else 0
                ss = s
                while ss > floor and text[ss - 1] in BLANK + "\r\n":
                    ss -= 1
                edit = Edit.delete(ss, e)
            yield self.diagnostic(s, e, f"continuation marker {text[s:e]!r} is page layout, not text",
                                  Fix.safe("Remove the continuation marker", edit))
