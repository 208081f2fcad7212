"""Markdown: the parts of a file that are not prose, where kanwu reports nothing and edits
nothing: front matter, fenced and indented code, HTML blocks and inline HTML, HTML comments,
inline code, link and image destinations, autolinks and reference definitions.

Block structure comes from markdown-it-py (CommonMark, imported only for Markdown files);
inline constructs are found inside the prose blocks' lines.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n.*?^(?:\1|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_INLINE = re.compile(
    r"(?P<code>(?<!`)(`+)(?!`).+?(?<!`)\2(?!`))"              # inline code, any number of backticks
    r"|(?P<comment><!--.*?-->)"                                  # HTML comment
    r"|(?P<auto><[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)"        # autolink
    r"|(?P<mail><[^\s<>@]+@[^\s<>@]+>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"        # inline HTML tag
    r"|\]\((?P<dest>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*)\)",  # link target
    re.S)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)


def is_markdown(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(SUFFIXES)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) code-point spans of everything that is not prose."""
    from markdown_it import MarkdownIt

    spans: list[tuple[int, int]] = []
    starts = _line_starts(text)
    offset = 0
    fm = _FRONT_MATTER.match(text)
    if fm:
        spans.append((0, fm.end()))
        offset = fm.end()

    def lines(a: int, b: int) -> tuple[int, int]:
        return starts[min(a, len(starts) - 1)], starts[min(b, len(starts) - 1)]

    first_line = bisect.bisect_right(starts, offset) - 1 if offset else 0
    body = text[offset:]
    for tok in MarkdownIt("commonmark").parse(body):
        if tok.map is None:
            continue
        a, b = tok.map[0] + first_line, tok.map[1] + first_line
        if tok.type in ("fence", "code_block", "html_block"):
            spans.append(lines(a, b))
        elif tok.type == "inline":
            s, e = lines(a, b)
            spans.extend((s + m.start(m.lastgroup), s + m.end(m.lastgroup)) for m in _INLINE.finditer(text, s, e)
                         if m.lastgroup)
            spans.extend(m.span() for m in _REFERENCE.finditer(text, s, e))
    spans.extend(m.span() for m in _REFERENCE.finditer(text))
    return _merge(spans)


def _line_starts(text: str) -> list[int]:
    out = [0]
    out.extend(m.end() for m in re.finditer(r"\r\n|\n|\r", text))
    out.append(len(text))
    return out


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(x for x in spans if x[1] > x[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
