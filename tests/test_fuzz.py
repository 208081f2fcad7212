"""Fuzzing Source decoding and the Document views (hypothesis).

The quick variants run in every test run; the long run (KANWU_FUZZ_EXAMPLES examples, default
200,000) is marked slow: `pytest --run-slow tests/test_fuzz.py`."""
import codecs
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanwu.document import Document
from kanwu.source import Source, SourceError

LONG = int(os.environ.get("KANWU_FUZZ_EXAMPLES", "200000"))
ZH = "本报讯（记者 王明）全市召开会议，要求全面落实。“好”《报》\n\n\u3000\u3000第二段，内容。\r\n𠮷"

raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet=ZH, max_size=200).map(lambda t: t.encode("gb18030")),
    st.text(alphabet=ZH, max_size=200).map(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    st.tuples(st.text(alphabet=ZH, max_size=100), st.binary(max_size=4)).map(
        lambda p: p[0].encode() + p[1] + p[0].encode()),
)


def decode_and_view(data: bytes) -> None:
    try:
        src = Source.from_bytes(data, "fuzz.txt")
    except SourceError as e:
        assert str(e).startswith("fuzz.txt: ")
        return
    assert src.encode() == data  # what was read is written back byte for byte
    doc = Document(src.text, "fuzz.txt", newline=src.newline)
    n = len(doc.text)
    last = -1
    for b in doc.paragraphs:
        assert 0 <= b.start < b.end <= n and b.start > last and doc.text[b.start:b.end] == b.text
        last = b.end
    for s, e, p in doc.sentences:
        assert doc.paragraphs[p].start <= s < e <= doc.paragraphs[p].end
    for offset in range(0, n + 1, max(1, n // 17)):
        line, col = doc.position(offset)
        start, end = doc.line_span(line)
        assert start + col - 1 == offset and start <= offset <= max(end, offset)


@settings(max_examples=300, deadline=None)
@given(raw_bytes)
def test_decode_and_views_quick(data):
    decode_and_view(data)


@pytest.mark.slow
@settings(max_examples=LONG, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw_bytes)
def test_decode_and_views_long(data):
    decode_and_view(data)
