"""What ``kanwu rule`` prints: every rule in a table, one rule's documentation, or a family's
(a bundled rule split into checks that its old code and name still select)."""
from __future__ import annotations

import functools
import inspect
import json
import sys

from .model import Rule
from .registry import Registry

FIX = {"always": "fix", "sometimes": "fix?", "none": ""}


def meta(r: type[Rule]) -> dict:
    return {"code": r.code, "name": r.name, "summary": r.summary(), "severity": r.severity.value,
            "fix": r.fix.value, "fix_kinds": sorted(k.value for k in r.fix_kinds), "corpus": r.corpus,
            "family": {"code": r.group[0], "name": r.group[1]} if r.group else None,
            "package": package_of(r),
            "options": {k: {"default": o.default, "help": o.help} for k, o in r.options.items()},
            "documentation": r.documentation()}


def package_of(r: type[Rule]) -> str:
    """The distribution a rule comes from: ``kanwu`` for built-in rules, else the plugin's."""
    top = r.__module__.split(".")[0]
    return (_distributions().get(top) or [top])[0]


@functools.lru_cache(maxsize=1)
def _distributions() -> dict:
    from importlib.metadata import packages_distributions
    try:
        return packages_distributions()
    except Exception:  # pragma: no cover - broken metadata of some installed package
        return {}


def listing(registry: Registry, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([meta(r) for r in registry.rules], ensure_ascii=False, indent=2)
    lines = []
    for r in registry.rules:
        family = f" ({r.group[0]} {r.group[1]})" if r.group else ""
        pack = package_of(r)
        origin = f" [{pack}]" if pack != "kanwu" else ""
        lines.append(f"{r.code}  {r.name:44s} {FIX[r.fix.value]:5s} {r.summary()}{family}{origin}")
    return "\n".join(lines)


def describe(registry: Registry, key: str, fmt: str = "text") -> str | None:
    found = registry.find(key)
    if found is not None:
        if fmt == "json":
            return json.dumps(meta(found), ensure_ascii=False, indent=2)
        out = [f"# {found.name} ({found.code})\n",
               f"Severity: {found.severity.value}. Fix: {found.fix.value}"
               + (f" ({', '.join(sorted(k.value for k in found.fix_kinds))})" if found.fix_kinds else "") + "."]
        if found.group:
            out.append(f"Family: {found.group[1]} ({found.group[0]}), selected with the family's code or name.")
        out.append("")
        out.append(found.documentation())
        if found.options:
            out.append("\n## Options")
            out += [f"- {k} (default {o.default!r}): {o.help}" for k, o in found.options.items()]
        return "\n".join(out)
    checks = registry.group(key)
    if not checks:
        return None
    code, name = checks[0].group  # type: ignore[misc]
    if fmt == "json":
        return json.dumps({"code": code, "name": name, "checks": [meta(c) for c in checks]}, ensure_ascii=False, indent=2)
    doc = inspect.cleandoc(getattr(sys.modules.get(checks[0].__module__), "__doc__", "") or "")
    out = [f"# {name} ({code}): a family of checks\n", doc, "\n## Checks"]
    out += [f"- {c.code} {c.name}: {c.summary()}" for c in checks]
    out.append(f"\n'kanwu rule CHECK' shows one check's documentation; '{code}' or '{name}' selects them all.")
    return "\n".join(out)


def show(key: str | None, everything: bool, fmt: str = "text") -> str | None:
    """``kanwu rule``: the listing, or one rule's or family's page (None: no such rule)."""
    registry = Registry.from_entry_points()
    if everything or not key:
        return listing(registry, fmt)
    return describe(registry, key, fmt)
