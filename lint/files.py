"""Which files a run looks at: explicit files always, folders recursively with excludes."""
from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass
from typing import Iterator, Sequence

from .source import file_kind


@dataclass(frozen=True)
class Found:
    path: str
    error: str | None = None   # the path cannot be checked: reported, and the run exits 2
    skipped: bool = False      # with ``error``: a file inside a folder that is not checked (a FIFO...)


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
        if e.errno == errno.ELOOP:
            return f"{path}: symbolic link loop"
    return f"{path}: dangling symbolic link"


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def excluded_path(path: str, root: str, patterns: Sequence[str]) -> bool:
    """Whether an explicitly named file, or a folder on its way down from ``root``, matches an
    exclude pattern (``--force-exclude``). A file outside ``root`` is matched by its names."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    parts = [p for p in (path.replace(os.sep, "/") if rel.startswith("../") else rel).split("/") if p not in ("", ".")]
    return any(_excluded("/".join(parts[:i + 1]), part, patterns) for i, part in enumerate(parts))


def discover(paths: Sequence[str], exclude: Sequence[str], include: Sequence[str],
             root: str | None = None, force_exclude: bool = False) -> Iterator[Found]:
    """Files to check, in a stable order. Explicit files are always checked (with
    ``force_exclude``, unless ``exclude`` matches them, as a folder walk would skip them);
    inside folders: hidden entries, excluded patterns and files not matching ``include`` are
    skipped; symlinked folders are not followed (no loops), dangling links, unreadable
    folders and named pipes, sockets or devices are reported. The walk is iterative: a tree
    of any depth is fine."""
    seen: set[str] = set()
    for given in paths:
        if force_exclude and excluded_path(given, root or ".", exclude):
            continue
        try:
            st = os.stat(given)
        except OSError as e:
            if os.path.islink(given):
                yield Found(given, _broken_link(given))
            elif e.errno == errno.ENOENT:
                yield Found(given, f"{given}: no such file or directory")
            else:
                yield Found(given, f"{given}: cannot read: {_reason(e)}")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(given, root or given, exclude, include, seen)
        elif not stat.S_ISREG(st.st_mode):
            yield Found(given, f"{given}: {file_kind(st.st_mode)}, not a regular file; not checked")
        else:
            real = os.path.realpath(given)
            if real not in seen:
                seen.add(real)
                yield Found(given)


def _walk(top: str, base: str, exclude: Sequence[str], include: Sequence[str], seen: set[str]) -> Iterator[Found]:
    # (folder, its path relative to base, its real path: links to folders are never followed,
    # so a real path below is the real folder plus a name, with no lookups on long paths)
    stack = [(top, os.path.relpath(top, base), os.path.realpath(top))]
    while stack:
        folder, rel_folder, real_folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            yield Found(folder, f"{folder}: cannot list this folder: {_reason(e)}; its files were not checked")
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if _excluded(rel, name, exclude):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append((entry.path, rel, os.path.join(real_folder, name)))
                    continue
                is_link = entry.is_symlink()
            except OSError as e:
                yield Found(entry.path, f"{entry.path}: cannot read: {_reason(e)}")
                continue
            if not any(fnmatch.fnmatch(name.lower(), pat) for pat in include):
                continue
            try:
                st = os.stat(entry.path) if is_link else entry.stat(follow_symlinks=False)
            except OSError as e:
                yield Found(entry.path, _broken_link(entry.path) if is_link else
                            f"{entry.path}: cannot read: {_reason(e)}")
                continue
            if stat.S_ISDIR(st.st_mode):
                continue  # a link to a folder: not followed
            if not stat.S_ISREG(st.st_mode):
                yield Found(entry.path, f"{entry.path}: {file_kind(st.st_mode)}, not a regular file; skipped",
                            skipped=True)
                continue
            real = os.path.realpath(entry.path) if is_link else os.path.join(real_folder, name)
            if real in seen:
                continue
            seen.add(real)
            yield Found(entry.path)
        stack.extend(reversed(subfolders))
