"""Awkward input: encodings kanwu must guess, JSONL records it must splice, characters made
of several code points, files that are not files, unreadable folders, very deep trees, odd
file names, a reader that leaves, a scheduler that is not one. Real files, real processes."""
import codecs
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import opencc
import pytest

from kanwu.jsonl import _members

from .conftest import ROOT, kanwu
from .safety_support import FIXED, NOISY, kanwu_as, open_tmp, other_user  # noqa: F401


def run_json(*args, **kw):
    r = kanwu("check", "--output-format", "json", *args, **kw)
    assert b"Traceback" not in r.stderr, r.stderr.decode()
    return r, json.loads(r.stdout.decode("utf-8"))


# -- encodings --------------------------------------------------------------------------------------
def test_big5_is_read_and_written_as_big5_and_an_uncertain_guess_is_not_fixed(tmp_path):
    traditional = opencc.OpenCC("s2t").convert(NOISY)
    (tmp_path / "big5.txt").write_bytes(traditional.encode("big5"))
    (tmp_path / "reference.txt").write_text(traditional, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(NOISY.encode("gbk"))
    short = "北京\n".encode("gbk")  # also valid Big5: no way to tell
    (tmp_path / "short.txt").write_bytes(short)
    r = kanwu("check", "--fix", str(tmp_path))
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err
    fixed = (tmp_path / "reference.txt").read_text(encoding="utf-8")
    assert fixed != traditional and (tmp_path / "big5.txt").read_bytes() == fixed.encode("big5")
    assert (tmp_path / "gbk.txt").read_bytes() == FIXED.encode("gbk")
    assert (tmp_path / "short.txt").read_bytes() == short
    assert f"{tmp_path / 'short.txt'}: the encoding is uncertain (read as GB18030; it also reads as Big5); " \
           f"not fixed" in err


# -- JSONL ------------------------------------------------------------------------------------------
RECORDS = [
    '{"id": 1, "score": 1e400, "text": "%s"}',
    '{"id":2,"ratio":0.1000,"text":"%s","tail":[1,2,{"a":null}]}',
    '{"n": ' + "9" * 5000 + ', "text": "%s"}',
    '{"text": "旧的,不用", "text": "%s"}',
    '{"meta": {"text": "嵌套,不改"}, "z": "\\"q\\"\\u0041", "text": "%s"}',
    '{"z": 1, "a": 2, "text": "%s", "m": "\u2028分隔\u2029"}',
    '  {  "text"  :  "%s"  ,"x":"\\ud800"}  ',
]


def test_jsonl_fix_changes_only_the_text_field(tmp_path):
    body = "本报讯(记者 王明)3月5日,全市召开\u2028会议。"
    lines = [r % body for r in RECORDS] + ['{"text": "\\u672c\\u62a5\\u8baf(\\u8bb0\\u8005)\\u53d1\\u5e03,\\u5185"}']
    data = codecs.BOM_UTF8 + ("\r\n".join(lines[:4]) + "\r\n" + "\n".join(lines[4:]) + "\n").encode()
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(data)
    r = kanwu("check", "--fix", str(corpus))
    assert r.returncode == 0, r.stderr.decode()
    after = corpus.read_bytes()
    assert after.startswith(codecs.BOM_UTF8) and after.count(b"\r\n") == 4 and after.count(b"\n") == len(lines)
    for old, new in zip(data[3:].decode().split("\n"), after[3:].decode().split("\n")[:-1]):
        (s1, e1), (s2, e2) = _members(old.rstrip("\r\n"))["text"], _members(new.rstrip("\r\n"))["text"]
        assert old[:s1] == new[:s2] and old[e1:] == new[e2:]  # every other byte as it was
        fixed = json.loads(new[s2:e2])
        assert "," not in fixed and "(" not in fixed and ("，" in fixed), fixed
        assert new[s2:e2].isascii() == old[s1:e1].isascii()  # escaped stays escaped
    assert "\u2028" in after.decode()


def test_a_jsonl_corpus_that_cannot_be_written_is_still_reported(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "第一条,内容"}\n{"text": "第二条,内容"}\n', encoding="utf-8")
    os.chmod(corpus, 0o444)
    before = corpus.read_bytes()
    r, findings = run_json("--fix", str(corpus))
    assert r.returncode == 2 and b"is read-only; not written" in r.stderr
    assert corpus.read_bytes() == before
    assert [(d["record"], d["code"]) for d in findings] == [(0, "KW301"), (1, "KW301")]


# -- grapheme clusters ----------------------------------------------------------------------------------
def test_no_fix_cuts_a_character_made_of_several_code_points(tmp_path):
    page = tmp_path / "page.txt"
    text = "数据显示,\u20e3增长。影响影响\u0301了生产。全市召开会议,要求落实👨\u200d👩\u200d👧。\n"
    page.write_text(text, encoding="utf-8")
    r, findings = run_json(str(page))
    fixes = {(d["code"], d["start"]["offset"]): d["fix"] for d in findings}
    assert fixes[("KW301", 4)] is None  # ',' + combining keycap is one character
    assert fixes[("KW202", 9)] is None  # the repeat ends inside '响́'
    assert fixes[("KW301", 24)] is not None
    r = kanwu("check", "--fix", str(page))
    assert page.read_text(encoding="utf-8") == text.replace("会议,要求", "会议，要求")


# -- things that are not files, and files that cannot be read ------------------------------------------------
def test_pipes_sockets_and_devices_are_skipped_never_read(tmp_path):
    (tmp_path / "good.txt").write_text("干净的文字。\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.txt"))
    try:
        r = kanwu("check", str(tmp_path))
        err = r.stderr.decode()
        assert r.returncode == 0, err  # skipped inside a folder: a warning, not an error
        assert f"warning: {tmp_path / 'pipe.txt'}: a named pipe (FIFO), not a regular file; skipped" in err
        assert f"warning: {tmp_path / 'sock.txt'}: a socket, not a regular file; skipped" in err
        assert "All clear" not in err and "2 skipped" in err
        for named in (tmp_path / "pipe.txt", tmp_path / "sock.txt", "/dev/null"):
            r = kanwu("check", str(named))
            assert r.returncode == 2 and b"not a regular file; not checked" in r.stderr, named
    finally:
        sock.close()


def test_unreadable_files_and_folders_are_errors_with_their_reason(open_tmp, other_user):
    (open_tmp / "good.txt").write_text(NOISY, encoding="utf-8")
    (open_tmp / "secret.txt").write_text(NOISY, encoding="utf-8")
    os.chmod(open_tmp / "secret.txt", 0o600)
    (open_tmp / "locked").mkdir(mode=0o700)
    (open_tmp / "locked" / "inside.txt").write_text(NOISY, encoding="utf-8")
    in_tmp = set(os.listdir("/tmp"))
    r = kanwu_as(other_user, "check", str(open_tmp))  # no home folder: no cache, and none in /tmp either
    # (the tests' own folders, kanwu-safety-*, may appear meanwhile: other tests run in parallel)
    assert not [n for n in set(os.listdir("/tmp")) - in_tmp if "kanwu" in n and not n.startswith("kanwu-safety-")]
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert f"{open_tmp / 'secret.txt'}: permission denied" in err
    assert f"{open_tmp / 'locked'}: cannot list this folder: Permission denied; its files were not checked" in err
    assert f"{open_tmp / 'good.txt'}:1:4: KW301" in r.stdout.decode()
    assert "All clear" not in err


def test_a_tree_two_thousand_folders_deep(tmp_path):
    fd = os.open(tmp_path, os.O_RDONLY)
    for _ in range(2000):  # one level at a time: the path is longer than some calls accept
        os.mkdir("d", dir_fd=fd)
        fd, old = os.open("d", os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as f:
        f.write(NOISY)
    os.close(fd)
    folder = tmp_path.joinpath(*["d"] * 2000)
    try:
        r, findings = run_json(str(tmp_path))
        assert r.returncode == 1 and {d["path"] for d in findings} == {str(folder / "deep.txt")}
    finally:
        remove_deep(tmp_path)


def remove_deep(top) -> None:
    """Remove a deep chain of folders named d without recursion (pytest's clean-up recurses)."""
    while os.path.isdir(top / "d"):
        if os.path.isdir(top / "d" / "d"):
            os.rename(top / "d" / "d", top / "next")
        else:
            shutil.rmtree(top / "d")
            break
        shutil.rmtree(top / "d")
        os.rename(top / "next", top / "d")


def test_a_file_name_that_is_not_utf8_and_a_lone_surrogate_in_the_text(tmp_path):
    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff.txt")
    with open(odd, "wb") as f:
        f.write(NOISY.encode())
    (tmp_path / "c.jsonl").write_text('{"text": "孤立\\ud800代理,内容"}\n', encoding="utf-8")
    r = kanwu("check", "--output-format", "json", str(tmp_path))
    findings = json.loads(r.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
    assert r.returncode == 1 and f"{tmp_path}/caf\\xe9-\\xff.txt" in {d["path"] for d in findings}
    for fmt in ("full", "sarif"):
        r = kanwu("check", "--output-format", fmt, str(tmp_path))
        assert r.returncode == 1 and b"Traceback" not in r.stderr and b"internal error" not in r.stderr, fmt
        r.stdout.decode("utf-8")
    assert kanwu("check", "--fix", str(tmp_path)).returncode == 0
    with open(odd, "rb") as f:
        assert f.read() == FIXED.encode()


def test_a_reader_that_leaves_early_is_not_an_error():
    cmd = f"{sys.executable} -m kanwu check --output-format concise {ROOT / 'seeds'} | head -1"
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, timeout=60)
    assert r.stdout.count(b"\n") == 1 and r.stderr == b"", r.stderr.decode()


@pytest.mark.slow  # waits 3 s for an HTTP server to greet like a Dask scheduler
def test_a_scheduler_that_is_not_one_fails_within_seconds():
    http_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=http_server.serve_forever, daemon=True).start()
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    closed = free.getsockname()[1]
    free.close()
    try:
        for address, says in ((f"tcp://127.0.0.1:{http_server.server_address[1]}", "answers, but not as a Dask scheduler"),
                              (f"tcp://127.0.0.1:{closed}", "nothing answers at"),
                              ("not-an-address", "not a scheduler address")):
            started = time.time()
            r = kanwu("check", "--engine", "dask", "--scheduler", address, str(ROOT / "seeds"))
            assert r.returncode == 2 and says.encode() in r.stderr, r.stderr.decode()
            assert time.time() - started < 15
    finally:
        http_server.shutdown()
