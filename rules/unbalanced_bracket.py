"""Unpaired brackets or quotation marks within a paragraph.

## What it does
Flags an opening “ ‘ 《 〈 （ 【 「 『 〔 ［ without its closing partner in the same paragraph,
or a closing one without an opening one, including a pair closed by the wrong partner.

Marks that pair up over several paragraphs are left alone, as Chinese writing sets them:

- a quotation running over several paragraphs: each of its paragraphs opens with “ and only
  the last one closes it; the first opens it after a colon or a verb of saying (他说：“……,
  or at the start of a paragraph after one that ends with a colon) and runs to the
  paragraph's end;
- a quotation or a bracketed note set one line per paragraph — quoted verse, a note under a
  table: the mark opens a paragraph (or follows a colon or a sentence end), every line ends
  with punctuation, and the partner closes a later paragraph right after its last mark.

Not reported here, so that one defect gives one finding: double quotes that pair up only when
read the wrong way round (`punctuation-usage-reversed-quotes` reports them), a full-width
bracket closed by its ASCII twin or a straight quote standing for a curly one
(`halfwidth-punctuation` reports the ASCII mark), and an apostrophe ’ inside a Latin word.

## Why it matters
An unpaired mark usually means text was lost or cut (a page break inside a quotation, an
OCR drop-out) or that a title or aside runs on into the next sentence; readers and parsers
both lose track of where the quotation ends.

## Example
    要全面落实“第九版防控方案。    ->  the “ is never closed in its paragraph
    《晋源区文旅产业发展规划        ->  the 《 is never closed

## Fix safety
No fix: which word the missing mark belongs after needs an editor.
"""
from __future__ import annotations

import re

from kanwu.model import FixAvailability, Rule, Severity
from kanwu.zh.chars import CLOSERS, reversed_quote_pairs

PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "【": "】", "「": "」", "『": "』",
         "〔": "〕", "［": "］"}
CLOSING = {v: k for k, v in PAIRS.items()}
# ASCII twins that may stand in for one half of a full-width pair (the width is another rule's).
_TWIN = {"(": "（", ")": "）"}
_MARK = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSING) + "()\"") + "]")
_LATIN = re.compile(r"[A-Za-z0-9]")
# Where a quotation or note may open and run on: the paragraph's start, after a colon or a
# sentence end, or after a verb of saying and a comma (他说，“……).
_OPENS_AFTER = "：:。！？!?…；;"
_SAYING = re.compile(r"(?:说|道|问|称|讲|表示|介绍|指出|强调|认为|坦言|感慨|提到|回忆|告诉记者|笑着说)[，,]$")
# A line that ends as verse or a note line does: with punctuation.
_LINE_END = "，,。.！!？?；;：:、…—" + CLOSERS
_MAX_SPAN = 12  # paragraphs a quotation or note set line by line may run over


class UnbalancedBracket(Rule):
    code, name = "KW303", "unbalanced-bracket"
    error_weight = 0.1  # 差错率: a punctuation slip (a mark missing or left over)
    severity = Severity.WARNING
    fix = FixAvailability.NONE

    def check(self, doc):
        text = doc.text
        if not any(c in text for c in "“”‘’《》〈〉（）【】「」『』〔〕［］"):
            return
        paragraphs = doc.paragraphs
        per = [self._paragraph(text, b.start, b.end) for b in paragraphs]
        exempt: set[int] = set()
        running = False  # the previous paragraph belongs to a quotation that runs on
        for i, (unclosed, _) in enumerate(per):
            was_running, running = running, False
            for k in unclosed:
                if k in exempt:
                    continue
                if text[k] == "“" and self._runs_on(text, paragraphs, i, k, was_running):
                    exempt.add(k)
                    running = True
                    continue
                j = self._closed_later(text, paragraphs, per, i, k)
                if j is not None:
                    exempt.update((k, j))
        found = []
        for unclosed, unopened in per:
            found += [(k, "open") for k in unclosed if k not in exempt]
            found += [(k, "close") for k in unopened if k not in exempt]
        for k, how in sorted(found):
            ch = text[k]
            if how == "open":
                yield self.diagnostic(k, k + 1, f"opening {ch!r} is not closed by {PAIRS[ch]!r} in this paragraph")
            else:
                yield self.diagnostic(k, k + 1, f"closing {ch!r} has no opening {CLOSING[ch]!r} in this paragraph")

    @staticmethod
    def _paragraph(text, start, end):
        """(unclosed openers, unopened closers) of one paragraph, as offsets."""
        skip = {k for pair in reversed_quote_pairs(text, start, end) for k in pair}
        stack: list[int] = []
        unclosed: list[int] = []
        unopened: list[int] = []
        for m in _MARK.finditer(text, start, end):
            i, ch = m.start(), m.group()
            if i in skip:
                continue
            if ch == "’" and start < i < end - 1 and _LATIN.match(text, i - 1) and _LATIN.match(text, i + 1):
                continue  # an apostrophe: China’s
            if ch == '"':  # a straight quote closes an open “ or stands for an opening one
                if stack and text[stack[-1]] in "“\"":
                    stack.pop()
                else:
                    stack.append(i)
                continue
            ch = _TWIN.get(ch, ch)
            if ch in PAIRS:
                stack.append(i)
                continue
            want = CLOSING[ch]
            if stack and _TWIN.get(text[stack[-1]], text[stack[-1]]) == want or (
                    ch == "”" and stack and text[stack[-1]] == '"'):
                stack.pop()
            elif any(_TWIN.get(text[k], text[k]) == want for k in stack):
                while _TWIN.get(text[stack[-1]], text[stack[-1]]) != want:  # inner marks left open
                    unclosed.append(stack.pop())
                stack.pop()
            elif text[i] in CLOSING:
                unopened.append(i)
        unclosed += stack
        # ASCII marks are the halfwidth rule's; report only full-width ones
        return ([k for k in sorted(unclosed) if text[k] in PAIRS],
                [k for k in unopened if text[k] in CLOSING])

    @staticmethod
    def _opens_run(text, para_start, k, after_sentence=True):
        """The mark at k may open a quotation or note that runs on to the paragraph's end: it
        opens the paragraph, or follows a colon, a verb of saying and a comma, or (with
        ``after_sentence``) the end of a sentence."""
        if k == para_start:
            return True
        p = k - 1
        while p > para_start and text[p] in CLOSERS:
            p -= 1
        ends = _OPENS_AFTER if after_sentence else "：:"
        return text[p] in ends or bool(_SAYING.search(text, max(para_start, k - 8), k))

    def _runs_on(self, text, paragraphs, i, k, was_running):
        """A quotation over several paragraphs: the next paragraph opens with “, and this one
        opens it where it may run to the paragraph's end — after a colon or a verb of saying,
        or at the paragraph's start when the paragraph before introduces it (ends with a colon)
        or is itself part of it. A paragraph that opens with “ after a finished one is a
        quotation of its own, and its ” is missing."""
        if i + 1 >= len(paragraphs) or not paragraphs[i + 1].text.startswith("“"):
            return False
        start = paragraphs[i].start
        if k == start:
            return was_running or (i > 0 and paragraphs[i - 1].text[-1] in "：:")
        return self._opens_run(text, start, k, after_sentence=False)

    def _closed_later(self, text, paragraphs, per, i, k):
        """The offset of the partner that closes, in a later paragraph, a quotation or note set
        one line per paragraph (verse, a note under a table); None if there is none."""
        block = paragraphs[i]
        if not self._opens_run(text, block.start, k) or text[block.end - 1] not in _LINE_END:
            return None
        close = PAIRS[text[k]]
        for j in range(i + 1, min(len(paragraphs), i + 1 + _MAX_SPAN)):
            unclosed, unopened = per[j]
            b = paragraphs[j]
            if any(text[u] == close for u in unopened):
                c = next(u for u in unopened if text[u] == close)
                tail = text[c + 1:b.end]
                if c > b.start and text[c - 1] in _LINE_END and all(ch in _LINE_END for ch in tail):
                    return c
                return None
            if unclosed or b.text.startswith(text[k]) or text[b.end - 1] not in _LINE_END:
                return None  # another open mark, a new quotation, or a line that runs on
        return None
