import os
import subprocess
import sys
from pathlib import Path

import pytest

from kanwu.config import Settings
from kanwu.linter import Linter
from kanwu.registry import Registry

from . import zygote

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def registry():
    return Registry.from_entry_points()


@pytest.fixture(scope="session")
def registry_once(registry):
    """The session's registry, for hypothesis tests (function-scoped fixtures are reset
    between examples, so they take this one)."""
    return registry


def make_linter(registry, select=("ALL",), **settings):
    return Linter.configure(registry, Settings(**settings), select=list(select))


def kanwu(*args, input=None, cwd=None, env=None, check=False, timeout=300):
    """Run the real CLI in a process of its own: ``python -m kanwu ARGS``, forked from a warm
    server that has done the imports (tests/zygote.py), or a new interpreter where the run's
    environment changes what Python reads at start-up, and everywhere with KANWU_TEST_EXEC=1."""
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("NO_COLOR", None)
    if os.environ.get("KANWU_TEST_EXEC") == "1" or zygote.needs_exec(full_env):
        proc = subprocess.run([sys.executable, "-m", "kanwu", *args], input=input, capture_output=True,
                              cwd=cwd, env=full_env, timeout=timeout)
    else:
        proc = zygote.shared().run(args, input=input, cwd=cwd, env=full_env, timeout=timeout)
    if check:
        assert proc.returncode in (0, 1), proc.stderr.decode()
    return proc


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow (long fuzzing)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("KANWU_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow or KANWU_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
