"""Turning input text into Markdown that renders as exactly that text, and nothing more."""

from __future__ import annotations

import re
from urllib.parse import quote

from generator import maths

# Characters that some Markdown flavour or extension gives a meaning inline: emphasis, code,
# links, HTML, entities, tables, maths, emoji, marks, attribute lists. Each becomes a numeric
# character reference, which CommonMark and Python-Markdown both turn back into the character
# as text. Backslash escapes would not do: Python-Markdown honours them for only some characters.
INLINE_SPECIAL = frozenset("\\`*_{}[]()<>&!|~^$:=+#\"'")
# Text that can reorder what stands next to it: right-to-left letters (Hebrew, Arabic, Syriac,
# Thaana, N'Ko, … and their presentation forms) and bidirectional controls. Pages wrap such
# text in <bdi>, so that a title's direction stays inside it (the rest of a list line, a date,
# the next line keep theirs); other text needs no wrapper.
BIDI = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
BLOCK_START = re.compile(r"^([-+=>#]|\d+[.)])")
LEADING_SPACE = re.compile(r"^\s+")


def ref(char: str) -> str:
    return f"&#{ord(char)};"


def text(value: str, inline: bool = False) -> str:
    """Markdown for one line of plain text: every character comes out as written, as text.

    `inline` text follows other text on its line, so it cannot start a block.
    """
    # One line: a line break would end a paragraph, or with two spaces before it add a <br>.
    value = value.replace("\r", " ").replace("\n", " ")
    escaped = "".join(ref(c) if c in INLINE_SPECIAL else c for c in value)
    return escaped if inline else guard_line_start(escaped)


def isolated(value: str, markup: str) -> str:
    """`markup` (the Markdown or HTML of `value`) in a <bdi> if `value` has right-to-left
    letters or bidirectional controls; as it is otherwise."""
    return f"<bdi>{markup}</bdi>" if BIDI.search(value) else markup


def guard_line_start(line: str) -> str:
    """A line of Markdown whose start cannot open a block: code, list, quote, heading, rule."""
    # Leading spaces would make an indented code block.
    line = LEADING_SPACE.sub(lambda m: "".join(ref(c) for c in m.group()), line)
    match = BLOCK_START.match(line)
    if match:
        start = match.end() - 1
        line = line[:start] + ref(line[start]) + line[start + 1 :]
    return line


SPAN = '<span class="pa-math">'
DISPLAY_SPAN = '<span class="pa-math pa-math--display">'


def rich(value: str) -> str:
    """Like `text`, but maths (`$…$`, `\\(…\\)`; displayed: `$$…$$`, `\\[…\\]`) becomes an
    element the page renders as maths.

    The TeX source stays text inside `<span class="pa-math">` (escaped like any text), so the
    page without scripts, search and feeds all show it as written.
    """
    parts = []
    for index, segment in enumerate(maths.segments(value)):
        if segment.is_maths:
            # Displayed maths (`$$…$$`, `\\[…\\]`) is marked so that KaTeX renders it as such.
            span = DISPLAY_SPAN if segment.display else SPAN
            parts.append(f"{span}{text(segment.text, inline=True)}</span>")
        else:
            parts.append(text(segment.text, inline=index > 0))
    return "".join(parts)


def url(value: str) -> str:
    """A link destination that no Markdown parser reads as anything but a URL."""
    if PLAIN_URL.fullmatch(value):
        return value  # most site links: `quote` would leave them as they are, only slower
    return quote(value, safe="/:?#@!$&*+,;=%-._~")


PLAIN_URL = re.compile(r"[A-Za-z0-9/:.\-_~]*")


def link(label: str, destination: str) -> str:
    """A Markdown link whose label is plain text."""
    return f"[{text(label)}]({url(destination)})"
