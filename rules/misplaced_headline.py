"""Headline printed above the wrong article.

## What it does
On a page where an article starts (本报讯…) with no headline of its own, looks at stacks of
two or more headline blocks with no body between them. A block of such a stack whose words
come from the headless article, much more than from the article under the stack, is flagged
as that article's misplaced headline.

## Why it matters
Scraped e-paper pages lose the boxes that tie a headline to its story; the headline lands
on top of a neighbour's, and the article it belongs to is left without one. Indexes and
archives then file both articles wrongly.

## Example
    居民扫码成为习惯 / 商户防护意识明显增强   (headline of the article below)
    孕妇居家隔离 / 网格员做“后盾”            (belongs to the later 本报讯…孕妇… article)
    本报讯（记者 李涛 …）……

## Fix safety
Display-only: moving a headline is an editorial decision; the message names the article it
seems to belong to.
"""
from __future__ import annotations

from kanwu.model import FixAvailability, Option, Rule, Severity

from ._articles import articles, bigrams, coverage, starts_article


class MisplacedHeadline(Rule):
    code, name = "KW104", "misplaced-headline"
    severity = Severity.INFO
    fix = FixAvailability.NONE
    options = {
        "min-coverage": Option(0.5, "share of the headline's bigrams that must occur in the headless article", min=0, max=1),
        "margin": Option(0.25, "how much better the headless article must match than the article below", min=0, max=1),
    }

    def check(self, doc):
        blocks = doc.paragraphs
        if not any(a.kind == "headline" and b.kind == "headline" for a, b in zip(blocks, blocks[1:])):
            return
        spans = articles(blocks)
        headless = [(f, l) for f, l in spans if f > 0 and blocks[f - 1].kind not in ("headline",)]
        if not headless:
            return
        text_of = {f: bigrams(" ".join(blocks[k].text for k in range(f, l + 1))) for f, l in spans}
        i = 0
        while i < len(blocks):
            if blocks[i].kind != "headline":
                i += 1
                continue
            j = i
            while j + 1 < len(blocks) and blocks[j + 1].kind == "headline":
                j += 1
            below = j + 1
            if j > i and below < len(blocks) and starts_article(blocks[below]):
                for k in range(i, j + 1):
                    h = blocks[k]
                    own = coverage(h.text, text_of.get(below, set()))
                    for f, _l in headless:
                        other = coverage(h.text, text_of[f])
                        if other >= self.opts["min-coverage"] and other >= own + self.opts["margin"]:
                            line = doc.position(blocks[f].start)[0]
                            yield self.diagnostic(
                                h.start, h.end,
                                f"headline seems to belong to the article without a headline at line {line} "
                                f"({blocks[f].text[:16]}…), not to the article below it")
                            break
            i = j + 1
