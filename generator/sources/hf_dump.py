"""Parser for text dumps of the Hugging Face *Daily Papers* pages (title and abstract pairs)."""

from __future__ import annotations

import datetime as dt
import re

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, hf_cards

LISTING_NAME = "Hugging Face Daily Papers"

# The page chrome a copy of the page starts with; anything else before the date line is unknown.
HEADER_LINES = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "by AK and the research community",
    }
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

DATE_LINE = re.compile(r"^(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2})$")

# An abstract is prose: long, or several sentences. A title is a short single phrase. The two
# classes are far apart in real dumps (titles up to ~170 characters, abstracts from ~700), and a
# line that fits neither well is reported rather than paired on a guess.
ABSTRACT_MIN_CHARS = 300
NO_ABSTRACT = "title {title!r} has no abstract after it"
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z0-9]")


def looks_like_abstract(line: str) -> bool:
    """Tell an abstract line from a title line."""
    if len(line) >= ABSTRACT_MIN_CHARS:
        return True
    return len(line) >= 120 and line[-1] in ".!?" and SENTENCE_BREAK.search(line) is not None


def could_be_abstract(line: str) -> bool:
    """Whether a line in an abstract's place may be one: a sentence (ending in `.`, `!` or
    `?`), or as long as a short abstract (120 characters). A shorter line that is no sentence
    is a title: its paper's line before it had no abstract."""
    return line.endswith((".", "!", "?")) or len(line) >= 120 or looks_like_abstract(line)


def resolve_date_line(month: int, day: int, captured: dt.date) -> dt.date:
    """The date a `Mar 11` line means: the latest such day on or before the capture date."""
    for year in (captured.year, captured.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29 in a year without one
            continue
        if candidate <= captured:
            return candidate
    raise ValueError(f"no {month:02d}-{day:02d} on or before {captured.isoformat()}")


def decode(data: bytes, path: str) -> tuple[list[str], Problem | None]:
    """Decode a dump into lines, forgiving a BOM, CRLF or CR line ends and trailing spaces."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [], Problem(SourceRef(path, line), f"not UTF-8 text ({error.reason})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.split("\n")], None


def parse(data: bytes, path: str) -> ParseResult:
    """Parse one dump into entries, reporting every line it cannot pair with its file and line."""
    lines, problem = decode(data, path)
    if problem is not None:
        return ParseResult((), (problem,))
    numbered = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        return ParseResult((), (Problem(SourceRef(path, 1), "empty file: no listing in it"),))

    captured = common.day_in_name(path)
    problems: list[Problem] = []
    entries: list[Entry] = []
    listed_on: dt.date | None = None
    pending_title: tuple[int, str] | None = None

    def date_of(number: int, line: str) -> dt.date | None:
        match = DATE_LINE.match(line)
        if match is None or match["month"].lower() not in MONTHS:
            return None
        if captured is None:
            problems.append(
                Problem(
                    SourceRef(path, number),
                    f"date line {line!r} has no year, and the file name carries no capture date: "
                    "name the file with the day it was captured, e.g. "
                    "hf-daily-papers-alignment-2025-03-11.txt; nothing below it was read",
                )
            )
            return None
        try:
            return resolve_date_line(MONTHS[match["month"].lower()], int(match["day"]), captured)
        except ValueError:
            problems.append(Problem(SourceRef(path, number), f"{line!r} is not a calendar date"))
            return None

    def drop_pending(reason: str) -> None:
        nonlocal pending_title
        if pending_title is not None:
            number, title = pending_title
            problems.append(Problem(SourceRef(path, number), reason.format(title=title[:80])))
            pending_title = None

    def pair_pending(abstract: str, listed_on: dt.date) -> None:
        """The pending title and this abstract are one paper, dated by the page's date line."""
        nonlocal pending_title
        if pending_title is None:  # callers pair only a pending title
            return
        title_line, title = pending_title
        pending_title = None
        entries.append(
            Entry(
                title=title,
                abstract=abstract,
                listed_on=listed_on,
                listing=LISTING_NAME,
                source=SourceRef(path, title_line),
            )
        )

    for position, (number, line) in enumerate(numbered):
        if listed_on is None:
            if line in HEADER_LINES:
                continue
            if DATE_LINE.match(line):
                listed_on = date_of(number, line)
                if listed_on is None:
                    break  # without a date no entry of this file can be placed: reported above
                rest = numbered[position + 1 :]
                if hf_cards.is_card_page(rest):  # a copy with each paper's card
                    found, trouble = hf_cards.parse_cards(rest, listed_on, path)
                    return ParseResult(tuple(found), tuple(problems + trouble))
                continue
            problems.append(
                Problem(
                    SourceRef(path, number),
                    f"unknown header line {line[:80]!r}: expected the page header and a date "
                    "line such as 'Mar 11' before the first title; nothing below it was read",
                )
            )
            break
        if DATE_LINE.match(line) and not looks_like_abstract(line):
            # A second date section of the same page: entries below it belong to that day.
            drop_pending(NO_ABSTRACT)
            new_date = date_of(number, line)
            if new_date is None:
                break
            listed_on = new_date
            continue
        if pending_title is not None and not looks_like_abstract(line):
            # The page alternates title, abstract: this line is the pending title's abstract,
            # however short, unless its shape says the alternation broke here (the title
            # before it had no abstract): the next line is an abstract and this one its title,
            # or this one is no sentence at all and no longer than a title.
            after = numbered[position + 1][1] if position + 1 < len(numbered) else ""
            if (after and looks_like_abstract(after)) or not could_be_abstract(line):
                drop_pending(NO_ABSTRACT)
                pending_title = (number, line)
                continue
            pair_pending(line, listed_on)
            continue
        if looks_like_abstract(line):
            if pending_title is None:
                problems.append(
                    Problem(SourceRef(path, number), "abstract with no title line before it")
                )
                continue
            pair_pending(line, listed_on)
        else:
            drop_pending(NO_ABSTRACT)
            pending_title = (number, line)

    drop_pending(NO_ABSTRACT)
    if listed_on is None and not problems:
        problems.append(
            Problem(SourceRef(path, numbered[-1][0]), "no date line such as 'Mar 11' found")
        )
    if not entries and not problems:
        last_line = numbered[-1][0]
        problems.append(Problem(SourceRef(path, last_line), "no papers found after the header"))
    return ParseResult(tuple(entries), tuple(problems))
