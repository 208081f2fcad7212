"""Stray Markdown or HTML markup in plain text.

## What it does
Flags markup that a scraper or converter left in plain text: Markdown heading markers at the
start of a line (`#`, `##` … `######`), bold/italic markers around Chinese text (`**要闻**`),
HTML line breaks and tags (`<br>`, `<p>`, `</span>`) and HTML entities (`&nbsp;`, `&amp;`).
The rule is off for Markdown files (`.md`, `.markdown`), where the markup is real.

## Why it matters
The marks are not part of the article: they show up in print and in search snippets, and
they hide headlines from tools that recognise them by their shape.

## Example
    ## 完善防控措施 强化应急演练    ->  完善防控措施 强化应急演练
    市民&nbsp;张先生               ->  市民 张先生

## Fix safety
Safe: the fix removes the marker only (an entity becomes the character it stands for); the
text it decorated stays as it is.
"""
from __future__ import annotations

import html

import regex

from kanwu.model import Edit, Fix, FixAvailability, Rule, Severity

_HEADING = regex.compile(r"(?:(?<=\A)|(?<=[\r\n]))[ \t\u3000]*(#{1,6})[ \t\u3000]*(?=[^\s#])")
_EMPHASIS = regex.compile(r"(\*\*|__)(?=\S)([^*\n]{1,80}?\p{Han}[^*\n]{0,80}?)(?<=\S)\1")
_TAG = regex.compile(r"</?(?:br|p|div|span|strong|b|i|em|font|img|a|u|sup|sub|center|h[1-6])\b[^<>\n]{0,200}?/?>",
                     regex.IGNORECASE)
_ENTITY = regex.compile(r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot|apos|ldquo|rdquo|mdash|hellip|middot|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


class Markup(Rule):
    code, name = "KW105", "markup"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    skip_suffixes = (".md", ".markdown", ".mdown", ".mkd")

    def check(self, doc):
        text = doc.text
        if not any(c in text for c in "#*_<&"):
            return
        for m in _HEADING.finditer(text):
            s, e = m.span(1)
            yield self.diagnostic(s, e, f"Markdown heading marker {m.group(1)!r} in plain text",
                                  Fix.safe("Remove the heading marker", Edit.delete(m.start(), m.end())))
        for m in _EMPHASIS.finditer(text):
            mark = m.group(1)
            yield self.diagnostic(m.start(), m.end(), f"Markdown emphasis {mark!r} in plain text",
                                  Fix.safe("Remove the emphasis markers",
                                           Edit.delete(m.start(), m.start() + len(mark)),
                                           Edit.delete(m.end() - len(mark), m.end())))
        for m in _TAG.finditer(text):
            is_break = m.group().lower().startswith("<br")
            yield self.diagnostic(m.start(), m.end(), f"HTML tag {m.group()!r} in plain text",
                                  Fix.safe("Remove the tag", Edit.replace(m.start(), m.end(),
                                                                          doc.newline if is_break else "")))
        for m in _ENTITY.finditer(text):
            char = html.unescape(m.group())
            shown = {"\u00a0": " ", "\u2002": " ", "\u2003": " "}.get(char, char)
            yield self.diagnostic(m.start(), m.end(), f"HTML entity {m.group()!r} in plain text",
                                  Fix.safe(f"Replace with {shown!r}", Edit.replace(m.start(), m.end(), shown)))
