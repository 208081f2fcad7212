"""The filter stage: which rules run on a file, and which of their findings are reported.

Every front end (``kanwu check``, ``kanwu report``, review mode, the language server) goes
through this one stage, so a finding hidden in one is hidden in all:

- rule selection (``select`` / ``ignore`` / ``extend-select``: names, codes, families, code
  prefixes; the most specific match wins) and ``per-file-ignores`` decide which rules run;
- a baseline hides findings an earlier run recorded;
- inline suppressions in Markdown/HTML comments (``<!-- kanwu-disable-next-line NAME -->``,
  ``kanwu-disable-line``, ``kanwu-disable`` … ``kanwu-enable``, ``kanwu-disable-file``);
- the allow-list (``allow = [...]`` and the ``allow-file`` word list): a finding whose flagged
  text equals or lies within an allowed entry at that place;
- in Markdown files, everything that is not prose (code, HTML, link targets, front matter).

A finding that is filtered out is also never fixed, and a fix that would edit inside a
protected Markdown span is not offered.
"""
from __future__ import annotations

import bisect
import fnmatch
import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

from . import markdown
from .baseline import Baseline, fingerprint
from .model import Diagnostic
from .registry import Registry, RegistryError, match_score


class FilterError(Exception):
    pass


class RuleId(NamedTuple):
    """What a selector is matched against (a rule's name, code and family)."""

    name: str
    code: str
    group: tuple[str, str] | None


_DIRECTIVE = re.compile(r"<!--\s*kanwu-(disable-next-line|disable-line|disable-file|disable|enable)\b([^>]*?)-->")


@dataclass
class FilterStage:
    selected: tuple[str, ...]                          # names of the rules selected for the run
    per_file: tuple[tuple[str, frozenset[str]], ...]   # (glob, names of the rules it switches off)
    root: str                                          # project root: paths in baselines and globs
    catalogue: tuple[RuleId, ...] = ()                 # every registered rule, for inline selectors
    baseline: Baseline | None = None
    allow: tuple[str, ...] = ()                        # allowed strings (config and word list)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)
    _allow_re: re.Pattern | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, registry: Registry, select: Sequence[str], ignore: Sequence[str] = (),
              extend_select: Sequence[str] = (), per_file_ignores: dict[str, list[str]] | None = None,
              root: str = ".", baseline: Baseline | None = None, allow: Sequence[str] = ()) -> "FilterStage":
        try:
            chosen = registry.select(select, ignore, extend_select)
            per_file = []
            for pattern, keys in (per_file_ignores or {}).items():
                per_file.append((pattern, frozenset(c.name for c in registry.select(keys))))
        except RegistryError as e:
            raise FilterError(str(e)) from None
        catalogue = tuple(RuleId(c.name, c.code, c.group) for c in registry.rules)
        entries = tuple(sorted({a for a in allow if a}, key=len, reverse=True))
        return cls(tuple(c.name for c in chosen), tuple(per_file), os.path.abspath(root), catalogue, baseline, entries)

    def __getstate__(self):  # caches stay in their process
        state = dict(self.__dict__)
        state["_cache"], state["_allow_re"] = {}, None
        return state

    def project_path(self, path: str | None) -> str:
        """The path relative to the project root, with forward slashes ('-' for stdin)."""
        if not path or path == "-":
            return "-"
        rel = os.path.relpath(os.path.abspath(path), self.root)
        return rel.replace(os.sep, "/")

    def rules_for(self, path: str | None) -> frozenset[str]:
        """Names of the rules that run on this file."""
        key = path or ""
        found = self._cache.get(key)
        if found is None:
            off: set[str] = set()
            if path and self.per_file:
                rel, base = self.project_path(path), os.path.basename(path)
                for pattern, names in self.per_file:
                    if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(base, pattern) \
                            or fnmatch.fnmatch(path, pattern):
                        off |= names
            found = self._cache[key] = frozenset(n for n in self.selected if n not in off)
        return found

    def resolve(self, selectors: str) -> frozenset[str] | None:
        """The rules an inline selector list names (None: all rules). Unknown names select nothing."""
        keys = [k for k in re.split(r"[\s,]+", selectors.strip()) if k]
        if not keys:
            return None
        return frozenset(r.name for r in self.catalogue if any(match_score(k, r) for k in keys))

    def allow_also(self, entry: str) -> None:
        """Take one more allow-list entry for the rest of the run (review mode)."""
        self.allow = tuple(sorted({*self.allow, entry}, key=len, reverse=True))
        self._allow_re = None

    def allow_pattern(self) -> re.Pattern | None:
        if self._allow_re is None and self.allow:
            self._allow_re = re.compile("|".join(map(re.escape, self.allow)))
        return self._allow_re

    def document(self, path: str | None, text: str, record: str | int | None = None) -> "DocumentFilter":
        return DocumentFilter(self, path, text, record)


class DocumentFilter:
    """The stage applied to one check of one document's text."""

    def __init__(self, stage: FilterStage, path: str | None, text: str, record) -> None:
        self.stage, self.text, self.record = stage, text, record
        self.project_path = stage.project_path(path)
        self._baseline = stage.baseline.matcher() if stage.baseline else None
        self._suppressions = _Suppressions(stage, text) if "kanwu-" in text else None
        self._protected = markdown.protected_spans(text) if markdown.is_markdown(path) else None
        self._allowed: list[tuple[int, int]] | None = None

    def fingerprint(self, d: Diagnostic) -> str:
        return fingerprint(self.project_path, self.record, d.rule, self.text, d.start, d.end)

    def keep(self, d: Diagnostic) -> bool:
        if self._suppressions is not None and self._suppressions.hides(d):
            return False
        if self._protected and (_touches(self._protected, d.start, d.end) or d.fix is not None and any(
                _touches(self._protected, e.start, e.end) for e in d.fix.edits)):
            return False
        if self.stage.allow and self._is_allowed(d):
            return False
        if self._baseline is not None and self._baseline.known(self.fingerprint(d)):
            return False
        return True

    def _is_allowed(self, d: Diagnostic) -> bool:
        if self._allowed is None:
            spans = []
            pattern = self.stage.allow_pattern()
            if pattern is not None and pattern.search(self.text):
                for entry in self.stage.allow:  # every occurrence, overlapping ones included
                    k = self.text.find(entry)
                    while k >= 0:
                        spans.append((k, k + len(entry)))
                        k = self.text.find(entry, k + 1)
            self._allowed = sorted(spans)
        longest = len(self.stage.allow[0])  # entries are sorted longest first
        lo = bisect.bisect_left(self._allowed, (d.end - longest, -1))
        hi = bisect.bisect_right(self._allowed, (d.start, len(self.text) + 1))
        return any(s <= d.start and d.end <= e for s, e in self._allowed[lo:hi])


def allow_entry(flagged: str) -> str | None:
    """The allow-list entry that says a flagged text is right (review mode's key, the language
    server's action), or None when it cannot be one: it spans lines or holds no letter or
    ideograph (allowing a bare ',' would hide every such finding; an inline comment can)."""
    entry = flagged.strip()
    if not entry or "\n" in entry or "\r" in entry or not any(ch.isalnum() for ch in entry):
        return None
    return entry


def _touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """The span [start, end) overlaps a protected span (an insertion strictly inside one too)."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    for s, e in spans[max(0, i):i + 2]:
        if start < e and s < end or s < start < e:
            return True
    return False


class _Suppressions:
    """The kanwu-disable… comments of one text, resolved to rule names and offsets."""

    def __init__(self, stage: FilterStage, text: str) -> None:
        self.file: frozenset[str] | None | bool = False   # False: no file-wide directive
        self.lines: dict[int, frozenset[str] | None] = {}  # line start offset -> rules (None: all)
        self.regions: list[tuple[int, int, frozenset[str] | None]] = []
        open_: dict[frozenset[str] | None, int] = {}
        for m in _DIRECTIVE.finditer(text):
            kind, names = m.group(1), stage.resolve(m.group(2))
            line_start = text.rfind("\n", 0, m.start()) + 1
            if kind == "disable-file":
                self.file = None if names is None or self.file is None else (names | (self.file or frozenset()))
            elif kind == "disable-line":
                self.lines[line_start] = _union(self.lines.get(line_start, frozenset()), names)
            elif kind == "disable-next-line":
                nxt = text.find("\n", m.end())
                if nxt >= 0:
                    self.lines[nxt + 1] = _union(self.lines.get(nxt + 1, frozenset()), names)
            elif kind == "disable":
                open_.setdefault(names, m.end())
            else:  # enable: closes the matching disable, or every one when no list is given
                for key in [k for k in open_ if names is None or k == names or k is not None and k <= names]:
                    self.regions.append((open_.pop(key), m.start(), key))
        self.regions.extend((s, len(text), k) for k, s in open_.items())
        self.text = text

    def hides(self, d: Diagnostic) -> bool:
        if self.file is not False and (self.file is None or d.rule in self.file):
            return True
        if self.lines:
            names = self.lines.get(self.text.rfind("\n", 0, d.start) + 1, frozenset())
            if names is None or d.rule in names:
                return True
        return any(s <= d.start < e and (k is None or d.rule in k) for s, e, k in self.regions)


def _union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return None if a is None or b is None else a | b
