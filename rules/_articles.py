"""Shared page structure for rules that reason about articles: which blocks start an article,
the articles' spans, and a bag-of-bigrams similarity between short and long texts."""
from __future__ import annotations

import regex

from kanwu.document import ARTICLE_START, Block

_HAN_RUN = regex.compile(r"\p{Han}+")
PHOTO_BYLINE = regex.compile(r"[（(][^）)\n]{0,40}(?:文/摄|文／摄|摄影|/摄|图/|摄）|摄\))")


def starts_article(block: Block) -> bool:
    return block.kind == "body" and ARTICLE_START.match(block.text) is not None


def articles(blocks: list[Block]) -> list[tuple[int, int]]:
    """(first, last) block indices of each article: from an article-start block up to the
    next headline, article start or end of page."""
    out = []
    i = 0
    while i < len(blocks):
        if starts_article(blocks[i]):
            j = i + 1
            while j < len(blocks) and blocks[j].kind not in ("headline",) and not starts_article(blocks[j]):
                j += 1
            out.append((i, j - 1))
            i = j
        else:
            i += 1
    return out


def bigrams(text: str) -> set[str]:
    grams = set()
    for run in _HAN_RUN.findall(text):
        grams.update(run[k:k + 2] for k in range(len(run) - 1))
    return grams


def coverage(short: str, long_grams: set[str]) -> float:
    """Share of the short text's Chinese bigrams that occur in the long text."""
    g = bigrams(short)
    return len(g & long_grams) / len(g) if g else 0.0
