"""Which files a run looks at: explicit files always, folders recursively with excludes."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from typing import Iterator, Sequence


@dataclass(frozen=True)
class Found:
    path: str
    error: str | None = None


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    for pat in patterns:
        p = pat.rstrip("/")
        if fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p + "/*"):
            return True
    return False


def _broken_link(path: str) -> str:
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == 40:  # ELOOP
            return f"{path}: symbolic link loop"
    return f"{path}: dangling symbolic link"


def discover(paths: Sequence[str], exclude: Sequence[str], include: Sequence[str],
             root: str | None = None) -> Iterator[Found]:
    """Files to check, in a stable order. Explicit files are always checked (unless excluded);
    inside folders: hidden entries, excluded patterns and files not matching ``include`` are
    skipped; symlinked folders are not followed (no loops), dangling links are reported."""
    seen: set[str] = set()
    for given in paths:
        if os.path.islink(given) and not os.path.exists(given):
            yield Found(given, _broken_link(given))
            continue
        if not os.path.exists(given):
            yield Found(given, f"{given}: no such file or directory")
            continue
        if os.path.isfile(given):
            real = os.path.realpath(given)
            if real not in seen:
                seen.add(real)
                yield Found(given)
            continue
        base = root or given
        for folder, dirs, files in os.walk(given, followlinks=False):
            rel_folder = os.path.relpath(folder, base)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(
                os.path.normpath(os.path.join(rel_folder, d)), d, exclude))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(folder, name)
                rel = os.path.normpath(os.path.join(rel_folder, name))
                if _excluded(rel, name, exclude):
                    continue
                if not any(fnmatch.fnmatch(name.lower(), pat) for pat in include):
                    continue
                if os.path.islink(full) and not os.path.exists(full):
                    yield Found(full, _broken_link(full))
                    continue
                real = os.path.realpath(full)
                if real in seen:
                    continue
                seen.add(real)
                yield Found(full)
