"""Stray whitespace (family KW302 `whitespace`): blank-looking lines, trailing spaces, runs of
blank lines, zero-width characters, spaces next to Chinese punctuation, spaces between two
Chinese characters, spaces before an opening quote or bracket, and paragraph indents in the
middle of a line.

Each check has a code and name of its own; `KW302` and `whitespace` select all of them.
Display text — headlines, decks, kickers, bylines, captions, credits, and any line that holds
no sentence (a subheading, a table row, a list of names) — uses spaces to separate its parts
and is left alone, as is the indentation at the start of a paragraph.
"""
from __future__ import annotations

import bisect
import re

import regex

from kanwu.document import BLANK, NL
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh.chars import (ANY_SPACE_CLASS, CHINESE_NUMERALS, CJK_PUNCT_CLASS, CLOSERS, CREDIT_WORDS, HAN, HAN_CLASS,
                            HAN_RUN, INDENT_RUN, OPENING_CLASS, PAIRS, SENTENCE_END, SPACE_CLASS)
from kanwu.zh.blocks import DATELINE
from kanwu.zh.people import is_surname_at

_SPACES = f"[{ANY_SPACE_CLASS}]"
_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060]|(?<!^)\ufeff")
# A joiner (ZWJ, ZWNJ) between two characters of an emoji sequence or a joining script
# (👨‍👩‍👧, 🏳️‍🌈, Persian, Indic) belongs to the text: it is part of a grapheme cluster.
_JOINS = regex.compile(r"[^\p{Han}\p{P}\p{Z}\s\x00-\x7f\u200b-\u200d\u2060\ufeff]")
_BLANK_ONLY_LINE = regex.compile(rf"(?:(?<=\A)|(?<=[\r\n])){_SPACES}+(?=[\r\n]|\Z)")
_TRAILING = regex.compile(rf"(?<=[^\s\u00a0\u3000]){_SPACES}+(?=[\r\n]|\Z)")
_BLANK_LINE = regex.compile(rf"{NL}[{BLANK}]*{NL}")
# Space after Chinese (or half-width, after Chinese) punctuation, before Chinese text or a digit.
_AFTER_PUNCT = regex.compile(
    rf"(?:(?<=[，。、；：？！）》”】])|(?<=\p{{Han}}[,;:?!)])){_SPACES}+(?=[\p{{Han}}\d])")
_BEFORE_PUNCT = regex.compile(rf"(?<=\p{{Han}}){_SPACES}+(?=[，。、；：？！）》”】])")
_BETWEEN_HAN = re.compile(f"(?<=[{HAN_CLASS}])[{ANY_SPACE_CLASS}]+(?=[{HAN_CLASS}])")
_BEFORE_OPENING = re.compile(f"(?<=[{HAN_CLASS}0-9{CJK_PUNCT_CLASS}])[{ANY_SPACE_CLASS}]+(?=[{OPENING_CLASS}])")
# A line holding a sentence is prose; a line without one is display text (subheading, table
# row, list of names, slogan) whose parts spaces may separate.
# Display kinds a paragraph of running text may be mistaken for (the classifier judges by
# position and shape, and a slip inside a paragraph can change its shape): one longer than
# any deck, or a line of two sentences, is prose whatever its kind. Captions, credits,
# bylines, attributions and markers stay display.
_MAYBE_PROSE = ("deck", "subheading", "kicker", "headline")
_DISPLAY_MAX = 150
_LINE_OR_INDENT = re.compile(f"\r\n|\n|\r|{INDENT_RUN.pattern}")
_SENTENCE = re.compile(f"[{SENTENCE_END}；;]")
_TWO_SENTENCES = re.compile(f"[{SENTENCE_END}][{CLOSERS}]*[{HAN_CLASS}“（《]")
# What follows a padded name in a credit: 贺  勇摄, 张  文整理, 曹  一图.
_CREDIT_SUFFIX = re.compile(f"(?:摄影?|文|图|采访整理|整理|报道|供图|制图|绘)(?![{HAN_CLASS}])")
_ARTICLE_NUMBER = re.compile(f"第[{CHINESE_NUMERALS}0-9]{{1,5}}[条章节款项篇部分]{{1,2}}")
# Where one part of a quoted slogan begins and ends: the quote marks, a space, punctuation.
_PART_START = re.compile(f"[{SPACE_CLASS}{CJK_PUNCT_CLASS}]")
# A quoted slogan or title: parts of Chinese text, separated by spaces (a colon or a middle
# dot may join a lead-in), nothing else.
_SLOGAN = re.compile(f"[{HAN_CLASS}{SPACE_CLASS}：·]+")
# Function characters that leave a phrase open (a slogan's part or a label does not end so) and
# that continue one (a part does not start so).
_OPEN_ENDED = "的地得之了着过和与及或在是把被将对向从为"
_CONTINUES = "的地得之了着过和与及或"
_FIRST_GAP = re.compile(f"([{HAN_CLASS}]{{1,8}})[{SPACE_CLASS}]")


class _Whitespace(Rule):
    group = ("KW302", "whitespace")
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})


class WhitespaceBlankLine(_Whitespace):
    """Line that holds only whitespace.

    ## What it does
    Flags a line made of spaces, tabs, NBSP or ideographic spaces only.

    ## Why it matters
    It looks blank but is not: tools that split paragraphs on empty lines see one paragraph
    where a reader sees two, and equal texts compare unequal.

    ## Example
        "正文。\\n \\n下一段"    ->  "正文。\\n\\n下一段"

    ## Fix safety
    Safe: the fix deletes the whitespace on that line only.
    """

    code, name = "KW321", "whitespace-blank-line"
    error_weight = 0.0  # 差错率: no reader sees it

    def check(self, doc):
        for m in _BLANK_ONLY_LINE.finditer(doc.text):
            yield self.diagnostic(m.start(), m.end(), "line holds only whitespace",
                                  Fix.safe("Remove the whitespace", Edit.delete(*m.span())))


class WhitespaceTrailing(_Whitespace):
    """Whitespace at the end of a line.

    ## What it does
    Flags spaces, tabs, NBSP or ideographic spaces between the last visible character of a
    line and its line break.

    ## Why it matters
    Invisible characters make equal text compare unequal and show up in diffs and search.

    ## Example
        "会议召开。  \\n"    ->  "会议召开。\\n"

    ## Fix safety
    Safe: the fix deletes the trailing whitespace only.
    """

    code, name = "KW322", "whitespace-trailing"
    error_weight = 0.0  # 差错率: no reader sees it

    def check(self, doc):
        for m in _TRAILING.finditer(doc.text):
            yield self.diagnostic(m.start(), m.end(), "trailing whitespace",
                                  Fix.safe("Remove trailing whitespace", Edit.delete(*m.span())))


class WhitespaceBlankLines(_Whitespace):
    """More blank lines in a row than `max-blank-lines`.

    ## What it does
    Flags a run of more than `max-blank-lines` blank lines (default 3: scraped pages commonly
    separate articles with three blank lines, which is structure, not noise; set 2 to flag
    those too).

    ## Why it matters
    Long runs of blank lines are layout debris from scraping; they inflate files and make
    paragraph counts and diffs noisy.

    ## Example
        "甲。\\n\\n\\n\\n\\n\\n乙。"    ->  "甲。\\n\\n\\n\\n乙。"

    ## Fix safety
    Safe: the fix shortens the run to the allowed number of blank lines; it never joins two
    paragraphs.
    """

    code, name = "KW323", "whitespace-blank-lines"
    error_weight = 0.0  # 差错率: no reader sees it (pages collapse blank lines)
    options = {"max-blank-lines": Option(3, "blank lines allowed in a row before a run is flagged", min=0, max=1000)}

    def check(self, doc):
        limit = self.opts["max-blank-lines"]
        run = regex.compile(rf"{NL}(?:[{BLANK}]*{NL}){{{limit + 1},}}")
        nl = doc.newline
        for m in run.finditer(doc.text):
            yield self.diagnostic(m.start(), m.end(), f"more than {limit} blank lines in a row",
                                  Fix.safe(f"Keep {limit} blank line{'s' * (limit != 1)}",
                                           Edit.replace(m.start(), m.end(), nl * (limit + 1))))


class WhitespaceZeroWidth(_Whitespace):
    """Zero-width character in the text.

    ## What it does
    Flags U+200B, U+200C, U+200D, U+2060, and U+FEFF after the start of the text. A joiner
    (U+200D, U+200C) between two characters of an emoji sequence or a joining script is part
    of that character (👨\u200d👩\u200d👧, 🏳️\u200d🌈) and is left alone.

    ## Why it matters
    Invisible characters split words for search and counting and survive every visual
    proofreading.

    ## Example
        "疫情\\u200b防控"    ->  "疫情防控"

    ## Fix safety
    Safe: the fix deletes the zero-width character.
    """

    code, name = "KW324", "whitespace-zero-width"
    error_weight = 0.0  # 差错率: no reader sees it

    def check(self, doc):
        text = doc.text
        for m in _ZERO_WIDTH.finditer(text):
            i = m.start()
            if text[i] in "\u200c\u200d" and 0 < i < len(text) - 1 and _JOINS.match(text, i - 1) \
                    and _JOINS.match(text, i + 1):
                continue  # inside a grapheme cluster
            yield self.diagnostic(m.start(), m.end(), f"zero-width character U+{ord(m.group()):04X}",
                                  Fix.safe("Remove the zero-width character", Edit.delete(*m.span())))


def _segments(doc) -> tuple[list[int], list[tuple[int, int, bool]]]:
    """Every line of every paragraph, cut again at paragraph indents in mid-line, as (start,
    end, prose); prose is a stretch of a body paragraph that holds a sentence end (a stack of
    headline lines joined by single line breaks is display, whatever its block). With the
    starts, for bisecting."""
    out = []
    text = doc.text
    for block in doc.paragraphs:
        body = block.kind == "body" or block.kind in _MAYBE_PROSE and len(block) > _DISPLAY_MAX
        maybe = block.kind in _MAYBE_PROSE
        pos = block.start
        cuts = [m.span() for m in _LINE_OR_INDENT.finditer(text, block.start, block.end)]
        for cs, ce in cuts + [(block.end, block.end)]:
            if cs > pos:
                prose = (body and _SENTENCE.search(text, pos, cs) is not None
                         or maybe and _TWO_SENTENCES.search(text, pos, cs) is not None)
                out.append((pos, cs, prose))
            pos = ce
    return [s for s, _, _ in out], out


# How far around a gap the checks below look for the credit, bracket or title it belongs to; a
# longer line is cut to this reach, which keeps a text without line breaks linear.
_REACH = 400


def prose_segment(doc, offset: int) -> tuple[int, int] | None:
    """The span of running prose (a sentence-holding line of a body paragraph, cut at mid-line
    indents) around ``offset``, at most ``_REACH`` characters either side; None in display text
    or between paragraphs."""
    starts, segs = doc.view(_segments)
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    s, e, prose = segs[i]
    if not (prose and s <= offset < e):
        return None
    return max(s, offset - _REACH), min(e, offset + _REACH)


def _lost_breaks(doc) -> list[tuple[int, int]]:
    """Spans of paragraph indents in the middle of a line that follow the end of a sentence."""
    text = doc.text
    if "\u3000" not in text and "\u00a0" not in text and "    " not in text:
        return []
    out = []
    for m in INDENT_RUN.finditer(text):
        s, e = m.span()
        if s == 0 or text[s - 1] in "\r\n" or e >= len(text) or text[e] in "\r\n":
            continue  # indentation at a line's start, or trailing whitespace
        k = s
        while k > 0 and text[k - 1] in CLOSERS:
            k -= 1
        if k > 0 and text[k - 1] in SENTENCE_END + "：:；;":
            out.append((s, e))
    return out


def _splits_word(text: str, a: int, b: int) -> bool:
    """Removing the gap between text[a] and text[b] joins the two halves of a dictionary word
    (针对振 兴教师 -> 振兴): the segmenter puts a word across the gap."""
    from kanwu.zh.words import index

    lo = a
    while lo > a - 4 and lo > 0 and HAN.match(text, lo - 1):
        lo -= 1
    hi = b + 1
    while hi < b + 4 and hi < len(text) and HAN.match(text, hi):
        hi += 1
    left, right = text[lo:a + 1], text[b:hi]
    words = index()
    pos = 0
    for word in words.segment(left + right):
        if pos < len(left) < pos + len(word):
            head, tail = word[:len(left) - pos], word[len(left) - pos:]
            # a compound of two words (中共中央 + 国务院) splits at their seam: not inside a word
            return not (len(head) > 1 and len(tail) > 1 and words.is_word(head) and words.is_word(tail))
        pos += len(word)
    return False


def _padded_name(text: str, a: int, b: int, seg: tuple[int, int], splits: bool) -> bool:
    """贺  勇: a one-character surname and a one-character given name spaced to the width of a
    three-character name, as credits and bylines print them — standing alone (a line's start,
    a list of names) or in a credit (本报记者 贺  勇, 贺  勇摄). When the two make a word (玉 兰),
    only a credit's words make them a name."""
    if is_surname_at(text, a) != 1 or b - a > 4:
        return False
    credit_before = any(text.endswith(w, seg[0], k) for w in CREDIT_WORDS
                        for k in (a, a - 1) if k > seg[0] and (k == a or text[k] in SPACE_CLASS))
    credit_after = b + 1 < seg[1] and _CREDIT_SUFFIX.match(text, b + 1) is not None
    alone_before = a == seg[0] or not HAN.match(text, a - 1)
    alone_after = b + 1 >= seg[1] or not HAN.match(text, b + 1)
    if not ((credit_before or alone_before) and (credit_after or alone_after)):
        return False
    return credit_before or credit_after or not splits


def _after_dateline(text: str, s: int, seg: tuple[int, int]) -> bool:
    """The gap closes a dateline (新华社北京1月31日电 正文, （新华社北京2月4日电 执笔记者…）): the line,
    or a bracket in it, opens with one that ends right here."""
    if not (text[s - 1] in "电讯"):
        return False
    starts = [seg[0]] + [k for k in range(seg[0], s) if text[k] in "（("]
    return any((m := DATELINE.match(text[p:s])) is not None and m.end() == s - p for p in starts)


def _credit_then_name(text: str, s: int, e: int, seg: tuple[int, int]) -> bool:
    """A credit's role and the name after it: 本报记者 张文整理, 通讯员 李强."""
    return is_surname_at(text, e) > 0 and any(text.endswith(w, seg[0], s) for w in CREDIT_WORDS)


def _in_credit_bracket(text: str, s: int, e: int, seg: tuple[int, int]) -> bool:
    """Between the parts of a bracketed byline or credit — a role and a name, two names, a
    dateline and a role: （本报记者 贺勇采访整理）, （记者 王政 韩鑫）, （新华社北京2月4日电 执笔记者：…）;
    not inside a name (（记者赵 贝佳）)."""
    o = max(text.rfind("（", seg[0], s), text.rfind("(", seg[0], s))
    if o < 0 or max(text.rfind("）", o, s), text.rfind(")", o, s)) >= 0:
        return False
    c = [k for k in (text.find("）", s, seg[1]), text.find(")", s, seg[1])) if k >= 0]
    inside = text[o:min(c)] if c else text[o:seg[1]]
    if not (any(w in inside for w in CREDIT_WORDS) or "电" in inside):
        return False
    k = s
    while k > o + 1 and HAN.match(text, k - 1):
        k -= 1
    piece = text[k:s]
    for w in sorted(CREDIT_WORDS, key=len, reverse=True):
        if piece.startswith(w) and len(piece) > len(w):
            piece = piece[len(w):]
            break
    right = 0
    while e + right < seg[1] and HAN.match(text, e + right):
        right += 1
    return not (len(piece) == 1 and right >= 2 and is_surname_at(piece, 0))  # 赵 贝佳: a name cut


def _inside_title(text: str, s: int, e: int, seg: tuple[int, int]) -> bool:
    """Between the parts of a quoted title or slogan: inside 《…》 (《我奋斗 我幸福》, 《中共中央
    国务院关于……》), or inside quotation marks around parallel parts of equal length with no
    other punctuation (“民俗节气 喜迎新春”, “送欢乐 下基层”). A quoted sentence is prose."""
    for opener, closer in (("《", "》"), ("〈", "〉"), ("“", "”"), ("‘", "’"), ("「", "」")):
        o = text.rfind(opener, seg[0], s)
        if o < 0 or text.rfind(closer, o, s) >= 0:
            continue
        c = text.find(closer, e, seg[1])
        if c < 0 or text.find(opener, e, c) >= 0:
            continue
        left = _PART_START.split(text[o + 1:s])[-1]
        right = _PART_START.split(text[e:c].rstrip(SENTENCE_END))[0]
        if opener in "《〈":
            return min(len(left), len(right)) >= 3  # 《我奋斗 我幸福》; not 《流浪 地球》
        inside = text[o + 1:c].rstrip(SENTENCE_END)
        if len(inside) > 40 or not _SLOGAN.fullmatch(inside):
            continue  # a quoted sentence is prose
        if min(len(left), len(right)) >= 3 and abs(len(left) - len(right)) <= 1 \
                and left[-1] not in _OPEN_ENDED and right[0] not in _CONTINUES:
            return True  # parallel parts, each complete (not “流动的 四合院”)
    return False


def _label(doc, seg: tuple[int, int], s: int) -> bool:
    """A short label opening the line before the gap, one of a series the page sets so
    (北京 大年初二……\n\n河北 春节期间……; 第一条 ……\n\n第二条 ……): a place or a number."""
    label = doc.text[seg[0]:s]
    return _is_label(label) and doc.view(_labelled_lines) >= 2


def _is_label(label: str) -> bool:
    if _ARTICLE_NUMBER.fullmatch(label):
        return True
    return len(label) <= 4 and HAN_RUN.fullmatch(label) is not None and label[-1] not in _OPEN_ENDED


def _labelled_lines(doc) -> int:
    """How many lines of running text open with a label and a space."""
    n = 0
    for s, e, prose in doc.view(_segments)[1]:
        m = _FIRST_GAP.match(doc.text, s, e)
        n += bool(prose and m and _is_label(m.group(1)))
    return n


class WhitespaceAroundPunctuation(_Whitespace):
    """Space next to Chinese punctuation in running text.

    ## What it does
    Flags spaces right after Chinese punctuation (or an ASCII mark after a Chinese character)
    before Chinese text or a digit, and spaces between a Chinese character and the
    punctuation that follows it, such as the space between a byline's closing bracket and the
    dateline. Display text (headlines, bylines, captions, lines without a sentence), where
    spaces separate the parts, is left alone; so is a paragraph indent in the middle of a line
    (`whitespace-mid-line-indent`).

    ## Why it matters
    Chinese punctuation carries its own spacing; an extra space shows as a gap in print and
    breaks search for the phrase.

    ## Example
        本报讯(记者 殷雪鸢 梁涛) 11月28日    ->  本报讯(记者 殷雪鸢 梁涛)11月28日

    ## Fix safety
    Safe: the fix deletes the space only.
    """

    code, name = "KW325", "whitespace-around-punctuation"
    error_weight = 0.1  # 差错率: a visible spacing slip

    def check(self, doc):
        text = doc.text
        spaced = [m for pattern in (_AFTER_PUNCT, _BEFORE_PUNCT) for m in pattern.finditer(text)]
        if not spaced:
            return
        lost = {s for s, _ in _lost_breaks(doc)}
        for m in sorted(spaced, key=lambda m: m.start()):
            if m.start() in lost or prose_segment(doc, m.start() - 1) is None:
                continue  # display text, where spaces separate the parts; or a lost break
            yield self.diagnostic(m.start(), m.end(), "space next to Chinese punctuation",
                                  Fix.safe("Remove the space", Edit.delete(*m.span())))


class WhitespaceBetweenHan(_Whitespace):
    """Space between two Chinese characters in running text.

    ## What it does
    Flags a space, ideographic space (U+3000) or no-break space between two Chinese characters
    inside a sentence of a body paragraph. Chinese prose puts no space between words, so such a
    gap is left over from layout or a scraper's `&nbsp;`.

    Spaces that separate parts are left alone: in display text (headlines, decks, kickers,
    bylines, captions, credits, subheadings, table rows, lists of names — any line without a
    sentence), after a dateline (新华社北京1月31日电 正文), after a short label opening a line
    when the page sets a series of them (北京 大年初二……, 河北 春节期间……; 第一条 ……, 第二条 ……),
    in a padded two-character name (贺  勇摄), inside a bracketed
    byline or credit, and between the parts of a quoted slogan or title (“民俗节气 喜迎新春”,
    《我奋斗 我幸福》) — unless the space cuts a word in two (针对振 兴教师教育), which is never
    layout.

    ## Why it matters
    The gap shows in print, and a space inside a word breaks search and segmentation.

    ## Example
        全党同志无论哪 个领域    ->  全党同志无论哪个领域

    ## Fix safety
    Safe: the fix deletes the space; the characters on both sides stay.
    """

    code, name = "KW326", "whitespace-between-han"
    error_weight = 0.1  # 差错率: a visible spacing slip

    def check(self, doc):
        text = doc.text
        for m in _BETWEEN_HAN.finditer(text):
            s, e = m.span()
            seg = prose_segment(doc, s - 1)
            if seg is None or INDENT_RUN.fullmatch(m.group()):
                continue  # display text; a mid-line indent is a break or a label's gap
            splits = _splits_word(text, s - 1, e)
            if _padded_name(text, s - 1, e, seg, splits) or _after_dateline(text, s, seg) \
                    or _in_credit_bracket(text, s, e, seg) or _credit_then_name(text, s, e, seg):
                continue
            if not splits and (_label(doc, seg, s) or _inside_title(text, s, e, seg)):
                continue  # 北京 大年初二……; “民俗节气 喜迎新春”: a label, the parts of a title
            yield self.diagnostic(s, e, "space between Chinese characters",
                                  Fix.safe("Remove the space", Edit.delete(s, e)))


class WhitespaceBeforeOpening(_Whitespace):
    """Space before an opening quotation mark or bracket in running text.

    ## What it does
    Flags a space between Chinese text (a character, a digit or a punctuation mark) and an
    opening “ ‘ （ 《 【 「 in a sentence of a body paragraph. Display text is left alone, as
    are the gap the paper sets between a dateline and its reporter bracket (本报北京2月20日电
    （记者 X）) and a list of bracketed items separated by spaces (【史记】 【汉书】 【后汉书】).

    ## Why it matters
    Chinese quotation marks and brackets carry their own spacing; the extra space shows as a
    gap in print.

    ## Example
        其中写满了 “廿三糖瓜粘”    ->  其中写满了“廿三糖瓜粘”

    ## Fix safety
    Safe: the fix deletes the space only.
    """

    code, name = "KW327", "whitespace-before-opening"
    error_weight = 0.1  # 差错率: a visible spacing slip

    def check(self, doc):
        text = doc.text
        for m in _BEFORE_OPENING.finditer(text):
            s, e = m.span()
            seg = prose_segment(doc, s - 1)
            if seg is None or INDENT_RUN.fullmatch(m.group()):
                continue
            if text[e] in "（(" and _after_dateline(text, s, seg):
                continue  # 本报北京2月20日电  （记者 X）: the paper sets the reporter bracket apart
            if text[s - 1] in CLOSERS and _listed(text, s, e, seg):
                continue
            yield self.diagnostic(s, e, f"space before {text[e]!r}",
                                  Fix.safe("Remove the space", Edit.delete(s, e)))


def _listed(text: str, s: int, e: int, seg: tuple[int, int]) -> bool:
    """The gap separates items of a list of bracketed items (【史记】 【汉书】 【后汉书】): the item
    before or the one after is separated by a space too."""
    close = PAIRS.get(text[e])
    c = text.find(close, e + 1, seg[1]) if close else -1
    if c >= 0 and c + 2 < seg[1] and text[c + 1] in SPACE_CLASS and text[c + 2] in OPENING_CLASS:
        return True
    opener = next((o for o, cl in PAIRS.items() if cl == text[s - 1]), None)
    o = text.rfind(opener, seg[0], s - 1) if opener else -1
    return o >= 2 and text[o - 1] in SPACE_CLASS and text[o - 2] in CLOSERS


class WhitespaceMidLineIndent(_Whitespace):
    """Paragraph indent in the middle of a line: a lost paragraph break.

    ## What it does
    Flags two or more ideographic spaces (or four or more spaces or NBSPs) standing in the
    middle of a line right after the end of a sentence — the indent that opened the next
    paragraph, left behind when a scraper dropped the line break before it. A gap after a
    label (李红英\u3000\u3000北方民族大学……) is layout and is left alone.

    ## Why it matters
    Two paragraphs read as one: paragraph counts, splitting and every paragraph-level check go
    wrong, and the indent prints as a gap inside the text.

    ## Example
        协同效应充分显现。\u3000\u3000经过五年的努力    ->  协同效应充分显现。\n\n经过五年的努力

    ## Fix safety
    Safe: the fix splits the line where the indent stands — a blank line in a document whose
    paragraphs are separated by blank lines, a line break and the indent in one whose lines are
    indented; nothing is joined or deleted.
    """

    code, name = "KW328", "whitespace-mid-line-indent"
    error_weight = 0.1  # 差错率: a visible spacing slip

    def check(self, doc):
        text = doc.text
        breaks = _lost_breaks(doc)
        if not breaks:
            return
        nl = doc.newline
        blank_lines = _BLANK_LINE.search(text) is not None
        for s, e in breaks:
            line_start = doc.line_starts[bisect.bisect_right(doc.line_starts, s) - 1]
            if INDENT_RUN.match(text, line_start) or text.startswith("\u3000", line_start):
                fix = Fix.safe("Start a new paragraph", Edit.insert(s, nl))  # keep the indent
            else:
                fix = Fix.safe("Start a new paragraph",
                               Edit.replace(s, e, nl * 2 if blank_lines else nl))
            yield self.diagnostic(s, e, "paragraph indent in the middle of a line: a lost paragraph break",
                                  fix)
