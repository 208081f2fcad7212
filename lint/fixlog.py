"""What ``--fix`` applied to one text, for ``--show-fixes``: each fix's rule, title and line.

A :class:`FixLog` is the fix loop's ``decide`` callback that accepts every fix it is asked
about (so the loop applies exactly what it would apply without one) and remembers it with
the text of its pass. A fix applied in a later pass has offsets into that pass's text; they
are mapped back through the edits of the earlier passes, so every line is a line of the text
as it was read.
"""
from __future__ import annotations

from typing import Sequence

from .document import Document
from .model import Diagnostic, Edit


class FixLog:
    def __init__(self) -> None:
        self.passes: list[tuple[str, list[Diagnostic]]] = []  # (text of the pass, fixes applied)

    def __call__(self, d: Diagnostic, text: str) -> bool:
        if not self.passes or self.passes[-1][0] is not text:
            self.passes.append((text, []))
        self.passes[-1][1].append(d)
        return True

    def entries(self) -> list[tuple[int, str, str, str]]:
        """(line in the original text, code, rule, fix title) of every fix, in text order."""
        if not self.passes:
            return []
        original = Document(self.passes[0][0])
        out = []
        for k, (_, fixes) in enumerate(self.passes):
            for d in fixes:
                at = d.start
                for _, earlier in reversed(self.passes[:k]):
                    at = unshift(at, sorted((e for x in earlier for e in x.fix.edits),  # type: ignore[union-attr]
                                            key=lambda e: (e.start, e.end)))
                out.append((at, d.code, d.rule, d.fix.title))  # type: ignore[union-attr]
        out.sort(key=lambda e: e[0])
        return [(original.position(at)[0], *rest) for at, *rest in out]


def unshift(pos: int, edits: Sequence[Edit]) -> int:
    """Where an offset of the edited text was before the (sorted) edits: inside inserted text,
    the start of the edit that inserted it."""
    delta = 0
    for e in edits:
        start = e.start + delta
        if pos < start:
            break
        if pos < start + len(e.content):
            return e.start
        delta += len(e.content) - (e.end - e.start)
    return pos - delta
