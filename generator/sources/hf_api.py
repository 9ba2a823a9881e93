"""Parsers for the Hugging Face API: `/api/daily_papers?date=…` lists and `/api/papers/{id}`."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from typing import Any

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, latex

DAILY = "Hugging Face Daily Papers API"
PAPER = "Hugging Face paper page"


# Python-repr entries: some tools save the day as a JSON list of `str(dict)`s. They are read
# with `ast.literal_eval` (literals only, never `eval`); one paper's repr is a few KB, so a
# string longer than this is refused unread rather than parsed.
MAX_REPR_CHARS = 200_000
# Wrappers some tools put around the day's list: {"status", "date", "count", "data": [...]}.
WRAPPER_KEYS = ("data", "papers", "daily_papers", "dailyPapers", "items", "results")

# The fields read from a paper object, with the JSON type each must have (or be null).
PAPER_FIELDS = {
    "id": common.STRING,
    "title": common.STRING,
    "summary": common.STRING,
    "authors": common.OBJECTS,
    "publishedAt": common.STRING,
    "upvotes": common.INTEGER,
    "githubStars": common.INTEGER,
    "githubRepo": common.STRING,
    "projectPage": common.STRING,
    "ai_summary": common.STRING,
    "ai_keywords": common.STRINGS,
}


def wrong_types(paper: dict[str, Any]) -> str:
    """What in a paper object has the wrong JSON type ("" if nothing): a list of names where
    the API has author objects, a number for an id, is refused, never read through `str()`."""
    wrong = common.wrong_types(paper, PAPER_FIELDS, "paper.")
    for number, author in enumerate(paper.get("authors") or []):
        name = author.get("name") if isinstance(author, dict) else None
        if name is not None and not isinstance(name, str):
            wrong += f"; paper.authors[{number}].name is {common.json_type(name)}"
    return wrong.removeprefix("; ")


def bad_id(paper: dict[str, Any]) -> str:
    """Why the paper's `id` is not exactly an arXiv id ("" if it is): a search inside it would
    publish `2501.0000` for `2501.0000\ud800`, and `hello world` would be filed by its title."""
    problem = common.arxiv_id_problem(_text(paper.get("id")))
    return f"paper.id {problem}" if problem else ""


def _object(pairs: list[tuple[str, Any]], twice: list[str]) -> dict[str, Any]:
    """A JSON object as `json` builds it (the last of a repeated key wins), noting each key
    given twice: RFC 8259 leaves such an object's meaning open, and a typo loses a value."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                twice.append(key[:40])
            seen.add(key)
    return found


def _text(value: Any) -> str:
    return common.unwrap(value) if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def entry_of(
    paper: dict[str, Any], listed_on: dt.date | None, listing: str, ref: SourceRef
) -> Entry:
    """One paper object of either endpoint, its types checked (`wrong_types`); every field
    but id, title and summary is optional (they came and went over the API's schema eras)."""
    authors = tuple(
        _text(a.get("name"))
        for a in paper.get("authors") or []
        if isinstance(a, dict) and _text(a.get("name")) and not a.get("hidden")
    )
    keywords = tuple(k for k in paper.get("ai_keywords") or [] if isinstance(k, str) and k)
    return Entry(
        # The API gives the authors' TeX as typed: accents decoded, the rest (`\\ourMethod`) kept.
        title=latex.clear_tex_to_text(_text(paper.get("title"))),
        abstract=latex.clear_tex_to_text(_text(paper.get("summary"))),
        listed_on=listed_on,
        listing=listing,
        source=ref,
        kind="hf-api",
        arxiv_id=common.arxiv_id(_text(paper.get("id"))),
        authors=authors,
        published=common.date(_text(paper.get("publishedAt"))),
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


def _literal(text: str) -> Any:
    """A Python literal (`{'paper': {…}, 'hidden': False}`), or raises ValueError."""
    if len(text) > MAX_REPR_CHARS:
        raise ValueError(f"{len(text)} characters, more than the {MAX_REPR_CHARS} a paper has")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, TypeError, ValueError, MemoryError, RecursionError) as error:
        # `malformed node or string on line 1: <ast.Call object at 0x7f…>`: the node's kind,
        # never its address (messages are output, and output is deterministic).
        message = AST_NODE.sub(_node_name, str(error).split("\n", 1)[0])
        raise ValueError(message) from None


AST_NODE = re.compile(r"<ast\.(\w+) object at 0x[0-9a-fA-F]+>")
NODE_NAMES = {"Call": "a call (not a literal)", "Name": "a name (not a literal)"}


def _node_name(match: re.Match[str]) -> str:
    return NODE_NAMES.get(match.group(1), f"a Python {match.group(1)} expression")


def _item_offsets(text: str) -> list[int]:
    """Where each item of a top-level JSON list starts (for line numbers); [] if the text is
    not one (the caller then finds items by their `"paper"` key)."""
    decoder = json.JSONDecoder()
    at = len(text) - len(text.lstrip())
    if not text.startswith("[", at):
        return []
    offsets: list[int] = []
    at += 1
    while True:
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        if at >= len(text) or text[at] == "]":
            return offsets
        offsets.append(at)
        try:
            at = decoder.raw_decode(text, at)[1]
        except json.JSONDecodeError:
            return []


def unwrap_day(value: Any) -> tuple[Any, str]:
    """The day's list inside a wrapper object (`{"status", "date", "count", "data": [...]}`)
    and the key it was under; the value itself and "" when it is not a wrapper."""
    if isinstance(value, dict):
        for key in WRAPPER_KEYS:
            if isinstance(value.get(key), list):
                return value[key], key
    return value, ""


def is_wrapped_day(value: Any) -> bool:
    """Whether a JSON object wraps a list of daily paper objects (or their Python reprs)."""
    items, key = unwrap_day(value)
    return (
        bool(key)
        and all(isinstance(i, dict | str) for i in items)
        and (not items or any(isinstance(i, str) or "paper" in i for i in items))
    )


def parse_daily(data: bytes, path: str) -> ParseResult:
    """A `/api/daily_papers?date=YYYY-MM-DD` response, saved as `YYYY-MM-DD.json` (or any name
    holding that day, `hf-2025-03-17.json`): the file's day is the listing's date. Also read:
    the list inside a wrapper object (its `date`, if any, must be the file's day), and lists of
    Python-repr strings of the same objects."""
    day = common.day_in_name(path)
    if day is None:
        return _problem(path, 1, "a daily papers file is named by its day, e.g. 2025-03-17.json")
    try:
        text = data.decode("utf-8-sig")
        twice: list[str] = []
        value = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, twice))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _problem(path, getattr(error, "lineno", 1), f"not valid JSON: {error}")
    items, wrapper = unwrap_day(value)
    notes = []
    if twice:
        keys = ", ".join(repr(k) for k in sorted(set(twice))[:10])
        notes.append(
            Problem(
                SourceRef(path, 1),
                f"{len(twice)} key(s) given twice in one object ({keys}): the last one is read",
            )
        )
    if wrapper:
        said = value.get("date")
        if isinstance(said, str) and common.date(said) not in (None, day):
            return _problem(
                path, 1, f"the wrapper's date {said!r} is not the file's day {day.isoformat()}"
            )
        notes.append(Problem(SourceRef(path, 1), f"read the day's list from its {wrapper!r} key"))
    if (
        not isinstance(items, list)
        or not all(isinstance(i, dict | str) for i in items)
        or (items and not any(isinstance(i, str) or "paper" in i for i in items))
    ):
        keys = ", ".join(sorted(map(str, items))[:8]) if isinstance(items, dict) else ""
        first = items[0] if isinstance(items, list) and items else None
        if isinstance(first, dict):
            found = "objects without a 'paper' (keys " + ", ".join(sorted(first)[:8]) + ")"
        elif isinstance(items, list):
            found = common.json_type(items)
        else:
            found = f"an object with keys {keys}" if keys else common.json_type(items)
        return _problem(
            path,
            1,
            "expected the Hugging Face daily papers API's list of objects with a 'paper' "
            f"(or a wrapper object with it under one of {', '.join(WRAPPER_KEYS)}), found {found}",
        )
    entries, problems = [], []
    lines = common.Lines(text)
    starts = [] if wrapper else _item_offsets(text)
    recovered = 0
    for number, item in enumerate(items):
        line = lines.at(starts[number]) if number < len(starts) else lines.line
        if isinstance(item, dict) and "paper" in item:
            line = lines.of_next('"paper"')  # the line of its "paper", as in every era's files
        elif number >= len(starts):
            line = lines.of_next("'paper'" if isinstance(item, str) else "{")
        if isinstance(item, str):
            try:
                item = _literal(item)
            except ValueError as error:
                problems.append(
                    Problem(SourceRef(path, line), f"item {number}: not a Python literal: {error}")
                )
                continue
            if not isinstance(item, dict):
                problems.append(
                    Problem(SourceRef(path, line), f"item {number}: not a daily paper object")
                )
                continue
        ref = SourceRef(path, line)
        paper = item.get("paper")
        wrong = wrong_types(paper) if isinstance(paper, dict) else ""
        if wrong:
            problems.append(Problem(ref, f"item {number}: {wrong}"))
            continue
        if not isinstance(paper, dict) or _missing(paper):
            missing = _missing(paper) if isinstance(paper, dict) else "paper"
            problems.append(Problem(ref, f"item {number}: no {missing}"))
            continue
        if bad_id(paper):
            problems.append(Problem(ref, f"item {number}: {bad_id(paper)}"))
            continue
        entries.append(entry_of(paper, day, DAILY, ref))
        recovered += isinstance(items[number], str)  # counted only once it is a paper
    if recovered:
        notes.append(
            Problem(
                SourceRef(path, 1),
                f"read {recovered} of {len(items)} papers from Python-repr entries "
                "(a JSON list of Python dict strings, not of JSON objects)",
            )
        )
    return ParseResult(tuple(entries), tuple(problems), tuple(notes))


def parse_paper(data: bytes, path: str) -> ParseResult:
    """A `/api/papers/{arxiv_id}` response: one flat paper object."""
    try:
        paper = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _problem(path, getattr(error, "lineno", 1), f"not valid JSON: {error}")
    wrong = wrong_types(paper) if isinstance(paper, dict) else ""
    if wrong:
        return _problem(path, 1, f"not a Hugging Face paper object: {wrong}")
    if not isinstance(paper, dict) or _missing(paper):
        missing = _missing(paper) if isinstance(paper, dict) else "a paper object"
        return _problem(path, 1, f"expected a Hugging Face paper object, missing {missing}")
    if bad_id(paper):
        return _problem(path, 1, bad_id(paper))
    return ParseResult((entry_of(paper, None, PAPER, SourceRef(path, 1)),), ())
