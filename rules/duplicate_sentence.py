"""Sentence printed twice, exactly or with a slip of a digit or one or two look-alike characters.

## What it does
Flags a sentence that repeats a sentence of the same paragraph or of the paragraph before it,
where layout and editing accidents put the copy: either exactly, or with at most
`max-distance` characters changed, inserted or deleted when every difference is a slip
(`省委副书记、市长张新伟主持并讲话。市委副书记、市长张新伟主持并讲话。`). The differences are aligned
and each is judged:

- a **slip**: a changed figure (`创始于1936年。创始于1976年。`: one of the two is wrong), a
  character swapped for one that looks or sounds like it (精神/睛神, 生动/牛动), or a character
  that turns a word into a non-word (中华/中毕), a dropped or added mark;
- **deliberate**: a word swapped for another word (`要勇于自我革命。…要善于自我革命。`, 人大…/政协…,
  信任/信念), a word inserted (`这不能说。这也不能说。`), a pronoun (他/她), or an ordinal in
  a series (第一回合/第二回合, 一是…/二是…, （七）/（八）): parallel structure, left alone.

A copy placed right after its original that differs in a single character is a slip whatever
the character: a corrected line pasted beside the wrong one (省委副书记、市长张新伟… /
市委副书记、市长张新伟…; the same person cannot hold both posts).

Repetition farther apart is usually rhetoric (an essay returning to its refrain). Short
quoted sentences repeat by nature (a chant or a reply: “来啦！来啦！”, “满意，满意。”), so a
quoted sentence counts only from `min-length` characters on; a long quoted sentence printed
again right after itself is a copy like any other. Sentences shorter than `min-length`
characters are ignored as boilerplate (会议以视频方式召开。) unless the copies follow each other
in one paragraph, and only long sentences count when the copies sit in different articles,
where formulaic lines legitimately repeat. A dateline or byline opening the first sentence
(本报讯（记者 X）) is not part of the comparison. Only running text and captions are compared:
headlines, decks and other display lines repeat the body by design.

## Why it matters
A doubled sentence is a layout or editing accident (a corrected line pasted next to the
wrong one). When the copies differ, one of them is wrong, and a reader cannot tell which.

## Example
    市长张新伟主持并讲话。市长张新伟主持并讲话。    ->  市长张新伟主持并讲话。
    上海龙凤旗袍创始于1936年。上海龙凤旗袍创始于1976年。    (one of the years is wrong)

## Fix safety
Unsafe when the copies are identical: the fix deletes the second one. Display-only when they
differ: an editor must choose which version is right.
"""
from __future__ import annotations

import bisect
from collections import deque

import regex

from kanwu.document import ARTICLE_START, BLANK
from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh import similar, words
from kanwu.zh.chars import CHINESE_NUMERALS, DIGITS, HAN

_NOISE = regex.compile(r"[\s\u3000]+")
_DATELINE_BYLINE = regex.compile(r"\s*(?:[（(][^）)\n]{0,40}[）)])?\s*")
_QUOTES = set("“”「」『』\"")
_DIRECT = 48  # sentences in reach compared directly; more than this, through the piece index
_NUMERALS = frozenset(DIGITS + CHINESE_NUMERALS + "〇")
# Around a numeral that counts off a series: 第一回合, 其二, （七）, 一是, 二、, 3．
_ORDINAL_BEFORE = frozenset("第其（(")
_ORDINAL_AFTER = frozenset("是、）)")
_LIST_POINT = frozenset(".．")  # 3．, but not the decimal point of 1.4万元
# Kinds of block whose sentences are compared: running text and photo captions.
_COMPARED = ("body", "caption")


def _ordinal(text: str, i: int) -> bool:
    """The numeral at ``i`` (with the numerals around it) counts off a series."""
    a = i
    while a > 0 and text[a - 1] in _NUMERALS:
        a -= 1
    b = i + 1
    while b < len(text) and text[b] in _NUMERALS:
        b += 1
    after = text[b:b + 1]
    if after in _LIST_POINT:
        return text[b + 1:b + 2] not in _NUMERALS
    return (a > 0 and text[a - 1] in _ORDINAL_BEFORE) or after in _ORDINAL_AFTER


def _in_word(text: str, i: int) -> bool:
    """``text[i]`` belongs to a dictionary word of two to four characters there (中华 in
    中华儿女; not 毕 in 中毕儿女)."""
    if not HAN.match(text[i]):
        return False
    ix = words.index()
    for j in range(max(0, i - 3), i + 1):
        for k in range(max(i + 1, j + 2), min(len(text), j + 4) + 1):
            if ix.freq(text[j:k]) > 3:
                return True
    return False


def _content(ch: str) -> bool:
    """A character standing for content, not a function word, pronoun, numeral or direction,
    which parallel sentences swap on purpose (他/她, 上/下, 也/就)."""
    return HAN.match(ch) is not None and not words.function_word(ch) \
        and not words.index().tag(ch).startswith(("f", "r", "p", "c", "d", "u", "m", "q"))


def _slip(copy: str, original: str, next_to: bool = False) -> bool:
    """Every difference between the two versions is a slip (a changed figure, a look-alike or
    sound-alike character, a character that breaks a word, a dropped character of a word, a
    mark), none deliberate (a word for a word, a word added, an ordinal in a series). A copy
    right after its original (``next_to``) that differs in one character only is a slip
    whatever the character: a corrected line pasted beside the wrong one
    (省委副书记、市长张新伟… / 市委副书记、市长张新伟…)."""
    from rapidfuzz.distance import Levenshtein

    ops = Levenshtein.editops(original, copy)
    single = next_to and len(ops) == 1 and ops[0].tag == "replace"
    gaps: list[tuple[str, int, int]] = []  # runs of characters only one version has
    for op in ops:
        if op.tag == "replace":
            x, y = original[op.src_pos], copy[op.dest_pos]
            if x in _NUMERALS and y in _NUMERALS:
                if _ordinal(original, op.src_pos) or _ordinal(copy, op.dest_pos):
                    return False  # 第一回合 / 第二回合
                continue  # 1936年 / 1976年
            if words.function_word(x) == "pronoun" and words.function_word(y) == "pronoun":
                return False  # 他 / 她: sound alike, and both are right
            if single or similar.similar_shape(x, y) or similar.same_sound(x, y):
                continue  # 精神 / 睛神
            in_a, in_b = _in_word(original, op.src_pos), _in_word(copy, op.dest_pos)
            if in_a != in_b:
                continue  # 中华 / 中毕: one version is no word
            if not in_a and _content(x) and _content(y):
                continue  # 某些新的可能 / 某些亲的可能: one content character for another
            return False  # 勇于 / 善于, 人大 / 政协: a word for a word; 他 / 她, 上 / 下
        which, at = ("copy", op.dest_pos) if op.tag == "insert" else ("original", op.src_pos)
        if gaps and gaps[-1][0] == which and gaps[-1][2] == at:
            gaps[-1] = (which, gaps[-1][1], at + 1)
        else:
            gaps.append((which, at, at + 1))
    for which, a, b in gaps:
        longer = copy if which == "copy" else original
        if not any(HAN.match(ch) for ch in longer[a:b]):
            continue  # 200 / 2000, a dropped or added mark
        if _whole_words(longer, a, b):
            return False  # 不能 / 也不能, 说 / 回忆说: words added
    return True


def _whole_words(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is made of whole words in a segmentation of the Chinese around it (也 in
    这也不能说, 回忆 in 王有德回忆说), not part of a longer word (纹 of 指纹, 及 of 普及)."""
    lo = a
    while lo > 0 and a - lo < 4 and HAN.match(text[lo - 1]):
        lo -= 1
    hi = b
    while hi < len(text) and hi - b < 4 and HAN.match(text[hi]):
        hi += 1
    pos = lo
    for token in words.index().segment(text[lo:hi]):
        end = pos + len(token)
        if pos < b and end > a and (pos < a or end > b):
            return False  # a word straddles the added run
        pos = end
    return True


def _pieces(norm: str, k: int) -> list[tuple]:
    """The k + 1 pieces a sentence is indexed by: (length, piece number, text)."""
    n = len(norm)
    size = n // (k + 1)
    if size == 0:
        return [(n, 0, norm)]
    return [(n, i, norm[i * size:(i + 1) * size]) for i in range(k + 1)]


def _lookup(index: dict, norm: str, k: int) -> set[int]:
    """Sentences that may be within k edits of ``norm``: one of their pieces sits in ``norm``
    within k places of where it was."""
    n = len(norm)
    found: set[int] = set()
    for m in range(max(1, n - k), n + k + 1):
        size = m // (k + 1)
        if size == 0:
            found.update(index.get((m, 0, norm), ()))
            continue
        for i in range(k + 1):
            at = i * size
            for st in range(max(0, at - k), min(n - size, at + k) + 1):
                found.update(index.get((m, i, norm[st:st + size]), ()))
    return found


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
        from .repeated_word import running_text

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
        max_gap = self.opts["max-paragraph-gap"]
        # The last `window` sentences (normalised, start, end, article, paragraph), and an index
        # of their pieces: with at most k edits, one of k + 1 pieces of a sentence survives
        # intact in its copy, shifted by at most k places (pigeonhole). Each sentence looks up
        # a bounded number of pieces, so the cost stays linear however long the text.
        seen: dict[int, tuple] = {}
        index: dict[tuple, deque] = {}
        keys_of: dict[int, list] = {}
        latest: dict[str, int] = {}  # an exact copy is found without the piece index
        count = 0
        text = doc.text
        last_end, last_par = -1, -1
        k = max_d

        pars: list[int] = []    # paragraphs with a sentence remembered, in order,
        firsts: list[int] = []  # and the first sentence remembered in each

        def remember(norm, s, e, art, par):
            nonlocal count
            if not pars or pars[-1] != par:
                pars.append(par)
                firsts.append(count)
            seen[count] = (norm, s, e, art, par)
            keys = _pieces(norm, k) if len(norm) >= min_len else ()
            for key in keys:
                index.setdefault(key, deque()).append(count)
            keys_of[count] = keys
            latest[norm] = count
            old = count - window
            if old in seen:
                if latest.get(seen[old][0]) == old:
                    del latest[seen[old][0]]
                del seen[old]
                for key in keys_of.pop(old):
                    q = index[key]
                    q.popleft()
                    if not q:
                        del index[key]
            count += 1

        for s, e, p in doc.sentences:
            if blocks[p].kind not in _COMPARED and not running_text(blocks[p]):
                continue
            sentence = text[s:e]
            head = ARTICLE_START.match(sentence) if s == blocks[p].start else None  # only a paragraph opens an article
            if head:
                # Remember the whole first sentence too: a copy of it repeats its dateline.
                remember(_NOISE.sub("", sentence), s, e, article_of[p], p)
                sentence = sentence[_DATELINE_BYLINE.match(sentence, head.end()).end():]
            norm = _NOISE.sub("", sentence)
            adjacent = last_par == p and not text[last_end:s].strip()
            # right after the sentence before it: in its paragraph, or opening the next one
            next_to = adjacent or last_par == p - 1 and s == blocks[p].start
            last_end, last_par = e, p
            a, n = article_of[p], len(norm)
            quoted = norm[:1] in _QUOTES
            if n >= min_len:
                same = latest.get(norm)
                if same is not None and p - seen[same][4] <= max_gap and (seen[same][3] == a or n >= min_across):
                    candidates = [same]
                else:
                    # Only sentences within `max-paragraph-gap` paragraphs count: usually a
                    # handful, compared directly; in one huge paragraph the piece index.
                    at = bisect.bisect_left(pars, p - max_gap)
                    first = max(count - window, firsts[at] if at < len(firsts) else count)
                    if count - first <= _DIRECT:
                        candidates = [i for i in range(count - 1, first - 1, -1)
                                      if i in seen and abs(len(seen[i][0]) - n) <= k]
                    else:
                        candidates = sorted(_lookup(index, norm, k), reverse=True)
            elif adjacent and n >= min_adjacent and count and not quoted:
                candidates = [count - 1]  # a short sentence: only the one right before it
            else:
                candidates = []  # (a short quotation repeats by nature: “来啦！来啦！”)
            for i in candidates:
                other, os_, oe, oa, op_ = seen[i]
                if oa != a and n < min_across or (os_, oe) == (s, e):
                    continue
                if p - op_ > max_gap:
                    break  # older ones are farther still
                d = _distance(norm, other, max_d)
                if d > max_d or d and not _slip(norm, other, i == count - 1 and next_to):
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
                break
            remember(norm, s, e, a, p)
