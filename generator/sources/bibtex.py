"""Parser for BibTeX: entries with balanced braces, `@string` macros and `#` concatenation.

`@comment`, `@preamble` and `@string` are syntax, and `@proceedings`, `@book` and `@collection`
describe volumes, not papers: none of them is an entry of the archive. A file of one volume
(PMLR's, say) gives its date and title to the papers in it that name none of their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, latex

LISTING = "BibTeX"
NOT_PAPERS = {"comment", "preamble", "string", "proceedings", "book", "collection"}
MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec"
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES.split(), 1)}
START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*")


class BibError(ValueError):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


def _braced(text: str, i: int) -> tuple[str, int]:
    """The content of `{…}` starting at text[i] == '{', with nested braces; and the end."""
    depth, start = 0, i
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    raise BibError(start, "unbalanced braces")


def _quoted(text: str, i: int) -> tuple[str, int]:
    depth, start = 0, i
    i += 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            return text[start + 1 : i], i + 1
        i += 1
    raise BibError(start, "unterminated quoted value")


def _value(text: str, i: int, strings: dict[str, str]) -> tuple[str, int]:
    """A field value: parts in braces, quotes, numbers or macros, joined by `#`."""
    parts = []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            raise BibError(i, "value missing at end of file")
        if text[i] == "{":
            part, i = _braced(text, i)
        elif text[i] == '"':
            part, i = _quoted(text, i)
        else:
            match = re.compile(r"[\w:.+-]+").match(text, i)
            if not match:
                raise BibError(i, f"unexpected {text[i]!r} where a value should be")
            word, i = match.group(), match.end()
            part = (
                word
                if word.isdigit()
                else strings.get(word.lower(), MONTHS_TEXT.get(word.lower(), word))
            )
        parts.append(part)
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return "".join(parts), i


MONTHS_TEXT = {m: m for m in MONTHS}


def _split_authors(value: str) -> list[str]:
    """`Last, First and First Last and …` at brace depth 0, as `First Last` each."""
    names, depth, current = [], 0, ""
    tokens = re.split(r"(\s+and\s+|[{}])", value)
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(current)
            current = ""
        else:
            current += token or ""
    names.append(current)
    out = []
    for name in names:
        name = common.unwrap(name)
        if not name or name.lower() == "others":
            continue
        comma = _top_level_comma(name)
        if comma >= 0:  # `Last, First`; a comma inside braces is part of the name
            last, first = name[:comma], name[comma + 1 :]
            name = f"{first.strip()} {last.strip()}".strip()
        out.append(latex.to_text(name))
    return out


def _top_level_comma(name: str) -> int:
    depth = 0
    for index, char in enumerate(name):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            return index
    return -1


def _date(fields: dict[str, str]) -> dt.date | None:
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month_text = fields.get("month", "").strip().lower()[:3]
    month = MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else 1)
    return dt.date(int(year), min(max(month, 1), 12), 1)


def _venue(fields: dict[str, str]) -> str:
    """Where it appeared; an `arXiv preprint` journal is an identifier, not a venue."""
    venue = latex.to_text(fields.get("booktitle") or fields.get("journal") or "")
    return "" if "arxiv" in venue.lower() else venue


def _entry(kind: str, fields: dict[str, str], ref: SourceRef) -> Entry | Problem:
    title = latex.to_text(fields.get("title", ""))
    if not title:
        return Problem(ref, f"@{kind} entry has no title")
    arxiv = ""
    if (
        fields.get("archiveprefix", "").lower() == "arxiv"
        or "arxiv" in fields.get("journal", "").lower()
    ):
        arxiv = common.arxiv_id(fields.get("eprint", "") + " " + fields.get("journal", ""))
    arxiv = arxiv or common.arxiv_id(
        fields.get("url", "") if "arxiv.org" in fields.get("url", "") else ""
    )
    return Entry(
        title=title,
        abstract=latex.to_text(fields.get("abstract", "")),
        listed_on=None,
        listing=LISTING,
        source=ref,
        kind="bibtex",
        arxiv_id=arxiv,
        doi=common.doi(fields.get("doi", "")),
        authors=tuple(_split_authors(fields.get("author", ""))),
        published=_date(fields),
        pdf_url=fields.get("pdf", "").strip(),
        venue=_venue(fields),
    )


def parse(data: bytes, path: str) -> ParseResult:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ParseResult((), (Problem(SourceRef(path, line), "not UTF-8 text"),))
    entries: list[Entry] = []
    problems: list[Problem] = []
    strings: dict[str, str] = {}
    volumes: list[dict[str, str]] = []
    lines = common.Lines(text)
    i = 0
    while (match := START.search(text, i)) is not None:
        kind, at = match.group(1).lower(), match.start()
        ref = SourceRef(path, lines.at(at))
        close = "}" if match.group(2) == "{" else ")"
        try:
            if kind in ("comment", "preamble"):
                _, i = (
                    _braced(text, match.end() - 1)
                    if close == "}"
                    else (None, text.index(")", match.end()) + 1)
                )
                continue
            i = match.end()
            fields: dict[str, str] = {}
            if kind != "string":
                key_end = text.find(",", i)
                if key_end < 0:
                    raise BibError(i, "entry key not followed by a comma")
                i = key_end + 1
            while True:
                while i < len(text) and (text[i].isspace() or text[i] == ","):
                    i += 1
                if i < len(text) and text[i] == close:
                    i += 1
                    break
                name = NAME.match(text, i)
                if not name or text[name.end() : name.end() + 1] != "=":
                    raise BibError(i, "expected `name = value` or the end of the entry")
                value, i = _value(text, name.end() + 1, strings)
                fields[name.group(1).lower()] = value
            if kind == "string":
                strings.update({k: v for k, v in fields.items()})
            elif kind == "proceedings":
                volumes.append(fields)
            elif kind not in NOT_PAPERS:
                item = _entry(kind, fields, ref)
                (entries if isinstance(item, Entry) else problems).append(item)  # type: ignore[arg-type]
        except BibError as error:
            problems.append(
                Problem(ref, f"@{kind} entry: {error} (line {common.line_of(text, error.offset)})")
            )
            next_start = START.search(text, match.end())
            i = next_start.start() if next_start else len(text)
    if len(volumes) == 1:
        volume = volumes[0]
        published = common.date(volume.get("published", "")) or _date(volume)
        venue = latex.to_text(volume.get("booktitle", ""))
        entries = [
            dataclasses.replace(e, published=e.published or published, venue=e.venue or venue)
            for e in entries
        ]
    return ParseResult(tuple(entries), tuple(problems))
