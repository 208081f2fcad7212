"""``kanwu check --fix --interactive``: a human editor accepts fixes one by one.

The engine's own fix loop runs; before each fix it asks the editor, who answers y (accept),
n (skip: not asked again for this file), a (accept all of this rule), w (the flagged text is
right: add it to the allow-list, so no run flags it again), or q (quit). Each fix is shown as
a small coloured diff with the rule's message. A file is written once its questions are
answered; quitting writes what was accepted so far and stops.
"""
from __future__ import annotations

from typing import Sequence

import click

from .config import ConfigError, add_allowed
from .document import Document
from .filters import allow_entry
from .model import Diagnostic, FileResult
from .pipeline import RunOptions, Session, locate
from .source import Source, SourceError

CHOICES = {"y": "accept", "n": "skip", "a": "accept all of this rule", "w": "the text is right: allow it",
           "q": "quit"}
PROMPT = "  Apply? [y]es [n]o [a]ll of this rule [w] it is right: allow it [q]uit"


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


class Reviewer:
    """The person's answers across a run: rules accepted wholesale, texts allowed, and whether
    they quit."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.accept_rules: set[str] = set()
        self.allowed: set[str] = set()
        self.quitting = False

    def decide(self, path: str, d: Diagnostic, text: str) -> bool | None:
        if d.rule in self.accept_rules:
            return True
        if allow_entry(text[d.start:d.end]) in self.allowed:
            return False  # allowed during this review: filtered out from the next pass on
        line, col = Document(text).position(d.start)
        click.echo(f"\n{click.style(f'{path}:{line}:{col}', bold=True)} {d.code} [{d.rule}] {d.message}")
        click.echo(f"  {_preview(text, d)}")
        click.echo(f"  {d.fix.applicability.value} fix: {d.fix.title}")
        while True:
            try:
                answer = click.prompt(PROMPT, type=click.Choice(list(CHOICES)), show_choices=False, default="n")
            except click.Abort:  # end of input or Ctrl-C: keep what was accepted
                click.echo()
                answer = "q"
            if answer != "w":
                break
            if self.allow(text[d.start:d.end]):
                return False
        if answer == "a":
            self.accept_rules.add(d.rule)
        if answer == "q":
            self.quitting = True
            return None
        return answer in ("y", "a")

    def allow(self, flagged: str) -> bool:
        """Add the flagged text to the word list and to this run's filter (False: it cannot be
        an entry, and the question is asked again)."""
        entry = allow_entry(flagged)
        if entry is None or self.session is None:
            click.echo("  Nothing to allow here: the flagged text is blank, spans lines or holds no word "
                       "(an inline <!-- kanwu-disable-next-line RULE --> comment can hide it).")
            return False
        try:
            where = add_allowed(self.session.settings, entry)
        except ConfigError as e:
            click.echo(f"  Not added: {e}")
            return False
        self.session.linter.filters.allow_also(entry)
        self.allowed.add(entry)
        click.echo(f"  Added {entry!r} to {where}: it is not flagged again.")
        return True


def review(session: Session, paths: Sequence[str], opts: RunOptions, stats=None) -> list[FileResult]:
    """Review each file's fixes in turn; after the person quits, files are only checked."""
    linter = session.linter
    results = []
    person = Reviewer(session)
    for path in paths:
        result = FileResult(path)
        results.append(result)
        try:
            source = Source.read(path)
        except SourceError as e:
            result.errors.append(str(e))
            continue
        if person.quitting:
            text = source.text
            remaining = linter.check(Document(text, path, newline=source.newline), stats)
        else:
            allowed = len(person.allowed)
            text, remaining, result.fixed = linter.fix(
                source.text, path, unsafe=opts.unsafe, stats=stats, newline=source.newline,
                decide=lambda d, t, path=path: person.decide(path, d, t))
            if len(person.allowed) != allowed:  # the last pass's findings predate the new entries
                remaining = linter.check(Document(text, path, newline=source.newline), stats)
        if text != source.text:
            try:
                source.write(text, opts.roots)
                result.changed = True
            except SourceError as e:  # not written: the file is as it was
                result.errors.append(str(e))
                text, result.fixed = source.text, 0
                remaining = linter.check(Document(text, path, newline=source.newline), stats)
        result.characters = len(text)
        result.findings = locate(remaining, Document(text, path, newline=source.newline), linter, path)
    return results
