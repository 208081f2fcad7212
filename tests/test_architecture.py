"""The shape of the house, checked: the engine names no rule, modules use each other's public
names only, nothing in lint/ is dead, and the CLI stays a thin layer."""
import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from kanwu.registry import Registry

from .conftest import ROOT

LINT = ROOT / "lint"
MODULES = sorted(p for p in LINT.rglob("*.py") if "data" not in p.parts)
CLI_MAX_LINES = 250


def module_name(path: Path) -> str:
    if path.is_relative_to(LINT):
        parts = ["kanwu", *path.relative_to(LINT).with_suffix("").parts]
    else:
        parts = ["kanwu", "rules", *path.relative_to(ROOT / "rules").with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(module imported, names taken from it) for every import in a file, relative ones resolved."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            yield mod, [a.name for a in node.names]
            for a in node.names:  # `from . import formats` imports a module
                yield f"{mod}.{a.name}", []
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, []


def test_cli_is_thin():
    lines = len((LINT / "cli.py").read_text(encoding="utf-8").splitlines())
    assert lines <= CLI_MAX_LINES, f"lint/cli.py has {lines} lines; move logic into the pipeline"


def test_engine_names_no_rule():
    registry = Registry.from_entry_points()
    names = {r.name for r in registry.rules} | {r.group[1] for r in registry.rules if r.group}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")(?![\w-])")
    found = []
    for path in MODULES:
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for tok in tokens:
            if tok.type in (tokenize.STRING, tokenize.COMMENT) and pattern.search(tok.string):
                found.append(f"{path.relative_to(ROOT)}:{tok.start[0]}: {pattern.search(tok.string).group()}")
    assert not found, "the engine names rules:\n" + "\n".join(found)


def test_no_private_imports_across_modules():
    bad = []
    for path in [*MODULES, *sorted((ROOT / "rules").glob("*.py"))]:
        for mod, names in imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if mod.startswith("kanwu") and private:
                bad.append(f"{path.relative_to(ROOT)} imports {private} from {mod}")
    assert not bad, "\n".join(bad)


def test_no_dead_modules():
    used = {mod for path in [*MODULES, *sorted((ROOT / "rules").glob("*.py"))] for mod, _ in imports(path)}
    entry = {"kanwu", "kanwu.__main__", "kanwu.cli", "kanwu.zh"}
    dead = [module_name(p) for p in MODULES if module_name(p) not in used | entry]
    assert not dead, f"modules nothing imports: {dead}"


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__init__.py"], ids=lambda p: p.name)
def test_every_module_says_what_it_is_for(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc) > 30, f"{path.name} has no module docstring"
