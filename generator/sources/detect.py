"""Which parser reads a file: decided from its content, with the file name as a hint."""

from __future__ import annotations

import json
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


def parse(path: str, data: bytes) -> ParseResult:
    found = parser_for(path, data)
    if isinstance(found, Problem):
        return ParseResult((), (found,))
    return found(data, path)


SNIFF = 1 << 16


def parse_path(file: Path, path: str) -> ParseResult:
    """Parse a file on disk; arXiv's snapshot line by line, so its gigabytes never sit in
    memory whole (its entries do: merging needs them)."""
    with file.open("rb") as handle:
        head = handle.read(SNIFF)
        found = parser_for(path, head)
        if found is arxiv_snapshot.parse:
            handle.seek(0)
            items = list(arxiv_snapshot.parse_lines(handle, path))
            return ParseResult(
                tuple(i for i in items if not isinstance(i, Problem)),
                tuple(i for i in items if isinstance(i, Problem)),
            )
        data = head + handle.read()
    return parse(path, data)
