"""One pipeline for every front end: discover -> configure -> read -> check -> filter -> fix -> emit.

``kanwu check``, ``kanwu report``, the product commands (``kanwu names``), review mode and the
language server all build a :class:`Session` and run files through it; none of them checks,
filters or fixes text on its own. An executor (``executors``: serial, process pool, Dask)
runs the per-file tasks; the tasks are module-level functions, identical wherever they run.

Corpus rules need the whole run: their statistics are collected over every file, merged
and finalized before any file is checked.
"""
from __future__ import annotations

import contextlib
import heapq
import os
import pickle
import tempfile
from dataclasses import dataclass, replace
from typing import Any, Iterator, Sequence

from . import jsonl
from .baseline import Baseline, BaselineError
from .config import ConfigError, Settings, find_config, load_settings, project_root
from .config import describe as describe_settings
from .diffs import unified_diff
from .document import Document
from .executors import Serial
from .files import Found, discover
from .fixlog import FixLog
from .linter import ConvergenceError, Linter, RuleCrash
from .model import Diagnostic, FileResult, Finding, Findings, Position
from .registry import Registry, RegistryError
from .source import AtomicWriter, Source, SourceError, StampedReader, WriteRefused, reraise_signal

EXCERPT = 40  # characters of the source line kept either side of a finding
MAX_RECORD_ERRORS = 20  # bad records reported one by one per file; the rest are counted


class SetupError(Exception):
    """The run cannot start: bad configuration, selection, baseline or executor."""


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe: bool = False
    diff: bool = False          # compute what --fix would change, write nothing
    show_fixes: bool = False    # list each fix applied (or previewed): FileResult.fixes
    write: bool = True          # write fixed files back (off for stdin)
    keep_text: bool = False     # keep the fixed text in the result (stdin filter)
    context: bool = False       # keep each finding's surrounding text (for reports)
    verbose: bool = False       # errors from rule crashes carry their traceback
    jsonl_field: str = "text"
    jsonl_id_field: str | None = None
    roots: tuple[str, ...] = ()  # the paths the user named: fixes are written only inside them


def is_jsonl(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(".jsonl")


def split(values: Sequence[str]) -> list[str]:
    """Selectors as given on a command line: repeated and/or comma-separated."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


# -- configure ------------------------------------------------------------------------------------
@dataclass
class Session:
    """The configured run: settings, registry and the Linter (rules + filter stage)."""

    registry: Registry
    settings: Settings
    linter: Linter
    force_exclude: bool = False  # apply ``exclude`` to files named explicitly too (pre-commit names them)

    @classmethod
    def load(cls, start: str | None = None, *, config: str | None = None, isolated: bool = False,
             select: Sequence[str] | None = None, ignore: Sequence[str] = (), extend_select: Sequence[str] = (),
             baseline: str | None = None) -> "Session":
        """Read the configuration (``config``, or the nearest one above ``start``), validate it
        against the registry, and build the Linter. Raises SetupError with one clear line."""
        try:
            notes: list[str] = []
            settings = Settings() if isolated else load_settings(config or find_config(start or os.getcwd(), notes))
            settings.notes = notes
            if settings.path is None:  # no configuration file: the repository's root, or here
                settings.root = project_root(start or os.getcwd())
            registry = Registry.from_entry_points()
            known = Baseline.load(baseline) if baseline else None
            linter = Linter.configure(registry, settings, select=select or None, ignore=ignore,
                                      extend_select=extend_select, baseline=known)
        except (ConfigError, RegistryError, BaselineError) as e:
            raise SetupError(str(e)) from None
        return cls(registry, settings, linter)

    @classmethod
    def for_paths(cls, paths: Sequence[str], select=(), ignore=(), extend_select=(), config=None, isolated=False,
                  baseline=None, **_) -> "Session":
        """The session for command-line paths and options (selectors may be comma-separated)."""
        start = next((p for p in paths if p != "-"), os.getcwd())
        return cls.load(start, config=config, isolated=isolated, select=split(select) or None,
                        ignore=split(ignore), extend_select=split(extend_select), baseline=baseline)

    def options(self, paths: Sequence[str], jsonl_field: str | None = None, jsonl_id_field: str | None = None,
                **more) -> RunOptions:
        """Run options for these paths: fixes are written only inside them."""
        return RunOptions(jsonl_field=jsonl_field or self.settings.jsonl_field, jsonl_id_field=jsonl_id_field,
                          roots=tuple(paths), **more)

    def describe(self, start: str, overrides: dict[str, list[str]]) -> str:
        """The resolved settings and the rules they enable (``--show-settings``)."""
        return describe_settings(self.settings, start, [(r.code, r.name) for r in self.linter.rules], overrides)

    # -- discover --------------------------------------------------------------------------
    def discover(self, paths: Sequence[str], skipped: list[str] | None = None) -> tuple[list[str], list[str]]:
        """(files to check, errors for paths that cannot be): folders searched recursively.
        Files skipped inside folders (named pipes, sockets, devices) are described in
        ``skipped`` when a list is given, else among the errors."""
        found: list[Found] = list(discover(paths, self.settings.exclude, self.settings.include, self.settings.root,
                                           force_exclude=self.force_exclude))
        word_list = os.path.abspath(os.path.join(self.settings.root, self.settings.allow_file))
        if skipped is not None:
            skipped.extend(f.error for f in found if f.error and f.skipped)
        return ([f.path for f in found if not f.error and os.path.abspath(f.path) != word_list],
                [f.error for f in found if f.error and not (f.skipped and skipped is not None)])

    # -- check ------------------------------------------------------------------------------
    def corpus_stats(self, files: Sequence[str], opts: RunOptions, executor=None, finalize: bool = True):
        """Corpus rules' statistics over every file: merged, and finalized unless asked not to."""
        if not self.linter.corpus_rules:
            return None
        executor = executor or Serial()
        merged = executor.fold(collect_task, files, (self.linter, opts), self.linter.merge, self.linter.empty_stats())
        return self.linter.finalize(merged) if finalize else merged

    def check(self, files: Sequence[str], opts: RunOptions, executor=None, stats=None) -> Iterator[FileResult]:
        """Results in the order of ``files``, as they arrive. Checking reads each file once;
        only files whose keys the merged corpus statistics hit are read again, for the corpus
        rules. Fixing needs the statistics first, so it collects them in a pass of its own."""
        executor = executor or Serial()
        if stats is None and self.linter.corpus_rules and not (opts.fix or opts.diff):
            return self._check_once(files, opts, executor)
        if stats is None:
            stats = self.corpus_stats(files, opts, executor)
        return executor.map(process_task, files, (self.linter, opts, stats))

    def _check_once(self, files: Sequence[str], opts: RunOptions, executor) -> Iterator[FileResult]:
        linter = self.linter
        merged = linter.empty_stats()
        keys: list[dict] = []
        with Spill() as spill:
            for result, partial, found in executor.map(first_pass_task, files, (linter, opts)):
                merged = linter.merge(merged, partial)
                keys.append(found)
                spill.append(result)
            stats = linter.finalize(merged)
            again = [i for i, k in enumerate(keys) if linter.hits(k, stats)]
            corpus = dict(zip(again, executor.map(process_task, [files[i] for i in again], (linter, opts, stats, True))))
            for i, result in enumerate(spill):
                extra = corpus.get(i)
                if extra is not None:
                    result.findings = _merged(result.findings, extra.findings)
                    result.hidden += extra.hidden
                    result.errors += [e for e in extra.errors if e not in result.errors]
                yield result

    def check_source(self, source: Source, opts: RunOptions) -> FileResult:
        """Text already in memory (stdin): checked or fixed, never written."""
        result = FileResult(source.path or "-", characters=len(source.text))
        _guard(result, opts, _process_text, self.linter, source, replace(opts, keep_text=True, write=False), None)
        return result

    def products(self, files: Sequence[str], opts: RunOptions, executor=None) -> dict[str, dict]:
        """Every selected corpus rule's product (e.g. "names"), from the merged statistics."""
        rules = [r for r in self.linter.corpus_rules if r.product]
        if not rules:
            return {}
        merged = self.corpus_stats(files, opts, executor, finalize=False)
        return {r.product: r.summarize(merged.get(r.name, r.empty())) for r in rules}


def _merged(first: Sequence[Finding], corpus: Sequence[Finding]):
    """A file's findings and its corpus rules' findings, in order (both are sorted). A big
    JSONL file's findings stay compact (:class:`Findings`): merged as they stream."""
    key = lambda f: f.sort_key  # noqa: E731
    if isinstance(first, Findings):
        return Findings(heapq.merge(first, sorted(corpus, key=key), key=key))
    return sorted([*first, *corpus], key=key)


class Spill:
    """Results of a first pass kept on disk, not in memory, until the corpus statistics are
    merged: memory stays flat however large the corpus."""

    def __init__(self) -> None:
        self._file = None
        self._count = 0

    def __enter__(self) -> "Spill":
        self._file = tempfile.TemporaryFile()
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()  # type: ignore[union-attr]

    def append(self, item) -> None:
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __iter__(self):
        self._file.seek(0)  # type: ignore[union-attr]
        for _ in range(self._count):
            yield pickle.load(self._file)  # type: ignore[arg-type]


# -- per-file tasks (module level: they run in workers) -------------------------------------------
def documents(path: str, opts: RunOptions) -> Iterator[tuple[str, Document]]:
    """(document id, Document) for every document of a file. Raises SourceError."""
    if is_jsonl(path):
        for rec in _records(path, opts):
            if rec.text is not None:
                yield f"{path}#{rec.number}", Document(rec.text, path)
    else:
        source = Source.read(path)
        yield path, Document(source.text, path, newline=source.newline)


def collect_task(context, path: str) -> dict[str, Any]:
    linter, opts = context
    stats = linter.empty_stats()
    try:
        for doc_id, doc in documents(path, opts):
            stats = linter.merge(stats, linter.collect(doc, doc_id))
    except SourceError:
        pass  # reported when the file is checked
    return stats


def process_task(context, path: str) -> FileResult:
    """Check (or fix) one file with every rule; ``context`` is (linter, options, corpus stats),
    or with a fourth item True to run the corpus rules only (the second pass of a check)."""
    linter, opts, stats, *only = context
    return _file(linter, opts, stats, path, corpus=True if only and only[0] else None)


def first_pass_task(context, path: str) -> tuple[FileResult, dict[str, Any], dict[str, frozenset | None]]:
    """Check one file with every rule that needs no corpus statistics, and gather, from the
    same documents, the corpus rules' partial statistics and keys: each file is read once."""
    linter, opts = context
    partial = linter.empty_stats()
    keys: dict[str, frozenset | None] = {}

    def seen(doc_id: str, doc: Document) -> None:
        nonlocal partial
        partial = linter.merge(partial, linter.collect(doc, doc_id))
        for name, k in linter.keys(doc).items():
            had = keys.get(name, frozenset())
            keys[name] = None if k is None or had is None else had | k

    return _file(linter, opts, None, path, corpus=False, seen=seen), partial, keys


def _file(linter: Linter, opts: RunOptions, stats, path: str, corpus=None, seen=None) -> FileResult:
    result = FileResult(path)
    if is_jsonl(path):
        _guard(result, opts, _process_jsonl, linter, path, opts, stats, corpus, seen)
    else:
        try:
            source = Source.read(path)
        except SourceError as e:
            result.errors.append(str(e))
            return result
        result.characters = len(source.text)
        _guard(result, opts, _process_text, linter, source, opts, stats, corpus, seen)
    return result


def _guard(result: FileResult, opts: RunOptions, fn, *args) -> None:
    try:
        fn(result, *args)
    except (SourceError, ConvergenceError) as e:
        result.errors.append(str(e))
    except RuleCrash as e:
        result.errors.append(crash_message(e, opts.verbose))
    reraise_signal()


def crash_message(e: RuleCrash, verbose: bool) -> str:
    if e.__cause__ is None:
        return str(e)
    if not verbose:
        return f"{e} (run with --verbose for the traceback)"
    import traceback
    return f"{e}\n" + "".join(traceback.format_exception(e.__cause__)).rstrip()


def _check_or_fix(linter: Linter, text: str, path: str | None, opts: RunOptions, stats, newline=None,
                  record=None, corpus=None, log: FixLog | None = None
                  ) -> tuple[str, list[Diagnostic], int, Document | None]:
    """(text after fixes, findings left, fixes applied, the checked Document when nothing was fixed).
    ``log`` records each fix applied (--show-fixes)."""
    if opts.fix or opts.diff:
        return (*linter.fix(text, path, unsafe=opts.unsafe, stats=stats, newline=newline, record=record,
                            decide=log), None)
    doc = Document(text, path, newline=newline)
    return text, linter.check(doc, stats, record, corpus), 0, doc


def _process_text(result: FileResult, linter: Linter, source: Source, opts: RunOptions, stats,
                  corpus=None, seen=None) -> None:
    path = source.path
    writing = opts.fix and opts.write and not opts.diff
    if (writing or opts.diff) and source.guess:  # a file kanwu may have misread is checked, never rewritten
        result.errors.append(f"{source.guess}; not fixed (convert the file to UTF-8 to fix it)")
        opts = replace(opts, fix=False, diff=False)
    log = FixLog() if opts.show_fixes else None
    new, diags, applied, checked = _check_or_fix(linter, source.text, path, opts, stats, source.newline,
                                                 corpus=corpus, log=log)
    if seen is not None and checked is not None:
        seen(path, checked)
    if new != source.text:
        try:
            data = source.encode(new)  # fails early, before any write, if the encoding cannot hold it
            if opts.diff:
                result.diff = unified_diff(source.encode(), data, path or "-")  # bytes as --fix writes them
            elif opts.write:
                with AtomicWriter(path, stamp=source.stamp, roots=opts.roots) as w:  # type: ignore[arg-type]
                    w.write(data)
        except WriteRefused as e:  # nothing was written: report the file as it is
            result.errors.append(str(e))
            new, applied, log = source.text, 0, None
            diags = linter.check(Document(new, path, newline=source.newline), stats)
    result.changed = new != source.text
    result.fixes = [(None, *entry) for entry in log.entries()] if log else []
    if opts.keep_text:
        result.fixed_text = new
    result.fixed = applied
    result.hidden = getattr(diags, "hidden", 0)
    doc = checked if checked is not None and checked.text == new else Document(new, path, newline=source.newline)
    result.findings = locate(diags, doc, linter, path or "-", context=opts.context)


def _records(path: str, opts: RunOptions) -> Iterator[jsonl.Record]:
    with StampedReader(path) as f:
        try:
            for number, content, ending in jsonl.lines(f):
                rec = jsonl.parse(number, content, ending, opts.jsonl_field, opts.jsonl_id_field, path)
                if rec is not None:
                    yield rec
        except OSError as e:
            raise SourceError(f"{path}: cannot read: {e.strerror or e}") from None


def _process_jsonl(result: FileResult, linter: Linter, path: str, opts: RunOptions, stats,
                   corpus=None, seen=None) -> None:
    """Records are read, checked and (with --fix) written one at a time: memory stays flat.
    When the file cannot be written, it is checked again as it is and the reason reported."""
    try:
        _jsonl_pass(result, linter, path, opts, stats, corpus, seen)
    except WriteRefused as e:
        result.findings, result.errors, result.fixed, result.hidden, result.characters = [], [], 0, 0, 0
        result.fixes = []
        _jsonl_pass(result, linter, path, replace(opts, fix=False), stats, corpus, seen)
        result.errors.append(str(e))


def _jsonl_pass(result: FileResult, linter: Linter, path: str, opts: RunOptions, stats, corpus=None,
                seen=None) -> None:
    changed = good = skipped = 0
    result.findings = Findings()
    old_lines: list[bytes] = []  # --diff only: a preview is built in memory
    new_lines: list[bytes] = []
    try:
        with contextlib.ExitStack() as stack:
            reader = stack.enter_context(StampedReader(path))
            writer = None
            if opts.fix and opts.write and not opts.diff:
                writer = stack.enter_context(AtomicWriter(path, stamp=reader.stamp, roots=opts.roots))
            for number, content, ending in jsonl.lines(reader):
                rec = jsonl.parse(number, content, ending, opts.jsonl_field, opts.jsonl_id_field, path)
                out = content + ending
                if rec is not None and rec.error:
                    if not good and rec.missing_field:
                        raise SourceError(f"{path}: the first record has no string field {opts.jsonl_field!r}: not a "
                                          f"corpus of that field (set jsonl-field, or exclude the file)")
                    skipped += 1
                    if skipped <= MAX_RECORD_ERRORS:
                        result.errors.append(rec.error)
                elif rec is not None:
                    good += 1
                    text: str = rec.text  # type: ignore[assignment]
                    result.characters += len(text)
                    log = FixLog() if opts.show_fixes else None
                    new, diags, applied, checked = _check_or_fix(linter, text, path, opts, stats,
                                                                 record=rec.record_id or number, corpus=corpus, log=log)
                    if seen is not None and checked is not None:
                        seen(f"{path}#{number}", checked)
                    result.fixes += [(rec.record_id or number, *entry) for entry in log.entries()] if log else []
                    result.fixed += applied
                    result.hidden += getattr(diags, "hidden", 0)
                    if new != text:
                        changed += 1
                        out = rec.bom + jsonl.splice(rec, new).encode("utf-8") + ending
                    doc = checked if checked is not None else Document(new, path)
                    result.findings.extend(locate(diags, doc, linter, path, number, rec.record_id, opts.context))
                if writer is not None:
                    writer.write(out)
                if opts.diff:
                    old_lines.append(content + ending)
                    new_lines.append(out)
            if writer is not None:
                if changed:
                    writer.stamp = reader.stamp  # now with the hash of every byte read
                else:
                    writer.abort()
    except WriteRefused:
        raise
    except OSError as e:
        raise SourceError(f"{path}: cannot read: {e.strerror or e}") from None
    if skipped > MAX_RECORD_ERRORS:
        result.errors.append(f"{path}: {skipped - MAX_RECORD_ERRORS} more records skipped")
    result.changed = bool(changed)
    if not (result.changed and (opts.diff or writer is not None)):
        result.fixed, result.fixes = 0, []  # previewed fixes count only with --diff; nothing else was written
    if opts.diff and changed:
        result.diff = unified_diff(b"".join(old_lines), b"".join(new_lines), path)


def shown_path(path: str) -> str:
    """A path as it is printed: a file name that is not valid UTF-8 (its bytes were kept as
    lone surrogates) shows its odd bytes as \\xNN escapes, so every output stays valid text."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


# -- locating: offsets to lines and columns, only at the edge --------------------------------------
def locate(diags: Sequence[Diagnostic], doc: Document, linter: Linter, path: str, record: int | None = None,
           record_id: str | None = None, context: bool = False) -> list[Finding]:
    text = doc.text
    filt = linter.filters.document(path, text, record_id or record)
    shown = shown_path(path)
    out = []
    for d in diags:
        (l1, c1), (l2, c2) = doc.position(d.start), doc.position(d.end)
        ls, le = doc.line_span(l1)
        xs, xe = max(ls, d.start - EXCERPT), min(le, max(d.end, d.start + 1) + EXCERPT)
        out.append(Finding(
            d.rule, d.code, d.severity, d.message, shown, Position(l1, c1, d.start), Position(l2, c2, d.end),
            d.fix, record, record_id, text[xs:xe], xs - ls + 1, filt.fingerprint(d),
            (text[max(0, d.start - 40):d.start], text[d.start:d.end], text[d.end:d.end + 40]) if context else None,
            tuple(text[e.start:e.end] for e in d.fix.edits) if context and d.fix else None,
            _block_kind(doc, d) if context else None))
    return out


def _block_kind(doc: Document, d: Diagnostic) -> str | None:
    """The kind of paragraph (headline, body…) a finding lies in, for the report's counting."""
    block = doc.paragraph_at(d.start) or (doc.paragraph_at(d.end - 1) if d.end > d.start else None)
    return block.kind if block is not None else None
