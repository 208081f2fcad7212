"""Saying "this is right": inline suppressions, the allow-list, and Markdown's non-prose parts,
through the real CLI."""
import json

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
