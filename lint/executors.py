"""Executors: where the pipeline's per-file tasks run — in this process, in a local process
pool, or on a Dask cluster. All three run the same module-level task functions and return
results in the order of their inputs, so findings are identical whichever runs them.

A task is ``task(context, item)``; the context (the configured Linter, the run options, the
merged corpus statistics) travels once per worker, not once per item.
"""
from __future__ import annotations

import contextlib
from functools import partial, reduce
from typing import Any, Callable, Iterator, Sequence

from . import progress as _progress

CONNECT_SECONDS = 3.0  # how long a Dask scheduler gets to answer before the run gives up


class ExecutorError(Exception):
    """The executor could not start (e.g. the Dask scheduler cannot be reached)."""


class _Closing:
    """Executors are context managers: ``with make(...) as executor:`` closes them. A local
    executor made with ``progress`` shows a bar on stderr for each pass (see ``progress``)."""

    progress = False

    def _watched(self, task: Callable, items: Sequence, local: bool):
        """(the task to run, the counter its work goes to, the bar's context) for one pass."""
        if not self.progress:
            return task, None, contextlib.nullcontext()
        counter = _progress.shared_counter(local)
        return partial(_progress.counted, task), counter, _progress.watch(items, task, counter)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pass


class Serial(_Closing):
    name = "serial"

    def map(self, task: Callable, items: Sequence, context: Any) -> Iterator:
        run, counter, bar = self._watched(task, items, local=True)
        with bar:
            _progress.attach(counter)
            try:
                for x in items:
                    yield run(context, x)
            finally:
                _progress.attach(None)

    def fold(self, task: Callable, items: Sequence, context: Any, merge: Callable, empty: Any) -> Any:
        return reduce(merge, self.map(task, items, context), empty)


# -- local process pool ---------------------------------------------------------------------------
_CONTEXT: dict[str, Any] = {}


def _init_worker(task: Callable, context: Any, counter: Any = None) -> None:
    from .source import worker_signals

    _die_with_parent()
    worker_signals()
    _progress.attach(counter)
    _CONTEXT["task"], _CONTEXT["context"] = task, context


def _run_in_worker(item):
    return _CONTEXT["task"](_CONTEXT["context"], item)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the process that started it dies (even by SIGKILL)."""
    import os
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the request was made
            os._exit(1)
    except (OSError, AttributeError):
        pass


class Pool(_Closing):
    name = "pool"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def map(self, task: Callable, items: Sequence, context: Any) -> Iterator:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, min(64, len(items) // (self.jobs * 8)))
        run, counter, bar = self._watched(task, items, local=False)
        pool = ProcessPoolExecutor(self.jobs, initializer=_init_worker, initargs=(run, context, counter))
        try:
            with bar:
                yield from pool.map(_run_in_worker, items, chunksize=chunk)
        except BaseException:  # interrupted, or the reader left: stop the workers now, not after the queue
            workers = list((pool._processes or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for w in workers:
                w.terminate()  # SIGTERM: each worker removes its temp file and exits
            for w in workers:
                w.join(5)
            raise
        pool.shutdown()

    def fold(self, task: Callable, items: Sequence, context: Any, merge: Callable, empty: Any) -> Any:
        return reduce(merge, self.map(task, items, context), empty)


# -- Dask -------------------------------------------------------------------------------------------
class Dask(_Closing):
    """A Dask cluster: an existing one at ``scheduler`` (tcp://host:8786), or a LocalCluster
    with ``workers`` processes started for the run."""

    name = "dask"

    def __init__(self, scheduler: str | None, workers: int, timeout: float = 10) -> None:
        try:
            if scheduler:
                _check_address(scheduler)  # before importing Dask: a wrong address fails at once
        except (OSError, ValueError) as e:
            raise ExecutorError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ExecutorError("the Dask engine needs the 'dask' extra: pip install 'kanwu[dask]'") from None
        self.workers, self.cluster = workers, None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=f"{timeout}s")
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as e:
            raise ExecutorError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {e}") from None

    def _bag(self, items: Sequence):
        import dask.bag as db

        return db.from_sequence(list(items), npartitions=max(1, min(len(items), self.workers * 4)))

    def map(self, task: Callable, items: Sequence, context: Any) -> Iterator:
        import dask

        if not items:
            return iter(())
        shared = dask.delayed(context, traverse=False)  # one key in the graph, not a copy per task
        return iter(self._bag(items).map(_flip, task, shared).compute())

    def fold(self, task: Callable, items: Sequence, context: Any, merge: Callable, empty: Any) -> Any:
        import dask

        if not items:
            return empty
        shared = dask.delayed(context, traverse=False)
        # No shared initial value: each partition folds into the first partial it owns.
        return merge(empty, self._bag(items).map(_flip, task, shared).fold(merge, merge).compute())

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _flip(item, task, context):
    return task(context, item)


def _check_address(address: str) -> None:
    """Refuse an address that cannot be a scheduler, or where nothing listens, within
    seconds, before Dask tries (and waits) for it."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("tcp", "tls", "ws", "wss") or not parts.hostname or port is None:
        raise ValueError(f"not a scheduler address (expected tcp://HOST:PORT): {address!r}")
    try:
        with socket.create_connection((parts.hostname, port), timeout=CONNECT_SECONDS) as sock:
            head = _greeting(sock) if parts.scheme == "tcp" else None
    except OSError as e:
        raise OSError(f"nothing answers at {parts.hostname}:{port} ({e.strerror or e})") from None
    # A Dask scheduler speaks first: its handshake frame starts with its length (8 bytes, little
    # endian). An HTTP server or anything else that waits for the client would hang Dask.
    if head is not None and (len(head) < 8 or not 0 < int.from_bytes(head, "little") < 1 << 20):
        raise ValueError(f"{parts.hostname}:{port} answers, but not as a Dask scheduler")


def _greeting(sock) -> bytes:
    """The first 8 bytes the peer sends by itself, or fewer when it sends nothing in time."""
    head = b""
    try:
        while len(head) < 8:
            chunk = sock.recv(8 - len(head))
            if not chunk:
                break
            head += chunk
    except TimeoutError:
        pass
    return head


def make(kind: str, jobs: int, n_items: int, scheduler: str | None = None,
         progress: bool = False) -> Serial | Pool | Dask:
    """The executor for a run: Dask when asked for, a pool when there are enough files to pay
    for one, else this process. ``progress``: show bars on stderr when it is a terminal
    (local executors only: a cluster's tasks report nothing back until they are done)."""
    if kind == "dask":
        return Dask(scheduler, jobs)
    executor = Pool(jobs) if jobs > 1 and n_items >= 8 * jobs else Serial()
    executor.progress = progress and _progress.wanted()
    return executor
