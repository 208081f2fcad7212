"""Rules reach the engine only through the ``kanwu.rules`` entry-point group.

The registry is built per run; there is no module-level mutable registry. A third-party rule
pack publishes ``[project.entry-points."kanwu.rules"] my-rule = "pack.module:MyRule"`` and is
picked up exactly like the built-in rules.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass
from typing import Iterable, Sequence

from .model import Rule

GROUP = "kanwu.rules"


class RegistryError(Exception):
    pass


@dataclass(frozen=True)
class Registry:
    rules: tuple[type[Rule], ...]

    @classmethod
    def from_entry_points(cls, group: str = GROUP) -> "Registry":
        classes = []
        for name, value in entry_point_specs(group):
            try:
                module, _, attr = value.partition(":")
                obj = importlib.import_module(module.strip())
                for part in attr.strip().split(".") if attr else ():
                    obj = getattr(obj, part)
            except Exception as e:  # a broken plugin must say which one
                raise RegistryError(f"cannot load rule {name!r} from {value!r}: {e}") from e
            classes.append(obj)
        return cls.from_classes(classes)

    @classmethod
    def from_classes(cls, classes: Iterable[type[Rule]]) -> "Registry":
        classes = list(classes)
        problems = []
        for c in classes:
            if not (isinstance(c, type) and issubclass(c, Rule)):
                problems.append(f"{c!r} is not a kanwu Rule subclass")
        seen_codes: dict[str, str] = {}
        seen_names: dict[str, str] = {}
        for c in classes:
            if c.code in seen_codes:
                problems.append(f"rule code {c.code} is used by both {seen_codes[c.code]} and {c.name}")
            if c.name in seen_names:
                problems.append(f"rule name {c.name} is registered twice")
            seen_codes[c.code] = c.name
            seen_names[c.name] = c.code
        if problems:
            raise RegistryError("; ".join(problems))
        return cls(tuple(sorted(classes, key=lambda c: c.code)))

    def find(self, key: str) -> type[Rule] | None:
        """The rule with this exact name or code."""
        key = key.strip()
        for c in self.rules:
            if key.upper() == c.code or key.lower() == c.name:
                return c
        return None

    def group(self, key: str) -> list[type[Rule]]:
        """The checks of a family split out of one bundled rule, by the family's code or name."""
        key = key.strip()
        return [c for c in self.rules if c.group and (key.upper() == c.group[0] or key.lower() == c.group[1])]

    def select(self, select: Sequence[str], ignore: Sequence[str] = (),
               extend_select: Sequence[str] = ()) -> list[type[Rule]]:
        """Rules chosen by name, code, family, code prefix or ALL; the most specific match wins."""
        for key in (*select, *ignore, *extend_select):
            self.validate_selector(key)
        chosen = []
        for c in self.rules:
            s = max(match_score(k, c) for k in (*select, *extend_select)) if (select or extend_select) else 0
            i = max((match_score(k, c) for k in ignore), default=0)
            if s > 0 and s > i and (s >= 50 or not c.opt_in):  # opt-in: named, or its family named
                chosen.append(c)
        return chosen

    def validate_selector(self, key: str) -> None:
        if not isinstance(key, str):
            raise RegistryError(f"rule selector {key!r} is not a string")
        if not any(match_score(key, c) for c in self.rules) and key.strip().upper() != "ALL":
            raise RegistryError(f"unknown rule selector {key!r}; 'kanwu rule --all' lists the rules")


def entry_point_specs(group: str) -> list[tuple[str, str]]:
    """(name, "module:attr") of every entry point in the group, sorted by name.

    Read from the installed distributions' own metadata on every run, never from a cache
    (what is imported must come from what is installed). importlib.metadata parses every
    distribution's METADATA, which costs more than the rest of a small check; the folders
    on the import path are instead scanned for ``*.dist-info/entry_points.txt`` directly,
    with importlib.metadata's rule that the first distribution of a name on the path wins.
    An import path entry that is not a folder (a zip file) falls back to importlib.metadata.
    """
    specs: set[tuple[str, str]] = set()
    seen: set[str] = set()
    header = f"[{group}]"
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except NotADirectoryError:
            return _specs_from_importlib(group)
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = re.sub(r"[-_.]+", "_", name.rpartition(".")[0].partition("-")[0]).lower()
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            if header in text:
                specs.update(_section(text, group))
    return sorted(specs)


def _section(text: str, group: str) -> Iterable[tuple[str, str]]:
    """The ``name = value`` lines of one section of an entry_points.txt."""
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def _specs_from_importlib(group: str) -> list[tuple[str, str]]:
    from importlib.metadata import entry_points

    return sorted({(ep.name, ep.value) for ep in entry_points(group=group)})


_PREFIX = re.compile(r"[A-Za-z]+[0-9]*\Z")


def match_score(key: str, rule) -> int:
    """How specific a selector is for this rule (0: no match): an exact name or code beats a
    family, which beats a code prefix (the longer the better), which beats ALL."""
    k = key.strip()
    upper = k.upper()
    if upper == "ALL":
        return 1
    if k.lower() == rule.name or upper == rule.code:
        return 100
    if rule.group and (k.lower() == rule.group[1] or upper == rule.group[0]):
        return 50
    if _PREFIX.match(k) and rule.code.startswith(upper):
        return 1 + len(k)
    return 0
