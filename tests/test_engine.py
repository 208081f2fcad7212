"""Source decoding/encoding round trips, the fixer, selection and configuration."""
import codecs
import os
import stat

import pytest

from kanwu.config import ConfigError, Settings, load_settings, settings_from_dict
from kanwu.document import Document
from kanwu.linter import ConvergenceError, Linter, apply_fixes
from kanwu.model import Applicability, Diagnostic, Edit, Fix, FixAvailability, Rule, Severity
from kanwu.registry import Registry, RegistryError
from kanwu.source import Source, SourceError

from .conftest import make_linter

NOISY = "本报讯(记者 王明)3月5日,全市召开会议。  \n"


def diag(start, end, content="", code="KW999"):
    return Diagnostic("x", code, Severity.WARNING, "m", start, end,
                      Fix.safe("t", Edit.replace(start, end, content)))


# -- applying edits -------------------------------------------------------------------------
def test_apply_fixes_skips_overlaps_and_keeps_the_rest():
    text = "abcdefgh"
    out, used = apply_fixes(text, [diag(1, 3, "X"), diag(2, 4, "Y"), diag(5, 6, "Z")])
    assert out == "aXdeZgh"
    assert [d.start for d in used] == [1, 5]


def test_apply_fixes_adjacent_edits_and_insertions():
    text = "abcdef"
    out, used = apply_fixes(text, [diag(1, 2, "1"), diag(2, 3, "2"), diag(4, 4, "+"), diag(4, 4, "-")])
    assert out == "a12d+ef"  # the second insertion at the same point waits
    assert len(used) == 3


def test_fix_never_touches_text_outside_edits(registry):
    linter = make_linter(registry, ["halfwidth-punctuation"])
    fixed, remaining, n = linter.fix(NOISY)
    assert fixed == "本报讯（记者 王明）3月5日，全市召开会议。  \n"
    assert n == 3 and remaining == []


class Flipper(Rule):
    """Flips a character forever.

    ## What it does
    x
    ## Why it matters
    x
    ## Example
    x
    ## Fix safety
    x
    """
    code, name, fix = "KW998", "flipper", FixAvailability.ALWAYS
    fix_kinds = frozenset({Applicability.SAFE})

    def check(self, doc):
        new = "B" if doc.text[0] == "A" else "A"
        yield self.diagnostic(0, 1, "flip", Fix.safe("flip", Edit.replace(0, 1, new)))


def test_fix_loop_reports_non_convergence():
    linter = Linter.configure(Registry.from_classes([Flipper]), Settings())
    with pytest.raises(ConvergenceError) as e:
        linter.fix("A text")
    assert "flipper" in str(e.value) and "did not converge" in str(e.value)


# -- Source ---------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("gb18030", b""),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_round_trip_encoding_bom_newlines(tmp_path, registry, encoding, bom, newline):
    text = NOISY.replace("\n", newline) + "第二段落，全面" + newline + newline + "落实各项措施。" + newline
    path = tmp_path / "page.txt"
    path.write_bytes(bom + text.encode(encoding))
    os.chmod(path, 0o640)
    src = Source.read(str(path))
    assert (src.encoding, src.bom, src.text) == (encoding, bom, text)
    linter = make_linter(registry)
    fixed, _, _ = linter.fix(src.text, str(path), newline=src.newline)
    src.write(fixed)
    data = path.read_bytes()
    assert data.startswith(bom) and data[len(bom):].decode(encoding) == fixed
    assert "全面落实" in fixed and "，全市" in fixed
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".kanwu-")]


def test_mixed_newlines_survive_a_fix(registry):
    text = "第一行,内容\r\n第二行,内容\n第三行\r"
    fixed, _, _ = make_linter(registry, ["halfwidth-punctuation"]).fix(text)
    assert fixed == "第一行，内容\r\n第二行，内容\n第三行\r"


def test_invalid_utf8_is_a_clear_error():
    data = "正常的文字内容，".encode() * 20 + b"\xff\xfe\x80" + "后面的内容".encode()
    with pytest.raises(SourceError) as e:
        Source.from_bytes(data, "bad.txt")
    assert "bad.txt" in str(e.value) and "invalid UTF-8" in str(e.value) and "line 1" in str(e.value)


def test_nul_byte_is_binary():
    with pytest.raises(SourceError, match="binary"):
        Source.from_bytes(b"abc\x00def", "x.txt")


def test_write_failure_leaves_original(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("原文", encoding="gb18030")
    src = Source.read(str(path))
    with pytest.raises(SourceError, match="cannot be written back"):
        src.write("含有\ud800字")  # a lone surrogate cannot be encoded in any encoding
    assert path.read_text(encoding="gb18030") == "原文"


# -- selection ------------------------------------------------------------------------------
def test_selection_longest_match_wins(registry):
    names = lambda rules: sorted(r.name for r in rules)
    whitespace = names(registry.group("whitespace"))
    assert len(whitespace) >= 5 and all(n.startswith("whitespace-") for n in whitespace)
    assert names(registry.select(["KW3"], ["KW30"], ["KW302"])) == whitespace  # a family is a selector
    assert not set(whitespace) & set(names(registry.select(["ALL"], ["whitespace"])))
    # an exact name beats its family, which beats a code prefix
    assert names(registry.select(["whitespace"], ["whitespace-trailing"])) == sorted(set(whitespace) - {"whitespace-trailing"})
    assert names(registry.select(["KW3"], ["KW302"], ["whitespace-trailing"])) == [
        n for n in names(registry.select(["KW3"])) if not n.startswith("whitespace-") or n == "whitespace-trailing"]
    assert names(registry.select(["KW1"], ["KW10"], [])) == names(registry.group("markup"))
    assert "page-break-split" in names(registry.select(["KW"], ["KW1"], ["page-break-split"]))
    with pytest.raises(RegistryError, match="unknown rule selector 'KW9'"):
        registry.select(["KW9"])


def test_registry_rejects_duplicate_codes():
    class Other(Flipper):
        name = "other"
    with pytest.raises(RegistryError, match="KW998"):
        Registry.from_classes([Flipper, Other])


# -- configuration --------------------------------------------------------------------------
def test_config_unknown_key_names_key_and_file(tmp_path):
    cfg = tmp_path / "kanwu.toml"
    cfg.write_text('selec = ["KW1"]\n')
    with pytest.raises(ConfigError) as e:
        load_settings(str(cfg))
    assert "selec" in str(e.value) and str(cfg) in str(e.value)


def test_config_rule_option_validation(registry, tmp_path):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.kanwu.rules.whitespace-blank-lines]\nmax-blank = 2\n')
    with pytest.raises(ConfigError, match="unknown option 'max-blank' for rule 'whitespace-blank-lines'"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.rules.whitespace-blank-lines]\nmax-blank-lines = "two"\n')
    with pytest.raises(ConfigError, match="must be an integer"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.rules.whitespace-blank-lines]\nmax-blank-lines = -1\n')
    with pytest.raises(ConfigError, match="between 0 and 1000, got -1"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.rules.photo-caption]\nmin-coverage = nan\n')
    with pytest.raises(ConfigError, match="finite"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.rules.traditional-char]\nallow = [1, 2]\n')
    with pytest.raises(ConfigError, match="list of a string"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.rules.no-such-rule]\nx = 1\n')
    with pytest.raises(ConfigError, match="unknown rule 'no-such-rule'"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.glossary]\n"今天" = 3\n')
    with pytest.raises(ConfigError, match="glossary entry '今天'"):
        Linter.configure(registry, load_settings(str(cfg)))
    cfg.write_text('[tool.kanwu.glosary]\n"今天" = ["篡改"]\n')
    with pytest.raises(ConfigError, match="unknown key 'glosary'"):
        Linter.configure(registry, load_settings(str(cfg)))


def test_config_invalid_toml(tmp_path):
    cfg = tmp_path / "kanwu.toml"
    cfg.write_text("select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(str(cfg))


def test_per_file_ignores(registry, tmp_path):
    s = settings_from_dict({"per-file-ignores": {"captions/*": ["KW3"]}}, path=str(tmp_path / "kanwu.toml"))
    linter = Linter.configure(registry, s)
    inside = {r.name for r in linter.rules_for(str(tmp_path / "captions" / "a.txt"))}
    outside = {r.name for r in linter.rules_for(str(tmp_path / "pages" / "a.txt"))}
    assert "whitespace-trailing" in outside and "whitespace-trailing" not in inside and "page-break-split" in inside
    with pytest.raises(ConfigError, match="unknown rule selector 'no-such-rule'"):
        Linter.configure(registry, settings_from_dict({"per-file-ignores": {"x/*": ["no-such-rule"]}}))


# -- document views -------------------------------------------------------------------------
def test_paragraphs_blank_lines_and_indented_epaper_lines():
    doc = Document("标题行\n\n\u3000\u3000第一段，内容。\n\u3000\u3000第二段，内容。\n")
    assert [b.text for b in doc.paragraphs] == ["标题行", "第一段，内容。", "第二段，内容。"]
    assert doc.paragraphs[0].kind == "headline" and doc.paragraphs[1].kind == "body"


def test_positions_are_code_points():
    doc = Document("𠮷字\n第二行")
    assert doc.position(0) == (1, 1) and doc.position(1) == (1, 2) and doc.position(3) == (2, 1)


def test_declined_fix_is_not_offered_again_after_earlier_edits_move_it(registry):
    """Review mode: a fix the person declined stays declined in later passes, even though
    an accepted fix before it shortened the text (its offsets moved)."""
    linter = make_linter(registry, ["repeated-word", "halfwidth-punctuation"])
    asked = []

    def decide(d, text):
        asked.append((d.rule, text[d.start:d.end]))
        return d.rule == "repeated-word"

    fixed, remaining, n = linter.fix("持续时间长的的问题,需要解决。还有的的,", decide=decide)
    assert fixed == "持续时间长的问题,需要解决。还有的,"
    assert n == 2 and asked.count(("halfwidth-punctuation", ",")) == 2  # each comma asked once
    assert [d.rule for d in remaining] == ["halfwidth-punctuation", "halfwidth-punctuation"]


def test_a_text_without_blank_lines_has_one_paragraph_per_line():
    doc = Document("标题行\n第一段，内容。\n第二段，内容。\n")
    assert [b.text for b in doc.paragraphs] == ["标题行", "第一段，内容。", "第二段，内容。"]


class OutOfRange(Rule):
    """Reports past the end of the text.

    ## What it does
    x
    ## Why it matters
    x
    ## Example
    x
    ## Fix safety
    x
    """
    code, name = "KW997", "out-of-range"

    def check(self, doc):
        yield self.diagnostic(0, len(doc.text) + 5, "beyond")


def test_a_span_outside_the_text_is_a_rule_crash_not_a_finding():
    from kanwu.linter import RuleCrash
    linter = Linter.configure(Registry.from_classes([OutOfRange]), Settings())
    with pytest.raises(RuleCrash, match="out-of-range produced a span outside the text"):
        linter.check(Document("短文本"))


def test_a_fix_that_inserts_a_line_break_uses_the_files_own(tmp_path):
    """A CRLF file gets CRLF where a fix inserts a line break (an HTML <br> becomes one)."""
    from .conftest import kanwu
    page = tmp_path / "crlf.txt"
    page.write_bytes("第一段内容。<br>第二段内容。\r\n第三段。\r\n".encode("utf-8"))
    kanwu("check", "--isolated", "--fix", "--select", "markup-html-tag", str(page), check=True)
    assert page.read_bytes() == "第一段内容。\r\n第二段内容。\r\n第三段。\r\n".encode("utf-8")
