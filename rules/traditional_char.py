"""Traditional characters inside simplified Chinese text.

## What it does
Converts each paragraph with OpenCC's traditional-to-simplified conversion (phrase-aware, so
著名 and 乾隆 stay as they are) and flags every character the conversion changes. Strings
listed in the `allow` option (names, quoted titles, trade marks) are exempt.

## Why it matters
Mixed scripts come from OCR models trained on both scripts and from copy-paste; they split
search terms (發展 never matches 发展) and look like typos to readers.

## Example
    加快發展现代服务业    ->  加快发展现代服务业

## Fix safety
Unsafe: the fix replaces the character with OpenCC's simplified form, but a name or a
quotation may keep its traditional form on purpose, so an editor should confirm.
"""
from __future__ import annotations

import re

from kanwu.model import Edit, Fix, FixAvailability, Option, Rule, Severity

_SURROGATE = re.compile("[\ud800-\udfff]")


class TraditionalChar(Rule):
    code, name = "KW304", "traditional-char"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    options = {"allow": Option([], "strings exempt from the rule (names, quoted titles)", list)}

    _converter = None

    @classmethod
    def _convert(cls, s: str) -> str:
        if cls._converter is None:
            import opencc
            cls._converter = opencc.OpenCC("t2s")
        # OpenCC takes UTF-8: a lone surrogate (JSONL's "\ud800" escapes make them) becomes
        # U+FFFD, one character for one, so offsets stay put.
        return cls._converter.convert(_SURROGATE.sub("\ufffd", s))

    def check(self, doc):
        text = doc.text
        if text.isascii() or self._convert(text) == _SURROGATE.sub("\ufffd", text):
            return
        allowed = set()
        for word in self.opts["allow"]:
            k = text.find(word)
            while k >= 0:
                allowed.update(range(k, k + len(word)))
                k = text.find(word, k + 1)
        for block in doc.paragraphs:
            original = _SURROGATE.sub("\ufffd", block.text)
            simple = self._convert(original)
            if simple == original:
                continue
            if len(simple) == len(original):
                pairs = [(k, original[k], simple[k]) for k in range(len(simple)) if simple[k] != original[k]]
            else:  # a phrase conversion changed the length: fall back to single characters
                pairs = [(k, c, self._convert(c)) for k, c in enumerate(original) if self._convert(c) != c]
            for k, old, new in pairs:
                at = block.start + k
                if at in allowed:
                    continue
                yield self.diagnostic(at, at + len(old), f"traditional character {old!r} in simplified text; "
                                                         f"simplified form is {new!r}",
                                      Fix.unsafe(f"Replace with {new!r}", Edit.replace(at, at + len(old), new)))
