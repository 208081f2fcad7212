"""A newsroom's daily workflow through the real CLI (issue 15): patches that real `git apply`
and `patch -p1` take, --show-fixes, --output-file, --force-exclude under a real pre-commit,
the quiet editor filter, fixable marks, the progress bar on a real terminal (a pty), baselines
that travel, record ids in every format, and plugin code prefixes."""
import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

from kanwu.fixlog import FixLog, unshift
from kanwu.model import Diagnostic, Edit, Fix, Severity

from .conftest import ROOT, SEEDS, kanwu
from .safety_support import other_user  # noqa: F401 - a fixture

NOISY = "本报讯(记者 王明)3月5日,全市召开会议,要求全面\n\n落实各项措施。\n"
FIXED = "本报讯（记者 王明）3月5日，全市召开会议，要求全面落实各项措施。\n"
GB_TEXT = "本报讯,全市召开会议。会议要求,各级各部门认真贯彻落实会议精神,确保各项工作取得实效。北京市人民政府新闻办公室。\n"


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                                   GIT_COMMITTER_EMAIL="t@t"))


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


# -- item 3: --diff applies, and gives what --fix writes ---------------------------------------------
PAGES = {
    "lf-no-final-newline.txt": "本报讯,内容。\n第二行,内容".encode(),
    "crlf.txt": "本报讯,内容。\r\n\r\n第二行,内容\r\n".encode(),
    "crlf-no-final-newline.txt": "本报讯,内容。\r\n第二行,内容\r\n第三行,完".encode(),
    "cr-only.txt": "本报讯,内容。\r旧式换行,内容。\r".encode(),
    "bom.txt": "\ufeff本报讯,内容。\n".encode(),
    "gb18030.txt": GB_TEXT.encode("gb18030"),
    "utf16.txt": "\ufeff本报讯,内容。\r\n第二行,内容\r\n".encode("utf-16-le"),
    "sub/有 空格.txt": NOISY.encode(),
    "sub/中文名.md": "# 标题\n\n正文,内容`code,x`。".encode(),
    "corpus.jsonl": '{"id":"a1","text":"本报讯,内容。"}\r\n{"id":"b2","text":"第二,行"}'.encode(),
}


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    for name, data in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pages")
    return root


def test_diff_applies_with_git_apply_and_patch_and_equals_fix(repo, tmp_path):
    r = kanwu("check", "--isolated", "--diff", ".", cwd=repo)
    assert r.returncode == 1, r.stderr.decode()
    patch = r.stdout
    assert b"\\ No newline at end of file" in patch and b"\r\n" in patch
    assert "+本报讯，全市召开会议。".encode("gb18030") in patch  # in the file's own encoding, as --fix writes it
    assert patch.count(b"\n--- a/") + patch.startswith(b"--- a/") == len(PAGES)
    (tmp_path / "fix.patch").write_bytes(patch)
    git(repo, "apply", "--check", str(tmp_path / "fix.patch"))

    fixed = tmp_path / "fixed"
    shutil.copytree(repo, fixed)
    kanwu("check", "--isolated", "--fix", ".", cwd=fixed, check=True)
    expected = tree(fixed)
    assert all(expected[name] != data for name, data in PAGES.items())  # every page had something to fix

    by_git = tmp_path / "by-git"
    shutil.copytree(repo, by_git)
    git(by_git, "apply", str(tmp_path / "fix.patch"))
    assert tree(by_git) == expected

    by_patch = tmp_path / "by-patch"
    shutil.copytree(repo, by_patch)
    done = subprocess.run(["patch", "-p1", "--batch", "-i", str(tmp_path / "fix.patch")], cwd=by_patch,
                          capture_output=True)
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
    assert tree(by_patch) == expected

    # Run from a subfolder, on its own files: the patch applies there too.
    r = kanwu("check", "--isolated", "--diff", ".", cwd=repo / "sub")
    (tmp_path / "sub.patch").write_bytes(r.stdout)
    sub = tmp_path / "sub-copy"
    shutil.copytree(repo, sub)
    git(sub / "sub", "apply", str(tmp_path / "sub.patch"))
    assert tree(sub / "sub") == {k[4:]: v for k, v in expected.items() if k.startswith("sub/")}


def test_diff_of_a_file_fix_would_not_write_is_empty(tmp_path):
    page = tmp_path / "guess.txt"
    page.write_bytes("北京".encode("gbk"))  # also valid Big5: a guess kanwu is not sure of
    fix = kanwu("check", "--isolated", "--fix", str(page))
    diff = kanwu("check", "--isolated", "--diff", str(page))
    assert diff.stdout == b"" and fix.returncode == diff.returncode == 2
    assert b"not fixed" in diff.stderr and page.read_bytes() == "北京".encode("gbk")


def test_show_fixes_lists_rule_line_and_title(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(NOISY + "\n第二段,内容。\n", encoding="utf-8")
    before = page.read_bytes()
    r = kanwu("check", "--isolated", "--diff", "--show-fixes", str(page))
    assert page.read_bytes() == before
    listed = r.stderr.decode()
    assert "Would fix 6 findings in 1 file:" in listed
    assert f"- {page}:\n    line 1: KW301 [halfwidth-punctuation] Replace with '（'" in listed
    assert "    line 1: KW101 [page-break-split] " in listed
    assert "    line 5: KW301 [halfwidth-punctuation] Replace with '，'" in listed  # a line of the text as read
    r = kanwu("check", "--isolated", "--fix", "--show-fixes", "--output-format", "concise", str(page))
    assert r.returncode == 0
    assert r.stdout.decode().startswith("Fixed 6 findings in 1 file:\n") and "line 5: KW301" in r.stdout.decode()
    assert kanwu("check", "--isolated", "--fix", "--show-fixes", str(page)).stdout.decode().startswith(
        "No fixes applied.")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"id": "x9", "text": "甲,乙。"}\n', encoding="utf-8")
    r = kanwu("check", "--isolated", "--jsonl-id-field", "id", "--diff", "--show-fixes", str(jsonl))
    assert "    [record x9] line 1: KW301 [halfwidth-punctuation]" in r.stderr.decode()


def test_fix_log_maps_later_passes_back_to_the_text_as_read():
    text = "一\n二三\n四"
    log = FixLog()
    first = Diagnostic("r", "KW1", Severity.WARNING, "m", 1, 2, Fix.safe("join", Edit.delete(1, 2)))
    assert log(first, text) is True
    second_text = "一二三\n四"
    second = Diagnostic("r", "KW2", Severity.WARNING, "m", 4, 5, Fix.safe("t", Edit.replace(4, 5, "X")))
    log(second, second_text)
    assert log.entries() == [(1, "KW1", "r", "join"), (3, "KW2", "r", "t")]
    assert unshift(4, [Edit.delete(1, 2)]) == 5 and unshift(2, [Edit.insert(1, "ab")]) == 1


# -- item 4: --output-file, --force-exclude, --quiet, marks, progress ---------------------------------
def test_output_file_takes_the_findings(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(NOISY, encoding="utf-8")
    plain = kanwu("check", "--isolated", "--output-format", "json", str(page))
    out = tmp_path / "findings.json"
    r = kanwu("check", "--isolated", "--output-format", "json", "--output-file", str(out), str(page))
    assert r.returncode == 1 and r.stdout == b""
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(plain.stdout)
    r = kanwu("check", "--isolated", "-o", str(tmp_path / "f.txt"), str(page))
    assert r.stdout == b"" and b"Found 5 findings" in r.stderr
    assert (tmp_path / "f.txt").read_text(encoding="utf-8").startswith(f"{page}:1:4: KW301")  # concise, no colour


def test_output_file_survives_a_pool_run(tmp_path):
    """The pool's workers are forked while the output's temp file is open: they must not take it
    with them when they end."""
    pages = tmp_path / "pages"
    pages.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0].read_bytes()
    for i in range(24):  # enough pages, and work enough, for --jobs 2 to start a pool that lives on
        (pages / f"p{i:02}.txt").write_bytes(seed)
    out = tmp_path / "findings.json"
    r = kanwu("check", "--isolated", "--jobs", "2", "--output-format", "json", "-o", str(out), str(pages))
    assert r.returncode == 1, r.stderr.decode()
    n = len(json.loads(out.read_text(encoding="utf-8")))
    assert n and n % 24 == 0


def test_output_file_is_not_written_through_a_planted_link(tmp_path, other_user):  # noqa: F811
    page = tmp_path / "a.txt"
    page.write_text(NOISY, encoding="utf-8")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    victim = tmp_path / "victim.txt"
    victim.write_text("do not overwrite\n", encoding="utf-8")
    os.symlink(victim, shared / "out.txt")
    os.lchown(shared / "out.txt", *other_user)
    r = kanwu("check", "--isolated", "--output-file", str(shared / "out.txt"), str(page))
    assert r.returncode == 2 and b"is a symbolic link that another user owns in a world-writable folder" in r.stderr
    assert victim.read_text(encoding="utf-8") == "do not overwrite\n" and os.path.islink(shared / "out.txt")


def hook_entry(hook_id: str) -> str:
    """The `entry` of one of this repository's pre-commit hooks, as .pre-commit-hooks.yaml says."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    block = text.split(f"- id: {hook_id}\n", 1)[1]
    return re.search(r"^\s+entry: (.+)$", block, re.M).group(1).strip()


def precommit(repo, entry, home):
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: kanwu\n        name: kanwu\n"
        f"        entry: {entry}\n        language: system\n        types_or: [plain-text, markdown]\n"
        "        require_serial: true\n", encoding="utf-8")
    exe = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    return subprocess.run([exe, "run", "--all-files", "--verbose", "kanwu"], cwd=repo, capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, PRE_COMMIT_HOME=str(home)))


def test_force_exclude_under_a_real_pre_commit_run(tmp_path):
    """pre-commit names every staged file: `exclude` holds for them only with --force-exclude,
    which this repository's hooks pass."""
    repo = tmp_path / "articles"
    (repo / "archive").mkdir(parents=True)
    (repo / "kanwu.toml").write_text('exclude = ["archive"]\n', encoding="utf-8")
    (repo / "page.txt").write_text(NOISY, encoding="utf-8")
    (repo / "archive" / "old.txt").write_text(NOISY, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    entry = hook_entry("kanwu")
    assert "--force-exclude" in entry
    command = entry.replace("kanwu ", f"{sys.executable} -m kanwu ", 1)
    run = precommit(repo, command, tmp_path / "home")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "page.txt:1:4: KW301" in run.stdout and "archive/old.txt" not in run.stdout
    run = precommit(repo, command.replace(" --force-exclude", ""), tmp_path / "home")
    assert "archive/old.txt:1:4: KW301" in run.stdout  # without the flag, named files are all checked


def test_quiet_filter_prints_only_the_text_even_with_stderr_captured(tmp_path):
    """The README's editor filter, run as Vim runs it (stderr into the same buffer)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r":%!(kanwu check [^`]+)`", readme)
    assert commands and all("--quiet" in c for c in commands)
    for command in commands:
        shell = command.replace("kanwu ", f"{sys.executable} -m kanwu ", 1)
        r = subprocess.run(["sh", "-c", f"{shell} 2>&1"], input=NOISY.replace("\n", "\r\n").encode(),
                           capture_output=True, cwd=tmp_path)
        assert r.stdout == FIXED.replace("\n", "\r\n").encode(), r.stdout
    # Text kanwu cannot read passes through unchanged; the exit status says so.
    garbage = "中文内容，".encode() * 30 + b"\xff\xfe"
    r = subprocess.run(["sh", "-c", f"{sys.executable} -m kanwu check --fix --quiet - 2>&1"], input=garbage,
                       capture_output=True, cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == garbage
    r = kanwu("check", "--fix", "-", input=garbage)
    assert r.stdout == garbage and b"passed through unchanged" in r.stderr


MIXED = "游客在城墙上参观游览。 新华社记者 李明 摄\n\n會议要求全面落实（确保安全,各项工作。\n"


def test_fixable_mark_only_where_fix_would_apply(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(MIXED, encoding="utf-8")

    def marks(*args):
        r = kanwu("check", "--isolated", "--output-format", "concise", *args, str(page))
        return {m.group(1): m.group(2) == " [*]" for m in re.finditer(r"(KW\d+) \[[a-z-]+\]( \[\*\])?", r.stdout.decode())}

    plain = marks()
    assert plain == {"KW103": False, "KW304": False, "KW301": True, "KW303": False}
    assert marks("--unsafe-fixes") == dict(plain, KW304=True)
    r = kanwu("check", "--isolated", "--output-format", "full", str(page))
    assert re.search(r"KW301 \[halfwidth-punctuation\] \[\*\] ", r.stdout.decode())
    assert re.search(r"KW304 \[traditional-char\] [^\[]", r.stdout.decode())


def run_on_terminal(args, cwd=None, python=()):
    """Run the CLI with stderr on a real pseudo-terminal (120 columns) and stdout on a pipe:
    (exit status, stdout, what the terminal received)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, *python, "-m", "kanwu", *args], stdout=subprocess.PIPE, stderr=slave,
                            cwd=cwd, env=dict(os.environ, TERM="xterm"))
    os.close(slave)
    got = {}
    reader = threading.Thread(target=lambda: got.setdefault("out", proc.stdout.read()))
    reader.start()
    screen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(300)
    reader.join()
    os.close(master)
    return proc.returncode, got["out"], screen.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.pop(0)
    return Path(generate(tmp_path_factory.mktemp("big"), mb=1.1, jsonl=True)[0])


@pytest.mark.slow  # three checks of a 1.1 MB file, long enough for a bar to show: ~10 s of CPU
def test_progress_bar_on_a_terminal_counts_one_big_file(corpus_file):
    status, out, screen = run_on_terminal(["check", "--isolated", "--exit-zero", "--output-format", "concise",
                                           str(corpus_file)])
    assert status == 0 and out.count(b"\n") > 500  # findings still go to stdout, untouched
    percents = {int(p) for p in re.findall(r"checking\S*\s.*?(\d+)%", screen)}
    assert any(0 < p < 100 for p in percents), screen[-2000:]  # it moved inside the one file
    assert re.search(r"\d+(\.\d+)?/\d+(\.\d+)? MB", screen)          # bytes done of bytes
    assert re.search(r"\d+(\.\d+)? [kM]B/s", screen)                 # rate
    assert re.search(r"\d+:\d\d:\d\d\S* left", screen)               # time left
    assert "Found" in screen.splitlines()[-1]


def test_a_short_run_on_a_terminal_shows_no_bar_and_imports_no_bar_library(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(NOISY, encoding="utf-8")
    status, out, screen = run_on_terminal(["check", "--isolated", str(page)], python=("-X", "importtime"))
    assert status == 1 and b"KW301" in out
    imported = {line.split("|")[-1].strip() for line in screen.splitlines() if line.startswith("import time:")}
    assert "kanwu.cli" in imported and not {m for m in imported if m.split(".")[0] == "rich"}
    assert "%" not in screen.split("import time:")[-1]


@pytest.mark.slow
def test_no_progress_bar_when_stderr_is_piped_or_quiet(corpus_file):
    r = kanwu("check", "--isolated", "--exit-zero", str(corpus_file))
    assert r.stderr.decode().startswith("Found ") and "\r" not in r.stderr.decode() and "%" not in r.stderr.decode()
    status, _, screen = run_on_terminal(["check", "--isolated", "--exit-zero", "--quiet", str(corpus_file)])
    assert status == 0 and screen == ""


# -- item 5: a baseline travels with the project --------------------------------------------------------
@pytest.mark.parametrize("marker", ["kanwu.toml", ".git"])
def test_baseline_holds_from_another_folder_and_after_the_tree_moves(tmp_path, marker):
    project = tmp_path / "desk" / "project"
    (project / "pages").mkdir(parents=True)
    if marker == ".git":
        git(project, "init", "-q")
    else:
        (project / marker).write_text("", encoding="utf-8")
    page = project / "pages" / "a.txt"
    page.write_text("本报讯,内容。\n", encoding="utf-8")
    baseline = project / "baseline.json"
    baseline.write_bytes(kanwu("check", "--output-format", "json", "pages", cwd=project).stdout)
    assert len(json.loads(baseline.read_text(encoding="utf-8"))) == 1
    page.write_text("新的一段,内容。\n\n本报讯,内容。\n", encoding="utf-8")  # one new finding above the old one

    def new_findings(root, cwd, target):
        r = kanwu("check", "--output-format", "json", "--baseline", str(root / "baseline.json"), str(target), cwd=cwd)
        assert r.returncode == 1, r.stderr.decode()
        return [(Path(f["path"]).name, f["start"]["line"]) for f in json.loads(r.stdout)]

    assert new_findings(project, project, "pages") == [("a.txt", 1)]
    assert new_findings(project, project / "pages", ".") == [("a.txt", 1)]
    assert new_findings(project, tmp_path, project / "pages" / "a.txt") == [("a.txt", 1)]
    moved = tmp_path / "elsewhere" / "renamed"
    moved.parent.mkdir()
    shutil.move(str(project), moved)
    assert new_findings(moved, moved / "pages", "a.txt") == [("a.txt", 1)]
    assert new_findings(moved, tmp_path, moved) == [("a.txt", 1)]


# -- item 6: the record's own id in every format ----------------------------------------------------------
def test_record_id_in_every_format_and_the_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "c.jsonl").write_text('{"id": "rm-0042", "text": "本报讯,内容。"}\n', encoding="utf-8")
    base = ("check", "--isolated", "--jsonl-id-field", "id", str(corpus))  # a folder: .jsonl found by default
    for fmt in ("full", "concise", "github"):
        r = kanwu(*base, "--output-format", fmt)
        assert "record rm-0042" in r.stdout.decode(), (fmt, r.stdout)
    for fmt in ("json", "jsonl"):
        out = kanwu(*base, "--output-format", fmt).stdout.decode()
        rows = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert {(x["record"], x["record_id"]) for x in rows} == {(0, "rm-0042")}
    sarif = json.loads(kanwu(*base, "--output-format", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["properties"] == {"record": 0, "record_id": "rm-0042"}
    assert "line=1," in kanwu(*base, "--output-format", "github").stdout.decode()
    report = tmp_path / "r.html"
    kanwu("report", "--isolated", "--jsonl-id-field", "id", "-o", str(report), str(corpus), check=True)
    assert "record rm-0042" in report.read_text(encoding="utf-8")


# -- item 7: a plugin's own code prefix ---------------------------------------------------------------------
PLUGIN = '''
"""Flags 测试 (a third-party rule pack with its own code letters).

## What it does
Flags 测试.
## Why it matters
Plugins choose their codes.
## Example
    测试 -> 检验
## Fix safety
Safe.
"""
from kanwu.model import Edit, Fix, FixAvailability, Rule


class Word(Rule):
    code, name, fix = "XY101", "xy-word", FixAvailability.ALWAYS

    def check(self, doc):
        i = doc.text.find("测试")
        while i >= 0:
            yield self.diagnostic(i, i + 2, "the word 测试", Fix.safe("Use 检验", Edit.replace(i, i + 2, "检验")))
            i = doc.text.find("测试", i + 1)
'''


def test_plugin_code_prefix_selects_ignores_and_per_file_ignores(tmp_path):
    site = tmp_path / "site"
    (site / "xy_rules-1.2.dist-info").mkdir(parents=True)
    (site / "xy_rules.py").write_text(PLUGIN, encoding="utf-8")
    (site / "xy_rules-1.2.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: xy-rules\nVersion: 1.2\n")
    (site / "xy_rules-1.2.dist-info" / "entry_points.txt").write_text("[kanwu.rules]\nxy-word = xy_rules:Word\n")
    (site / "xy_rules-1.2.dist-info" / "RECORD").write_text("xy_rules.py,,\nxy_rules-1.2.dist-info/METADATA,,\n")
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    for name in ("a.txt", "drafts/b.txt"):
        (project / name).write_text("这是一个测试,好。\n", encoding="utf-8")

    def codes(*args, config=None):
        (project / "kanwu.toml").write_text(config or "", encoding="utf-8")
        r = kanwu("check", "--output-format", "json", *args, ".", cwd=project, env=env)
        assert r.returncode in (0, 1), r.stderr.decode()
        return sorted((f["path"].removeprefix("./"), f["code"]) for f in json.loads(r.stdout))

    assert codes("--select", "XY") == [("a.txt", "XY101"), ("drafts/b.txt", "XY101")]
    assert codes("--select", "XY1") == codes("--select", "XY101") == codes("--select", "XY")
    assert ("a.txt", "XY101") not in codes("--ignore", "XY")
    assert ("a.txt", "KW301") in codes("--ignore", "XY")
    assert codes(config='select = ["XY"]\n[per-file-ignores]\n"drafts/*" = ["XY"]\n') == [("a.txt", "XY101")]
    listing = kanwu("rule", "--all", env=env).stdout.decode()
    assert re.search(r"XY101\s+xy-word .*\[xy-rules\]$", listing, re.M)  # the plugin's distribution
