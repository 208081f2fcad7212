"""Shared pieces of the safety suite (tests/test_safety_*.py): a real second user, kanwu run
as that user, and a rule pack whose rule sabotages the file being fixed (a concurrent editor,
a deleted file, a planted link) at the moment kanwu is working on it."""
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import kanwu

NOISY = "本报讯(记者 王明)3月5日,全市召开会议,要求全面\n\n落实各项措施。\n"
FIXED = "本报讯（记者 王明）3月5日，全市召开会议，要求全面落实各项措施。\n"
USER = "kanwutest"

SABOTEUR = '''"""Does something to the file being checked, once, the first time it is checked.

## What it does
x
## Why it matters
x
## Example
x
## Fix safety
x
"""
import os
import time

from kanwu.model import Rule


class Saboteur(Rule):
    code, name = "KW597", "saboteur"

    def check(self, doc):
        act = os.environ.get("KANWU_SABOTAGE", "")
        target = os.environ.get("KANWU_SABOTAGE_FILE", "")
        if doc.path and (target == "*" or os.path.basename(doc.path) == os.path.basename(target)):
            with open(os.environ["KANWU_SABOTAGE_LOG"], "a") as log:
                log.write(f"{os.getpid()}\\n")
            if act.startswith("sleep:"):
                time.sleep(float(act[6:]))
            elif not os.path.exists(os.environ["KANWU_SABOTAGE_LOG"] + ".done"):
                open(os.environ["KANWU_SABOTAGE_LOG"] + ".done", "w").close()
                if act == "append":
                    with open(target, "a", encoding="utf-8") as f:
                        f.write("编辑刚刚加上的一句。\\n")
                elif act == "rewrite":  # same size, same mtime: only the content hash can tell
                    st = os.stat(target)
                    data = open(target, "rb").read()
                    with open(target, "r+b") as f:
                        f.write(data.replace("全市".encode(), "全省".encode(), 1))
                    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
                elif act == "delete":
                    os.unlink(target)
                elif act.startswith("symlink:"):
                    os.unlink(target)
                    os.symlink(act[8:], target)
                elif act.startswith("swapdir:"):  # the file's folder becomes a link elsewhere
                    folder = os.path.dirname(target)
                    os.rename(folder, folder + ".moved")
                    os.symlink(act[8:], folder)
                elif act == "replace":
                    data = open(target, "rb").read()
                    os.unlink(target)
                    with open(target, "wb") as f:
                        f.write(data)
        return iter(())
'''


@pytest.fixture(scope="session")
def saboteur(tmp_path_factory):
    """A folder to put on PYTHONPATH: a rule pack registered like any third-party one."""
    site = tmp_path_factory.mktemp("saboteur-site")
    (site / "saboteur_rule.py").write_text(SABOTEUR, encoding="utf-8")
    info = site / "saboteur_rule-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: saboteur-rule\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[kanwu.rules]\nsaboteur = saboteur_rule:Saboteur\n")
    return site


def sabotage_env(site, act: str, target, log) -> dict:
    return {"PYTHONPATH": str(site), "KANWU_SABOTAGE": act, "KANWU_SABOTAGE_FILE": str(target),
            "KANWU_SABOTAGE_LOG": str(log)}


@pytest.fixture(scope="session")
def other_user():
    """(uid, gid) of a real second user, created when missing (root only)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to act as a second user")
    try:
        pw = pwd.getpwnam(USER)
    except KeyError:
        if not shutil.which("useradd"):
            pytest.skip("needs useradd to create a second user")
        made = subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", USER], capture_output=True)
        try:  # another test worker may have created it meanwhile (useradd then exits 9)
            pw = pwd.getpwnam(USER)
        except KeyError:
            pytest.fail(f"cannot create the second user: {made.stderr.decode()}")
    return pw.pw_uid, pw.pw_gid


@pytest.fixture(scope="session")
def other_home(other_user):
    """A home of the second user's own, kept for the session (its word-index cache is built once)."""
    home = Path(tempfile.mkdtemp(prefix="kanwu-safety-home-", dir="/tmp"))
    os.chown(home, *other_user)
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def open_tmp():
    """A folder both users can enter (pytest's own tmp folders are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="kanwu-safety-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def kanwu_as(user, *args, home=None, env=None, cwd=None):
    """Run the real CLI as the second user (real uid, gid, no supplementary groups)."""
    uid, gid = user
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("NO_COLOR", None)
    full_env.pop("KANWU_CACHE_DIR", None)
    full_env["HOME"] = str(home or "/nonexistent")
    cmd = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--", sys.executable, "-m", "kanwu", *args]
    return subprocess.run(cmd, capture_output=True, env=full_env, cwd=cwd, timeout=120)


__all__ = ["FIXED", "NOISY", "USER", "kanwu", "kanwu_as", "other_home", "other_user", "open_tmp", "sabotage_env",
           "saboteur"]
