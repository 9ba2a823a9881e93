"""The records the pipeline passes along: listing entries, problems, papers, tags, the archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator import precision


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where a piece of input came from: a file (relative to the content folder) and a line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """An input entry or file that could not be used, with where and why."""

    source: SourceRef
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# An author list that goes on ("and others" in BibTeX): the last item of `authors`, shown as is.
ET_AL = "et al."


@dataclass(frozen=True)
class Entry:
    """One paper as one source shows it, before merging. Only a title is always known."""

    title: str
    abstract: str
    listed_on: dt.date | None  # the day a listing showed it; None for catalogues (arXiv, BibTeX)
    listing: str  # a human name for the source, e.g. "Hugging Face Daily Papers"
    source: SourceRef
    kind: str = "hf-dump"  # which parser read it; identity.RANK orders the kinds
    arxiv_id: str = ""  # without version, e.g. "2502.12345" or "hep-th/9901001"
    doi: str = ""  # as given (compared in lower case), without "https://doi.org/"
    authors: tuple[str, ...] = ()
    published: dt.date | None = None  # the first day of the period `published_precision` names
    published_precision: str = "day"  # how much of `published` is known: "year", "month" or "day"
    updated: dt.date | None = None
    categories: tuple[str, ...] = ()  # arXiv categories, the primary one first
    pdf_url: str = ""
    code_url: str = ""
    project_url: str = ""
    upvotes: int | None = None
    github_stars: int | None = None
    keywords: tuple[str, ...] = ()
    venue: str = ""
    summary: str = ""  # an AI-written one-line summary, where a page shows one
    other_dois: tuple[str, ...] = ()  # more DOIs the source gives this paper (the first is `doi`)
    corporate_authors: tuple[str, ...] = ()  # authors that are organisations, not First Last
    entry_type: str = ""  # BibTeX's entry type, lower case ("inproceedings"); "" from others
    # Curator records only: the title they correct, and what they do to the paper.
    match_title: str = ""
    note: str = ""
    hidden: bool = False
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParseResult:
    """What a parser made of one file: the entries it could read and the problems it reports."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...] = ()  # read, but worth saying how (`check` prints them)


@dataclass(frozen=True)
class Link:
    """A link found in an abstract, with the kind of thing it points to."""

    kind: str  # one of links.KINDS
    url: str


@dataclass(frozen=True)
class Tag:
    """A tag of the taxonomy; `slug` names its page."""

    name: str
    slug: str
    description: str


@dataclass
class Paper:
    """One paper, merged from every entry that shows it."""

    key: str  # identity: what makes two entries the same paper
    title: str
    abstract: str
    sightings: tuple[Entry, ...]  # every entry merged into this paper, oldest first
    links: tuple[Link, ...] = ()
    tags: tuple[Tag, ...] = ()
    slug: str = ""
    authors: tuple[str, ...] = ()
    arxiv_id: str = ""
    doi: str = ""
    published: dt.date | None = None
    published_precision: str = "day"  # of `published`: "year", "month" or "day"
    categories: tuple[str, ...] = ()
    pdf_url: str = ""
    venue: str = ""
    upvotes: int | None = None
    github_stars: int | None = None
    keywords: tuple[str, ...] = ()
    note: str = ""
    hidden: bool = False
    summary: str = ""
    sources: dict[str, SourceRef] = field(default_factory=dict)  # field name: where it came from

    @property
    def date(self) -> dt.date:
        """The paper's date in the archive: the first day a listing showed it, or else the date
        it was published (the first day of its period: see `date_precision`). (The archive
        reports papers with neither, and makes no page for them.)"""
        return self._filed()[0]

    @property
    def date_precision(self) -> str:
        """How much of `date` is known: "day" for a listing day, else the precision of the
        publication date it is filed under ("year", "month" or "day")."""
        return self._filed()[1]

    def _filed(self) -> tuple[dt.date, str]:
        # Asked for again and again by the pages; remembered for as long as the sightings stay.
        known = self.__dict__.get("_date")
        if known is not None and known[0] is self.sightings:
            return known[1]  # type: ignore[no-any-return]
        value = self._first_date()
        self.__dict__["_date"] = (self.sightings, value)
        return value

    def _first_date(self) -> tuple[dt.date, str]:
        listed = [e.listed_on for e in self.sightings if e.listed_on]
        if listed:
            return min(listed), precision.DAY
        found = precision.best(
            [
                (precision.start(e.published, e.published_precision), e.published_precision)
                for e in self.sightings
                if e.published
            ]
        )
        if found is None:
            raise ValueError(f"{self.sightings[0].source}: paper {self.title!r} has no date")
        return found

    @property
    def dated(self) -> bool:
        return any(e.listed_on or e.published for e in self.sightings)

    @property
    def path(self) -> str:
        """The Markdown path of the paper's page, relative to the docs folder."""
        return f"papers/{self.slug}.md"


@dataclass
class Archive:
    """Everything the pages are made from: papers newest first, tags, and the accounting."""

    papers: list[Paper]
    tags: list[Tag]
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # inputs read in a way worth saying
    entries_per_file: dict[str, int] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)  # one line per merged entry, for `check`
    hidden: list[Paper] = field(default_factory=list)  # hidden by a curator record: no page
    redirects: dict[str, str] = field(default_factory=dict)  # old URL to new, site-relative
    skipped: list[Problem] = field(default_factory=list)  # files not read, and why (`check`)

    @property
    def entries_read(self) -> int:
        return sum(self.entries_per_file.values())
