"""Photo caption standing in the article text.

## What it does
Flags paragraphs that are photo captions rather than article text: a paragraph ending in a
photo credit (`李学军 摄`, `新华社记者 X 摄`, `X 供图`, `新华社发`, `（影像中国）`), one opening
with `图为`/`上图`, and a one-sentence paragraph closing an article whose byline credits a
photo (`文/摄`) when the sentence is drawn from the article itself. The finding covers the
caption's whole extent.

## Why it matters
On the printed page the caption sat under a picture; in the text it interrupts the article,
often in the middle of a sentence, and gets quoted as if it were the reporter's prose.

## Example
    ……确保列车运行安全。李学军 摄
    图为11月23日晚的永辉超市万达店。

## Fix safety
Display-only: the suggestion shows the caption removed, but whether to drop it, move it or
keep it as a caption field is an editor's decision.
"""
from __future__ import annotations

import regex

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity

from ._articles import PHOTO_BYLINE, articles, bigrams, coverage

_ONE_SENTENCE = regex.compile(r"[^。！？!?]+[。！？]?")


class PhotoCaption(Rule):
    code, name = "KW103", "photo-caption"
    severity = Severity.INFO
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.DISPLAY_ONLY})
    options = {
        "uncredited-max-length": Option(80, "longest uncredited caption recognised after a photo byline", min=1, max=10_000),
        "min-coverage": Option(0.6, "share of an uncredited caption's bigrams that must occur in its article", min=0, max=1),
    }

    def check(self, doc):
        blocks = doc.paragraphs
        flagged = set()
        for b in blocks:
            if b.kind == "caption":
                flagged.add(b.index)
                yield self._finding(doc, b, "photo caption in the article text")
        for first, last in articles(blocks):
            while last > first and blocks[last].kind == "caption":
                last -= 1  # the uncredited caption may precede credited ones
            if not PHOTO_BYLINE.search(blocks[first].text) or last == first:
                continue
            b = blocks[last]
            if b.index in flagged or b.kind != "body" or len(b) > self.opts["uncredited-max-length"]:
                continue
            if not _ONE_SENTENCE.fullmatch(b.text):
                continue
            body = "".join(blocks[k].text for k in range(first, last))
            if coverage(b.text, bigrams(body)) >= self.opts["min-coverage"]:
                yield self._finding(doc, b, "uncredited photo caption closing an article whose byline credits a photo")

    def _finding(self, doc, b, message):
        blocks = doc.paragraphs
        end = blocks[b.index + 1].start if b.index + 1 < len(blocks) else b.end
        fix = Fix.display_only("Take the caption out of the article text", Edit.delete(b.start, end))
        return self.diagnostic(b.start, b.end, message, fix)
