"""Stray whitespace (family KW302 `whitespace`): blank-looking lines, trailing spaces, runs of
blank lines, zero-width characters, spaces next to Chinese punctuation.

Each check has a code and name of its own; `KW302` and `whitespace` select all of them.
Headlines, bylines and photo captions, where spaces separate the parts, are left alone, as is
the indentation at the start of a paragraph.
"""
from __future__ import annotations

import regex

from kanwu.document import BLANK, NL
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh.chars import SPACE_CLASS

_SPACES = f"[{SPACE_CLASS}]"
_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060]|(?<!^)\ufeff")
# A joiner (ZWJ, ZWNJ) between two characters of an emoji sequence or a joining script
# (👨‍👩‍👧, 🏳️‍🌈, Persian, Indic) belongs to the text: it is part of a grapheme cluster.
_JOINS = regex.compile(r"[^\p{Han}\p{P}\p{Z}\s\x00-\x7f\u200b-\u200d\u2060\ufeff]")
_BLANK_ONLY_LINE = regex.compile(rf"(?:(?<=\A)|(?<=[\r\n])){_SPACES}+(?=[\r\n]|\Z)")
_TRAILING = regex.compile(rf"(?<=[^\s\u00a0\u3000]){_SPACES}+(?=[\r\n]|\Z)")
# Space after Chinese (or half-width, after Chinese) punctuation, before Chinese text or a digit.
_AFTER_PUNCT = regex.compile(
    rf"(?:(?<=[，。、；：？！）》”】])|(?<=\p{{Han}}[,;:?!)])){_SPACES}+(?=[\p{{Han}}\d])")
_BEFORE_PUNCT = regex.compile(rf"(?<=\p{{Han}}){_SPACES}+(?=[，。、；：？！）》”】])")


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

    def check(self, doc):
        text = doc.text
        for m in _ZERO_WIDTH.finditer(text):
            i = m.start()
            if text[i] in "\u200c\u200d" and 0 < i < len(text) - 1 and _JOINS.match(text, i - 1) \
                    and _JOINS.match(text, i + 1):
                continue  # inside a grapheme cluster
            yield self.diagnostic(m.start(), m.end(), f"zero-width character U+{ord(m.group()):04X}",
                                  Fix.safe("Remove the zero-width character", Edit.delete(*m.span())))


class WhitespaceAroundPunctuation(_Whitespace):
    """Space next to Chinese punctuation in body text.

    ## What it does
    Flags spaces right after Chinese punctuation (or an ASCII mark after a Chinese character)
    before Chinese text or a digit, and spaces between a Chinese character and the
    punctuation that follows it, such as the space between a byline's closing bracket and the
    dateline. Headlines, bylines and captions, where spaces separate the parts, are left alone.

    ## Why it matters
    Chinese punctuation carries its own spacing; an extra space shows as a gap in print and
    breaks search for the phrase.

    ## Example
        本报讯(记者 殷雪鸢 梁涛) 11月28日    ->  本报讯(记者 殷雪鸢 梁涛)11月28日

    ## Fix safety
    Safe: the fix deletes the space only.
    """

    code, name = "KW325", "whitespace-around-punctuation"

    def check(self, doc):
        text = doc.text
        spaced = [m for pattern in (_AFTER_PUNCT, _BEFORE_PUNCT) for m in pattern.finditer(text)]
        for m in sorted(spaced, key=lambda m: m.start()):
            block = doc.paragraph_at(m.start())
            if block is None or block.kind in ("headline", "caption", "byline"):
                continue  # spaces separate the parts of headlines, captions and bylines
            yield self.diagnostic(m.start(), m.end(), "space next to Chinese punctuation",
                                  Fix.safe("Remove the space", Edit.delete(*m.span())))
