"""The Linter: the configured rules of one run, checking one document and fixing it to a
fixed point. Which executor runs it over many files (serial, a process pool, Dask) is the
pipeline's business, not the Linter's."""
from __future__ import annotations

import bisect
from typing import Any, Callable, Iterable, Sequence

import regex

from .config import ConfigError, Settings, allowed
from .document import Document
from .filters import FilterError, FilterStage
from .model import Diagnostic, Edit, Rule
from .registry import Registry

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


class Checked(list):
    """The findings of one check, and how many the filter stage hid (baseline, suppressions)."""

    hidden = 0


#: decide(diagnostic, text) -> True to apply its fix, False to skip it (it is not offered
#: again), None to stop fixing this document (what was accepted so far is kept).
Decide = Callable[[Diagnostic, str], "bool | None"]


class Linter:
    """The selected, configured rules of one run and the filter stage. Picklable: workers
    rebuild nothing else."""

    def __init__(self, rules: Sequence[Rule], filters: FilterStage) -> None:
        self.rules = list(rules)
        self.filters = filters

    @classmethod
    def configure(cls, registry: Registry, settings: Settings, *, select: Sequence[str] | None = None,
                  ignore: Sequence[str] = (), extend_select: Sequence[str] = (), baseline=None) -> "Linter":
        """Validate the whole configuration against the registry and build the run's rules."""
        try:
            filters = FilterStage.build(registry, list(select) if select else list(settings.select),
                                        [*settings.ignore, *ignore], [*settings.extend_select, *extend_select],
                                        settings.per_file_ignores, settings.root, baseline, allowed(settings))
        except FilterError as e:
            raise ConfigError(f"{settings.source}: {e}") from None
        configured: dict[str, dict] = {}
        for key, opts in settings.rule_options.items():
            found = registry.find(key)
            if found is not None:
                configured.setdefault(found.name, {}).update(opts)
                continue
            family = registry.group(key)  # a family's table: each option goes to the checks that have it
            if not family:
                raise ConfigError(f"{settings.source}: options given for unknown rule {key!r}")
            for option, value in opts.items():
                owners = [c for c in family if option in c.options]
                if not owners:
                    known = ", ".join(sorted({o for c in family for o in c.options})) or "none"
                    raise ConfigError(f"{settings.source}: unknown option {option!r} for rule family {key!r} "
                                      f"(known: {known})")
                for c in owners:
                    configured.setdefault(c.name, {})[option] = value
        owners = {c.config_table: c for c in registry.rules if c.config_table}
        for table in settings.tables:
            if table not in owners:
                raise ConfigError(f"{settings.source}: unknown key {table!r} (known: {', '.join(settings.known_keys(owners))})")
        selected = set(filters.selected)
        rules = []
        for c in registry.rules:
            if c.name not in selected and c.name not in configured:
                continue  # options of a rule that is not selected are still validated
            try:
                rule = c(configured.get(c.name))
                if c.config_table and c.config_table in settings.tables:
                    rule.configure(settings.tables[c.config_table])
            except ValueError as e:
                raise ConfigError(f"{settings.source}: {e}") from None
            if c.name in selected:
                rules.append(rule)
        return cls(rules, filters)

    @property
    def corpus_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.corpus]

    def rules_for(self, path: str | None) -> list[Rule]:
        names = self.filters.rules_for(path)
        return [r for r in self.rules if r.name in names and r.applies_to(path)]

    # -- checking -------------------------------------------------------------------------
    def check(self, doc: Document, stats: dict[str, Any] | None = None, record=None,
              corpus: bool | None = None) -> Checked:
        """The findings of every rule that runs on this document, through the filter stage.
        ``corpus``: True for the corpus rules only, False for the others only, None for all
        (corpus rules run only when ``stats`` has theirs)."""
        out: list[Diagnostic] = []
        n = len(doc.text)
        keep = self.filters.document(doc.path, doc.text, record).keep
        for rule in self.rules_for(doc.path):
            if corpus is not None and rule.corpus != corpus:
                continue
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
                    if d.fix is not None and any(cuts_cluster(doc.text, e) for e in d.fix.edits):
                        d.fix = None  # the finding stays; a fix that breaks a character does not
                    out.append(d)
            except RuleCrash:
                raise
            except Exception as e:  # a rule bug must not take the whole run down silently
                raise RuleCrash(f"rule {rule.name} ({rule.code}) failed on "
                                f"{doc.path or '<text>'}: {type(e).__name__}: {e}") from e
        out.sort(key=lambda d: d.sort_key)
        kept = Checked(d for d in out if keep(d))
        kept.hidden = len(out) - len(kept)
        return kept

    def collect(self, doc: Document, doc_id: str) -> dict[str, Any]:
        return {r.name: r.collect(doc, doc_id) for r in self.rules_for(doc.path) if r.corpus}

    def keys(self, doc: Document) -> dict[str, frozenset | None]:
        """Each corpus rule's keys of this document (see CorpusRule.keys)."""
        return {r.name: r.keys(doc) for r in self.rules_for(doc.path) if r.corpus}

    def hits(self, keys: dict[str, frozenset | None], stats: dict[str, Any]) -> bool:
        """Whether the finalized stats may flag anything in a file with these keys (a rule that
        keeps no keys always may)."""
        rules = {r.name: r for r in self.corpus_rules}
        return any(k is None or rules[name].hits(k, stats.get(name)) for name, k in keys.items())

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
            stats: dict[str, Any] | None = None, newline: str | None = None, record=None,
            decide: Decide | None = None) -> tuple[str, list[Diagnostic], int]:
        """Apply fixes pass after pass until nothing changes. Returns (text, the findings left
        in it, fixes applied). ``decide`` asks a person about each fix (review mode)."""
        applied = 0
        last_rules: list[str] = []
        declined: set[tuple[str, int, int]] = set()
        for _ in range(MAX_FIX_PASSES):
            diags = self.check(Document(text, path, newline=newline), stats, record)
            fixable = [d for d in diags if d.fix is not None and d.fix.applies(unsafe)
                       and (d.code, d.start, d.end) not in declined]
            chosen, stop = choose_fixes(fixable, text, decide, declined)
            if not chosen:
                return text, diags, applied
            new_text, edits = _apply(text, chosen)
            declined = {(c, shift(s, edits), shift(e, edits)) for c, s, e in declined}
            text, applied, last_rules = new_text, applied + len(chosen), [d.rule for d in chosen]
            if stop:
                return text, self.check(Document(text, path, newline=newline), stats, record), applied
        raise ConvergenceError(path, last_rules)


# -- grapheme clusters: what a reader sees as one character -----------------------------------------
# A character that may join its neighbour into one cluster: combining marks and other extenders,
# ZWJ, spacing marks, prepend characters, regional indicators (flags), Hangul jamo.
_JOINING = regex.compile(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}"
                         r"\p{GCB=Regional_Indicator}\p{GCB=L}\p{GCB=V}\p{GCB=T}]")
_MARKS = regex.compile(r"[\p{GCB=Extend}\p{GCB=ZWJ}]+")
_CLUSTER = regex.compile(r"\X")


def _joins(text: str, p: int) -> bool:
    """Whether the clusters around offset ``p`` need working out (ordinary text: no)."""
    return text[p - 1:p + 1] == "\r\n" or bool(_JOINING.match(text, p - 1) or _JOINING.match(text, p))


def _sure_boundary(text: str, p: int, step: int) -> int:
    while 0 < p < len(text) and _joins(text, p):
        p += step
    return p


def _splits(text: str, p: int) -> bool:
    """Whether offset ``p`` falls inside a grapheme cluster. Clusters are worked out only
    around ``p`` and only when a neighbour is a joining character."""
    if not 0 < p < len(text) or not _joins(text, p):
        return False
    for m in _CLUSTER.finditer(text, _sure_boundary(text, p, -1)):
        if m.end() >= p:
            return m.end() != p
    return False  # pragma: no cover - the last cluster ends at len(text)


def cuts_cluster(text: str, e: Edit) -> bool:
    """Whether an edit starts or ends inside a grapheme cluster (a letter and its combining
    marks, an emoji sequence, a flag, jamo, CR LF). Deleting only marks or joiners is fine as
    long as it splits nothing (a stray joiner between two Chinese characters; not the joiner
    inside a family emoji)."""
    if not (_splits(text, e.start) or (e.end != e.start and _splits(text, e.end))):
        return False
    if e.content or not _MARKS.fullmatch(text, e.start, e.end):
        return True
    s, t = _sure_boundary(text, e.start, -1), _sure_boundary(text, e.end, 1)
    before = sum(1 for _ in _CLUSTER.finditer(text, s, t))
    return sum(1 for _ in _CLUSTER.finditer(text[s:e.start] + text[e.end:t])) != before


class _Occupied:
    """Edits already chosen, sorted and disjoint: an overlap test in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []

    def conflicts(self, e: Edit) -> bool:
        i = bisect.bisect_left(self.starts, e.start)
        j = i - 1
        while j >= 0 and self.edits[j].end >= e.start:  # chosen edits reaching back over e.start
            if _overlaps(self.edits[j], e):
                return True
            j -= 1
        while i < len(self.edits) and self.edits[i].start <= e.end:
            if _overlaps(self.edits[i], e):
                return True
            i += 1
        return False

    def add(self, e: Edit) -> None:
        i = bisect.bisect_right(self.starts, e.start)
        self.starts.insert(i, e.start)
        self.edits.insert(i, e)


def _overlaps(a: Edit, b: Edit) -> bool:
    """Two insertions at one point overlap; an insertion strictly inside a range does; ranges
    overlap when they share a character. Touching ends do not."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def choose_fixes(fixable: Sequence[Diagnostic], text: str, decide: Decide | None = None,
                 declined: set | None = None) -> tuple[list[Diagnostic], bool]:
    """The fixes to apply in one pass: in text order, each one whose edits overlap neither an
    earlier chosen fix nor each other (the rest wait for the next pass, against the new text).
    Returns (chosen, whether ``decide`` asked to stop)."""
    occupied = _Occupied()
    chosen: list[Diagnostic] = []
    for d in sorted(fixable, key=lambda d: (d.fix.span, d.code)):  # type: ignore[union-attr]
        edits = d.fix.edits  # type: ignore[union-attr]
        if any(occupied.conflicts(e) for e in edits):
            continue
        if any(_overlaps(x, y) for i, x in enumerate(edits) for y in edits[i + 1:]):
            continue  # a malformed fix is never applied
        if decide is not None:
            answer = decide(d, text)
            if answer is None:
                return chosen, True
            if not answer:
                if declined is not None:
                    declined.add((d.code, d.start, d.end))
                continue
        for e in edits:
            occupied.add(e)
        chosen.append(d)
    return chosen, False


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    """Apply every fix that does not overlap an earlier one; returns (new text, fixes used)."""
    chosen, _ = choose_fixes(diagnostics, text)
    return _apply(text, chosen)[0], chosen


def _apply(text: str, chosen: Sequence[Diagnostic]) -> tuple[str, list[Edit]]:
    """The edits of non-overlapping fixes applied in one linear pass; (new text, sorted edits)."""
    edits = sorted((e for d in chosen for e in d.fix.edits),  # type: ignore[union-attr]
                   key=lambda e: (e.start, e.end))
    parts, pos = [], 0
    for e in edits:
        parts.append(text[pos:e.start])
        parts.append(e.content)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), edits


def shift(pos: int, edits: Sequence[Edit]) -> int:
    """Where an offset lands after the (sorted) edits are applied."""
    delta = 0
    for e in edits:
        if e.end > pos:
            break
        delta += len(e.content) - (e.end - e.start)
    return pos + delta
