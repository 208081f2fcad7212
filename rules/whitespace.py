"""Stray whitespace: blank-looking lines, trailing spaces, blank-line runs, spaces around Chinese punctuation, zero-width characters.

## What it does
Flags
- lines that hold only whitespace (spaces, tabs, NBSP, ideographic spaces);
- whitespace at the end of a line;
- runs of more blank lines than `max-blank-lines` (default 3: scraped pages commonly separate
  articles with three blank lines, which is structure, not noise; set 2 to flag those too);
- spaces next to Chinese punctuation inside body text, such as the space between a byline's
  closing bracket and the dateline (`（记者 梁涛） 11月28日`) or after a comma (`， 全力`);
- zero-width characters (U+200B, U+200C, U+200D, U+2060, and U+FEFF after the start).
Headlines and photo captions, where spaces separate the parts, are left alone, as is the
indentation at the start of a paragraph.

## Why it matters
Invisible characters make equal text compare unequal, break search and counting, and make
"blank" lines that are not blank to tools that split paragraphs.

## Example
    本报讯(记者 殷雪鸢 梁涛) 11月28日    ->  本报讯(记者 殷雪鸢 梁涛)11月28日
    "\n \n"                               ->  "\n\n"

## Fix safety
Safe: the fixes delete only whitespace (or shorten a run of blank lines) and never join two
paragraphs.
"""
from __future__ import annotations

import regex

from kanwu.document import BLANK, NL
from kanwu.model import Edit, Fix, FixAvailability, Option, Rule, Severity

_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060]|(?<!^)\ufeff")
_SPACES = "[ \t\u00a0\u3000]"
_BLANK_ONLY_LINE = regex.compile(rf"(?:(?<=\A)|(?<=[\r\n])){_SPACES}+(?=[\r\n]|\Z)")
_TRAILING = regex.compile(rf"(?<=[^\s\u00a0\u3000]){_SPACES}+(?=[\r\n]|\Z)")
# Space after Chinese (or half-width, after Chinese) punctuation, before Chinese text or a digit.
_AFTER_PUNCT = regex.compile(
    r"(?:(?<=[，。、；：？！）》”】])|(?<=\p{Han}[,;:?!)]))[ \t\u00a0\u3000]+(?=[\p{Han}\d])")
_BEFORE_PUNCT = regex.compile(r"(?<=\p{Han})[ \t\u00a0\u3000]+(?=[，。、；：？！）》”】])")


class Whitespace(Rule):
    code, name = "KW302", "whitespace"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    options = {"max-blank-lines": Option(3, "blank lines allowed in a row before a run is flagged")}

    def check(self, doc):
        text = doc.text
        for m in _BLANK_ONLY_LINE.finditer(text):
            yield self.diagnostic(m.start(), m.end(), "line holds only whitespace",
                                  Fix.safe("Remove the whitespace", Edit.delete(*m.span())))
        for m in _TRAILING.finditer(text):
            yield self.diagnostic(m.start(), m.end(), "trailing whitespace",
                                  Fix.safe("Remove trailing whitespace", Edit.delete(*m.span())))
        limit = self.opts["max-blank-lines"]
        run = regex.compile(rf"{NL}(?:[{BLANK}]*{NL}){{{limit + 1},}}")
        for m in run.finditer(text):
            nl = doc.newline
            yield self.diagnostic(m.start(), m.end(), f"more than {limit} blank lines in a row",
                                  Fix.safe(f"Keep {limit} blank line{'s' * (limit != 1)}",
                                           Edit.replace(m.start(), m.end(), nl * (limit + 1))))
        for m in _ZERO_WIDTH.finditer(text):
            yield self.diagnostic(m.start(), m.end(), f"zero-width character U+{ord(m.group()):04X}",
                                  Fix.safe("Remove the zero-width character", Edit.delete(*m.span())))
        spaced = [m for pattern in (_AFTER_PUNCT, _BEFORE_PUNCT) for m in pattern.finditer(text)]
        for m in sorted(spaced, key=lambda m: m.start()):
            block = doc.paragraph_at(m.start())
            if block is None or block.kind in ("headline", "caption", "byline"):
                continue  # spaces separate the parts of headlines, captions and bylines
            yield self.diagnostic(m.start(), m.end(), "space next to Chinese punctuation",
                                  Fix.safe("Remove the space", Edit.delete(*m.span())))
