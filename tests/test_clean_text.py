"""Clean news text gets no findings. tests/fixtures/clean holds articles written for this
test (economy figures, a sports score, a multi-paragraph quotation, numbered measures,
legitimate reduplication, an indented notice): every finding there is a false positive."""
import json

from .conftest import FIXTURES, kanwu


def test_clean_articles_have_no_findings():
    r = kanwu("check", "--output-format", "json", str(FIXTURES / "clean"))
    findings = json.loads(r.stdout)
    assert findings == [], "\n".join(f"{d['path']}:{d['start']['line']} {d['rule']}: {d['message']}" for d in findings)
    assert r.returncode == 0
