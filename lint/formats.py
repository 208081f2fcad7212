"""Output formats for findings (full, concise, json, jsonl, sarif, github). They read located
Findings and never look at rules' internals; the corpus report is ``corpus_report``."""
from __future__ import annotations

import json
import unicodedata
from typing import Sequence

from . import __version__
from .model import Applicability, Finding, Rule, Severity

FORMATS = ("full", "concise", "json", "jsonl", "sarif", "github")


def _pos(p) -> dict:
    return {"line": p.line, "column": p.column, "offset": p.offset}


def to_json(d: Finding) -> dict:
    out = {
        "path": d.path, "rule": d.rule, "code": d.code, "severity": d.severity.value,
        "message": d.message, "start": _pos(d.start), "end": _pos(d.end), "fix": None,
    }
    if d.fix is not None:
        body = {"applicability": d.fix.applicability.value, "title": d.fix.title,
                "edits": [e.to_json() for e in d.fix.edits]}
        if d.fix.applicability is Applicability.DISPLAY_ONLY:
            # The contract's "fix" is what --fix may apply; a display-only suggestion is extra.
            out["suggestion"] = body
        else:
            out["fix"] = body
    if d.record is not None:
        out["record"] = d.record
    if d.record_id is not None:
        out["record_id"] = d.record_id
    out["fingerprint"] = d.fingerprint
    return out


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _record(d: Finding) -> str:
    return f"[record {d.record_id or d.record}]" if d.record is not None else ""


def _where(d: Finding) -> str:
    return f"{d.path}{_record(d)}:{d.start.line}:{d.start.column}"


def _mark(d: Finding, unsafe: bool) -> str:
    """ruff's "[*]": the finding goes away with --fix (given --unsafe-fixes or not)."""
    return " [*]" if d.fix is not None and d.fix.applies(unsafe) else ""


def concise(d: Finding, unsafe: bool = False) -> str:
    return f"{_where(d)}: {d.code} [{d.rule}]{_mark(d, unsafe)} {d.message}"


def full(d: Finding, color: bool = False, unsafe: bool = False) -> str:
    """The finding, its source line (windowed around the span) underlined, and the fix."""
    line_no = d.start.line
    text = d.excerpt.replace("\t", " ")
    s = d.start.column - d.excerpt_column            # the span's start inside the excerpt
    e = d.end.column - d.excerpt_column if d.end.line == line_no else len(text)
    e = min(max(e, s + 1), max(len(text), s + 1))
    left = max(0, s - 24)
    right = min(len(text), e + 24)
    more_left = left > 0 or d.excerpt_column > 1
    shown = ("…" if more_left else "") + text[left:right] + ("…" if right < len(text) else "")
    pad = _width(("…" if more_left else "") + text[left:s])
    marks = max(1, _width(text[s:e]))
    code = f"\x1b[1;31m{d.code}\x1b[0m" if color else d.code
    gutter = " " * len(str(line_no))
    out = [f"{_where(d)}: {code} [{d.rule}]{_mark(d, unsafe)} {d.message}",
           f"{gutter} |",
           f"{line_no} | {shown}",
           f"{gutter} | {' ' * pad}{'^' * marks}"]
    if d.fix is not None:
        label = {"safe": "fix", "unsafe": "unsafe fix", "display-only": "suggestion"}[d.fix.applicability.value]
        out.append(f"{gutter} = {label}: {d.fix.title}")
    return "\n".join(out) + "\n"


def github(d: Finding) -> str:
    """A workflow command. A JSONL record is annotated on its own line of the file, and the
    message says the record and the place inside its text."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[d.severity]

    def esc(v: str, prop: bool = False) -> str:
        v = v.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return v.replace(":", "%3A").replace(",", "%2C") if prop else v

    if d.record is not None:
        where = f"line={d.record + 1}"
        message = f"{_record(d)} {d.start.line}:{d.start.column}: {d.message}"
    else:
        where = f"line={d.start.line},col={d.start.column},endLine={d.end.line},endColumn={d.end.column}"
        message = d.message
    return f"::{level} file={esc(str(d.path), True)},{where},title={esc(f'{d.code} {d.rule}', True)}::{esc(message)}"


def sarif(diags: Sequence[Finding], rules: Sequence[type[Rule]]) -> dict:
    index = {r.code: i for i, r in enumerate(rules)}
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    driver_rules = [{
        "id": r.code, "name": r.name,
        "shortDescription": {"text": r.summary() or r.name},
        "fullDescription": {"text": r.documentation() or r.summary() or r.name},
        "help": {"text": r.documentation() or r.name, "markdown": r.documentation() or r.name},
        "defaultConfiguration": {"level": level[r.severity]},
        "properties": {"fix": r.fix.value},
    } for r in rules]
    results = []
    for d in diags:
        region = {"startLine": d.start.line, "startColumn": d.start.column,
                  "endLine": d.end.line, "endColumn": d.end.column,
                  "charOffset": d.start.offset, "charLength": d.end.offset - d.start.offset}
        res: dict = {"ruleId": d.code, "level": level[d.severity], "message": {"text": d.message},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": str(d.path)},
                                                         "region": region}}]}
        if d.code in index:
            res["ruleIndex"] = index[d.code]
        if d.record is not None:
            res["properties"] = {"record": d.record, **({"record_id": d.record_id} if d.record_id is not None else {})}
        if d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY and d.record is None:
            res["fixes"] = [{"description": {"text": f"{d.fix.title} ({d.fix.applicability.value})"},
                             "artifactChanges": [{"artifactLocation": {"uri": str(d.path)}, "replacements": [
                                 {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                                  "insertedContent": {"text": e.content}} for e in d.fix.edits]}]}]
        results.append(res)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kanwu", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://pypi.org/project/kanwu/", "rules": driver_rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)

