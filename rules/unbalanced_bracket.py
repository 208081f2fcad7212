"""Unpaired brackets or quotation marks within a paragraph.

## What it does
Flags an opening “ 《 （ 【 「 『 without its closing partner in the same paragraph, or a
closing one without an opening one, including a pair closed by the wrong partner. A
quotation that runs over several paragraphs follows the Chinese convention (every paragraph
opens with “, only the last one closes it) and is not flagged.

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

PAIRS = {"“": "”", "《": "》", "（": "）", "【": "】", "「": "」", "『": "』", "〔": "〕"}
CLOSING = {v: k for k, v in PAIRS.items()}
_MARK = re.compile("[" + "".join(PAIRS) + "".join(CLOSING) + "]")


class UnbalancedBracket(Rule):
    code, name = "KW303", "unbalanced-bracket"
    severity = Severity.WARNING
    fix = FixAvailability.NONE

    def check(self, doc):
        text = doc.text
        if not any(c in text for c in "“”《》（）【】「」『』〔〕"):
            return
        for block in doc.paragraphs:
            stack: list[int] = []
            for m in _MARK.finditer(text, block.start, block.end):
                i, ch = m.start(), m.group()
                if ch in PAIRS:
                    stack.append(i)
                elif ch in CLOSING:
                    if stack and text[stack[-1]] == CLOSING[ch]:
                        stack.pop()
                    elif stack and any(text[k] == CLOSING[ch] for k in stack):
                        while text[stack[-1]] != CLOSING[ch]:  # inner marks were left open
                            k = stack.pop()
                            yield self._open(k, text[k])
                        stack.pop()
                    else:
                        yield self.diagnostic(i, i + 1, f"closing {ch!r} has no opening {CLOSING[ch]!r} "
                                                        f"in this paragraph")
            continued = (block.index + 1 < len(doc.paragraphs)
                         and doc.paragraphs[block.index + 1].text.startswith("“"))
            for k in stack:
                if continued and text[k] == "“":
                    continue  # a quotation running on: each paragraph opens with “, the last closes it
                yield self._open(k, text[k])

    def _open(self, k, ch):
        return self.diagnostic(k, k + 1, f"opening {ch!r} is not closed by {PAIRS[ch]!r} in this paragraph")
