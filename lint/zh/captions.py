"""What photo captions, photo credits and continuation markers look like on a news page.

The block classifier (kanwu.zh.blocks) and the rules on captions and markers share these
functions; the shapes are those of Chinese papers: a credit closing a caption (李学军 摄,
新华社记者 X 摄, X 供图, 新华社发, （影像中国）), openings such as 图为 and 上图, and jump lines
such as （下转第2版） and （上接第一版）.
"""
from __future__ import annotations

import re

import regex

from .chars import BLANK

# A continuation marker such as （下转第2版） / （上接第一版） / 转第四版.
_NUM = "0-9０-９一二三四五六七八九十百零〇两"
CONTINUATION = regex.compile(
    rf"[（(【\[〔]\s*(?:下转|上接|转|接|续|转自|接上|紧接|紧转|转下|转第)\s*第?\s*[A-Za-zＡ-Ｚ]?[{_NUM}]+\s*[版页面]"
    rf"(?:[^）)】\]〕\n]{{0,12}})?\s*[）)】\]〕]"
    rf"|(?<![\p{{Han}}])(?:下转|上接|紧转|紧接)\s*第?\s*[{_NUM}]+\s*[版页](?![\p{{Han}}])"
)
# A photo credit closing a caption, and the conventional openings of a caption.
CAPTION_CREDIT = regex.compile(
    r"(?:(?:本报|新华社|中新社)?(?:记者|通讯员|特约摄影|摄影)?\s*[\p{Han}·]{2,5}(?:\s+[\p{Han}·]{2,5})?\s*/?\s*摄(?:影)?"
    r"|[\p{Han}·]{2,5}\s*供图|(?:新华社|中新社)(?:记者[\p{Han}·\s]{2,12})?发"
    r"|[（(](?:影像中国|资料图片|图片来源[^）)]*|[\p{Han}·]{2,5}\s*摄)[）)])\s*$"
)
CAPTION_OPENING = regex.compile(r"^(?:图为|图：|图:|上图|下图|左图|右图|图片[：:]|图\s*\d+[：:\s])")
_CREDIT_HINT = re.compile(r"[摄图发]|影像")


def credit_at_end(text: str) -> tuple[int, int] | None:
    """The span of a photo credit closing ``text``, if any."""
    t = text.rstrip(BLANK)
    if not _CREDIT_HINT.search(t, max(0, len(t) - 40)):
        return None
    m = CAPTION_CREDIT.search(t, max(0, len(t) - 40))
    return m.span() if m else None


def is_caption(text: str) -> bool:
    """A standalone block that is a photo caption (with or without its credit)."""
    t = text.strip(BLANK)
    if len(t) > 220 or "\n" in t:
        return False
    return bool(CAPTION_OPENING.match(t) or credit_at_end(t))


def is_credit(text: str) -> bool:
    """A photo credit standing alone on its line."""
    t = text.strip(BLANK)
    span = credit_at_end(t) if len(t) <= 40 else None
    return span is not None and span[0] <= 2


def glued_caption(text: str) -> tuple[int, int] | None:
    """A caption glued to the end of a body paragraph (its last sentence, ending in a credit)."""
    return None


def marker_spans(text: str) -> list[tuple[int, int]]:
    """Continuation markers in ``text``."""
    if "版" not in text and "页" not in text and "面" not in text:
        return []
    return [m.span() for m in CONTINUATION.finditer(text)]


def is_marker(text: str) -> bool:
    t = text.strip(BLANK)
    return len(t) <= 40 and any(s == 0 and e == len(t) for s, e in marker_spans(t))
