"""Bytes in, text out, and back: decoding once, remembering how to write the file again.

The text is kept exactly as decoded (no newline normalisation), so offsets are offsets into
the file as a reader of its decoded text sees it, and writing back changes nothing but the
fix edits.

Reading records the file's identity (device, inode, size, modification time and a hash of
the bytes read). Writing a fix back (:class:`AtomicWriter`) re-checks that identity just
before the new content replaces the old, and refuses (:class:`WriteRefused`, the file left as
it was) when the file changed, vanished, was swapped for a link, lies outside the paths the
user named, has other hard links, is read-only, or has an owner, group or extended attribute
that the new file could not keep. See README, "What --fix guarantees".
"""
from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import signal
import stat
import time
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Sequence

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings that count as one when a guess is judged (a GBK file is also valid GB18030).
_FAMILY = {"gb2312": "gb", "gbk": "gb", "gb18030": "gb", "hz": "gb",
           "big5": "big5", "big5hkscs": "big5", "cp950": "big5"}
_NAMES = {"gb": "GB18030", "big5": "Big5"}
_WRITE_AS = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030"}
TEMP_PREFIX, TEMP_SUFFIX = ".kanwu-", ".tmp"
STALE_SECONDS = 300  # a temp file older than this was left by a killed run


class SourceError(Exception):
    """A file that cannot be read or decoded; the message says why, without a traceback."""


class WriteRefused(SourceError):
    """A fix was not written and the file is as it was; the message says why."""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that every temp file is removed on the way out."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True)
class Stamp:
    """A file's identity when it was read: what a writer checks before replacing it."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    digest: bytes | None  # blake2b of the bytes read (None until a streamed read is complete)
    real: str = ""        # the file's real path when it was read: a link planted later is not followed

    @classmethod
    def of(cls, st: os.stat_result, digest: bytes | None = None, real: str = "") -> "Stamp":
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, digest, real)

    def differs(self, st: os.stat_result) -> str | None:
        """Why the file behind ``st`` is not the one that was read (None: it is)."""
        if (st.st_dev, st.st_ino) != (self.dev, self.ino):
            return "was replaced by another file during the run"
        if (st.st_size, st.st_mtime_ns) != (self.size, self.mtime_ns):
            return "changed on disk since it was read"
        return None


def _digest() -> "hashlib.blake2b":
    return hashlib.blake2b(digest_size=16)


def file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def _open_regular(path: str) -> tuple[int, os.stat_result, str]:
    """Open a regular file for reading without ever blocking on a FIFO or device; (fd, its
    stat, its real path)."""
    try:
        real = os.path.realpath(path)
        fd = open_small(path)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file (it may have been removed during the run)") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as e:
        if e.errno == errno.EINVAL and e.strerror and e.strerror.endswith("not a regular file"):
            raise SourceError(f"{path}: {e.strerror}; skipped") from None
        raise SourceError(f"{path}: cannot read: {e.strerror or e}") from None
    return fd, os.fstat(fd), real


def open_small(path: str, flags: int = os.O_RDONLY, mode: int = 0o644) -> int:
    """A descriptor (blocking, close-on-exec) of the regular file ``path``, opened with
    ``flags`` (``os.O_CREAT`` and ``os.O_APPEND`` too) and never blocking on a FIFO or device:
    anything else is looked at with stat and not opened. Every failure is an OSError whose
    ``strerror`` says why."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not flags & os.O_CREAT:
            raise
    else:
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", path)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, f"{file_kind(st.st_mode)}, not a regular file")
    fd = os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), mode)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # swapped between the stat and the open
        os.close(fd)
        raise OSError(errno.EINVAL, f"{file_kind(st.st_mode)}, not a regular file")
    os.set_blocking(fd, True)
    return fd


def read_small(path: str, limit: int) -> bytes:
    """The bytes of a file kanwu reads whole for its settings (a configuration, baseline or
    word list): a regular file (:func:`open_small`), no larger than ``limit`` bytes. Every
    failure is an OSError whose ``strerror`` says why."""
    fd = open_small(path)
    try:
        size = os.fstat(fd).st_size
        data = b""
        if size <= limit:  # the size is checked again after the read: a file may grow
            with open(fd, "rb", closefd=False) as f:
                data = f.read(limit + 1)
    finally:
        os.close(fd)
    if size > limit or len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit >> 20} MB, the limit for this kind of file")
    return data


@dataclass
class Source:
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    path: str | None = None
    stamp: Stamp | None = None
    guess: str | None = None   # set when the encoding was guessed without confidence: why

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
            wide = _wide_unicode(data)
            if wide is not None:
                return cls(wide[0], wide[1], b"", path)
            raise SourceError(f"{where}: binary content (NUL byte at offset {nul}); not a text file")
        try:
            return cls(data.decode("utf-8"), "utf-8", b"", path)
        except UnicodeDecodeError as e:
            utf8_error = e
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, utf8_error.start) + 1
            raise SourceError(f"{where}: invalid UTF-8 at byte {utf8_error.start} (line {line}): "
                              f"{utf8_error.reason}; fix or re-encode the file") from None
        guessed = _guess(data)
        if guessed is None:
            raise SourceError(f"{where}: not UTF-8, UTF-16 (with BOM), GB18030 or Big5 text, and no other "
                              f"encoding fits (first byte that is not UTF-8 at {utf8_error.start})") from None
        text, enc, doubt = guessed
        return cls(text, enc, b"", path, guess=doubt and f"{where}: {doubt}")

    @classmethod
    def read(cls, path: str) -> "Source":
        fd, st, real = _open_regular(path)
        try:
            with open(fd, "rb") as f:
                data = f.read()
        except OSError as e:
            raise SourceError(f"{path}: cannot read: {e.strerror or e}") from None
        source = cls.from_bytes(data, path)
        source.stamp = Stamp.of(st, _digest_of(data), real)
        return source

    # -- writing --------------------------------------------------------------------------
    def encode(self, text: str | None = None) -> bytes:
        text = self.text if text is None else text
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as e:
            raise WriteRefused(f"{self.path}: the fixed text cannot be written back as "
                               f"{self.encoding} ({e.reason}); the file was left untouched") from None

    def write(self, text: str, roots: Sequence[str] = ()) -> None:
        """Replace the file with ``text`` in its own encoding: see :class:`AtomicWriter`."""
        assert self.path is not None
        data = self.encode(text)
        if self.guess:
            raise WriteRefused(f"{self.guess}; not fixed (convert the file to UTF-8 to fix it)")
        with AtomicWriter(self.path, stamp=self.stamp, roots=roots) as w:
            w.write(data)


def _digest_of(data: bytes) -> bytes:
    h = _digest()
    h.update(data)
    return h.digest()


class StampedReader:
    """A regular file read line by line (a JSONL corpus), hashing what it reads, so that a
    writer can check at the end that the file is still what was read."""

    def __init__(self, path: str) -> None:
        self.path = path
        fd, self._st, self._real = _open_regular(path)
        self._file: BinaryIO = open(fd, "rb")
        self._hash = _digest()
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        for line in self._file:
            self._hash.update(line)
            yield line
        self._done = True

    @property
    def stamp(self) -> Stamp:
        """The identity; the digest only once the whole file was read."""
        return Stamp.of(self._st, self._hash.digest() if self._done else None, self._real)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "StampedReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- guessing an encoding -------------------------------------------------------------------------
def _guess(data: bytes) -> tuple[str, str, str | None] | None:
    """(text, encoding to write back, doubt) for bytes that are not UTF-8, or None.

    charset-normalizer proposes the decodings that read as text; kanwu is for Chinese, so
    when exactly one Chinese family (GB or Big5) is among them, that family is the answer.
    ``doubt`` says why a guess is not certain (fixes are then refused). A decoding that would
    not write the untouched bytes back exactly is never used."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; read GB18030 as kanwu always did
        candidates = ["gb18030"]
    else:
        candidates = [m.encoding for m in from_bytes(data)]
    usable = []
    for enc in candidates:
        write_as = _WRITE_AS.get(enc, enc)
        try:
            text = data.decode(write_as)
            if text.encode(write_as) == data:
                usable.append((text, write_as))
        except (UnicodeError, LookupError):
            continue
    if not usable:
        return None
    chinese = [u for u in usable if u[1] in _FAMILY]
    families = {_FAMILY.get(enc, enc) for _, enc in (chinese or usable)}
    # When both Chinese families fit, GB goes first: kanwu's pages are mostly simplified.
    text, enc = sorted(chinese or usable, key=lambda u: _FAMILY.get(u[1]) != "gb")[0]
    if len(families) == 1:
        return text, enc, None
    others = ", ".join(sorted(_NAMES.get(f, f) for f in families - {_FAMILY.get(enc, enc)}))
    return text, enc, f"the encoding is uncertain (read as {_NAMES.get(_FAMILY.get(enc, enc), enc)}; it also reads as {others})"


def _wide_unicode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for UTF-32 or UTF-16 without a byte-order mark, or None.

    Told by where the NUL bytes fall: in UTF-32 text the top byte of every character is
    zero; in UTF-16 an ASCII or Latin-1 character (a newline, a digit) has a zero high byte,
    so most zeros sit on one side of each byte pair (a Han character such as 一, U+4E00, puts
    one on the other). A decoding counts only when it is clean and at most 1 character in 100
    of it is a control, unassigned or private-use character; of two that count, the one with
    fewer such characters wins. A real binary file fails these tests."""
    sample = data[:1 << 16]
    candidates = []
    if len(data) % 4 == 0:
        candidates += [enc for enc, top in (("utf-32-le", 3), ("utf-32-be", 0)) if not sample[top::4].strip(b"\x00")]
    if len(data) % 2 == 0:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        pairs = sorted((("utf-16-le", odd), ("utf-16-be", even)), key=lambda c: -c[1])  # the likelier first
        candidates += [enc for enc, high in pairs if high]
    best = None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        head = text[:1 << 15]
        odd_chars = sum(1 for ch in head if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Cn", "Co"))
        if odd_chars * 100 <= len(head) and (best is None or odd_chars < best[0]):
            best = (odd_chars, text, enc)
    return None if best is None else (best[1], best[2])


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few broken spots, not text in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return multibyte > 0 and bad * 20 <= multibyte


# -- writing safely -------------------------------------------------------------------------------
_LIVE: dict[int, tuple[int, str]] = {}   # temp files being written: id -> (folder fd, name)
_SWEPT: set[tuple[int, int]] = set()     # folders whose stale temp files this process removed


def remove_live_temps() -> None:
    """Remove every temp file this process is writing (a signal handler's last act)."""
    for dfd, name in list(_LIVE.values()):
        try:
            os.unlink(name, dir_fd=dfd)
        except OSError:
            pass


_HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP for a few statements; one that came meanwhile is handled
    (and raised, by the handlers below) when the block ends."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _exit_on_signal(signum, frame) -> None:  # pragma: no cover - runs in dying workers
    remove_live_temps()
    os._exit(128 + signum)


_SIGNALLED: list[int] = []  # signals received, in case some library swallowed the exception


def _raise_interrupt(signum, frame) -> None:
    _SIGNALLED.append(signum)
    raise KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def main_signals() -> None:
    """In the kanwu command: SIGTERM and SIGHUP (a closed terminal) unwind like Ctrl-C (temp
    files removed, exit 143 or 129); a SIGHUP that nohup ignores stays ignored."""
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _raise_interrupt)


def reraise_signal() -> None:
    """Raise again a Ctrl-C, SIGTERM or SIGHUP that code in between caught (a library's bare except
    turned it into an ImportError, say): the run stops all the same."""
    if _SIGNALLED:
        fatal = [s for s in _SIGNALLED if s != signal.SIGINT]
        raise Terminated(fatal[0]) if fatal else KeyboardInterrupt()


def worker_signals() -> None:
    """In a pool worker: SIGTERM removes this process's temp files and exits; SIGINT and SIGHUP
    are the parent's to handle (it ends the workers with SIGTERM). The temp files the parent
    was writing when it forked this worker (the ``-o`` output's, say) are the parent's: the
    worker must not remove them when it ends."""
    _LIVE.clear()
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def _within(target: str, roots: Sequence[str]) -> str | None:
    """The real folder of the named root that holds ``target`` (a real path), or None."""
    for root in roots:
        real = os.path.realpath(root)
        if os.path.isdir(real):
            if target == real or target.startswith(real.rstrip(os.sep) + os.sep):
                return real
        elif target == real:
            return os.path.dirname(real)
    return None


def _open_folder(folder: str, below: str | None = None) -> int:
    """An fd of ``folder``; with ``below``, walked down from that folder one component at a
    time without following a symbolic link, so a link planted after the files were found
    cannot lead the write elsewhere."""
    flags = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
    if below is None or folder == below:
        return os.open(folder, flags)
    fd = os.open(below, flags)
    try:
        for part in os.path.relpath(folder, below).split(os.sep):
            nxt = os.open(part, flags | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


def _planted_link(path: str) -> str | None:
    """The first symbolic link on the way to ``path`` (its folders, the links they lead
    through, and ``path`` itself) that another user owns in a world-writable folder: anyone
    could have planted it there. None when there is none."""
    parts, here, hops = os.path.abspath(path).split(os.sep)[1:], os.sep, 0
    while parts:
        part = parts.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            here = os.path.dirname(here)
            continue
        nxt = os.path.join(here, part)
        try:
            st = os.lstat(nxt)
            if not stat.S_ISLNK(st.st_mode):
                here = nxt
                continue
            if os.stat(here).st_mode & stat.S_IWOTH and st.st_uid != os.geteuid():
                return nxt
            target = os.readlink(nxt)
        except OSError:  # missing or unreadable: the open that follows reports it
            return None
        hops += 1
        if hops > 40:  # a loop: the open that follows reports it
            return None
        parts = target.split(os.sep) + parts
        if target.startswith(os.sep):
            here = os.sep
    return None


def _sweep_stale(dfd: int) -> None:
    """Remove temp files that a killed run left in this folder: ours by name, owned by this
    user, and older than a few minutes (a concurrent run's are younger)."""
    st = os.fstat(dfd)
    if (st.st_dev, st.st_ino) in _SWEPT:
        return
    _SWEPT.add((st.st_dev, st.st_ino))
    now, uid = time.time(), os.geteuid()
    try:
        with os.scandir(dfd) as entries:
            for e in entries:
                if not (e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)):
                    continue
                try:
                    est = e.stat(follow_symlinks=False)
                    if stat.S_ISREG(est.st_mode) and est.st_uid == uid and now - est.st_mtime > STALE_SECONDS:
                        os.unlink(e.name, dir_fd=dfd)
                except OSError:
                    pass
    except OSError:
        pass


def _owner_problem(st: os.stat_result) -> str | None:
    """Why a new file could not keep this file's owner and group (None: it can)."""
    uid = os.geteuid()
    if uid == 0:
        return None
    if st.st_uid != uid:
        return f"is owned by another user (uid {st.st_uid}); a rewritten file would be yours"
    if st.st_gid != os.getegid() and st.st_gid not in os.getgroups():
        return f"its group (gid {st.st_gid}) is not one of yours, so a rewritten file could not keep it"
    return None


class AtomicWriter:
    """Write a file's new content beside it and replace it in one step.

    ``with AtomicWriter(path, stamp=..., roots=...) as w: w.write(b"...")`` replaces the file
    when the block ends normally and leaves it untouched (temp file removed) on any error or
    signal; ``w.abort()`` inside the block discards what was written.

    With a ``stamp`` (a fix of a file that was read) the file must still be the one read, a
    single-link, writable regular file inside ``roots`` whose owner, group, mode and extended
    attributes (ACLs included) the new file can keep; otherwise :class:`WriteRefused`.
    Without one (a report), the file is created or replaced, but never through a symbolic
    link that someone else could have planted in a world-writable folder."""

    def __init__(self, path: str, *, stamp: Stamp | None = None, roots: Sequence[str] = ()) -> None:
        self.path = path
        self.stamp = stamp
        self.roots = roots
        self._dfd: int | None = None
        self._fd: int | None = None
        self._name = ""
        self._tmp: str | None = None
        self._aborted = False

    def _refuse(self, why: str) -> WriteRefused:
        return WriteRefused(f"{self.path}: {why}; not written")

    # -- where -----------------------------------------------------------------------------
    def _locate_fix(self) -> None:
        target = self.stamp.real if self.stamp and self.stamp.real else os.path.realpath(self.path)
        root = _within(target, self.roots or (target,))
        if root is None:
            raise self._refuse(f"resolves to {target}, outside the paths named on the command line")
        folder, self._name = os.path.split(target)
        try:
            self._dfd = _open_folder(folder, root)
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.ENOTDIR):
                raise self._refuse("a folder on its path was replaced by a symbolic link during the run") from None
            raise
        _sweep_stale(self._dfd)
        self._check_entry()

    def _locate_new(self) -> None:
        planted = _planted_link(self.path)
        if planted is not None and planted != os.path.abspath(self.path):  # the name itself: below
            raise self._refuse(f"its path leads through {planted}, a symbolic link that another user owns "
                               f"in a world-writable folder; it is not followed")
        for _ in range(2):  # a link is followed at most once (to its real target)
            folder, self._name = os.path.split(os.path.abspath(self.path))
            self._dfd = _open_folder(folder)
            try:
                st = os.stat(self._name, dir_fd=self._dfd, follow_symlinks=False)
            except FileNotFoundError:
                return
            if not stat.S_ISLNK(st.st_mode):
                if not stat.S_ISREG(st.st_mode):
                    raise self._refuse(f"is {file_kind(st.st_mode)}")
                return
            fst = os.fstat(self._dfd)
            if fst.st_mode & stat.S_IWOTH and st.st_uid != os.geteuid():
                raise self._refuse("is a symbolic link that another user owns in a world-writable folder; "
                                   "it is not followed")
            os.close(self._dfd)
            self.path = os.path.realpath(self.path)
        raise self._refuse("is a symbolic link")  # pragma: no cover - realpath leaves none

    def _check_entry(self) -> os.stat_result:
        """The file to be replaced, checked against the stamp: its lstat."""
        try:
            st = os.stat(self._name, dir_fd=self._dfd, follow_symlinks=False)
        except FileNotFoundError:
            raise self._refuse("was removed during the run; it is not recreated") from None
        if stat.S_ISLNK(st.st_mode):
            raise self._refuse("was replaced by a symbolic link during the run")
        if not stat.S_ISREG(st.st_mode):
            raise self._refuse(f"is now {file_kind(st.st_mode)}")
        why = self.stamp.differs(st) if self.stamp else None
        if why:
            raise self._refuse(f"{why} (run kanwu again)")
        if st.st_nlink > 1:
            raise self._refuse(f"has {st.st_nlink} hard links; replacing this name would split it from the "
                               f"others and changing it in place would change them all (fix a copy)")
        if not st.st_mode & 0o222 or not os.access(self._name, os.W_OK, dir_fd=self._dfd,
                                                   effective_ids=os.access in os.supports_effective_ids):
            raise self._refuse("is read-only")
        why = _owner_problem(st)
        if why:
            raise self._refuse(why)
        return st

    # -- the temp file ----------------------------------------------------------------------
    def __enter__(self) -> "AtomicWriter":
        try:
            self._locate_fix() if self.stamp is not None else self._locate_new()
            with _signals_held():  # a signal between creating the file and listing it would leave it behind
                for _ in range(5):
                    name = f"{TEMP_PREFIX}{os.urandom(8).hex()}{TEMP_SUFFIX}"
                    try:
                        self._fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                                           | getattr(os, "O_CLOEXEC", 0), 0o600, dir_fd=self._dfd)
                        break
                    except FileExistsError:
                        continue
                else:  # pragma: no cover
                    raise self._refuse("no temp file name could be had")
                self._tmp = name
                _LIVE[id(self)] = (self._dfd, name)  # type: ignore[assignment]
        except OSError as e:
            self._close()
            raise self._refuse(f"cannot write: {e.strerror or e}") from None
        except BaseException:  # refused, or a signal held above arrives: `with` will not call __exit__
            self._close()
            raise
        return self

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                n = os.write(self._fd, view)  # type: ignore[arg-type]
                view = view[n:]
        except OSError as e:  # a full disk or quota: this file is not written, the run goes on
            raise self._refuse(f"cannot write: {e.strerror or e}") from None

    def abort(self) -> None:
        self._aborted = True

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None and not self._aborted:
                self._commit()
        except WriteRefused:
            raise
        except OSError as e:
            raise self._refuse(f"cannot write: {e.strerror or e}") from None
        finally:
            self._close()

    def _commit(self) -> None:
        fd, dfd, name = self._fd, self._dfd, self._name
        assert fd is not None and dfd is not None
        if self.stamp is None:
            self._keep_mode_of_existing()
        else:
            self._keep_metadata()
        os.fsync(fd)
        if self.stamp is not None:
            self._check_entry()  # the last look, just before the rename
        os.replace(self._tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)  # type: ignore[arg-type]
        self._tmp = None
        try:
            os.fsync(dfd)  # the rename itself reaches the disk
        except OSError:  # pragma: no cover - some filesystems cannot sync a folder
            pass

    def _keep_mode_of_existing(self) -> None:
        try:
            mode = stat.S_IMODE(os.stat(self._name, dir_fd=self._dfd, follow_symlinks=False).st_mode)
        except FileNotFoundError:  # a new file: the permissions any new file would get
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(self._fd, mode)  # type: ignore[arg-type]

    def _keep_metadata(self) -> None:
        """Check the file's content against the stamp and give the new file its owner, group,
        mode and extended attributes (POSIX ACLs are extended attributes)."""
        stamp, fd = self.stamp, self._fd
        assert stamp is not None and fd is not None
        if stamp.digest is None:
            raise self._refuse("was not read to its end")
        try:
            src = os.open(self._name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                          | getattr(os, "O_CLOEXEC", 0), dir_fd=self._dfd)
        except FileNotFoundError:
            raise self._refuse("was removed during the run; it is not recreated") from None
        except OSError as e:
            raise self._refuse(f"cannot be opened again to check it ({e.strerror or e})") from None
        try:
            st = os.fstat(src)
            why = "is now " + file_kind(st.st_mode) if not stat.S_ISREG(st.st_mode) else stamp.differs(st)
            if why:
                raise self._refuse(f"{why} (run kanwu again)")
            h = _digest()
            while chunk := os.read(src, 1 << 20):
                h.update(chunk)
            if h.digest() != stamp.digest:
                raise self._refuse("changed on disk since it was read (run kanwu again)")
            if os.geteuid() == 0 or (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                os.fchown(fd, st.st_uid, st.st_gid)
            os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after chown, which clears set-id bits
            self._copy_xattrs(src, fd)
        finally:
            os.close(src)

    def _copy_xattrs(self, src: int, dst: int) -> None:
        try:
            names = os.listxattr(src)
        except OSError as e:
            if e.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
                return
            raise
        for attr in set(os.listxattr(dst)) - set(names):  # the folder's default ACL, given to the temp file
            try:
                os.removexattr(dst, attr)
            except OSError as e:
                raise self._refuse(f"the new file would gain the extended attribute {attr} "
                                   f"({e.strerror or e})") from None
        for attr in names:
            try:
                os.setxattr(dst, attr, os.getxattr(src, attr))
            except OSError as e:
                raise self._refuse(f"its extended attribute {attr} could not be kept ({e.strerror or e})") from None

    def _close(self) -> None:
        with _signals_held():  # not half done: a temp file off the list but still on disk
            _LIVE.pop(id(self), None)
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            if self._tmp is not None and self._dfd is not None:
                try:
                    os.unlink(self._tmp, dir_fd=self._dfd)
                except OSError:
                    pass
                self._tmp = None
            if self._dfd is not None:
                os.close(self._dfd)
                self._dfd = None


def write_atomic(path: str, data: bytes) -> None:
    """Create or replace a report file in one step (temp file beside it, fsync, rename)."""
    with AtomicWriter(path) as w:
        w.write(data)
