"""What --fix writes and what it refuses (README, "What --fix guarantees").

Real files, the real CLI in a subprocess, a real second user where ownership matters; every
test looks at bytes, modes, owners, inodes and extended attributes afterwards, not only at
the exit status."""
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time

import pytest

from .conftest import kanwu
from .safety_support import FIXED, NOISY, kanwu_as, open_tmp, other_home, other_user, sabotage_env, saboteur  # noqa: F401


def temps(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(".kanwu-")]


def summary_fixed(stderr: bytes) -> int:
    m = re.search(r"\((\d+) fixed", stderr.decode())
    return int(m.group(1)) if m else 0


def acl(entries) -> bytes:
    """A POSIX access ACL as Linux stores it in system.posix_acl_access."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


def test_fix_keeps_owner_group_mode_xattrs_and_acl(tmp_path, other_user):
    uid, gid = other_user
    page = tmp_path / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    os.chown(page, uid, gid)
    os.chmod(page, 0o640)
    os.setxattr(page, "user.origin", b"wire-service")
    access = acl([(0x01, 6, 0xFFFFFFFF), (0x02, 4, 0), (0x04, 4, 0xFFFFFFFF), (0x10, 4, 0xFFFFFFFF),
                  (0x20, 0, 0xFFFFFFFF)])
    try:
        os.setxattr(page, "system.posix_acl_access", access)
    except OSError:
        access = None  # a filesystem without ACLs: the rest still holds
    before = os.stat(page)
    r = kanwu("check", "--fix", str(tmp_path))
    assert r.returncode == 0, r.stderr.decode()
    after = os.stat(page)
    assert page.read_bytes() == FIXED.encode()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (uid, gid, stat.S_IMODE(before.st_mode))
    assert after.st_ino != before.st_ino  # replaced in one step, not rewritten in place
    assert os.getxattr(page, "user.origin") == b"wire-service"
    if access is not None:
        assert os.getxattr(page, "system.posix_acl_access") == access
    assert not temps(tmp_path)


def test_refused_writes_leave_files_and_are_counted_honestly(tmp_path):
    pages, outside = tmp_path / "pages", tmp_path / "outside"
    pages.mkdir()
    outside.mkdir()
    for name in ("ok.txt", "linked.txt", "readonly.txt"):
        (pages / name).write_text(NOISY, encoding="utf-8")
    os.link(pages / "linked.txt", outside / "other-name.txt")
    os.chmod(pages / "readonly.txt", 0o444)
    (outside / "target.txt").write_text(NOISY, encoding="utf-8")
    os.symlink(outside / "target.txt", pages / "link-out.txt")
    inodes = {p.name: p.stat().st_ino for p in pages.iterdir()}
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(pages / "ok.txt", alone / "ok.txt")
    expected = int(re.search(r"Would fix (\d+)", kanwu("check", "--diff", str(alone)).stderr.decode()).group(1))

    r = kanwu("check", "--fix", str(pages))
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    assert f"{pages / 'linked.txt'}: has 2 hard links" in err
    assert f"{pages / 'readonly.txt'}: is read-only; not written" in err
    assert f"{pages / 'link-out.txt'}: resolves to {outside / 'target.txt'}, outside the paths named" in err
    assert (pages / "ok.txt").read_bytes() == FIXED.encode()
    for name in ("linked.txt", "readonly.txt"):
        assert (pages / name).read_bytes() == NOISY.encode(), name
        assert (pages / name).stat().st_ino == inodes[name], name
    assert (outside / "other-name.txt").stat().st_ino == inodes["linked.txt"]
    assert (outside / "target.txt").read_bytes() == NOISY.encode()
    assert stat.S_IMODE(os.stat(pages / "readonly.txt").st_mode) == 0o444
    # Only what was written is counted; the refused files are reported as they are on disk.
    assert summary_fixed(r.stderr) == expected
    for name in ("linked.txt", "readonly.txt", "link-out.txt"):
        assert f"{name}:1:4: KW301" in r.stdout.decode(), name
    assert "All clear" not in err and not temps(pages)


def test_a_link_named_on_the_command_line_is_fixed_at_its_target(tmp_path):
    (tmp_path / "target.txt").write_text(NOISY, encoding="utf-8")
    os.symlink(tmp_path / "target.txt", tmp_path / "link.txt")
    r = kanwu("check", "--fix", str(tmp_path / "link.txt"))
    assert r.returncode == 0, r.stderr.decode()
    assert os.path.islink(tmp_path / "link.txt") and (tmp_path / "target.txt").read_bytes() == FIXED.encode()


@pytest.mark.parametrize("act,reason", [
    ("append", "changed on disk since it was read"),
    ("rewrite", "changed on disk since it was read"),
    ("replace", "was replaced by another file during the run|changed on disk"),  # the inode may be reused
    ("delete", "was removed during the run; it is not recreated"),
    ("symlink", "was replaced by a symbolic link during the run"),
    ("swapdir", "a folder on its path was replaced by a symbolic link during the run"),
])
def test_a_file_changed_while_kanwu_works_is_not_written(tmp_path, saboteur, act, reason):
    root = tmp_path / "root"
    (root / "desk").mkdir(parents=True)
    page = root / "desk" / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "page.txt"
    victim.write_text(NOISY, encoding="utf-8")
    spec = {"symlink": f"symlink:{victim}", "swapdir": f"swapdir:{elsewhere}"}.get(act, act)
    r = kanwu("check", "--fix", str(root), env=sabotage_env(saboteur, spec, page, tmp_path / "log"))
    err = r.stderr.decode()
    assert r.returncode == 2 and re.search(reason, err) and "Traceback" not in err, err
    assert summary_fixed(r.stderr) == 0
    assert victim.read_bytes() == NOISY.encode()  # nothing was written through a link
    if act == "delete":
        assert not page.exists()
    elif act == "append":
        assert page.read_text(encoding="utf-8") == NOISY + "编辑刚刚加上的一句。\n"
    elif act == "rewrite":
        assert page.read_text(encoding="utf-8") == NOISY.replace("全市", "全省")
    elif act == "replace":
        assert page.read_bytes() == NOISY.encode()
    elif act == "symlink":
        assert os.readlink(page) == str(victim)
    elif act == "swapdir":
        assert (root / "desk.moved" / "page.txt").read_bytes() == NOISY.encode()
    for folder in (root / "desk", elsewhere, tmp_path / "root" / "desk.moved"):
        assert not folder.exists() or not temps(folder)


def _jsonl(path, n=5):
    path.write_text("".join(f'{{"id": {i}, "text": "第{i}条,内容"}}\n' for i in range(n)), encoding="utf-8")


def _wait_for_temp(folder, proc, count=1, limit=30):
    deadline = time.time() + limit
    while time.time() < deadline and proc.poll() is None:
        if len(temps(folder)) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"no temp file appeared; kanwu exited with {proc.poll()}: {proc.stderr.read()}")


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_removes_the_temp_file_and_keeps_the_original(tmp_path, saboteur, sig, code):
    corpus = tmp_path / "c.jsonl"
    _jsonl(corpus)
    before = corpus.read_bytes()
    env = dict(os.environ, **sabotage_env(saboteur, "sleep:60", corpus, tmp_path / "log"))
    proc = subprocess.Popen([sys.executable, "-m", "kanwu", "check", "--fix", str(corpus)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_temp(tmp_path, proc)
    proc.send_signal(sig)
    assert proc.wait(10) == code, proc.stderr.read()
    assert b"Traceback" not in proc.stderr.read()
    assert corpus.read_bytes() == before and not temps(tmp_path)


def test_sigterm_stops_pool_workers_and_their_temp_files(tmp_path, saboteur):
    for i in range(16):
        _jsonl(tmp_path / f"c{i:02d}.jsonl", 3)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    log = tmp_path / "pids"
    env = dict(os.environ, **sabotage_env(saboteur, "sleep:60", "*", log))
    proc = subprocess.Popen([sys.executable, "-m", "kanwu", "check", "--fix", "--jobs", "2", str(tmp_path)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline and (not log.exists() or len(set(log.read_text().split())) < 2):
        time.sleep(0.02)  # both workers are inside a file, each with its temp file open
    _wait_for_temp(tmp_path, proc, count=2)
    workers = {int(p) for p in log.read_text().split()}
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(15) == 143
    deadline = time.time() + 10
    while time.time() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
    assert not temps(tmp_path)
    assert all((tmp_path / name).read_bytes() == data for name, data in before.items())


def test_a_killed_runs_temp_files_are_swept_by_the_next_run(tmp_path, other_user):
    (tmp_path / "page.txt").write_text(NOISY, encoding="utf-8")
    hour_ago = time.time() - 3600
    for name in (".kanwu-0123456789abcdef.tmp", ".kanwu-fresh.tmp", ".kanwu-theirs.tmp", ".kanwu-nottemp.txt"):
        (tmp_path / name).write_bytes(b"partial")
        if name != ".kanwu-fresh.tmp":
            os.utime(tmp_path / name, (hour_ago, hour_ago))
    os.chown(tmp_path / ".kanwu-theirs.tmp", *other_user)
    os.symlink("/etc/hostname", tmp_path / ".kanwu-link.tmp")
    os.utime(tmp_path / ".kanwu-link.tmp", (hour_ago, hour_ago), follow_symlinks=False)
    r = kanwu("check", "--fix", str(tmp_path))
    assert r.returncode == 0, r.stderr.decode()
    assert sorted(temps(tmp_path)) == [".kanwu-fresh.tmp", ".kanwu-link.tmp", ".kanwu-nottemp.txt",
                                       ".kanwu-theirs.tmp"]
    assert os.path.exists("/etc/hostname")


def test_report_files_are_not_written_through_a_planted_link(tmp_path, other_user):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(NOISY, encoding="utf-8")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    victim = tmp_path / "victim.txt"
    victim.write_text("do not overwrite\n", encoding="utf-8")
    for name in ("report.html", "glossary.toml"):
        os.symlink(victim, shared / name)
        os.lchown(shared / name, *other_user)
    r = kanwu("report", "-o", str(shared / "report.html"), str(pages))
    assert r.returncode == 2 and b"is a symbolic link that another user owns in a world-writable folder" in r.stderr
    r = kanwu("names", "--write-glossary", str(shared / "glossary.toml"), str(pages))
    assert r.returncode == 2 and b"is a symbolic link that another user owns" in r.stderr
    assert victim.read_text(encoding="utf-8") == "do not overwrite\n"
    assert os.path.islink(shared / "report.html") and os.path.islink(shared / "glossary.toml")
    # A link of one's own in one's own folder is followed, as before.
    os.symlink(tmp_path / "mine.html", tmp_path / "link.html")
    assert kanwu("report", "-o", str(tmp_path / "link.html"), str(pages)).returncode == 0
    assert (tmp_path / "mine.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_as_another_user_a_file_kanwu_cannot_keep_the_owner_of_is_not_written(open_tmp, other_user, other_home):
    uid, gid = other_user
    desk = open_tmp / "desk"
    desk.mkdir()
    os.chmod(desk, 0o777)  # everyone may replace entries here
    theirs, mine = desk / "root-owned.txt", desk / "mine.txt"
    theirs.write_text(NOISY, encoding="utf-8")
    os.chmod(theirs, 0o666)
    mine.write_text(NOISY, encoding="utf-8")
    os.chown(mine, uid, gid)
    r = kanwu_as(other_user, "check", "--fix", str(desk), home=other_home)
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert f"{theirs}: is owned by another user (uid 0); a rewritten file would be yours; not written" in err
    assert theirs.read_bytes() == NOISY.encode() and theirs.stat().st_uid == 0
    assert mine.read_bytes() == FIXED.encode() and (mine.stat().st_uid, mine.stat().st_gid) == (uid, gid)
    assert not temps(desk)
