"""Saying "this is right": inline suppressions, the allow-list, and Markdown's non-prose parts,
through the real CLI."""
import json
import os

import pytest

from .conftest import kanwu

STUTTER = "受到影响影响了生产。"


def findings(*args, cwd=None):
    r = kanwu("check", "--output-format", "json", "--isolated" if cwd is None else "--exit-zero", *args, cwd=cwd)
    assert r.returncode in (0, 1), r.stderr.decode()
    return [(f["rule"], f["start"]["line"]) for f in json.loads(r.stdout)]


def test_disable_next_line_by_name_code_or_family(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("<!-- kanwu-disable-next-line repeated-word -->\n" + STUTTER + "\n"
                    "<!-- kanwu-disable-next-line KW202 -->\n" + STUTTER + "\n"
                    "<!-- kanwu-disable-next-line whitespace -->\n" + STUTTER + "  \n"
                    + STUTTER + "\n", encoding="utf-8")
    assert findings(str(page)) == [("repeated-word", 6), ("repeated-word", 7)]


def test_disable_enable_region_line_and_file(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(STUTTER + "\n<!-- kanwu-disable -->\n" + STUTTER + "\n" + STUTTER + "\n<!-- kanwu-enable -->\n"
                    + STUTTER + " <!-- kanwu-disable-line -->\n" + STUTTER + "\n", encoding="utf-8")
    assert findings(str(page)) == [("repeated-word", 1), ("repeated-word", 7)]
    page.write_text("<!-- kanwu-disable-file KW2 -->\n" + STUTTER + "\n本报讯,内容。\n", encoding="utf-8")
    assert findings(str(page)) == [("halfwidth-punctuation", 3)]


def test_suppressed_findings_are_not_fixed(tmp_path):
    page = tmp_path / "a.txt"
    text = "<!-- kanwu-disable-next-line halfwidth-punctuation -->\n本报讯,内容。\n本报讯,内容。\n"
    page.write_text(text, encoding="utf-8")
    kanwu("check", "--isolated", "--fix", str(page))
    assert page.read_text(encoding="utf-8") == text.replace("讯,内容。\n", "讯，内容。\n", 2).replace(
        "本报讯，内容。\n本报讯，", "本报讯,内容。\n本报讯，", 1)


def test_allow_list_in_config_and_word_file(tmp_path):
    (tmp_path / "a.txt").write_text(STUTTER + "\n啪嗒啪嗒的雨声。受到影响影响了。\n", encoding="utf-8")
    (tmp_path / "kanwu.toml").write_text('allow = ["影响影响了生产"]\n', encoding="utf-8")
    assert findings(str(tmp_path), cwd=tmp_path) == [("repeated-word", 2)]
    (tmp_path / "kanwu-allow.txt").write_text("# words that are right\n受到影响影响了。\n", encoding="utf-8")
    assert findings(str(tmp_path), cwd=tmp_path) == []


MARKDOWN = """---
title: 测试,标题
---
# 全市召开会议

正文,内容`code,x`和[链接](http://a.b/c,d)以及<span>标签,</span>。

```
代码, 块
```

    缩进代码,

<!-- 注释,内容 -->

<div>
html,块
</div>
"""


def test_markdown_code_links_html_and_front_matter_are_left_alone(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(MARKDOWN, encoding="utf-8")
    # prose between inline tags is still prose: 标签, is a finding; the tags themselves are not
    assert findings(str(page)) == [("halfwidth-punctuation", 6), ("halfwidth-punctuation", 6)]
    kanwu("check", "--isolated", "--fix", str(page))
    assert page.read_text(encoding="utf-8") == MARKDOWN.replace("正文,内容", "正文，内容").replace("标签,", "标签，")


def test_adding_to_the_word_list_refuses_what_reading_it_would_refuse(tmp_path):
    """Review mode's `w` and the editor's "allow" append to the word list: a FIFO there is a
    clear error at once (never a blocking open), and so is a list in a folder anyone may write
    to (reading would ignore it); an ordinary list gets the entry once."""
    import signal

    from kanwu.config import ConfigError, Settings, add_allowed
    settings = Settings(root=str(tmp_path))
    signal.alarm(10)  # a blocking open would hang the test: fail it instead
    try:
        os.mkfifo(tmp_path / "kanwu-allow.txt")
        with pytest.raises(ConfigError, match="not a regular file"):
            add_allowed(settings, "啪嗒啪嗒")
        os.unlink(tmp_path / "kanwu-allow.txt")
        shared = tmp_path / "shared"
        shared.mkdir()
        os.chmod(shared, 0o777)
        with pytest.raises(ConfigError, match="world-writable"):
            add_allowed(Settings(root=str(shared)), "啪嗒啪嗒")
        assert list(shared.iterdir()) == []
    finally:
        signal.alarm(0)
    for _ in range(2):
        assert add_allowed(settings, "啪嗒啪嗒") == str(tmp_path / "kanwu-allow.txt")
    assert (tmp_path / "kanwu-allow.txt").read_text(encoding="utf-8") == "啪嗒啪嗒\n"
