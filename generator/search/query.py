"""The search query language, parsed and run in Python exactly as the browser's worker runs it.

`title:`, `abstract:`, `author:`, `tag:` and `year:` restrict a word to a field; `-word` excludes;
`year:2020..2024` (or the filter controls) keeps a range of years; `sort:date` sorts newest first.
Every other word must match (AND); the last word also matches as a prefix while it is typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lunr.index import Index
from lunr.query import Query, QueryPresence

from generator.search import analysis
from generator.search.index import FIELD_NAMES

FIELD_WORD = re.compile(r"^(?P<field>[a-z]+):(?P<value>.*)$")
YEAR_RANGE = re.compile(r"^(?P<start>\d{4})?\.\.(?P<end>\d{4})?$")
PREFIX_MIN = 3  # shorter prefixes would expand to a large part of the vocabulary


@dataclass(frozen=True)
class Clause:
    term: str
    fields: tuple[str, ...]
    required: bool  # false: prohibited
    prefix: bool = False


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"


def parse(text: str, typing: bool = True) -> ParsedQuery:
    """Parse a query; with `typing`, a last word not followed by a space matches as a prefix."""
    parsed = ParsedQuery()
    words = text.split()
    for position, word in enumerate(words):
        negate = word.startswith("-") and len(word) > 1
        word = word[1:] if negate else word
        fields: tuple[str, ...] = FIELD_NAMES
        match = FIELD_WORD.match(word)
        if match and match["field"] in (*FIELD_NAMES, "sort"):
            name, word = match["field"], match["value"]
            if name == "sort":
                parsed.sort = "date" if word == "date" else "relevance"
                continue
            if name == "year" and (span := YEAR_RANGE.match(word)):
                parsed.year_from = int(span["start"]) if span["start"] else None
                parsed.year_to = int(span["end"]) if span["end"] else None
                continue
            fields = (name,)
        if fields in (("tag",), ("year",)):
            values = [word.lower()]
        else:
            values = [analysis.trim(t) for t in analysis.tokens(word)]
        last_word = position == len(words) - 1 and typing and not text[-1:].isspace()
        for i, value in enumerate(values):
            if not value or value in analysis.STOP_WORDS:
                continue
            prefix = last_word and i == len(values) - 1 and not negate and len(value) >= PREFIX_MIN
            parsed.clauses.append(Clause(value, fields, not negate, prefix))
    return parsed


def build_query(index: Index, parsed: ParsedQuery) -> Query:
    query = index.create_query()
    for clause in parsed.clauses:
        fields = list(clause.fields)
        if clause.prefix:
            # The word being typed: as a prefix of indexed terms, and as a whole word stemmed
            # (`models` is indexed as `model`). Optional for lunr; `matches_prefix` then keeps
            # only results that matched one of the two, so the word is required all the same.
            query.term(
                clause.term, fields=fields, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False
            )
            query.term(analysis.stem(clause.term), fields=fields, use_pipeline=False)
        else:
            # Stemmed here, with lunr.js's stemmer, not by lunr.py's pipeline: see stemmer.py.
            presence = QueryPresence.REQUIRED if clause.required else QueryPresence.PROHIBITED
            query.term(
                analysis.stem(clause.term), fields=fields, presence=presence, use_pipeline=False
            )
    return query


def matches_prefix(clause: Clause, matched: dict[str, dict[str, Any]]) -> bool:
    """Whether a result matched the typed word `clause` (in one of its fields)."""
    stemmed = analysis.stem(clause.term)
    return any(
        (term.startswith(clause.term) or term == stemmed) and set(fields) & set(clause.fields)
        for term, fields in matched.items()
    )


def search(index: Index, parsed: ParsedQuery, years: dict[str, list[int]]) -> list[dict[str, Any]]:
    """Ranked results as the browser ranks them: `ref` and `score`, best first."""
    if not any(c.required for c in parsed.clauses):
        return []  # nothing to look for: an empty query, or only exclusions
    low, high = year_span(parsed, years)
    prefixes = [c for c in parsed.clauses if c.prefix]
    kept = [
        {"ref": int(r["ref"]), "score": round(r["score"], 6)}
        for r in index.query(build_query(index, parsed))
        if low <= int(r["ref"]) <= high
        and all(matches_prefix(c, r["match_data"].metadata) for c in prefixes)
    ]
    if parsed.sort == "date":
        kept.sort(key=lambda r: -r["ref"])
    else:
        kept.sort(key=lambda r: (-r["score"], -r["ref"]))
    return kept


def year_span(parsed: ParsedQuery, years: dict[str, list[int]]) -> tuple[int, int]:
    """The refs of the year range: refs run oldest first, so a range of years is a range of refs."""
    inside = [
        span
        for year, span in years.items()
        if (parsed.year_from is None or int(year) >= parsed.year_from)
        and (parsed.year_to is None or int(year) <= parsed.year_to)
    ]
    if not inside:
        return (1, 0)
    return (min(s[0] for s in inside), max(s[1] for s in inside))
