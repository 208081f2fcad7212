"""Adversarial cases for issue #12 that the other safety tests do not cover: an independent
black-box pass over the real CLI (real files, real processes, a second user), asserting bytes,
modes, owners, inodes and extended attributes afterwards.

Cases marked ``xfail(strict=True)`` are product bugs found by this pass (none is left); each reason says
what happens instead. When a bug is fixed, its test starts passing and strict xfail turns
that into a failure: remove the mark then."""
import codecs
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time

import pytest

from .conftest import kanwu
from .safety_support import FIXED, NOISY, other_user, sabotage_env, saboteur  # noqa: F401


def run(*args, timeout=20, env=None, cwd=None, input=None, memory=None):
    """The real CLI with a hard time limit (a hang is a failure, not a stuck test)."""
    try:
        if memory is None:
            return kanwu(*args, env=env, cwd=cwd, input=input, timeout=timeout)
        full = dict(os.environ, **(env or {}))
        full.pop("NO_COLOR", None)

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        return subprocess.run([sys.executable, "-m", "kanwu", *args], capture_output=True, env=full, cwd=cwd,
                              input=input, timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(e.cmd, "timeout", e.stdout or b"", e.stderr or b"")


def clean(r) -> bool:
    """No hang, no traceback, no internal error."""
    err = r.stderr.decode("utf-8", "replace")
    return r.returncode != "timeout" and "Traceback" not in err and "internal error" not in err


def temps(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(".kanwu-")]


def xattrs(path) -> dict:
    return {n: os.getxattr(path, n) for n in os.listxattr(path)}


def acl_entries(entries) -> bytes:
    import struct
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", t, p, i) for t, p, i in entries)


# -- where writes go -------------------------------------------------------------------------------------
def test_links_inside_the_roots_are_fixed_through_and_links_out_by_relative_path_are_refused(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "victim.txt").write_text(NOISY, encoding="utf-8")
    os.symlink("../outside/victim.txt", root / "rel-out.txt")
    (root / "sub" / "t.txt").write_text(NOISY, encoding="utf-8")
    os.symlink("sub/t.txt", root / "a-link.txt")  # found before its target
    r = run("check", "--fix", "--jobs", "2", str(root))
    err = r.stderr.decode()
    assert r.returncode == 2 and clean(r), err
    assert f"{root / 'rel-out.txt'}: resolves to {outside / 'victim.txt'}, outside the paths named" in err
    assert (outside / "victim.txt").read_bytes() == NOISY.encode()
    assert os.readlink(root / "rel-out.txt") == "../outside/victim.txt"
    assert os.readlink(root / "a-link.txt") == "sub/t.txt"
    assert (root / "sub" / "t.txt").read_bytes() == FIXED.encode()
    assert "changed on disk" not in err  # the target is fixed once, not through both names
    assert not temps(root / "sub") and not temps(outside)


def test_a_report_is_not_written_onto_a_fifo_or_a_folder(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(NOISY, encoding="utf-8")
    os.mkfifo(tmp_path / "out.html")
    (tmp_path / "dir.html").mkdir()
    r = run("report", "-o", str(tmp_path / "out.html"), str(tmp_path / "pages"), timeout=15)
    assert r.returncode == 2 and clean(r) and b"is a named pipe (FIFO); not written" in r.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "out.html").st_mode)
    r = run("report", "-o", str(tmp_path / "dir.html"), str(tmp_path / "pages"), timeout=15)
    assert r.returncode == 2 and clean(r) and (tmp_path / "dir.html").is_dir()
    assert not temps(tmp_path)


def test_set_id_bits_owner_and_group_of_another_users_file_are_kept(tmp_path, other_user):
    uid, gid = other_user
    page = tmp_path / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    os.chown(page, uid, gid)
    os.chmod(page, 0o6754)
    before = os.stat(page)
    r = run("check", "--fix", str(tmp_path))
    after = os.stat(page)
    assert r.returncode == 0 and clean(r), r.stderr.decode()
    assert page.read_bytes() == FIXED.encode()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (uid, gid, 0o6754)
    assert after.st_ino != before.st_ino and not temps(tmp_path)


def test_a_file_without_an_acl_does_not_gain_the_folders_default_acl(tmp_path, other_user):
    desk = tmp_path / "desk"
    desk.mkdir()
    page = desk / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    os.chmod(page, 0o600)
    default = acl_entries([(0x01, 7, 0xFFFFFFFF), (0x02, 7, other_user[0]), (0x04, 5, 0xFFFFFFFF),
                           (0x10, 7, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)])
    try:
        os.setxattr(desk, "system.posix_acl_default", default)
    except OSError:
        pytest.skip("no POSIX ACLs on this filesystem")
    assert xattrs(page) == {}
    r = run("check", "--fix", str(desk))
    assert r.returncode == 0 and page.read_bytes() == FIXED.encode()
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    assert xattrs(page) == {}


ACTOR = '''"""Acts on the file being checked, once (adversarial test).

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

from kanwu.model import Rule


class Actor(Rule):
    code, name = "KW595", "adversarial-actor"

    def check(self, doc):
        target = os.environ.get("ADV_FILE", "")
        done = target + ".acted"
        if doc.path and os.path.basename(doc.path) == os.path.basename(target) and not os.path.exists(done):
            open(done, "w").close()
            act = os.environ.get("ADV_ACT")
            if act == "hardlink":
                os.link(target, target + ".other")
            elif act == "chmod444":
                os.chmod(target, 0o444)
        return iter(())
'''


@pytest.fixture(scope="module")
def actor(tmp_path_factory):
    site = tmp_path_factory.mktemp("actor-site")
    (site / "adversarial_actor.py").write_text(ACTOR, encoding="utf-8")
    info = site / "adversarial_actor-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: adversarial-actor\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[kanwu.rules]\nadversarial-actor = adversarial_actor:Actor\n")
    return site


@pytest.mark.parametrize("act,name,reason", [
    ("hardlink", "page.txt", "has 2 hard links"),
    ("chmod444", "page.txt", "is read-only"),
    ("hardlink", "c.jsonl", "has 2 hard links"),
    ("chmod444", "c.jsonl", "is read-only"),
])
def test_a_hard_link_or_read_only_mode_that_appears_during_the_run_is_honoured(tmp_path, actor, act, name, reason):
    folder = tmp_path / "desk"
    folder.mkdir()
    target = folder / name
    data = (NOISY if name.endswith(".txt") else '{"id": 1, "text": "第一条,内容"}\n').encode()
    target.write_bytes(data)
    ino = target.stat().st_ino
    r = run("check", "--fix", str(folder), env={"PYTHONPATH": str(actor), "ADV_ACT": act, "ADV_FILE": str(target)})
    err = r.stderr.decode()
    assert r.returncode == 2 and clean(r) and f"{target}: {reason}" in err, err
    assert target.read_bytes() == data and target.stat().st_ino == ino
    if act == "hardlink":
        assert os.stat(str(target) + ".other").st_ino == ino and target.stat().st_nlink == 2
    assert "fixed" not in err.splitlines()[-1] or "(0 fixed" in err
    assert not temps(folder)


def _full_tmpfs(where):
    where.mkdir()
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)], capture_output=True)
    if m.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs: {m.stderr.decode().strip()}")


def test_a_full_disk_is_a_reported_write_failure_not_a_crash(tmp_path):
    mnt = tmp_path / "mnt"
    _full_tmpfs(mnt)
    try:
        big = NOISY * 250
        for name in ("a.txt", "b.txt"):
            (mnt / name).write_text(big, encoding="utf-8")
        try:
            with open(mnt / "fill", "wb") as f:
                while True:
                    f.write(b"x" * 1024)
                    f.flush()
        except OSError:
            pass
        r = run("check", "--fix", str(mnt))
        assert all((mnt / n).read_bytes() == big.encode() for n in ("a.txt", "b.txt"))
        assert not temps(mnt)
        err = r.stderr.decode()
        assert r.returncode == 2 and clean(r), err
        assert "No space left on device" in err and "(0 fixed" in err
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_immutable_and_append_only_files_are_reported_and_not_counted(tmp_path):
    for name in ("immutable.txt", "append-only.txt", "ok.txt"):
        (tmp_path / name).write_text(NOISY, encoding="utf-8")
    flags = [("+i", "immutable.txt"), ("+a", "append-only.txt")]
    for flag, name in flags:
        if subprocess.run(["chattr", flag, str(tmp_path / name)], capture_output=True).returncode != 0:
            pytest.skip("chattr is not available here")
    try:
        r = run("check", "--fix", str(tmp_path))
    finally:
        for flag, name in flags:
            subprocess.run(["chattr", "-" + flag[1], str(tmp_path / name)], capture_output=True)
    err = r.stderr.decode()
    assert r.returncode == 2 and clean(r), err
    assert (tmp_path / "immutable.txt").read_bytes() == NOISY.encode()
    assert (tmp_path / "append-only.txt").read_bytes() == NOISY.encode()
    assert (tmp_path / "ok.txt").read_bytes() == FIXED.encode()
    assert "(5 fixed, 10 remaining)" in err and "All clear" not in err and not temps(tmp_path)


def test_a_report_is_not_written_through_a_planted_folder_link(tmp_path, other_user):
    pages, shared, secret = tmp_path / "pages", tmp_path / "shared", tmp_path / "secret"
    for folder in (pages, shared, secret):
        folder.mkdir()
    os.chmod(shared, 0o1777)
    (pages / "a.txt").write_text(NOISY, encoding="utf-8")
    (secret / "report.html").write_bytes(b"precious\n")
    os.symlink(secret, shared / "reports")
    os.lchown(shared / "reports", *other_user)
    r = run("report", "-o", str(shared / "reports" / "report.html"), str(pages))
    assert (secret / "report.html").read_bytes() == b"precious\n"
    assert r.returncode == 2 and clean(r)


def test_a_hang_up_removes_the_temp_file(tmp_path, saboteur):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(f'{{"text": "第{i}条,内容"}}\n' for i in range(4)), encoding="utf-8")
    before = corpus.read_bytes()
    env = dict(os.environ, **sabotage_env(saboteur, "sleep:60", corpus, tmp_path / "log"))
    proc = subprocess.Popen([sys.executable, "-m", "kanwu", "check", "--fix", str(corpus)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while time.time() < deadline and not temps(tmp_path):
            time.sleep(0.02)
        assert temps(tmp_path), "no temp file appeared"
        proc.send_signal(signal.SIGHUP)
        proc.wait(10)
    finally:
        proc.kill()
    assert corpus.read_bytes() == before
    assert not temps(tmp_path)


SIGNAL_AT_CREATION = """
import os, signal, sys
from kanwu import source
source.main_signals()
real_open = os.open
def open_then_signal(name, flags, *args, **kwargs):
    fd = real_open(name, flags, *args, **kwargs)
    if flags & os.O_EXCL:  # the temp file exists; kanwu has not yet listed it
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    return fd
os.open = open_then_signal
try:
    source.write_atomic(sys.argv[1], b"report")
except KeyboardInterrupt:
    sys.exit(3)
"""


@pytest.mark.parametrize("signame", ["SIGHUP", "SIGTERM", "SIGINT"])
def test_a_signal_the_moment_the_temp_file_is_made_removes_it(tmp_path, signame):
    """The window CI once hit: the signal came between creating the temp file and listing it."""
    r = subprocess.run([sys.executable, "-c", SIGNAL_AT_CREATION, str(tmp_path / "out.html"), signame],
                       capture_output=True, timeout=60)
    assert r.returncode == 3, r.stderr.decode()
    assert os.listdir(tmp_path) == []


def test_sigkill_of_the_parent_ends_the_pool_workers(tmp_path, saboteur):
    for i in range(16):
        (tmp_path / f"c{i:02d}.jsonl").write_text('{"text": "第一条,内容"}\n', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    log = tmp_path / "pids"
    env = dict(os.environ, **sabotage_env(saboteur, "sleep:60", "*", log))
    proc = subprocess.Popen([sys.executable, "-m", "kanwu", "check", "--fix", "--jobs", "2", str(tmp_path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while time.time() < deadline and (not log.exists() or len(set(log.read_text().split())) < 2):
            time.sleep(0.02)
        workers = {int(p) for p in log.read_text().split()}
        assert len(workers) == 2
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.time() + 10
        while time.time() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in workers):
            time.sleep(0.05)
        assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
    finally:
        proc.kill()
    assert all((tmp_path / n).read_bytes() == b for n, b in before.items() if n.endswith(".jsonl"))


# -- encodings ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("enc,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                     ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
                                     ("utf-8", codecs.BOM_UTF8)])
def test_a_byte_order_mark_encoding_and_crlf_are_kept(tmp_path, enc, bom):
    page = tmp_path / "page.txt"
    page.write_bytes(bom + NOISY.replace("\n", "\r\n").encode(enc))
    r = run("check", "--fix", str(page))
    assert r.returncode == 0 and clean(r), r.stderr.decode()
    assert page.read_bytes() == bom + FIXED.replace("\n", "\r\n").encode(enc)


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_decoded(tmp_path, enc):
    page = tmp_path / "page.txt"
    page.write_bytes(NOISY.encode(enc))
    r = run("check", "--fix", str(page))
    assert r.returncode == 0 and clean(r), r.stderr.decode()
    assert page.read_bytes() == FIXED.encode(enc)


def test_newline_style_bom_and_a_missing_final_newline_are_kept(tmp_path):
    files = {"cr.txt": (NOISY.replace("\n", "\r").encode(), FIXED.replace("\n", "\r").encode()),
             "no-final.txt": (NOISY.rstrip("\n").encode(), FIXED.rstrip("\n").encode()),
             "bom-crlf.txt": (codecs.BOM_UTF8 + NOISY.replace("\n", "\r\n").encode(),
                              codecs.BOM_UTF8 + FIXED.replace("\n", "\r\n").encode())}
    for name, (before, _) in files.items():
        (tmp_path / name).write_bytes(before)
    r = run("check", "--fix", str(tmp_path))
    assert r.returncode == 0 and clean(r), r.stderr.decode()
    for name, (_, after) in files.items():
        assert (tmp_path / name).read_bytes() == after, name


def test_the_stdin_filter_refuses_an_uncertain_encoding_like_a_named_file():
    data = "今天,會議\n".encode("big5")
    r = run("check", "--fix", "-", input=data)
    assert clean(r)
    assert r.returncode == 2 or r.stdout in (data, "今天，會議\n".encode("big5"))


# -- JSONL, graphemes -----------------------------------------------------------------------------------
def test_jsonl_escaped_key_mixed_endings_and_broken_lines_keep_their_bytes(tmp_path):
    body = "全市召开会议,要求落实。"
    fixed = "全市召开会议，要求落实。"
    lines = ['{"te\\u0078t": "%s", "k": 1e400}' % body,             # an escaped key is the same key
             '{"m": -' + "1" * 6000 + 'e-99999, "text": "%s"}' % body,
             "not json at all", '{"text": 5}', "[1, 2]", "",
             '{"z": "\\"q\\"\\/\\b", "text": "%s", "e": "\\ud83d\\ude00"}' % body]
    data = ("\r\n".join(lines[:3]) + "\n" + "\n".join(lines[3:])).encode()  # mixed endings, no final newline
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(data)
    r = run("check", "--fix", str(corpus))
    assert clean(r), r.stderr.decode()
    assert corpus.read_bytes() == data.replace(body.encode(), fixed.encode())


def test_flags_keycaps_and_zwj_sequences_survive_and_a_stray_zero_width_space_goes(tmp_path):
    family, rainbow, flag, keycap = "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "🇨🇳", "1\ufe0f\u20e3"
    page = tmp_path / "page.txt"
    page.write_text(f"本报讯,全市{family}会议{rainbow}落实{flag}各项{keycap}措施e\u0301。\n零宽\u200b空格。\n", encoding="utf-8")
    r = run("check", "--fix", str(page))
    assert r.returncode == 0 and clean(r), r.stderr.decode()
    assert page.read_text(encoding="utf-8") == f"本报讯，全市{family}会议{rainbow}落实{flag}各项{keycap}措施e\u0301。\n零宽空格。\n"


# -- odd input -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["html", "json"])
def test_a_report_over_a_file_name_that_is_not_utf8(tmp_path, fmt):
    pages = tmp_path / "pages"
    pages.mkdir()
    with open(os.path.join(os.fsencode(pages), b"caf\xe9-\xff.txt"), "wb") as f:
        f.write(NOISY.encode())
    out = tmp_path / f"report.{fmt}"
    r = run("report", "--output-format", fmt, "-o", str(out), str(pages))
    assert r.returncode == 0 and clean(r), r.stderr.decode()
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        json.loads(text)


def test_empty_bom_only_binary_and_broken_utf8_files_are_left_alone(tmp_path):
    files = {"empty.txt": b"", "bom.txt": codecs.BOM_UTF8, "binary.txt": b"\x00\x01\x02abc",
             "broken.txt": NOISY.encode() + b"\xff\xfe" + NOISY.encode()}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    inodes = {name: (tmp_path / name).stat().st_ino for name in files}
    r = run("check", "--fix", str(tmp_path))
    err = r.stderr.decode()
    assert r.returncode == 2 and clean(r) and "All clear" not in err, err
    for name, data in files.items():
        assert (tmp_path / name).read_bytes() == data and (tmp_path / name).stat().st_ino == inodes[name], name
    assert "binary.txt: binary content" in err and "broken.txt: invalid UTF-8" in err


def test_dangling_links_loops_and_missing_paths_are_errors_and_nothing_is_created(tmp_path):
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    r = run("check", "--fix", str(tmp_path), str(tmp_path / "missing.txt"))
    err = r.stderr.decode()
    assert r.returncode == 2 and clean(r) and "All clear" not in err, err
    assert "dangling symbolic link" in err and "symbolic link loop" in err and "no such file or directory" in err
    assert sorted(os.listdir(tmp_path)) == ["dangling.txt", "loop.txt"]


# -- configuration ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("toml,says", [
    ("[rules.whitespace-blank-lines]\nmax-blank-lines = -1\n", "must be between 0 and 1000, got -1"),
    ("[rules.duplicate-sentence]\nmax-distance = 1e9\n", "must be an integer"),
    ("[rules.duplicate-sentence]\nmax-distance = 1000000000\n", "must be between 0 and 10"),
    ("allow = [1, 2]\n", "'allow' must be a list of strings"),
    ("[rules.traditional-char]\nallow = [1, 2]\n", "holds 1"),
    ("[rules.misplaced-headline]\nmargin = nan\n", "must be a finite number, got nan"),
    ("[rules.duplicate-sentence]\nwindow = -5\n", "must be between 1 and 10000, got -5"),
    ('[per-file-ignores]\n"*.txt" = ["no-such-rule"]\n', "unknown rule selector 'no-such-rule'"),
    ('[glossary]\n"全国" = [""]\n', "must be a list of non-empty strings"),
])
def test_invalid_settings_stop_the_run_before_any_file_is_written(tmp_path, toml, says):
    (tmp_path / "kanwu.toml").write_text(toml, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    ino = page.stat().st_ino
    r = run("check", "--fix", str(tmp_path), timeout=15)
    err = r.stderr.decode()
    assert r.returncode == 2 and clean(r) and str(tmp_path / "kanwu.toml") in err and says in err, err
    assert page.read_bytes() == NOISY.encode() and page.stat().st_ino == ino


def test_a_deeply_nested_configuration_is_a_clear_error(tmp_path):
    (tmp_path / "kanwu.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text(NOISY, encoding="utf-8")
    r = run("check", "--fix", str(tmp_path))
    assert r.returncode == 2 and clean(r), r.stderr.decode()
    assert (tmp_path / "page.txt").read_bytes() == NOISY.encode()


@pytest.mark.parametrize("planted", [b'[tool.kanwu]\nselect = ["\xff"]\n', b"[tool.kanwu]\nselect = [\n"])
def test_a_planted_broken_pyproject_in_a_world_writable_folder_is_ignored(tmp_path, other_user, planted):
    os.chmod(tmp_path, 0o1777)
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "a.txt").write_text(NOISY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_bytes(planted)
    os.chown(tmp_path / "pyproject.toml", *other_user)
    r = run("check", str(tmp_path / "project"))
    assert r.returncode == 1 and clean(r), r.stderr.decode()
    assert b"ignored" in r.stderr


def test_a_planted_allow_list_in_a_world_writable_folder_is_ignored(tmp_path, other_user):
    os.chmod(tmp_path, 0o1777)
    (tmp_path / "project").mkdir()
    page = tmp_path / "project" / "a.txt"
    page.write_text(NOISY, encoding="utf-8")
    (tmp_path / "kanwu-allow.txt").write_text("(记者 王明)3月5日,全市召开会议,要求全面\n", encoding="utf-8")
    os.chown(tmp_path / "kanwu-allow.txt", *other_user)
    run("check", "--fix", "project", cwd=tmp_path)
    assert page.read_bytes() == FIXED.encode()


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_an_allow_list_that_is_not_a_regular_file_does_not_hang_or_crash(tmp_path, kind):
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "a.txt").write_text(NOISY, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(tmp_path / "kanwu-allow.txt")
    else:
        os.symlink("/dev/zero", tmp_path / "kanwu-allow.txt")
    r = run("check", "project", cwd=tmp_path, timeout=5, memory=1 << 30)
    assert clean(r) and r.returncode in (1, 2), r.stderr.decode()


@pytest.mark.parametrize("option,kind", [("--config", "fifo"), ("--baseline", "fifo"),
                                         ("--config", "zero"), ("--baseline", "zero")])
def test_a_config_or_baseline_that_is_not_a_regular_file_is_a_clear_error(tmp_path, option, kind):
    (tmp_path / "a.txt").write_text(NOISY, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(tmp_path / "named")
        named = str(tmp_path / "named")
    else:
        named = "/dev/zero"
    r = run("check", option, named, str(tmp_path / "a.txt"), timeout=5, memory=1 << 30)
    assert r.returncode == 2 and clean(r), r.stderr.decode()
