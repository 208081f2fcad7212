"""Stray Markdown or HTML markup in plain text (family KW105 `markup`).

A scraper or converter left markup in plain text: Markdown heading, bold/italic and block
quote markers, HTML tags and HTML entities. Each check has a code and name of its own; `KW105` and
`markup` select all of them. The checks are off for Markdown files (`.md`, `.markdown`),
where the markup is real.
"""
from __future__ import annotations

import html
import html.entities

import regex

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Rule, Severity

_HEADING = regex.compile(r"(?:(?<=\A)|(?<=[\r\n]))[ \t\u3000]*(#{1,6})[ \t\u3000]*(?=[^\s#])")
_EMPHASIS = regex.compile(r"(\*\*|__)(?=\S)([^*\n]{1,80}?\p{Han}[^*\n]{0,80}?)(?<=\S)\1")
_TAG = regex.compile(
    r"</?(?:br|p|div|span|strong|b|i|em|font|img|a|u|s|sup|sub|center|h[1-6]|hr|small|big|del|ins|mark|"
    r"blockquote|section|article|header|footer|aside|figure|figcaption|ul|ol|li|dl|dt|dd|table|thead|"
    r"tbody|tr|td|th|pre|code|q|cite|label|iframe|script|style|video|audio|source|o:p)\b[^<>\n]{0,200}?/?>",
    regex.IGNORECASE)  # not comments: <!-- kanwu-disable … --> is how a text silences a finding
# A character reference: any HTML5 named entity or a numeric one, escaped once more or not
# (&amp;nbsp;, &amp;ldquo; are entities a second converter escaped again); the common names
# also without their semicolon, as careless converters write them (&nbsp 张先生).
_BARE = "nbsp|ensp|emsp|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|quot|amp|lt|gt"
_ENTITY = regex.compile(
    rf"&(?:amp;)*(?:(?:([A-Za-z][A-Za-z0-9]{{1,31}})|#[0-9]{{2,7}}|#[xX][0-9a-fA-F]{{2,6}});|(?:{_BARE})(?![A-Za-z0-9;]))")
# A Markdown block quote marker: > at the start of a line, before the quoted text.
_BLOCKQUOTE = regex.compile(r"(?:(?<=\A)|(?<=[\r\n]))[ \t\u3000]*((?:>[ \t\u3000]?)+)(?=[^\s>=])")
# Wide spaces an entity may stand for: shown as a plain space in running text.
_SPACES = {"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " "}


class _Markup(Rule):
    group = ("KW105", "markup")
    error_weight = 0.1  # 差错率: a stray symbol a reader sees (其他符号差错)
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})
    skip_suffixes = (".md", ".markdown", ".mdown", ".mkd")


class MarkupHeading(_Markup):
    """Markdown heading marker at the start of a line of plain text.

    ## What it does
    Flags `#` to `######` opening a line of plain text.

    ## Why it matters
    The marks are not part of the article: they show up in print and in search snippets, and
    they hide headlines from tools that recognise them by their shape.

    ## Example
        ## 完善防控措施 强化应急演练    ->  完善防控措施 强化应急演练

    ## Fix safety
    Safe: the fix removes the marker and the space after it; the heading text stays.
    """

    code, name = "KW111", "markup-heading"

    def check(self, doc):
        if "#" not in doc.text:
            return
        for m in _HEADING.finditer(doc.text):
            yield self.diagnostic(*m.span(1), f"Markdown heading marker {m.group(1)!r} in plain text",
                                  Fix.safe("Remove the heading marker", Edit.delete(m.start(), m.end())))


class MarkupEmphasis(_Markup):
    """Markdown bold or italic markers around Chinese text.

    ## What it does
    Flags `**…**` and `__…__` around a stretch of text that holds Chinese.

    ## Why it matters
    Plain text cannot show emphasis: the asterisks are printed as they are.

    ## Example
        **要闻**    ->  要闻

    ## Fix safety
    Safe: the fix removes the two markers; the text between them stays.
    """

    code, name = "KW112", "markup-emphasis"

    def check(self, doc):
        text = doc.text
        if "**" not in text and "__" not in text:
            return
        for m in _EMPHASIS.finditer(text):
            mark = m.group(1)
            yield self.diagnostic(m.start(), m.end(), f"Markdown emphasis {mark!r} in plain text",
                                  Fix.safe("Remove the emphasis markers",
                                           Edit.delete(m.start(), m.start() + len(mark)),
                                           Edit.delete(m.end() - len(mark), m.end())))


class MarkupHtmlTag(_Markup):
    """HTML tag in plain text.

    ## What it does
    Flags HTML line breaks and the common inline and block tags (`<br>`, `<p>`, `</span>`,
    `<strong>`, `<li>`, `<td>`, `<section>` …) left by a converter. Comments are left alone:
    `<!-- kanwu-disable-next-line … -->` is how a text silences a finding.

    ## Why it matters
    Tags are printed as they are and break sentences for every tool downstream.

    ## Example
        第一段<br>第二段    ->  第一段\\n第二段

    ## Fix safety
    Safe: a line break tag becomes a line break, any other tag is removed; the text stays.
    """

    code, name = "KW113", "markup-html-tag"

    def check(self, doc):
        if "<" not in doc.text:
            return
        for m in _TAG.finditer(doc.text):
            is_break = m.group().lower().startswith(("<br", "<hr"))
            yield self.diagnostic(m.start(), m.end(), f"HTML tag {m.group()!r} in plain text",
                                  Fix.safe("Remove the tag", Edit.replace(m.start(), m.end(),
                                                                          doc.newline if is_break else "")))


class MarkupHtmlEntity(_Markup):
    """HTML entity in plain text.

    ## What it does
    Flags named and numeric character references (`&nbsp;`, `&amp;`, `&ldquo;`, `&#12288;`,
    `&#x201C;`, any HTML5 name), the same escaped once more by a second converter
    (`&amp;nbsp;`), and the common names written without their semicolon (`&nbsp`).

    ## Why it matters
    The entity is printed as code instead of the character it stands for.

    ## Example
        市民&nbsp;张先生    ->  市民 张先生
        &ldquo;冠军模型&rdquo;    ->  “冠军模型”

    ## Fix safety
    Safe: the entity becomes the character it stands for (a no-break or other wide space
    becomes a plain space; an ideographic space stays one).
    """

    code, name = "KW114", "markup-html-entity"

    def check(self, doc):
        if "&" not in doc.text:
            return
        for m in _ENTITY.finditer(doc.text):
            if m.group(1) and m.group(1) + ";" not in html.entities.html5:
                continue  # AT&T; R&D; — not a name HTML knows
            char = _decode(m.group())
            if char is None:
                continue
            shown = "".join(_SPACES.get(c, c) for c in char)
            yield self.diagnostic(m.start(), m.end(), f"HTML entity {m.group()!r} in plain text",
                                  Fix.safe(f"Replace with {shown!r}", Edit.replace(m.start(), m.end(), shown)))


def _decode(entity: str) -> str | None:
    """The text an entity stands for, unescaping an escaped one to the end; None when it stands
    for no usable character (a control character, a lone surrogate, a number out of range)."""
    prev, text = None, entity if entity.endswith(";") else entity + ";"
    while text != prev:
        prev, text = text, html.unescape(text)
    if not text or any(ord(c) < 32 or 0xD800 <= ord(c) < 0xE000 or c == "\ufffd" for c in text):
        return None
    return text


class MarkupBlockquote(_Markup):
    """Markdown block quote marker at the start of a line of plain text.

    ## What it does
    Flags `>` (or `>>`, `> >`) opening a line of plain text, the marker a converter writes
    before a quoted paragraph. A line opening with a comparison such as `>50%` or `>=` is left
    alone.

    ## Why it matters
    The marker is not part of the article: it shows up in print and in search snippets.

    ## Example
        > 人民法院主动拥抱人工智能    ->  人民法院主动拥抱人工智能

    ## Fix safety
    Safe: the fix removes the marker and the space after it; the quoted text stays.
    """

    code, name = "KW115", "markup-blockquote"

    def check(self, doc):
        if ">" not in doc.text:
            return
        for m in _BLOCKQUOTE.finditer(doc.text):
            if m.group(1).rstrip()[-1:] == ">" and not m.group(1).endswith((" ", "\t", "\u3000")) \
                    and doc.text[m.end(1):m.end(1) + 1].isdigit():
                continue  # >50%: a comparison, not a marker
            yield self.diagnostic(*m.span(1), "Markdown block quote marker in plain text",
                                  Fix.safe("Remove the block quote marker", Edit.delete(m.start(), m.end(1))))
