"""Parsers for the Hugging Face API: `/api/daily_papers?date=…` lists and `/api/papers/{id}`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePosixPath
from typing import Any

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common

DAILY = "Hugging Face Daily Papers API"
PAPER = "Hugging Face paper page"


def _text(value: Any) -> str:
    return common.unwrap(value) if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def entry_of(
    paper: dict[str, Any], listed_on: dt.date | None, listing: str, ref: SourceRef
) -> Entry:
    """One paper object of either endpoint; every field but id, title and summary is optional
    (they came and went over the API's schema eras)."""
    authors = tuple(
        _text(a.get("name"))
        for a in paper.get("authors") or []
        if isinstance(a, dict) and _text(a.get("name")) and not a.get("hidden")
    )
    keywords = tuple(k for k in paper.get("ai_keywords") or [] if isinstance(k, str) and k)
    return Entry(
        title=_text(paper.get("title")),
        abstract=_text(paper.get("summary")),
        listed_on=listed_on,
        listing=listing,
        source=ref,
        kind="hf-api",
        arxiv_id=common.arxiv_id(str(paper.get("id", ""))),
        authors=authors,
        published=common.date(str(paper.get("publishedAt") or "")),
        code_url=_text(paper.get("githubRepo")),
        project_url=_text(paper.get("projectPage")),
        upvotes=_int(paper.get("upvotes")),
        github_stars=_int(paper.get("githubStars")),
        keywords=keywords,
        summary=_text(paper.get("ai_summary")),
    )


def _problem(path: str, line: int, reason: str) -> ParseResult:
    return ParseResult((), (Problem(SourceRef(path, line), reason),))


def _missing(paper: dict[str, Any]) -> str:
    absent = [k for k in ("id", "title", "summary") if not _text(paper.get(k))]
    return ", ".join(f"paper.{k}" for k in absent)


def parse_daily(data: bytes, path: str) -> ParseResult:
    """A `/api/daily_papers?date=YYYY-MM-DD` response, saved as `YYYY-MM-DD.json`: the file's
    day is the listing's date."""
    day = common.date(PurePosixPath(path).stem)
    if day is None:
        return _problem(path, 1, "a daily papers file is named by its day, e.g. 2025-03-17.json")
    try:
        text = data.decode("utf-8-sig")
        items = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _problem(path, getattr(error, "lineno", 1), f"not valid JSON: {error}")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        kind = (
            type(items[0]).__name__ if isinstance(items, list) and items else type(items).__name__
        )
        return _problem(
            path,
            1,
            f"expected the Hugging Face daily papers API's list of objects with a 'paper', "
            f"found a list of {kind}"
            if isinstance(items, list)
            else f"expected a list of daily paper objects, found {kind}",
        )
    entries, problems = [], []
    lines = common.Lines(text)
    for number, item in enumerate(items):
        paper = item.get("paper")
        line = lines.of_next('"paper"')
        if not isinstance(paper, dict) or _missing(paper):
            missing = _missing(paper) if isinstance(paper, dict) else "paper"
            problems.append(Problem(SourceRef(path, line), f"item {number}: no {missing}"))
            continue
        entries.append(entry_of(paper, day, DAILY, SourceRef(path, line)))
    return ParseResult(tuple(entries), tuple(problems))


def parse_paper(data: bytes, path: str) -> ParseResult:
    """A `/api/papers/{arxiv_id}` response: one flat paper object."""
    try:
        paper = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _problem(path, getattr(error, "lineno", 1), f"not valid JSON: {error}")
    if not isinstance(paper, dict) or _missing(paper):
        missing = _missing(paper) if isinstance(paper, dict) else "a paper object"
        return _problem(path, 1, f"expected a Hugging Face paper object, missing {missing}")
    return ParseResult((entry_of(paper, None, PAPER, SourceRef(path, 1)),), ())
