"""Bad input gets a clear error and nothing is lost; fixes never corrupt a file.

Every case is generated here (no committed blobs), run through the real CLI, and checked for
its exit status, its message, and that the other files were still checked."""
import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kanwu.config import Settings
from kanwu.linter import Linter
from kanwu.pipeline import RunOptions, process_task

from .conftest import ROOT, kanwu

NOISY = "本报讯(记者 王明)3月5日,全市召开会议,要求全面\n\n落实各项措施。\n"
FIXED = "本报讯（记者 王明）3月5日，全市召开会议，要求全面落实各项措施。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 4 >>\nstream\n\x00\x01\x02\x03\nendstream\nendobj\n"


def check_json(*args, **kw):
    r = kanwu("check", "--output-format", "json", *args, **kw)
    err = r.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return r.returncode, json.loads(r.stdout or b"[]"), err


def by_file(findings):
    out = {}
    for d in findings:
        out.setdefault(os.path.basename(d["path"]), []).append(d["rule"])
    return out


@pytest.fixture
def zoo(tmp_path):
    """One folder holding every kind of awkward input next to ordinary pages."""
    z = tmp_path / "zoo"
    z.mkdir()
    (z / "good.txt").write_text(NOISY, encoding="utf-8")
    (z / "bad-utf8.txt").write_bytes(NOISY.encode() * 20 + b"\xc3\x28" + NOISY.encode())
    (z / "gbk.txt").write_bytes(NOISY.encode("gb18030"))
    (z / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + NOISY.encode("utf-16-le"))
    (z / "utf8-bom.txt").write_bytes(codecs.BOM_UTF8 + NOISY.encode())
    (z / "crlf.txt").write_bytes(NOISY.replace("\n", "\r\n").encode())
    (z / "mixed.txt").write_bytes(b"\xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c,\xe5\x86\x85\xe5\xae\xb9\r\n" + NOISY.encode())
    (z / "image.png").write_bytes(PNG)
    (z / "paper.pdf").write_bytes(PDF)
    (z / "png-named.txt").write_bytes(PNG)
    (z / "empty.txt").write_bytes(b"")
    (z / "nul.txt").write_bytes("正文".encode() + b"\x00" + "正文".encode())
    os.symlink(z / "nowhere.txt", z / "dangling.txt")
    os.symlink(z / "loop-b.txt", z / "loop-a.txt")
    os.symlink(z / "loop-a.txt", z / "loop-b.txt")
    os.symlink(z, z / "self-loop")  # a folder that contains itself
    odd = z / "新闻 稿件 folder"
    odd.mkdir()
    (odd / "第一版 page one.txt").write_text(NOISY, encoding="utf-8")
    return z


def test_zoo_report(zoo):
    code, findings, err = check_json(str(zoo))
    assert code == 2
    files = by_file(findings)
    for name in ("good.txt", "gbk.txt", "utf16.txt", "utf8-bom.txt", "crlf.txt", "mixed.txt", "第一版 page one.txt"):
        assert "halfwidth-punctuation" in files[name], name
    assert "bad-utf8.txt: invalid UTF-8 at byte" in err
    assert "png-named.txt: binary content (NUL byte at offset" in err
    assert "nul.txt: binary content (NUL byte at offset 6)" in err
    assert "dangling.txt: dangling symbolic link" in err
    assert "loop-a.txt: symbolic link loop" in err and "loop-b.txt: symbolic link loop" in err
    assert "image.png" not in err and "paper.pdf" not in err and "self-loop" not in err
    assert "empty.txt" not in files and "empty.txt" not in err
    # Offsets are into the decoded text, BOM excluded.
    bom = next(d for d in findings if d["path"].endswith("utf8-bom.txt") and d["rule"] == "halfwidth-punctuation")
    assert bom["start"]["offset"] == 3 and bom["start"]["column"] == 4


def test_zoo_fix_keeps_encodings_and_touches_nothing_else(zoo):
    before = {p.name: p.read_bytes() for p in zoo.iterdir() if p.is_file() and not p.is_symlink()}
    r = kanwu("check", "--fix", str(zoo))
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    after = {p.name: p.read_bytes() for p in zoo.iterdir() if p.is_file() and not p.is_symlink()}
    assert after["gbk.txt"] == FIXED.encode("gb18030")
    assert after["utf16.txt"] == codecs.BOM_UTF16_LE + FIXED.encode("utf-16-le")
    assert after["utf8-bom.txt"] == codecs.BOM_UTF8 + FIXED.encode()
    assert after["crlf.txt"] == FIXED.replace("\n", "\r\n").encode()
    assert after["mixed.txt"].startswith("第一行，内容\r\n".encode())
    for untouched in ("bad-utf8.txt", "png-named.txt", "nul.txt", "image.png", "paper.pdf", "empty.txt"):
        assert after[untouched] == before[untouched], untouched
    assert not [p for p in os.listdir(zoo) if p.startswith(".kanwu-")]


def test_explicit_binary_and_missing_paths(zoo):
    code, _, err = check_json(str(zoo / "paper.pdf"), str(zoo / "good.txt"), str(zoo / "gone.txt"))
    assert code == 2 and "paper.pdf: binary content" in err and "gone.txt: no such file or directory" in err


def test_empty_stdin_and_empty_file(tmp_path):
    r = kanwu("check", "-", input=b"")
    assert r.returncode == 0 and b"Traceback" not in r.stderr
    (tmp_path / "e.txt").write_bytes(b"")
    assert kanwu("check", str(tmp_path / "e.txt")).returncode == 0


def test_file_disappearing_mid_run(tmp_path, registry):
    """The file list is made first, then files are read: one that vanished in between is an
    error for that file only."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(NOISY, encoding="utf-8")
    b.write_text(NOISY, encoding="utf-8")
    linter = Linter.configure(registry, Settings())
    paths = [str(a), str(b)]
    b.unlink()
    results = [process_task((linter, RunOptions(), None), p) for p in paths]
    assert results[0].findings and not results[0].errors
    assert results[1].errors == [f"{b}: no such file (it may have been removed during the run)"]


def test_malformed_configs(tmp_path):
    (tmp_path / "a.txt").write_text(NOISY, encoding="utf-8")
    cfg = tmp_path / "kanwu.toml"
    cfg.write_text("select = [\"KW1\"\n")
    code, _, err = check_json(str(tmp_path))
    assert code == 2 and f"{cfg}: invalid TOML" in err
    cfg.write_text("[rules.whitespace]\nmax-blank-lines = 2\nmax-blank = 3\n")
    code, _, err = check_json(str(tmp_path))
    assert code == 2 and str(cfg) in err and "'max-blank'" in err


@pytest.mark.slow  # ~45 s; CI runs it with the slow suite
def test_one_hundred_megabyte_single_line(tmp_path):
    big = tmp_path / "one-line.txt"
    chunk = '{"id": 12345, "name": "value", "list": [1, 2, 3], "text": "lorem ipsum dolor sit amet"}, ' * 12000
    zh = NOISY.replace("\n", "") * 40
    with open(big, "w", encoding="utf-8") as f:
        written = 0
        while written < 100_000_000:
            f.write(chunk)
            f.write(zh)
            written += len(chunk) + len(zh.encode())
    assert big.stat().st_size >= 100_000_000
    r = kanwu("check", "--statistics", str(big))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    assert b"halfwidth-punctuation" in r.stdout and b"page-break-split" not in r.stdout


@pytest.mark.slow  # ~10 s; CI runs it with the slow suite
def test_twenty_thousand_small_files(tmp_path):
    root = tmp_path / "many"
    for i in range(20_000):
        folder = root / f"{i // 1000:02d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / f"{i:05d}.txt").write_text(f"第{i}条消息,内容完整。\n" if i % 2 else f"第{i}条消息，内容完整。\n",
                                              encoding="utf-8")
    code, findings, err = check_json("--jobs", "2", str(root))
    assert code == 1 and not err.strip().startswith("kanwu: error")
    assert len({d["path"] for d in findings}) == 10_000
    assert [d["path"] for d in findings] == sorted(d["path"] for d in findings)  # stable order


def test_rule_crash_is_one_line_unless_verbose(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "crashing_rule.py").write_text('''"""Crashes.

## What it does
x
## Why it matters
x
## Example
x
## Fix safety
x
"""
from kanwu.model import Rule


class Crash(Rule):
    code, name = "KW598", "crash"

    def check(self, doc):
        raise ZeroDivisionError("boom")
''', encoding="utf-8")
    info = site / "crashing_rule-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: crashing-rule\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[kanwu.rules]\ncrash = crashing_rule:Crash\n")
    (tmp_path / "a.txt").write_text(NOISY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(NOISY, encoding="utf-8")
    env = {"PYTHONPATH": str(site)}
    r = kanwu("check", "--output-format", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), env=env)
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    assert "rule crash (KW598) failed on" in err and "ZeroDivisionError: boom" in err
    r = kanwu("check", "--verbose", str(tmp_path / "a.txt"), env=env)
    assert "Traceback" in r.stderr.decode() and 'raise ZeroDivisionError("boom")' in r.stderr.decode()


def test_kill_during_fix_leaves_every_file_whole(tmp_path):
    """SIGKILL in the middle of --fix: each file is its original or its fully fixed version."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    pages = tmp_path / "pages"
    paths = generate(pages, pages=120, page_kb=2.5, seed=11)
    original = {p: open(p, "rb").read() for p in paths}
    reference = tmp_path / "reference"
    shutil.copytree(pages, reference)
    kanwu("check", "--fix", "--exit-zero", "--jobs", "1", str(reference), check=True)
    fixed = {p: open(str(reference / os.path.relpath(p, pages)), "rb").read() for p in paths}
    assert sum(original[p] != fixed[p] for p in paths) > 90
    proc = subprocess.Popen([sys.executable, "-m", "kanwu", "check", "--fix", "--jobs", "1", str(pages)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill once some files have been rewritten, long before the run could finish.
    deadline = time.time() + 120
    while time.time() < deadline:
        if sum(open(p, "rb").read() == fixed[p] != original[p] for p in paths[:60:5]) >= 3:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    states = {"original": 0, "fixed": 0}
    for p in paths:
        data = open(p, "rb").read()
        assert data in (original[p], fixed[p]), f"{p} is neither original nor fixed"
        states["original" if data == original[p] else "fixed"] += 1
    assert states["fixed"] >= 3 and states["original"] >= 1, states
