"""Regular-expression sources built from word lists.

The standard library's ``re`` tries the branches of an alternation one by one; a list of
hundreds of words is faster as a trie (shared prefixes factored out), and the longest word
must win where one word is a prefix of another. Both ``re`` and ``regex`` compile the result.
"""
from __future__ import annotations

import re


def alternation(words) -> str:
    """A non-capturing group matching any of ``words``, longer words tried first."""
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return _node(trie)


def _node(node: dict) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _tail(node[ch]))
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
    elif all(len(b) == 1 or (len(b) == 2 and b[0] == "\\") for b in branches):
        body = "[" + "".join(branches) + "]"  # single characters: a class
    else:
        body = "(?:" + "|".join(branches) + ")"
    if ends:
        # a word ends here but longer ones go on: the longer ones are tried first
        return f"(?:{body})?"
    return body


def _tail(node: dict) -> str:
    if list(node) == [""]:
        return ""
    return _node(node)
