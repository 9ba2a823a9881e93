"""Citations of papers: stable BibTeX keys, BibTeX entries and RIS records."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

from generator import maths
from generator.model import ET_AL, Paper

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"

# What BibTeX or LaTeX would read as markup in a field, written so that it prints as itself.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
SPECIAL = re.compile("[" + re.escape("".join(BIBTEX_SPECIAL)) + "]")
LIGATURE = re.compile(r"([-`'])(?=\1)")
AND = re.compile(r"\band\b", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Name suffixes BibTeX reads only in its "von Last, Jr, First" form.
SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|v)\.?$", re.IGNORECASE)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The entry types of BibTeX and biblatex, and the RIS reference type of each (RIS spec, TY).
RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CONF",
    "conference": "CONF",
    "proceedings": "CONF",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "book": "BOOK",
    "collection": "EDBOOK",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "manual": "BOOK",
    "booklet": "PAMP",
    "unpublished": "UNPB",
    "misc": "GEN",
    "online": "ELEC",
}
KNOWN_TYPES = frozenset(RIS_TYPES)
# Types whose venue is the volume they are in: `booktitle`, RIS `T2`.
IN_VOLUME = frozenset({"inproceedings", "conference", "incollection", "inbook"})
STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "is"})


def _one_line(value: str) -> str:
    return " ".join(CONTROL.sub(" ", value).split())


def _balanced(tex: str) -> bool:
    depth = 0
    for index, char in enumerate(tex):
        escaped = index > 0 and tex[index - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# Text that `bibtex_text` gives back as it is: ASCII words of letters, digits and punctuation
# that is no markup, one space apart, with no `--`, ``` `` ``` or `''` (TeX ligatures).
PLAIN_WORD = r"[A-Za-z0-9.,:;/?!()+=@*<>|\[\]\"'`-]+"
PLAIN = re.compile(f"{PLAIN_WORD}(?: {PLAIN_WORD})*")


def bibtex_text(value: str) -> str:
    """A field value that BibTeX reads back as the text; maths with balanced braces stays maths."""
    if PLAIN.fullmatch(value) and "--" not in value and "''" not in value and "``" not in value:
        return value  # most titles and every URL of the site: nothing to write differently
    parts = []
    for part in maths.segments(_one_line(value)):
        segment = part.text
        if part.is_maths and part.display and _balanced(part.source):
            parts.append(part.source)  # `$$…$$`, `\\[…\\]`, an environment: as written
        elif part.is_maths and _balanced(segment):
            parts.append(f"${segment}$")
        else:
            escaped = SPECIAL.sub(lambda m: BIBTEX_SPECIAL[m.group()], segment)
            # TeX ligatures: `--` would print a dash, ``` `` ``` and `''` curly quotes.
            parts.append(LIGATURE.sub(lambda m: m.group(1) + "{}", escaped))
    return "".join(parts)


def bibtex_name(name: str, corporate: bool = False) -> str:
    """An author as BibTeX's name grammar reads it back: an organisation's name, or one a comma
    or `and` would split, braced whole; a suffix as "Last, Jr, First"; ET_AL as `others`."""
    if name == ET_AL:
        return "others"
    if corporate or "," in name or AND.search(name):
        return "{" + bibtex_text(name) + "}"
    words = name.split()
    if len(words) >= 3 and SUFFIX.match(words[-1]):
        first, last, suffix = (bibtex_text(w) for w in (" ".join(words[:-2]), *words[-2:]))
        return f"{last}, {suffix}, {first}"
    return bibtex_text(name)


def corporate_authors(paper: Paper) -> frozenset[str]:
    """The paper's authors that its author list's source marks as organisations."""
    source = paper.sources.get("authors")
    return frozenset(
        name for e in paper.sightings if e.source == source for name in e.corporate_authors
    )


def base_key(paper: Paper) -> str:
    """`cui2025selfforcing`: first author's family name, year, first significant title word."""
    named = [a for a in paper.authors if a != ET_AL]
    words = [w for w in named[0].split() if not SUFFIX.match(w)] if named else []
    family = words[-1] if words else "anonymous"
    if named and named[0] in corporate_authors(paper):
        family = named[0]  # an organisation has no family name: all of it
    family = family[:40]
    words = [w for w in slugify(paper.title, separator=" ").split() if w not in STOP_WORDS]
    year = publication_date(paper)[0].year
    key = f"{_squashed(family)}{year}{words[0] if words else ''}"
    return key or f"paper{year}"


@lru_cache(maxsize=4096)  # family names repeat across papers
def _squashed(name: str) -> str:
    return slugify(name, separator="")


def keys(papers: Iterable[Paper]) -> dict[str, str]:
    """A unique BibTeX key per paper (by paper key), the same whatever the input order."""
    claims: dict[str, list[Paper]] = {}
    for paper in papers:
        claims.setdefault(base_key(paper), []).append(paper)
    result: dict[str, str] = {}
    for key, claimants in claims.items():
        # As with URLs: the paper seen first keeps the plain key, the others add a short hash.
        for number, paper in enumerate(sorted(claimants, key=lambda p: (p.date, p.key))):
            suffix = hashlib.sha256(paper.key.encode()).hexdigest()[:4] if number else ""
            result[paper.key] = key + suffix
    return result


def pdf_url(paper: Paper) -> str:
    if paper.pdf_url.startswith(("https://", "http://")):
        return paper.pdf_url
    return ARXIV_PDF + paper.arxiv_id if paper.arxiv_id else ""


def publication_date(paper: Paper) -> tuple[dt.date, str]:
    """The date a citation gives, with its precision: the publication date, else the paper's."""
    if paper.published:
        return paper.published, paper.published_precision
    return paper.date, paper.date_precision


def entry_type(paper: Paper) -> str:
    """The BibTeX entry type the paper's BibTeX source gives it ("inproceedings"), taken from
    the entry that gave the venue, else from the best BibTeX entry; "" if none says."""
    source = paper.sources.get("venue")
    typed = [e for e in paper.sightings if e.entry_type]
    for entry in typed:
        if entry.source == source:
            return entry.entry_type
    return "" if source is not None or not typed else typed[-1].entry_type


def _kind(paper: Paper) -> str:
    """The entry type written: the source's, else `@article` with a venue, else `@misc`
    (arXiv's own style for preprints)."""
    kind = entry_type(paper)
    if kind in KNOWN_TYPES:
        return kind
    return "article" if paper.venue else "misc"


def bibtex(paper: Paper, key: str, url: str) -> str:
    """One BibTeX entry of the source's type (`@inproceedings` with a `booktitle`), else
    `@article` with a venue, else `@misc`. `year`, `month` (a standard macro: `may`) when the
    month is known, and biblatex's `date` (ISO 8601) when the day is."""
    day, precision = publication_date(paper)
    kind = _kind(paper)
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_text(paper.title) + "}")]
    if paper.authors:
        corporate = corporate_authors(paper)
        names = (bibtex_name(a, a in corporate) for a in paper.authors)
        fields.append(("author", " and ".join(names)))
    if paper.venue:
        venue_field = "booktitle" if kind in IN_VOLUME else "journal"
        fields.append((venue_field, bibtex_text(paper.venue)))
    fields.append(("year", str(day.year)))
    if precision != "year":
        fields.append(("month", MONTHS[day.month - 1]))
    if precision == "day":
        fields.append(("date", f"{day:%Y-%m-%d}"))
    if paper.arxiv_id:
        fields += [
            ("eprint", paper.arxiv_id),
            ("archivePrefix", "arXiv"),
        ]
        if paper.categories:
            fields.append(("primaryClass", bibtex_text(paper.categories[0])))
    if paper.doi:
        fields.append(("doi", bibtex_text(paper.doi)))
    if url:
        fields.append(("url", bibtex_text(url)))
    # A month is BibTeX's macro, unbraced, so that styles print it in their own language.
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}\n"


def ris(paper: Paper, url: str, abstract: bool = True) -> str:
    """One RIS record, the format EndNote, Zotero and Mendeley all import; with the abstract
    (`AB`) unless `abstract` is false."""
    day, precision = publication_date(paper)
    kind = entry_type(paper)
    ris_type = RIS_TYPES.get(kind, "JOUR" if paper.venue else "UNPB")
    lines = [("TY", ris_type), ("TI", _one_line(paper.title))]
    lines += [("AU", _one_line(author)) for author in paper.authors if author != ET_AL]
    lines.append(("PY", str(day.year)))
    if precision != "year":  # RIS keeps the slashes of a part it does not know: 2019/05//
        lines.append(("DA", f"{day:%Y/%m/%d}" if precision == "day" else f"{day:%Y/%m}//"))
    if paper.venue:  # a journal's name, or the title of the volume a part is in
        lines.append(("T2" if kind in IN_VOLUME else "JO", _one_line(paper.venue)))
    if abstract and paper.abstract:
        lines.append(("AB", _one_line(paper.abstract)))
    if paper.doi:
        lines.append(("DO", paper.doi))
    if paper.arxiv_id:
        lines.append(("UR", ARXIV_ABS + paper.arxiv_id))
    if url:
        lines.append(("UR", url))
    pdf = pdf_url(paper)
    if pdf:
        lines.append(("L1", pdf))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def bibliography(
    papers: Iterable[Paper],
    cite_keys: dict[str, str],
    site_url: str,
    cache: dict[str, str] | None = None,
) -> str:
    """A `.bib` file of papers, in the order given; URLs only when the site's address is known.
    `cache` keeps each paper's entry for the next file it is in (a paper is in several)."""
    cache = {} if cache is None else cache
    out = []
    for p in papers:
        entry = cache.get(p.key)
        if entry is None:
            url = site_url + p.path.removesuffix(".md") + "/" if site_url else ""
            entry = cache[p.key] = bibtex(p, cite_keys[p.key], url)
        out.append(entry)
    return "\n".join(out)
