"""Sentence printed twice, exactly or with a one- or two-character difference.

## What it does
Flags a sentence that repeats a sentence of the same paragraph or of the paragraph before it,
where layout and editing accidents put the copy, either exactly or with at most
`max-distance` characters changed, inserted or deleted
(`省委副书记、市长张新伟主持并讲话。市委副书记、市长张新伟主持并讲话。`). Repetition farther apart is
usually rhetoric (an essay returning to its refrain), and quoted speech repeats by nature
(slogans, replies), so both are left alone.
Sentences shorter than `min-length` characters are ignored as boilerplate (会议以视频方式召开。)
unless the copies follow each other in one paragraph, and only long sentences count when the
copies sit in different articles, where formulaic lines legitimately repeat. A dateline or
byline opening the first sentence (本报讯（记者 X）) is not part of the comparison, and copies
that differ only in numerals or ordinals (第一回合 / 第二回合) are parallel structure.

## Why it matters
A doubled sentence is a layout or editing accident (a corrected line pasted next to the
wrong one). When the copies differ, one of them is wrong, and a reader cannot tell which.

## Example
    市长张新伟主持并讲话。市长张新伟主持并讲话。    ->  市长张新伟主持并讲话。

## Fix safety
Unsafe when the copies are identical: the fix deletes the second one. Display-only when they
differ: an editor must choose which version is right.
"""
from __future__ import annotations

import regex

from kanwu.document import ARTICLE_START, BLANK
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity

_NOISE = regex.compile(r"[\s\u3000]+")
_DATELINE_BYLINE = regex.compile(r"\s*(?:[（(][^）)\n]{0,40}[）)])?\s*")


_ORDINALS = set("一二三四五六七八九十百千万零〇两0123456789０１２３４５６７８９上下前后首末甲乙丙丁")


_QUOTES = set("“”「」『』\"")


def _parallel(a: str, b: str) -> bool:
    """Parallel structure, not a copy with a typo: equal-length sentences that differ only in
    numerals or ordinals (第一回合 / 第二回合), or in one two-character word (收入 / 支出)."""
    if len(a) != len(b):
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if diff and all(a[k] in _ORDINALS and b[k] in _ORDINALS for k in diff):
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1


def _could_be_close(a: str, b: str, k: int) -> bool:
    """Necessary for an edit distance <= k (pigeonhole): with k edits, one of k + 1 slices of
    ``a`` is untouched and sits in ``b`` within k places of where it was."""
    n = len(a) // (k + 1)
    if n == 0:
        return True
    for i in range(k + 1):
        piece = a[i * n:(i + 1) * n]
        if piece in b[max(0, i * n - k):(i + 1) * n + k]:
            return True
    return False


def _distance(a: str, b: str, k: int) -> int:
    """Levenshtein distance, or k + 1 when it exceeds k; rapidfuzz is imported only for
    pairs that pass the cheap pre-check."""
    if a == b:
        return 0
    if not _could_be_close(a, b, k):
        return k + 1
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=k)


class DuplicateSentence(Rule):
    code, name = "KW201", "duplicate-sentence"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE, Applicability.DISPLAY_ONLY})
    options = {
        "min-length": Option(12, "shortest sentence (characters) compared", min=1, max=10_000),
        "min-length-adjacent": Option(6, "shortest sentence compared with the one right before it", min=1, max=10_000),
        "min-length-across-articles": Option(40, "shortest sentence compared between different articles", min=1, max=10_000),
        "max-distance": Option(2, "most characters two sentences may differ by to count as copies", min=0, max=10),
        "window": Option(200, "how many earlier sentences each sentence is compared with", min=1, max=10_000),
        "max-paragraph-gap": Option(1, "how many paragraphs apart the copies may be", min=0, max=1000),
    }

    def check(self, doc):
        from ._articles import starts_article

        blocks = doc.paragraphs
        article_of = []
        art = 0
        for b in blocks:
            if b.kind == "headline" or starts_article(b):
                art += 1
            article_of.append(art)
        min_len, min_across = self.opts["min-length"], self.opts["min-length-across-articles"]
        max_d, window = self.opts["max-distance"], self.opts["window"]
        min_adjacent = self.opts["min-length-adjacent"]
        seen: list[tuple[str, int, int, int]] = []  # (normalised, start, end, article)
        chars: list[frozenset] = []                 # the character set of each, for a quick filter
        paragraph_of: list[int] = []
        max_gap = self.opts["max-paragraph-gap"]
        by_length: dict[int, list[int]] = {}        # length -> indices into seen
        reported = set()
        text = doc.text
        last_end, last_par = -1, -1
        for s, e, p in doc.sentences:
            if blocks[p].kind != "body":
                continue
            sentence = text[s:e]
            head = ARTICLE_START.match(sentence) if s == blocks[p].start else None  # only a paragraph opens an article
            if head:
                # Remember the whole first sentence too: a copy of it repeats its dateline.
                full = _NOISE.sub("", sentence)
                by_length.setdefault(len(full), []).append(len(seen))
                seen.append((full, s, e, article_of[p]))
                chars.append(frozenset(full))
                paragraph_of.append(p)
                sentence = sentence[_DATELINE_BYLINE.match(sentence, head.end()).end():]
            norm = _NOISE.sub("", sentence)
            adjacent = last_par == p and not text[last_end:s].strip()
            last_end, last_par = e, p
            a, n = article_of[p], len(norm)
            if n >= min_len:
                oldest = len(seen) - window
                candidates = sorted((i for k in range(n - max_d, n + max_d + 1) for i in by_length.get(k, ())
                                     if i >= oldest), reverse=True)
            elif adjacent and n >= min_adjacent and seen:
                candidates = [len(seen) - 1]  # a short sentence: only the one right before it
            else:
                candidates = []
            mine = frozenset(norm)
            if norm[:1] in _QUOTES and norm[-1:] in _QUOTES:
                candidates = []  # quoted speech repeats by nature
            for i in candidates:
                other, os_, oe, oa = seen[i]
                if oa != a and n < min_across or (os_, oe) in reported or (os_, oe) == (s, e):
                    continue
                if p - paragraph_of[i] > max_gap:
                    continue
                if len(mine ^ chars[i]) > 2 * max_d:
                    continue  # each edit changes at most two characters of the character set
                d = _distance(norm, other, max_d)
                if d > max_d or d and _parallel(norm, other):
                    continue
                line = doc.position(os_)[0]
                if d == 0:
                    start = s
                    while start > 0 and text[start - 1] in BLANK:
                        start -= 1
                    fix = Fix.unsafe("Delete the second copy", Edit.delete(start, e))
                    msg = f"sentence repeats the sentence at line {line}"
                else:
                    fix = Fix.display_only("Keep one of the two versions", Edit.delete(s, e))
                    msg = (f"sentence nearly repeats the sentence at line {line} "
                           f"({d} character{' differs' if d == 1 else 's differ'}); one version is wrong")
                yield self.diagnostic(s, e, msg, fix)
                reported.add((s, e))
                break
            by_length.setdefault(n, []).append(len(seen))
            seen.append((norm, s, e, a))
            chars.append(mine)
            paragraph_of.append(p)
