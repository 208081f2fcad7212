"""Configuration: ``kanwu.toml`` (top-level keys) or ``[tool.kanwu]`` in ``pyproject.toml``.

Found from the checked path upward, or given with ``--config``. Every key is validated; an
unknown key is an error that names the key and the file.

The search upward stops at the user's home folder and at a repository's root (a folder with
``.git`` or ``.hg``). A file found there that another user owns, that every user may write,
or that lies in a world-writable folder (``/tmp``) is ignored with a warning: it could have
been planted, and a configuration decides what ``--fix`` writes (a rule's table of replacements,
say). ``--config`` names a file explicitly and is always read.
"""
from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass, field
from typing import Any

from .source import open_small, read_small

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    pass


DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                   ".tox", ".mypy_cache", ".pytest_cache", "build", "dist")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.text", "*.jsonl")

_LIST_KEYS = {"select", "ignore", "extend-select", "exclude", "extend-exclude", "include", "allow"}
_KNOWN = _LIST_KEYS | {"per-file-ignores", "rules", "jsonl-field", "allow-file"}
DEFAULT_ALLOW_FILE = "kanwu-allow.txt"
MAX_BYTES = 16 << 20  # a configuration or word list larger than this is not one


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Top-level tables that rules own (a rule's ``config_table``), validated by that rule.
    tables: dict[str, Any] = field(default_factory=dict)
    jsonl_field: str = "text"
    allow: list[str] = field(default_factory=list)   # strings that are right as they are
    allow_file: str = DEFAULT_ALLOW_FILE             # a word list, one entry a line (relative to root)
    path: str | None = None  # the file the settings came from
    root: str = "."          # folder that relative patterns are resolved against
    source: str = "<defaults>"  # how messages name where the settings came from
    notes: list[str] = field(default_factory=list)  # configuration files passed over, and why

    @staticmethod
    def known_keys(owners=()) -> list[str]:
        return sorted(_KNOWN | set(owners))


def _distrust(path: str) -> str | None:
    """Why a configuration file found by the search must not be used (None: it may)."""
    try:
        st, folder = os.stat(path), os.stat(os.path.dirname(path))
    except OSError as e:
        return f"cannot be examined ({e.strerror or e})"
    if st.st_uid not in (os.geteuid(), 0):
        return f"it is owned by another user (uid {st.st_uid})"
    if st.st_mode & stat.S_IWOTH:
        return "every user may write it"
    if _world_writable(folder):
        return "it is in a world-writable folder"
    return None


def _world_writable(folder: str | os.stat_result) -> bool:
    """Any user may create and remove files in the folder (a path or its stat)."""
    try:
        st = folder if isinstance(folder, os.stat_result) else os.stat(folder)
    except OSError:
        return False
    return bool(st.st_mode & stat.S_IWOTH)


def _mentions_kanwu(path: str, parse: bool = True) -> bool:
    """Whether a pyproject.toml holds [tool.kanwu]. One that does not mention kanwu is not
    parsed at all (an unrelated broken or non-UTF-8 file is not kanwu's business), nor is one
    that will not be used (``parse`` false): naming kanwu is enough to say it was passed over."""
    try:
        data = read_small(path, MAX_BYTES)
    except OSError:
        return False
    if b"kanwu" not in data or not parse:
        return b"kanwu" in data
    try:
        return "kanwu" in tomllib.loads(data.decode("utf-8")).get("tool", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as e:
        raise ConfigError(f"{path}: cannot read its [tool.kanwu] settings: {_why(e)}") from None


def _why(e: Exception) -> str:
    if isinstance(e, UnicodeDecodeError):
        return f"not UTF-8 (byte {e.start}); TOML files must be UTF-8"
    if isinstance(e, RecursionError):
        return "arrays or tables nested too deeply to read"
    return f"invalid TOML: {e}"


def _stops(folder: str) -> bool:
    """The search goes no higher than the home folder or a repository's root."""
    if folder == os.path.realpath(os.path.expanduser("~")):
        return True
    return any(os.path.exists(os.path.join(folder, marker)) for marker in (".git", ".hg"))


def project_root(start: str) -> str:
    """Where paths are taken relative to when no configuration file says (the configuration's
    folder does): the root of the repository holding ``start`` (``.git``/``.hg``), else the
    working folder. Baselines, per-file ignores and the word list are found from it, so they
    hold from any working folder and after the tree moves."""
    here = os.path.realpath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    home = os.path.realpath(os.path.expanduser("~"))
    while True:
        if any(os.path.exists(os.path.join(here, marker)) for marker in (".git", ".hg")):
            return here
        parent = os.path.dirname(here)
        if parent == here or here == home:
            return os.getcwd()
        here = parent


def find_config(start: str, notes: list[str] | None = None) -> str | None:
    """The nearest kanwu.toml, or pyproject.toml holding [tool.kanwu], from start upward.
    Files passed over as untrustworthy are described in ``notes``."""
    here = os.path.realpath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        for name in ("kanwu.toml", "pyproject.toml"):
            candidate = os.path.join(here, name)
            if not os.path.isfile(candidate):
                continue
            why = _distrust(candidate)  # before any parsing: a planted broken file must not stop the run
            if name == "pyproject.toml" and not _mentions_kanwu(candidate, parse=why is None):
                continue
            if why is None:
                return candidate
            if notes is not None:
                notes.append(f"{candidate}: ignored: {why} (name it with --config to use it)")
        parent = os.path.dirname(here)
        if parent == here or _stops(here):
            return None
        here = parent


def load_settings(path: str | None) -> Settings:
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(read_small(path, MAX_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a configuration file") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as e:  # tomllib recurses per level
        raise ConfigError(f"{path}: {_why(e)}") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("kanwu", {})
        where = f"{path} [tool.kanwu]"
    else:
        where = path
    return settings_from_dict(data, where, path)


def settings_from_dict(data: dict[str, Any], where: str = "<config>", path: str | None = None) -> Settings:
    s = Settings(path=path, root=os.path.dirname(os.path.abspath(path)) if path else os.getcwd())
    for key, value in data.items():
        if key not in _KNOWN:
            if isinstance(value, dict):
                s.tables[key] = value  # a rule's own table, or an unknown key: the Linter decides
                continue
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(_KNOWN))})")
        if key in _LIST_KEYS:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{where}: {key!r} must be a list of strings")
            if key == "extend-exclude":
                s.exclude.extend(value)
            else:
                setattr(s, key.replace("-", "_"), list(value))
        elif key == "per-file-ignores":
            if not isinstance(value, dict) or not all(
                    isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()):
                raise ConfigError(f"{where}: 'per-file-ignores' must map glob patterns to lists of rules")
            s.per_file_ignores = {k: list(v) for k, v in value.items()}
        elif key == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{where}: 'rules' must hold one table per rule, e.g. [rules.NAME]")
            s.rule_options = {k: dict(v) for k, v in value.items()}
        elif key == "allow-file":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'allow-file' must be a path (a word list, one entry a line)")
            s.allow_file = value
        elif key == "jsonl-field":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: 'jsonl-field' must be a non-empty string")
            s.jsonl_field = value
    s.source = where
    return s


def allowed(settings: Settings) -> list[str]:
    """The allow-list: the ``allow`` entries and the lines of the word list (if it exists).
    A word list that could have been planted (see :func:`_distrust`) is ignored, and a note
    says so: it decides what is flagged and fixed, as a configuration does."""
    entries = list(settings.allow)
    path = os.path.join(settings.root, settings.allow_file)
    why = _distrust(path) if os.path.exists(path) else None
    if why is not None:
        settings.notes.append(f"{path}: allow-list ignored: {why}")
        return entries
    try:
        text = read_small(path, MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        if settings.allow_file != DEFAULT_ALLOW_FILE:
            raise ConfigError(f"{settings.source}: allow-file {path} not found") from None
        return entries
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the allow-list: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: cannot read the allow-list: {e}") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return entries + [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def add_allowed(settings: Settings, entry: str) -> str:
    """Append an entry to the allow-list word file (created if needed, on a line of its own,
    once); returns its path. The file is trusted and opened as it is read
    (:func:`_distrust`, :func:`open_small`): a FIFO or device, or a file another user could
    have planted, is refused with a ConfigError naming it, never opened blocking or written into."""
    path = os.path.join(settings.root, settings.allow_file)
    entry = entry.strip()
    if os.path.lexists(path):
        why = _distrust(path)
    else:  # a new word list in a folder anyone may write to would be ignored when read
        why = "it would be in a world-writable folder" if _world_writable(os.path.dirname(path)) else None
    if why is not None:
        raise ConfigError(f"{path}: not written: {why}")
    try:
        fd = open_small(path, os.O_RDWR | os.O_CREAT | os.O_APPEND)
    except OSError as e:
        raise ConfigError(f"{path}: not written: {e.strerror or e}") from None
    with open(fd, "a+", encoding="utf-8", newline="") as f:
        f.seek(0)
        old = f.read(MAX_BYTES + 1)
        if len(old) > MAX_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_BYTES // (1 << 20)} MB; not written")
        if entry in (ln.strip() for ln in old.splitlines()):
            return path
        f.write(("\n" if old and not old.endswith("\n") else "") + entry + "\n")
    return path


def describe(settings: Settings, start: str, rules: list[tuple[str, str]], overrides: dict[str, list[str]]) -> str:
    """``--show-settings``: the resolved settings, where they came from, and the rules they
    enable, as TOML a person can read (and paste into kanwu.toml)."""
    out = [f"# kanwu settings for {start}",
           f"# from: {settings.source if settings.path else 'built-in defaults (no configuration file found)'}"]
    out += [f"# {note}" for note in settings.notes]
    out += [f"# command line: {key} = {json.dumps(value, ensure_ascii=False)}"
            for key, value in overrides.items() if value]
    out += ["", f"select = {json.dumps(settings.select, ensure_ascii=False)}",
            f"ignore = {json.dumps(settings.ignore, ensure_ascii=False)}",
            f"extend-select = {json.dumps(settings.extend_select, ensure_ascii=False)}",
            f"exclude = {json.dumps(settings.exclude, ensure_ascii=False)}",
            f"include = {json.dumps(settings.include, ensure_ascii=False)}",
            f"jsonl-field = {json.dumps(settings.jsonl_field, ensure_ascii=False)}",
            f"allow = {json.dumps(settings.allow, ensure_ascii=False)}",
            f"allow-file = {json.dumps(settings.allow_file, ensure_ascii=False)}",
            f"# patterns are relative to {settings.root}"]
    if settings.per_file_ignores:
        out += ["", "[per-file-ignores]"] + [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
                                             for k, v in settings.per_file_ignores.items()]
    for rule, options in settings.rule_options.items():
        out += ["", f"[rules.{rule}]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in options.items()]
    for table, value in settings.tables.items():
        out += ["", f"# [{table}]: {len(value)} entr{'y' if len(value) == 1 else 'ies'}"]
    out += ["", f"# rules enabled ({len(rules)}):"] + [f"#   {code} {name}" for code, name in rules]
    return "\n".join(out)
