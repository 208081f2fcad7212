"""The ``kanwu`` command: parses options, runs the pipeline, prints. Exit status: 0 nothing left
to report, 1 findings remain, 2 usage, configuration or I/O errors."""
from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys

import click

from . import __version__
from .emit import EXIT_ERROR, Emitter, announce, error, run_stdin
from .executors import ExecutorError, make
from .pipeline import RunOptions, Session, SetupError, split
from .registry import Registry, RegistryError
from .source import SourceError, Terminated, main_signals, write_atomic


class Failure(click.ClickException):
    """A usage, configuration or I/O problem: one line, exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        error(self.message)


class _Group(click.Group):
    """Built-in commands, plus one command per corpus product a rule offers (``names``)."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(_products()))

    def get_command(self, ctx, name):
        return super().get_command(ctx, name) or (_product_command(name, _products()[name])
                                                  if name in _products() else None)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (SetupError, ExecutorError, SourceError, RegistryError) as e:
            raise Failure(str(e)) from None
        except BrokenPipeError:  # `kanwu check | head`: the reader left; leave quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except KeyboardInterrupt as e:  # Ctrl-C, SIGTERM or SIGHUP: every temp file is gone by now
            signum = e.signum if isinstance(e, Terminated) else signal.SIGINT
            with contextlib.suppress(OSError):  # after a hang-up the terminal may be gone
                error({signal.SIGHUP: "hung up", signal.SIGTERM: "terminated"}.get(signum, "interrupted"))
            ctx.exit(128 + signum)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as e:  # a bug of ours: one line, the traceback only with --verbose
            if "-v" in sys.argv or "--verbose" in sys.argv:
                raise
            raise Failure(f"internal error: {type(e).__name__}: {e} (run with --verbose for the traceback; "
                          f"please report it)") from None


@functools.lru_cache(maxsize=1)
def _products() -> dict:
    try:
        return {r.product: r for r in Registry.from_entry_points().rules if getattr(r, "product", None)}
    except RegistryError:
        return {}


def run_options(f):
    """Options every command that reads a corpus shares."""
    for decorator in reversed([
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--select", multiple=True, metavar="RULES",
                     help="Rules to enable: names, codes, families or code prefixes (KW1), "
                          "comma-separated. Replaces the config's selection."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Rules to disable (the most specific match wins)."),
        click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to enable on top of the selection."),
        click.option("--config", type=click.Path(dir_okay=False), help="Configuration file (kanwu.toml or pyproject.toml)."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--jsonl-field", metavar="FIELD", default=None, help="The text field of JSONL records [default: text]."),
        click.option("--jsonl-id-field", metavar="FIELD", default=None,
                     help="A JSONL field naming each record; findings carry it as record_id."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes [default: CPU count]."),
        click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Hide findings recorded in FILE (JSON output of an earlier run): report only new ones."),
        click.option("--force-exclude", is_flag=True, help="Apply 'exclude' to files named explicitly too (pre-commit)."),
    ]):
        f = decorator(f)
    return f


def _session(paths, kw: dict, **more) -> tuple[Session, RunOptions]:
    session = Session.for_paths(paths, **kw)
    session.force_exclude = kw["force_exclude"]
    announce(skipped=session.settings.notes)  # configuration files passed over, and why
    return session, session.options(paths, kw["jsonl_field"], kw["jsonl_id_field"], **more)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="kanwu")
def main() -> None:
    """kanwu (勘误): lint and fix Chinese news text damaged by OCR, scraping and page layout.

    \b
    kanwu check seeds/                 report findings in a folder
    kanwu check --fix pages/           apply safe fixes in place
    kanwu check --fix - < in > out     filter: fixed text on stdout
    kanwu rule --all                   list every rule
    kanwu rule NAME                    a rule's documentation

    Exit status: 0 nothing left to report, 1 findings remain, 2 usage, configuration or I/O error.
    """
    main_signals()
    getattr(sys.stdout, "reconfigure", lambda **_: None)(errors="backslashreplace")  # escape, never crash


@main.command()
@run_options
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (with '-', print the fixed text).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that need judgement.")
@click.option("--diff", is_flag=True, help="Show what --fix would change as a patch (git apply takes it); write nothing.")
@click.option("--show-fixes", is_flag=True, help="List each fix applied (with --diff: each it would apply), per file.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), metavar="FILE", help="Write findings to FILE, not stdout.")
@click.option("--output-format", type=click.Choice(["full", "concise", "json", "jsonl", "sarif", "github"]),
              default=None, help="How findings are printed [default: full on a terminal, concise otherwise].")
@click.option("--statistics", is_flag=True, help="Count findings per rule (safe, unsafe, display-only fixes) instead.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option("--stdin-filename", metavar="PATH", help="The name of the text read from '-' (for messages and ignores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              help="Run in local processes, or on a Dask cluster (needs 'kanwu[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler (tcp://host:8786); default a local cluster.")
@click.option("--interactive", is_flag=True, help="With --fix: review each fix and accept or skip it.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary (with '-' and --fix: only the text).")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
@click.option("--show-settings", is_flag=True, help="Print the resolved settings and where they came from; exit.")
@click.pass_context
def check(ctx, paths, fix, unsafe_fixes, diff, show_fixes, output_file, output_format, statistics, exit_zero,
          stdin_filename, engine, scheduler, interactive, quiet, verbose, show_settings, **kw):
    """Check files, folders or '-' (stdin) for defects; optionally fix them."""
    paths = list(paths) or ["."]
    if scheduler and engine != "dask":
        raise Failure("--scheduler goes with --engine dask")
    if interactive and (not fix or "-" in paths):
        raise Failure("--interactive goes with --fix and named files (not '-')")
    if "-" in paths and paths != ["-"]:
        raise Failure("'-' (stdin) cannot be mixed with other paths")
    session, opts = _session(paths, kw, fix=fix, unsafe=unsafe_fixes, diff=diff, verbose=verbose, show_fixes=show_fixes)
    if show_settings:
        click.echo(session.describe(paths[0], {k: split(kw[k]) for k in ("select", "ignore", "extend_select")}))
        ctx.exit(0)
    emitter = Emitter.for_cli(output_format, opts, session.registry.rules, statistics=statistics, quiet=quiet,
                              exit_zero=exit_zero, output_file=output_file, show_fixes=show_fixes)
    if paths == ["-"]:
        ctx.exit(run_stdin(session, emitter, stdin_filename or "-"))
    files, errors = session.discover(paths, skipped := [])
    with make(engine, kw["jobs"] or os.cpu_count() or 1, len(files), scheduler, progress=not quiet) as executor:
        if interactive:
            from .review import review
            results = review(session, files, opts, session.corpus_stats(files, opts, executor))
        else:
            results = session.check(files, opts, executor)
        ctx.exit(emitter.run(results, errors, skipped))


@main.command()
@run_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Where to write the report [default: kanwu-report.html, or stdout for json].")
@click.option("--output-format", type=click.Choice(["html", "json"]), default="html")
@click.option("--title", default="kanwu report", help="The report's title.")
@click.pass_context
def report(ctx, paths, output, output_format, title, **kw):
    """Summarise a corpus run: the 差错率 estimate (errors per 10,000 characters, per file and for
    the corpus), findings per rule and per file, the worst files, findings with their context
    and fix, and the rules' corpus products (name clusters). HTML is one self-contained file
    with a filter box; json is the same summary."""
    from . import corpus_report

    paths = list(paths) or ["."]
    session, opts = _session(paths, kw, context=True)
    files, errors = session.discover(paths, skipped := [])
    with make("local", kw["jobs"] or os.cpu_count() or 1, len(files), progress=True) as executor:
        summary, sections = corpus_report.build(session, files, errors, opts, executor, output_format == "html")
    announce(summary["errors"], skipped)
    done = corpus_report.write(summary, sections, output_format, output, title)
    if done:
        click.echo(done, err=True)
    ctx.exit(EXIT_ERROR if summary["errors"] else 0)


def _product_command(name: str, rule) -> click.Command:
    """``kanwu NAME PATHS``: a corpus rule's product over the corpus (e.g. the name clusters)."""

    @click.pass_context
    def command(ctx, paths, output_format, export, **kw):
        paths = list(paths) or ["."]
        session, opts = _session(paths, dict(kw, select=(rule.name,), ignore=(), extend_select=()))
        files, errors = session.discover(paths, skipped := [])
        announce(errors, skipped)
        with make("local", kw["jobs"] or os.cpu_count() or 1, len(files)) as executor:
            summary = session.products(files, opts, executor)[name]
        owner = next(r for r in session.linter.rules if r.product == name)
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2) if output_format == "json" else owner.render(summary))
        if export:
            write_atomic(export, owner.export(summary).encode("utf-8"))
            click.echo(f"Wrote {export}: review it, then merge it into kanwu.toml.", err=True)
        ctx.exit(EXIT_ERROR if errors else 0)

    command = run_options(command)
    command = click.option("--output-format", type=click.Choice(["text", "json"]), default="text")(command)
    if rule.product_export:
        command = click.option(f"--{rule.product_export}", "export", type=click.Path(dir_okay=False), metavar="FILE",
                               help="Save the product as a configuration table to FILE, for a person to review.")(command)
    else:
        command = click.option("--export", hidden=True, default=None)(command)
    doc = rule.documentation().split("\n## ")[0]
    return click.command(name, help=f"The {name} that the {rule.name} rule sees across PATHS.\n\n{doc}")(command)


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
    """Show a rule's documentation (by name or code; a family lists its checks), or list every rule."""
    from .ruledocs import show
    text = show(name, show_all, output_format)
    if text is None:
        raise Failure(f"no rule or family named {name!r}; see 'kanwu rule --all'")
    click.echo(text)


if __name__ == "__main__":  # pragma: no cover
    main()
