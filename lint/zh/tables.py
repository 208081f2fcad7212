"""Reading the tables in ``data/``: UTF-8 text, a header comment first, ``#`` lines skipped."""
from __future__ import annotations

import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def path(name: str) -> str:
    return os.path.join(DATA_DIR, name)


def header(name: str) -> str:
    """The first line of a table: its source and licence."""
    with open(path(name), encoding="utf-8") as f:
        return f.readline().rstrip("\n")


def rows(name: str) -> list[list[str]]:
    """The table's lines split at tabs, without comments and blank lines."""
    out = []
    with open(path(name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                out.append(line.split("\t"))
    return out


def tables() -> list[str]:
    """Every table file shipped in ``data/``."""
    return sorted(n for n in os.listdir(DATA_DIR) if n.endswith((".txt", ".tsv")))
