"""Photo captions, photo credits and continuation markers: the page furniture of a newspaper
that scraping and OCR leave in the article text.

What a credit looks like (``data/photo_credits.tsv`` holds the words):

- a photographer: ``新华社记者 方喆摄``, ``本报记者 贺  勇摄`` (a two-character name padded to
  the width of three), ``李学军 摄``, ``王磊/摄``, ``韩鑫 张炯摄影报道``, ``本报记者 罗艾桦文 陈北跑摄``;
- an agency, alone or after the photographer: ``人民视觉``, ``蒙钟德摄（影像中国）``,
  ``（新华社发）``, ``朱慧卿作（新华社发）``, ``新华社/路透``;
- a label or a source line: ``（资料图片）``, ``受访者供图``, ``图片来源：人民视觉``,
  ``（文中漫画来自影像中国）``.

A caption describes the picture: it opens with ``图为`` / ``图①：`` / ``上图：``, or it is
the short paragraph right above a credit, or it carries the credit at its end.

A continuation marker sends the reader to another page: ``（下转第二版）``, ``（上接第一版）``,
``（紧转第15版）``, ``(转A8版)``, ``续第２版``. A bracketed one is a marker wherever it stands; a
bare one only where a jump line stands (a line of its own, the end of a paragraph after its
last full stop, the start of a paragraph), and always with a page reference (``第N版``,
``A8版``): ``接上级通知`` and ``他转第二版面的稿件`` are prose.

Public functions (each takes the text of a paragraph or a line; spans are code-point offsets
into it, end exclusive):

- ``credit_at_end(text)``: the span of a credit closing the text, or None;
- ``is_credit(text)``: the whole text is a credit (a credit line);
- ``is_page_credit(text)``: a credit line that names the source of a page's or an article's
  pictures (``本版图片来源：人民视觉``), which follows no caption;
- ``is_caption(text)``: the whole text is a caption (with or without its credit, or a caption
  line followed by a credit line);
- ``caption_above_credit(text)``: a paragraph standing right above a credit line is that
  picture's caption;
- ``glued_caption(text)``: the span of a caption glued to the end of a body paragraph;
- ``credit_names(text)``: the photographers a credit names, with their offsets;
- ``marker_spans(text)`` and ``is_marker(text)``: continuation markers.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from . import tables
from .chars import BLANK, CLOSERS, SENTENCE_END
from .patterns import alternation

CREDITS = "photo_credits.tsv"
MARKERS = "continuation_markers.tsv"

# The longest caption: a PD photo-news caption runs to about 170 characters, two-sentence ones
# with 图为 a little more.
CAPTION_MAX = 250
# A credit is short: seven photographers with their roles fit in 60 characters.
_CREDIT_WINDOW = 90

_SP = "[ \u3000\u00a0]"
_HAN = r"\p{Han}"


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    by_kind: dict[str, list[str]] = {}
    for r in tables.rows(CREDITS):
        by_kind.setdefault(r[1], []).append(r[0])
    return {k: tuple(v) for k, v in by_kind.items()}


def photo_agencies() -> tuple[str, ...]:
    """Agencies whose name alone credits a picture: 人民视觉, 视觉中国, 影像中国, IC photo."""
    return _words().get("photo-agency", ())


def news_agencies() -> tuple[str, ...]:
    """News organisations that credit a picture only with 发 or a photographer: 新华社, 本报."""
    return _words().get("news-agency", ())


def credit_labels() -> tuple[str, ...]:
    """A picture's origin on its own: 资料图片, 受访者供图."""
    return _words().get("label", ())


def credit_roles() -> tuple[str, ...]:
    """Before a photographer's name: 记者, 通讯员, 摄影记者."""
    return _words().get("role", ())


def credit_verbs() -> tuple[str, ...]:
    """After a photographer's name: 摄, 摄影, 摄影报道, 供图, 提供."""
    return _words().get("verb", ())


@lru_cache(maxsize=1)
def _marker_verbs() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in tables.rows(MARKERS)}


def marker_verbs(strength: str | None = None) -> tuple[str, ...]:
    """Verbs of a continuation marker (下转, 上接, 紧转, 转, 接, 续); ``strength`` "strong" keeps
    the compounds no prose puts before a page reference, "weak" the common verbs."""
    return tuple(v for v, (_, s) in _marker_verbs().items() if strength in (None, s))


# -- credits ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _credit_patterns():
    w = _words()
    sp = _SP
    photo = alternation(w["photo-agency"])
    news = alternation(w["news-agency"])
    label = alternation(w["label"])
    role = f"(?:{news})?{alternation(w['role'])}"
    verb = alternation(w["verb"])
    weak = alternation(w["verb-weak"])
    lead = alternation(w["lead"])
    # One name: 2-4 ideographs, a two-character name padded with blanks (贺  勇), or a
    # transliterated name with a middle dot (阿卜杜·热合曼).
    name = f"(?:{_HAN}{sp}{{1,3}}{_HAN}|{_HAN}{{2,4}}|{_HAN}{{1,6}}[·•]{_HAN}{{1,8}})"
    names = f"{name}(?:(?:{sp}+|{sp}*[、，,和]{sp}*){name}){{0,9}}"
    date = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日"

    def g(group: str, body: str, named: bool) -> str:
        return f"(?P<{group}>{body})" if named else f"(?:{body})"

    def person(named: bool) -> str:
        return (g("role", role, named) + f"?{sp}*" + g("names", names, named) + f"{sp}*"
                + g("slash", f"[/／]{sp}*", named) + f"?(?:{date}{sp}*)?" + g("verb", verb, named))

    weak_person = f"(?:{role})?{sp}*{names}{sp}*(?:[/／]{sp}*)?(?:{weak})"
    # 本报记者 罗艾桦文 陈北跑摄: the writer of the caption, then the photographer or agency
    co = f"(?:{role}){sp}*{_HAN}{{2,4}}文{sp}+(?:(?:{names}){sp}*(?:{verb})|(?:{photo})(?:供图|提供)?)"
    sent = f"(?:{news})发(?:{sp}*(?:{role})?{sp}*{names}{sp}*(?:{verb}|{weak}))?"
    agency = f"(?:{photo})(?:供图|提供)?|(?:{news})(?:供图|提供)"
    source = (f"(?:{lead}){sp}*[：:/／]{sp}*(?:{photo}|(?:{news})(?:发|供图|提供)?|{label}"
              f"|(?:{role})?{sp}*{names})")
    came = (f"(?:本版|文中|本文)?(?:图片|照片|漫画|插图|配图)均?(?:来自|来源于|由){sp}*"
            f"(?:{photo}|{news}|{label}|(?:{role})?{sp}*{names}){sp}*(?:提供|供图|拍摄|摄)?")

    core = f"(?:{person(True)}|{co}|{sent}|{agency}|{label}|{source}|{came})"
    boundary = r"(?<![\p{Han}\p{L}\p{N}])"
    blanks = f"[{BLANK}]*\\Z"
    # a credit in a closing bracket after another credit or a caption: （人民视觉）, （新华社发）
    tail = regex.compile(f"[（(]{sp}*(?:{sent}|{agency}|{label}){sp}*[）)]{blanks}")
    # a credit ending where the text (or the inside of a bracket) ends
    core_end = regex.compile(f"{boundary}(?:(?P<core>{core})|(?P<weak>{weak_person})){blanks}")
    return tail, core_end


@lru_cache(maxsize=1)
def _finals() -> frozenset[str]:
    """The characters a credit can end with (before a closing bracket): the last character of
    every verb, agency and label."""
    w = _words()
    return frozenset(x[-1] for k in ("photo-agency", "news-agency", "label", "verb", "verb-weak")
                     for x in w[k]) | frozenset("发）)")


_SOURCE_HINT = re.compile(r"[：:/／]|来自|来源|由")


def credit_at_end(text: str) -> tuple[int, int] | None:
    """The span of a photo credit closing ``text`` (trailing blanks excluded), or None:
    ``（新华社记者 某某摄）``, ``（人民视觉）``, ``某某 摄``, ``本报记者 某某摄``, ``某某/摄``,
    ``某某摄（影像中国）``."""
    end = len(text.rstrip(BLANK))
    if end == 0:
        return None
    if text[end - 1] not in _finals() and not _SOURCE_HINT.search(text, max(0, end - 30), end):
        return None  # most paragraphs end with a full stop: no credit can end there
    return _credit_at_end(text[:end]) if end < len(text) else _credit_at_end(text)


@lru_cache(maxsize=4096)
def _credit_at_end(text: str) -> tuple[int, int] | None:
    end = len(text)
    lo = max(0, end - _CREDIT_WINDOW)
    tail, _ = _credit_patterns()
    m = tail.search(text, lo, end)
    before = end
    if m is not None:
        before = m.start()
        while before > lo and text[before - 1] in BLANK:
            before -= 1
    start = _credit_before(text, lo, before, m is not None)
    if start is not None:
        return start, end
    return (m.start(), end) if m is not None else None


def _credit_before(text: str, lo: int, end: int, tailed: bool) -> int | None:
    """Start of a credit (not a bare tail bracket) ending at ``end``: bracketed, or glued."""
    if end <= lo:
        return None
    _, core_end = _credit_patterns()
    if text[end - 1] in "）)":
        k = end - 2
        while k >= lo and text[k] not in "（(）)":
            k -= 1
        if k < lo or text[k] not in "（(":
            return None
        inner = text[k + 1:end - 1].strip(BLANK)
        m = core_end.match(inner)
        return k if m is not None and m.end() == len(inner) else None
    m = core_end.search(text, lo, end)
    while m is not None:
        if m.group("weak") is None and _plausible(text, m, tailed) or m.group("weak") is not None and tailed:
            s = m.start()
            while s < m.end() and text[s] in BLANK:
                s += 1
            return s
        # try a later start: a shorter credit (the leftmost one may have swallowed prose)
        m = core_end.search(text, m.start() + 1, end)
    return None


def _plausible(text: str, m, tailed: bool) -> bool:
    """An unbracketed photographer's credit glued to text must look like one: a role before
    the name, a blank or slash before 摄, an agency after it, or a name opening with a
    surname."""
    if m.group("verb") is None:
        return True  # not a photographer's credit: an agency, a label, a source line
    if m.group("role") or m.group("slash") or tailed:
        return True
    s = m.start()
    if s == 0 or text[:s].strip(BLANK) == "":
        return True  # the credit is the whole text: its shape is the evidence
    names = m.group("names")
    if regex.search(f"{_SP}$", text[:m.start('verb')]):
        return True  # 李学军 摄
    return _names_with_surnames(names)


def _names_with_surnames(names: str) -> bool:
    """Every name of a run (刘新吾 陈勇, 张晓明、李华, 贺  勇) opens with a surname."""
    from . import people
    tokens = [t for t in regex.split(f"{_SP}+|{_SP}*[、，,和]{_SP}*", names) if t]
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if len(tok) == 1 and k + 1 < len(tokens) and len(tokens[k + 1]) == 1:
            tok, k = tok + tokens[k + 1], k + 1  # a padded two-character name
        if not people.is_surname_at(tok, 0):
            return False
        k += 1
    return bool(tokens)


def is_credit(text: str) -> bool:
    """The whole text is a photo credit: a credit line such as ``新华社记者 方喆摄``,
    ``蒙钟德摄（影像中国）``, ``人民视觉``, ``图片来源：人民视觉``."""
    t = text.strip(BLANK)
    if not t or len(t) > _CREDIT_WINDOW or "\n" in t or "\r" in t:
        return False
    return credit_at_end(t) == (0, len(t)) and _has_credit_word(t)


_BYLINE_SLASH = re.compile(r"文[/／、][摄图]|文并摄|文图")


def _has_credit_word(t: str) -> bool:
    # a byline with a shared photo credit (记者 孙丽 文/摄) is a byline, not a picture's credit
    return not _BYLINE_SLASH.search(t)


_PAGE_CREDIT = regex.compile(r"^[（(]?(?:本版|文中|本文|本期|本组)|^(?:图片来源|图片提供|配图|题图)")


def is_page_credit(text: str) -> bool:
    """A credit line naming where a page's or an article's pictures come from (本版图片来源：
    人民视觉, 图片来源：人民视觉, （文中漫画来自影像中国）): it stands under the last paragraph,
    not under a caption."""
    t = text.strip(BLANK)
    return is_credit(t) and _PAGE_CREDIT.search(t) is not None


def credit_names(text: str) -> list[tuple[str, int]]:
    """The people a credit closing ``text`` names, with the offset of each name: ``新华社记者
    方喆摄`` -> [("方喆", 6)]; a padded name (``贺  勇``) is returned without its padding, at the
    offset of its first character."""
    span = credit_at_end(text)
    if span is None:
        return []
    s, e = span
    seg = text[s:e]
    out = []
    w = _words()
    skip = set(w["photo-agency"]) | set(w["news-agency"]) | set(w["label"]) | set(w["role"]) | set(w["lead"])
    verbs = sorted(set(w["verb"]) | set(w["verb-weak"]), key=len, reverse=True)
    # tokens of ideographs separated by blanks, 、 and punctuation
    tokens = [(m.group(), m.start()) for m in regex.finditer(r"[\p{Han}·•]+", seg)]
    i = 0
    while i < len(tokens):
        tok, at = tokens[i]
        if len(tok) == 1 and i + 1 < len(tokens) and len(tokens[i + 1][0]) >= 1 \
                and regex.fullmatch(f"{_SP}+", seg[at + 1:tokens[i + 1][1]] or "x"):
            nxt, nat = tokens[i + 1]
            tok, i = tok + nxt, i + 1  # a padded two-character name: 贺  勇摄
        i += 1
        for r in sorted(w["role"], key=len, reverse=True):
            for a in ("",) + tuple(w["news-agency"]):
                if tok.startswith(a + r) and len(tok) > len(a + r):
                    tok, at = tok[len(a + r):], at + len(a + r)
                    break
            else:
                continue
            break
        for v in verbs:
            if tok.endswith(v) and len(tok) > len(v):
                tok = tok[:-len(v)]
                break
        if tok.endswith("文") and len(tok) >= 3:
            tok = tok[:-1]
        if tok in skip or tok in verbs or any(tok.startswith(a) for a in w["photo-agency"]):
            continue
        if 2 <= len(tok) <= 4 or "·" in tok:
            out.append((tok, s + at))
    return out


# -- captions ---------------------------------------------------------------------------------
CAPTION_OPENING = regex.compile(
    r"(?:图为|图片为|图中为|图片说明[：:]|组图[：:]|题图[：:]|图[：:]"
    r"|图\s*[①-⑳]|图\s*[0-9０-９]{1,2}\s*[：:．.、为]|图[一二三四五六七八九十]{1,3}[：:、]"
    r"|[上下左右中]图(?:[：:为]|[①-⑳]|[0-9０-９]{1,2}[：:为]))"
)
# A date or a time word opening a caption: 2月6日，/ 当日，/ 近日，
_DATE_OPENING = regex.compile(
    r"(?:(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
    r"|\d{1,2}日|当日|当天|近日|日前|此前|连日来|春节期间|正月[初十廿]?[一二三四五六七八九十]{1,2})[，,]?")
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[{CLOSERS}]*|[^{SENTENCE_END}]+")
_DATELINE = regex.compile(
    r"^(?:本报讯|本报[^\s，。,]{0,10}[电讯]|新华社[^\s，。,]{0,16}电|中新社[^\s，。,]{0,16}电"
    r"|据[^\s，。,]{2,12}(?:报道|消息))")
_CLAUSE = re.compile(r"[，,。！？!?；;、：:]")


def caption_opening(text: str) -> bool:
    """The text opens the way only a caption does: 图为, 图①, 图1：, 上图：."""
    return CAPTION_OPENING.match(text.lstrip(BLANK)) is not None


def _lines(text: str) -> list[str]:
    return [ln.strip(BLANK) for ln in text.splitlines() if ln.strip(BLANK)]


def _caption_body(text: str) -> bool:
    """Text that may stand before a credit as its caption: a sentence or two of prose."""
    t = text.strip(BLANK)
    if not t or len(t) > CAPTION_MAX or len(regex.findall(_HAN, t)) < 4:
        return False
    if is_credit(t) or is_marker(t):
        return False
    return True


def is_caption(text: str) -> bool:
    """The whole text is a photo caption: it opens with 图为 / 图① / 图1： / 上图…, or it is
    a short text closing with a credit, or a caption line followed by a credit line."""
    t = text.strip(BLANK)
    if not t or is_credit(t):
        return False
    lines = _lines(t)
    if len(lines) > 1:
        return len(lines) == 2 and is_credit(lines[1]) and not is_page_credit(lines[1]) \
            and (caption_above_credit(lines[0]) or is_caption(lines[0]))
    if len(t) > CAPTION_MAX + _CREDIT_WINDOW or is_marker(t):
        return False
    if caption_opening(t):
        return True
    span = credit_at_end(t)
    return span is not None and span[0] > 0 and whole_caption_before(t, span[0]) \
        and _has_credit_word(t[span[0]:])


def caption_above_credit(text: str) -> bool:
    """A paragraph standing right above a credit line is that picture's caption: one short
    paragraph of prose (not a headline, a dateline paragraph or a byline), ending a sentence."""
    t = text.strip(BLANK)
    if not _caption_body(t) or "\n" in t:
        return False
    if caption_opening(t) or "图为" in t:
        return True
    if _DATELINE.match(t):
        return False
    if not _CLAUSE.search(t):
        return False  # a headline or a label line (巡检气田 守护安全（见图）)
    return t[-1] in SENTENCE_END + CLOSERS


_BACK_REFERENCE = regex.compile(r"(?:当日|当天|同日|当晚|当地时间当日)")


def is_display_line(text: str) -> bool:
    """A headline, kicker or label line: short, with no full stop."""
    t = text.strip(BLANK)
    return 0 < len(t) <= 40 and not any(c in t for c in "。！？!?") and t[-1] not in "…"


def _caption_part(text: str) -> bool:
    t = text.strip(BLANK)
    return (0 < len(t) <= 150 and "\n" not in t and t[-1] in SENTENCE_END + CLOSERS
            and not _DATELINE.match(t) and not is_credit(t) and not is_marker(t))


def caption_paragraphs_above(above: list[str], caption: str) -> int:
    """How many of the paragraphs standing above a caption paragraph belong to the same
    caption (``above`` nearest first). A photo-news caption often runs over two or three short
    paragraphs under its headline: ``2月12日，参赛选手在比赛中。`` then ``当日，……``. They do when
    the caption refers back (当日，……) to the short paragraph above it, or when short paragraphs
    lead up to it from a date-opened one right under a headline."""
    n = 0
    for k, t in enumerate(above[:3]):
        if not _caption_part(t):
            break
        n = k + 1
        rest = above[k + 1] if k + 1 < len(above) else ""
        if _DATE_OPENING.match(t.strip(BLANK)) and (not rest.strip(BLANK) or is_display_line(rest)):
            return n
    if above and _BACK_REFERENCE.match(caption.strip(BLANK)) and _caption_part(above[0]):
        return 1
    return 0


def glued_caption(text: str) -> tuple[int, int] | None:
    """The span of a photo caption glued to the end of a body paragraph: the last sentence or
    two, ending in a credit (…辛勤劳作。图为…。（新华社记者 某某摄）) or opening with 图为 and
    ending the paragraph. None when the whole paragraph is a caption or none is glued."""
    end = len(text.rstrip(BLANK))
    span = credit_at_end(text)
    if span is not None:
        if not _has_credit_word(text[span[0]:span[1]]):
            return None
        cut = span[0]
        before = text[:cut].rstrip(BLANK)
        if not before:
            return None  # a credit alone
        start = _caption_start(text, len(before))
        if start is None:
            return span  # no sentence before the credit to take: the credit alone
        return (start, end) if start > 0 else None
    # no credit: a last sentence opening with 图为 / 图①
    sents = _sentences(text, end)
    if len(sents) >= 2:
        s, e = sents[-1]
        if caption_opening(text[s:e]) and e - s <= CAPTION_MAX:
            return s, end
    return None


def _sentences(text: str, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _SENTENCE.finditer(text, 0, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in BLANK:
            s += 1
        if s < e:
            out.append((s, e))
    return out


def whole_caption_before(text: str, cut: int) -> bool:
    """The text before a credit at ``cut`` is a caption as a whole, not prose with a caption
    glued to it: one sentence (……确保列车运行安全。李学军 摄), or a photo-news caption that
    opens with a date or 图为 (2月7日，……。图为读者在看书。某某摄)."""
    before = text[:cut].strip(BLANK)
    if not _caption_body(before) or _DATELINE.match(before):
        return False
    if len(_sentences(before, len(before))) <= 1:
        return True
    return bool(_DATE_OPENING.match(before) or caption_opening(before))


def _caption_start(text: str, cut: int) -> int | None:
    """Where a caption ending at ``cut`` (right before its credit) begins: 0 when the text is
    a caption as a whole; otherwise the sentence opening with 图为 (with the date-opened
    sentence before it), or the last sentence opening with a date (当日，/ 2月6日，) within
    reach; else the last sentence."""
    if whole_caption_before(text, cut):
        return 0
    sents = _sentences(text, cut)
    if not sents:
        return None
    reach = cut - CAPTION_MAX
    for k in range(len(sents) - 1, -1, -1):
        s, e = sents[k]
        if s < reach:
            break
        if caption_opening(text[s:e]):
            # the sentence before 图为 sets the scene when it opens with a date
            if k > 0 and sents[k - 1][0] >= reach and _DATE_OPENING.match(text, sents[k - 1][0], sents[k - 1][1]):
                return sents[k - 1][0]
            return s
    for k in range(len(sents) - 1, 0, -1):
        s, e = sents[k]
        if s < reach:
            break
        if _DATE_OPENING.match(text, s, e):
            return s
    return sents[-1][0]


# -- continuation markers ---------------------------------------------------------------------
_NUM = "0-9０-９一二三四五六七八九十百零〇两"
_OPEN_B, _CLOSE_B = "（(【〔［[", "）)】〕］]"


@lru_cache(maxsize=1)
def _marker_patterns():
    verbs = _marker_verbs()
    all_v = alternation(verbs)
    strong = alternation(v for v, (_, s) in verbs.items() if s == "strong")
    came = alternation(v for v, (d, _) in verbs.items() if d == "from")
    sp = "[ \u3000\u00a0]*"
    # 第2版, 第十三版, A8版, Ａ８版, 第１２版, 02版, 第3页, 第2面, and 上页 / 下页
    ref = (f"(?:第{sp}[A-Za-zＡ-Ｚａ-ｚ]?{sp}[{_NUM}]{{1,4}}{sp}[版面页]"
           f"|[A-Za-zＡ-Ｚａ-ｚ]{sp}[{_NUM}]{{1,3}}{sp}版"
           f"|[{_NUM}]{{1,3}}{sp}版|[上下前后]一?[版页])")
    # inside brackets the page may be named without 版: （下转A3）
    bref = f"(?:{ref}|[A-Za-zＡ-Ｚａ-ｚ]{sp}[{_NUM}]{{1,3}})"
    bracketed = (f"[{regex.escape(_OPEN_B)}]{sp}(?:{all_v}){sp}{bref}"
                 f"[^{regex.escape(_CLOSE_B)}\\n\\r。，]{{0,8}}?{sp}[{regex.escape(_CLOSE_B)}]")
    bare = f"(?:{all_v}){sp}{ref}"
    line_end = r"(?=[ \t\u00a0\u3000]*(?:\r?\n|\r|\Z))"
    line_start = r"(?:(?<=^)|(?<=[\r\n]))[ \t\u00a0\u3000]*"
    pat = regex.compile(
        f"(?P<b>{bracketed})"
        # a bare marker standing alone on its line, or glued after a paragraph's last full stop
        f"|(?:{line_start}|(?<=[。！？!?…”’」』）)]){sp})(?P<alone>{bare}){line_end}"
        # a bare marker opening a paragraph that continues from another page
        f"|{line_start}(?P<start>(?:{came}){sp}{ref})(?![的和与及、，,之])"
        # a compound verb (下转, 上接, 紧转) with a page reference outside running prose
        f"|(?<![\\p{{Han}}\\p{{N}}])(?P<strong>(?:{strong}){sp}{ref})(?![\\p{{Han}}\\p{{N}}])",
        regex.MULTILINE)
    return pat


_MARKER_HINT = re.compile(r"[转接续][ \u3000\u00a0]*(?:第|[A-Za-zＡ-Ｚａ-ｚ]?[ \u3000\u00a0]*[0-9０-９一二三四五六七八九十]+[ \u3000\u00a0]*版|[A-Za-zＡ-Ｚａ-ｚ][0-9０-９]|[上下前后]一?[版页])")


def marker_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the continuation markers in ``text`` (a paragraph, a line or a whole page):
    （下转第二版）, （紧转第15版）, (转A8版), 【接第１２版】 anywhere; bare 转第四版 / 紧接第3版 / 续第２版
    on a line of their own, glued after a paragraph's last full stop, or opening a paragraph."""
    if _MARKER_HINT.search(text) is None:
        return []  # no marker verb before a page reference: nothing to look at
    out = []
    for m in _marker_patterns().finditer(text):
        for g in ("b", "alone", "start", "strong"):
            if m.group(g) is not None:
                out.append(m.span(g))
                break
    return out


def is_marker(text: str) -> bool:
    """The whole text (a paragraph) is a continuation marker: （下转第2版）, 转第四版."""
    t = text.strip(BLANK)
    if not t or len(t) > 24:
        return False
    spans = marker_spans(t)
    return len(spans) == 1 and spans[0] == (0, len(t))
