"""kanwu's cache of derived data (the word index, the entry-point list).

The first writable folder of: $KANWU_CACHE_DIR, $XDG_CACHE_HOME/kanwu (~/.cache/kanwu), and a
per-user folder in the temp directory. Entries are written atomically, so concurrent kanwu
processes never see half a file; a cache that cannot be written is simply not used.
"""
from __future__ import annotations

import os
import tempfile


def cache_dirs() -> list[str]:
    dirs = []
    if os.environ.get("KANWU_CACHE_DIR"):
        dirs.append(os.environ["KANWU_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    dirs.append(os.path.join(base, "kanwu"))
    dirs.append(os.path.join(tempfile.gettempdir(), f"kanwu-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"))
    return dirs


def find(name: str) -> str | None:
    """Path of a cached entry, if any cache folder has it."""
    for folder in cache_dirs():
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    return None


def store(name: str, data: bytes) -> str | None:
    """Write an entry atomically into the first writable cache folder; its path, or None."""
    for folder in cache_dirs():
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            target = os.path.join(folder, name)
            os.replace(tmp, target)
            return target
        except OSError:
            continue
    return None
