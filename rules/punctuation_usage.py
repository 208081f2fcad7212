"""Punctuation written against GB/T 15834-2011 (标点符号用法): family KW502 `punctuation-usage`.

Each check below has its own code and name; `KW502` and `punctuation-usage` select them all.

## What it does
Each check enforces one clause of GB/T 15834-2011 and has its own message:

- **顿号 between quoted or titled items** (4.5.3.5): items that each stand in quotation marks
  or in title marks and follow one another take no 顿号: 《红楼梦》《西游记》, “创新”“协调”.
  When something stands between them (a bracketed note: 《人民日报》（海外版）、《光明日报》) the
  顿号 is right and stays.
- **Quotation nested in the same marks** (4.8.3.4): a quotation inside a quotation takes
  single quotes (“…‘…’…”), and a title inside a title takes single title marks (《…〈…〉…》,
  4.15.3.5). Levels alternate, so a third level is double again (“…‘…“…”…’…”).
  Judged only in a paragraph whose marks pair up; unpaired marks are unbalanced-bracket's
  (KW303) to report.
- **Quotation marks reversed** (4.8.2: the opening mark stands left, the closing one right):
  a paragraph whose double quotes pair up only when read as ”…“ — the typical result of
  converting straight quotes the wrong way round.
- **Doubled mark** (4.1–4.7): 。。 ，， 、、 ；； ：： (question and exclamation marks may be
  repeated for emphasis, up to three, 4.2.3 and 4.3.3, and are left alone).
- **Comma after another mark** (4.4 and 4.1–4.7): ？， ！， 。， ；， ：， 、，: one pause,
  two marks.
- **Ellipsis written as dots** (4.11.2: the ellipsis is “……”, six dots in two characters):
  `...`, `。。。` or a single `…` in Chinese prose.
- **Dash written as hyphens** (4.10.2: the dash is “——”, two characters long): `--` or `－－`
  in Chinese prose. A single "—" is left alone: it is also the 一字线 connecting mark
  (2013—2015年, 北京—上海, 4.13.3.2).

## Why it matters
Newspapers are proofread against GB/T 15834-2011; these are the slips editors mark that no
open-source linter checks for Chinese. Most come from OCR, from converting straight quotes
and ASCII dots and hyphens, or from editing that left a mark behind.

## Example
    《红楼梦》、《西游记》是古典名著    ->  《红楼梦》《西游记》是古典名著
    他说：“要读好“四史”。”          ->  他说：“要读好‘四史’。”
    他说：”我们要努力。“              ->  他说：“我们要努力。”
    会议强调，，要狠抓落实。。          ->  会议强调，要狠抓落实。
    你去吗？，他问                    ->  (one of the two marks has to go)
    等等...  /  他笑了--我们都笑了       ->  等等……  /  他笑了——我们都笑了

## Fix safety
Safe where the replacement is unique and keeps the meaning: deleting a 顿号 between quoted or
titled items, swapping reversed quotes, deleting the second of two equal marks, writing ……
and ——, and 〈〉 for a title inside a title. Unsafe where an editor must judge: single quotes
for a nested quotation (the inner pair might be two misdirected marks instead), three or more
equal marks (、、、 may stand for an ellipsis) and which of two different marks to keep (？，).
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity
from kanwu.zh.chars import (CJK_PUNCT_CLASS, HAN_CLASS, SENTENCE_REACH, reversed_quote_pairs,
                            stretch_start)


class Hit(NamedTuple):
    start: int
    end: int
    message: str
    fix: Fix | None


_CHINESE = f"{HAN_CLASS}{CJK_PUNCT_CLASS}"
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")


# -- 4.5.3.5: no 顿号 between quoted or titled items ------------------------------------------
_MARKED_ITEMS = re.compile(r"》、《|”、“|’、‘")
_LINKED_BEFORE = re.compile(r"[”》’][的之]")
_LINKED_AFTER = re.compile(r"[的之][“《‘]")
_NOTE_AFTER_ITEM = re.compile(r"[》”’][（(〔［\[]")
_CLAUSE_END = re.compile(r"[，。；：！？\n]")


def _clause(text: str, i: int) -> str:
    """The clause around ``i``: from the mark of pause before it to the one after it."""
    start = stretch_start(text, i, "，。；：！？\n")
    m = _CLAUSE_END.search(text, i)
    return text[start:m.start() if m else len(text)]


def marked_item_commas(text: str, blocks, opts=None) -> Iterator[Hit]:
    """《A》、《B》 / “A”、“B”: a 顿号 between items that stand in quotation or title marks."""
    if "、" not in text:
        return
    for m in _MARKED_ITEMS.finditer(text):
        close, open_ = m.group()[0], m.group()[2]
        kind = "title marks" if close == "》" else "quotation marks"
        i = m.start() + 1
        # “潇湘八景”的“江天暮雪”、“西湖十景”的“断桥残雪”: the items are more than the marked
        # words, and the 顿号 between them is right (4.5.3.5, second sentence).
        o1 = text.rfind(open_, max(0, m.start() - SENTENCE_REACH), m.start())
        c2 = text.find(close, m.end(), m.end() + SENTENCE_REACH)
        if o1 >= 2 and _LINKED_BEFORE.match(text, o1 - 2) or c2 >= 0 and _LINKED_AFTER.match(text, c2 + 1):
            continue
        # 《人民日报》（海外版）、《光明日报》: with a note after one item, the list keeps its 顿号.
        if _NOTE_AFTER_ITEM.search(_clause(text, m.start())):
            continue
        yield Hit(m.start(), m.end(), f"'、' between items in {kind}; items that stand together in "
                                          f"{kind} take no 顿号 (GB/T 15834-2011 4.5.3.5)",
                      Fix.safe("Delete the '、'", Edit.delete(i, i + 1)))


# -- paragraph parse shared by the quotation checks -----------------------------------------
_QUOTE_MARK = re.compile("[“”‘’]")
_TITLE_MARK = re.compile("[《》〈〉]")


def _marks(text: str, start: int, end: int, pattern) -> list[tuple[int, str]]:
    out = []
    for m in pattern.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch in "’‘" and i > 0 and _LATIN.match(text, i - 1) and _LATIN.match(text, i + 1):
            continue  # an apostrophe in a Latin word: Xi’an, O’Neill
        out.append((i, ch))
    return out


def _pairs(marks: list[tuple[int, str]], opening: str) -> list[tuple[int, int, int]] | None:
    """(open, close, depth) of every pair when the marks nest properly, else None."""
    stack: list[tuple[int, str]] = []
    pairs = []
    for i, ch in marks:
        if ch in opening:
            stack.append((i, ch))
        elif not stack:
            return None
        else:
            o, _ = stack.pop()
            pairs.append((o, i, len(stack)))
    return pairs if not stack else None


def _kinds_match(text: str, pairs, same) -> bool:
    return all(same(text[o], text[c]) for o, c, _ in pairs)


# -- 4.8.3.4 / 4.15.3.5: nesting ------------------------------------------------------------
def nesting(text: str, blocks, opts=None) -> Iterator[Hit]:
    """“…“…”…” / 《…《…》…》: a quotation or title inside another one in the same marks."""
    has_quotes = "“" in text or "‘" in text
    has_titles = "《" in text
    for start, end in blocks:
        if has_quotes:
            marks = _marks(text, start, end, _QUOTE_MARK)
            pairs = _pairs(marks, "“‘") if marks else None
            # Mixed kinds (“…’) are an unbalanced pair, not a nesting question.
            if pairs and _kinds_match(text, pairs, lambda o, c: (o == "“") == (c == "”")):
                for o, c, depth in pairs:
                    if depth % 2 == 1 and text[o] == "“":
                        yield Hit(o, c + 1, "double quotes inside double quotes; the inner quotation "
                                                "takes single quotes ‘…’ (GB/T 15834-2011 4.8.3.4)",
                                      Fix.unsafe("Use ‘…’ for the inner quotation",
                                                 Edit.replace(o, o + 1, "‘"), Edit.replace(c, c + 1, "’")))
        if has_titles:
            marks = _marks(text, start, end, _TITLE_MARK)
            pairs = _pairs(marks, "《〈") if marks else None
            if pairs and _kinds_match(text, pairs, lambda o, c: (o == "《") == (c == "》")):
                for o, c, depth in pairs:
                    # Levels alternate: 《…〈…《…》…〉…》 is right three levels deep.
                    if depth % 2 == 1 and text[o] == "《":
                        yield Hit(o, c + 1, "title marks inside title marks; the inner title takes "
                                                "single title marks 〈…〉 (GB/T 15834-2011 4.15.3.5)",
                                      Fix.safe("Use 〈…〉 for the inner title",
                                               Edit.replace(o, o + 1, "〈"), Edit.replace(c, c + 1, "〉")))


# -- 4.8.2: reversed quotation marks --------------------------------------------------------
def reversed_quotes(text: str, blocks, opts=None) -> Iterator[Hit]:
    """”…“: double quotes that pair up only when read the wrong way round."""
    if "”" not in text:
        return
    for k, (start, end) in enumerate(blocks):
        pairs = reversed_quote_pairs(text, start, end)
        if not pairs:
            continue
        # A quotation running over several paragraphs: this one may close a quotation opened
        # above (”) and open one that goes on below (“); then nothing is reversed.
        if k and _unclosed(text, *blocks[k - 1]) or k + 1 < len(blocks) and text[blocks[k + 1][0]] == "“":
            continue
        for o, c in pairs:
            yield Hit(o, c + 1, "quotation marks reversed: the opening mark is ” and the closing "
                                    "one “ (GB/T 15834-2011 4.8.2)",
                          Fix.safe("Swap the quotation marks",
                                   Edit.replace(o, o + 1, "“"), Edit.replace(c, c + 1, "”")))


def _unclosed(text: str, start: int, end: int) -> bool:
    """The paragraph leaves a double quotation open (more “ than ”)."""
    piece = text[start:end]
    return piece.count("“") > piece.count("”")


# -- 4.1–4.7: doubled marks and a comma after another mark ----------------------------------
_DOUBLED = re.compile(r"([，、；：])\1+|(?<!。)。。(?!。)")
_COMMA_AFTER = re.compile(r"([。？！；：、])，")


def doubled_marks(text: str, blocks, opts=None) -> Iterator[Hit]:
    """。。 / ，，: the same mark printed twice."""
    for m in _DOUBLED.finditer(text):
        ch, n = m.group()[0], len(m.group())
        # Two are a slip; three or more (、、、) may stand for an ellipsis: an editor decides.
        yield Hit(m.start(), m.end(), f"{ch!r} printed {n} times in a row "
                                          f"(GB/T 15834-2011 4.1–4.7: one pause, one mark)",
                      (Fix.safe if n == 2 else Fix.unsafe)(f"Keep one {ch!r}", Edit.delete(m.start() + 1, m.end())))


def comma_after_mark(text: str, blocks, opts=None) -> Iterator[Hit]:
    """？， / 。，: a comma right after another mark of pause."""
    if "，" not in text:
        return
    for m in _COMMA_AFTER.finditer(text):
        ch = m.group(1)
        if ch == "，":
            continue
        i = m.start() + 1
        yield Hit(m.start(), m.end(), f"comma right after {ch!r}; one pause takes one mark "
                                          f"(GB/T 15834-2011 4.4)",
                      Fix.unsafe("Delete the comma", Edit.delete(i, i + 1)))


# -- 4.11.2: the ellipsis is …… -------------------------------------------------------------
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)|⋯+|·{3,}|．{3,}")


def ellipsis_form(text: str, blocks, opts=None) -> Iterator[Hit]:
    """... / 。。。 / …: an ellipsis not written as …… in Chinese prose."""
    if not ("..." in text or "。。。" in text or "…" in text or "⋯" in text or "···" in text
            or "．．．" in text):
        return
    for m in _ELLIPSIS.finditer(text):
        s, e = m.span()
        if not _touches_chinese(text, s, e):
            continue
        yield Hit(s, e, f"ellipsis written as {m.group()!r}; the Chinese ellipsis is '……' "
                            f"(GB/T 15834-2011 4.11.2)",
                      Fix.safe("Write '……'", Edit.replace(s, e, "……")))


# -- 4.10.2: the dash is —— -----------------------------------------------------------------
_HYPHEN_DASH = re.compile(r"(?<![-－—─])(?:--|－－|—-|-—|——-|─{2})(?![-－—─])")


def dash_form(text: str, blocks, opts=None) -> Iterator[Hit]:
    """-- / －－: a dash written with hyphens in Chinese prose."""
    if "--" not in text and "－－" not in text and "—-" not in text and "-—" not in text and "──" not in text:
        return
    for m in _HYPHEN_DASH.finditer(text):
        s, e = m.span()
        if not _touches_chinese(text, s, e):
            continue
        yield Hit(s, e, f"dash written as {m.group()!r}; the Chinese dash is '——' (GB/T 15834-2011 4.10.2)",
                      Fix.safe("Write '——'", Edit.replace(s, e, "——")))


_CHINESE_CHAR = re.compile(f"[{_CHINESE}]")


def _touches_chinese(text: str, s: int, e: int) -> bool:
    return bool((s > 0 and _CHINESE_CHAR.match(text, s - 1)) or (e < len(text) and _CHINESE_CHAR.match(text, e)))


class _PunctuationUsage(Rule):
    group = ("KW502", "punctuation-usage")
    error_weight = 0.1  # 差错率: a punctuation slip (标点符号的一般错用)
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    checks: tuple = ()

    def check(self, doc):
        text = doc.text
        blocks = [(b.start, b.end) for b in doc.paragraphs]
        for check in self.checks:
            for f in check(text, blocks, self.opts):
                yield self.diagnostic(f.start, f.end, f.message, f.fix)


class CommaBetweenMarkedItems(_PunctuationUsage):
    """顿号 between items in quotation or title marks (GB/T 15834-2011 4.5.3.5).

    ## What it does
    Flags a 顿号 between items that each stand in quotation marks or in title marks and follow
    one another: 《A》、《B》, “A”、“B”. When something stands between them (a bracketed note:
    《人民日报》（海外版）、《光明日报》) or an item is compound (“潇湘八景”的“江天暮雪”、…), the
    顿号 is right and stays. The standard says such items "usually" take no 顿号, and the
    People's Daily and Xinhua keep it: the check is opt-in, selected by its name or code or by
    naming its family (`--select punctuation-usage`), not by ALL.

    ## Why it matters
    The marks already separate the items; the 顿号 is a second, redundant pause.

    ## Example
        《红楼梦》、《西游记》是古典名著    ->  《红楼梦》《西游记》是古典名著

    ## Fix safety
    Safe: the fix deletes the 顿号 only.
    """

    code, name = "KW521", "punctuation-usage-comma-between-marked-items"
    fix_kinds = frozenset({Applicability.SAFE})
    opt_in = True  # "usually none": the People's Daily and Xinhua keep the 顿号, so this is house style
    checks = (marked_item_commas,)


class Nesting(_PunctuationUsage):
    """Quotation or title nested in the same marks (GB/T 15834-2011 4.8.3.4, 4.15.3.5).

    ## What it does
    Flags a quotation inside a quotation written with double quotes (it takes single ones,
    “…‘…’…”) and a title inside a title written with 《》 (it takes 〈〉). Levels alternate, so
    a third level is double again. Judged only in a paragraph whose marks pair up (unpaired
    marks are unbalanced-bracket's to report).

    ## Why it matters
    Same marks at two levels make it impossible to see where the inner quotation ends.

    ## Example
        他说：“要读好“四史”。”    ->  他说：“要读好‘四史’。”

    ## Fix safety
    Safe for 〈〉 inside 《》; unsafe for single quotes (the inner pair might be two misdirected
    marks instead).
    """

    code, name = "KW522", "punctuation-usage-nesting"
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    checks = (nesting,)


class ReversedQuotes(_PunctuationUsage):
    """Quotation marks reversed (GB/T 15834-2011 4.8.2).

    ## What it does
    Flags a paragraph whose double quotes pair up only when read as ”…“ — the typical result of
    converting straight quotes the wrong way round. Paragraphs of a quotation that runs over
    several paragraphs are left alone.

    ## Why it matters
    The opening mark stands left and the closing one right; reversed marks invert what is quoted.

    ## Example
        他说：”我们要努力。“    ->  他说：“我们要努力。”

    ## Fix safety
    Safe: the fix swaps the two marks.
    """

    code, name = "KW523", "punctuation-usage-reversed-quotes"
    fix_kinds = frozenset({Applicability.SAFE})
    checks = (reversed_quotes,)


class DoubledMark(_PunctuationUsage):
    """The same punctuation mark twice (GB/T 15834-2011 4.1–4.7).

    ## What it does
    Flags 。。 ，， 、、 ；； ：：. Question and exclamation marks may be repeated for emphasis, up
    to three (4.2.3, 4.3.3), and are left alone.

    ## Why it matters
    One pause, two marks: an editing or OCR slip every reader notices.

    ## Example
        会议强调，，要狠抓落实。。    ->  会议强调，要狠抓落实。

    ## Fix safety
    Safe for two equal marks (the second goes); unsafe for three or more (、、、 may stand for
    an ellipsis).
    """

    code, name = "KW524", "punctuation-usage-doubled-mark"
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    checks = (doubled_marks,)


class CommaAfterMark(_PunctuationUsage):
    """A comma right after another mark (GB/T 15834-2011 4.4, 4.1–4.7).

    ## What it does
    Flags ？， ！， 。， ；， ：， 、，: one pause written with two marks.

    ## Why it matters
    Two marks for one pause read as a slip; one of them has to go.

    ## Example
        你去吗？，他问    ->  你去吗？他问

    ## Fix safety
    Unsafe: which of the two marks to keep is an editor's choice.
    """

    code, name = "KW525", "punctuation-usage-comma-after-mark"
    fix_kinds = frozenset({Applicability.UNSAFE})
    checks = (comma_after_mark,)


class EllipsisForm(_PunctuationUsage):
    """Ellipsis written as dots (GB/T 15834-2011 4.11.2).

    ## What it does
    Flags `...`, `。。。`, `⋯` or a single `…` standing for an ellipsis in Chinese prose: the
    ellipsis is “……”, six dots in two characters.

    ## Why it matters
    ASCII dots and a single ellipsis character print as the wrong length and break search.

    ## Example
        等等...    ->  等等……

    ## Fix safety
    Safe: the fix writes ……
    """

    code, name = "KW526", "punctuation-usage-ellipsis"
    fix_kinds = frozenset({Applicability.SAFE})
    checks = (ellipsis_form,)


class DashForm(_PunctuationUsage):
    """Dash written as hyphens (GB/T 15834-2011 4.10.2).

    ## What it does
    Flags `--` or `－－` used as a dash in Chinese prose: the dash is “——”, two characters long.
    A single "—" is left alone: it is also the connecting mark (2013—2015年, 北京—上海, 4.13.3.2).

    ## Why it matters
    Hyphens print as a short broken line instead of the dash.

    ## Example
        他笑了--我们都笑了    ->  他笑了——我们都笑了

    ## Fix safety
    Safe: the fix writes ——.
    """

    code, name = "KW527", "punctuation-usage-dash"
    fix_kinds = frozenset({Applicability.SAFE})
    checks = (dash_form,)
