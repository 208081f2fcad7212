"""The last stage of a ``kanwu check`` run: print results as they arrive, keep only counters
(memory stays flat however large the corpus), and say how the run went.

Exit status: 0 nothing left to report, 1 findings remain, 2 a usage, configuration or I/O
error (any file that could not be checked or written makes the run exit 2)."""
from __future__ import annotations

import functools
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import click

from . import formats
from .model import FileResult, Finding, Rule
from .pipeline import RunOptions

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
KINDS = ("safe", "unsafe", "display-only")


def error(msg: str) -> None:
    click.echo(f"kanwu: error: {msg}", err=True)


def warning(msg: str) -> None:
    click.echo(f"kanwu: warning: {msg}", err=True)


def announce(errors: Sequence[str] = (), skipped: Sequence[str] = ()) -> None:
    """Paths that cannot be checked (errors) and files skipped inside folders (warnings)."""
    for e in errors:
        error(e)
    for s in skipped:
        warning(s)


def line(d: Finding, fmt: str, color: bool = False, unsafe: bool = False) -> str:
    """One finding in a format; ``unsafe``: --unsafe-fixes was given (for the "[*]" mark)."""
    if fmt == "full":
        return formats.full(d, color, unsafe)
    if fmt == "github":
        return formats.github(d)
    if fmt in ("json", "jsonl"):
        return json.dumps(formats.to_json(d), ensure_ascii=False)
    return formats.concise(d, unsafe)


def _to_file(out, fallback: Callable, message=None, nl: bool = True, err: bool = False, **kw) -> None:
    """``echo`` into the --output-file writer; what goes to stderr still goes there."""
    if err:
        fallback(message, nl=nl, err=True, **kw)
        return
    data = message if isinstance(message, bytes) else ("" if message is None else str(message)).encode("utf-8")
    out.write(data + (b"\n" if nl else b""))


@dataclass
class Emitter:
    fmt: str
    opts: RunOptions
    rules: Sequence[type[Rule]] = ()    # for SARIF's rule table
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    exit_zero: bool = False
    output_file: str | None = None  # findings go there instead of stdout (written atomically)
    show_fixes: bool = False        # list what was fixed, per file
    echo: Callable = click.echo
    counts: Counter = field(default_factory=Counter)

    @classmethod
    def for_cli(cls, output_format: str | None, opts: RunOptions, rules: Sequence[type[Rule]], **kw) -> "Emitter":
        """The emitter for ``kanwu check``: full and coloured on a terminal, concise otherwise."""
        tty = sys.stdout.isatty() and not kw.get("output_file")
        fmt = output_format or ("full" if tty else "concise")
        return cls(fmt, opts, rules, color=fmt == "full" and tty and "NO_COLOR" not in os.environ, **kw)

    def run(self, results: Iterable[FileResult], errors: Sequence[str] = (), skipped: Sequence[str] = ()) -> int:
        if not self.output_file:
            return self._run(results, errors, skipped)
        from .source import AtomicWriter

        # The safe writer: replaced in one step, never through a link planted in a shared folder.
        with AtomicWriter(self.output_file) as out:
            self.echo = functools.partial(_to_file, out, self.echo)
            return self._run(results, errors, skipped)

    def _run(self, results: Iterable[FileResult], errors: Sequence[str], skipped: Sequence[str]) -> int:
        announce(errors, skipped)
        c = self.counts
        c["errors"] += len(errors)
        c["skipped"] += len(skipped)
        per_rule: Counter = Counter()
        gathered: list[Finding] = []
        fixed: list[tuple[str, list]] = []
        streaming_json = self.fmt == "json" and not self.statistics and not self.opts.diff
        if streaming_json:
            self.echo("[")
        for r in results:
            c["files"] += 1
            c["hidden"] += r.hidden
            for e in r.errors:
                error(e)
            c["errors"] += len(r.errors)
            c["fixed"] += r.fixed  # fixes written (previewed with --diff): a refused write counts none
            if r.fixes:
                fixed.append((r.path, r.fixes))
            if self.opts.diff:
                if r.diff:
                    c["changed"] += 1
                    self.echo(r.diff, nl=False)
                continue
            for d in r.findings:
                c["findings"] += 1
                kind = d.fix.applicability.value if d.fix is not None else "none"
                c[kind] += 1
                if self.statistics:
                    per_rule[(d.code, d.rule, kind)] += 1
                elif streaming_json:
                    self.echo(("" if c["findings"] == 1 else ",\n") + line(d, "json"), nl=False)
                elif self.fmt == "sarif":
                    gathered.append(d)
                else:
                    self.echo(line(d, self.fmt, self.color, self.opts.unsafe))
        if self.statistics:
            self._statistics(per_rule)
        elif streaming_json:
            self.echo("]" if not c["findings"] else "\n]")
        elif self.fmt == "sarif":
            self.echo(formats.dumps(formats.sarif(gathered, self.rules)))
        if self.show_fixes:
            self.list_fixes(fixed, err=self.opts.diff or self.fmt not in ("full", "concise"))
        self._summary()
        if c["errors"]:
            return EXIT_ERROR
        left = c["changed"] if self.opts.diff else c["findings"]
        return EXIT_FINDINGS if left and not self.exit_zero else EXIT_OK

    def _statistics(self, per_rule: Counter) -> None:
        rows: dict[tuple[str, str], Counter] = {}
        for (code, rule, kind), n in per_rule.items():
            rows.setdefault((code, rule), Counter())[kind] += n
        ordered = sorted(rows.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        if self.fmt in ("json", "jsonl"):
            self.echo(formats.dumps([{"code": c, "name": n, "count": sum(k.values()), "fixable": self._fixable(k),
                                      **{kind: k[kind] for kind in KINDS}} for (c, n), k in ordered]))
            return
        for (code, rule), k in ordered:
            parts = [f"{k[kind]} {kind}" for kind in KINDS if k[kind]]
            mark = "[*]" if self._fixable(k) else "   "
            self.echo(f"{sum(k.values()):6d}  {code}  {rule:32s} {mark} {', '.join(parts)}".rstrip())

    def list_fixes(self, files: Sequence[tuple[str, list]], err: bool) -> None:
        """--show-fixes: per file, each fix applied (or, with --diff, previewed): the line it
        applies to, the rule and the fix's title."""
        n = sum(len(fixes) for _, fixes in files)
        verb = "Would fix" if self.opts.diff else "Fixed"
        if not n:
            self.echo("No fixes would be applied." if self.opts.diff else "No fixes applied.", err=err)
            return
        self.echo(f"{verb} {n} finding{'s' * (n != 1)} in {len(files)} file{'s' * (len(files) != 1)}:", err=err)
        for path, fixes in files:
            self.echo(f"- {path}:", err=err)
            for record, at, code, rule, title in fixes:
                rec = f"[record {record}] " if record is not None else ""
                self.echo(f"    {rec}line {at}: {code} [{rule}] {title}", err=err)

    def _fixable(self, k: Counter) -> int:
        return k["safe"] + (k["unsafe"] if self.opts.unsafe else 0)

    def _summary(self) -> None:
        c = self.counts
        if self.quiet or self.fmt not in ("full", "concise") or self.statistics:
            return
        if self.opts.diff:
            self.echo(f"Would fix {c['fixed']} finding{'s' * (c['fixed'] != 1)} in {c['changed']} "
                      f"file{'s' * (c['changed'] != 1)}.", err=True)
            return
        parts = []
        if c["findings"] or c["fixed"]:
            total = c["findings"] + c["fixed"]
            parts.append(f"Found {total} finding{'s' * (total != 1)}"
                         + (f" ({c['fixed']} fixed, {c['findings']} remaining)" if c["fixed"] or self.opts.fix else "")
                         + ".")
        elif not c["errors"] and not c["skipped"]:
            parts.append(f"All clear: {c['files']} file{'s' * (c['files'] != 1)} checked.")
        else:
            parts.append(f"No findings in the {c['files']} file{'s' * (c['files'] != 1)} checked.")
        fixable = self._fixable(c)
        if fixable:
            parts.append(f"{fixable} fixable with --fix{' --unsafe-fixes' if self.opts.unsafe and c['unsafe'] else ''}.")
        if c["unsafe"] and not self.opts.unsafe:
            parts.append(f"{c['unsafe']} more with --fix --unsafe-fixes.")
        if c["hidden"]:
            parts.append(f"{c['hidden']} hidden by the baseline or suppressions.")
        if c["skipped"]:
            parts.append(f"{c['skipped']} skipped (not {'regular files' if c['skipped'] > 1 else 'a regular file'}).")
        if c["errors"]:
            parts.append(f"{c['errors']} error{'s' * (c['errors'] != 1)}: some files were not checked or not written.")
        self.echo(" ".join(parts), err=True)


def run_stdin(session, emitter: Emitter, name: str) -> int:
    """``kanwu check -``: the text on stdin checked; with --fix, the editor filter."""
    from .source import Source, SourceError

    data = click.get_binary_stream("stdin").read()
    filtering = emitter.opts.fix and not emitter.opts.diff
    try:
        source = Source.from_bytes(data, name)
    except SourceError as e:
        if not filtering:
            raise
        return _pass_through(data, str(e), emitter.quiet)  # an editor's buffer is never emptied
    if filtering and source.guess:  # as for a named file: text kanwu may have misread is not rewritten
        return _pass_through(data, f"{source.guess}; not fixed (convert the text to UTF-8 to fix it)", emitter.quiet)
    result = session.check_source(source, emitter.opts)
    if filtering:
        return stdin_filter(result, source, emitter)
    return emitter.run([result])


def _pass_through(data: bytes, why: str, quiet: bool) -> int:
    out = click.get_binary_stream("stdout")
    out.write(data)
    out.flush()
    if not quiet:
        error(f"{why}; the text is passed through unchanged")
    return EXIT_ERROR


def stdin_filter(result: FileResult, source, emitter: Emitter) -> int:
    """Editor filter: the fixed text on stdout, byte-exact apart from the edits; findings on
    stderr (or in the --output-file). With --quiet nothing but the text is printed (an editor
    that pipes a buffer through kanwu may capture stderr too): the exit status tells the rest."""
    from .source import WriteRefused

    try:
        data = source.encode(result.fixed_text if result.fixed_text is not None else source.text)
    except WriteRefused as e:
        return _pass_through(source.encode(), str(e), emitter.quiet)
    out = click.get_binary_stream("stdout")
    out.write(data)
    out.flush()
    if emitter.output_file:
        return emitter.run([result])
    if not emitter.quiet:
        for e in result.errors:
            error(e)
        for d in result.findings:
            click.echo(formats.concise(d, emitter.opts.unsafe), err=True)
        if emitter.show_fixes:
            emitter.list_fixes([(result.path, result.fixes)] if result.fixes else [], err=True)
    if result.errors:
        return EXIT_ERROR
    return EXIT_OK if emitter.exit_zero or not result.findings else EXIT_FINDINGS
