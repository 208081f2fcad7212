"""Running a Linter over files: plain text, stdin and JSONL corpora, in one process or a pool.

Corpus rules need two phases: ``collect`` over every document, a merge of the partials, then
``check`` with the merged stats. Both phases are module-level functions of (linter, path), so
they run unchanged in this process, in a process pool, or on a Dask cluster.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any, Iterable, Iterator, Sequence

from .document import Document
from .engine import ConvergenceError, Linter, RuleCrash
from .model import FileResult
from .source import Source, SourceError


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe: bool = False
    diff: bool = False          # compute what --fix would change, write nothing
    jsonl_field: str = "text"
    keep_text: bool = False     # keep the fixed text in the result (stdin filter)
    write: bool = True          # write fixed files back (off for stdin and review)
    context: bool = False       # keep each finding's surrounding text (for reports)
    verbose: bool = False       # errors from rule crashes carry their traceback


def is_jsonl(path: str | None) -> bool:
    return bool(path) and path.lower().endswith(".jsonl")


def jsonl_lines(text: str) -> list[str]:
    """Lines split on \\n only (JSON strings may hold U+2028 and other line separators)."""
    lines = text.split("\n")
    out = [ln + "\n" for ln in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


# -- reading documents -------------------------------------------------------------------------
def _records(source: Source, field: str) -> Iterator[tuple[int, dict | None, str | None, str | None]]:
    """(record number, object, text, error) for each non-blank line of a JSONL source."""
    for i, line in enumerate(jsonl_lines(source.text)):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield i, None, None, f"{source.path}:{i + 1}: not valid JSON ({e.msg} at column {e.colno}); record skipped"
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get(field), str):
            yield i, None, None, f"{source.path}:{i + 1}: record has no string field {field!r}; record skipped"
            continue
        yield i, obj, obj[field], None


def documents(path: str, opts: RunOptions) -> Iterator[tuple[int | None, Document]]:
    """Every document in a file (one for text, one per record for JSONL). Raises SourceError."""
    source = Source.read(path)
    if is_jsonl(path):
        for i, _obj, text, err in _records(source, opts.jsonl_field):
            if err is None:
                yield i, Document(text, path)
    else:
        yield None, Document(source.text, path, newline=source.newline)


# -- phase 1: corpus statistics ----------------------------------------------------------------
def collect_path(linter: Linter, path: str, opts: RunOptions) -> dict[str, Any]:
    stats = linter.empty_stats()
    try:
        for rec, doc in documents(path, opts):
            stats = linter.merge(stats, linter.collect(doc, rec))
    except SourceError:
        pass  # reported by phase 2
    return stats


# -- phase 2: check and fix --------------------------------------------------------------------
def process_path(linter: Linter, path: str, opts: RunOptions, stats: dict | None = None) -> FileResult:
    result = FileResult(path)
    try:
        source = Source.read(path)
        if is_jsonl(path):
            _process_jsonl(linter, source, opts, stats, result)
        else:
            _process_text(linter, source, opts, stats, result)
    except (SourceError, ConvergenceError) as e:
        result.errors.append(str(e))
    except RuleCrash as e:
        result.errors.append(_crash_message(e, opts.verbose))
    return result


def _crash_message(e: RuleCrash, verbose: bool) -> str:
    if not verbose or e.__cause__ is None:
        return f"{e} (run with --verbose for the traceback)" if e.__cause__ is not None else str(e)
    import traceback
    return f"{e}\n" + "".join(traceback.format_exception(e.__cause__)).rstrip()


def process_source(linter: Linter, source: Source, opts: RunOptions, stats: dict | None = None) -> FileResult:
    """Like process_path for text that is already in memory (stdin); never writes a file."""
    result = FileResult(source.path or "-")
    try:
        _process_text(linter, source, replace(opts, keep_text=True, write=False), stats, result)
    except (SourceError, ConvergenceError) as e:
        result.errors.append(str(e))
    except RuleCrash as e:
        result.errors.append(_crash_message(e, opts.verbose))
    return result


def _process_text(linter: Linter, source: Source, opts: RunOptions, stats, result: FileResult) -> None:
    path = source.path
    if opts.fix or opts.diff:
        new, diags, applied = linter.fix(source.text, path, unsafe=opts.unsafe, stats=stats,
                                         newline=source.newline)
        result.fixed = applied
        doc = Document(new, path, newline=source.newline)  # the findings left are in the fixed text
        if new != source.text:
            result.changed = True
            source.encode(new)  # fails early, before any write, if the encoding cannot hold it
            if opts.diff:
                result.diff = unified_diff(source.text, new, path or "-")
            elif opts.write:
                source.write(new)
        if opts.keep_text:
            result.fixed_text = new
    else:
        doc = Document(source.text, path, newline=source.newline)
        diags = linter.check(doc, stats)
    locate(diags, doc, path, context=opts.context)  # the checked document: its views are reused
    result.diagnostics = diags


def _process_jsonl(linter: Linter, source: Source, opts: RunOptions, stats, result: FileResult) -> None:
    lines = jsonl_lines(source.text)
    changed_lines: dict[int, str] = {}
    for rec, obj, text, err in _records(source, opts.jsonl_field):
        if err:
            result.errors.append(err)
            continue
        if opts.fix or opts.diff:
            try:
                new, diags, applied = linter.fix(text, source.path, unsafe=opts.unsafe, stats=stats)
            except ConvergenceError as e:
                result.errors.append(f"{e} (record {rec})")
                continue
            result.fixed += applied
            if new != text:
                obj[opts.jsonl_field] = new
                ending = lines[rec][len(lines[rec].rstrip("\r\n")):]
                changed_lines[rec] = json.dumps(obj, ensure_ascii=False) + ending
            doc = Document(new, source.path)
        else:
            doc = Document(text, source.path)
            diags = linter.check(doc, stats)
        locate(diags, doc, source.path, rec, context=opts.context)
        result.diagnostics.extend(diags)
    if changed_lines:
        result.changed = True
        new_text = "".join(changed_lines.get(i, ln) for i, ln in enumerate(lines))
        if opts.diff:
            result.diff = unified_diff(source.text, new_text, source.path or "-")
        elif opts.write:
            source.write(new_text)


def locate(diags, doc: Document, path: str | None, record: int | None = None, context: bool = False) -> None:
    """Fill in path, record, line/column and the source line: computed only at the edge."""
    text = doc.text
    for d in diags:
        d.path, d.record = path, record
        d.start_pos, d.end_pos = doc.position(d.start), doc.position(d.end)
        s, e = doc.line_span(d.start_pos[0])
        d.line_text = text[s:e]
        if context:
            d.context = (text[max(0, d.start - 40):d.start], text[d.start:d.end], text[d.end:d.end + 40])
            if d.fix is not None:
                d.replaced = tuple(text[x.start:x.end] for x in d.fix.edits)


def unified_diff(old: str, new: str, path: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"a/{path}", f"b/{path}"))


# -- running over many paths -------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(linter: Linter, opts: RunOptions, stats: dict | None = None) -> None:
    _WORKER["linter"], _WORKER["opts"], _WORKER["stats"] = linter, opts, stats


def _collect_in_worker(path: str) -> dict:
    return collect_path(_WORKER["linter"], path, _WORKER["opts"])


def _process_in_worker(path: str) -> FileResult:
    return process_path(_WORKER["linter"], path, _WORKER["opts"], _WORKER["stats"])


def run(linter: Linter, paths: Sequence[str], opts: RunOptions, jobs: int = 1,
        stats: dict | None = None) -> Iterator[FileResult]:
    """Results in the order of ``paths``, whatever the number of jobs.

    ``stats`` may be given (e.g. from a committed names table); otherwise corpus rules
    collect over ``paths`` first.
    """
    if linter.corpus_rules and stats is None:
        stats = corpus_stats(linter, paths, opts, jobs)
    if jobs <= 1 or len(paths) < 2:
        for p in paths:
            yield process_path(linter, p, opts, stats)
        return
    from concurrent.futures import ProcessPoolExecutor  # only when a pool is used

    # The finalized stats travel once per worker, not once per file.
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(linter, opts, stats)) as pool:
        chunk = max(1, min(64, len(paths) // (jobs * 8)))
        yield from pool.map(_process_in_worker, paths, chunksize=chunk)


def merged_stats(linter: Linter, paths: Sequence[str], opts: RunOptions, jobs: int = 1) -> dict:
    """Collect over every path and merge the partials (not yet finalized)."""
    if jobs <= 1 or len(paths) < 2:
        partials: Iterable[dict] = (collect_path(linter, p, opts) for p in paths)
        return reduce(linter.merge, partials, linter.empty_stats())
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(linter, opts)) as pool:
        chunk = max(1, min(64, len(paths) // (jobs * 8)))
        return reduce(linter.merge, pool.map(_collect_in_worker, paths, chunksize=chunk), linter.empty_stats())


def corpus_stats(linter: Linter, paths: Sequence[str], opts: RunOptions, jobs: int = 1) -> dict:
    """The finalized stats corpus rules check against."""
    return linter.finalize(merged_stats(linter, paths, opts, jobs))


# -- Dask ----------------------------------------------------------------------------------------
def run_dask(linter: Linter, paths: Sequence[str], opts: RunOptions, scheduler: str | None = None,
             workers: int = 2, stats: dict | None = None) -> list[FileResult]:
    """The same collect / merge / check functions over a Dask bag.

    ``scheduler`` is the address of an existing cluster (tcp://host:8786); without it a
    LocalCluster with ``workers`` processes is started for the run. Results come back in the
    order of ``paths``, identical to a local run.
    """
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise SourceError("the Dask engine needs the 'dask' extra: pip install 'kanwu[dask]'") from None
    from functools import partial

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        raise SourceError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {e}") from None
    try:
        n = max(1, min(len(paths), workers * 4))
        bag = db.from_sequence(list(paths), npartitions=n)
        if linter.corpus_rules and stats is None:
            # No shared initial value: each partition folds into the first partial it owns.
            merged = bag.map(partial(collect_path, linter, opts=opts)).fold(linter.merge, linter.merge).compute()
            stats = linter.finalize(merged)
        import dask
        shared = dask.delayed(stats, traverse=False)  # one key in the graph, not a copy per task
        return list(bag.map(_process_with_stats, linter, opts, shared).compute())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _process_with_stats(path: str, linter: Linter, opts: RunOptions, stats: dict | None) -> FileResult:
    return process_path(linter, path, opts, stats)
