"""Unified diffs that ``git apply`` and ``patch -p1`` accept, byte for byte what ``--fix`` writes.

A diff is computed on the file's bytes (the old bytes and the bytes ``--fix`` would write, in
the file's own encoding, BOM and line endings), split on \\n only: a \\r stays part of its line,
so CRLF files diff as they are, and a file in GB18030 gets a patch in GB18030. The last line
of a side without a final line break carries the "\\ No newline at end of file" marker.
Paths are shown relative to the working folder (as ``git apply`` and ``patch -p1`` run there)
with the usual ``a/`` and ``b/`` prefixes; a name holding a space ends with a tab, as git
writes it, so that GNU patch reads the whole name.
"""
from __future__ import annotations

import difflib
import os

NO_NEWLINE = b"\\ No newline at end of file\n"


def split_lines(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    out = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _range(start: int, stop: int) -> str:
    length = stop - start
    first = start + 1
    if length == 1:
        return str(first)
    if not length:
        first -= 1
    return f"{first},{length}"


def label(path: str) -> bytes:
    """The path as a patch names it: relative to the working folder when it lies below it,
    in the file system's own bytes."""
    if path == "-":
        return b"-"
    rel = os.path.relpath(path) if os.path.isabs(path) or path.startswith(("./", "../")) else path
    if rel.startswith(".."):
        rel = path
    return os.fsencode(rel.replace(os.sep, "/"))


def unified_diff(old: bytes, new: bytes, path: str, context: int = 3) -> bytes:
    """The patch that turns ``old`` into ``new`` (empty when they are equal)."""
    a, b = split_lines(old), split_lines(new)
    if a == b:
        return b""
    name = label(path)
    tail = b"\t" if b" " in name else b""
    out = [b"--- a/" + name + tail + b"\n", b"+++ b/" + name + tail + b"\n"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n".encode("ascii"))
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                lines = [(b" ", ln) for ln in a[a1:a2]]
            else:
                lines = [(b"-", ln) for ln in a[a1:a2]] + [(b"+", ln) for ln in b[b1:b2]]
            for sign, line in lines:
                out.append(sign + line)
                if not line.endswith(b"\n"):
                    out.append(b"\n" + NO_NEWLINE)
    return b"".join(out)
