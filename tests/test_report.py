"""The HTML report as a reader sees it: rendered by a real headless Chromium (Debian's
chromium package; .ci/run installs it), plus the JSON summary."""
import json
import re
import shutil
import subprocess
import tempfile

import pytest

from .conftest import SEEDS, kanwu

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def rendered_text(html_path):
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", html_path.as_uri()],
                           capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    dom = r.stdout.decode("utf-8")
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", dom, flags=re.S))
    return dom, re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    r = kanwu("report", "-o", str(out), str(SEEDS))
    assert r.returncode == 0, r.stderr.decode()
    return out


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"(src|href)=\"https?://", html)
    assert "<svg" in html


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_in_a_real_browser(report, tmp_path):
    dom, text = rendered_text(report)
    assert "5 files" in text and "362 findings" in text
    assert "KW101 page-break-split" in text and "halfwidth-punctuation" in text
    assert "殷雪莹 (2 files) 殷雪鸢 (1 files)" in text
    assert "<mark>" in dom and "<ins>，</ins>" in dom  # context highlighted, fix shown as a diff
    shot = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600",
                        f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000  # a page with content, not a blank canvas


def test_report_json_summary():
    r = kanwu("report", "--output-format", "json", str(SEEDS))
    data = json.loads(r.stdout)
    assert data["files"] == 5 and data["findings"] == sum(x["count"] for x in data["by_rule"])
    assert data["products"]["names"]["clusters"][0]["canonical"] == "殷雪莹"
    assert data["worst_files"][0]["path"].endswith("004_3adaceacd9fe8be9.txt")
