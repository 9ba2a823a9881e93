"""LaTeX fragments in titles and abstracts: where `$…$` and `\\(…\\)` maths starts and ends."""

from __future__ import annotations

import re

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


def split(text: str) -> list[tuple[str, bool]]:
    """The text as segments, each with whether it is maths (TeX source without delimiters)."""
    if "$" not in text and "\\(" not in text:
        return [(text, False)] if text else []  # most text: no regular expression needed
    segments: list[tuple[str, bool]] = []
    start = 0
    for begin, end, tex in _spans(text):
        if not tex.strip():
            continue
        if begin > start:
            segments.append((text[start:begin], False))
        segments.append((tex, True))
        start = end
    if start < len(text):
        segments.append((text[start:], False))
    return segments


def _spans(text: str) -> list[tuple[int, int, str]]:
    """The matches of MATHS, leftmost first, as (start, end, TeX), in linear time: every search
    (a `\\(` that opens maths, its `\\)`, a line end, a `$…$`) is remembered until the scan
    passes it, and an opening found not to start maths is never tried again."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    close = newline = -2  # the next `\\)` and line end found so far (-1: none left)
    tried = 0  # openings before this are known not to start maths
    paren: tuple[int, int, str] | None = None
    dollar: re.Match[str] | None = None
    dollar_from = -1  # where `dollar` was searched from
    while pos < len(text):
        if paren is not None and paren[0] < pos:
            paren = None
        if paren is None and close != -1:
            opening = text.find("\\(", max(pos, tried))
            while opening >= 0:
                if close != -1 and close < opening + 3:  # `.+?`: one character or more inside
                    close = text.find("\\)", opening + 3)
                if close == -1:
                    break  # no `\\)` after it: none of the later openings closes either
                if newline != -1 and newline < opening:
                    newline = text.find("\n", opening)
                if newline == -1 or close < newline:
                    paren = (opening, close + 2, text[opening + 2 : close])
                    break
                opening = text.find("\\(", opening + 1)
            tried = opening + 1 if opening >= 0 else len(text)
        if dollar_from < 0 or (dollar is not None and dollar.start() < pos):
            dollar, dollar_from = DOLLAR.search(text, pos), pos
        found = paren
        if dollar is not None and (paren is None or dollar.start() < paren[0]):
            found = (dollar.start(), dollar.end(), dollar.group("dollar"))
        if found is None:
            break
        spans.append(found)
        pos = found[1]
    return spans


def has_maths(text: str) -> bool:
    return any(is_maths for _, is_maths in split(text))
