"""kanwu's cache of derived data (the word index, tables built from the knowledge files).

One folder, the user's own: $KANWU_CACHE_DIR, else $XDG_CACHE_HOME/kanwu, else
~/.cache/kanwu, created private (0700). Never a shared temporary folder, whose names anyone
could take first. The folder is used only when this user owns it and no one else may write
to it; an entry only when it is a regular file this user owns, no one else may write, and
its size and a digest of its first and last bytes match what was recorded when it was
stored (a truncated or altered entry is rebuilt, not read). Entries are written atomically,
so concurrent kanwu processes never see half a file; a cache that cannot be used is simply
not used. Nothing read from the cache decides what code is imported. Of each kind of entry
the few most recent are kept (another checkout or version of the data makes new ones).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from typing import Callable, Sequence, TypeVar

_SAMPLE = 65536  # bytes at each end of an entry that its check sum covers
_KEEP = 4        # entries kept of each kind (name up to the first "-", and its extension)

T = TypeVar("T")


def cache_dir() -> str | None:
    """The user's cache folder, created if missing; None when it is not safely theirs."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.environ.get("KANWU_CACHE_DIR") or os.path.join(base, "kanwu")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        return None
    return folder


def _own(st: os.stat_result) -> bool:
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _summary(f, size: int) -> dict:
    h = hashlib.blake2b(digest_size=16)
    h.update(f.read(_SAMPLE))
    if size > _SAMPLE:
        f.seek(max(_SAMPLE, size - _SAMPLE))
        h.update(f.read(_SAMPLE))
    return {"size": size, "sample": h.hexdigest()}


def find(name: str) -> str | None:
    """Path of a cached entry that is sound and this user's own, else None."""
    folder = cache_dir()
    if folder is None:
        return None
    path = os.path.join(folder, name)
    try:
        with _open(path + ".sum") as s, _open(path) as f:
            st = os.fstat(f.fileno())
            if not (_own(os.fstat(s.fileno())) and _own(st)) or json.load(s) != _summary(f, st.st_size):
                return None
    except (OSError, ValueError):
        return None
    return path


def _open(path: str):
    """Open for reading; never through a symbolic link, never blocking on a FIFO."""
    return open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb")


def store(name: str, data: bytes) -> str | None:
    """Write an entry (and its check sum) atomically into the cache; its path, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    import io

    target = os.path.join(folder, name)
    try:
        _write(target, data)
        _write(target + ".sum", json.dumps(_summary(io.BytesIO(data), len(data))).encode())
    except OSError:
        return None
    _prune(folder, name)
    return target


def _kind(name: str) -> tuple[str, str]:
    return name.split("-", 1)[0], os.path.splitext(name)[1]


def _prune(folder: str, name: str) -> None:
    """Remove all but the newest few entries of ``name``'s kind (``name`` itself is kept)."""
    kind = _kind(name)
    try:
        same = [e for e in os.scandir(folder) if e.name != name and not e.name.startswith(".")
                and not e.name.endswith(".sum") and _kind(e.name) == kind and e.is_file(follow_symlinks=False)]
        same.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
    except OSError:
        return
    for e in same[_KEEP - 1:]:
        for victim in (e.name, e.name + ".sum"):
            try:
                os.unlink(os.path.join(folder, victim))
            except OSError:
                pass


def memo(kind: str, sources: Sequence[str], build: Callable[[], T], version: str = "") -> T:
    """``build()`` (plain data: str, int, tuple, list, dict, set), kept in the cache under a
    name tied to ``version`` and each source file's path, size and mtime: a change to any of
    them builds it again. Loading it back costs a fraction of building it. Give a new ``kind``
    (shapes2, pinyin2) whenever what ``build`` returns changes shape: old entries are not read."""
    import marshal

    h = hashlib.blake2b(version.encode(), digest_size=8)
    for src in sources:
        st = os.stat(src)
        h.update(f"\0{os.path.abspath(src)}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    name = f"{kind}-{h.hexdigest()}"
    path = find(name)
    if path:
        try:
            with _open(path) as f:
                return marshal.loads(f.read())  # marshal.load(f) reads object by object: 4x slower
        except (OSError, ValueError, EOFError, TypeError):
            pass
    built = build()
    store(name, marshal.dumps(built))
    return built


def _write(target: str, data: bytes) -> None:
    tmp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.urandom(6).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
