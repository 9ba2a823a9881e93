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


def split(text: str) -> list[tuple[str, bool]]:
    """The text as segments, each with whether it is maths (TeX source without delimiters)."""
    if "$" not in text and "\\(" not in text:
        return [(text, False)] if text else []  # most text: no regular expression needed
    segments: list[tuple[str, bool]] = []
    start = 0
    for match in MATHS.finditer(text):
        tex = match.group("paren") if match.group("paren") is not None else match.group("dollar")
        if not tex.strip():
            continue
        if match.start() > start:
            segments.append((text[start : match.start()], False))
        segments.append((tex, True))
        start = match.end()
    if start < len(text):
        segments.append((text[start:], False))
    return segments


def has_maths(text: str) -> bool:
    return any(is_maths for _, is_maths in split(text))
