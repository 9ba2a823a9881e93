"""LaTeX fragments in titles and abstracts: where maths (inline and displayed) starts and ends."""

from __future__ import annotations

import re
from typing import NamedTuple

# `$…$` follows Pandoc's rule, so that prose with prices stays prose: the opening `$` has no
# space after it, the closing one no space before it and no digit after it, and neither is
# escaped (`\$`). `\(…\)` is unambiguous. A lone `$`, `\%` or `\ourMethod` matches neither.
MATHS = re.compile(
    r"\\\((?P<paren>.+?)\\\)"
    r"|(?<![\\$\w])\$(?P<dollar>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?![\d$])"
)
# `split` finds the matches of MATHS without it: a `\(` without its `\)` made the expression
# scan to the line's end from each one, quadratic in the text's length. A `$` stops at the
# next `$` or line end, so the `$…$` half alone is linear.
DOLLAR = re.compile(r"(?<![\\$\w])\$(?P<dollar>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?![\d$])")


# Display maths: `$$…$$`, `\\[…\\]`, and the maths environments KaTeX renders in display mode.
DISPLAY_DOLLAR = re.compile(r"(?<![\\$])\$\$(?P<tex>[^$]+)\$\$")
ENVIRONMENTS = (
    "equation", "equation*", "align", "align*", "gather", "gather*", "multline",
    "multline*", "eqnarray", "eqnarray*", "displaymath", "math",
)  # fmt: skip
PAIRS = [
    ("\\(", "\\)", False, 2, 2),  # opener, closer, display, opener and closer kept off the TeX
    ("\\[", "\\]", True, 2, 2),
    *((f"\\begin{{{e}}}", f"\\end{{{e}}}", True, 0, 0) for e in ENVIRONMENTS),
]


class Segment(NamedTuple):
    """A piece of text: plain, or maths (`text` is its TeX, `source` as written, delimiters
    included) shown inline or as a display."""

    text: str
    is_maths: bool
    display: bool = False
    source: str = ""


def split(text: str) -> list[tuple[str, bool]]:
    """The text as segments, each with whether it is maths (TeX source without delimiters)."""
    return [(s.text, s.is_maths) for s in segments(text)]


def maybe(text: str) -> bool:
    """Whether the text may hold maths (a quick test before `segments`)."""
    return "$" in text or "\\(" in text or "\\[" in text or "\\begin" in text


def segments(text: str) -> list[Segment]:
    """The text as plain and maths segments (`$…$`, `\\(…\\)`; displayed: `$$…$$`, `\\[…\\]`,
    `\\begin{equation}…\\end{equation}` and the other maths environments), in linear time."""
    if not maybe(text):
        return [Segment(text, False)] if text else []  # most text: no regular expression
    result: list[Segment] = []
    start = 0
    for begin, end, tex, display in _spans(text):
        if not tex.strip():
            continue
        if begin > start:
            result.append(Segment(text[start:begin], False))
        # A display's TeX without the spaces around it (`\\[ x \\]`): KaTeX centres it anyway.
        result.append(Segment(tex.strip() if display else tex, True, display, text[begin:end]))
        start = end
    if start < len(text):
        result.append(Segment(text[start:], False))
    return result


class _Pair:
    """The next `opener…closer` maths span at or after a position, on one line, with one
    character or more inside; every search is remembered until the scan passes it, and an
    opening found not to start maths is never tried again (linear over a whole scan)."""

    def __init__(self, text: str, pair: tuple[str, str, bool, int, int]) -> None:
        self.text = text
        self.opener, self.closer, self.display, self.cut_open, self.cut_close = pair
        self.close = self.newline = -2  # the next closer and line end found (-1: none left)
        self.tried = 0
        self.found: tuple[int, int, str, bool] | None = None

    def next(self, pos: int) -> tuple[int, int, str, bool] | None:
        text, opener, closer = self.text, self.opener, self.closer
        if self.found is not None and self.found[0] < pos:
            self.found = None
        if self.found is None and self.close != -1 and opener in text:
            opening = text.find(opener, max(pos, self.tried))
            size = len(opener)
            while opening >= 0:
                if self.close != -1 and self.close < opening + size + 1:
                    self.close = text.find(closer, opening + size + 1)
                if self.close == -1:
                    break  # no closer after it: none of the later openings closes either
                if self.newline != -1 and self.newline < opening:
                    self.newline = text.find("\n", opening)
                if self.newline == -1 or self.close < self.newline:
                    end = self.close + len(closer)
                    inner = text[opening + size : self.close]
                    tex = inner if self.cut_open else text[opening:end]
                    self.found = (opening, end, tex, self.display)
                    break
                opening = text.find(opener, opening + 1)
            self.tried = opening + 1 if opening >= 0 else len(text)
        return self.found


STARTS = {"dollar": "$", "display": "$$"}  # what a match of each pattern starts with


def _search(pattern: re.Pattern[str], text: str, pos: int, start: str) -> re.Match[str] | None:
    """`pattern.search(text, pos)` for a pattern whose matches begin with `start`: begun where
    `start` is first found, since the engine would try each position in turn (a pattern that
    opens with a look-behind gives it no prefix to skip ahead to), 15 µs in an abstract."""
    at = text.find(start, pos)
    return pattern.search(text, at) if at >= 0 else None


def _spans(text: str) -> list[tuple[int, int, str, bool]]:
    """The maths spans, leftmost first, as (start, end, TeX, display), in linear time."""
    spans: list[tuple[int, int, str, bool]] = []
    pos = 0
    # Every opener starts with a backslash: text with none (most) needs no search for each.
    pairs = [_Pair(text, pair) for pair in PAIRS if pair[0] in text] if "\\" in text else []
    searches: dict[str, tuple[int, re.Match[str] | None]] = {}
    patterns = {"dollar": DOLLAR, "display": DISPLAY_DOLLAR} if "$" in text else {}
    while pos < len(text):
        candidates = [found for pair in pairs if (found := pair.next(pos)) is not None]
        for name, pattern in patterns.items():
            known = searches.get(name)
            if known is None or (known[1] is not None and known[1].start() < pos):
                searches[name] = known = (pos, _search(pattern, text, pos, STARTS[name]))
            match = known[1]
            if match is not None:
                candidates.append((match.start(), match.end(), match.group(1), name == "display"))
        if not candidates:
            break
        found = min(candidates, key=lambda c: (c[0], -c[1]))
        spans.append(found)
        pos = found[1]
    return spans


def has_maths(text: str) -> bool:
    return any(is_maths for _, is_maths in split(text))
