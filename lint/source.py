"""Bytes in, text out, and back: decoding once, remembering how to write the file again.

The text is kept exactly as decoded (no newline normalisation), so offsets are offsets into
the file as a reader of its decoded text sees it, and writing back changes nothing but the
fix edits.
"""
from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class SourceError(Exception):
    """A file that cannot be read or decoded; the message says why, without a traceback."""


@dataclass
class Source:
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    path: str | None = None

    @property
    def newline(self) -> str:
        """The dominant newline style, used when a fix must insert a line break."""
        crlf = self.text.count("\r\n")
        lf = self.text.count("\n") - crlf
        cr = self.text.count("\r") - crlf
        if crlf >= lf and crlf >= cr and crlf:
            return "\r\n"
        if cr > lf:
            return "\r"
        return "\n"

    # -- reading --------------------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None) -> "Source":
        where = path or "<stdin>"
        for bom, enc in _BOMS:
            if data.startswith(bom):
                try:
                    return cls(data[len(bom):].decode(enc), enc, bom, path)
                except UnicodeDecodeError as e:
                    raise SourceError(f"{where}: not valid {enc.upper()} after its byte-order mark "
                                      f"(byte {e.start + len(bom)}: {e.reason})") from None
        nul = data.find(b"\x00", 0, 8192)
        if nul >= 0:
            raise SourceError(f"{where}: binary content (NUL byte at offset {nul}); not a text file")
        try:
            return cls(data.decode("utf-8"), "utf-8", b"", path)
        except UnicodeDecodeError as e:
            utf8_error = e
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, utf8_error.start) + 1
            raise SourceError(f"{where}: invalid UTF-8 at byte {utf8_error.start} (line {line}): "
                              f"{utf8_error.reason}; fix or re-encode the file") from None
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError(f"{where}: not UTF-8, UTF-16 (with BOM) or GB18030 text "
                              f"(first undecodable byte at {utf8_error.start})") from None
        return cls(text, "gb18030", b"", path)

    @classmethod
    def read(cls, path: str) -> "Source":
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise SourceError(f"{path}: no such file (it may have been removed during the run)") from None
        except IsADirectoryError:
            raise SourceError(f"{path}: is a directory") from None
        except PermissionError:
            raise SourceError(f"{path}: permission denied") from None
        except OSError as e:
            raise SourceError(f"{path}: cannot read: {e.strerror or e}") from None
        return cls.from_bytes(data, path)

    # -- writing --------------------------------------------------------------------------
    def encode(self, text: str | None = None) -> bytes:
        text = self.text if text is None else text
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as e:
            raise SourceError(f"{self.path}: the fixed text cannot be written back as "
                              f"{self.encoding} ({e.reason}); the file was left untouched") from None

    def write(self, text: str) -> None:
        """Atomically replace the file: temp file in the same folder, fsync, rename.

        Mode bits are kept; if anything fails the original file stays untouched.
        """
        assert self.path is not None
        write_atomic(self.path, self.encode(text))


class AtomicWriter:
    """Write a file's new content beside it and replace it in one step.

    ``with AtomicWriter(path) as w: w.write(b"...")`` replaces the file when the block ends
    normally and leaves it untouched (temp file removed) on any error; ``w.abort()`` inside
    the block discards what was written. Mode bits are kept."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.target = os.path.realpath(path)
        self._file = None
        self._tmp: str | None = None
        self._aborted = False

    def __enter__(self) -> "AtomicWriter":
        folder = os.path.dirname(self.target) or "."
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=".kanwu-", suffix=".tmp", dir=folder)
        except OSError as e:
            raise SourceError(f"{self.path}: cannot write: {e.strerror or e}; the file was left untouched") from None
        self._file = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        self._file.write(data)  # type: ignore[union-attr]

    def abort(self) -> None:
        self._aborted = True

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None and not self._aborted:
                self._file.flush()  # type: ignore[union-attr]
                os.fsync(self._file.fileno())  # type: ignore[union-attr]
                self._file.close()  # type: ignore[union-attr]
                try:
                    mode = stat.S_IMODE(os.stat(self.target).st_mode)
                except FileNotFoundError:  # a new file: the permissions any new file would get
                    umask = os.umask(0)
                    os.umask(umask)
                    mode = 0o666 & ~umask
                os.chmod(self._tmp, mode)  # type: ignore[arg-type]
                os.replace(self._tmp, self.target)  # type: ignore[arg-type]
                self._tmp = None
        except OSError as e:
            raise SourceError(f"{self.path}: cannot write: {e.strerror or e}; the file was left untouched") from None
        finally:
            if self._file is not None and not self._file.closed:
                self._file.close()
            if self._tmp is not None:
                try:
                    os.unlink(self._tmp)
                except OSError:
                    pass


def write_atomic(path: str, data: bytes) -> None:
    """Replace a file's content in one step (temp file beside it, fsync, rename)."""
    with AtomicWriter(path) as w:
        w.write(data)


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few broken spots, not text in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return multibyte > 0 and bad * 20 <= multibyte
