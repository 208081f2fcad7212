"""Traditional characters inside simplified Chinese text.

## What it does
Converts each paragraph with OpenCC's traditional-to-simplified conversion (phrase-aware, so
著名 and 乾隆 stay as they are) and flags every character the conversion changes. Characters
that the 2013 General Standard Chinese Characters table admits in simplified text for names
and set uses (乾 as in 萧乾, 於 as a surname, 徵 in 宫商角徵羽, 塚 in Japanese names, 噁 in 二噁英)
are exempt unless `strict` is set; so are strings listed in `allow` (names, quoted titles,
trade marks).

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

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity

_SURROGATE = re.compile("[\ud800-\udfff]")
# Admitted by the 2013 standard table for names and specific uses although OpenCC maps them.
ADMITTED = frozenset("乾於徵噁塚蒐夥")


class TraditionalChar(Rule):
    code, name = "KW304", "traditional-char"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE})
    options = {
        "allow": Option([], "strings exempt from the rule (names, quoted titles)", list, items=str),
        "strict": Option(False, "also flag characters the standard table admits for names and set uses"),
    }

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
            strict = self.opts["strict"]
            for k, old, new in pairs:
                at = block.start + k
                if at in allowed or not strict and old in ADMITTED:
                    continue
                yield self.diagnostic(at, at + len(old), f"traditional character {old!r} in simplified text; "
                                                         f"simplified form is {new!r}",
                                      Fix.unsafe(f"Replace with {new!r}", Edit.replace(at, at + len(old), new)))
