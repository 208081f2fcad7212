"""Headline printed above the wrong article.

## What it does
A page is a sequence of articles, each under its stack of display lines (kicker, headline,
deck). When layout is lost, a headline can land in a neighbour's stack, and the article it
belongs to runs on, headless, after the neighbour's text. For every line of a stack that holds
two or more headline lines, the rule looks for the stretch of body text (from a paragraph to
the next dateline or display line, at most ten paragraphs: a headline may name what only an
article's later paragraphs tell) whose words the line shares most. A deck line is judged
too, but only against an article that opens with a dateline: a headline moved under another
often reads as that one's deck. The line is flagged when that stretch lies below the
line's own article top, the line shares it much more than the top paragraphs under its own
stack, and neither the other lines of its stack nor the stack above that stretch share it:
the stretch is another article, and the line is its headline. A headline printed over two
lines moves as one: the headline lines next to it that share the stretch as well are flagged
with it, as long as the stack keeps a line of its own. The article left behind may keep a
lone kicker above its dateline. A headline can also land on a photo's title, above its
caption, with its own article right after the caption: it is flagged when it tells what that
text tells and nothing of the caption, while another line of the stack (the photo's title)
tells what the caption shows and not the text.

## Why it matters
Scraped e-paper pages lose the boxes that tie a headline to its story; the headline lands
on top of a neighbour's, and the article it belongs to is left without one. Indexes and
archives then file both articles wrongly.

## Example
    居民扫码成为习惯 / 商户防护意识明显增强   (headline of the article below)
    孕妇居家隔离 / 网格员做“后盾”            (belongs to the later 本报讯…孕妇… article)
    本报讯（记者 李涛 …）……

## Fix safety
No fix: moving a headline is an editorial decision; the message names the line where the
article it seems to belong to begins.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from kanwu.model import FixAvailability, Option, Rule, Severity
from kanwu.zh import blocks
from kanwu.zh.blocks import DISPLAY
from kanwu.zh.chars import HAN_RUN

WINDOW = 3    # paragraphs that make a stretch of an article
SHIFT = 0.02  # at most this alike (cosine of weighted bigrams): two articles, not one
STRONG = 0.7  # coverage a headline needs of a stretch found by a change of subject alone
ARTICLE = 10  # paragraphs of an article that a headline is measured against
REACH = 150   # body paragraphs before and after a stack where its lines' articles are looked for


def _grams(text: str) -> list[str]:
    return [run[k:k + 2] for run in HAN_RUN.findall(text) for k in range(len(run) - 1)]


@lru_cache(maxsize=4096)
def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of a line or paragraph (kept: a stack's lines are compared again
    and again)."""
    return frozenset(_grams(text))


class MisplacedHeadline(Rule):
    code, name = "KW104", "misplaced-headline"
    error_weight = 0.0  # 差错率: placement, judged by a person; not an error of the text
    severity = Severity.INFO
    fix = FixAvailability.NONE
    options = {
        "min-coverage": Option(0.5, "share of the headline's bigrams that must occur in the other article", min=0, max=1),
        "margin": Option(0.25, "how much better the other article must match than the article below", min=0, max=1),
    }

    def check(self, doc):
        ps = doc.paragraphs
        stacks = _stacks(ps)
        if not any(len(heads) >= 2 for heads, _ in stacks):
            return
        body = [i for i, b in enumerate(ps) if b.kind == "body"]
        grams = {i: bigrams(ps[i].text) for i in body}
        tops = {region[0] for heads, region in stacks if region and len(heads) > 1}  # a lone line may be a kicker left behind
        windows = _Stretches(ps, body, grams, tops)
        min_cov, margin = self.opts["min-coverage"], self.opts["margin"]
        yield from self._over_a_photo(doc, stacks, windows, min_cov, margin)
        shift = None
        headless: dict[int, bool] = {}  # judged only for stretches that pass every other test
        owner = {i: n for n, (_h, region) in enumerate(stacks) for i in region}
        for n, (heads, region) in enumerate(stacks):
            if len(heads) < 2 or not region:
                continue
            done: set[int] = set()
            k0 = windows.at[region[0]]  # a page's articles are near each other: the cost stays linear in a long file
            starts = [(s_, bool(blocks.DATELINE.match(ps[s_].text)))
                      for s_ in body[max(0, k0 - REACH):k0 + REACH] if s_ not in tops]
            for h in heads:
                g = bigrams(ps[h].text)
                if h in done or ps[h].kind not in ("headline", "kicker", "deck") or len(g) < 4:
                    continue  # subheadings travel with their headline
                found = None
                for s_, dated in starts:
                    cov = _cov(g, windows[s_])
                    if cov < min_cov or len(g & windows[s_]) < 4:
                        continue
                    if not dated and (cov < STRONG or len(g & windows[s_]) < 6 or ps[h].kind == "deck"):
                        continue  # a change of subject alone is weaker evidence than a dateline; a
                        # deck (a summary, or a headline the classifier took for one) moves on a dateline only
                    above = [i for i in region if i < s_] if owner.get(s_) == n else region
                    if owner.get(s_) == n and not dated and (len(above) < 3 or sum(len(ps[i]) for i in above) < 300):
                        continue  # not enough text above the stretch to be an article of its own
                    own = _cov(g, frozenset().union(*(grams[i] for i in above))) if above else 0.0
                    m = owner.get(s_)
                    # a headline printed over two lines moves as one: the lines next to this
                    # one that share the stretch as well go with it, and something must stay
                    group = _moved_with(ps, heads, h, windows[s_], cov - margin)
                    if len(group) == len(heads):
                        continue  # the stack's own headline would go with it
                    rivals = [x for x in (stacks[m][0] if m is not None and m != n else []) + heads if x not in group]
                    if cov >= own + margin and not any(
                            _cov(bigrams(ps[x].text), windows[s_]) >= cov - margin for x in rivals):
                        if s_ not in headless:
                            shift = shift or _Topics(ps, body, grams)
                            headless[s_] = self._headless(ps, s_, shift)
                        if headless[s_]:
                            found = s_
                            break
                if found is None:
                    continue
                done.update(group)
                line = doc.position(ps[found].start)[0]
                yield self.diagnostic(
                    ps[min(group)].start, ps[max(group)].end,
                    f"headline seems to belong to the article at line {line} "
                    f"({ps[found].text[:16]}…), which has no headline of its own")

    def _over_a_photo(self, doc, stacks, windows, min_cov, margin):
        """A headline that landed on a photo's title, above the photo's caption: the line tells
        what the text after the caption tells and nothing of the caption, while another line of
        the stack (the photo's own title) tells what the caption shows and not the text."""
        ps = doc.paragraphs
        for heads, region in stacks:
            if len(heads) < 2 or not region:
                continue
            caps = [i for i in range(heads[-1] + 1, region[0]) if ps[i].kind == "caption"]
            if not caps:
                continue
            shown = frozenset().union(*(bigrams(ps[i].text) for i in caps))
            told = windows[region[0]]
            lines = {x: bigrams(ps[x].text) for x in heads}
            titles = [x for x, g in lines.items() if len(g) >= 2 and _cov(g, shown) >= min_cov > _cov(g, told)]
            for h, g in lines.items():
                if ps[h].kind not in ("headline", "kicker", "deck") or len(g) < 4 or h in titles:
                    continue
                cov = _cov(g, told)
                if cov >= min_cov and len(g & told) >= 4 and _cov(g, shown) <= cov - margin and titles:
                    line = doc.position(ps[region[0]].start)[0]
                    yield self.diagnostic(
                        ps[h].start, ps[h].end,
                        f"headline seems to belong to the article at line {line} ({ps[region[0]].text[:16]}…), "
                        f"not to the photo under it")

    @staticmethod
    def _headless(ps, s_, shift) -> bool:
        """An article starts at ``s_`` with no headline above it: a dateline right after body
        text, or a change of subject (what follows shares almost nothing with what precedes)."""
        skip = ("caption", "credit", "marker", "byline", "attribution")
        k = s_ - 1
        while k >= 0 and ps[k].kind in skip:
            k -= 1
        dated = bool(blocks.DATELINE.match(ps[s_].text))
        if dated and k > 0 and ps[k].kind in DISPLAY:  # a lone kicker, left behind when its headline moved
            k -= 1
            while k >= 0 and ps[k].kind in skip:
                k -= 1
        if k < 0 or ps[k].kind != "body" or blocks.ending(ps[k].text) not in ("sentence", "clause"):
            return False
        return dated or shift.similarity(s_) <= SHIFT


class _Stretches(dict):
    """The bigrams of the stretch of body text from a paragraph to the end of its article (the
    next dateline or display line, at most ARTICLE paragraphs; WINDOW for an article's first
    paragraph under its stack), built when first asked for."""

    def __init__(self, ps, body: list[int], grams: dict[int, frozenset[str]], tops: set[int]) -> None:
        super().__init__()
        self.ps, self.body, self.grams, self.tops = ps, body, grams, tops
        self.at = {i: k for k, i in enumerate(body)}

    def __missing__(self, s_: int) -> frozenset[str]:
        ps, body, k = self.ps, self.body, self.at[s_]
        if s_ in self.tops:
            end = min(len(body), k + WINDOW)
        else:
            end = k + 1
            while end < len(body) and end - k < ARTICLE and not blocks.DATELINE.match(ps[body[end]].text) \
                    and not any(ps[x].kind in DISPLAY for x in range(body[end - 1] + 1, body[end])):
                end += 1
        out = self[s_] = frozenset().union(*(self.grams[i] for i in body[k:end]))
        return out


class _Topics:
    """How alike the text before and after each body paragraph is: the cosine of their bigram
    counts, each weighted by how few paragraphs of the page hold it (a name or a place weighs
    more than 发展 or 工作)."""

    def __init__(self, ps, body: list[int], grams: dict[int, frozenset[str]]) -> None:
        self.ps, self.body = ps, body
        df: Counter = Counter()
        for g in grams.values():
            df.update(g)
        n = len(body)
        self.idf_of = lambda g: math.log((n + 1) / (df[g] + 0.5))
        self.position = {i: k for k, i in enumerate(body)}

    def _vector(self, paras) -> dict:
        total: Counter = Counter()
        for i in paras:
            total.update(_grams(self.ps[i].text))  # counted only around the few stretches judged
        return {g: tf * self.idf_of(g) for g, tf in total.items()}

    def similarity(self, s_: int) -> float:
        k = self.position[s_]
        a, b = self._vector(self.body[max(0, k - WINDOW):k]), self._vector(self.body[k:k + WINDOW])
        norm = math.sqrt(sum(x * x for x in a.values())) * math.sqrt(sum(x * x for x in b.values()))
        if not norm or k < 2:
            return 1.0
        return sum(w * b.get(g, 0.0) for g, w in a.items()) / norm


def _moved_with(ps, heads: list[int], h: int, window: frozenset[str], floor: float) -> list[int]:
    """``h`` and the headline lines right above and below it in its stack that share
    ``window`` at least ``floor`` (deck lines too, when ``h`` is one: a headline of two lines
    landed under another may read as two deck lines)."""
    k = heads.index(h)
    lo = hi = k
    kinds = ("headline", "deck") if ps[h].kind == "deck" else ("headline",)
    while lo > 0 and ps[heads[lo - 1]].kind in kinds and _cov(bigrams(ps[heads[lo - 1]].text), window) >= floor:
        lo -= 1
    while hi + 1 < len(heads) and ps[heads[hi + 1]].kind in kinds \
            and _cov(bigrams(ps[heads[hi + 1]].text), window) >= floor:
        hi += 1
    return heads[lo:hi + 1]


def _cov(g: frozenset[str], window: frozenset[str]) -> float:
    return len(g & window) / len(g) if g else 0.0


def _stacks(ps) -> list[tuple[list[int], list[int]]]:
    """(headline lines, body paragraphs below them) for each stack of display lines. Bylines
    and a subtitle line that opens with a dash (——访…) stand in a stack without ending it."""
    out: list[tuple[list[int], list[int]]] = []
    i = 0
    while i < len(ps):
        if ps[i].kind in DISPLAY:
            heads = []
            while i < len(ps) and (ps[i].kind in DISPLAY or ps[i].kind == "byline"
                                   or ps[i].kind == "attribution" and ps[i].text.startswith("——")):
                if ps[i].kind in DISPLAY:
                    heads.append(i)
                i += 1
            region = []
            while i < len(ps) and ps[i].kind not in DISPLAY:
                if ps[i].kind == "body":
                    region.append(i)
                i += 1
            out.append((heads, region))
        else:
            i += 1
    return out
