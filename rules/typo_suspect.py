"""A fixed expression with one character swapped for a look-alike or sound-alike (错别字).

## What it does
Flags a run of four to eight Chinese characters that is not a word but becomes a known fixed
expression when one character is replaced by a character that looks like it or sounds like
it: 迫不急待 (迫不及待), 再接再励 (再接再厉), 按部就般 (按部就班), 一愁莫展 (一筹莫展). The yardstick
is jieba's dictionary (its idioms, set phrases and other entries of four or more characters,
`kanwu.zh.words.fixed_expressions`) with the set phrases of `data/fixed_expressions.tsv`;
look-alikes come from the shape table and the table of commonly confused characters, sound-alikes
from the character's main reading (an input method offers every character of that reading).

Precision comes first. A candidate is reported only when all of these hold:

- the written form is no word (jieba's floor entries, where it keeps misspellings such as
  迫不急待, do not count) and the corrected form is;
- the corrected reading is clearly the better one: segmenting the sentence around it with the
  expression scores at least `min-gain` (natural log units of jieba's word frequencies) above
  the best reading of what is written; a sequence of ordinary words (不同反响, 这样的活动,
  包一会儿) is left alone;
- the swapped character does not make a real word with a neighbour whose counterpart is a
  real word too (千斤/千金, 砂锅/沙锅: a variant or another word, not a slip of the pen);
- the written character is a standard character (a traditional form is traditional-char's);
- the place is running text: not a headline or other display line, not inside 《》, not a
  quoted term (a short quotation, or one that opens or closes with the expression), where
  wordplay and names live (“十面霾伏”, 《声临其境》, “丝路花语——…”); not a person's name.
  Quoted speech is checked like any other text.

Most slips make another real word (谈笑风声, 一诺千斤) and are not found: recall is low by
design.

## Why it matters
错别字 in set phrases are what newsroom proofreaders circle most, and what a reader notices
first. Spell checkers built for alphabetic text cannot see them.

## Example
    春节假期刚过，不少企业迫不急待地开工复产。    ->  迫不及待
    希望全体队员再接再励，在新赛季取得更好成绩。    ->  再接再厉

## Fix safety
Unsafe: the fix replaces the one character with the expression's, a suggestion an editor must
confirm (the writer may have meant the unusual form).
"""
from __future__ import annotations

import math
import re
from itertools import compress

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh import names, similar, standard, words
from kanwu.zh.chars import HAN_CLASS

_RUN = re.compile(f"[{HAN_CLASS}]{{4,}}")
_MARGIN = 6          # characters of context segmented on each side
_QUOTE_REACH = 14    # a quotation this short is a quoted term or wordplay, not speech
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"))
_DISPLAY = ("headline", "kicker", "subheading", "deck")


def _windows(run: str, opens, closes) -> dict[tuple[int, int], list]:
    """The windows of ``run`` one slip away from an expression (``kanwu.zh.words.
    expression_index``): (start, length) -> [(place of the slip, expression), …]."""
    out: dict[tuple[int, int], list] = {}
    n = len(run)
    bigrams = [run[i:i + 2] for i in range(n - 1)]
    # A slip in place 2 or later keeps the first bigram; in four-character expressions it
    # keeps the other of places 2 and 3 too, tested before anything else.
    unpack = words.expression_entry
    heads = list(map(opens.get, bigrams))
    for p in compress(range(n - 3), heads):
        four, at3, at2, longer = unpack(heads[p])
        c2, c3 = run[p + 2], run[p + 3]
        if c3 in at3 or c2 in at2:
            out[(p, 4)] = [(2 if e[3] == c3 else 3, e) for e in four if (e[3] == c3) != (e[2] == c2)]
        for e in longer:
            _one_slip(run, p, e, out)
    # A slip before the last two characters keeps the last bigram.
    tails = list(map(closes.get, bigrams))
    for q in compress(range(2, n - 1), tails[2:]):
        four, at1, at0, longer = unpack(tails[q])
        c0, c1 = run[q - 2], run[q - 1]
        if c1 in at1 or c0 in at0:
            out.setdefault((q - 2, 4), []).extend((0 if e[1] == c1 else 1, e) for e in four
                                                  if (e[1] == c1) != (e[0] == c0))
        for e in longer:
            _one_slip(run, q + 2 - len(e), e, out)
    return out


def _one_slip(run: str, p: int, e: str, out: dict) -> None:
    if p < 0 or p + len(e) > len(run):
        return
    w = run[p:p + len(e)]
    slips = [k for k in range(len(e)) if w[k] != e[k]]
    if len(slips) == 1 and (slips[0], e) not in out.get((p, len(e)), ()):
        out.setdefault((p, len(e)), []).append((slips[0], e))


def relation(written: str, meant: str) -> str:
    """How ``written`` stands in for ``meant``: "shape", "sound" or '' (unrelated)."""
    if similar.similar_shape(written, meant):
        return "shape"
    reading = words.primary_reading(meant)
    if reading and reading in similar.readings(written):
        return "sound"
    return ""


def _log_prob(text: str, avoid=()) -> tuple[float, list[tuple[int, int]]]:
    ix = words.index()
    total = math.log(ix.total)
    spans, pos, score = [], 0, 0.0
    for token in ix.segment(text, avoid=avoid):
        spans.append((pos, pos + len(token)))
        score += math.log(ix.freq(token) or 1) - total
        pos += len(token)
    return score, spans


class TypoSuspect(Rule):
    code, name = "KW503", "typo-suspect"
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.UNSAFE})
    options = {
        "min-gain": Option(10.0, "how much likelier (natural log) the corrected reading must be", min=0.0, max=100.0),
    }

    def check(self, doc):
        text = doc.text
        index = words.expression_index()
        found: dict[int, tuple] = {}  # window start -> best (gain, length, slip, expression, kind)
        for m in _RUN.finditer(text):
            run, base = m.group(), m.start()
            for (p, n), slips in _windows(run, *index).items():
                hit = self._candidate(run, p, n, slips)
                if hit and (base + p not in found or hit[0] > found[base + p][0]):
                    found[base + p] = hit
        names_at = None
        taken = -1
        for start in sorted(found):
            gain, length, k, meant, kind = found[start]
            if start < taken or not self._in_running_text(doc, start, start + length):
                continue
            if names_at is None:
                names_at = [(x.start, x.start + len(x.name)) for x in names.doc_mentions(doc)]
            if any(a < start + length and b > start for a, b in names_at):
                continue
            written = text[start:start + length]
            at = start + k
            fix = Fix.unsafe(f"Write {meant[k]!r} for {written[k]!r}", Edit.replace(at, at + 1, meant[k]))
            yield self.diagnostic(start, start + length,
                                  f"{written!r} looks like a slip for {meant!r} "
                                  f"({written[k]}→{meant[k]}, alike in {kind})", fix)
            taken = start + length

    def _candidate(self, run, p, length, slips):
        """The likeliest expression the window was meant to be, as (gain, length, position of
        the slip, expression, kind), or None."""
        w = run[p:p + length]
        if w in words.extra_entries():
            return None
        ix = words.index()
        expressions = words.fixed_expressions()
        written_freq = ix.freq(w)
        best = None
        for k, meant in slips:
            if written_freq > 3 and not (written_freq <= 20 and expressions[meant] >= 20 * written_freq):
                continue  # a word as written (but jieba keeps rare misspellings: 走头无路)
            x = w[k]
            if k in (0, length - 1) and words.function_word(x) or not standard.is_standard(x):
                continue  # 的十八届 is 的 + 十八届; a traditional form is traditional-char's
            kind = relation(x, meant[k])
            if not kind:
                continue
            gain = self._gain(run, p, length, k, meant)
            if gain is not None and gain >= self.opts["min-gain"] and (best is None or gain > best[0]):
                best = (gain, length, k, meant, kind)
        return best

    @staticmethod
    def _gain(run, p, length, k, meant):
        """How much likelier the sentence reads with the expression than as written, or None
        when the written character makes a real word whose counterpart is real too, or the
        expression does not stand as a word in its context."""
        ix = words.index()
        a = max(0, p - _MARGIN)
        ctx = run[a:p + length + _MARGIN]
        q = p - a
        i = q + k
        for j in (i - 1, i):  # 千斤/千金, 砂锅/沙锅: variants or another word, not a slip
            if 0 <= j and j + 2 <= len(ctx):
                pair = ctx[j:j + 2]
                other = pair[:i - j] + meant[k] + pair[i - j + 1:]
                if ix.freq(pair) >= 20 and ix.freq(other) >= 20:
                    return None
        extras = words.extra_entries()
        for j in range(max(0, q - 4), q + length):
            for n in range(2, 6):
                if j < q < j + n or j < q + length < j + n:
                    if ctx[j:j + n] in extras:
                        return None  # a known word straddles the window: 占比|尚不足
        written, _ = _log_prob(ctx, avoid={(q, q + length)})
        fixed = ctx[:q] + meant + ctx[q + length:]
        corrected, spans = _log_prob(fixed)
        if (q, q + length) not in spans:
            return None
        return corrected - written

    @staticmethod
    def _in_running_text(doc, start, end):
        """Not a display line, not inside 《》, not a quoted term."""
        from .repeated_word import running_text

        block = doc.paragraph_at(start)
        if block is None or block.kind in _DISPLAY and not running_text(block):
            return False
        text = doc.text
        lo = block.start
        opened = text.rfind("《", lo, start)
        if opened >= 0 and text.rfind("》", opened, start) < 0:
            return False
        if start > 0 and text[start - 1] in "“‘「『" or end < len(text) and text[end] in "”’」』":
            return False  # a name or term in quotes opens or closes with it: “丝路花语——…”
        for o, c in _QUOTES:
            opened = text.rfind(o, max(lo, start - _QUOTE_REACH), start)
            if opened >= 0 and text.rfind(c, opened, start) < 0:
                closed = text.find(c, end, opened + _QUOTE_REACH + 2)
                if closed >= 0:
                    return False  # a quoted term or wordplay: “十面霾伏”
        return True
