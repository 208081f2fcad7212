"""The last stage of a ``kanwu check`` run: print results as they arrive, keep only counters
(memory stays flat however large the corpus), and say how the run went.

Exit status: 0 nothing left to report, 1 findings remain, 2 a usage, configuration or I/O
error (any file that could not be checked or written makes the run exit 2)."""
from __future__ import annotations

import json
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


def line(d: Finding, fmt: str, color: bool = False) -> str:
    if fmt == "full":
        return formats.full(d, color)
    if fmt == "github":
        return formats.github(d)
    if fmt in ("json", "jsonl"):
        return json.dumps(formats.to_json(d), ensure_ascii=False)
    return formats.concise(d)


@dataclass
class Emitter:
    fmt: str
    opts: RunOptions
    rules: Sequence[type[Rule]] = ()    # for SARIF's rule table
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    exit_zero: bool = False
    echo: Callable = click.echo
    counts: Counter = field(default_factory=Counter)

    def run(self, results: Iterable[FileResult], errors: Sequence[str] = (), skipped: Sequence[str] = ()) -> int:
        announce(errors, skipped)
        c = self.counts
        c["errors"] += len(errors)
        c["skipped"] += len(skipped)
        per_rule: Counter = Counter()
        gathered: list[Finding] = []
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
                    self.echo(line(d, self.fmt, self.color))
        if self.statistics:
            self._statistics(per_rule)
        elif streaming_json:
            self.echo("]" if not c["findings"] else "\n]")
        elif self.fmt == "sarif":
            self.echo(formats.dumps(formats.sarif(gathered, self.rules)))
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
                         + (f" ({c['fixed']} fixed, {c['findings']} remaining)" if c["fixed"] else "") + ".")
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
    from .source import Source

    source = Source.from_bytes(click.get_binary_stream("stdin").read(), name)
    result = session.check_source(source, emitter.opts)
    if emitter.opts.fix and not emitter.opts.diff:
        return stdin_filter(result, source.text, source.encode, emitter.quiet, emitter.exit_zero)
    return emitter.run([result])


def stdin_filter(result: FileResult, text: str, encode, quiet: bool, exit_zero: bool) -> int:
    """Editor filter: the fixed text on stdout, byte-exact apart from the edits; findings on
    stderr unless --quiet."""
    out = click.get_binary_stream("stdout")
    out.write(encode(result.fixed_text if result.fixed_text is not None else text))
    out.flush()
    for e in result.errors:
        error(e)
    if not quiet:
        for d in result.findings:
            click.echo(formats.concise(d), err=True)
    if result.errors:
        return EXIT_ERROR
    return EXIT_OK if exit_zero or not result.findings else EXIT_FINDINGS
