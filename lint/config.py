"""Configuration: ``kanwu.toml`` (top-level keys) or ``[tool.kanwu]`` in ``pyproject.toml``.

Found from the checked path upward, or given with ``--config``. Every key is validated; an
unknown key is an error that names the key and the file.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

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

    @staticmethod
    def known_keys(owners=()) -> list[str]:
        return sorted(_KNOWN | set(owners))


def find_config(start: str) -> str | None:
    """The nearest kanwu.toml, or pyproject.toml holding [tool.kanwu], from start upward."""
    here = os.path.abspath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        candidate = os.path.join(here, "kanwu.toml")
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(here, "pyproject.toml")
        if os.path.isfile(pyproject):
            try:
                with open(pyproject, "rb") as f:
                    if "kanwu" in tomllib.load(f).get("tool", {}):
                        return pyproject
            except (OSError, tomllib.TOMLDecodeError):
                pass
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def load_settings(path: str | None) -> Settings:
    if path is None:
        return Settings()
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
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
    """The allow-list: the ``allow`` entries and the lines of the word list (if it exists)."""
    entries = list(settings.allow)
    path = os.path.join(settings.root, settings.allow_file)
    try:
        with open(path, encoding="utf-8") as f:
            entries += [ln.strip() for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    except FileNotFoundError:
        if settings.allow_file != DEFAULT_ALLOW_FILE:
            raise ConfigError(f"{settings.source}: allow-file {path} not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the allow-list: {e}") from None
    return entries


def add_allowed(settings: Settings, entry: str) -> str:
    """Append an entry to the allow-list word file (created if needed); returns its path."""
    path = os.path.join(settings.root, settings.allow_file)
    with open(path, "a", encoding="utf-8") as f:
        f.write(entry.strip() + "\n")
    return path
