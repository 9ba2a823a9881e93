"""Which parser reads a file: decided from its content, with the file name as a hint; and the
door every file passes: its encoding made UTF-8, and whatever a parser raises made a problem."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from generator.model import ParseResult, Problem, SourceRef
from generator.sources import (
    arxiv_atom,
    arxiv_snapshot,
    bibtex,
    curator,
    daily_arxiv,
    hf_api,
    hf_dump,
)

Parser = Callable[[bytes, str], ParseResult]
KNOWN = (
    "a Hugging Face Daily Papers text dump (.txt), a Hugging Face API response (.json), "
    "an arXiv API Atom feed (.xml), arXiv's metadata snapshot or a daily arXiv digest "
    "(.jsonl), BibTeX (.bib) "
    "or curator records (.yml)"
)


def _unknown_object(keys: list[str]) -> Parser:
    def refuse(data: bytes, path: str) -> ParseResult:
        shown = ", ".join(keys[:8]) + (", …" if len(keys) > 8 else "")
        reason = f"a JSON object with keys {shown} is none of the known formats: expected {KNOWN}"
        return ParseResult((), (Problem(SourceRef(path, 1), reason),))

    return refuse


def _json_kind(data: bytes) -> Parser | None:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        first = data.lstrip().split(b"\n", 1)[0]
        try:  # JSON lines: the first line alone is an object
            value = json.loads(first)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(value, dict):
            return None
        return daily_arxiv.parse if daily_arxiv.looks_like(value) else arxiv_snapshot.parse
    if isinstance(value, list):
        return hf_api.parse_daily  # it reports lists of anything but daily paper objects
    if isinstance(value, dict):
        if hf_api.unwrap_day(value)[1]:  # {"status", "date", "count", "data": [...]}
            return hf_api.parse_daily
        if daily_arxiv.looks_like(value):  # a digest of one paper
            return daily_arxiv.parse
        if "summary" in value:
            return hf_api.parse_paper
        if b"\n" not in data.strip():  # a snapshot of one record, on its one line
            return arxiv_snapshot.parse
        # One object over many lines: read as JSON lines, every line would be a problem.
        return _unknown_object(sorted(map(str, value)))
    return None


def parser_for(path: str, data: bytes) -> Parser | Problem:
    """The parser for a file, or a problem that says what was expected."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in (".yml", ".yaml"):
        return curator.parse
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"[", b"{"):
        found = _json_kind(data)
        if found is not None:
            return found
        # Broken JSON: the parser its name promises reports where it breaks.
        if suffix == ".jsonl":
            return arxiv_snapshot.parse
        if suffix == ".json":
            return hf_api.parse_daily if head == b"[" else hf_api.parse_paper
    elif head == b"<":
        return arxiv_atom.parse
    elif head in (b"@", b"%") or suffix == ".bib":
        return bibtex.parse
    elif suffix == ".txt":
        return hf_dump.parse
    if not data.strip():
        return hf_dump.parse if suffix == ".txt" else Problem(SourceRef(path, 1), "empty file")
    return Problem(SourceRef(path, 1), f"unknown listing format: expected {KNOWN}")


# UTF-32's little-endian mark begins with UTF-16's: the longer marks are tried first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
XML_DECLARATION = re.compile(rb"^(<\?xml[^>]*?encoding\s*=\s*)([\"'])[A-Za-z0-9._-]*\2")
SAVE_AS_UTF8 = "save it as UTF-8"
EMPTY_LIST = re.compile(rb"\s*\[\s*\]\s*")


def to_utf8(path: str, data: bytes) -> bytes | Problem:
    """The file as UTF-8 bytes, whatever Unicode encoding its byte order mark names (Windows
    tools save UTF-16 with one); or the problem that refuses it: bytes that are not UTF-8 text,
    or UTF-16 without a mark. XML keeps the encoding its declaration names (the XML parser reads
    it), but one converted from UTF-16 has its declaration changed to say UTF-8."""
    for mark, codec, name in BOMS:
        if data.startswith(mark):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                return Problem(
                    SourceRef(path, 1),
                    f"{name} text with a broken character at byte {error.start}: {SAVE_AS_UTF8}",
                )
            converted = text.encode("utf-8", errors="surrogatepass")
            return _no_dtd(path, XML_DECLARATION.sub(rb"\1\2UTF-8\2", converted, count=1))
    head = data[:4096]
    if head.count(b"\x00") * 4 > len(head) > 0 and not head.startswith(b"<"):
        return Problem(
            SourceRef(path, 1), f"UTF-16 or UTF-32 text without a byte order mark: {SAVE_AS_UTF8}"
        )
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return _no_dtd(path, data)  # XML: its declaration names its encoding, the parser checks it
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex().upper()
        return Problem(
            SourceRef(path, line),
            f"not UTF-8 text: byte 0x{byte} on line {line} is not a character in UTF-8; "
            f"{SAVE_AS_UTF8} (a binary file, or Latin-1 or Windows-1252 text?)",
        )
    return data


def _no_dtd(path: str, data: bytes) -> bytes | Problem:
    """XML without a document type declaration. One can declare entities that expand a few
    hundred bytes into megabytes (expat stops the billion laughs only after 8 MiB, which cost
    100 MB of memory); the arXiv API's feeds have none, so none is read (as defusedxml's
    `forbid_dtd` does)."""
    at = data.find(b"<!DOCTYPE")
    if at < 0:
        return data
    line = data.count(b"\n", 0, at) + 1
    return Problem(
        SourceRef(path, line),
        "XML with a document type declaration (<!DOCTYPE …>) is refused: its entities can "
        "expand without bound, and the arXiv API's feeds have none",
    )


def failure(path: str, error: BaseException) -> Problem:
    """A problem for whatever a parser raised: the file and, where the error knows it, the line.
    The message never carries the input's text (a huge value, or a private file's)."""
    mark = getattr(error, "problem_mark", None)  # YAML's errors count lines from 0
    line = mark.line + 1 if mark is not None else getattr(error, "lineno", None) or 1
    if isinstance(error, RecursionError):
        reason = f"nested more deeply than {sys.getrecursionlimit()} levels"
    elif isinstance(error, MemoryError):
        reason = "too large to read in memory"
    elif isinstance(error, ValueError) and "digits" in str(error):
        reason = f"a number of more than {sys.get_int_max_str_digits()} digits"
    else:
        reason = f"{type(error).__name__}: {str(error)[:200]}"
    return Problem(SourceRef(path, int(line or 1)), f"could not be read: {reason}")


def parse(path: str, data: bytes) -> ParseResult:
    """Every entry of a file and the problems in it; never raises (whatever a parser raises
    is a problem of the file, so that the other files are still read)."""
    door = to_utf8(path, data)
    if isinstance(door, Problem):
        return ParseResult((), (door,))
    try:
        found = parser_for(path, door)
        if isinstance(found, Problem):
            return ParseResult((), (found,))
        result = found(door, path)
        if result.entries or result.problems or EMPTY_LIST.fullmatch(door):
            return result
        # Read, but nothing in it (a lone `@`, a page copy with no paper): said, not silent. An
        # empty JSON list is a day without papers, as the Hugging Face API answers weekends.
        return ParseResult(
            (), (Problem(SourceRef(path, 1), f"no entry found in it: expected {KNOWN}"),)
        )
    except Exception as error:  # any input: a problem, never a traceback
        return ParseResult((), (failure(path, error),))


SNIFF = 1 << 16


def parse_path(file: Path, path: str) -> ParseResult:
    """Parse a file on disk; arXiv's snapshot line by line, so its gigabytes never sit in
    memory whole (its entries do: merging needs them). Never raises, like `parse`."""
    try:
        with file.open("rb") as handle:
            head = handle.read(SNIFF)
            found = None if head.startswith(BOM_MARKS) else _sniff(path, head)
            if found is arxiv_snapshot.parse:
                handle.seek(0)
                items = list(arxiv_snapshot.parse_lines(handle, path))
                return ParseResult(
                    tuple(i for i in items if not isinstance(i, Problem)),
                    tuple(i for i in items if isinstance(i, Problem)),
                )
            data = head + handle.read()
    except OSError as error:
        return ParseResult((), (Problem(SourceRef(path, 1), f"cannot be read: {error.strerror}"),))
    except Exception as error:  # as in `parse`
        return ParseResult((), (failure(path, error),))
    return parse(path, data)


BOM_MARKS = tuple(mark for mark, _, _ in BOMS)


def _sniff(path: str, head: bytes) -> Parser | Problem | None:
    try:
        return parser_for(path, head)
    except Exception:  # the whole file's parse reports it
        return None
