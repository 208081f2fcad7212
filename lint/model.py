"""The values that flow from rules to consumers: edits, fixes, diagnostics, and the Rule base.

Offsets are Python ``str`` indices (code points) into the decoded text: start inclusive, end
exclusive. Lines, columns and UTF-16 positions are computed only at the edges.
"""
from __future__ import annotations

import enum
import re
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
    rule: str
    code: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    # Filled in by the engine, never by rules:
    path: str | None = None
    record: int | None = None
    start_pos: tuple[int, int] | None = None  # (line, column), 1-based, code points
    end_pos: tuple[int, int] | None = None
    line_text: str | None = None              # the source line holding ``start``
    context: tuple[str, str, str] | None = None  # (before, span, after), for reports
    replaced: tuple[str, ...] | None = None   # the text each fix edit replaces, for reports

    @property
    def sort_key(self) -> tuple:
        return (self.record if self.record is not None else -1, self.start, self.end, self.code,
                self.message)


@dataclass(frozen=True)
class Option:
    """A documented, validated rule option (``[rules.NAME] key = value`` in the config)."""

    default: Any
    help: str
    type: type | tuple[type, ...] | None = None

    def validate(self, rule: str, key: str, value: Any) -> Any:
        expected = self.type or type(self.default)
        if expected is float:
            expected = (int, float)
        if isinstance(value, bool) and expected in (int, (int, float)):
            raise ValueError(f"option {key!r} of rule {rule!r} must be a number, not a boolean")
        if not isinstance(value, expected):
            names = getattr(expected, "__name__", None) or "/".join(t.__name__ for t in expected)
            raise ValueError(f"option {key!r} of rule {rule!r} must be of type {names}, "
                             f"got {type(value).__name__}")
        return value


_CODE = re.compile(r"KW[1-9][0-9]{2}\Z")
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
    fix: ClassVar[FixAvailability] = FixAvailability.NONE
    options: ClassVar[dict[str, Option]] = {}
    #: File suffixes the rule is switched off for (markup is real in Markdown).
    skip_suffixes: ClassVar[tuple[str, ...]] = ()
    #: Corpus rules see the whole run (collect / merge / check); see CorpusRule.
    corpus: ClassVar[bool] = False

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
            problems.append(f"{cls.__name__}: code {getattr(cls, 'code', None)!r} is not KW + 3 digits")
        if not _NAME.match(getattr(cls, "name", "") or ""):
            problems.append(f"{cls.__name__}: name {getattr(cls, 'name', None)!r} is not kebab-case")
        doc = cls.documentation()
        for heading in DOC_HEADINGS:
            if f"## {heading}" not in doc:
                problems.append(f"{cls.name}: docstring lacks the heading '## {heading}'")
        return problems

    # -- for subclasses -------------------------------------------------------------------
    def configure(self, settings) -> None:
        """Read run-wide settings beyond the rule's own options (the glossary reads its table)."""

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


@dataclass
class FileResult:
    """What linting one file (or one JSONL record set) produced; picklable for process pools."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fixed: int = 0          # number of fixes applied
    changed: bool = False   # the file on disk was rewritten (or would be, with --diff)
    diff: str | None = None
    fixed_text: str | None = None
