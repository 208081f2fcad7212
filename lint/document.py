"""A Document is one decoded text with lazy, cached views that rules share.

Views: a line index (offset <-> line/column), paragraphs (blank-line separated, or one line
each in e-paper style where every line is indented), sentences, and the kind of each
paragraph (body text, or a headline, deck, caption… — kanwu.zh.blocks decides, from the page's
sequence of paragraphs). Each view is computed at most once per document, whatever the
number of rules that read it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

import regex

from .zh import blocks

# Characters that count as blank on a "blank" line: ASCII space/tab, NBSP, ideographic space,
# zero-width characters and BOMs that scraping leaves behind.
BLANK = " \t\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"
NL = r"(?:\r\n|\n|\r(?!\n))"  # a lone \r never takes the \r of a \r\n pair
NEWLINE_RE = regex.compile(NL)
_BLANK_LINE_RUN = regex.compile(rf"{NL}(?:[{BLANK}]*{NL})+")
_INDENTED = regex.compile(r"(?:\u3000|[ \t\u00a0]{2,})")

# The same ideographs as explicit ranges, for the standard library's ``re``, which scans these
# classes several times faster than ``regex`` scans \p{Han}; hot whole-text passes use it.
HAN_RANGES = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Sentence-final punctuation, and what may close a sentence after it.
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》】"
_SENTENCE_RE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[{CLOSERS}]*|[^{SENTENCE_END}]+")
_LINE = re.compile(r"[^\r\n]+")

# Compatibility names for rules written before kanwu.zh held this knowledge.
ARTICLE_START = blocks.DATELINE
HAN_CHAR = regex.compile(r"\p{Han}")  # one ideograph; rules share it


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: ``start``/``end`` are its content span, without surrounding blank space."""

    index: int
    start: int
    end: int
    text: str
    kind: str = "body"

    def __len__(self) -> int:
        return self.end - self.start


class Document:
    def __init__(self, text: str, path: str | None = None, *, newline: str | None = None) -> None:
        self.text = text
        self.path = path
        self._newline = newline
        self._views: dict = {}

    def view(self, compute):
        """A view several rules share, computed once per document: ``doc.view(fn)`` caches
        ``fn(doc)`` by the function's identity (e.g. the name mentions two corpus rules read)."""
        try:
            return self._views[compute]
        except KeyError:
            value = self._views[compute] = compute(self)
            return value

    def __len__(self) -> int:
        return len(self.text)

    @cached_property
    def newline(self) -> str:
        if self._newline:
            return self._newline
        m = NEWLINE_RE.search(self.text)
        return m.group() if m else "\n"

    # -- line index -----------------------------------------------------------------------
    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in NEWLINE_RE.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a code-point offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Code-point span of a 1-based line, without its newline."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    # -- paragraphs -----------------------------------------------------------------------
    @cached_property
    def paragraphs(self) -> list[Block]:
        spans: list[tuple[int, int]] = []
        text = self.text
        pos = 0
        chunks = []
        for m in _BLANK_LINE_RUN.finditer(text):
            chunks.append((pos, m.start()))
            pos = m.end()
        chunks.append((pos, len(text)))
        single_lines = len(chunks) == 1  # no blank lines at all: one paragraph per line
        for cs, ce in chunks:
            lines = [(m.start() - cs, m.end() - cs) for m in _LINE.finditer(text, cs, ce)]
            if not lines:
                continue
            split = single_lines or (len(lines) > 1 and all(
                _INDENTED.match(text, cs + s) for s, _ in lines[1:]))
            groups = [[ln] for ln in lines] if split else [lines]
            for group in groups:
                s, e = cs + group[0][0], cs + group[-1][1]
                while s < e and text[s] in BLANK:
                    s += 1
                while e > s and text[e - 1] in BLANK:
                    e -= 1
                if s < e:
                    spans.append((s, e))
        kinds = blocks.classify([text[s:e] for s, e in spans])
        return [Block(i, s, e, text[s:e], kind) for i, ((s, e), kind) in enumerate(zip(spans, kinds))]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [b.start for b in self.paragraphs]

    def paragraph_at(self, offset: int) -> Block | None:
        """The paragraph holding ``offset``, if any (blank space between paragraphs has none)."""
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and self.paragraphs[i].start <= offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def paragraph_pairs(self):
        ps = self.paragraphs
        return zip(ps, ps[1:])

    # -- sentences ------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[tuple[int, int, int]]:
        """(start, end, paragraph index) of every sentence, split on 。！？… and their closers."""
        out = []
        for block in self.paragraphs:
            for m in _SENTENCE_RE.finditer(block.text):
                if m.end() > m.start():
                    s, e = block.start + m.start(), block.start + m.end()
                    while s < e and self.text[s] in BLANK:
                        s += 1
                    if s < e:
                        out.append((s, e, block.index))
        return out
