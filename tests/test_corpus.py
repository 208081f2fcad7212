"""Corpus runs: identical findings from one process, a process pool and a real Dask cluster (slow);
name clusters, and the glossary round trip that lets a pre-commit run know the corpus."""
import json
import sys

import pytest

from .conftest import ROOT, SEEDS, kanwu

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    paths = generate(out, pages=240, page_kb=1.2, seed=7)
    assert len(paths) == 240
    return out


def findings(*args):
    r = kanwu("check", "--output-format", "json", "--exit-zero", *args)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def test_one_process_and_a_pool_give_identical_findings(corpus):
    one = findings("--jobs", "1", str(corpus))
    data = json.loads(one)
    rules = {d["rule"] for d in data}
    assert {"page-break-split", "halfwidth-punctuation", "name-variant", "repeated-word"} <= rules
    assert findings("--jobs", "2", str(corpus)) == one


@pytest.mark.slow
def test_a_dask_cluster_gives_the_findings_of_one_process(corpus):
    distributed = pytest.importorskip("distributed")
    one = findings("--jobs", "1", str(corpus))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert findings("--engine", "dask", "--scheduler", cluster.scheduler_address, str(corpus)) == one


def test_name_variant_in_generated_corpus(corpus):
    data = json.loads(findings("--select", "name-variant", str(corpus)))
    assert data and all("'周晓海'" in d["message"] and "'周晓梅'" in d["message"] for d in data)


def test_corpus_rules_on_seeds_report_only_the_gold_cases():
    data = json.loads(findings("--select", "KW4", str(SEEDS)))
    got = sorted((d["path"].rsplit("/", 1)[-1], d["rule"]) for d in data)
    assert got == [("000_a99d6f3a8a207d3f.txt", "title-inconsistency"),
                   ("004_3adaceacd9fe8be9.txt", "name-variant"), ("004_3adaceacd9fe8be9.txt", "name-variant")]


def test_names_glossary_round_trip(tmp_path):
    r = kanwu("names", "--output-format", "json", str(SEEDS))
    clusters = json.loads(r.stdout)["clusters"]
    assert [(c["canonical"], [v["spelling"] for v in c["variants"]]) for c in clusters] == [("殷雪莹", ["殷雪鸢"])]
    glossary = tmp_path / "kanwu.toml"
    r = kanwu("names", "--write-glossary", str(glossary), str(SEEDS))
    assert r.returncode == 0 and '"殷雪莹" = ["殷雪鸢"]' in glossary.read_text(encoding="utf-8")
    # One staged file alone cannot show the variant; the committed glossary can.
    page = tmp_path / "004.txt"
    page.write_bytes((SEEDS / "004_3adaceacd9fe8be9.txt").read_bytes())
    r = kanwu("check", "--select", "name-variant,glossary", "--output-format", "json", str(page))
    assert [d["rule"] for d in json.loads(r.stdout)] == ["glossary", "glossary"]
    kanwu("check", "--select", "glossary", "--fix", str(page), check=True)
    assert "殷雪鸢" not in page.read_text(encoding="utf-8")


def test_jsonl_corpus_with_records(tmp_path):
    paths = generate(tmp_path, pages=50, page_kb=1, seed=3, jsonl=True)
    r = kanwu("check", "--output-format", "json", "--exit-zero", "--jsonl-field", "text", str(tmp_path))
    data = json.loads(r.stdout)
    assert data and all("record" in d for d in data)
    assert {d["record"] for d in data} <= set(range(50))
    before = [json.loads(line) for line in open(paths[0], encoding="utf-8")]
    kanwu("check", "--fix", "--exit-zero", paths[0], check=True)
    after = [json.loads(line) for line in open(paths[0], encoding="utf-8")]
    assert [r["id"] for r in after] == [r["id"] for r in before]
    assert any(a["text"] != b["text"] for a, b in zip(after, before))


def test_one_read_per_file_gives_the_findings_of_two_passes(corpus):
    """Checking reads each file once and re-reads only those the corpus statistics hit; the
    findings are exactly those of collecting first and checking after."""
    from kanwu.pipeline import RunOptions, Session
    session = Session.load(str(corpus))
    files, _ = session.discover([str(corpus)])
    opts = RunOptions()
    key = lambda results: [(f.path, f.code, f.start.offset, f.end.offset, f.message) for r in results for f in r.findings]
    once = key(session.check(files, opts))
    twice = key(session.check(files, opts, stats=session.corpus_stats(files, opts)))
    assert once == twice and any(code == "KW401" for _, code, *_ in once)


def test_a_big_jsonl_files_findings_are_kept_packed_and_come_back_in_order(tmp_path, monkeypatch):
    """Past a batch, a JSONL file's findings are held compressed (memory stays flat on a file of
    hundreds of thousands of findings); read back, merged with the corpus rules' findings, and
    sent through a pool, they are the same findings in the same order."""
    import pickle

    from kanwu.executors import Pool
    from kanwu.model import Findings
    from kanwu.pipeline import RunOptions, Session
    generate(tmp_path, pages=40, page_kb=1, seed=5, jsonl=True)
    session = Session.load(str(tmp_path))
    files, _ = session.discover([str(tmp_path)])
    opts = RunOptions()

    def run(executor=None, stats=None):
        out = []
        for r in session.check(files, opts, executor=executor, stats=stats):
            out += [(f.path, f.record, f.code, f.start.offset, f.end.offset, f.message) for f in r.findings]
            packed = r.findings
        return out, packed
    plain, _ = run(stats=session.corpus_stats(files, opts))  # collect first, then one pass: no merge
    monkeypatch.setattr(Findings, "BATCH", 7)
    small, packed = run()
    assert isinstance(packed, Findings) and packed._packed and len(packed) == len(list(packed))
    assert small == plain and any(code == "KW401" for *_, code, _, _, _ in plain)  # a corpus rule merged in
    assert pickle.loads(pickle.dumps(packed)) == list(packed) and packed[3:9] == list(packed)[3:9]
    with Pool(2) as pool:
        assert run(pool)[0] == plain
