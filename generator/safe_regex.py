"""Curator-written regular expressions, checked for backtracking and matched in bounded time.

A taxonomy's `patterns` are Python regular expressions, and one such as `^(\\w+\\s?)*$` can
backtrack for minutes on a short title with Python's `re`. Three bounds hold:

1. A static check (`backtracking_risk`, on the pattern as Python's own parser `re._parser`
   reads it) refuses, before any search, the shapes that backtrack catastrophically: a repeat
   inside a repeated group (`(a+)*`, `(.*e){6}`), two unbounded repeats in a row over
   characters they share (`\\w+\\w*`, `.*.*`), a repeated group of alternatives that can match
   the same text (`(a|a)*`), backreferences (`(a)\\1`) and lookarounds that hold a repeat.
2. Patterns are compiled with the `regex` library (the same syntax, as `re` reads it), and any
   single search stops after `TIMEOUT` seconds.
3. Each pattern has a total `BUDGET` of CPU seconds per build over all papers; a pattern that
   spends it is stopped with a problem, so a pattern slow on every paper costs a bounded time.

A pattern that runs out of time is a `PatternTimeout` naming the pattern and where it was
written; it is not tried again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

TIMEOUT = 0.25  # seconds for one search of one pattern in one text
BUDGET = 5.0  # CPU seconds for one pattern over all the texts of one build
FLAGS = regex.IGNORECASE | regex.VERSION0  # VERSION0: `re`'s syntax and behaviour
MAX_PATTERN = 1000  # characters

REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
UNBOUNDED = sre_constants.MAXREPEAT
# Characters that stand for every class a pattern can name, to tell whether two repeats can
# match the same character: ASCII, Latin-1 and a few letters, digits and spaces beyond.
SAMPLE = [chr(c) for c in range(256)] + list("\u0101\u03b1\u0416\u4e2d\u0663\u2003\u200b\uff10")
CATEGORIES = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_NOT_DIGIT": lambda c: not c.isdecimal(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}


class PatternTimeout(Exception):
    """A pattern's search ran out of time; `pattern` is the `SafePattern` (now disabled)."""

    def __init__(self, pattern: SafePattern, text: str, total: bool = False) -> None:
        if total:
            message = (
                f"pattern {pattern.source!r} took more than {BUDGET} s over all papers and was "
                "dropped: it is slow on every text; write it simpler, or as keywords"
            )
        else:
            message = (
                f"pattern {pattern.source!r} took more than {TIMEOUT} s on one text and was "
                "dropped: it can backtrack without end (nested repeats such as (a|a)*); write "
                "it without a repeat inside a repeat, or as keywords"
            )
        super().__init__(message)
        self.pattern = pattern
        self.text = text


def _chars(items: Any) -> frozenset[str]:
    """The characters (of `SAMPLE`, case-folded) a parsed item or sequence can start with."""
    found: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            found.add(chr(av).casefold())
        elif name == "NOT_LITERAL":
            found |= {c.casefold() for c in SAMPLE if c.casefold() != chr(av).casefold()}
        elif name == "ANY":
            found |= {c.casefold() for c in SAMPLE if c != "\n"}
        elif name == "IN":
            found |= _in_set(av)
        elif name == "SUBPATTERN":
            found |= _chars(av[-1])
        elif name == "BRANCH":
            for branch in av[1]:
                found |= _chars(branch)
        elif op in REPEATS or op == POSSESSIVE:
            found |= _chars(av[2])
            if av[0] > 0:
                return frozenset(found)
            continue  # optional: what follows may start the match too
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width
        else:
            found |= {c.casefold() for c in SAMPLE}  # anything else: assume the worst
        return frozenset(found)
    return frozenset(found)


def _in_set(items: Any) -> set[str]:
    negate = False
    tests: list[Any] = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            tests.append(lambda c, v=av: ord(c) == v)
        elif name == "RANGE":
            tests.append(lambda c, v=av: v[0] <= ord(c) <= v[1])
        elif name == "CATEGORY":
            tests.append(CATEGORIES.get(str(av), lambda c: True))
        else:
            tests.append(lambda c: True)
    matched = {c for c in SAMPLE if any(t(v) for v in _cases(c) for t in tests)}
    chosen = {c for c in SAMPLE if c not in matched} if negate else matched
    return {c.casefold() for c in chosen}


def _cases(char: str) -> list[str]:
    """The character and its other cases that are one character (IGNORECASE matches them)."""
    return [v for v in {char, char.lower(), char.upper()} if len(v) == 1]


def _inner(op: Any, av: Any) -> list[Any]:
    """The sequences a group, alternation or lookaround holds (none for other items)."""
    name = str(op)
    if name == "SUBPATTERN":
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    return []


def _has_repeat(items: Any, unbounded_only: bool) -> bool:
    for op, av in items:
        if op in REPEATS or op == POSSESSIVE:
            if not unbounded_only or av[1] == UNBOUNDED or _has_repeat(av[2], unbounded_only):
                return True
        elif any(_has_repeat(inner, unbounded_only) for inner in _inner(op, av)):
            return True
    return False


def _check(items: Any) -> str | None:
    previous: frozenset[str] | None = None  # what the unbounded repeats just before can match
    for op, av in items:
        name = str(op)
        if name in ("GROUPREF", "GROUPREF_EXISTS"):
            return "a backreference (\\1, (?P=name)) can make it backtrack without end"
        if name in ("ASSERT", "ASSERT_NOT"):
            if _has_repeat(av[1], unbounded_only=False):
                return "a lookaround holding a repeat can make it backtrack without end"
            continue
        if op in REPEATS or op == POSSESSIVE:
            low, high, body = av
            if high > 1 and _has_repeat(body, unbounded_only=True):
                return (
                    "a repeat inside a repeated group (such as (a+)* or (.*e){6}) can make it "
                    "backtrack without end"
                )
            if high > 1 and _overlapping_branches(body):
                return (
                    "a repeated group of alternatives that can match the same text (such as "
                    "(a|ab)*) can make it backtrack without end"
                )
            problem = _check(body)
            if problem:
                return problem
            if high == UNBOUNDED:
                chars = _chars(body)
                if previous is not None and previous & chars:
                    return (
                        "two unbounded repeats in a row that can match the same characters "
                        "(such as \\w+\\w* or .*.*) can make it backtrack without end"
                    )
                previous = chars if previous is None else previous | chars
                continue
            if low == 0:
                continue  # an optional item keeps the repeats on each side adjacent
            previous = None
            continue
        if name == "SUBPATTERN":
            problem = _check(av[-1])
        elif name == "BRANCH":
            problem = next((p for b in av[1] if (p := _check(b))), None)
        else:
            problem = None
        if problem:
            return problem
        if name != "AT":
            previous = None
    return None


def _overlapping_branches(items: Any) -> bool:
    for op, av in items:
        name = str(op)
        if name == "SUBPATTERN":
            return _overlapping_branches(av[-1])
        if name == "BRANCH":
            starts = [_chars(b) for b in av[1]]
            return any(a & b for i, a in enumerate(starts) for b in starts[i + 1 :])
        if name == "IN" or name == "LITERAL":
            return False
    return False


def backtracking_risk(source: str) -> str | None:
    """Why `source` could backtrack catastrophically (see the module's docstring), or None.
    Raises `regex.error` if Python's `re` cannot read it."""
    if len(source) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters"
    try:
        parsed = sre_parse.parse(source, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as error:
        raise regex.error(str(error)) from None
    return _check(parsed)


class SafePattern:
    """A compiled curator pattern: `search` answers within `TIMEOUT` or raises."""

    def __init__(self, source: str, where: str = "") -> None:
        """Compile `source` case-insensitively; raises `regex.error` if it is invalid or if
        `backtracking_risk` finds a shape that can backtrack without end. `where` says where it
        was written (`taxonomy.yml:12`), for messages."""
        self.source = source
        self.where = where
        risk = backtracking_risk(source)
        if risk:
            raise regex.error(f"{risk}; write it simpler, or as keywords")
        self.compiled = regex.compile(source, FLAGS)
        self.disabled = False
        self.spent = 0.0  # CPU seconds over all searches of this build

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in the text. Raises `PatternTimeout` (once: the pattern
        is disabled, and answers False from then on) when one search takes `TIMEOUT` or all
        searches together take `BUDGET`."""
        return self._timed(text, lambda: self.compiled.search(text, timeout=TIMEOUT)) is not None

    def count(self, text: str) -> int:
        """How many non-overlapping matches the text has, bounded as `search` is (the same
        `TIMEOUT` and the same `BUDGET`, which searches and counts share); 0 once disabled."""
        found = self._timed(text, lambda: self.compiled.findall(text, timeout=TIMEOUT))
        return len(found) if found is not None else 0

    def _timed(self, text: str, match: Callable[[], Any]) -> Any:
        if self.disabled:
            return None
        started = time.thread_time()
        try:
            found = match()
        except TimeoutError:
            self.disabled = True
            raise PatternTimeout(self, text) from None
        self.spent += time.thread_time() - started
        if self.spent >= BUDGET:  # >=: a budget of 0 is spent by any search
            self.disabled = True
            raise PatternTimeout(self, text, total=True)
        return found

    def __repr__(self) -> str:
        return f"SafePattern({self.source!r})"


error = regex.error
