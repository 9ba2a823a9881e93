"""Parser for the curator's own YAML records: corrections and additions that beat every source.

A file holds one record or a list of them. A record names its paper by `arxiv`, `doi` or
`match` (the title as the sources spell it), and may set `title`, `abstract`, `authors`,
`date` (a day, `2021-02` or `2021` when only the month or year is known; a paper no
source has needs one), `note`, `hidden: true`, and `tags` (`+slug` adds a
tag, `-slug` removes one).
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from typing import Any

import yaml

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, safe_yaml

LISTING = "Curator"
SHOWN = reprlib.Repr()  # values in messages, shortened: a message never grows with the input
SHOWN.maxstring = SHOWN.maxother = 80
SHOWN.maxlevel = 2
FIELDS = {"arxiv", "doi", "match", "title", "abstract", "authors", "date", "note", "hidden", "tags"}


YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def _date(value: Any) -> tuple[dt.date | None, str]:
    """A curator's `date`: a day (`2025-03-11`), a month (`2025-03`) or a year (`2025`, which
    YAML reads as a number), with how much of it is known."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None, "day"
    found = YEAR_MONTH.match(str(value).strip())
    if found is None or not 1 <= int(found[1]) <= 9999:
        return None, "day"
    month = int(found[2] or 1)
    if not 1 <= month <= 12:
        return None, "day"
    return dt.date(int(found[1]), month, 1), "month" if found[2] else "year"


TEXT_FIELDS = ("arxiv", "doi", "match", "title", "abstract", "note")


def _as_written(node: yaml.Node | None) -> tuple[dict[str, str], str | None]:
    """A record's text fields as the curator wrote them, and the first key given twice. YAML
    1.1 types plain scalars: `2501.00010` is the float 2501.0001 (another paper's id), `yes`
    is True and `.inf` infinity; the text of the scalar node is what was meant."""
    written: dict[str, str] = {}
    seen: dict[str, int] = {}
    twice = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value in seen and twice is None:
                twice = (
                    f"{key.value}: given twice (lines {seen[key.value]} and "
                    f"{key.start_mark.line + 1}); only one can be kept: remove the other"
                )
            seen.setdefault(key.value, key.start_mark.line + 1)
            if key.value in TEXT_FIELDS and isinstance(value, yaml.ScalarNode):
                written[key.value] = value.value
    return written, twice


def _record(item: Any, ref: SourceRef, node: yaml.Node | None = None) -> Entry | Problem:
    if not isinstance(item, dict):
        return Problem(ref, "a curator record is a mapping, e.g. {arxiv: 2501.00001, note: …}")
    unknown = sorted({k if isinstance(k, str) else SHOWN.repr(k) for k in item} - FIELDS)
    if unknown:
        return Problem(
            ref, f"unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(FIELDS))})"
        )
    written, twice = _as_written(node)
    if twice:
        return Problem(ref, twice)
    strings = {k: item[k] for k in TEXT_FIELDS if k in item}
    for key, value in strings.items():
        if value is None or not isinstance(value, str | int | float):
            return Problem(ref, f"{key}: expected text, not {SHOWN.repr(value)}")
    # Text fields as written, never a number or boolean turned back into text.
    item = {**item, **{k: written[k] for k in strings if k in written}}
    arxiv = common.arxiv_id(str(item.get("arxiv", "")))
    if "arxiv" in item and not arxiv:
        return Problem(ref, f"arxiv: {SHOWN.repr(item['arxiv'])} is not an arXiv id")
    # Several DOIs in the field (space, comma or semicolon separated) are all the paper's.
    found = common.dois(str(item.get("doi", "")))
    doi = found[0] if found else ""
    if "doi" in item and not doi:
        return Problem(ref, f"doi: {SHOWN.repr(item['doi'])} is not a DOI (10.NNNN/…)")
    title = common.unwrap(str(item.get("title", "")))
    match = common.unwrap(str(item.get("match", "")))
    if not (arxiv or doi or match or title):
        return Problem(ref, "name the paper with arxiv, doi or match (its title in the sources)")
    authors = item.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        return Problem(ref, "authors: expected a list of names")
    if isinstance(item.get("date"), safe_yaml.Unreadable):
        return Problem(ref, f"date: {SHOWN.repr(str(item['date']))} is no day of the calendar")
    day, precision = _date(item.get("date"))
    if "date" in item and day is None:
        return Problem(
            ref,
            f"date: {SHOWN.repr(item['date'])} is not a date like 2025-03-11, 2025-03 or 2025",
        )
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t[:1] in "+-" for t in tags):
        return Problem(ref, "tags: expected a list like [+safety, -diffusion]")
    if not isinstance(item.get("hidden", False), bool):
        return Problem(ref, "hidden: expected true or false")
    return Entry(
        title=title or match,
        abstract=common.unwrap(str(item.get("abstract", ""))),
        listed_on=None,
        listing=LISTING,
        source=ref,
        kind="curator",
        arxiv_id=arxiv,
        doi=doi,
        other_dois=tuple(found[1:]),
        authors=tuple(common.unwrap(a) for a in authors),
        published=day,
        published_precision=precision,
        match_title=match,
        note=common.unwrap(str(item.get("note", ""))),
        hidden=bool(item.get("hidden", False)),
        add_tags=tuple(t[1:] for t in tags if t.startswith("+")),
        remove_tags=tuple(t[1:] for t in tags if t.startswith("-")),
    )


def parse(data: bytes, path: str) -> ParseResult:
    # One pass: the node tree (for line numbers), then the values built from it; libyaml's
    # loader where PyYAML has it (ten times faster), the pure-Python one otherwise.
    try:
        root, value = safe_yaml.load(data.decode("utf-8-sig"))
    except safe_yaml.AliasBomb as error:
        return ParseResult((), (Problem(SourceRef(path, error.line), f"{error}"),))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return ParseResult((), (Problem(SourceRef(path, line), f"not valid YAML: {error}"),))
    items = value if isinstance(value, list) else [value]
    nodes = root.value if isinstance(root, yaml.SequenceNode) else [root]
    entries: list[Entry] = []
    problems: list[Problem] = []
    for item, node in zip(items, nodes, strict=False):
        ref = SourceRef(path, node.start_mark.line + 1 if node is not None else 1)
        found = _record(item, ref, node)
        if isinstance(found, Entry):
            entries.append(found)
        else:
            problems.append(_at_field(found, node))
    return ParseResult(tuple(entries), tuple(problems))


def _at_field(problem: Problem, node: yaml.Node | None) -> Problem:
    """A problem with a field (`date: …`) at the line of that field, not of its record."""
    field = problem.reason.split(":", 1)[0]
    if isinstance(node, yaml.MappingNode) and field in FIELDS:
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == field:
                return Problem(
                    SourceRef(problem.source.path, key.start_mark.line + 1), problem.reason
                )
    return problem
