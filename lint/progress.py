"""A progress bar on stderr for long runs, counted in bytes so that one big file moves it too.

Shown only when stderr is a terminal (never when it is piped or redirected) and only for a
pass over files that lasts longer than half a second; ``rich`` is imported only then, so a
short run pays nothing for it. Each pass over the files (gathering corpus statistics,
checking) has its own bar with the bytes done, the rate and the time left.

Counting happens where the work is done, in this process or in pool workers: a task marks a
whole file done when it finishes (:func:`counted`), and reading a JSONL corpus ticks every
record as it goes (:func:`tick`), so a single corpus file of a gigabyte shows its progress.
Ticks go to a shared counter that the bar reads a few times a second; in a process nobody
watches, a tick costs one comparison.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Any, Callable, Sequence

DELAY = 0.5          # seconds before a bar appears (a quick run shows none)
FLUSH = 1 << 16      # bytes a process counts before it updates the shared counter
LABELS = {"collect_task": "reading", "first_pass_task": "checking", "process_task": "checking"}

_sink: Any = None    # this process's shared counter (a multiprocessing.Value), or None
_pending = 0         # bytes counted here, not yet added to the shared counter
_in_file = 0         # bytes ticked for the file being worked on


def wanted() -> bool:
    """Whether a bar may be shown: stderr is an interactive terminal."""
    try:
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def attach(sink: Any) -> None:
    """Count this process's work into ``sink`` (None: stop counting)."""
    global _sink, _pending
    _sink, _pending = sink, 0


def tick(n: int) -> None:
    """``n`` more bytes of the current file are done."""
    global _pending, _in_file
    if _sink is None:
        return
    _pending += n
    _in_file += n
    if _pending >= FLUSH:
        _flush()


def _flush() -> None:
    global _pending
    if _pending and _sink is not None:
        with _sink.get_lock():
            _sink.value += _pending
    _pending = 0


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except (OSError, TypeError, ValueError):
        return 0


def counted(task: Callable, context: Any, item: Any) -> Any:
    """Run a per-file task; when it ends, the file counts as done (what the task ticked by
    itself is not counted twice)."""
    global _in_file
    _in_file = 0
    try:
        return task(context, item)
    finally:
        if _sink is not None:
            tick(max(0, _size(item) - _in_file))
            _flush()


class _Local:
    """A counter for work done in this very process."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def get_lock(self) -> threading.Lock:
        return self._lock


def shared_counter(local: bool) -> Any:
    if local:
        return _Local()
    import multiprocessing

    return multiprocessing.Value("q", 0)


@contextlib.contextmanager
def watch(items: Sequence, task: Callable, counter: Any):
    """Show a bar for one pass of ``task`` over the files ``items`` while the block runs; the
    work is counted into ``counter`` (see :func:`shared_counter`)."""
    label = LABELS.get(getattr(task, "__name__", ""), "working")
    bar = _Bar(sum(_size(p) for p in items), label, counter)
    bar.thread.start()
    try:
        yield
    finally:
        bar.done.set()
        bar.thread.join(5)


class _Bar:
    def __init__(self, total: int, label: str, counter: Any) -> None:
        self.total, self.label, self.counter = total, label, counter
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._show, name="kanwu-progress", daemon=True)

    def _show(self) -> None:
        if self.done.wait(DELAY) or not self.total:
            return
        try:
            from rich.console import Console
            from rich.progress import (BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn,
                                       TimeRemainingColumn, TransferSpeedColumn)
        except ImportError:  # pragma: no cover - rich is a dependency
            return
        columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), DownloadColumn(),
                   TransferSpeedColumn(), TimeRemainingColumn(), TextColumn("left"))
        # Lines printed while the bar shows go above it: stderr's always, stdout's when it is
        # the terminal too (a redirected stdout is left alone).
        with Progress(*columns, console=Console(file=sys.stderr), transient=True, refresh_per_second=8,
                      redirect_stdout=sys.stdout.isatty(), redirect_stderr=True) as shown:
            task = shown.add_task(self.label, total=self.total)
            while not self.done.wait(0.12):
                shown.update(task, completed=min(self.counter.value, self.total))
