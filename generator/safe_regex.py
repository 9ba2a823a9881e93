"""Curator-written regular expressions, matched in bounded time.

A taxonomy's `patterns` are Python regular expressions, and one such as `^(\\w+\\s?)*$` can
backtrack for minutes on a short title with Python's `re`. They are compiled with the `regex`
library (the same syntax, as `re` reads it), whose matcher avoids much of that backtracking and
stops any single match after `TIMEOUT` seconds. A pattern that runs out of time is a
`PatternTimeout` naming the pattern and where it was written; it is not tried again, so a
taxonomy costs at most one timeout per pattern however many papers there are.
"""

from __future__ import annotations

import regex

TIMEOUT = 0.25  # seconds for one search of one pattern in one text
FLAGS = regex.IGNORECASE | regex.VERSION0  # VERSION0: `re`'s syntax and behaviour


class PatternTimeout(Exception):
    """A pattern's search ran out of time; `pattern` is the `SafePattern` (now disabled)."""

    def __init__(self, pattern: SafePattern, text: str) -> None:
        super().__init__(
            f"pattern {pattern.source!r} took more than {TIMEOUT} s on one text and was "
            "dropped: it can backtrack without end (nested repeats such as (a|a)*); write it "
            "without a repeat inside a repeat, or as keywords"
        )
        self.pattern = pattern
        self.text = text


class SafePattern:
    """A compiled curator pattern: `search` answers within `TIMEOUT` or raises."""

    def __init__(self, source: str, where: str = "") -> None:
        """Compile `source` case-insensitively; raises `regex.error` if it is invalid. `where`
        says where it was written (`taxonomy.yml:12`), for messages."""
        self.source = source
        self.where = where
        self.compiled = regex.compile(source, FLAGS)
        self.disabled = False

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in the text. Raises `PatternTimeout` (once: the pattern
        is disabled, and answers False from then on)."""
        if self.disabled:
            return False
        try:
            return self.compiled.search(text, timeout=TIMEOUT) is not None
        except TimeoutError:
            self.disabled = True
            raise PatternTimeout(self, text) from None

    def count(self, text: str) -> int:
        """How many non-overlapping matches the text has, within `TIMEOUT` (as `search`)."""
        if self.disabled:
            return 0
        try:
            return len(self.compiled.findall(text, timeout=TIMEOUT))
        except TimeoutError:
            self.disabled = True
            raise PatternTimeout(self, text) from None

    def __repr__(self) -> str:
        return f"SafePattern({self.source!r})"


error = regex.error
