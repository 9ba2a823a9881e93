"""What the parsers share: unwrapping text, arXiv ids, DOIs, dates, and line numbers."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import urllib.parse
from typing import Any

NEW_ID = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?!\d)")
OLD_ID = re.compile(r"(?<![\w.-])([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?!\d)")
DOI = re.compile(r"10\.\d{4,9}/\S+")
# Two DOIs run together: a comma or semicolon followed by another DOI's prefix.
DOI_SEPARATOR = re.compile(r"[,;](?=10\.\d{4,9}/)")
PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
DAY_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


# JSON types a reader expects of a field, as messages name them.
STRING, INTEGER, OBJECT = "a string", "an integer", "an object"
OBJECTS, STRINGS = "a list of objects", "a list of strings"
_PLURAL = {str: "strings", int: "integers", float: "numbers", dict: "objects", list: "lists"}


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages: `a string`, `a list of strings`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, list):
        kinds = sorted({_PLURAL.get(type(v), "booleans") for v in value if v is not None})
        return "a list of " + (" and ".join(kinds) or "nulls")
    names = {str: STRING, int: INTEGER, float: "a number", dict: OBJECT}
    return names.get(type(value), type(value).__name__)


def fits(value: Any, kind: str) -> bool:
    """Whether a JSON value is of the kind named (one of the names above)."""
    if kind == STRING:
        return isinstance(value, str)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == OBJECT:
        return isinstance(value, dict)
    if kind == OBJECTS:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def wrong_types(record: dict[str, Any], fields: dict[str, str], prefix: str = "") -> str:
    """The fields of a JSON object whose type is not the one expected (null is always
    allowed), at most three, as one message; "" when all fit. A reader refuses such a record
    rather than read `['Ana Silva', 'Bo Chen']` through `str()` as a name."""
    wrong = [
        f"{prefix}{name} is {json_type(record[name])}, expected {kind}"
        for name, kind in fields.items()
        if record.get(name) is not None and not fits(record[name], kind)
    ]
    return "; ".join(wrong[:3])


def unwrap(text: str) -> str:
    """Hard-wrapped text joined back into one line: every run of white space is one space."""
    return " ".join(text.split())


def arxiv_id(value: str) -> str:
    """The arXiv identifier in a string (an id, `arXiv:…`, an abs or pdf URL), without its
    version; empty if there is none."""
    for pattern in (NEW_ID, OLD_ID):
        match = pattern.search(value)
        if match:
            return match.group(1)
    return ""


EXACT_NEW_ID = re.compile(r"(\d\d)(\d\d)\.(\d{4,5})(?:v[1-9]\d*)?")


def arxiv_id_problem(value: str) -> str:
    """Why a field meant to hold exactly one arXiv identifier does not ("" if it does). The
    scheme (arXiv's "Understanding the arXiv identifier"): `YYMM.NNNN` from April 2007 to
    December 2014, `YYMM.NNNNN` from January 2015, or the old `archive/YYMMNNN`; each with an
    optional version `vN`."""
    found = EXACT_NEW_ID.fullmatch(value)
    if found:
        year, month, digits = int(found[1]), int(found[2]), len(found[3])
        if not 1 <= month <= 12 or (year, month) < (7, 4):
            return (
                f"{value[:40]!r} is no arXiv id: {found[1]}{found[2]} is no month of the "
                "YYMM.NNNNN scheme (April 2007 on)"
            )
        if digits != (5 if year >= 15 else 4):
            return (
                f"{value[:40]!r} is no arXiv id: {'5' if year >= 15 else '4'} digits follow "
                f"the dot in ids of 20{found[1]}"
            )
        return ""
    if OLD_ID.fullmatch(value):
        return ""
    return f"{value[:40]!r} is no arXiv id (such as 2501.00001)"


def doi(value: str) -> str:
    """A DOI as given (DOIs are case-insensitive, the DOI handbook says, but shown as
    registered: `identity` compares them in lower case), without resolver prefix or trailing
    punctuation, percent-encoding of a doi.org URL read back; empty if there is none."""
    match = DOI.search(value.strip())
    if not match:
        return ""
    found = match.group().rstrip(".,;")
    while found.endswith(")") and found.count(")") > found.count("("):
        found = found[:-1].rstrip(".,;")  # `(10.1000/abc)`: the prose's bracket, not the DOI's
    if PERCENT_ESCAPE.search(found):
        found = urllib.parse.unquote(found)
    return found


def dois(value: str) -> list[str]:
    """Every DOI in a field that may hold several (separated by spaces, commas or semicolons),
    each as `doi` gives it, without repeats, in order."""
    found = (
        doi(part) for match in DOI.finditer(value) for part in DOI_SEPARATOR.split(match.group())
    )
    unique: dict[str, str] = {}
    for d in found:
        if d:
            unique.setdefault(d.lower(), d)  # the same DOI in another case is a repeat
    return list(unique.values())


def date(value: str) -> dt.date | None:
    """A date from ISO 8601 (`2025-10-02T17:55:42.000Z`) or RFC 2822 (arXiv's versions)."""
    value = value.strip()
    match = ISO_DATE.match(value)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        return email.utils.parsedate_to_datetime(value).date()
    except (ValueError, TypeError):
        return None


def day_in_name(path: str) -> dt.date | None:
    """The day a file's name holds (`…-YYYY-MM-DD.txt`, `2025-03-17_AI_enhanced.jsonl`, the last
    one if several), which dates day listings: seed dumps, HF API days, daily arXiv digests."""
    found = None
    for match in DAY_IN_NAME.finditer(path.rsplit("/", 1)[-1]):
        found = match
    if found is None:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


class Lines:
    """Line numbers of increasing offsets in one text, counted once (not from the start each
    time, which made parsing quadratic in the file's size)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        if offset < self.offset:  # out of order: count afresh
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line

    def of_next(self, needle: str) -> int:
        """The line of the next occurrence of `needle` after the last one found."""
        at = self.text.find(needle, self.offset + (1 if self.offset else 0))
        return self.at(at) if at >= 0 else self.line
