"""What each paragraph of a news page is: the block classifier.

A scraped page is a sequence of paragraphs. Most are body text; the others are the page's
display text and furniture:

- ``headline``, ``kicker`` (a column tag or 栏目 line above the headline), ``deck`` (a summary
  line or box under a headline: 提要, 核心阅读), ``subheading`` (a title inside an article, often
  numbered: 一、…, （一）…, ■…);
- ``byline`` (本报记者 某某 on its own line), ``attribution`` (——习近平, a bracketed note, the
  page's staff: 版式设计：某某), ``caption`` and ``credit`` (a photo's caption and its credit
  line), ``marker`` (a continuation marker).

Shape alone decides the furniture. Display text is told from body text by how it ends and
where it stands: body paragraphs end a sentence (or a clause: a list item's ；, an
introduction's ：); a paragraph that stops without one is display text when it stands among
display text — under a headline or above one, in a stack of such lines, before a dateline or
a byline, at the top of the page — or when it is a short title-like line, a numbered or bulleted
line, or several lines. What remains is body text that stops short: a sentence broken across a
page or column break, which is what kanwu looks for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from . import breaks, captions, people
from .chars import BLANK, BULLETS

KINDS = ("headline", "kicker", "deck", "subheading", "byline", "attribution", "caption", "credit", "marker", "body")
DISPLAY = frozenset({"headline", "kicker", "deck", "subheading"})

DATELINE = breaks.DATELINE
_BYLINE = regex.compile(
    r"[（(■●]?\s*(?:本报|新华社|中新社|人民日报)?(?:驻[\p{Han}]{1,8})?(?:特约|见习|实习)?(?:记者|通讯员|实习生)"
    r"(?P<names>[\p{Han}·、\s]{2,40})[）)]?")
# the page's staff, printed where an article ends: 本版责编：X, 版式设计：X Y, 本版制图：X
_STAFF = regex.compile(r"(?:本版|本期)?(?:责编|责任编辑|编辑|美术编辑|图片编辑|版式设计|制图|设计|统筹|策划|校对)[：:]"
                       r"\s*(?P<names>[\p{Han}·、\s]{2,40})")
_NAME = regex.compile(r"[\p{Han}·]{2,6}")
_ATTRIBUTION = re.compile(r"^(?:——|－－|—)\s*[^。；！？\s][^。；！？]{0,40}$"
                          r"|^[（(][^（）()。]{0,60}(?:电|记者|通讯员)[^（）()。]{0,100}[）)]$")
ENUMERATED = regex.compile(
    rf"^(?:[{BULLETS}]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{{1,3}}[）)]|\d{{1,2}}[.．、]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分篇]|[①-⑳]|(?:问|答|回应|链接|背景)[：:])")
SENTENCE_END = "。！？!?…"
CLAUSE_END = "；;：:—"
OPEN_END = "，、,"
_CLOSERS = "”’」』）)》】〕\"'"
_HAN = regex.compile(r"\p{Han}")
# a sentence that ends inside the paragraph, with prose after it (。路上，各种): a headline or a
# subheading has no full stop in its middle (a question or an exclamation may open one)
_SENTENCE_INSIDE = regex.compile(r"[。！？!?][”’」』）)]*\p{Han}[^。！？!?]*[，、,]|。[”’」』）)]*\p{Han}{4}")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a paragraph looks like on its own."""

    length: int
    ending: str        # "sentence" (。！？…), "clause" (；：——), "open" (，、), "bare" (anything else)
    dateline: bool     # opens with a dateline or agency line
    enumerated: bool   # a numbered or bulleted line (一、 （一） ■ 第三条)
    lines: int         # lines in the paragraph (a stack of headline lines is one paragraph)
    inner: int         # punctuation marks inside (，。；：？！ and their ASCII forms)
    fixed: str | None  # byline, attribution, caption, credit, marker — decided by shape

    @classmethod
    def of(cls, text: str) -> "Shape":
        t = text.strip(BLANK)
        return cls(len(t), ending(t), DATELINE.match(t) is not None, ENUMERATED.match(t) is not None,
                   t.count("\n") + 1, sum(t.count(c) for c in "，。；：？！,;?!"), _fixed(t))


_TRAILING_NOTE = regex.compile(r"[（(][^（()）\n]{1,40}[）)]\Z")


def ending(text: str) -> str:
    """How a paragraph ends: a sentence, a clause, an open clause, or bare (mid-sentence or a title).
    A bracketed note closing the paragraph (（讲话全文另发）, a column tag) does not count: what
    stands before it decides."""
    t = text.rstrip(BLANK)
    note = _TRAILING_NOTE.search(t)
    if note and note.start() > 0:
        t = t[:note.start()].rstrip(BLANK)
    core = t.rstrip(_CLOSERS)
    if not core:
        return "bare"
    last = core[-1]
    if last in SENTENCE_END:
        return "sentence"
    if last in CLAUSE_END:
        if core.endswith("—") and len(core) <= 40 and not any(c in core for c in "。！？"):
            return "bare"  # a short line leading into what follows (河北张北县德胜村——) is display text
        return "clause"
    if last in OPEN_END:
        return "open"
    opened = max(core.rfind("“"), core.rfind("「"), core.rfind("『"))
    if len(core) < len(t) and t[-1] in "”」』" and opened >= 0 and (
            len(core) - opened > 12 or any(c in core[opened:] for c in "，。！？")):
        return "sentence"  # speech closing the paragraph: “…也能多起来” ends it; a quoted term does not
    return "bare"


def _fixed(t: str) -> str | None:
    n = len(t)
    if n <= 40 and captions.is_marker(t):
        return "marker"
    if n <= 40 and captions.is_credit(t):
        return "credit"
    if captions.is_caption(t):
        return "caption"
    if n <= 48 and _is_byline(t):
        return "byline"
    if n <= 48 and _names_only(_STAFF.fullmatch(t)):
        return "attribution"  # a note of who made the page, like a bracketed credit
    if n <= 64 and _ATTRIBUTION.match(t) and not t.endswith(("。", "，")):
        return "attribution"
    if t[:1] in "（(" and t[-1:] in "）)" and "。" not in t and t.count("（") + t.count("(") == 1:
        return "attribution"  # a bracketed note of its own: credits, a list of reporters
    return None


def _is_byline(t: str) -> bool:
    """Role words and then names, each a surname and a given name (本报记者 王明 李华), or a
    transliterated name; 记者新春探访乡村治理 is a kicker, not a byline."""
    return _names_only(_BYLINE.fullmatch(t))


def _names_only(m) -> bool:
    """The match's ``names`` are people's names: a surname and a given name, or transliterated."""
    if m is None:
        return False
    names = [x.group() for x in _NAME.finditer(m.group("names"))]
    return bool(names) and all(len(x) <= 4 and people.is_surname_at(x, 0) or "·" in x for x in names)


FURNITURE = frozenset({"caption", "credit", "marker"})  # stands anywhere; says nothing of the text
SERIES_GAP = 40      # paragraphs within which short titles form a series
DECK_MAX = 160       # a deck or summary under a headline is at most a few lines of print
DISPLAY_GAIN = 5.0   # nats: a word across the break turns display text into a first half only if
                     # reading across is this much likelier (约谈 | 谈到 reads fine either way)
_DOWN = regex.compile(r"下转|转第|紧转|转下")
_UP = regex.compile(r"上接|接第|紧接|接上|续第")


def classify(texts: list[str]) -> list[str]:
    """The kind of each paragraph of a page, in order (see the module docstring)."""
    shapes = [Shape.of(t) for t in texts]
    kinds: list[str | None] = [s.fixed for s in shapes]
    for i in range(len(texts) - 1):
        if kinds[i] is None and kinds[i + 1] == "credit" and captions.caption_above_credit(texts[i]):
            kinds[i] = "caption"  # the picture's caption, right above its credit line
    series = _subheading_series(shapes, texts)
    for i, s in enumerate(shapes):
        if kinds[i] is not None:
            continue
        if s.dateline or s.ending != "bare" and (s.lines == 1 or s.ending == "sentence" and s.inner >= 2) \
                and not _question_headline(i, shapes, texts):
            kinds[i] = "body"  # a sentence ends it: body text, even wrapped over several lines
            continue
        before = kinds[i - 1] if i else None
        k = _next_text(i, shapes)
        after = shapes[k] if k is not None else None
        if _continued(i, k, shapes, texts, before):
            kinds[i] = "body"  # half a sentence: a later paragraph goes on with it
            continue
        if before == "marker" and _UP.search(texts[i - 1]) and (s.length > 30 or s.inner):
            kinds[i] = "body"  # text continued from another page (上接第一版) is body text
            continue
        if (before == "body" or s.length > DECK_MAX) and s.lines == 1 and not s.enumerated \
                and _SENTENCE_INSIDE.search(texts[i]):
            kinds[i] = "body"  # a sentence ended and the next one stops short: prose, not a title or a deck
            continue
        under_display = before in DISPLAY and s.length <= DECK_MAX and texts[i].count("。") <= 1
        if (s.lines > 1 or s.enumerated or i in series or before is None or under_display or _tagged_title(texts[i])
                or after is None or after.dateline or after.fixed == "byline"
                or after.fixed is None and after.ending == "bare" and not after.dateline
                and (s.length <= 40 or s.inner == 0 or before != "body")
                or s.length <= 30 and s.inner == 0 and not _between_body(i, k, shapes)
                or not _HAN.search(texts[i])):
            kinds[i] = _display_kind(i, shapes, kinds, texts)
        else:
            kinds[i] = "body"
    return kinds  # type: ignore[return-value]


def _tagged_title(text: str) -> bool:
    """A title with its column tag: 让乡村“扬眉吐气”（新语）, no sentence before the tag."""
    t = text.strip(BLANK)
    note = _TRAILING_NOTE.search(t)
    return bool(note) and note.start() > 0 and not any(c in t[:note.start()] for c in "。！？")


def _next_text(i: int, shapes: list[Shape]) -> int | None:
    """The next paragraph that is not furniture (captions, credits and markers are skipped)."""
    for k in range(i + 1, len(shapes)):
        if shapes[k].fixed not in FURNITURE:
            return k
    return None


def _continued(i: int, k: int | None, shapes: list[Shape], texts: list[str], before) -> bool:
    """Evidence that the paragraph is half a sentence that goes on at ``k``: a jump marker
    right after it (decks and headlines are never continued on another page), or strong
    evidence across the break."""
    s = shapes[i]
    if s.lines > 1:
        return False
    if i + 1 < len(shapes) and shapes[i + 1].fixed == "marker" and _DOWN.search(texts[i + 1]) and s.length >= 6:
        return True
    if k is None or shapes[k].fixed is not None or breaks.verse(texts[i], texts[k]):
        return False
    strong, word = breaks.evidence(texts[i], texts[k])
    if word and breaks.word_across(texts[i], texts[k], DISPLAY_GAIN):
        return True
    return strong and not s.enumerated and (before not in DISPLAY or s.length > DECK_MAX)


def _question_headline(i: int, shapes: list[Shape], texts: list[str]) -> bool:
    """A short question or exclamation standing over display text: a headline (为何能惊动北京？)."""
    s = shapes[i]
    after = shapes[i + 1] if i + 1 < len(shapes) else None
    t = texts[i].rstrip(BLANK)
    note = _TRAILING_NOTE.search(t)
    t = t[:note.start()] if note and note.start() else t
    return s.length <= 40 and t[-1:] in "？！?!" and not any(c in t[:-1] for c in "。？！?!") \
        and after is not None and after.fixed is None and after.ending == "bare" and not after.dateline


def _between_body(i: int, k: int | None, shapes: list[Shape]) -> bool:
    """Stands alone between two body paragraphs that end their sentences."""
    before = shapes[i - 1] if i else None
    after = shapes[k] if k is not None else None
    return before is not None and after is not None and before.fixed is None and after.fixed is None \
        and before.ending in ("sentence", "clause") and after.ending in ("sentence", "clause") and not after.dateline


def _title_like(s: Shape, text: str) -> bool:
    """A short line without a sentence in it, between body paragraphs: a subheading's shape."""
    return s.fixed is None and s.lines == 1 and s.ending == "bare" and not s.dateline and s.length <= 40 \
        and not any(c in text for c in "。！？!?")


def _subheading_series(shapes: list[Shape], texts: list[str]) -> set[int]:
    """Indices of title-like lines that recur among body paragraphs: an article's subheadings
    (拓宽门路，脱贫靠产业 … 不等不靠，致富凭双手). A sentence cut by a page break happens once."""
    found = [i for i, s in enumerate(shapes) if 0 < i < len(shapes) - 1 and _title_like(s, texts[i])
             and shapes[i - 1].ending in ("sentence", "clause") and shapes[i + 1].fixed is None]
    return {i for k, i in enumerate(found)
            if k and i - found[k - 1] <= SERIES_GAP or k + 1 < len(found) and found[k + 1] - i <= SERIES_GAP}


def _display_kind(i: int, shapes: list[Shape], kinds: list, texts: list[str]) -> str:
    s = shapes[i]
    before = kinds[i - 1] if i else None
    after = shapes[i + 1] if i + 1 < len(shapes) else None
    if s.enumerated and before not in DISPLAY:
        return "subheading"
    if before in ("headline", "kicker"):
        return "deck" if s.length > 30 or s.inner or "、" in texts[i] else "headline"
    if before == "deck":
        return "deck"
    opens_zone = after is not None and (after.fixed is None and after.ending == "bare" or after.dateline
                                        or after.fixed == "byline")
    if before == "subheading" or not opens_zone and before not in (None, "marker", "caption", "credit", "attribution"):
        return "subheading" if before != "subheading" or s.length <= 30 else "deck"
    t = texts[i].strip(BLANK)
    if after is not None and after.fixed is None and after.ending == "bare" and (
            s.length <= 12 or t[:1] in "【[" or t.endswith(("）", ")")) and s.length <= 20):
        return "kicker"
    return "headline"


def is_display(kind: str) -> bool:
    """Headlines, kickers, decks and subheadings: the page's display text."""
    return kind in DISPLAY
