"""Continuation marker left in the text, such as （下转第2版） or （上接第一版）.

## What it does
Flags the jump lines a printed page uses to send readers to another page: 下转/上接/转/接/续
第N版 in any bracket width and numeral style, standing alone as a paragraph or glued to the end
of a sentence.

## Why it matters
In a scraped or OCR'd article the jump line is layout noise: it interrupts the sentence flow,
pollutes search and deduplication, and means nothing once the article is one text.

## Example
    坚决消除各类风险隐患。（下转第2版）    ->  坚决消除各类风险隐患。
    全面落实……\n\n（上接第1版）\n\n市疫情    ->  全面落实……\n\n市疫情

## Fix safety
Safe: the fix removes the marker, and the blank line it leaves when it stood alone; no other
text is touched.
"""
from __future__ import annotations

from kanwu.document import BLANK, CONTINUATION
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity


class ContinuationMarker(Rule):
    code, name = "KW102", "continuation-marker"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})

    def check(self, doc):
        paragraphs = doc.paragraphs
        by_start = {b.start: b for b in paragraphs}
        text = doc.text
        for m in CONTINUATION.finditer(text):
            s, e = m.span()
            block = by_start.get(s)
            if block is not None and block.end == e:
                # A paragraph of its own: remove it with the blank line that separated it.
                i = block.index
                if i + 1 < len(paragraphs):
                    edit = Edit.delete(s, paragraphs[i + 1].start)
                elif i > 0:
                    edit = Edit.delete(paragraphs[i - 1].end, e)
                else:
                    edit = Edit.delete(s, e)
            else:
                while s > 0 and text[s - 1] in BLANK:
                    s -= 1
                edit = Edit.delete(s, e)
            yield self.diagnostic(m.start(), m.end(), f"continuation marker {m.group()!r} is page layout, not text",
                                  Fix.safe("Remove the continuation marker", edit))
