"""Reader for BibTeX and biblatex files: bibtexparser 2 splits the file, this module reads values.

bibtexparser 2 (https://bibtexparser.readthedocs.io) splits a file into blocks with their lines
and reports the blocks it cannot read; its BibTeX name grammar splits author lists ("von Last,
Jr, First"). This module evaluates each value as BibTeX does (braces, quotes, numbers, `@string`
macros and the month macros, joined by `#`), within stated bounds, decodes the text through
`latex` (maths kept as written), and reads dates (`year`/`month`/`day` or biblatex's `date`),
DOIs and arXiv ids. `@comment`, `@preamble` and `@string` are syntax.
`@proceedings` describes a volume, not a paper; so does a `@book` or `@collection` that
other entries `crossref` (otherwise a book is a publication, and a paper of the archive). A
volume gives its date and title to the entries that `crossref` it and name none of their
own, and a file of one `@proceedings` (PMLR's, say) to its `@inproceedings` entries; each
volume is a note, never dropped without a word.

Bounds: a value, macros expanded, is at most MAX_VALUE characters, and all the values of a file
together at most EXPANSION_FACTOR times the file's size (or MIN_BUDGET characters if more);
a value past either is refused with its file and line, so nested `@string` concatenations
cannot make a file of a few hundred bytes into megabytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from bibtexparser import model as bib
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.splitter import Splitter

from generator.model import ET_AL, Entry, ParseResult, Problem, SourceRef
from generator.sources import common, latex

LISTING = "BibTeX"
# Always a volume, never a paper.
PROCEEDINGS = {"proceedings", "mvproceedings"}
# A volume when other entries `crossref` it, else a publication of its own.
VOLUMES = {"book", "collection", "mvbook", "mvcollection", *PROCEEDINGS}
# The entry types that are parts of a volume.
IN_VOLUME = {"inproceedings", "incollection", "inbook", "conference"}
MONTH_NAMES = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]
# BibTeX's predefined month macros: `month = may` is "May".
MACROS = {name[:3].lower(): name for name in MONTH_NAMES}


def _abbreviations(name: str) -> str:
    """`sep(?:t(?:e(?:m…)?)?)?`: the name or any abbreviation of three letters or more."""
    pattern = ""
    for letter in reversed(name[3:]):
        pattern = f"(?:{letter}{pattern})?"
    return name[:3] + pattern


MONTH = re.compile(r"\b(" + "|".join(map(_abbreviations, MONTH_NAMES)) + r")\b", re.IGNORECASE)
ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T/ ])")
WORD = re.compile(r"[^\s#{}\"]+")
MAX_VALUE = 100_000
EXPANSION_FACTOR = 16
MIN_BUDGET = 1_000_000
# A DOI field escaped for TeX: `10.1000/a\_b`, `10.1000/a{\_}b`.
TEX_ESCAPE = re.compile(r"\\([_%#&$~])")
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
ARXIV_NOTE = re.compile(
    r"\barxiv\s*[:/]?\s*((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))", re.I
)

# bibtexparser logs each block it cannot read; this module reports them as problems instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


class BibError(ValueError):
    """A value that cannot be read, with the line it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class OverBudget(BibError):
    """The file's allowance of expanded text is spent, or a @string macro is longer than a
    value may be: nothing after this point is read."""


class Budget:
    """What is left of a file's allowance of expanded text."""

    def __init__(self, size: int) -> None:
        self.left = max(MIN_BUDGET, EXPANSION_FACTOR * size)

    def spend(self, line: int, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise OverBudget(
                line,
                f"@string macros expand the file past {EXPANSION_FACTOR} times its size",
            )


def _delimited(raw: str, i: int, line: int) -> tuple[str, int]:
    """The text of `{…}` or `"…"` starting at raw[i], and the index after it (BibTeX's rules:
    braces nest, a quote inside braces is text)."""
    closer = "}" if raw[i] == "{" else '"'
    depth = 1 if closer == "}" else 0
    j = i + 1
    while j < len(raw):
        char = raw[j]
        if char == "\\":
            j += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and closer == "}":
                return raw[i + 1 : j], j + 1
            if depth < 0:
                break
        elif char == '"' and closer == '"' and depth == 0:
            return raw[i + 1 : j], j + 1
        j += 1
    raise BibError(line, f"unbalanced {'braces' if closer == '}' else 'quotes'} in a value")


def evaluate(raw: str, macros: dict[str, str], line: int, budget: Budget) -> str:
    """A field's value as BibTeX reads it: parts in braces or quotes, numbers and macro names,
    joined by `#`. Raises BibError for a value past MAX_VALUE, the file past its budget, or an
    undefined macro."""
    parts: list[str] = []
    size = 0
    i = 0
    while True:
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            raise BibError(line, "a value is missing")
        if raw[i] in '{"':
            part, i = _delimited(raw, i, line)
        else:
            match = WORD.match(raw, i)
            if not match:
                raise BibError(line, f"unexpected {raw[i]!r} in a value")
            word, i = match.group(), match.end()
            if word.isdigit():
                part = word
            elif word.lower() in macros:
                part = macros[word.lower()]
            elif word.lower() in MACROS:
                part = MACROS[word.lower()]
            else:
                raise BibError(line, f"undefined @string macro {shown(word)!r}")
        size += len(part)
        if size > MAX_VALUE:
            raise BibError(line, f"a value longer than {MAX_VALUE:,} characters")
        budget.spend(line, len(part))
        parts.append(part)
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            return "".join(parts)
        if raw[i] != "#":
            raise BibError(line, f"expected `#` or the end of the value, found {raw[i]!r}")
        i += 1


def _name(name: str, line: int) -> tuple[str, bool]:
    """One person as the pages show them ("First von Last Jr"), and whether the name is an
    organisation's (braced whole: `{Open Science Collaboration}`)."""
    try:
        parts = parse_single_name_into_parts(name)
    except InvalidNameError as error:
        raise BibError(line, f"author {name!r}: {error}") from error
    corporate = not parts.first and not parts.von and not parts.jr and len(parts.last) == 1
    corporate = corporate and parts.last[0].startswith("{") and parts.last[0].endswith("}")
    words = [*parts.first, *parts.von, *parts.last, *parts.jr]
    return latex.to_text(" ".join(words)), corporate


def authors(value: str, line: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The people of an `author` field, `and others` as ET_AL; and the organisations among them."""
    names: list[str] = []
    corporate: list[str] = []
    for raw in split_multiple_persons_names(common.unwrap(value)):
        if not raw.strip():
            raise BibError(line, "an empty name in the author list")
        if raw.strip().lower() == "others":
            names.append(ET_AL)
            continue
        text, is_corporate = _name(raw.strip(), line)
        names.append(text)
        if is_corporate:
            corporate.append(text)
    return tuple(names), tuple(corporate)


def _iso(value: str, line: int) -> tuple[dt.date, str] | None:
    match = ISO.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        found = dt.date(year or 1, month or 1, day or 1)
    except ValueError as error:
        raise BibError(line, f"date {value.strip()!r}: {error}") from error
    return found, "day" if day else "month" if month else "year"


def _month(value: str) -> int | None:
    """The month of a `month` value: `May`, `may`, `{January}`, `23--27 May`, `9 December`, `5`."""
    match = MONTH.search(value)
    if match:
        return [m[:3].lower() for m in MONTH_NAMES].index(match.group(1)[:3].lower()) + 1
    number = value.strip().strip(".")
    return int(number) if number.isdigit() and 1 <= int(number) <= 12 else None


def date(fields: dict[str, str], line: int) -> tuple[dt.date | None, str]:
    """When an entry was published and how much of it is known ("year", "month" or "day"):
    biblatex's `date` (ISO 8601, a range's start) or BibTeX's `year`, `month` and `day`."""
    if fields.get("date", "").strip():
        found = _iso(fields["date"], line)
        if found is None:
            expected = "YYYY, YYYY-MM or YYYY-MM-DD"
            raise BibError(line, f"date {fields['date'].strip()!r} is not {expected}")
        return found
    year = fields.get("year", "").replace("{", "").replace("}", "").strip()
    if year and not re.fullmatch(r"\d{4}", year):
        # Said as it is (`99999`, `in press`), not as "has no date" later on.
        raise BibError(line, f"year {year[:20]!r} is not a year (four digits)")
    if year == "0000":
        raise BibError(line, "year '0000' is no year of the calendar (0001 to 9999)")
    if not year:
        return None, "day"
    month = _month(latex.to_text(fields.get("month", "")))
    if month is None:
        return dt.date(int(year), 1, 1), "year"
    day = fields.get("day", "").strip()
    if day.isdigit():
        try:
            return dt.date(int(year), month, int(day)), "day"
        except ValueError as error:
            raise BibError(line, f"day {day!r}: {error}") from error
    return dt.date(int(year), month, 1), "month"


def dois(value: str) -> list[str]:
    """The DOIs of a `doi` field, TeX escapes undone (`\\_`, `{\\_}`)."""
    return common.dois(TEX_ESCAPE.sub(r"\1", value).replace("{", "").replace("}", ""))


def arxiv_id(fields: dict[str, str], found_dois: list[str]) -> str:
    """An arXiv id from `eprint` with `archiveprefix`/`eprinttype` arXiv, an arXiv DOI
    (10.48550/arXiv.…), DBLP's CoRR volume (`abs/…`), an arXiv URL, or `arXiv:…` in the
    journal, note or howpublished."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if prefix == "arxiv" and fields.get("eprint", "").strip():
        return common.arxiv_id(fields["eprint"])
    for doi in found_dois:
        match = ARXIV_DOI.match(doi)
        if match:
            return common.arxiv_id(match.group(1))
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    if journal.strip().lower() == "corr" and fields.get("volume", "").startswith("abs/"):
        return common.arxiv_id(fields["volume"])
    for name in ("url", "ee", "eprint"):
        if "arxiv.org" in fields.get(name, ""):
            return common.arxiv_id(fields[name])
    for name in ("journal", "journaltitle", "note", "howpublished", "eprint"):
        match = ARXIV_NOTE.search(fields.get(name, ""))
        if match:
            return common.arxiv_id(match.group(1))
    return ""


def _venue(fields: dict[str, str]) -> str:
    """Where it appeared; arXiv (and DBLP's CoRR) is an identifier, not a venue."""
    raw = fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle") or ""
    venue = latex.to_text(raw)
    return "" if "arxiv" in venue.lower() or venue.lower() == "corr" else venue


def _dropped(fields: dict[str, str], ref: SourceRef, notes: list[Problem]) -> None:
    """A note for each value the entry is read without: never dropped without a word."""
    where = SourceRef(ref.path, ref.line)
    raw_doi = fields.get("doi", "").strip()
    if raw_doi and not dois(raw_doi):
        notes.append(Problem(where, f"doi {raw_doi!r} is not a DOI (10.prefix/suffix): not kept"))
    raw_month = fields.get("month", "").strip()
    if (
        raw_month
        and not fields.get("date", "").strip()
        and _month(latex.to_text(raw_month)) is None
    ):
        notes.append(
            Problem(where, f"month {raw_month!r} is not a month: the date is only the year")
        )


def _entry(
    kind: str, fields: dict[str, str], ref: SourceRef, notes: list[Problem] | None = None
) -> Entry:
    title = latex.to_text(fields.get("title", ""))
    if not title:
        raise BibError(ref.line, "has no title")
    published, precision = date(fields, ref.line)
    if notes is not None:
        _dropped(fields, ref, notes)
    found = dois(fields.get("doi", ""))
    arxiv = arxiv_id(fields, found)
    found = [d for d in found if not ARXIV_DOI.match(d)]  # arXiv's DOI is its id, said once
    names, corporate = authors(fields.get("author", ""), ref.line)
    return Entry(
        title=title,
        abstract=latex.to_text(fields.get("abstract", "")),
        listed_on=None,
        listing=LISTING,
        source=ref,
        kind="bibtex",
        arxiv_id=arxiv,
        doi=found[0] if found else "",
        other_dois=tuple(found[1:]),
        authors=names,
        corporate_authors=corporate,
        published=published,
        published_precision=precision,
        pdf_url=fields.get("pdf", "").strip(),
        venue=_venue(fields),
        entry_type=kind,
    )


def shown(word: str, limit: int = 60) -> str:
    """A word of the input as a message shows it: at most `limit` characters, so that messages
    stay short whatever the file holds (an entry type 5,000 digits long)."""
    return word if len(word) <= limit else word[:limit] + "…"


def _failed(block: bib.ParsingFailedBlock, text: str) -> Problem:
    """A block bibtexparser could not read: where it starts, where reading stopped, and why."""
    raw = block.raw or ""
    kind = re.match(r"@\s*(\w*)", raw)
    name = f"@{shown(kind.group(1).lower())}" if kind else "a block"
    name += " entry" if name not in ("@comment", "@preamble", "@string") else ""
    start = (block.start_line or 0) + 1
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error)
    end = getattr(error, "end_index", None)
    where = ""
    if reason.strip() == "Unexpectedly reached end of file.":
        reason = "not closed before the end of the file"
    elif reason.startswith("Expected comma after entry key, but found "):
        found = reason.removeprefix("Expected comma after entry key, but found ").strip()
        reason = f"entry key not followed by a comma (found `{shown(found)}`): no field is read"
    if isinstance(end, int):
        # The splitter's text starts with an added newline; a final newline ends no line.
        stop = text.count("\n", 0, min(max(end - 1, 0), len(text.rstrip()))) + 1
        where = f" (reading stopped at line {stop})" if stop != start else ""
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        reason = f"field {', '.join(sorted(block.duplicate_keys))} given twice"
    return Problem(SourceRef("", start), f"{name}: {reason.strip()}{where}")


def parse(data: bytes, path: str) -> ParseResult:
    """Every paper entry of a BibTeX or biblatex file; each block that cannot be read, or whose
    value is out of bounds, is a problem with its line, and the blocks after it are still read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ParseResult((), (Problem(SourceRef(path, line), "not UTF-8 text"),))
    try:
        library = Splitter(text).split()
    except Exception as error:  # bibtexparser's own state errors: report, never a traceback
        return ParseResult((), (Problem(SourceRef(path, 1), f"BibTeX not read: {error}"),))
    problems: list[Problem] = []
    notes: list[Problem] = []
    macros: dict[str, str] = {}
    read: list[tuple[str, str, dict[str, str], SourceRef]] = []  # type, key, fields, where
    budget = Budget(len(text))
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        ref = SourceRef(path, line)
        if isinstance(block, bib.DuplicateBlockKeyBlock) and block.ignore_error_block:
            block = block.ignore_error_block  # a repeated key is still a paper
        if isinstance(block, bib.ParsingFailedBlock):
            failed = _failed(block, text)
            problems.append(Problem(ref, failed.reason))
            continue
        try:
            if isinstance(block, bib.String):
                macros[block.key.strip().lower()] = evaluate(block.value, macros, line, budget)
            elif isinstance(block, bib.Entry):
                fields = {
                    f.key.strip().lower(): evaluate(
                        str(f.value), macros, (f.start_line or 0) + 1, budget
                    )
                    for f in block.fields
                }
                read.append((block.entry_type.lower(), block.key.strip(), fields, ref))
        except (BibError, latex.LatexError) as error:
            kind = shown(block.entry_type.lower()) if isinstance(block, bib.Entry) else "string"
            at = getattr(error, "line", line)
            where = f" (line {at})" if at != line else ""
            problems.append(Problem(ref, f"@{kind} entry: {error}{where}"))
            if isinstance(error, OverBudget) or (
                isinstance(block, bib.String) and str(error).startswith("a value longer")
            ):
                problems[-1] = Problem(
                    ref, f"{problems[-1].reason}; the rest of the file is not read"
                )
                break
    entries: list[Entry] = []
    for kind, fields, ref, volume in _volumes(read, notes):
        try:
            if volume is not None:
                fields = _in_volume(fields, volume)
            entries.append(_entry(kind, fields, ref, notes))
        except (BibError, latex.LatexError) as error:
            at = getattr(error, "line", ref.line)
            where = f" (line {at})" if at != ref.line else ""
            problems.append(Problem(ref, f"@{shown(kind)} entry: {error}{where}"))
    return ParseResult(tuple(entries), tuple(problems), tuple(notes))


def _volumes(
    read: list[tuple[str, str, dict[str, str], SourceRef]], notes: list[Problem]
) -> list[tuple[str, dict[str, str], SourceRef, dict[str, str] | None]]:
    """The papers of a file, each with the volume it is part of (or None). A volume is a
    `@proceedings`, or a `@book`/`@collection` that an entry `crossref`s; an entry is part of
    the volume it `crossref`s, or, in a file of one `@proceedings` (PMLR's), a `@inproceedings`
    that names no volume of its own. Every volume is a note."""
    by_key = {key.lower(): (kind, fields) for kind, key, fields, _ in read}
    cited = {f.get("crossref", "").strip().lower() for _, _, f, _ in read} - {""}
    volume_keys = {
        key.lower()
        for kind, key, _, _ in read
        if kind in PROCEEDINGS or (kind in VOLUMES and key.lower() in cited)
    }
    proceedings = [f for kind, _, f, _ in read if kind in PROCEEDINGS]
    only = proceedings[0] if len(proceedings) == 1 else None
    papers: list[tuple[str, dict[str, str], SourceRef, dict[str, str] | None]] = []
    for kind, key, fields, ref in read:
        if key.lower() in volume_keys:
            notes.append(Problem(ref, f"@{kind} {key}: a volume, not a paper (no page)"))
            continue
        target = fields.get("crossref", "").strip().lower()
        if target in volume_keys:
            volume: dict[str, str] | None = by_key[target][1]
        elif not target and only is not None and kind in IN_VOLUME:
            volume = only
        else:
            volume = None
        papers.append((kind, fields, ref, volume))
    return papers


def _in_volume(fields: dict[str, str], volume: dict[str, str]) -> dict[str, str]:
    """A part's fields, with the volume's title and date where it names none of its own
    (BibTeX's `crossref` inheritance, for what the archive shows)."""
    fields = dict(fields)
    if not fields.get("booktitle"):
        fields["booktitle"] = volume.get("booktitle") or volume.get("title", "")
    if not any(fields.get(name, "").strip() for name in ("date", "year")):
        dated = {n: volume[n] for n in ("date", "year", "month", "day") if volume.get(n)}
        if common.date(volume.get("published", "")):
            dated = {"date": volume["published"].strip()}  # PMLR: the day the volume came out
        fields.update(dated)
    return fields
