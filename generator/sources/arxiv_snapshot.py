"""Parser for arXiv's bulk metadata snapshot (JSON lines), one line at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, latex

LISTING = "arXiv metadata"
# The fields read, with the JSON type each has in the snapshot (null is allowed): authors and
# categories are strings here, lists in other formats (a daily arXiv digest's rows).
FIELDS = {
    "id": common.STRING,
    "title": common.STRING,
    "abstract": common.STRING,
    "authors": common.STRING,
    "categories": common.STRING,
    "doi": common.STRING,
    "journal-ref": common.STRING,
    "update_date": common.STRING,
    "versions": common.OBJECTS,
}


def authors(record: dict[str, Any]) -> tuple[str, ...]:
    """`authors_parsed` ([last, first, suffix]) when present, else the `authors` string."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        return tuple(
            latex.to_text(" ".join(p for p in (part[1], part[0], *part[2:]) if p), prose=True)
            for part in parsed
            if isinstance(part, list) and len(part) >= 2 and all(isinstance(p, str) for p in part)
        )
    raw = record.get("authors")
    return tuple(
        latex.to_text(a, prose=True)
        for a in str(raw or "").replace(" and ", ", ").split(",")
        if a.strip()
    )


def entry(record: dict[str, Any], ref: SourceRef) -> Entry:
    versions = record.get("versions") or []
    # arXiv's `doi` field may hold several DOIs (space separated): all are the paper's.
    found = common.dois(str(record.get("doi") or ""))
    first = versions[0].get("created", "") if versions and isinstance(versions[0], dict) else ""
    return Entry(
        title=latex.to_text(str(record.get("title") or ""), prose=True),
        abstract=latex.to_text(str(record.get("abstract") or ""), prose=True),
        listed_on=None,
        listing=LISTING,
        source=ref,
        kind="arxiv",
        arxiv_id=common.arxiv_id(str(record.get("id") or "")),
        doi=found[0] if found else "",
        other_dois=tuple(found[1:]),
        authors=authors(record),
        published=common.date(first),
        updated=common.date(str(record.get("update_date") or "")),
        categories=tuple(str(record.get("categories") or "").split()),
        pdf_url=f"https://arxiv.org/pdf/{common.arxiv_id(str(record.get('id') or ''))}",
        venue=common.unwrap(str(record.get("journal-ref") or "")),
    )


def parse_lines(lines: Iterable[bytes], path: str) -> Iterator[Entry | Problem]:
    """Entries and problems as they come: a two-million-line file never sits in memory."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        ref = SourceRef(path, number)
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Problem(ref, f"not a JSON object: {error}")
            continue
        if not isinstance(record, dict) or not record.get("id") or not record.get("title"):
            yield Problem(ref, "expected an arXiv metadata record with an id and a title")
            continue
        wrong = common.wrong_types(record, FIELDS)
        if wrong:
            yield Problem(ref, f"not an arXiv metadata record: {wrong}")
            continue
        try:
            yield entry(record, ref)
        except latex.LatexError as error:
            yield Problem(ref, f"title, abstract or authors: {error}")


def parse(data: bytes, path: str) -> ParseResult:
    items = list(parse_lines(data.splitlines(), path))
    return ParseResult(
        tuple(i for i in items if isinstance(i, Entry)),
        tuple(i for i in items if isinstance(i, Problem)),
    )
