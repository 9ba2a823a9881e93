"""Parser for daily arXiv digests in JSON lines: one paper a row, the day in the file's name.

The format of the popular daily-arXiv crawlers (e.g. github.com/dw-dengwei/daily-arXiv-ai-enhanced,
`data/2025-03-17.jsonl`): `id`, `title`, `authors` (a list of names), `categories` (a list,
the primary first), `summary` (the abstract, hard-wrapped), `abs`, `pdf`, `comment`, and in
the AI-enhanced files an `AI` object whose `tldr` is a one-line summary.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, latex

LISTING = "daily arXiv digest"
FIELDS = {
    "id": common.STRING,
    "title": common.STRING,
    "summary": common.STRING,
    "authors": common.STRINGS,
    "categories": common.STRINGS,
    "abs": common.STRING,
    "pdf": common.STRING,
    "comment": common.STRING,
    "AI": common.OBJECT,
}


def looks_like(record: Any) -> bool:
    """Whether a JSON object is a digest row rather than an arXiv snapshot record (`abstract`,
    authors as one string) or a Hugging Face paper (author objects)."""
    if not isinstance(record, dict) or "abstract" in record or "paper" in record:
        return False
    authors = record.get("authors")
    return (
        "abs" in record
        or "pdf" in record
        or isinstance(record.get("categories"), list)
        or (isinstance(authors, list) and all(isinstance(a, str) for a in authors))
    )


def _entry(record: dict[str, Any], ref: SourceRef, day: dt.date) -> Entry | Problem:
    given = record.get("id")
    identifier = common.arxiv_id(given) if isinstance(given, str) else ""
    if not identifier or not isinstance(record.get("title"), str) or not record["title"].strip():
        return Problem(ref, "expected a daily arXiv row with an arXiv id and a title")
    wrong = common.wrong_types(record, FIELDS)
    if wrong:
        return Problem(ref, f"not a daily arXiv row: {wrong}")
    ai = record.get("AI") or {}
    tldr = ai.get("tldr")
    pdf = record.get("pdf") or f"https://arxiv.org/pdf/{identifier}"
    try:  # arXiv's TeX-flavoured prose, decoded as the arXiv readers decode it
        title = latex.to_text(record["title"], prose=True)
        abstract = latex.to_text(record.get("summary") or "", prose=True)
        names = tuple(latex.to_text(a, prose=True) for a in record.get("authors") or [] if a)
    except latex.LatexError as error:
        return Problem(ref, f"title, abstract or authors: {error}")
    return Entry(
        title=title,
        abstract=abstract,
        listed_on=day,
        listing=LISTING,
        source=ref,
        kind="arxiv",  # arXiv's own listing data, as its API gives it
        arxiv_id=identifier,
        authors=names,
        categories=tuple(c for c in record.get("categories") or [] if c),
        pdf_url=pdf.replace("http://", "https://", 1),
        summary=common.unwrap(tldr) if isinstance(tldr, str) else "",
    )


def parse(data: bytes, path: str) -> ParseResult:
    """Every row of a digest file, dated by the day in its name (`2025-03-17.jsonl`)."""
    day = common.day_in_name(path)
    if day is None:
        return ParseResult(
            (),
            (
                Problem(
                    SourceRef(path, 1),
                    "a daily arXiv file is named by its day, e.g. 2025-03-17.jsonl",
                ),
            ),
        )
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        ref = SourceRef(path, number)
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            problems.append(Problem(ref, f"not a JSON object: {error}"))
            continue
        if not isinstance(record, dict):
            kind = common.json_type(record)
            problems.append(Problem(ref, f"expected a daily arXiv row (an object), found {kind}"))
            continue
        found = _entry(record, ref, day)
        if isinstance(found, Entry):
            entries.append(found)
        else:
            problems.append(found)
    return ParseResult(tuple(entries), tuple(problems))
