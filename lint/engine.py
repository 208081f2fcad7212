"""The linter: runs the selected rules over a Document and fixes to a fixed point."""
from __future__ import annotations

import fnmatch
import os
from typing import Any, Iterable, Sequence

from .config import ConfigError, Settings
from .document import Document
from .model import Diagnostic, Edit, Fix, Rule
from .registry import Registry, RegistryError

MAX_FIX_PASSES = 12


class ConvergenceError(Exception):
    """Fixes kept changing the text after the maximum number of passes."""

    def __init__(self, path: str | None, rules: Sequence[str]) -> None:
        self.rules = sorted(set(rules))
        super().__init__(f"{path or '<text>'}: fixes did not converge after {MAX_FIX_PASSES} passes; "
                         f"rules still changing the text: {', '.join(self.rules)}. "
                         f"Nothing was written; please report this as a bug.")


class RuleCrash(Exception):
    pass


class Linter:
    """The selected, configured rules of one run. Picklable: workers rebuild nothing else."""

    def __init__(self, registry: Registry, settings: Settings, *, select: Sequence[str] | None = None,
                 ignore: Sequence[str] = (), extend_select: Sequence[str] = ()) -> None:
        self.settings = settings
        sel = list(select) if select else list(settings.select)
        try:
            classes = registry.select(sel, [*settings.ignore, *ignore],
                                      [*settings.extend_select, *extend_select])
        except RegistryError as e:
            raise ConfigError(str(e)) from None
        for name in settings.rule_options:
            if registry.find(name) is None:
                raise ConfigError(f"{settings.source}: options given for unknown rule {name!r}")
        self.rules: list[Rule] = []
        for cls in classes:
            opts = settings.rule_options.get(cls.name) or settings.rule_options.get(cls.code)
            try:
                rule = cls(opts)
            except ValueError as e:
                raise ConfigError(f"{settings.source}: {e}") from None
            rule.configure(settings)
            self.rules.append(rule)
        self._ignores = [(pat, list(keys)) for pat, keys in settings.per_file_ignores.items()]
        self._registry = registry

    @property
    def corpus_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.corpus]

    def rules_for(self, path: str | None) -> list[Rule]:
        rules = [r for r in self.rules if r.applies_to(path)]
        if path and self._ignores:
            rel = os.path.relpath(os.path.abspath(path), self.settings.root)
            drop: list[str] = []
            for pat, keys in self._ignores:
                if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(os.path.basename(path), pat) \
                        or fnmatch.fnmatch(path, pat):
                    drop.extend(keys)
            if drop:
                gone = {c.name for c in self._registry.select(drop)}
                rules = [r for r in rules if r.name not in gone]
        return rules

    # -- checking -------------------------------------------------------------------------
    def check(self, doc: Document, stats: dict[str, Any] | None = None) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        n = len(doc.text)
        for rule in self.rules_for(doc.path):
            try:
                if rule.corpus:
                    if stats is None or rule.name not in stats:
                        continue
                    found: Iterable[Diagnostic] = rule.check(doc, stats[rule.name])
                else:
                    found = rule.check(doc)
                for d in found:
                    if not (0 <= d.start <= d.end <= n) or (d.fix and any(
                            not (0 <= e.start <= e.end <= n) for e in d.fix.edits)):
                        raise RuleCrash(f"rule {rule.name} produced a span outside the text "
                                        f"({d.start}-{d.end} of {n})")
                    out.append(d)
            except RuleCrash:
                raise
            except Exception as e:  # a rule bug must not take the whole run down silently
                raise RuleCrash(f"rule {rule.name} ({rule.code}) failed on "
                                f"{doc.path or '<text>'}: {type(e).__name__}: {e}") from e
        out.sort(key=lambda d: d.sort_key)
        return out

    def collect(self, doc: Document, record: int | None = None) -> dict[str, Any]:
        doc_id = doc.path if record is None else f"{doc.path}#{record}"
        return {r.name: r.collect(doc, doc_id) for r in self.rules_for(doc.path) if r.corpus}

    def merge(self, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
        """Merge ``b`` into the accumulator ``a`` (see CorpusRule.merge); returns ``a``."""
        for r in self.corpus_rules:
            if r.name in b:
                a[r.name] = r.merge(a[r.name] if r.name in a else r.empty(), b[r.name])
        return a

    def empty_stats(self) -> dict[str, Any]:
        return {r.name: r.empty() for r in self.corpus_rules}

    def finalize(self, stats: dict[str, Any]) -> dict[str, Any]:
        return {r.name: r.finalize(stats.get(r.name, r.empty())) for r in self.corpus_rules}

    # -- fixing ---------------------------------------------------------------------------
    def fix(self, text: str, path: str | None = None, *, unsafe: bool = False,
            stats: dict[str, Any] | None = None, newline: str | None = None,
            accept=None) -> tuple[str, list[Diagnostic], int]:
        """Apply fixes until nothing changes. Returns (text, remaining diagnostics, fixes applied).

        ``accept(diagnostic) -> bool`` may veto individual fixes (interactive review).
        """
        applied = 0
        last_rules: list[str] = []
        for _ in range(MAX_FIX_PASSES):
            doc = Document(text, path, newline=newline)
            diags = self.check(doc, stats)
            fixable = [d for d in diags if d.fix is not None and d.fix.applies(unsafe)]
            if accept is not None:
                fixable = [d for d in fixable if accept(d)]
            if not fixable:
                return text, diags, applied
            new_text, used = apply_fixes(text, fixable)
            if new_text == text:
                return text, diags, applied
            text, applied, last_rules = new_text, applied + len(used), [d.rule for d in used]
        raise ConvergenceError(path, last_rules)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end or (a.start == a.end and b.start < a.start < b.end) \
        or (b.start == b.end and a.start < b.start < a.end)


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    """Apply the fixes whose edits do not overlap an earlier chosen fix; the rest wait a pass."""
    chosen: list[Edit] = []
    used: list[Diagnostic] = []
    for d in sorted(diagnostics, key=lambda d: (d.fix.span, d.code)):  # type: ignore[union-attr]
        fix: Fix = d.fix  # type: ignore[assignment]
        if any(_overlaps(e, c) for e in fix.edits for c in chosen):
            continue
        edits = list(fix.edits)
        if any(_overlaps(x, y) for i, x in enumerate(edits) for y in edits[i + 1:]):
            continue  # a malformed fix is never applied
        chosen.extend(edits)
        used.append(d)
    parts = []
    pos = len(text)
    for e in sorted(chosen, key=lambda e: (e.start, e.end), reverse=True):
        parts.append(text[e.end:pos])
        parts.append(e.content)
        pos = e.start
    parts.append(text[:pos])
    return "".join(reversed(parts)), used

