"""The filter stage: which rules run on a file, and which of their findings are reported.

Every front end (``kanwu check``, ``kanwu report``, review mode, the language server) goes
through this one stage, so a finding hidden in one is hidden in all:

- rule selection (``select`` / ``ignore`` / ``extend-select``: names, codes, families, code
  prefixes; the most specific match wins) and ``per-file-ignores`` decide which rules run;
- a baseline hides findings an earlier run recorded.

A finding that is filtered out is also never fixed.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from typing import Sequence

from .baseline import Baseline, fingerprint
from .model import Diagnostic, Rule
from .registry import Registry, RegistryError


class FilterError(Exception):
    pass


@dataclass
class FilterStage:
    selected: tuple[str, ...]                          # names of the rules selected for the run
    per_file: tuple[tuple[str, frozenset[str]], ...]   # (glob, names of the rules it switches off)
    root: str                                          # project root: paths in baselines and globs
    baseline: Baseline | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, registry: Registry, select: Sequence[str], ignore: Sequence[str] = (),
              extend_select: Sequence[str] = (), per_file_ignores: dict[str, list[str]] | None = None,
              root: str = ".", baseline: Baseline | None = None) -> "FilterStage":
        try:
            chosen = registry.select(select, ignore, extend_select)
            per_file = []
            for pattern, keys in (per_file_ignores or {}).items():
                per_file.append((pattern, frozenset(c.name for c in registry.select(keys))))
        except RegistryError as e:
            raise FilterError(str(e)) from None
        return cls(tuple(c.name for c in chosen), tuple(per_file), os.path.abspath(root), baseline)

    def __getstate__(self):  # the per-path cache stays in its process
        state = dict(self.__dict__)
        state["_cache"] = {}
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

    def document(self, path: str | None, text: str, record: str | int | None = None) -> "DocumentFilter":
        return DocumentFilter(self, self.project_path(path), text, record)


class DocumentFilter:
    """The stage applied to one check of one document's text."""

    __slots__ = ("stage", "project_path", "text", "record", "_baseline")

    def __init__(self, stage: FilterStage, project_path: str, text: str, record) -> None:
        self.stage, self.project_path, self.text, self.record = stage, project_path, text, record
        self._baseline = stage.baseline.matcher() if stage.baseline else None

    def fingerprint(self, d: Diagnostic) -> str:
        return fingerprint(self.project_path, self.record, d.rule, self.text, d.start, d.end)

    def keep(self, d: Diagnostic) -> bool:
        if self._baseline is not None and self._baseline.known(self.fingerprint(d)):
            return False
        return True


def rules_named(rules: Sequence[Rule], names: frozenset[str]) -> list[Rule]:
    return [r for r in rules if r.name in names]
