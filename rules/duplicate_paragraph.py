"""Paragraph printed in two different documents of the corpus.

## What it does
Hashes every body paragraph of at least `min-length` characters (spaces and punctuation
width ignored) across the run, and reports a paragraph that also appears in another document,
naming it. Formulaic paragraphs, printed in more than `max-documents` documents (meeting
boilerplate, standing notices), are not reported.

## Why it matters
The same paragraph in two articles is usually a layout accident (a block pasted into the
wrong story) or a duplicated article in the archive; either way search results and counts
double.

## Example
    a.txt and b.txt both contain the same 80-character paragraph about 供热保障.

## Fix safety
No fix: which copy belongs where is for an editor to decide. Severity is info.
"""
from __future__ import annotations

import functools
import hashlib
import re

from kanwu.model import CorpusRule, FixAvailability, Option, Severity

_NOISE = re.compile(r"[\s\u3000]+")
_WIDTH = (("，", ","), ("；", ";"), ("：", ":"), ("（", "("), ("）", ")"), ("？", "?"), ("！", "!"))


def _key(text: str) -> str:
    """Paragraph identity, blind to spacing and punctuation width (str.translate with a
    mapping is slow on CJK text; a few replace calls are not)."""
    norm = _NOISE.sub("", text)
    for full, half in _WIDTH:
        norm = norm.replace(full, half)
    return hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _keyed(min_length: int, doc):
    return [(b, _key(b.text)) for b in doc.paragraphs if b.kind == "body" and len(b) >= min_length]


class DuplicateParagraph(CorpusRule):
    code, name = "KW203", "duplicate-paragraph"
    error_weight = 0.0  # 差错率: corpus statistics, not an error on the page
    severity = Severity.INFO
    fix = FixAvailability.NONE
    options = {
        "min-length": Option(60, "shortest paragraph (characters) compared across documents", min=1, max=1_000_000),
        "max-documents": Option(3, "a paragraph in more documents than this is formulaic", min=2, max=1_000_000_000),
    }

    def __init__(self, options=None) -> None:
        super().__init__(options)
        # one hashing per document, shared by keys, collect and check (a Document view)
        self._view = functools.partial(_keyed, self.opts["min-length"])

    def empty(self):
        return {}

    def _paragraphs(self, doc):
        return doc.view(self._view)

    def keys(self, doc):
        return frozenset(k for _b, k in self._paragraphs(doc))

    def collect(self, doc, doc_id):
        return {k: {doc_id} for _b, k in self._paragraphs(doc)}

    def merge(self, a, b):
        for k, docs in b.items():
            mine = a.get(k)
            if mine is None:
                a[k] = set(docs)
            else:
                mine |= docs
        return a

    def finalize(self, stats):
        limit = self.opts["max-documents"]
        return {k: sorted(v) for k, v in stats.items() if 1 < len(v) <= limit}

    def check(self, doc, stats=None):
        if not stats:
            return
        for b, k in self._paragraphs(doc):
            docs = stats.get(k)
            if docs:
                others = [d for d in docs if d != doc.path and not d.startswith(f"{doc.path}#")] or docs
                yield self.diagnostic(b.start, b.end, "paragraph also printed in " + ", ".join(others[:3])
                                      + (f" and {len(others) - 3} more" if len(others) > 3 else ""))
