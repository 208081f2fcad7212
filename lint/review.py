"""``kanwu check --fix --interactive``: a human editor accepts fixes one by one.

Each fix is shown as a small coloured diff with the rule's message; the editor answers
y (accept), n (skip), a (accept all of this rule), or q (quit). Nothing is written until the
questions for a file are answered; quitting writes what was accepted so far and stops.
"""
from __future__ import annotations

from typing import Sequence

import click

from .document import Document
from .engine import MAX_FIX_PASSES, Linter, _overlaps, apply_fixes
from .model import Diagnostic, FileResult
from .runner import RunOptions, locate
from .source import Source, SourceError

CHOICES = {"y": "accept", "n": "skip", "a": "accept all of this rule", "q": "quit"}


def _preview(text: str, d: Diagnostic) -> str:
    lo = max(0, min(e.start for e in d.fix.edits) - 20)
    hi = min(len(text), max(e.end for e in d.fix.edits) + 20)
    out, pos = [], lo
    for e in d.fix.edits:
        out.append(text[pos:e.start])
        if e.end > e.start:
            out.append(click.style(text[e.start:e.end].replace("\n", "⏎"), fg="red", strikethrough=True))
        if e.content:
            out.append(click.style(e.content.replace("\n", "⏎"), fg="green", bold=True))
        pos = e.end
    out.append(text[pos:hi])
    return ("…" if lo else "") + "".join(out).replace("\n", "⏎") + ("…" if hi < len(text) else "")


def _shift(pos: int, edits: list) -> int:
    """Where an offset lands after the edits are applied."""
    delta = 0
    for e in edits:
        if e.end <= pos:
            delta += len(e.content) - (e.end - e.start)
    return pos + delta


def review(linter: Linter, paths: Sequence[str], opts: RunOptions) -> list[FileResult]:
    results = []
    accept_rules: set[str] = set()
    quitting = False
    for path in paths:
        result = FileResult(path)
        results.append(result)
        if quitting:
            continue
        try:
            source = Source.read(path)
        except SourceError as e:
            result.errors.append(str(e))
            continue
        text, skipped = source.text, set()
        for _ in range(MAX_FIX_PASSES):
            diags = linter.check(Document(text, path, newline=source.newline))
            todo = [d for d in diags if d.fix is not None and d.fix.applies(opts.unsafe)
                    and (d.code, d.start, d.end) not in skipped]
            accepted: list[Diagnostic] = []
            for d in todo:
                if any(_overlaps(e, a) for e in d.fix.edits for x in accepted for a in x.fix.edits):
                    continue  # asked again on the next pass, against the updated text
                if d.rule in accept_rules:
                    accepted.append(d)
                    continue
                line, col = Document(text).position(d.start)
                click.echo(f"\n{click.style(f'{path}:{line}:{col}', bold=True)} {d.code} [{d.rule}] {d.message}")
                click.echo(f"  {_preview(text, d)}")
                click.echo(f"  {d.fix.applicability.value} fix: {d.fix.title}")
                try:
                    answer = click.prompt("  Apply? [y]es [n]o [a]ll of this rule [q]uit",
                                          type=click.Choice(list(CHOICES)), show_choices=False, default="n")
                except click.Abort:  # end of input or Ctrl-C: keep what was accepted
                    click.echo()
                    answer = "q"
                if answer == "y":
                    accepted.append(d)
                elif answer == "a":
                    accept_rules.add(d.rule)
                    accepted.append(d)
                elif answer == "n":
                    skipped.add((d.code, d.start, d.end))
                else:
                    quitting = True
                    break
            if accepted:
                text, used = apply_fixes(text, accepted)
                result.fixed += len(used)
                edits = sorted((e for d in used for e in d.fix.edits), key=lambda e: e.start)
                skipped = {(c, _shift(a, edits), _shift(b, edits)) for c, a, b in skipped}
            if quitting or not accepted:
                break
        if text != source.text:
            try:
                source.write(text)
                result.changed = True
            except SourceError as e:
                result.errors.append(str(e))
        remaining = linter.check(Document(text, path, newline=source.newline))
        locate(remaining, Document(text, path), path)
        result.diagnostics = remaining
    return results
