"""Baselines: the findings an earlier run recorded, hidden so that only new ones are reported.

A baseline is the JSON output of ``kanwu check``. Each finding there carries a fingerprint:
a hash of the file's path relative to the project root (where the configuration or ``.git``
is), the record, the rule, the flagged text and a few characters around it. Line numbers and
offsets are not part of it, so the baseline stays valid when text above a finding changes,
when kanwu runs from another folder, and when the whole tree moves. A baseline counts: a file
that gains a second finding of the same fingerprint reports the extra one.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from .source import read_small

CONTEXT = 8  # characters either side of the span that take part in the fingerprint
MAX_BYTES = 256 << 20  # a baseline larger than this is not one


class BaselineError(Exception):
    pass


def fingerprint(project_path: str, record: str | int | None, rule: str, text: str, start: int, end: int) -> str:
    """The finding's identity: its flagged text with up to CONTEXT characters either side,
    within its own lines (an edit on another line never changes it)."""
    lo = max(0, start - CONTEXT)
    lo = max(lo, text.rfind("\n", lo, start) + 1)
    hi = min(len(text), end + CONTEXT)
    nl = text.find("\n", end, hi)
    hi = hi if nl < 0 else nl
    window = text[lo:start] + "\x00" + text[start:end] + "\x00" + text[end:hi]
    key = "\x1f".join((project_path, "" if record is None else str(record), rule, window))
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


class Baseline:
    def __init__(self, counts: Counter) -> None:
        self.counts = counts

    @classmethod
    def load(cls, path: str) -> "Baseline":
        hint = f"make one with 'kanwu check --output-format json PATHS > {path}'"
        try:
            data = json.loads(read_small(path, MAX_BYTES).decode("utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found") from None
        except OSError as e:
            raise BaselineError(f"{path}: cannot read the baseline: {e.strerror or e}") from None
        except (ValueError, UnicodeDecodeError, RecursionError) as e:  # json recurses per level of nesting
            raise BaselineError(f"{path}: not a kanwu JSON findings file ({e}); {hint}") from None
        if not isinstance(data, list) or not all(isinstance(d, dict) and isinstance(d.get("fingerprint"), str)
                                                 for d in data):
            raise BaselineError(f"{path}: not a kanwu JSON findings file (a list of findings with "
                                f"fingerprints); {hint}")
        return cls(Counter(d["fingerprint"] for d in data))

    def matcher(self) -> "BaselineMatch":
        """A fresh matcher for one check of one document (each fix pass starts again)."""
        return BaselineMatch(self.counts)


class BaselineMatch:
    """Hides as many findings of a fingerprint as the baseline recorded, no more."""

    __slots__ = ("counts", "used")

    def __init__(self, counts: Counter) -> None:
        self.counts, self.used = counts, Counter()

    def known(self, fp: str) -> bool:
        if self.used[fp] < self.counts.get(fp, 0):
            self.used[fp] += 1
            return True
        return False
