"""The values that flow from rules to consumers: edits, fixes, diagnostics, and the Rule base.

Offsets are Python ``str`` indices (code points) into the decoded text: start inclusive, end
exclusive. Lines, columns and UTF-16 positions are computed only at the edges.
"""
from __future__ import annotations

import enum
import itertools
import pickle
import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, enum.Enum):
    """How much judgement applying a fix needs (ruff's Safe / Unsafe / DisplayOnly)."""

    SAFE = "safe"            # never changes meaning; applied by --fix
    UNSAFE = "unsafe"        # needs judgement; applied only with --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # shown to a person, never applied


class FixAvailability(str, enum.Enum):
    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    content: str = ""

    @classmethod
    def delete(cls, start: int, end: int) -> "Edit":
        return cls(start, end, "")

    @classmethod
    def replace(cls, start: int, end: int, content: str) -> "Edit":
        return cls(start, end, content)

    @classmethod
    def insert(cls, at: int, content: str) -> "Edit":
        return cls(at, at, content)

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "content": self.content}


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    title: str

    @classmethod
    def safe(cls, title: str, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits, key=lambda e: (e.start, e.end))), Applicability.SAFE, title)

    @classmethod
    def unsafe(cls, title: str, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits, key=lambda e: (e.start, e.end))), Applicability.UNSAFE, title)

    @classmethod
    def display_only(cls, title: str, *edits: Edit) -> "Fix":
        return cls(tuple(sorted(edits, key=lambda e: (e.start, e.end))),
                   Applicability.DISPLAY_ONLY, title)

    @property
    def span(self) -> tuple[int, int]:
        return min(e.start for e in self.edits), max(e.end for e in self.edits)

    def applies(self, unsafe: bool) -> bool:
        if self.applicability is Applicability.SAFE:
            return bool(self.edits)
        return unsafe and self.applicability is Applicability.UNSAFE and bool(self.edits)


@dataclass(slots=True)
class Diagnostic:
    """What a rule reports: a span of the document's text, a message and an optional fix."""

    rule: str
    code: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.start, self.end, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Position:
    line: int    # 1-based
    column: int  # 1-based, in code points
    offset: int  # code points into the document's text


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic located in its file: produced once, at the edge, and read by every consumer.

    ``excerpt`` is a window of the source line around the span (never the whole line: a
    one-megabyte line with thousands of findings must not be copied once per finding), and
    ``excerpt_column`` the 1-based column of its first character.
    """

    rule: str
    code: str
    severity: Severity
    message: str
    path: str
    start: Position
    end: Position
    fix: Fix | None = None
    record: int | None = None
    record_id: str | None = None
    excerpt: str = ""
    excerpt_column: int = 1
    fingerprint: str = ""                         # how a baseline recognises it again
    context: tuple[str, str, str] | None = None  # (before, span, after), for reports
    replaced: tuple[str, ...] | None = None       # the text each fix edit replaces, for reports
    block: str | None = None                      # the kind of paragraph it is in (headline…), for reports

    @property
    def sort_key(self) -> tuple:
        return (self.record if self.record is not None else -1, self.start.offset, self.end.offset,
                self.code, self.message)


@dataclass(frozen=True)
class Option:
    """A documented, validated rule option (``[rules.NAME] key = value`` in the config).

    ``type`` defaults to the default's type; numbers may carry an inclusive range
    (``min``/``max``), lists the type of their items (``items``)."""

    default: Any
    help: str
    type: type | tuple[type, ...] | None = None
    min: float | None = None
    max: float | None = None
    items: type | None = None

    def validate(self, rule: str, key: str, value: Any) -> Any:
        import math

        where = f"option {key!r} of rule {rule!r}"
        expected = self.type or type(self.default)
        if expected is float:
            expected = (int, float)
        if isinstance(value, bool) and expected is not bool:
            raise ValueError(f"{where} must be {_type_name(expected)}, not a boolean")
        if not isinstance(value, expected):
            raise ValueError(f"{where} must be {_type_name(expected)}, got {type(value).__name__} {value!r}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{where} must be a finite number, got {value!r}")
            if self.min is not None and value < self.min or self.max is not None and value > self.max:
                raise ValueError(f"{where} must be between {self.min} and {self.max}, got {value!r}")
        if isinstance(value, list) and self.items is not None:
            bad = [v for v in value if not isinstance(v, self.items) or isinstance(v, bool) and self.items is not bool]
            if bad:
                raise ValueError(f"{where} must be a list of {_type_name(self.items)}, but holds {bad[0]!r}")
        return value


def _type_name(t) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false", list: "a list"}
    if isinstance(t, tuple):
        return "a number" if set(t) == {int, float} else " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


# Built-in rules use KW + 3 digits; a plugin pack may declare its own letters.
_CODE = re.compile(r"[A-Z]{1,6}[0-9]{1,4}\Z")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
DOC_HEADINGS = ("What it does", "Why it matters", "Example", "Fix safety")


class Rule:
    """Base class of every rule. Subclasses set ``code``, ``name`` and implement ``check``.

    The module (or class) docstring is the rule's documentation; its first line is the summary.
    Rules are pure: they read a Document and yield Diagnostics, and mutate nothing.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    #: Whether every finding, some, or none carry a fix (a display-only suggestion counts) ...
    fix: ClassVar[FixAvailability] = FixAvailability.NONE
    #: ... and which kinds of fix the rule produces; the contract test holds both to behaviour.
    fix_kinds: ClassVar[frozenset[Applicability]] = frozenset()
    #: A check split out of a bundled rule names its family: ("KW105", "family-name"). The
    #: family's old code and name keep selecting every check of it.
    group: ClassVar[tuple[str, str] | None] = None
    options: ClassVar[dict[str, Option]] = {}
    #: An opt-in rule (a house-style check) runs only when a selector names it or its family,
    #: by name or code: ALL and code prefixes leave it out.
    opt_in: ClassVar[bool] = False
    #: A top-level table of the configuration file the rule owns (e.g. a table of spellings);
    #: the rule reads and validates it in ``configure``.
    config_table: ClassVar[str | None] = None
    #: File suffixes the rule is switched off for (e.g. Markdown, where its syntax is real).
    skip_suffixes: ClassVar[tuple[str, ...]] = ()
    #: Corpus rules see the whole run (collect / merge / check); see CorpusRule.
    corpus: ClassVar[bool] = False
    #: How one finding counts toward the report's 差错率 (errors per 10,000 characters), as
    #: newsroom quality checks count errors: 1 for a wrong, missing or extra character or word
    #: a reader sees, 0.5 for a traditional character in simplified text, 0.1 for a slip of
    #: punctuation, number form or layout, 0 for what is no error of the text (corpus
    #: statistics, placement, spacing no reader sees). None: 1, or 0 for a rule of severity
    #: info. See ``error_rate``.
    error_weight: ClassVar[float | None] = None
    #: The most the findings of this rule (of its family, for a split check) add to one page.
    error_cap: ClassVar[float | None] = None

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        values = {k: o.default for k, o in self.options.items()}
        for key, value in (options or {}).items():
            if key not in self.options:
                known = ", ".join(sorted(self.options)) or "none"
                raise ValueError(f"unknown option {key!r} for rule {self.name!r} (known: {known})")
            values[key] = self.options[key].validate(self.name, key, value)
        self.opts = values

    # -- metadata -------------------------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        import inspect
        import sys

        doc = cls.__doc__ if cls.__doc__ and cls.__doc__ is not Rule.__doc__ else None
        if not doc:
            doc = getattr(sys.modules.get(cls.__module__), "__doc__", None)
        return inspect.cleandoc(doc or "")

    @classmethod
    def summary(cls) -> str:
        doc = cls.documentation()
        return doc.splitlines()[0].strip() if doc else ""

    @classmethod
    def validate_metadata(cls) -> list[str]:
        problems = []
        if not _CODE.match(getattr(cls, "code", "") or ""):
            problems.append(f"{cls.__name__}: code {getattr(cls, 'code', None)!r} is not capital letters + digits")
        if not _NAME.match(getattr(cls, "name", "") or ""):
            problems.append(f"{cls.__name__}: name {getattr(cls, 'name', None)!r} is not kebab-case")
        if (cls.fix is FixAvailability.NONE) != (not cls.fix_kinds):
            problems.append(f"{cls.name}: fix availability {cls.fix.value!r} contradicts fix kinds "
                            f"{sorted(k.value for k in cls.fix_kinds)}")
        weight, cap = cls.error_weight, cls.error_cap
        if weight is not None and not (isinstance(weight, (int, float)) and 0 <= weight <= 10):
            problems.append(f"{cls.name}: error_weight {weight!r} is not a number from 0 to 10")
        if cap is not None and not (isinstance(cap, (int, float)) and cap > 0):
            problems.append(f"{cls.name}: error_cap {cap!r} is not a positive number")
        if cls.group is not None and not (_CODE.match(cls.group[0]) and cls.name.startswith(cls.group[1] + "-")):
            problems.append(f"{cls.name}: group {cls.group!r} needs a KW code and a name that prefixes the rule's")
        doc = cls.documentation()
        for heading in DOC_HEADINGS:
            if f"## {heading}" not in doc:
                problems.append(f"{cls.name}: docstring lacks the heading '## {heading}'")
        return problems

    # -- for subclasses -------------------------------------------------------------------
    def configure(self, table: Any) -> None:
        """Read the configuration table the rule owns (``config_table``); raise ValueError with
        a clear message when it is malformed. Called only for rules that declare a table."""

    def applies_to(self, path: str | None) -> bool:
        if not path or not self.skip_suffixes:
            return True
        return not path.lower().endswith(self.skip_suffixes)

    def check(self, doc: "Document") -> Iterable[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError

    def diagnostic(self, start: int, end: int, message: str, fix: Fix | None = None,
                   severity: Severity | None = None) -> Diagnostic:
        return Diagnostic(self.name, self.code, severity or self.severity, message, start, end, fix)


class CorpusRule(Rule):
    """A rule that needs the whole corpus: map-reduce shaped.

    ``collect(doc)`` returns a partial (picklable, plain data); ``merge(a, b)`` combines two
    partials and must be associative and commutative (it runs as a tree reduce). ``a`` is
    an accumulator the engine owns: merge may update it in place and return it (copying it
    every time would make a corpus run quadratic), but must leave ``b`` untouched.
    ``finalize(stats)`` compacts the merged result once; ``check(doc, stats)`` yields
    diagnostics for one document given the finalized stats. The same three functions run in one
    process, a process pool and a Dask cluster.
    """

    corpus: ClassVar[bool] = True
    #: A corpus rule may offer a product of its own, a view of its merged statistics that
    #: people use outside of findings (``kanwu names`` shows the name clusters). The CLI
    #: discovers products by this name and the HTML report shows them; the engine knows none.
    product: ClassVar[str | None] = None
    #: With a product: the option that exports it as a configuration table (e.g. a
    #: "--write-table FILE" option) for runs that see only part of the corpus.
    product_export: ClassVar[str | None] = None

    def collect(self, doc: "Document", doc_id: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def merge(self, a: Any, b: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def empty(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def finalize(self, stats: Any) -> Any:
        """Compact the merged stats once, before ``check`` runs (and before they are shipped to
        workers): keep only what ``check`` reads."""
        return stats

    def check(self, doc: "Document", stats: Any = None) -> Iterator[Diagnostic]:  # pragma: no cover
        raise NotImplementedError

    # -- one read per file ---------------------------------------------------------------------
    def keys(self, doc: "Document") -> frozenset | None:
        """What of this document the finalized statistics could flag (the names it mentions,
        its paragraphs' hashes), gathered while the document is read for the other rules.
        After the merge, only documents whose keys ``hits`` are read again for this rule.
        None (the default) means: always read the document again."""
        return None

    def hits(self, keys: frozenset, stats: Any) -> bool:
        """Whether finalized ``stats`` may flag something of a document with these ``keys``."""
        return bool(stats) and any(k in stats for k in keys)

    # -- the product, for rules that declare one --------------------------------------------
    def summarize(self, merged: Any) -> dict:
        """The product as plain JSON data, from the merged (not finalized) statistics. It must
        hold "title", "columns" and "rows" (lists of cells), for the report's table."""
        raise NotImplementedError

    def render(self, summary: dict) -> str:
        """The product as text for a terminal."""
        raise NotImplementedError

    def export(self, summary: dict) -> str:
        """The product as a configuration snippet (TOML) a person reviews and commits."""
        raise NotImplementedError


class Findings:
    """The findings of one file in order, kept compact: past ``BATCH`` findings they are held as
    compressed pickled batches, not as objects, and unpacked one batch at a time as they are
    read. A JSONL file of 150 MB gives some 200,000 findings; as objects they took ~650 MB.
    Reads like a list: iteration, ``len``, truthiness, slices, equality."""

    BATCH = 4096

    def __init__(self, items: Iterable[Finding] = ()) -> None:
        self._packed: list[bytes] = []
        self._packed_count = 0
        self._tail: list[Finding] = []
        self.extend(items)

    def append(self, finding: Finding) -> None:
        self._tail.append(finding)
        if len(self._tail) >= self.BATCH:
            self._packed.append(zlib.compress(pickle.dumps(self._tail, pickle.HIGHEST_PROTOCOL), 1))
            self._packed_count += len(self._tail)
            self._tail = []

    def extend(self, items: Iterable[Finding]) -> None:
        for f in items:
            self.append(f)

    def __iter__(self) -> Iterator[Finding]:
        for batch in self._packed:
            yield from pickle.loads(zlib.decompress(batch))
        yield from self._tail

    def __len__(self) -> int:
        return self._packed_count + len(self._tail)

    def __bool__(self) -> bool:
        return bool(self._packed or self._tail)

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) >= 0 and (index.stop is None or index.stop >= 0):
            return list(itertools.islice(self, index.start, index.stop, index.step))
        return list(self)[index]

    def __eq__(self, other) -> bool:
        if isinstance(other, (Findings, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Findings({len(self)} findings)"


@dataclass
class FileResult:
    """What checking one file (every record of a JSONL file) produced; picklable for pools."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    characters: int = 0     # size of the checked text, for rates per 10,000 characters
    hidden: int = 0         # findings the filter stage hid (baseline, suppressions)
    fixed: int = 0          # fixes applied (and written, unless only previewed)
    changed: bool = False   # the file on disk was rewritten (or would be, with --diff)
    diff: bytes | None = None   # with --diff: the patch, in the bytes --fix would write
    fixed_text: str | None = None
    #: with --show-fixes: (record, line, code, rule, title) of each fix applied (or previewed)
    fixes: list[tuple] = field(default_factory=list)
