"""The ``kanwu`` command. Exit status: 0 nothing left to report, 1 findings remain, 2 errors."""
from __future__ import annotations

import json
import os
import sys
from typing import Iterable, Sequence

import click

from . import __version__
from .config import ConfigError, Settings, find_config, load_settings
from .engine import Linter
from .files import discover
from .model import Applicability, Diagnostic, FileResult
from .registry import Registry, RegistryError
from .runner import RunOptions, process_source, run
from .source import Source, SourceError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Failure(Exception):
    """A usage, configuration or I/O problem: printed as one line, exit status 2."""


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _err(msg: str) -> None:
    click.echo(f"kanwu: error: {msg}", err=True)


def load_linter(paths: Sequence[str], config: str | None, select=(), ignore=(), extend_select=(),
                isolated: bool = False) -> tuple[Linter, Settings, Registry]:
    try:
        if isolated:
            settings = Settings()
        else:
            start = next((p for p in paths if p != "-"), os.getcwd())
            settings = load_settings(config or find_config(start))
        registry = Registry.from_entry_points()
        linter = Linter(registry, settings, select=_split(select) or None, ignore=_split(ignore),
                        extend_select=_split(extend_select))
    except (ConfigError, RegistryError) as e:
        raise Failure(str(e)) from None
    return linter, settings, registry


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Failure as e:
            _err(str(e))
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            _err("interrupted")
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as e:  # a bug of ours: one line, the traceback only with --verbose
            if "-v" in sys.argv or "--verbose" in sys.argv:
                raise
            _err(f"internal error: {type(e).__name__}: {e} (run with --verbose for the traceback; "
                 f"please report it)")
            ctx.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="kanwu")
def main() -> None:
    """kanwu (勘误): lint and fix Chinese news text damaged by OCR, scraping and page layout.

    \b
    kanwu check seeds/                 report findings in a folder
    kanwu check --fix pages/           apply safe fixes in place
    kanwu check --fix - < in > out     filter: fixed text on stdout
    kanwu rule --all                   list every rule
    kanwu rule page-break-split        a rule's documentation

    Exit status: 0 nothing left to report, 1 findings remain, 2 usage, configuration or I/O error.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, metavar="RULES",
              help="Rules to enable: codes, code prefixes (KW1) or names, comma-separated. Replaces the config.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules to disable (the longest match wins).")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to enable on top of the selection.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (with '-', print the fixed text).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that need judgement.")
@click.option("--diff", is_flag=True, help="Show what --fix would change as a diff; write nothing.")
@click.option("--output-format", type=click.Choice(["full", "concise", "json", "jsonl", "sarif", "github"]),
              default=None, help="How findings are printed [default: full on a terminal, concise otherwise].")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each one.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file (kanwu.toml or pyproject.toml).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--stdin-filename", metavar="PATH", help="The name of the text read from '-' (for messages and per-file ignores).")
@click.option("--jsonl-field", metavar="FIELD", default=None, help="The text field of JSONL records [default: text]. Also makes folders yield *.jsonl files.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to check files with [default: CPU count].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              help="Run in local processes, or on a Dask cluster (needs 'kanwu[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler address (tcp://host:8786); default a local cluster.")
@click.option("--interactive", is_flag=True, help="With --fix: review each fix and accept or skip it.")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
              help="Hide findings recorded in FILE (the JSON output of an earlier run): report only new ones.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths, select, ignore, extend_select, fix, unsafe_fixes, diff, output_format, statistics,
          exit_zero, config, isolated, stdin_filename, jsonl_field, jobs, engine, scheduler, interactive, baseline,
          quiet, verbose):
    """Check files, folders or '-' (stdin) for defects; optionally fix them."""
    paths = list(paths) or ["."]
    linter, settings, registry = load_linter(paths, config, select, ignore, extend_select, isolated)
    opts = RunOptions(fix=fix, unsafe=unsafe_fixes, diff=diff,
                      jsonl_field=jsonl_field or settings.jsonl_field, verbose=verbose)
    fmt = output_format or ("full" if sys.stdout.isatty() else "concise")
    known = load_baseline(baseline) if baseline else None
    color = fmt == "full" and sys.stdout.isatty() and "NO_COLOR" not in os.environ

    if paths == ["-"]:
        if interactive:
            raise Failure("--interactive cannot read the text from stdin; name the files")
        return _check_stdin(linter, opts, fmt, stdin_filename, statistics, exit_zero, quiet, color, registry, known)
    if "-" in paths:
        raise Failure("'-' (stdin) cannot be mixed with other paths")

    include = settings.include + (["*.jsonl"] if jsonl_field and "*.jsonl" not in settings.include else [])
    found = list(discover(paths, settings.exclude, include, settings.root))
    errors = [f.error for f in found if f.error]
    files = [f.path for f in found if not f.error]
    if scheduler and engine != "dask":
        raise Failure("--scheduler goes with --engine dask")
    if interactive:
        if not fix:
            raise Failure("--interactive goes with --fix")
        from .review import review
        results = review(linter, files, opts)
    elif engine == "dask":
        from .runner import run_dask
        try:
            results = run_dask(linter, files, opts, scheduler, workers=jobs or os.cpu_count() or 1)
        except SourceError as e:
            raise Failure(str(e)) from None
    else:
        jobs = jobs or os.cpu_count() or 1
        if len(files) < 8 * jobs:
            jobs = 1  # a pool costs more than it saves on a handful of files
        progress = Progress(len(files)) if sys.stderr.isatty() and len(files) > 200 and not quiet else None
        return _report(run(linter, files, opts, jobs=jobs), errors, fmt, opts, statistics, exit_zero, quiet, color,
                       registry, linter, progress, known)
    return _report(results, errors, fmt, opts, statistics, exit_zero, quiet, color, registry, linter, None, known)


class Progress:
    """A one-line counter on stderr (only when it is a terminal and the run is long)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.shown = total, 0, False

    def tick(self, n: int) -> None:
        self.done += n
        if self.done % 50 == 0 or self.done == self.total:
            click.echo(f"\rkanwu: checked {self.done}/{self.total} files", err=True, nl=False)
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False


def _check_stdin(linter, opts, fmt, name, statistics, exit_zero, quiet, color, registry, known=None):
    data = click.get_binary_stream("stdin").read()
    try:
        source = Source.from_bytes(data, name or "-")
    except SourceError as e:
        raise Failure(str(e)) from None
    result = process_source(linter, source, opts)
    if opts.fix and not opts.diff:
        # Editor filter: the fixed text on stdout, byte-exact apart from the edits; findings on stderr.
        text = result.fixed_text if result.fixed_text is not None else source.text
        out = click.get_binary_stream("stdout")
        out.write(source.encode(text))
        out.flush()
        for e in result.errors:
            _err(e)
        if not quiet:
            for d in result.diagnostics:
                click.echo(_format_one(d, "concise", False), err=True)
        if result.errors:
            sys.exit(EXIT_ERROR)
        sys.exit(EXIT_OK if exit_zero or not result.diagnostics else EXIT_FINDINGS)
    return _report([result], [], fmt, opts, statistics, exit_zero, quiet, color, registry, linter, None, known)


def _format_one(d: Diagnostic, fmt: str, color: bool) -> str:
    from . import reporters
    if fmt == "full":
        return reporters.full(d, color)
    if fmt == "github":
        return reporters.github(d)
    if fmt == "jsonl":
        return json.dumps(reporters.to_json(d), ensure_ascii=False)
    return reporters.concise(d)


def baseline_key(path: str | None, record: int | None, rule: str, message: str) -> tuple:
    """How a finding is recognised again: not by offsets, which move when text above changes."""
    return (os.path.normpath(path) if path else "-", record, rule, message)


def load_baseline(path: str):
    """The findings of an earlier run (its JSON output), as a multiset of baseline keys.

    A baseline remembers how many findings of each kind (rule and message) each file had; a
    file that gains one reports the extra one. Among findings with the same message, which
    one is reported is not guaranteed (offsets are not used: they move with every edit)."""
    from collections import Counter

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return Counter(baseline_key(d["path"], d.get("record"), d["rule"], d["message"]) for d in data)
    except FileNotFoundError:
        raise Failure(f"{path}: baseline file not found") from None
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise Failure(f"{path}: not a kanwu JSON findings file ({type(e).__name__}: {e}); "
                      f"make one with 'kanwu check --output-format json PATHS > {path}'") from None


def _report(results: Iterable[FileResult], errors: list[str], fmt, opts, statistics, exit_zero, quiet,
            color, registry, linter, progress=None, known=None) -> None:
    """Print results as they arrive (in path order), keeping only counters: memory stays flat
    however large the corpus. SARIF, whose run object holds every result, is gathered."""
    from collections import Counter

    from . import reporters

    for e in errors:
        _err(e)
    n_files = n_diags = n_fixed = n_safe = n_unsafe = n_errors = n_changed = n_known = 0
    per_rule: Counter = Counter()
    fixable: Counter = Counter()
    gathered: list[Diagnostic] = []
    first_json = True
    if fmt == "json" and not statistics and not opts.diff:
        click.echo("[")
    for r in results:
        n_files += 1
        if progress is not None:
            progress.clear()
        for e in r.errors:
            _err(e)
        n_errors += len(r.errors)
        n_fixed += r.fixed
        if opts.diff:
            if r.diff:
                n_changed += 1
                click.echo(r.diff, nl=False)
            continue
        for d in r.diagnostics:
            if known:
                key = baseline_key(d.path, d.record, d.rule, d.message)
                if known[key] > 0:
                    known[key] -= 1
                    n_known += 1
                    continue
            n_diags += 1
            has_fix = d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY
            n_safe += d.fix is not None and d.fix.applicability is Applicability.SAFE
            n_unsafe += d.fix is not None and d.fix.applicability is Applicability.UNSAFE
            if statistics:
                per_rule[(d.code, d.rule)] += 1
                fixable[(d.code, d.rule)] += has_fix
            elif fmt == "json":
                click.echo(("" if first_json else ",\n") + json.dumps(reporters.to_json(d), ensure_ascii=False), nl=False)
                first_json = False
            elif fmt == "sarif":
                gathered.append(d)
            else:
                click.echo(_format_one(d, fmt, color))
        if progress is not None:
            progress.tick(1)
    if progress is not None:
        progress.clear()
    n_errors += len(errors)
    if opts.diff:
        if not quiet:
            click.echo(f"Would fix {n_fixed} finding{'s' * (n_fixed != 1)} in {n_changed} "
                       f"file{'s' * (n_changed != 1)}.", err=True)
        sys.exit(EXIT_ERROR if n_errors else (EXIT_FINDINGS if n_changed and not exit_zero else EXIT_OK))
    if statistics:
        rows = sorted(((k, c, n, fixable[(c, n)]) for (c, n), k in per_rule.items()), key=lambda x: (-x[0], x[1]))
        if fmt == "json":
            click.echo(reporters.dumps([{"code": c, "name": n, "count": k, "fixable": f} for k, c, n, f in rows]))
        else:
            for k, c, n, f in rows:
                click.echo(f"{k:6d}  {c}  {n:24s} {'[*] ' + str(f) + ' fixable' if f else ''}".rstrip())
    elif fmt == "json":
        click.echo("]" if first_json else "\n]")
    elif fmt == "sarif":
        used = {d.code for d in gathered}
        rules = [r for r in registry.rules if r.code in used or any(x.code == r.code for x in linter.rules)]
        click.echo(reporters.dumps(reporters.sarif(gathered, rules)))
    if not quiet and fmt in ("full", "concise") and not statistics:
        parts = []
        if n_diags or n_fixed:
            total = n_diags + n_fixed
            parts.append(f"Found {total} finding{'s' * (total != 1)}"
                         + (f" ({n_fixed} fixed, {n_diags} remaining)" if n_fixed else "") + ".")
        else:
            parts.append(f"All clear: {n_files} file{'s' * (n_files != 1)} checked.")
        if n_safe:
            parts.append(f"{n_safe} fixable with --fix.")
        if n_unsafe:
            parts.append(f"{n_unsafe} more with --fix --unsafe-fixes.")
        if n_known:
            parts.append(f"{n_known} known from the baseline, not shown.")
        click.echo(" ".join(parts), err=True)
    if n_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if n_diags and not exit_zero else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
@click.option("--write-glossary", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the clusters as a [glossary] table to FILE, for a person to review and commit.")
@click.option("--jsonl-field", metavar="FIELD", default=None, help="The text field of JSONL records.")
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes [default: CPU count].")
def names(paths, output_format, write_glossary, jsonl_field, config, jobs):
    """Show the person-name clusters kanwu sees across PATHS: canonical spelling, variants,
    document counts and files. With --write-glossary, save them as a glossary table so that a
    pre-commit run over a few staged files still knows the corpus."""
    from .names import find_variants
    from .runner import merged_stats

    paths = list(paths) or ["."]
    linter, settings, registry = load_linter(paths, config, select=["name-variant"])
    include = settings.include + (["*.jsonl"] if jsonl_field else [])
    found = list(discover(paths, settings.exclude, include, settings.root))
    for f in found:
        if f.error:
            _err(f.error)
    files = [f.path for f in found if not f.error]
    opts = RunOptions(jsonl_field=jsonl_field or settings.jsonl_field)
    rule = linter.corpus_rules[0]
    stats = merged_stats(linter, files, opts, jobs or os.cpu_count() or 1)[rule.name]
    variants = find_variants(stats, rule.opts["min-canonical-docs"], rule.opts["max-share"])
    clusters: dict[str, list] = {}
    for v in variants:
        clusters.setdefault(v.canonical, []).append(v)
    rows = [{"canonical": c, "documents": len(stats[c][0]), "files": sorted(stats[c][0]),
             "variants": [{"spelling": v.variant, "documents": v.variant_docs, "files": sorted(stats[v.variant][0]),
                           "evidence": v.evidence} for v in vs]} for c, vs in sorted(clusters.items())]
    if output_format == "json":
        click.echo(json.dumps({"names": len(stats), "clusters": rows}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{len(stats)} names harvested from {len(files)} files; {len(rows)} with variant spellings.")
        for row in rows:
            click.echo(f"\n{row['canonical']}  ({row['documents']} files)")
            for v in row["variants"]:
                click.echo(f"  ~ {v['spelling']}  ({v['documents']} file{'s' * (v['documents'] != 1)}: "
                           f"{', '.join(v['files'][:5])}) - {v['evidence']}")
    if write_glossary:
        lines = ["# Name clusters found by `kanwu names`. Review every entry before committing:",
                 "# two colleagues can have near names. Used by the glossary rule (KW403).", "[glossary]"]
        lines += [f'"{row["canonical"]}" = [{", ".join(json.dumps(v["spelling"], ensure_ascii=False) for v in row["variants"])}]'
                  for row in rows]
        from .source import write_atomic
        try:
            write_atomic(write_glossary, ("\n".join(lines) + "\n").encode("utf-8"))
        except SourceError as e:
            raise Failure(str(e)) from None
        click.echo(f"Wrote {len(rows)} glossary entr{'y' if len(rows) == 1 else 'ies'} to {write_glossary}.", err=True)
    if any(f.error for f in found):
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Where to write the report [default: kanwu-report.html, or stdout for json].")
@click.option("--output-format", type=click.Choice(["html", "json"]), default="html")
@click.option("--select", multiple=True, metavar="RULES", help="Rules to enable (as for check).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules to disable.")
@click.option("--config", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--jsonl-field", metavar="FIELD", default=None, help="The text field of JSONL records.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes [default: CPU count].")
@click.option("--title", default="kanwu report", help="The report's title.")
def report(paths, output, output_format, select, ignore, config, jsonl_field, jobs, title):
    """Write a summary of a corpus run: totals, findings per rule and per file, the worst
    files, every finding with its context and fix, and the name clusters. HTML is one
    self-contained file (no network needed to view it); json is the same summary."""
    from .names import find_variants
    from .report import render_html, summarize

    paths = list(paths) or ["."]
    linter, settings, registry = load_linter(paths, config, select, ignore)
    include = settings.include + (["*.jsonl"] if jsonl_field else [])
    found = list(discover(paths, settings.exclude, include, settings.root))
    errors = [f.error for f in found if f.error]
    files = [f.path for f in found if not f.error]
    opts = RunOptions(jsonl_field=jsonl_field or settings.jsonl_field, context=True)
    jobs = jobs or os.cpu_count() or 1
    results = list(run(linter, files, opts, jobs=jobs if len(files) >= 8 * jobs else 1))
    sizes = {}
    for f in files:
        try:
            sizes[f] = len(Source.read(f).text)
        except SourceError:
            sizes[f] = 0
    clusters = []
    name_rule = next((r for r in linter.rules if r.name == "name-variant"), None)
    if name_rule is not None:
        from .runner import merged_stats
        stats = merged_stats(linter, files, opts, jobs if len(files) >= 8 * jobs else 1).get("name-variant", {})
        for v in find_variants(stats, name_rule.opts["min-canonical-docs"], name_rule.opts["max-share"]):
            entry = next((c for c in clusters if c["canonical"] == v.canonical), None)
            if entry is None:
                entry = {"canonical": v.canonical, "documents": v.canonical_docs, "variants": []}
                clusters.append(entry)
            entry["variants"].append({"spelling": v.variant, "documents": v.variant_docs, "evidence": v.evidence})
    summary = summarize(results, errors, registry.rules, sizes, clusters)
    for e in summary["errors"]:
        _err(e)
    if output_format == "json":
        data = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
        if output:
            _write_report(output, data)
        else:
            click.echo(data, nl=False)
    else:
        target = output or "kanwu-report.html"
        _write_report(target, render_html(summary, results, title))
        click.echo(f"Wrote {target}: {summary['findings']} findings in {summary['files']} files.", err=True)
    sys.exit(EXIT_ERROR if summary["errors"] else EXIT_OK)


def _write_report(path: str, text: str) -> None:
    from .source import write_atomic
    try:
        write_atomic(path, text.encode("utf-8"))
    except SourceError as e:
        raise Failure(str(e)) from None


@main.command()
def server():
    """Run the language server (LSP over stdio) for editors; needs 'kanwu[lsp]'."""
    try:
        from .server import main as serve
    except ImportError:
        raise Failure("the language server needs pygls: pip install 'kanwu[lsp]'") from None
    serve()


@main.command()
@click.argument("name", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
def rule(name, show_all, output_format):
    """Show a rule's documentation (by name or code), or list every rule with --all."""
    try:
        registry = Registry.from_entry_points()
    except RegistryError as e:
        raise Failure(str(e)) from None

    def meta(r):
        return {"code": r.code, "name": r.name, "summary": r.summary(), "severity": r.severity.value,
                "fix": r.fix.value, "corpus": r.corpus,
                "options": {k: {"default": o.default, "help": o.help} for k, o in r.options.items()},
                "documentation": r.documentation()}

    if show_all or not name:
        if output_format == "json":
            click.echo(json.dumps([meta(r) for r in registry.rules], ensure_ascii=False, indent=2))
        else:
            for r in registry.rules:
                fix = {"always": "fix", "sometimes": "fix?", "none": ""}[r.fix.value]
                click.echo(f"{r.code}  {r.name:24s} {fix:5s} {r.summary()}")
        return
    found = registry.find(name)
    if found is None:
        raise Failure(f"no rule named {name!r}; see 'kanwu rule --all'")
    if output_format == "json":
        click.echo(json.dumps(meta(found), ensure_ascii=False, indent=2))
        return
    click.echo(f"# {found.name} ({found.code})\n")
    click.echo(f"Severity: {found.severity.value}. Fix: {found.fix.value}.\n")
    click.echo(found.documentation())
    if found.options:
        click.echo("\n## Options")
        for k, o in found.options.items():
            click.echo(f"- {k} (default {o.default!r}): {o.help}")


if __name__ == "__main__":  # pragma: no cover
    main()
