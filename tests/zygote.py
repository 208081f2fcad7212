"""A warm start for the CLI in tests: a server that has imported kanwu once and forks a fresh
process for each run.

Most tests run the real CLI in a real process (`conftest.kanwu`). Starting a Python interpreter
and importing regex, jieba, click and kanwu costs ~0.4 s a time, and the suite starts ~200 of
them: two thirds of its time. This server pays the imports once per pytest worker; each run
is then a `fork` of it that takes the test's pipes as its stdin, stdout and stderr, its
arguments, folder and environment, runs `python -m kanwu` (runpy, as the interpreter does)
and ends with the CLI's exit status, or dies by its signal. Nothing of a run is kept in the
server: it only imports modules, so each run starts with empty caches like a new process.

Besides the imports, the server compiles the patterns built from kanwu's bundled tables
(credits, continuation markers, titles), as a module does at import: they are the same in
every run. Everything a run reads from the user's files, settings and cache it still reads.

A PYTHONPATH of the run's own (a rule pack planted for a test) is put on ``sys.path`` where
the interpreter would put it, after the current folder; entry points are looked up at run
time, so the pack is found as in a new interpreter. What a fork cannot give is anything else
Python reads at start-up (PYTHONIOENCODING, the locale, a PYTHONPATH when the server has one)
or a limit set before exec. `conftest.kanwu` falls back to a real exec for such runs, and
KANWU_TEST_EXEC=1 runs every test that way (the suite passes both ways).

Protocol, one run per connection on a Unix socket: the client sends its three pipe ends
(SCM_RIGHTS) with a JSON request; the server forks a guard that forks the run, sends back
``{"pid": ...}`` and, when the run ends, ``{"status": ...}`` (a wait status). The server
stays single-threaded; guards reap their run and exit.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# What Python reads when it starts: a run that changes one of these needs a real interpreter.
STARTUP_KEYS = ("PYTHON", "LANG", "LC_", "LANGUAGE")


def needs_exec(env: dict[str, str]) -> bool:
    """``env`` (the run's whole environment) differs from the server's in what the
    interpreter reads at start-up."""
    keys = {k for k in set(env) | set(os.environ) if k.startswith(STARTUP_KEYS)}
    if not os.environ.get("PYTHONPATH"):
        keys.discard("PYTHONPATH")  # put on sys.path by the forked run
    return any(env.get(k) != os.environ.get(k) for k in keys)


# -- server -----------------------------------------------------------------------------------
def _warm() -> None:
    """Import what every run imports (the CLI and the built-in rules' modules) and compile the
    patterns of the bundled tables. Nothing else runs: no file, setting or cache is read."""
    import importlib
    from importlib.metadata import entry_points

    import kanwu.cli  # noqa: F401
    try:
        import kanwu.server  # noqa: F401  (pygls and lsprotocol: the language server's imports)
    except ImportError:  # the lsp extra is not installed
        pass
    for ep in entry_points(group="kanwu.rules"):
        if ep.value.startswith("kanwu."):
            importlib.import_module(ep.value.split(":")[0])
    from kanwu.zh import captions, names

    for build in (captions._credit_patterns, captions._marker_patterns, names._title_patterns,
                  names._org_patterns):
        build()


def _run(request: dict, fds: list[int]) -> None:
    """In the forked run: become the process the test asked for, run the CLI, exit."""
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as the interpreter sets them
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
    os.closerange(3, 1 << 16)
    os.chdir(request["cwd"])
    sys.path[0] = request["cwd"]  # as `python -m` puts the current folder first
    extra = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[1:1] = extra  # then PYTHONPATH, before the standard library (needs_exec: the server has none)
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    import io
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)))
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)),
                                  line_buffering=os.isatty(1))
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
                                  errors="backslashreplace", line_buffering=True)
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    sys.argv = [request["argv0"], *request["args"]]
    code = 0
    try:
        import runpy
        runpy.run_module("kanwu", run_name="__main__", alter_sys=True)
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code & 0xFF)


def _guard(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the guard: fork the run, tell the client its pid, wait, send its wait status."""
    pid = os.fork()
    if pid == 0:
        conn.close()
        _run(request, fds)
    for fd in fds:
        os.close(fd)
    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    conn.sendall(json.dumps({"status": status}).encode() + b"\n")
    conn.close()
    os._exit(0)


def serve(path: str) -> None:
    _warm()
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    listener.settimeout(1.0)
    print("ready", flush=True)
    while os.getppid() == parent:  # ends with the pytest worker that started it
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pass
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        msg, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
        while not msg.endswith(b"\n"):
            more = conn.recv(1 << 20)
            if not more:
                break
            msg += more
        if len(fds) != 3:
            conn.close()
            continue
        if os.fork() == 0:
            listener.close()
            _guard(conn, json.loads(msg), fds)
        conn.close()
        for fd in fds:
            os.close(fd)


# -- client -----------------------------------------------------------------------------------
class Zygote:
    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="kanwu-zygote-")
        self.path = os.path.join(self.folder, "socket")
        self.proc = subprocess.Popen([sys.executable, __file__, self.path], stdout=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL)
        line = self.proc.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError("the test zygote did not start")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        try:
            os.unlink(self.path)
            os.rmdir(self.folder)
        except OSError:
            pass

    def run(self, args, *, input=None, cwd=None, env, timeout) -> subprocess.CompletedProcess:
        """Like ``subprocess.run([python, "-m", "kanwu", *args], capture_output=True, ...)``."""
        argv = [sys.executable, "-m", "kanwu", *args]
        r_in, w_in = os.pipe()
        r_out, w_out = os.pipe()
        r_err, w_err = os.pipe()
        try:
            conn = start(self.path, args, [r_in, w_out, w_err], cwd=cwd, env=env)
        finally:
            for fd in (r_in, w_out, w_err):
                os.close(fd)
        out, err = bytearray(), bytearray()

        def drain(fd, buf):
            with open(fd, "rb", buffering=0) as f:
                while chunk := f.read(1 << 16):
                    buf += chunk

        def feed():
            try:
                with open(w_in, "wb") as f:
                    if input:
                        f.write(input)
            except BrokenPipeError:  # the run did not read all of it
                pass

        threads = [threading.Thread(target=drain, args=(r_out, out), daemon=True),
                   threading.Thread(target=drain, args=(r_err, err), daemon=True),
                   threading.Thread(target=feed, daemon=True)]
        for t in threads:
            t.start()
        conn.settimeout(timeout)
        replies = conn.makefile("rb")
        deadline = time.monotonic() + (timeout or 1e9)
        pid = None
        try:
            pid = json.loads(replies.readline())["pid"]
            status = json.loads(replies.readline())["status"]
        except (OSError, ValueError, KeyError):  # a timeout, or the server went away
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            conn.close()
            for t in threads:
                t.join(1)
            raise subprocess.TimeoutExpired(argv, timeout, bytes(out), bytes(err)) from None
        conn.close()
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()) + 5)
        code = os.waitstatus_to_exitcode(status)
        return subprocess.CompletedProcess(argv, code, bytes(out), bytes(err))


def start(path: str, args, fds: list[int], *, cwd=None, env=None) -> socket.socket:
    """Ask the server at ``path`` for a run of ``kanwu ARGS`` on ``fds`` (stdin, stdout, stderr);
    the connection answers with the run's pid, then its wait status."""
    request = {"args": [os.fsdecode(a) for a in args], "argv0": "kanwu",
               "cwd": os.fspath(cwd or os.getcwd()), "env": dict(os.environ if env is None else env),
               "umask": _umask()}
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], fds)
    return conn


def command(*args) -> list[str]:
    """The command line of a long-lived run (the language server that pytest-lsp starts): a
    small relay that asks this worker's server for the run on its own stdin, stdout and
    stderr, passes on SIGTERM and SIGINT, and exits with the run's status. With
    KANWU_TEST_EXEC=1, plain ``python -m kanwu ARGS``."""
    if os.environ.get("KANWU_TEST_EXEC") == "1":
        return [sys.executable, "-m", "kanwu", *args]
    return [sys.executable, __file__, "--via", shared().path, *args]


_shared: "Zygote | None" = None


def shared() -> "Zygote":
    """This process's server, started on first use and ended when the process ends."""
    global _shared
    if _shared is None:
        import atexit

        _shared = Zygote()
        atexit.register(_shared.close)
    return _shared


def _relay(path: str, args: list[str]) -> int:
    conn = start(path, args, [0, 1, 2])
    replies = conn.makefile("rb")
    pid = json.loads(replies.readline())["pid"]

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass
    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    line = replies.readline()
    return os.waitstatus_to_exitcode(json.loads(line)["status"]) if line else 1


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    if sys.argv[1] == "--via":
        code = _relay(sys.argv[2], sys.argv[3:])
        sys.exit(code if code >= 0 else 128 - code)
    serve(sys.argv[1])
