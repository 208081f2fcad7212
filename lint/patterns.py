"""Compiled patterns that are paid for only when first used.

Compiling a character class over the CJK ideographs costs the standard library's ``re``
about 2.5 ms (it builds a bitmap of 20,000 characters); a pattern that only some texts need
should not make every start-up pay for it.
"""
from __future__ import annotations

import re


class Lazy:
    """A pattern compiled on first use; otherwise behaves like the compiled pattern."""

    __slots__ = ("_args", "_compiled", "_module")

    def __init__(self, pattern: str, flags: int = 0, module=re) -> None:
        self._args = (pattern, flags)
        self._module = module
        self._compiled = None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = self._module.compile(*self._args)
        return getattr(self._compiled, name)
