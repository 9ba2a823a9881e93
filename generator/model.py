"""The records the pipeline passes along: listing entries, problems, papers, tags, the archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Entry:
    """One paper as one listing shows it, before merging."""

    title: str
    abstract: str
    listed_on: dt.date
    listing: str  # a human name for the listing, e.g. "Hugging Face Daily Papers"
    source: SourceRef


@dataclass(frozen=True)
class ParseResult:
    """What a parser made of one file: the entries it could read and the problems it reports."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]


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

    @property
    def date(self) -> dt.date:
        """The paper's date in the archive: the first day a listing showed it."""
        return self.sightings[0].listed_on

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
    entries_per_file: dict[str, int] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)  # one line per merged entry, for `check`

    @property
    def entries_read(self) -> int:
        return sum(self.entries_per_file.values())

    def papers_with_tag(self, tag: Tag) -> list[Paper]:
        return [p for p in self.papers if tag in p.tags]
