"""LaTeX text to Unicode: accents, special letters, escapes and case-protecting braces, with
`$…$` maths kept exactly as written (pages render it as maths)."""

from __future__ import annotations

import re
import unicodedata

# Accent commands and the combining characters they put on the letter after them.
ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
ESCAPES = {"&": "&", "%": "%", "_": "_", "#": "#", "{": "\x00", "}": "\x01", "$": "\x02"}
# Commands for characters that are markup in LaTeX, kept out of later steps until the end.
SYMBOLS = {"textbackslash": "\x03", "textasciitilde": "\x04", "textasciicircum": "\x05"}
SYMBOL = re.compile(r"\\(" + "|".join(SYMBOLS) + r")(?:\{\}|(?![A-Za-z])\s?)")
PLACEHOLDERS = {"\x00": "{", "\x01": "}", "\x02": "$", "\x03": "\\", "\x04": "~", "\x05": "^"}

# \"u  \"{u}  {\"u}  \'\i  \v{s}  \c c  \c{c}: the letter, braced or not, with dotless i and j.
ACCENTED = re.compile(
    r"""\\(?P<sym>["'`^~=.])\s*(?P<a>\{\s*\\?[A-Za-z]\s*\}|\\[ij](?![A-Za-z])|[A-Za-z])"""
    r"""|\\(?P<word>[uvHckrdb])(?:\s*(?P<b>\{\s*\\?[A-Za-z]\s*\})|\s+(?P<c>[A-Za-z]))"""
)
LETTER = re.compile(r"\\(" + "|".join(sorted(LETTERS, key=len, reverse=True)) + r")(?![A-Za-z])\s?")
ESCAPE = re.compile(r"\\([&%_#{}$])")
MATH = re.compile(r"(?<!\\)\$[^$]+(?<!\\)\$")


def _accent(match: re.Match[str]) -> str:
    command = match["sym"] or match["word"]
    letter = (match["a"] or match["b"] or match["c"] or "").strip("{} ")
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter.lstrip("\\"))
    return letter + ACCENTS[command]


def _text(segment: str) -> str:
    segment = ESCAPE.sub(lambda m: ESCAPES[m.group(1)], segment)
    segment = SYMBOL.sub(lambda m: SYMBOLS[m.group(1)], segment)
    segment = ACCENTED.sub(_accent, segment)
    segment = LETTER.sub(lambda m: LETTERS[m.group(1)], segment)
    # Ligatures before braces go: `-{}-` is two hyphens in TeX, `--` a dash.
    segment = segment.replace("---", "—").replace("--", "–").replace("~", " ")
    segment = segment.replace("{", "").replace("}", "")  # case protection: {C}luster
    for placeholder, char in PLACEHOLDERS.items():
        segment = segment.replace(placeholder, char)
    return segment


def to_text(value: str) -> str:
    """Unicode text from LaTeX-flavoured text; maths between unescaped `$` stays as it is."""
    out, last = [], 0
    for match in MATH.finditer(value):
        out.append(_text(value[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_text(value[last:]))
    return unicodedata.normalize("NFC", " ".join("".join(out).split()))
