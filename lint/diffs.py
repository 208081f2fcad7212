"""Unified diffs that ``git apply`` and ``patch -p1`` accept: lines split on \\n only (a
\\r stays part of its line, so CRLF files diff as they are), and the "\\ No newline at end of
file" marker where the last line has no line break."""
from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def split_lines(text: str) -> list[str]:
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
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


def unified_diff(old: str, new: str, path: str, context: int = 3) -> str:
    a, b = split_lines(old), split_lines(new)
    if a == b:
        return ""
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                lines = [(" ", ln) for ln in a[a1:a2]]
            else:
                lines = [("-", ln) for ln in a[a1:a2]] + [("+", ln) for ln in b[b1:b2]]
            for sign, line in lines:
                out.append(sign + line)
                if not line.endswith("\n"):
                    out.append("\n" + NO_NEWLINE)
    return "".join(out)
