"""Sentence broken across a page or column break.

## What it does
Flags body text that stops mid-sentence in one paragraph and goes on in a later one. The
evidence a careful reader uses:
- the first half stops at ， or 、, or on a word that cannot end a phrase (的, 和, 对, 把…), or
  with a quotation or bracket left open that the second half closes;
- a dictionary word runs across the break (培训力 | 度 → 力度; after a short title-like line,
  only a word much likelier read across, or one completed by the lone character the next
  paragraph opens with: 实行一次 | 性征收), or a number and its unit do
  (3 | 000元), or the second half opens with what cannot open a paragraph (a closing mark,
  的/了/着…);
- or the first half is body text — among body paragraphs, long or punctuated like prose —
  that simply stops, and the next paragraph does not open like a new one (a dateline, a
  quotation, a numbered item).
Display text is never a first half: headlines, decks and summary boxes, subheadings, bylines,
attributions, captions and markers (kanwu.zh.blocks tells them apart), nor verse printed one
line per paragraph. A photo caption, a continuation marker or another article's headline
may stand between the halves; when the second half is several paragraphs later (a jump),
the finding says where the sentence goes on.

## Why it matters
Layout leaks into the text: readers, search, deduplication and sentence splitters see two
fragments, and the word cut in half (力 | 度) is lost to every word-based tool.

## Example
    要全面\\n\\n落实第九版防控方案      ->  要全面落实第九版防控方案
    展板听\\n\\n韦韬……。 贾鹏 摄\\n\\n取建设概况  ->  展板听取建设概况\\n\\n韦韬……。 贾鹏 摄

## Fix safety
Safe when only whitespace (or a continuation marker, which is layout) stands between the
halves: the fix joins them — unless nothing links the halves but the first one stopping short
and a later paragraph could be its second half as well (it opens on a lone character that
completes the first half's last word): then joining the next one is unsafe, and the finding
names that line. Unsafe when a caption or a headline stands between them (the fix
joins the halves and moves what stood between after the joined paragraph) and for a jump
(the fix moves the second half up), which an editor should confirm.
"""
from __future__ import annotations

from kanwu.model import Applicability, Edit, Fix, FixAvailability, Option, Rule, Severity
from kanwu.zh import blocks
from kanwu.zh.breaks import NEW_START, evidence, first_word, last_word, linked, starts_inside, verse, word_across
from kanwu.zh.chars import BLANK, CANNOT_END
BETWEEN = frozenset({"caption", "credit", "marker", "headline", "kicker", "deck", "subheading", "attribution"})
MAX_BETWEEN = 4   # blocks that may stand between the halves
JUMP = 6          # body paragraphs searched for the second half of a jump
LONG = 250        # characters: longer than any deck or summary box


class PageBreakSplit(Rule):
    code, name = "KW101", "page-break-split"
    error_weight = 0.1  # 差错率: a paragraph broken where the sentence goes on is a layout slip (另段)
    severity = Severity.WARNING
    fix = FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    options = {
        "min-length": Option(8, "shortest first half (characters) that is judged", min=1, max=10_000),
        "prose-length": Option(30, "a first half at least this long, among body paragraphs, counts as prose "
                                   "that stops short even without other evidence", min=1, max=10_000),
    }

    def check(self, doc):
        ps = doc.paragraphs
        for i, prev in enumerate(ps):
            if prev.kind not in ("body", "subheading") or len(prev) < self.opts["min-length"]:
                continue
            if blocks.ending(prev.text) not in ("open", "bare"):
                continue
            found = self._second_half(doc, i)
            if found is not None:
                yield self._finding(doc, prev, *found)

    def _second_half(self, doc, i):
        """(second half, blocks between, word cut, jumped) or None."""
        ps = doc.paragraphs
        prev = ps[i]
        between, j = [], i + 1
        while j < len(ps) and ps[j].kind in BETWEEN and len(between) < MAX_BETWEEN:
            between.append(ps[j])
            j += 1
        if j >= len(ps) or ps[j].kind != "body":
            return None
        nxt = ps[j]
        marks = sum(prev.text.count(c) for c in "，。；：？！,;:?!")
        shape_only = all(b.kind in ("caption", "credit", "marker") for b in between)
        # a short line that stops without a mark reads like a title, unless a photo caption
        # or a marker stands after it: those go between paragraphs, not under a headline
        title_like = not blocks.DATELINE.match(prev.text) and not (between and shape_only) and (
            len(prev) <= 20 and marks <= 1 or len(prev) <= 30 and not marks)
        strong, word = evidence(prev.text, nxt.text, blocks.DISPLAY_GAIN if title_like else 2.0)
        if title_like and not word:
            word = _completed_by_opener(prev.text, nxt.text)  # plain evidence is enough, as in body text
            strong = strong or word is not None
        if prev.kind != "body" and not (word or strong and not blocks.ENUMERATED.match(prev.text) and (
                last_word(prev.text) in CANNOT_END or starts_inside(nxt.text))):
            return None  # a subheading is a first half only when its last word cannot end it
        if strong and verse(prev.text, nxt.text) and not word:
            return None  # a poem or couplet, one line per paragraph
        if strong and (shape_only or word or starts_inside(nxt.text)):
            return nxt, between, word, False
        if not strong and self._stops_short(doc, i, True) and linked(prev.text, nxt.text) is None:
            jump = self._jump(doc, i, j)
            if jump is not None:
                return jump  # a later paragraph plainly goes on with it; the next one merely may
        if self._stops_short(doc, i, bool(between) and shape_only) and not NEW_START.match(nxt.text) and (
                shape_only or len([b for b in between if b.kind not in ("caption", "credit", "marker")]) == 1
                and len(prev) >= self.opts["prose-length"]):
            other = (None if word else self._rival(doc, i, j)) or False
            return nxt, between, word, other  # prose that stops short, going on after a stray headline
        if not shape_only:
            return None
        if strong or self._stops_short(doc, i, True):
            jump = self._jump(doc, i, j)
            if jump is not None:
                return jump
        return None

    def _stops_short(self, doc, i, furniture_after: bool = False) -> bool:
        """Prose among body paragraphs that stops without ending its sentence. Right under a
        headline, a summary (a deck the classifier took for body) may stop like that too; there,
        only prose past a sentence's end counts, and only when ``furniture_after``: a caption
        or a marker follows it, or a later paragraph plainly goes on with it (a jump)."""
        ps = doc.paragraphs
        prev = ps[i]
        k = i - 1
        while k >= 0 and ps[k].kind in ("caption", "credit", "marker"):
            k -= 1  # furniture between paragraphs says nothing about where the text stands
        in_body = blocks.DATELINE.match(prev.text) or k >= 0 and ps[k].kind in ("body", "byline") \
            or len(prev) > LONG \
            or furniture_after and prev.kind == "body" and len(prev) >= self.opts["prose-length"] \
            and any(c in prev.text for c in "。？！")  # longer than any deck; prose past a sentence's end
        marks = sum(prev.text.count(c) for c in "，。；？！,;?!")
        prose = len(prev) >= self.opts["prose-length"] or marks >= 2 or any(c in prev.text for c in "。？！") \
            or len(prev) > 20 and marks or blocks.DATELINE.match(prev.text)
        return bool(in_body and prose)

    def _jump(self, doc, i, j):
        """A later paragraph that continues the sentence (the second half of a jump)."""
        for nxt in _later_body(doc.paragraphs, j):
            how = linked(doc.paragraphs[i].text, nxt.text, blocks.DISPLAY_GAIN)  # far off: only plain evidence
            if how is not None:
                return nxt, [], word_across(doc.paragraphs[i].text, nxt.text) if how == "word" else None, True
        return None

    def _rival(self, doc, i, j):
        """A later paragraph that could go on with the sentence as well as the next one does: it
        opens on a lone character that completes the first half's last word (…实行一次 | 性验收).
        Joining the next paragraph is then a guess an editor should confirm."""
        for nxt in _later_body(doc.paragraphs, j):
            if not NEW_START.match(nxt.text) and _completed_by_opener(doc.paragraphs[i].text, nxt.text):
                return nxt
        return None

    def _finding(self, doc, prev, nxt, between, word, jumped):
        """``jumped``: True when the second half is further down; a paragraph when the next one
        is the likelier second half but that later paragraph could be it too."""
        where = f"; {word!r} is cut in half" if word else ""
        if jumped is True:
            line = doc.position(nxt.start)[0]
            sep_start = nxt.start
            while sep_start > 0 and doc.text[sep_start - 1] in BLANK + "\r\n":
                sep_start -= 1
            fix = Fix.unsafe("Move the second half up to its first half",
                             Edit.insert(prev.end, nxt.text), Edit.delete(sep_start, nxt.end))
            msg = f"sentence broken across a page break; it goes on at line {line}{where}"
            return self.diagnostic(prev.end - 1, prev.end, msg, fix)
        moved = [b for b in between if b.kind != "marker"]
        if jumped not in (True, False) and not moved:  # another paragraph could be the second half
            line = doc.position(jumped.start)[0]
            fix = Fix.unsafe("Join the two halves", Edit.delete(prev.end, nxt.start))
            msg = f"sentence broken across a paragraph or page break; it may go on at line {line} instead"
            return self.diagnostic(prev.end - 1, nxt.start + 1, msg, fix)
        if moved:
            block = doc.newline * 2 + (doc.newline * 2).join(b.text for b in moved)
            caption = all(b.kind in ("caption", "credit") for b in moved)
            what = "a photo caption" if caption else "another block"
            fix = Fix.unsafe(f"Join the halves and move {'the caption' if caption else 'what stood between'} "
                             f"after the paragraph", Edit.delete(prev.end, nxt.start), Edit.insert(nxt.end, block))
            msg = f"sentence broken across a page break, with {what} between the halves{where}"
        else:
            fix = Fix.safe("Join the two halves", Edit.delete(prev.end, nxt.start))
            msg = f"sentence broken across a paragraph or page break{where}"
        return self.diagnostic(prev.end - 1, nxt.start + 1, msg, fix)


def _later_body(ps, j):
    """The body paragraphs after ``j`` where a jump's second half is looked for (JUMP of them)."""
    seen = 0
    for p in ps[j + 1:]:
        if p.kind == "body":
            seen += 1
            if seen > JUMP:
                return
            yield p


def _completed_by_opener(first: str, second: str) -> str | None:
    """The word cut in half when ``second`` opens on a lone character that completes
    ``first``'s last word (实行一次 | 性征收, 备好了年 | 货) — not on a preposition or conjunction,
    which may open a sentence of its own (不实 | 为从根本上)."""
    opener = first_word(second)
    if len(opener) == 1 and opener not in CANNOT_END:
        return word_across(first, second)
    return None
