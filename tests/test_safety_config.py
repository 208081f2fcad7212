"""Configuration and cache files kanwu must not trust blindly, and --show-settings.

A planted kanwu.toml with a glossary would make --fix rewrite words; a planted cache entry
must never decide what is imported. Real files, the real CLI, a real second user."""
import hashlib
import json
import os
import sys

from kanwu import cache as kanwu_cache

from .conftest import kanwu
from .safety_support import NOISY, open_tmp, other_user  # noqa: F401

GLOSSARY = '[glossary]\n"全国" = ["全市"]\n'  # if this is used, --fix turns 全市 into 全国


def test_configs_that_are_broken_or_not_ours(tmp_path, other_user):
    project = tmp_path / "outer" / "project"
    project.mkdir(parents=True)
    (project / "a.txt").write_text(NOISY, encoding="utf-8")
    # An unrelated pyproject.toml above, not UTF-8 and not TOML: none of kanwu's business.
    (tmp_path / "outer" / "pyproject.toml").write_bytes(b"[project]\nname = \"\xff\xfe\"\n[[[")
    r = kanwu("check", str(project))
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr.decode()
    # A kanwu.toml that is not UTF-8: an error naming it.
    (project / "kanwu.toml").write_bytes(b'select = ["KW3\xff"]\n')
    r = kanwu("check", str(project))
    assert r.returncode == 2 and f"{project / 'kanwu.toml'}: not UTF-8".encode() in r.stderr
    # One owned by another user is ignored, with a warning, and so is one in a world-writable folder.
    (project / "kanwu.toml").write_text(GLOSSARY, encoding="utf-8")
    os.chown(project / "kanwu.toml", *other_user)
    r = kanwu("check", "--fix", str(project))
    assert f"{project / 'kanwu.toml'}: ignored: it is owned by another user".encode() in r.stderr
    assert "全国" not in (project / "a.txt").read_text(encoding="utf-8")
    os.chown(project / "kanwu.toml", 0, 0)
    os.chmod(project, 0o1777)
    r = kanwu("check", str(project))
    assert b"ignored: it is in a world-writable folder" in r.stderr
    os.chmod(project, 0o755)
    # --config names a file explicitly: read whoever owns it.
    (project / "a.txt").write_text(NOISY, encoding="utf-8")
    kanwu("check", "--fix", "--config", str(project / "kanwu.toml"), str(project))
    assert "全国" in (project / "a.txt").read_text(encoding="utf-8")


def test_the_search_stops_at_a_repository_root_and_at_home(tmp_path):
    (tmp_path / "kanwu.toml").write_text(GLOSSARY, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a.txt").write_text(NOISY, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "b.txt").write_text(NOISY, encoding="utf-8")
    r = kanwu("check", "--show-settings", str(repo), env={"HOME": str(home)})
    assert b"# from: built-in defaults" in r.stdout
    r = kanwu("check", "--show-settings", str(home), env={"HOME": str(home)})
    assert b"# from: built-in defaults" in r.stdout
    r = kanwu("check", "--show-settings", "--ignore", "KW4", str(tmp_path), env={"HOME": str(home)})
    out = r.stdout.decode()
    assert r.returncode == 0 and f"# from: {tmp_path / 'kanwu.toml'}" in out
    assert '# command line: ignore = ["KW4"]' in out and "# [glossary]: 1 entry" in out
    assert "#   KW301 halfwidth-punctuation" in out and "KW401" not in out


def test_cache_folders_and_entries_that_are_not_safely_ours_are_not_used(tmp_path, other_user):
    cache = tmp_path / "cache"
    env = {"KANWU_CACHE_DIR": str(cache)}
    (tmp_path / "a.txt").write_text(NOISY, encoding="utf-8")
    reference = kanwu("check", "--output-format", "json", str(tmp_path / "a.txt")).stdout  # the usual cache
    assert kanwu("check", "--output-format", "json", str(tmp_path / "a.txt"), env=env).stdout == reference
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    entries = sorted(p.name for p in cache.iterdir())
    assert any(n.endswith(".idx") for n in entries) and all(not n.startswith("entry-points") for n in entries)
    # A corrupt entry is rebuilt, not read: same findings.
    idx = next(cache.glob("*.idx"))
    idx.write_bytes(b"\ttotal x\n" + b"\x00" * 100)
    os.environ["KANWU_CACHE_DIR"] = str(cache)
    try:
        assert kanwu_cache.find(idx.name) is None
    finally:
        del os.environ["KANWU_CACHE_DIR"]
    r = kanwu("check", "--output-format", "json", str(tmp_path / "a.txt"), env=env)
    assert r.stdout == reference and idx.stat().st_size > 1000
    # A folder others may write to, or that another user owns, is not used at all.
    shared, theirs = tmp_path / "shared", tmp_path / "theirs"
    shared.mkdir()
    os.chmod(shared, 0o777)
    theirs.mkdir(mode=0o700)
    os.chown(theirs, *other_user)
    for folder in (shared, theirs, cache):
        os.environ["KANWU_CACHE_DIR"] = str(folder)
        try:
            usable = kanwu_cache.cache_dir() is not None and kanwu_cache.store("x", b"data") is not None \
                and kanwu_cache.find("x") is not None
        finally:
            del os.environ["KANWU_CACHE_DIR"]
        assert usable == (folder == cache), folder
    assert list(shared.iterdir()) == list(theirs.iterdir()) == []


def test_a_planted_entry_point_list_is_never_imported(tmp_path):
    """The old cache file named the modules to import; kanwu now reads the real metadata."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    evil = tmp_path / "evil"
    evil.mkdir()
    marker = tmp_path / "imported"
    (evil / "evil_rule.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    script = ("import sys, os, json, hashlib\n"
              "stamp = [(e, os.stat(e or '.').st_mtime_ns if os.path.exists(e or '.') else 0) for e in sys.path]\n"
              "print(hashlib.blake2b(json.dumps(['kanwu.rules', sys.version, stamp]).encode(), digest_size=12).hexdigest())")
    env = dict(os.environ, PYTHONPATH=str(evil))
    import subprocess
    key = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True).stdout.strip()
    (cache / f"entry-points-{key}.json").write_text(json.dumps([["evil", "evil_rule:Rule"]]))
    (tmp_path / "a.txt").write_text(NOISY, encoding="utf-8")
    r = kanwu("check", str(tmp_path / "a.txt"), env={"KANWU_CACHE_DIR": str(cache), "PYTHONPATH": str(evil)})
    assert r.returncode == 1 and not marker.exists()
    assert hashlib  # the key above is the one kanwu 0.1 computed


def test_derived_tables_are_rebuilt_when_their_source_changes_and_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("KANWU_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "table.tsv"
    src.write_text("甲\t1\n", encoding="utf-8")
    builds = []

    def build():
        builds.append(1)
        return {line.split("\t")[0]: frozenset(line) for line in src.read_text(encoding="utf-8").splitlines()}

    first = kanwu_cache.memo("demo", [str(src)], build)
    assert kanwu_cache.memo("demo", [str(src)], build) == first and len(builds) == 1  # read back, not built
    assert kanwu_cache.memo("demo", [str(src)], build, version="2") == first and len(builds) == 2
    for k in range(6):  # each change of the source is a new entry; only the newest few are kept
        src.write_text(f"乙{k}\t2\n", encoding="utf-8")
        os.utime(src, ns=(k * 10**9, k * 10**9))
        assert set(kanwu_cache.memo("demo", [str(src)], build)) == {f"乙{k}"}
    (tmp_path / "cache" / "other-1").write_bytes(b"x")
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())
    demo = [n for n in names if n.startswith("demo-") and not n.endswith(".sum")]
    assert len(demo) == 4 and len([n for n in names if n.startswith("demo-")]) == 8, names
    assert "other-1" in names
