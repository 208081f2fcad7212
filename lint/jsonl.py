"""JSONL corpora: one JSON object a line, one document a record.

Records are read one at a time (a corpus file never has to fit in memory) and a fix touches
only the text field: the new string is spliced into the original line in place of the old
value, so every other byte of the record (key order, duplicate keys, numbers of any size,
escapes, nested objects, spacing) stays exactly as it was.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from . import progress

_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Numbers and constants are kept as their source text: a 5,000-digit integer or 1e400 is
# neither an error nor rewritten.
_DECODER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


@dataclass
class Record:
    number: int            # 0-based line number
    raw: str               # the line as decoded, without its line ending
    ending: bytes          # b"\n", b"\r\n" or b""
    text: str | None = None
    record_id: str | None = None
    span: tuple[int, int] | None = None   # where the text field's value sits in ``raw``
    error: str | None = None
    missing_field: bool = False  # the record is an object without the text field
    bom: bytes = b""       # a UTF-8 byte-order mark before the first record, written back as it was


def lines(f: BinaryIO) -> Iterator[tuple[int, bytes, bytes]]:
    """(line number, content, ending) for every line, split on \\n only (JSON strings may hold
    U+2028 and other separators that str.splitlines would cut at)."""
    for number, line in enumerate(f):
        progress.tick(len(line))  # a big corpus file shows its progress record by record
        if line.endswith(b"\r\n"):
            yield number, line[:-2], b"\r\n"
        elif line.endswith(b"\n"):
            yield number, line[:-1], b"\n"
        else:
            yield number, line, b""


def parse(number: int, content: bytes, ending: bytes, field: str, id_field: str | None, where: str) -> Record | None:
    """The record on one line (None for a blank line); problems are in ``Record.error``."""
    bom = b""
    if number == 0 and content.startswith(b"\xef\xbb\xbf"):
        bom, content = content[:3], content[3:]
    try:
        raw = content.decode("utf-8")
    except UnicodeDecodeError as e:
        return Record(number, "", ending, error=f"{where}:{number + 1}: not valid UTF-8 (byte {e.start}); record skipped")
    if not raw.strip():
        return None
    rec = Record(number, raw, ending, bom=bom)
    try:
        members = _members(raw)
    except ValueError as e:
        rec.error = f"{where}:{number + 1}: not valid JSON ({e}); record skipped"
        return rec
    if members is None:
        try:
            _DECODER.decode(raw)
            rec.error = f"{where}:{number + 1}: not a JSON object; record skipped"
        except ValueError as e:
            rec.error = f"{where}:{number + 1}: not valid JSON ({e}); record skipped"
        return rec
    value = members.get(field)
    if value is None or raw[value[0]] != '"':
        rec.error = f"{where}:{number + 1}: record has no string field {field!r}; record skipped"
        rec.missing_field = True
        return rec
    rec.span = value
    rec.text = json.loads(raw[value[0]:value[1]])
    if id_field:
        ident = members.get(id_field)
        if ident is not None:
            v = raw[ident[0]:ident[1]]
            rec.record_id = json.loads(v) if v.startswith('"') else v
            if not isinstance(rec.record_id, str):
                rec.record_id = v
    return rec


def _members(line: str) -> dict[str, tuple[int, int]] | None:
    """Top-level keys of the object on the line and the span of each value (the last one for
    a duplicate key, as every JSON reader takes). None if the line is not an object."""
    i = _WS.match(line, 0).end()
    if line[i:i + 1] != "{":
        return None
    out: dict[str, tuple[int, int]] = {}
    i = _WS.match(line, i + 1).end()
    if line[i:i + 1] == "}":
        i += 1
    else:
        while True:
            i = _WS.match(line, i).end()
            if line[i:i + 1] != '"':
                raise ValueError(f"expected a key at column {i + 1}")
            key, i = json.decoder.scanstring(line, i + 1)
            i = _WS.match(line, i).end()
            if line[i:i + 1] != ":":
                raise ValueError(f"expected ':' at column {i + 1}")
            i = _WS.match(line, i + 1).end()
            try:
                _, end = _DECODER.raw_decode(line, i)
            except json.JSONDecodeError as e:
                raise ValueError(f"{e.msg} at column {e.colno}") from None
            out[key] = (i, end)
            i = _WS.match(line, end).end()
            if line[i:i + 1] == ",":
                i += 1
                continue
            if line[i:i + 1] == "}":
                i += 1
                break
            raise ValueError(f"expected ',' or '}}' at column {i + 1}")
    if line[_WS.match(line, i).end():]:
        raise ValueError(f"extra data after the object at column {i + 1}")
    return out


def splice(rec: Record, new_text: str) -> str:
    """The record's line with its text field's value replaced by ``new_text``, written in the
    style of the old value (ASCII escapes if it had only ASCII)."""
    s, e = rec.span  # type: ignore[misc]
    ascii_only = rec.raw[s:e].isascii()
    value = json.dumps(new_text, ensure_ascii=ascii_only)
    if not ascii_only:  # a lone surrogate cannot be written as UTF-8: keep it escaped
        value = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    return rec.raw[:s] + value + rec.raw[e:]
