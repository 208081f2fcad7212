"""The editor workflows: the real pre-commit running this checkout's hooks, and the
interactive review mode driven through click's runner with an editor's answers."""
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kanwu.cli import main

from .conftest import ROOT

NOISY = "本报讯(记者 王明)3月5日,全市召开会议,要求全面\n\n落实各项措施。\n"
FIXED = "本报讯（记者 王明）3月5日，全市召开会议，要求全面落实各项措施。\n"


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                            GIT_COMMITTER_EMAIL="t@t"))


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory):
    return str(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This checkout's working tree (tracked and untracked, not ignored) as a committed repo,
    so try-repo tests what is on disk, committed or not."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    dest = tmp_path_factory.mktemp("kanwu-hooks")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest


def try_repo(repo, hook, home, hook_repo):
    exe = shutil.which("pre-commit") or os.path.join(os.path.dirname(sys.executable), "pre-commit")
    return subprocess.run([exe, "try-repo", str(hook_repo), hook, "--all-files", "--verbose"], cwd=repo,
                          capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, PRE_COMMIT_HOME=home))


@pytest.mark.slow  # installs the hook environment (~45 s); CI runs it with the slow suite
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="pre-commit try-repo needs this checkout's git history")
def test_pre_commit_hooks(tmp_path, precommit_home, hook_repo):
    repo = tmp_path / "articles"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "page.txt").write_text(NOISY, encoding="utf-8")
    git(repo, "add", "page.txt")
    check = try_repo(repo, "kanwu", precommit_home, hook_repo)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "KW101 [page-break-split]" in check.stdout and "KW301 [halfwidth-punctuation]" in check.stdout
    fix = try_repo(repo, "kanwu-fix", precommit_home, hook_repo)
    assert fix.returncode == 1 and "files were modified by this hook" in fix.stdout, fix.stdout + fix.stderr
    assert (repo / "page.txt").read_text(encoding="utf-8") == FIXED
    again = try_repo(repo, "kanwu-fix", precommit_home, hook_repo)
    assert again.returncode == 0, again.stdout + again.stderr
    clean = try_repo(repo, "kanwu", precommit_home, hook_repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_interactive_review(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    # First fix (KW301 '(') accepted, the ')' skipped, then every KW301 accepted, page-break skipped.
    r = CliRunner().invoke(main, ["check", "--fix", "--interactive", str(page)], input="y\nn\na\nn\n")
    assert "Apply?" in r.output and "[halfwidth-punctuation]" in r.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("本报讯（记者 王明)3月5日，全市召开会议，") and "全面\n\n落实" in text


def test_interactive_quit_keeps_what_was_accepted(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(NOISY, encoding="utf-8")
    before = page.read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--fix", "--interactive", str(page)], input="y\nq\n")
    assert r.exit_code == 1
    after = page.read_text(encoding="utf-8")
    assert after == before.replace("(", "（", 1)


def test_review_key_adds_the_flagged_text_to_the_allow_list(tmp_path):
    """`w` in review mode, answered on the real CLI's stdin: the flagged text goes to the word
    list, is not asked about again in this run, and is not flagged by later runs."""
    from .conftest import kanwu

    (tmp_path / "kanwu.toml").write_text("", encoding="utf-8")
    (tmp_path / "kanwu-allow.txt").write_text("# words that are right\n啪嗒啪嗒", encoding="utf-8")  # no final newline
    page, later = tmp_path / "a.txt", tmp_path / "b.txt"
    page.write_text("他说,受到影响影响了生产。\n\n另一篇,影响影响很大。\n", encoding="utf-8")
    later.write_text("雨后，影响影响不大。\n", encoding="utf-8")
    # 1st question (the first ',') skipped; the stutter allowed; a bare ',' cannot be allowed
    # (asked again, then accepted); every other question defaults to "no".
    r = kanwu("check", "--fix", "--unsafe-fixes", "--interactive", "--output-format", "concise", str(page),
              input=b"n\nw\nw\ny\n", cwd=tmp_path)
    out = r.stdout.decode()
    assert f"Added '影响影响' to {tmp_path / 'kanwu-allow.txt'}" in out
    assert "Nothing to allow here" in out
    assert out.count("[repeated-word] '影响' is printed twice") == 1  # the second copy is not asked about
    assert "KW202" not in out.split("Added", 1)[1]  # nor reported at the end
    assert (tmp_path / "kanwu-allow.txt").read_text(encoding="utf-8") == "# words that are right\n啪嗒啪嗒\n影响影响\n"
    assert page.read_text(encoding="utf-8") == "他说,受到影响影响了生产。\n\n另一篇，影响影响很大。\n"
    r = kanwu("check", "--output-format", "concise", str(tmp_path))
    assert b"KW202" not in r.stdout and b"b.txt" not in r.stdout


@pytest.mark.slow  # installs the hook environment (~45 s, shared with the test above)
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="pre-commit try-repo needs this checkout's git history")
def test_pre_commit_hooks_honour_exclude(tmp_path, precommit_home, hook_repo):
    """pre-commit names every staged file; the hooks pass --force-exclude, so the project's
    `exclude` holds for them as it does inside folders."""
    repo = tmp_path / "articles"
    (repo / "archive").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "kanwu.toml").write_text('exclude = ["archive"]\n', encoding="utf-8")
    (repo / "page.txt").write_text(NOISY, encoding="utf-8")
    (repo / "archive" / "old.txt").write_text(NOISY, encoding="utf-8")
    git(repo, "add", "-A")
    check = try_repo(repo, "kanwu", precommit_home, hook_repo)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "page.txt:1:4" in check.stdout and "archive/old.txt" not in check.stdout
    fix = try_repo(repo, "kanwu-fix", precommit_home, hook_repo)
    assert (repo / "page.txt").read_text(encoding="utf-8") == FIXED, fix.stdout + fix.stderr
    assert (repo / "archive" / "old.txt").read_text(encoding="utf-8") == NOISY
